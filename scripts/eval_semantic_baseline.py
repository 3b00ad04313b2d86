#!/usr/bin/env python3
"""sentence-transformers + scikit-learn KMeans on labelled text sets: the baseline that
`kwcluster evaluate --vectors=semantic` is compared with (comparison only, never a product
dependency). Texts are normalised like kwcluster's keywords (lower-cased, whitespace collapsed,
duplicates dropped keeping the first label) so both cluster the same texts.

    python3 scripts/eval_semantic_baseline.py --model models/all-MiniLM-L6-v2 --seeds 5 FILE...

With --kwcluster BINARY the vectors come from `BINARY embed --precision=fp32` (the native
encoder's fp32 path, cosine >= 0.99999 to sentence-transformers on the reference texts, several
times cheaper than PyTorch on a loaded machine) instead of sentence-transformers: the same
K-means on practically the same vectors.

With --fine-factor M it also scores K-means to M x k clusters merged to k by Ward on their
centres weighted by their sizes (the method of `kwcluster evaluate --fine-factor`), and with
--ward full Ward (scikit-learn's AgglomerativeClustering) over every text: the ceiling.
"""
import argparse
import csv
import os
import sys
import unicodedata

os.environ.setdefault("HF_HUB_OFFLINE", "1")
try:
    import torch
    from sentence_transformers import SentenceTransformer
    import numpy as np
    from sklearn.cluster import AgglomerativeClustering, KMeans
    from sklearn.metrics import normalized_mutual_info_score
except ImportError as error:
    print(f"eval_semantic_baseline: {error}; pip install sentence-transformers scikit-learn", file=sys.stderr)
    sys.exit(3)


def normalise(text):
    text = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return text if text and len(text) <= 200 else None


def read_set(path):
    """The texts and labels of a text,label CSV, normalised, duplicates dropped keeping the first label."""
    texts, labels, seen = [], [], set()
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            text = normalise(row["text"])
            if text is None or text in seen:
                continue
            seen.add(text)
            texts.append(text)
            labels.append(row["label"])
    return texts, labels


def native_fp32_vectors(binary, model, texts):
    """The fp32 embeddings of `texts` by `binary embed` (one text per line in, one JSON array per line out)."""
    import json
    import subprocess
    assert all("\n" not in text and "\r" not in text for text in texts)
    done = subprocess.run([binary, "embed", f"--model={model}", "--precision=fp32"], input="\n".join(texts) + "\n",
                          capture_output=True, text=True, check=True)
    vectors = np.array([json.loads(line) for line in done.stdout.splitlines() if line], dtype=np.float32)
    assert vectors.shape[0] == len(texts), (vectors.shape, len(texts))
    return vectors


def weighted_ward(means, weights, groups):
    """Agglomerates weighted points by Ward's criterion until `groups` remain; returns each
    point's group. Merging a and b costs wa*wb/(wa+wb)*|ma-mb|^2."""
    means = means.astype(np.float64).copy()
    weights = weights.astype(np.float64).copy()
    n = len(weights)
    members = {i: [i] for i in range(n)}
    open_ = np.ones(n, dtype=bool)

    def costs_to(i):
        d = ((means - means[i]) ** 2).sum(axis=1)
        w = weights * weights[i] / np.maximum(weights + weights[i], 1e-300)
        c = w * d
        c[~open_] = np.inf
        c[i] = np.inf
        return c

    cost = np.vstack([costs_to(i) for i in range(n)])
    for _ in range(n - groups):
        flat = int(np.argmin(cost))
        a, b = divmod(flat, n)
        a, b = min(a, b), max(a, b)
        total = weights[a] + weights[b]
        means[a] = (weights[a] * means[a] + weights[b] * means[b]) / total if total > 0 else means[a]
        weights[a] = total
        members[a] += members.pop(b)
        open_[b] = False
        cost[b, :] = np.inf
        cost[:, b] = np.inf
        row = costs_to(a)
        cost[a, :] = row
        cost[:, a] = row
    labels = np.empty(n, dtype=int)
    for group, (_, leaves) in enumerate(sorted(members.items())):
        labels[leaves] = group
    return labels


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="models/all-MiniLM-L6-v2")
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--fine-factor", type=float, default=None)
    parser.add_argument("--ward", action="store_true")
    parser.add_argument("--kwcluster", default=None, help="a kwcluster binary: embed with its fp32 path instead of sentence-transformers")
    parser.add_argument("--cache", default=None, help="a folder to keep each set's vectors in (NAME.npy), to run again without embedding")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    model = None if args.kwcluster else SentenceTransformer(args.model, device="cpu")
    for path in args.files:
        texts, labels = read_set(path)
        k = len(set(labels))
        name = os.path.basename(os.path.dirname(path)) or path
        suffix = ".kwcluster-fp32.npy" if args.kwcluster else ".npy"  # the two sources' vectors are never mixed up
        cached = os.path.join(args.cache, name + suffix) if args.cache else None
        if cached and os.path.exists(cached):
            vectors = np.load(cached)
        else:
            if args.kwcluster:
                vectors = native_fp32_vectors(args.kwcluster, args.model, texts)
            else:
                vectors = model.encode(texts, batch_size=64, normalize_embeddings=True)
            if cached:
                os.makedirs(args.cache, exist_ok=True)
                np.save(cached, vectors)
        scores, trees = [], []
        for seed in range(1, args.seeds + 1):
            predicted = KMeans(n_clusters=k, n_init=1, random_state=seed).fit_predict(vectors)
            scores.append(normalized_mutual_info_score(labels, predicted))
            if args.fine_factor:
                fine = KMeans(n_clusters=round(k * args.fine_factor), n_init=1, random_state=seed).fit(vectors)
                sizes = np.bincount(fine.labels_, minlength=fine.n_clusters)
                means = np.vstack([vectors[fine.labels_ == c].mean(axis=0) if sizes[c] else fine.cluster_centers_[c]
                                   for c in range(fine.n_clusters)])
                topic_of_fine = weighted_ward(means, sizes, k)
                trees.append(normalized_mutual_info_score(labels, topic_of_fine[fine.labels_]))
        source = "kwcluster fp32" if args.kwcluster else "sentence-transformers"
        line = (f"{name:16} texts {len(texts):6} k {k:4}  {source} + KMeans NMI {100 * sum(scores) / len(scores):.1f} "
                f"(seeds 1-{args.seeds}: {', '.join(f'{100 * s:.1f}' for s in scores)})")
        if trees:
            line += f"  | KMeans x{args.fine_factor:g} + Ward {100 * sum(trees) / len(trees):.1f}"
        if args.ward:
            ward = AgglomerativeClustering(n_clusters=k, linkage="ward").fit_predict(vectors)
            line += f"  | full Ward {100 * normalized_mutual_info_score(labels, ward):.1f}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
