#!/usr/bin/env python3
"""Times ONNX Runtime (fp32 and dynamic int8) on all-MiniLM-L6-v2 keywords, for the ratio
against the native encoder's `encoder-bench` (issue #30).

A comparison aid only: onnxruntime, onnx, torch and transformers are never dependencies of
kwcluster. Install them in a throw-away environment (`pip install onnxruntime onnx torch
transformers`) and run from the package root, e.g.

    python3 scripts/compare_onnxruntime.py --threads 1 --count 3000
    taskset -c 0 .build/release/encoder-bench --count=3000 --precisions=fp32,int8

It exports the model folder written by scripts/fetch-model.sh to ONNX (once, into
--work-dir), quantises it with onnxruntime.quantization.quantize_dynamic (int8 weights per
channel, activations quantised at run time), then embeds the `Keyword` column of the CSV
(repeated with a number appended up to COUNT, as encoder-bench does) in batches of
--batch-size texts sorted by length (as sentence-transformers does), mean-pools, normalises,
and prints keywords/s per model (median of --rounds; wall time, and per CPU-second of the
process, steadier on a loaded machine; tokenising included) and the int8 vectors' cosine to fp32.
"""
import argparse
import csv
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def read_keywords(path, count):
    with open(path, newline="", encoding="utf-8") as handle:
        base = [row["Keyword"] for row in csv.DictReader(handle) if row.get("Keyword")]
    return [base[i] if i < len(base) else f"{base[i % len(base)]} {i // len(base)}" for i in range(count)]


def export(model_dir, onnx_path):
    import torch
    from transformers import AutoModel

    class LastHiddenState(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.bert = AutoModel.from_pretrained(model_dir).eval()

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state

    model = LastHiddenState().eval()
    ids = torch.ones(2, 8, dtype=torch.long)
    with torch.no_grad():
        torch.onnx.export(
            model, (ids, torch.ones_like(ids), torch.zeros_like(ids)), onnx_path,
            input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["last_hidden_state"],
            dynamic_axes={name: {0: "batch", 1: "sequence"} for name in ["input_ids", "attention_mask", "token_type_ids", "last_hidden_state"]},
            opset_version=17, dynamo=False)


def embed(session, tokenizer, texts, batch_size):
    import numpy as np

    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = [None] * len(texts)
    for start in range(0, len(order), batch_size):
        chunk = order[start:start + batch_size]
        encoded = tokenizer([texts[i] for i in chunk], padding=True, truncation=True, max_length=256, return_tensors="np")
        feeds = {name: encoded[name].astype(np.int64) for name in ["input_ids", "attention_mask", "token_type_ids"]}
        hidden = session.run(None, feeds)[0]
        mask = feeds["attention_mask"][..., None].astype(np.float32)
        pooled = (hidden * mask).sum(1) / np.clip(mask.sum(1), 1e-9, None)
        pooled /= np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        for i, vector in zip(chunk, pooled):
            out[i] = vector
    return np.stack(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=os.path.join(ROOT, "models", "all-MiniLM-L6-v2"))
    parser.add_argument("--keywords", default=os.path.join(ROOT, "Samples", "example-com-keywords.csv"))
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--work-dir", default="/tmp/kwcluster-onnx")
    args = parser.parse_args()

    try:
        import numpy as np
        import onnxruntime as ort
        from onnxruntime.quantization import QuantType, quantize_dynamic
        from transformers import AutoTokenizer
    except ImportError as error:
        sys.exit(f"missing a comparison package ({error}); pip install onnxruntime onnx torch transformers in a virtual environment")

    os.makedirs(args.work_dir, exist_ok=True)
    fp32_path = os.path.join(args.work_dir, "minilm-fp32.onnx")
    int8_path = os.path.join(args.work_dir, "minilm-int8.onnx")
    if not os.path.exists(fp32_path):
        export(args.model, fp32_path)
    if not os.path.exists(int8_path):
        quantize_dynamic(fp32_path, int8_path, weight_type=QuantType.QInt8, per_channel=True)

    texts = read_keywords(args.keywords, args.count)
    tokenizer = AutoTokenizer.from_pretrained(args.model)
    options = ort.SessionOptions()
    options.intra_op_num_threads = args.threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    sessions = {name: ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
                for name, path in [("fp32", fp32_path), ("int8", int8_path)]}
    for session in sessions.values():
        embed(session, tokenizer, texts[:200], args.batch_size)  # warm-up
    rates = {name: [] for name in sessions}
    cpu_rates = {name: [] for name in sessions}
    vectors = {}
    for _ in range(args.rounds):  # models alternate, so other load on the machine hits both alike
        for name, session in sessions.items():
            start, cpu_start = time.perf_counter(), time.process_time()
            vectors[name] = embed(session, tokenizer, texts, args.batch_size)
            rates[name].append(len(texts) / (time.perf_counter() - start))
            cpu_rates[name].append(len(texts) / (time.process_time() - cpu_start))
    print(f"onnxruntime {ort.__version__}, {args.threads} threads, {len(texts)} keywords, batches of {args.batch_size} sorted by length")
    cosines = (vectors["fp32"] * vectors["int8"]).sum(1)
    for name in sessions:
        line = (f"  {name:5} {statistics.median(rates[name]):7.0f} keywords/s (median of {args.rounds}: "
                + ", ".join(f"{r:.0f}" for r in rates[name]) + f"), {statistics.median(cpu_rates[name]):5.0f} per CPU-second")
        if name == "int8":
            line += f"  cosine to fp32 min {cosines.min():.5f} mean {cosines.mean():.5f}"
        print(line)


if __name__ == "__main__":
    main()
