#!/usr/bin/env python3
"""Writes the fixtures that are not plain UTF-8 text: UTF-16 exports, broken encodings,
binary data and rows with control characters. Run from anywhere:

    python3 Tests/IngestTests/Fixtures/make_binary_fixtures.py

The generated files are committed; rerun this script only to change them.
"""
from pathlib import Path

HERE = Path(__file__).resolve().parent
MONTHS = ["May 2025", "Jun 2025", "Jul 2025", "Aug 2025", "Sep 2025", "Oct 2025",
          "Nov 2025", "Dec 2025", "Jan 2026", "Feb 2026", "Mar 2026", "Apr 2026"]


def write(name: str, data: bytes) -> None:
    (HERE / name).write_bytes(data)


def utf16le_with_bom(text: str) -> bytes:
    return b"\xff\xfe" + text.encode("utf-16-le")


# Google Ads Keyword Planner: UTF-16 LE with BOM, tab-separated, CRLF, a two-line preamble
# and a blank line, bucketed volumes with an en dash, decimal commas.
planner_header = ["Keyword", "Currency", "Avg. monthly searches", "Three month change", "YoY change",
                  "Competition", "Competition (indexed value)", "Top of page bid (low range)",
                  "Top of page bid (high range)", "Ad impression share", "Organic impression share",
                  "Organic average position", "In account?", "In plan?"] + [f"Searches: {m}" for m in MONTHS]
planner_rows = [
    ["running shoes", "EUR", "10K \u2013 100K", "0%", "0%", "High", "100", "0,45", "1,87", "", "", "", "N", "N"]
    + ["10K \u2013 100K"] * 12,
    ["Laufschuhe Damen", "EUR", "1K \u2013 10K", "0%", "+900%", "Medium", "51", "0,31", "1,02", "", "", "", "N", "N"]
    + ["1K \u2013 10K"] * 12,
    ["marathon shoes", "EUR", "100 \u2013 1K", "-90%", "0%", "Low", "12", "0,20", "0,65", "", "", "", "N", "N"]
    + ["100 \u2013 1K"] * 12,
]
planner = ["Keyword Stats 2026-05-02 at 09_14_37", "May 1, 2025 - April 30, 2026", "",
           "\t".join(planner_header)] + ["\t".join(row) for row in planner_rows]
planner_bytes = utf16le_with_bom("\r\n".join(planner) + "\r\n")
write("keyword_planner.csv", planner_bytes)

# The saved-keywords variant: no blank line after the preamble, fewer columns.
saved = ["Saved keywords report", "May 1, 2025 - April 30, 2026",
         "Keyword\tAvg. monthly searches\tCompetition\tIn account",
         "trail running shoes\t22200\tMedium\tN",
         "running shoes\t1K \u2013 10K\tHigh\tY"]
write("keyword_planner_saved.csv", utf16le_with_bom("\n".join(saved) + "\n"))

# Ahrefs Keywords Explorer, 2022 header, as Ahrefs writes it for Excel: UTF-16 LE, tabs.
ahrefs = ["#\tKeyword\tCountry\tDifficulty\tVolume\tCPC\tCPS\tParent Keyword\tLast Update\tSERP Features\tGlobal volume\tTraffic potential",
          "1\tnike pegasus 39\tus\t23\t104000.0\t0.7\t1.4\tnike pegasus\t2022-08-01 10:11:12\tShopping\t260000.0\t150000.0",
          "2\tnike pegasus trail\tus\t12\t8100.0\t0.5\t1.2\tnike pegasus trail\t2022-08-01 10:11:12\tShopping\t19000.0\t9000.0"]
write("ahrefs_ke_2022_utf16.csv", utf16le_with_bom("\n".join(ahrefs) + "\n"))

# Plain lists in UTF-16 BE with BOM, and UTF-16 LE without BOM (found by its NUL bytes).
write("plain_list_utf16be.txt", b"\xfe\xff" + "running shoes\nlaufschuhe\n".encode("utf-16-be"))
write("plain_list_utf16le_nobom.txt", "trail shoes\nhiking boots\n".encode("utf-16-le"))

# Broken inputs.
write("bad_truncated_utf16.csv", planner_bytes[:-1])  # odd byte count: cut mid-character
write("bad_binary.xlsx", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xb2\x1c\x8d\x9f"
      + b"\x00\x00\x00\x00\x13\x00\x00\x00[Content_Types].xml\x00\x00\x01\x02" * 8)
write("bad_invalid_utf8.csv", "Keyword,Volume\nrunning shoes,100\ncaf\xe9 au lait,50\n".encode("latin-1"))

# Rows that are skipped and counted: a 201-character keyword, control characters (BEL,
# and U+0085 NEXT LINE), an empty keyword, and a keyword made only of match-type marks.
long_keyword = "running shoes " * 14 + "x" * 5  # 14 * 14 + 5 = 201 characters
skipped = ["Keyword,Volume", "running shoes,100", f"{long_keyword},5", "bell\x07shoes,7",
           "next\u0085line,3", ",9", "\"[]\",4", "trail shoes,50"]
write("skipped_rows.csv", ("\n".join(skipped) + "\n").encode("utf-8"))

# Every row skipped: the file yields no keyword at all.
write("bad_all_rows_skipped.csv", "Keyword,Volume\nbell\x07shoes,7\n,9\n".encode("utf-8"))
