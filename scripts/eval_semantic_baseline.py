#!/usr/bin/env python3
"""sentence-transformers + scikit-learn KMeans on labelled text sets: the baseline that
`kwcluster evaluate --vectors=semantic` is compared with (comparison only, never a product
dependency). Texts are normalised like kwcluster's keywords (lower-cased, whitespace collapsed,
duplicates dropped keeping the first label) so both cluster the same texts.

    python3 scripts/eval_semantic_baseline.py --model models/all-MiniLM-L6-v2 --seeds 5 FILE...
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
    from sklearn.cluster import KMeans
    from sklearn.metrics import normalized_mutual_info_score
except ImportError as error:
    print(f"eval_semantic_baseline: {error}; pip install sentence-transformers scikit-learn", file=sys.stderr)
    sys.exit(3)


def normalise(text):
    text = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return text if text and len(text) <= 200 else None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="models/all-MiniLM-L6-v2")
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    model = SentenceTransformer(args.model, device="cpu")
    for path in args.files:
        texts, labels, seen = [], [], set()
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                text = normalise(row["text"])
                if text is None or text in seen:
                    continue
                seen.add(text)
                texts.append(text)
                labels.append(row["label"])
        k = len(set(labels))
        vectors = model.encode(texts, batch_size=64, normalize_embeddings=True)
        scores = []
        for seed in range(1, args.seeds + 1):
            predicted = KMeans(n_clusters=k, n_init=1, random_state=seed).fit_predict(vectors)
            scores.append(normalized_mutual_info_score(labels, predicted))
        name = os.path.basename(os.path.dirname(path)) or path
        print(f"{name:16} texts {len(texts):6} k {k:4}  sentence-transformers + KMeans NMI {100 * sum(scores) / len(scores):.1f} "
              f"(seeds 1-{args.seeds}: {', '.join(f'{100 * s:.1f}' for s in scores)})", flush=True)


if __name__ == "__main__":
    main()
