#!/usr/bin/env bash
# Measures `kwcluster export --format=xlsx` with the release build: wall time and peak memory
# (`/usr/bin/time -v`) and the workbook's size, beside the CSV and HTML exports of the same
# project, on the bundled sample and on the bench's synthetic set (default 100,000 keywords,
# 5,000 clusters). Each workbook is checked with `unzip -t`, and LibreOffice (when installed)
# converts the large one's Keywords sheet to CSV, timed: proof that a spreadsheet opens it.
#
#   scripts/measure-xlsx.sh                  # sample + 100k
#   KEYWORDS=1000000 scripts/measure-xlsx.sh # sample + 1M (refused above 1,048,575 keywords)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
KEYWORDS=${KEYWORDS:-100000}
CLUSTERS=${CLUSTERS:-5000}
KW_REBUILD=1 kw_build kwcluster
bin="$(kw_binary)"
kw_work

# measure LABEL FILE ARGS...: runs `kwcluster export ARGS --output=FILE` under /usr/bin/time -v.
measure() {
    local label=$1 file=$2
    shift 2
    /usr/bin/time -v "$bin" export "$@" --output="$file" --quiet 2> "$work/time"
    local wall rss
    wall=$(grep -E "Elapsed \(wall clock\)" "$work/time" | awk '{print $NF}')
    rss=$(grep -E "Maximum resident set size" "$work/time" | awk '{print $NF}')
    printf '   %-28s %8s s wall  %6d MB peak  %9d KB\n' "$label" "$wall" $((rss / 1024)) $(($(stat -c %s "$file") / 1024))
}

# project DB SLUG NAME: every export of one project.
project() {
    local db=$1 slug=$2 name=$3
    measure "xlsx (3 sheets)" "$work/$name.xlsx" --project="$slug" --db="$db" --format=xlsx
    measure "csv, keyword level" "$work/$name-keywords.csv" --project="$slug" --db="$db" --format=csv
    measure "csv, cluster level" "$work/$name-clusters.csv" --project="$slug" --db="$db" --format=csv --level=cluster
    measure "html report" "$work/$name.html" --project="$slug" --db="$db" --format=html
    unzip -tq "$work/$name.xlsx" | sed 's/^/   unzip -t: /'
}

echo "== the bundled sample (Samples/example-com-keywords.csv, lexical vectors)"
"$bin" create --domain=example.com --keywords=Samples/example-com-keywords.csv --db="$work/sample.sqlite" --vectors=lexical --quiet
"$bin" status --project=example-com --db="$work/sample.sqlite" | grep -iE "^keywords|clusters" | head -2 | sed 's/^/   /'
project "$work/sample.sqlite" example-com sample

echo "== the bench's synthetic set: $KEYWORDS keywords, $CLUSTERS clusters"
"$bin" bench --keywords="$KEYWORDS" --clusters="$CLUSTERS" --folder="$work/bench" --quiet > /dev/null
project "$work/bench/bench-$KEYWORDS.sqlite" bench-example "bench-$KEYWORDS"

if command -v soffice > /dev/null; then
    echo "== LibreOffice reads the $KEYWORDS-keyword workbook (Keywords sheet to CSV)"
    start=$(date +%s%N)
    soffice "-env:UserInstallation=file://$work/lo-profile" --headless --norestore \
        --convert-to "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,2" \
        --outdir "$work/lo" "$work/bench-$KEYWORDS.xlsx" > /dev/null 2>&1
    end=$(date +%s%N)
    converted=$(ls "$work"/lo/*.csv 2>/dev/null | head -1)
    rows=$([[ -n "$converted" ]] && wc -l < "$converted" || echo 0)
    echo "   $(( (end - start) / 1000000 )) ms; $rows lines (the CSV export has $(wc -l < "$work/bench-$KEYWORDS-keywords.csv"))"
fi
