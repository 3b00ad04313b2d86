#!/usr/bin/env python3
"""Title report over cluster-level exports (`kwcluster export --level=cluster --format=csv`).

For each file: the share of titles within 60 characters, containing their primary keyword's words
in order, and unique in the project; then a few sample titles.
"""
import csv
import re
import sys


def words(text):
    return re.findall(r"[a-z0-9]+", text.lower())


def contains_in_order(needle, haystack):
    remaining = iter(haystack)
    return all(any(word == candidate for candidate in remaining) for word in needle)


def main(paths, samples=10):
    for path in paths:
        with open(path, newline="", encoding="utf-8") as f:
            rows = [r for r in csv.DictReader(f) if r["title"]]
        n = len(rows)
        short = sum(len(r["title"]) <= 60 for r in rows)
        keyword = sum(contains_in_order(words(r["primary_keyword"]), words(r["title"])) for r in rows)
        unique = len({r["title"].lower() for r in rows})
        print(f"{path}: {n} titled clusters; <= 60 chars {100 * short / n:.1f}%, "
              f"primary keyword in order {100 * keyword / n:.1f}%, unique {100 * unique / n:.1f}%")
        step = max(1, n // samples)
        for r in rows[::step][:samples]:
            print(f"  {r['primary_keyword']!r:45} -> {r['title']}")


if __name__ == "__main__":
    main(sys.argv[1:])
