#!/usr/bin/env bash
# Screenshots of the HTML report and of the dashboard during a running `create`, taken with
# headless Chromium, and checks that both pages hold the treemap and the cluster table.
#
#   scripts/screenshots.sh            # writes docs/report.png and docs/dashboard.png
#   KEYWORDS=1000000 scripts/screenshots.sh   # the large report from a 1M-keyword bench set
#
# It also prints each report's size and its render time in Chromium (a harness page loads the
# report in an iframe and reads the Performance API: parse to DOMContentLoaded, load, and a
# forced layout), for the bundled sample and for the bench's synthetic set (5,000 clusters).
# Needs chromium (Debian: `apt-get install -y chromium`; installed when run as root).
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${SCREENSHOT_DIR:-docs}
KEYWORDS=${KEYWORDS:-100000}
CLUSTERS=${CLUSTERS:-5000}
WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
    if [ "$(id -u)" = 0 ]; then
        apt-get install -y chromium >/dev/null || { apt-get update >/dev/null && apt-get install -y chromium >/dev/null; }
        CHROMIUM=$(command -v chromium)
    else
        echo "screenshots.sh needs Chromium: sudo apt-get install -y chromium" >&2
        exit 1
    fi
fi

echo "== building the release binary"
swift build -c release --product kwcluster 2>&1 | tail -1
BIN=.build/release/kwcluster

chrome() {
    "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars --allow-file-access-from-files \
        --user-data-dir="$WORK/chrome-profile" "$@" 2>/dev/null
}

# check URL WHAT: the DOM as Chromium built it holds the treemap and the cluster table.
check() {
    local dom
    dom=$(chrome --dump-dom "$1")
    grep -q '<svg class="treemap"' <<<"$dom" || { echo "FAIL: no treemap in $2 ($1)" >&2; exit 1; }
    grep -q '<table class="clusters" id="clusters">' <<<"$dom" || { echo "FAIL: no cluster table in $2 ($1)" >&2; exit 1; }
    grep -q '<g class="pillar" data-pillar=' <<<"$dom" || { echo "FAIL: no pillar groups in the treemap of $2 ($1)" >&2; exit 1; }
    local shapes rows
    shapes=$(grep -o '<rect x="[^>]*data-cluster=' <<<"$dom" | wc -l)
    rows=$(grep -o '<tr id="c[0-9]*">' <<<"$dom" | wc -l)
    [ "$shapes" -gt 0 ] && [ "$shapes" = "$rows" ] || { echo "FAIL: $shapes treemap shapes, $rows table rows in $2" >&2; exit 1; }
    echo "ok: $2 has the treemap ($shapes shapes) and the table ($rows clusters)"
}

# timing FILE: size and render time of a report file in Chromium (median of 3 loads).
timing() {
    local file=$1 harness="$WORK/harness-$(basename "$1")"
    cat >"$harness" <<EOF
<!doctype html><meta charset="utf-8"><body><pre id="timing">waiting</pre>
<iframe id="f" style="width:1280px;height:900px"></iframe>
<script>
var f=document.getElementById('f'),start=performance.now();
f.onload=function(){var d=f.contentDocument,h=d.body.offsetHeight,laidOut=performance.now()-start;
var n=f.contentWindow.performance.getEntriesByType('navigation')[0]||{};
document.getElementById('timing').textContent='dcl='+Math.round(n.domContentLoadedEventEnd||0)+' load='+Math.round(n.loadEventEnd||0)+' layout='+Math.round(laidOut)+' height='+h;};
f.src='$(basename "$file")';
</script>
EOF
    cp "$file" "$WORK/" 2>/dev/null || true
    local results=()
    for _ in 1 2 3; do
        results+=("$(chrome --dump-dom "file://$harness" | grep -o 'dcl=[0-9][^<]*' || echo 'dcl=? (no timing)')")
    done
    local bytes
    bytes=$(stat -c %s "$file")
    echo "   $(basename "$file"): $((bytes / 1024)) KB; Chromium (3 loads): ${results[*]}"
    local t0 t1
    t0=$(date +%s%N)
    chrome --dump-dom "file://$file" >/dev/null
    t1=$(date +%s%N)
    echo "   whole headless Chromium run with --dump-dom (start-up included): $(((t1 - t0) / 1000000)) ms"
}

mkdir -p "$OUT"
echo "== the bundled sample"
"$BIN" create --domain=example.com --keywords=Samples/example-com-keywords.csv --db="$WORK/sample.sqlite" \
    --vectors=lexical --quiet
"$BIN" export --project=example-com --db="$WORK/sample.sqlite" --format=html --output="$WORK/sample-report.html" --quiet
check "file://$WORK/sample-report.html" "the sample report"
chrome --window-size=1280,1180 --screenshot="$OUT/report.png" "file://$WORK/sample-report.html" >/dev/null
echo "   wrote $OUT/report.png ($(($(stat -c %s "$OUT/report.png") / 1024)) KB)"
timing "$WORK/sample-report.html"

echo "== the bench's synthetic set: $KEYWORDS keywords, $CLUSTERS clusters"
"$BIN" bench --keywords="$KEYWORDS" --clusters="$CLUSTERS" --folder="$WORK/bench" --quiet >/dev/null
BENCH_DB="$WORK/bench/bench-$KEYWORDS.sqlite"
t0=$(date +%s%N)
"$BIN" export --project=bench-example --db="$BENCH_DB" --format=html --output="$WORK/bench-report.html" --quiet
t1=$(date +%s%N)
echo "   export --format=html: $(((t1 - t0) / 1000000)) ms"
check "file://$WORK/bench-report.html" "the $KEYWORDS-keyword report"
timing "$WORK/bench-report.html"

echo "== the dashboard during a running create ($KEYWORDS keywords)"
"$BIN" create --domain=live.example --keywords="$WORK/bench/synthetic-$KEYWORDS.csv" --db="$WORK/live.sqlite" \
    --vectors=lexical --batch-size=100 --clusters="$CLUSTERS" --quiet &
CREATE_PID=$!
PIDS+=("$CREATE_PID")
for _ in $(seq 1 120); do
    "$BIN" status --project=live-example --db="$WORK/live.sqlite" --json 2>/dev/null | grep -Eq '"completed_batches" *: *[1-9]' && break
    sleep 0.5
done
"$BIN" serve --db="$WORK/live.sqlite" --port=0 >"$WORK/serve.log" 2>&1 &
PIDS+=("$!")
URL=""
for _ in $(seq 1 50); do
    URL=$(grep -o 'http://127.0.0.1:[0-9]*/' "$WORK/serve.log" || true)
    [ -n "$URL" ] && break
    sleep 0.2
done
[ -n "$URL" ] || { echo "FAIL: serve printed no URL:" >&2; cat "$WORK/serve.log" >&2; exit 1; }
echo "   serve listens on $URL"
PAGE="${URL}projects/live-example"
check "$PAGE" "the dashboard's project page"
if kill -0 "$CREATE_PID" 2>/dev/null; then
    chrome --dump-dom "$PAGE" | grep -q 'data-status="running"' && echo "ok: the page follows the running run" \
        || echo "note: the run ended before the page was read"
fi
chrome --window-size=1280,1100 --screenshot="$OUT/dashboard.png" "$PAGE" >/dev/null
echo "   wrote $OUT/dashboard.png ($(($(stat -c %s "$OUT/dashboard.png") / 1024)) KB)"
t0=$(date +%s%N)
curl -fsS -o /dev/null "$PAGE"
t1=$(date +%s%N)
echo "   project page served in $(((t1 - t0) / 1000000)) ms while the run writes"
curl -sS "${URL}projects/nope" -o /dev/null -w '   unknown project: HTTP %{http_code}\n' || true
wait "$CREATE_PID" || true
echo "== done"
