#!/usr/bin/python3
"""sklearn_kmeans.py: the scikit-learn side of the k-means benchmark, printing lines in the format
of `medclust-bench kmeans` so that tests/bench/compare_kmeans.sh can set them side by side.

Usage: /usr/bin/python3 sklearn_kmeans.py [--k K] [--sample F] [--seed S] [--repeat N] FILE...

FILE is an image (read with PIL: np.asarray(img, float) / 255) or a .f32 file written by
`medclust-bench kmeans --dump DIR` (raw float32 R'G'B' triples), so both sides can fit exactly
the same pixels. --sample 1 times KMeans(n_clusters=K, n_init=1, init="k-means++").fit on every
pixel; --sample F < 1 times the course's recipe: draw F of the pixels (sklearn.utils.shuffle),
fit on them, predict every pixel. ms covers that work, not the decoding. The inertia is always
over every pixel, in the units of the pixels ([0, 1] R'G'B').
"""
import argparse
import sys
import time

import numpy as np
from sklearn.cluster import KMeans
from sklearn.utils import shuffle


def load_pixels(path):
    if path.endswith(".f32"):
        return np.fromfile(path, dtype=np.float32).reshape(-1, 3).astype(np.float64)
    from PIL import Image

    with Image.open(path) as img:
        return np.asarray(img.convert("RGB"), float).reshape(-1, 3) / 255


def run_once(pixels, k, sample, seed):
    """Returns (ms, inertia over every pixel, iterations)."""
    t0 = time.perf_counter()
    if sample >= 1:
        km = KMeans(n_clusters=k, n_init=1, init="k-means++", random_state=seed).fit(pixels)
        labels = km.labels_
    else:
        m = max(k, int(round(sample * len(pixels))))
        subset = shuffle(pixels, random_state=seed, n_samples=m)
        km = KMeans(n_clusters=k, n_init=1, init="k-means++", random_state=seed).fit(subset)
        labels = km.predict(pixels)
    ms = (time.perf_counter() - t0) * 1e3
    diff = pixels - km.cluster_centers_[labels]
    return ms, float(np.einsum("ij,ij->", diff, diff)), int(km.n_iter_)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--sample", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    for path in a.files:
        pixels = load_pixels(path)
        runs = [run_once(pixels, a.k, a.sample, a.seed) for _ in range(a.repeat)]
        ms = sorted(r[0] for r in runs)
        print("%s k=%d sample=%g ms_median=%.3f ms_min=%.3f inertia=%.6f iterations=%d"
              % (path, a.k, a.sample, float(np.median(ms)), ms[0], runs[-1][1], runs[-1][2]),
              flush=True)


if __name__ == "__main__":
    sys.exit(main())
