#!/usr/bin/env python3
"""scikit-learn baseline for `kwcluster bench --compare` (comparison only, never a product dependency).

Reads the benchmark's `text,label` file, clusters it with MiniBatchKMeans on sparse TF-IDF (and,
with --svd, on 128-d TruncatedSVD vectors), and prints wall time, NMI and the ratio to kwcluster's
figures passed on the command line.
"""
import argparse
import csv
import sys
import time

try:
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics import normalized_mutual_info_score
    from sklearn.preprocessing import normalize
except ImportError:
    print("bench_sklearn: scikit-learn is not installed (pip install scikit-learn); no comparison", file=sys.stderr)
    sys.exit(3)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--input", required=True)
    parser.add_argument("--k", type=int, required=True)
    parser.add_argument("--batch-size", type=int, default=1024)
    parser.add_argument("--svd", action="store_true")
    parser.add_argument("--kwcluster-seconds", type=float)
    parser.add_argument("--kwcluster-nmi", type=float)
    args = parser.parse_args()

    with open(args.input, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    texts = [r["text"] for r in rows]
    labels = [r["label"] for r in rows]

    variants = [("sparse TF-IDF", False)] + ([("128-d SVD", True)] if args.svd else [])
    for name, svd in variants:
        started = time.perf_counter()
        vectors = TfidfVectorizer().fit_transform(texts)
        if svd:
            vectors = normalize(TruncatedSVD(n_components=128, random_state=0).fit_transform(vectors))
        model = MiniBatchKMeans(n_clusters=args.k, batch_size=args.batch_size, n_init=1, random_state=0).fit(vectors)
        seconds = time.perf_counter() - started
        nmi = normalized_mutual_info_score(labels, model.labels_)
        line = f"scikit-learn MiniBatchKMeans on {name}: {seconds:.2f} s, NMI {nmi:.3f}"
        if args.kwcluster_seconds:
            line += f"; kwcluster (import + clustering + titles) {args.kwcluster_seconds:.2f} s, time ratio scikit-learn/kwcluster {seconds / args.kwcluster_seconds:.2f}"
        if args.kwcluster_nmi is not None:
            line += f", NMI {args.kwcluster_nmi:.3f} vs {nmi:.3f}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
