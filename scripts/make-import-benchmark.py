#!/usr/bin/env python3
"""Writes the same Semrush Keyword Magic export twice, as CSV and as an XLSX workbook laid out
the way Excel writes one (its size in <dimension>, every text cell a shared string, numbers as
numbers), for measuring the workbook import against the CSV import:

    python3 scripts/make-import-benchmark.py 1000000 /tmp/import-bench
    # -> /tmp/import-bench/keywords-1000000.csv and keywords-1000000.xlsx
    python3 scripts/make-import-benchmark.py 1000000 /tmp/import-bench 1000
    # -> keywords-1000000-unique-1000.*: the same rows with 1,000 keywords repeated, to see the
    #    memory of reading alone (the imported keywords then take almost none)

Standard library only. Rows are deterministic (seeded); keywords are unique unless a third
argument caps them.
"""
import random
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

HEADER = ["Keyword", "Intent", "Volume", "Trend", "Keyword Difficulty", "CPC (USD)",
          "Competitive Density", "SERP Features", "Number of Results"]
SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "ta", "shi", "po", "ve", "dan", "mor", "tel", "sin", "gra", "bel", "fo"]
INTENTS = ["Informational", "Commercial", "Transactional", "Navigational", "Commercial, Transactional"]


def base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, digit = divmod(number, 36)
        text = digits[digit] + text
        if number == 0:
            return text


def rows(count: int, unique: int):
    generator = random.Random(42)
    for index in range(count):
        words = [generator.choice(SYLLABLES) + generator.choice(SYLLABLES) for _ in range(2 + generator.randrange(3))]
        keyword = " ".join(words) + " " + base36(index)
        if unique < count:  # a keyword made from the row's index modulo `unique` only
            key = index % unique
            keyword = SYLLABLES[key * 7 % 16] + SYLLABLES[key * 13 % 16] + " " + base36(key)
        yield [keyword, generator.choice(INTENTS), 10 + generator.randrange(100_000), "0.81,0.81,1.00,0.67",
               generator.randrange(100), generator.randrange(500) / 100, generator.randrange(100) / 100,
               "Sitelinks, Reviews", 1_390_000]


def csv_field(value) -> str:
    text = str(value)
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\n') else text


def column(index: int) -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[index]


def write_xlsx(path: Path, count: int, unique: int) -> None:
    strings: dict[str, int] = {}

    def shared(text: str) -> int:
        return strings.setdefault(text, len(strings))

    def sheet_xml():
        yield ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               f'<dimension ref="A1:{column(len(HEADER) - 1)}{count + 1}"/><sheetData>')
        for number, values in enumerate([HEADER, *rows(count, unique)], start=1):
            cells = []
            for index, value in enumerate(values):
                reference = f"{column(index)}{number}"
                if isinstance(value, str):
                    cells.append(f'<c r="{reference}" t="s"><v>{shared(value)}</v></c>')
                else:
                    cells.append(f'<c r="{reference}"><v>{value}</v></c>')
            yield f'<row r="{number}">' + "".join(cells) + "</row>"
        yield "</sheetData></worksheet>"

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr("[Content_Types].xml",
                         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                         '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                         '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                         '<Default Extension="xml" ContentType="application/xml"/>'
                         '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                         '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                         '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                         '</Types>')
        archive.writestr("_rels/.rels",
                         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                         '</Relationships>')
        archive.writestr("xl/workbook.xml",
                         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                         '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                         'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                         '<sheets><sheet name="Keywords" sheetId="1" r:id="rId1"/></sheets></workbook>')
        archive.writestr("xl/_rels/workbook.xml.rels",
                         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                         '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                         '</Relationships>')
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for chunk in sheet_xml():
                sheet.write(chunk.encode())
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as table:
            table.write(('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                         f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="{len(strings)}">').encode())
            for text in strings:
                table.write(f"<si><t>{escape(text)}</t></si>".encode())
            table.write(b"</sst>")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    folder = Path(sys.argv[2] if len(sys.argv) > 2 else ".")
    unique = int(sys.argv[3]) if len(sys.argv) > 3 else count
    name = f"keywords-{count}" + (f"-unique-{unique}" if unique < count else "")
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / f"{name}.csv", "w", encoding="utf-8", newline="\n") as csv:
        csv.write(",".join(HEADER) + "\n")
        for values in rows(count, unique):
            csv.write(",".join(csv_field(value) for value in values) + "\n")
    write_xlsx(folder / f"{name}.xlsx", count, unique)


if __name__ == "__main__":
    main()
