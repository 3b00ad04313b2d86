#!/usr/bin/env python3
"""Reference scores for kwcluster's quality harness: scikit-learn TF-IDF + K-means.

For each labelled set (a CSV with header `text,label`), vectorise the texts with
TfidfVectorizer (defaults, then a unigram+bigram variant), run KMeans with
n_clusters = number of distinct labels, random_state=0, n_init=1 and n_init=3, and print
NMI, ARI and accuracy (best one-to-one matching of clusters to labels, Hungarian) in percent.

For comparison only: Python is never a dependency of the product.

Usage:
  python3 scripts/eval_baseline.py [--json] [CSV ...]
With no CSV, every ../shared/eval-data/*/text_label.csv next to the repository is used
(or $KWCLUSTER_EVAL_DATA/*/text_label.csv when set).
Needs: pip install scikit-learn
"""
import argparse
import csv
import glob
import json
import os
import sys
import time

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.metrics.cluster import contingency_matrix

VARIANTS = [
    ("tfidf-1gram", {}),
    ("tfidf-1+2gram", {"ngram_range": (1, 2)}),
]
N_INITS = [1, 3]


def default_paths():
    root = os.environ.get("KWCLUSTER_EVAL_DATA")
    if not root:
        here = os.path.dirname(os.path.abspath(__file__))
        root = os.path.join(here, "..", "..", "shared", "eval-data")
    return sorted(glob.glob(os.path.join(root, "*", "text_label.csv")))


def read_set(path):
    texts, labels = [], []
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            texts.append(row["text"])
            labels.append(row["label"])
    names = {name: index for index, name in enumerate(sorted(set(labels)))}
    return texts, np.array([names[label] for label in labels])


def accuracy(truth, predicted):
    """Share of items on the best one-to-one matching of clusters to labels."""
    table = contingency_matrix(truth, predicted)
    rows, columns = linear_sum_assignment(-table)
    return table[rows, columns].sum() / len(truth)


def evaluate(path):
    name = os.path.basename(os.path.dirname(path)) or path
    texts, truth = read_set(path)
    k = len(set(truth.tolist()))
    results = []
    for variant, options in VARIANTS:
        matrix = TfidfVectorizer(**options).fit_transform(texts)
        for n_init in N_INITS:
            start = time.perf_counter()
            predicted = KMeans(n_clusters=k, n_init=n_init, random_state=0).fit_predict(matrix)
            results.append({
                "set": name, "rows": len(texts), "k": k, "features": variant,
                "dimension": matrix.shape[1], "n_init": n_init,
                "nmi": 100 * normalized_mutual_info_score(truth, predicted),
                "ari": 100 * adjusted_rand_score(truth, predicted),
                "acc": 100 * accuracy(truth, predicted),
                "seconds": time.perf_counter() - start,
            })
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="text_label.csv files (default: all eval sets)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    arguments = parser.parse_args()
    paths = arguments.paths or default_paths()
    if not paths:
        sys.exit("no text_label.csv given or found")
    results = [result for path in paths for result in evaluate(path)]
    if arguments.json:
        json.dump(results, sys.stdout, indent=2)
        print()
        return
    print(f"{'set':<16}{'rows':>7}{'k':>5}  {'features':<14}{'n_init':>6}{'NMI':>7}{'ARI':>7}{'ACC':>7}{'sec':>7}")
    for r in results:
        print(f"{r['set']:<16}{r['rows']:>7}{r['k']:>5}  {r['features']:<14}{r['n_init']:>6}"
              f"{r['nmi']:>7.1f}{r['ari']:>7.1f}{r['acc']:>7.1f}{r['seconds']:>7.1f}")


if __name__ == "__main__":
    main()
