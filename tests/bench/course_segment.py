#!/usr/bin/python3
"""course_segment.py: the course's mole / not-mole method (our method 0) over a list of files, in
one process, as the course's Python does it. It is the reference for the speed of
plug-in-medclust-measure-files: time the WHOLE process, imports included, e.g.

    time /usr/bin/python3 tests/bench/course_segment.py ../shared/data/dermoscopy/images/*.jpg

and compare with the same files through GIMP. Per file: a 5% sample of the pixels
(pandas .sample(frac=0.05, random_state=seed)), KMeans(n_clusters=2, n_init="auto",
random_state=seed) fitted on it, every pixel predicted, lesion = the cluster whose centre has the
lower mean of R, G and B (the recipe of ../shared/reference/README.md). --joint fits the two
centres once on the concatenated pixels of all the files, sampled the same way.

Prints a CSV (file, width, height, area_pixels, area_percent) on stdout or to --csv.
Use Debian's /usr/bin/python3 (numpy, pandas, scikit-learn, PIL)."""
import argparse
import csv
import os
import sys

import numpy as np
import pandas as pd
from PIL import Image
from sklearn.cluster import KMeans


def load(path):
    """R'G'B' in [0, 1] as the course reads it: np.array(img) / 255."""
    img = np.asarray(Image.open(path).convert("RGB"))
    return img / 255.0


def fit_two_means(pixels, seed):
    frame = pd.DataFrame(pixels, columns=["R", "G", "B"])
    sample = frame.sample(frac=0.05, random_state=seed)
    return KMeans(n_clusters=2, n_init="auto", random_state=seed).fit(sample)


def lesion_area(model, pixels):
    labels = model.predict(pd.DataFrame(pixels, columns=["R", "G", "B"]))
    lesion = int(np.argmin(model.cluster_centers_.mean(axis=1)))
    return int(np.count_nonzero(labels == lesion))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--joint", action="store_true",
                        help="fit once on all files' pixels (measure-files joint = 1)")
    parser.add_argument("--csv", help="write the CSV here instead of stdout")
    args = parser.parse_args()

    files = sorted(args.files, key=os.path.basename)
    images = {}
    if args.joint:
        images = {f: load(f) for f in files}
        pooled = np.concatenate([im.reshape(-1, 3) for im in images.values()])
        joint_model = fit_two_means(pooled, args.seed)

    out = open(args.csv, "w", newline="") if args.csv else sys.stdout
    writer = csv.writer(out)
    writer.writerow(["file", "width", "height", "area_pixels", "area_percent"])
    for f in files:
        img = images.pop(f) if args.joint else load(f)
        h, w, _ = img.shape
        pixels = img.reshape(-1, 3)
        model = joint_model if args.joint else fit_two_means(pixels, args.seed)
        area = lesion_area(model, pixels)
        writer.writerow([os.path.basename(f), w, h, area, f"{100.0 * area / (w * h):.4f}"])
    if args.csv:
        out.close()


if __name__ == "__main__":
    main()
