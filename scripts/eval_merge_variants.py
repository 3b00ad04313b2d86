#!/usr/bin/env python3
"""Which merge of fine clusters: scikit-learn KMeans to M x k fine clusters on kwcluster's own
vectors, then merged to k by Ward weighted by the fine clusters' sizes (what WardTree does), by
Ward weighted by their square roots, by unweighted Ward, and by average and complete cosine
linkage of the fine centres' directions; NMI of each against the labels, beside plain KMeans.
Comparison only (by hand), never a product dependency; the tables are in docs/topic-tree.md.

    python3 scripts/eval_merge_variants.py --kwcluster .build/release/kwcluster --fine-factor 5 \
        --cache /tmp/kwvec ../shared/eval-data/Tweet/text_label.csv ...

Texts are normalised and deduplicated as `kwcluster evaluate` does; each set is embedded once
with `kwcluster embed` and kept in --cache as NAME.npy. Needs `pip install scikit-learn scipy
sentence-transformers` (it reuses eval_semantic_baseline.py's functions, which imports them).
"""
import argparse
import json
import os
import subprocess
import sys

try:
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from sklearn.cluster import KMeans
    from sklearn.metrics import normalized_mutual_info_score as nmi
except ImportError as error:
    print(f"eval_merge_variants: {error}; pip install scikit-learn scipy sentence-transformers", file=sys.stderr)
    sys.exit(3)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from eval_semantic_baseline import read_set, weighted_ward  # noqa: E402


def load(path, kwcluster, model, cache):
    texts, labels = read_set(path)
    name = os.path.basename(os.path.dirname(path)) or path
    cached = os.path.join(cache, f"{name}.npy")
    if os.path.exists(cached):
        vectors = np.load(cached)
    else:
        done = subprocess.run([kwcluster, "embed", "--model", model], input="\n".join(texts) + "\n",
                              capture_output=True, text=True, check=True)
        vectors = np.array([json.loads(line) for line in done.stdout.splitlines()], dtype=np.float32)
        os.makedirs(cache, exist_ok=True)
        np.save(cached, vectors)
    assert len(vectors) == len(texts), f"{path}: {len(vectors)} vectors for {len(texts)} texts"
    return name, vectors, labels


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kwcluster", default=".build/release/kwcluster")
    parser.add_argument("--model", default="models/all-MiniLM-L6-v2")
    parser.add_argument("--cache", default="/tmp/kwcluster-vectors")
    parser.add_argument("--fine-factor", type=float, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    for path in args.files:
        name, vectors, labels = load(path, args.kwcluster, args.model, args.cache)
        k = len(set(labels))
        scores = {"kmeans": nmi(labels, KMeans(k, n_init=1, random_state=args.seed).fit_predict(vectors))}
        fine = KMeans(round(k * args.fine_factor), n_init=1, random_state=args.seed).fit(vectors)
        members, count = fine.labels_, fine.n_clusters
        sizes = np.bincount(members, minlength=count).astype(float)
        means = np.vstack([vectors[members == c].mean(axis=0) if sizes[c] else fine.cluster_centers_[c] for c in range(count)])
        for tag, weights in [("ward-w", sizes), ("ward-sqrt", np.sqrt(sizes)), ("ward-1", np.ones(count))]:
            scores[tag] = nmi(labels, weighted_ward(means, weights, k)[members])
        directions = means / np.linalg.norm(means, axis=1, keepdims=True)
        for method in ["average", "complete"]:
            topic = fcluster(linkage(directions, method=method, metric="cosine"), k, "maxclust")
            scores[method] = nmi(labels, topic[members])
        print(name, f"M={args.fine_factor:g}", " ".join(f"{tag}={100 * value:.1f}" for tag, value in scores.items()), flush=True)


if __name__ == "__main__":
    main()
