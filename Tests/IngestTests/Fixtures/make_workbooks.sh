#!/usr/bin/env bash
# Writes the workbook fixtures with real Office tooling, from the CSV fixtures beside this
# script. Run from anywhere (needs LibreOffice's soffice, from scripts/install-deps.sh, and
# `pip install msoffcrypto-tool` for the encrypted one):
#
#     bash Tests/IngestTests/Fixtures/make_workbooks.sh
#
# - lo_NAME.xlsx: NAME.csv (or .txt) opened by LibreOffice Calc as CSV (comma, quote, UTF-8)
#   and saved as XLSX; the tests import both and expect the same keywords and metrics.
# - lo_semrush_magic.xls: the same sheet saved in Excel's old binary format (.xls).
# - encrypted_semrush_magic.xlsx: lo_semrush_magic.xlsx encrypted with the password
#   "kwcluster" (Office's standard encryption: an OLE file with EncryptionInfo).
# The generated files are committed; rerun this script only to change them.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
profile="-env:UserInstallation=file://$work/profile"
sources=(semrush_magic.csv gsc_queries.csv ahrefs_organic_new.csv semrush_positions.csv
         google_ads_search_terms.csv bing_queries.csv moz.csv plain_list.txt)
csvs=()
for source in "${sources[@]}"; do
    # Calc opens a .txt as a text document: every source goes in as .csv.
    cp "$here/$source" "$work/${source%.*}.csv"
    csvs+=("${source%.*}.csv")
done
cd "$work"
# Filter options: comma (44), double quote (34), UTF-8 (76), from line 1.
soffice "$profile" --headless --norestore --infilter="CSV:44,34,76,1" --convert-to xlsx "${csvs[@]}" >/dev/null
for source in "${csvs[@]}"; do
    cp "$work/${source%.*}.xlsx" "$here/lo_${source%.*}.xlsx"
done
soffice "$profile" --headless --norestore --infilter="CSV:44,34,76,1" --convert-to xls semrush_magic.csv >/dev/null
cp "$work/semrush_magic.xls" "$here/lo_semrush_magic.xls"
msoffcrypto-tool -e -p kwcluster "$here/lo_semrush_magic.xlsx" "$here/encrypted_semrush_magic.xlsx"
ls -l "$here"/lo_* "$here"/encrypted_*
