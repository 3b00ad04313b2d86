#!/usr/bin/env python3
"""Times sentence-transformers (PyTorch, CPU) on the same texts as the Swift encoder benchmark.

A comparison aid only: sentence-transformers and torch are never dependencies of kwcluster.
Install them in a throw-away virtual environment (`pip install sentence-transformers`) and run

    python3 scripts/compare_embedding_speed.py --threads 2 --count 10000

from the package root. It embeds the first COUNT values of the `text` column of the CSV
(default ../shared/eval-data/StackOverflow/text_label.csv) with the model folder written by
scripts/fetch-model.sh, prints keywords/s, and, with --swift-embeddings FILE (one JSON array
per line, as `kwcluster-bench` style tools print them), the worst cosine between the two.
"""
import argparse
import csv
import json
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def read_texts(path, count):
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        texts = []
        for row in reader:
            texts.append(row["text"])
            if len(texts) == count:
                break
    return texts


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=os.path.join(ROOT, "models", "all-MiniLM-L6-v2"))
    parser.add_argument("--csv", default=os.path.join(ROOT, "..", "shared", "eval-data", "StackOverflow", "text_label.csv"))
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--swift-embeddings", help="file of Swift embeddings, one JSON array per line")
    parser.add_argument("--kwcluster-rate", type=float, help="kwcluster's keywords/s on the same texts, for the ratio")
    args = parser.parse_args()

    try:
        import torch
        from sentence_transformers import SentenceTransformer
    except ImportError as error:
        sys.exit(f"sentence-transformers is not installed ({error}); pip install sentence-transformers in a virtual environment")

    torch.set_num_threads(args.threads)
    texts = read_texts(args.csv, args.count)
    model = SentenceTransformer(args.model, device="cpu")
    model.encode(texts[:200], batch_size=args.batch_size, normalize_embeddings=True)  # warm-up
    start, cpu_start = time.perf_counter(), time.process_time()
    embeddings = model.encode(texts, batch_size=args.batch_size, normalize_embeddings=True)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    print(f"sentence-transformers {getattr(sys.modules['sentence_transformers'], '__version__', '?')}, "
          f"torch {torch.__version__}, {args.threads} threads, batch size {args.batch_size}: "
          f"{len(texts)} texts in {elapsed:.2f}s = {len(texts) / elapsed:.0f} keywords/s; "
          f"{cpu:.2f} CPU-seconds = {len(texts) / cpu:.0f} keywords per CPU-second")
    if args.kwcluster_rate:
        print(f"ratio kwcluster / sentence-transformers: {args.kwcluster_rate / (len(texts) / elapsed):.2f}x")

    if args.swift_embeddings:
        with open(args.swift_embeddings, encoding="utf-8") as handle:
            swift = [json.loads(line) for line in handle if line.strip()]
        worst = min(sum(a * b for a, b in zip(x, y)) for x, y in zip(embeddings.tolist(), swift))
        print(f"worst cosine Swift vs PyTorch over {len(swift)} texts: {worst:.7f}")


if __name__ == "__main__":
    main()
