#!/usr/bin/python3
"""skimage_augment.py: the Python side of `medclust-bench augment`: times the course's four
augmentations (`rotate 90; flip h; flip v; blur 2`) with numpy and scikit-image on the same
machine, compute only, as a side-by-side reference for the core's figures.

Usage: /usr/bin/python3 tests/bench/skimage_augment.py [--repeats N] [--big] [IMAGE]
  IMAGE    an image file (e.g. ../shared/reference/augment/ISIC_0024311__input.png); without it a
           synthetic 600x450 RGB image drawn from a fixed seed
  --big    also time `blur 2` on a 6000x4000 (24 MP) float image (slow: about 10 s per repeat)

Run it with Debian's /usr/bin/python3 (numpy 1.24, scikit-image 0.19), not a pyenv python.
The input is the float image f = img / 255 that the course works on; every figure is the
median of N runs of one call. The flips and np.rot90 are views in numpy, so they are timed with
.copy() to produce an image, as the core does."""
import argparse
import statistics
import time

import numpy as np
from skimage import filters, transform


def median_ms(fn, repeats):
    fn()  # warm up: imports, caches, first-touch of memory
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times)


def synthetic(width, height, seed=1):
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width]
    base = np.stack([x / width, y / height, 0.5 + 0.0 * x], axis=-1)
    return np.clip(base + 0.1 * rng.standard_normal((height, width, 3)), 0, 1)


def load(path):
    from PIL import Image

    img = np.asarray(Image.open(path).convert("RGB"))
    return img / 255.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("image", nargs="?")
    ap.add_argument("--repeats", type=int, default=21)
    ap.add_argument("--big", action="store_true")
    args = ap.parse_args()

    f = load(args.image) if args.image else synthetic(600, 450)
    h, w = f.shape[:2]
    import skimage

    print(f"scikit-image {skimage.__version__}, numpy {np.__version__}; image {w}x{h}, "
          f"median of {args.repeats} runs (ms, compute only)")
    ops = [
        ("rotate 90 (transform.rotate, the course's call)", lambda: transform.rotate(f, 90)),
        ("flip h (f[:, ::-1].copy())", lambda: f[:, ::-1].copy()),
        ("flip v (f[::-1, :].copy())", lambda: f[::-1, :].copy()),
        ("blur 2 (filters.gaussian)",
         lambda: filters.gaussian(f, sigma=2, mode="nearest", truncate=4.0, channel_axis=-1)),
    ]
    total = 0.0
    for name, fn in ops:
        ms = median_ms(fn, args.repeats)
        total += ms
        print(f"  {name:50s} {ms:8.2f}")
    print(f"  {'total of the four':50s} {total:8.2f}")
    print(f"  {'(np.rot90(f).copy(), lossless, for comparison)':50s} "
          f"{median_ms(lambda: np.rot90(f).copy(), args.repeats):8.2f}")
    print(f"  {'(transform.rotate(f, 17.3, resize=True))':50s} "
          f"{median_ms(lambda: transform.rotate(f, 17.3, resize=True), args.repeats):8.2f}")

    if args.big:
        big = synthetic(6000, 4000)
        ms = median_ms(lambda: filters.gaussian(big, sigma=2, mode="nearest", truncate=4.0,
                                                channel_axis=-1), 3)
        print(f"  {'blur 2 on 6000x4000 (24 MP), median of 3':50s} {ms:8.1f}")


if __name__ == "__main__":
    main()
