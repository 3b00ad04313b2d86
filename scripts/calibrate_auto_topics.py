#!/usr/bin/env python3
"""The Ward cost of one page, for `--clusters=auto` (FineClusterMerge.onePageCost): on each
labelled set, fine k-means clusters at the product's default granularity (3 per 20 texts), their
means merged by unweighted Ward (each fine cluster weighs 1, the product's merge below 100
keywords a topic), and the tree cut where a merge first costs more than T (the product's rule).
Prints, per set, the number of topics and NMI over a grid of T, beside NMI at n/20 topics (the
default --cluster-size=20) and at the labelled count. Comparison only (by hand), never a product
dependency; the table is in docs/topic-tree.md, "--clusters=auto".

    python3 scripts/calibrate_auto_topics.py --vectors /tmp/kwvec Tweet GoogleNews-T Banking77 ...

--vectors holds NAME.npy (kwcluster's own vectors of the set, as scripts/eval_merge_variants.py
--cache keeps them: `kwcluster embed`) and NAME.labels.json (the label of each row). Each set is
cut to a random subset of its labels with all their texts (about --texts texts), so texts per
label stay as in the set while the k-means stays affordable. Needs scikit-learn and scipy.
"""
import argparse
import json
import sys

try:
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from sklearn.cluster import KMeans
    from sklearn.metrics import normalized_mutual_info_score as nmi
except ImportError as error:
    print(f"calibrate_auto_topics: {error}; pip install scikit-learn scipy", file=sys.stderr)
    sys.exit(3)


def subset(y, texts, seed):
    """A random subset of the labels, with every text of each, of about `texts` texts."""
    rng = np.random.default_rng(seed)
    keep, count = [], 0
    for label in rng.permutation(np.unique(y)):
        if count >= texts and len(keep) >= 2:
            break
        keep.append(label)
        count += int((y == label).sum())
    return np.isin(y, keep), len(keep)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--vectors", required=True)
    parser.add_argument("--texts", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("sets", nargs="+")
    args = parser.parse_args()
    grid = np.round(np.exp(np.linspace(np.log(0.01), np.log(20), 80)), 5)
    for name in args.sets:
        X = np.load(f"{args.vectors}/{name}.npy").astype(np.float64)
        y = np.array(json.load(open(f"{args.vectors}/{name}.labels.json")))
        mask, k = subset(y, args.texts, args.seed)
        X, y = X[mask], y[mask]
        n = len(y)
        fine = KMeans(max(2, round(3 * n / 20)), n_init=1, random_state=args.seed, max_iter=20).fit(X)
        used = np.unique(fine.labels_)
        remap = np.full(fine.n_clusters, -1)
        remap[used] = np.arange(len(used))
        labels = remap[fine.labels_]
        means = np.vstack([X[labels == c].mean(0) for c in range(len(used))])
        tree = linkage(means, "ward")  # heights: sqrt(2 x Ward cost), every fine cluster weighing 1
        costs = tree[:, 2] ** 2 / 2
        rows = []
        for limit in grid:
            over = np.nonzero(costs > limit)[0]
            topics = len(used) - (int(over[0]) if len(over) else len(costs))
            rows.append((float(limit), topics, nmi(y, fcluster(tree, topics, "maxclust")[labels])))
        at_k = nmi(y, fcluster(tree, k, "maxclust")[labels])
        at_n20 = nmi(y, fcluster(tree, max(1, round(n / 20)), "maxclust")[labels])
        best = max(rows, key=lambda row: row[2])
        print(json.dumps(dict(set=name, texts=n, labels=k, fine=len(used), nmi_at_labels=at_k, nmi_at_n20=at_n20,
                              best=best, rows=rows)), flush=True)


if __name__ == "__main__":
    main()
