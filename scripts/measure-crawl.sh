#!/usr/bin/env bash
# Measures a crawl of a generated fixture site served on 127.0.0.1 (never another host):
# pages per second of the crawl itself, and the wall time and peak memory (`/usr/bin/time -v`)
# of the whole `kwcluster create --domain=...` (crawl, keyword extraction, clustering, titles).
#
#   scripts/measure-crawl.sh [PAGES=2000] [extra create flags...]
#
# Uses the release builds of `kwcluster` and `fixture-site` (built if missing); BUILD=debug uses
# the debug builds instead. The default
# politeness (4 requests/s) would make this a 9-minute wait, so the crawl runs at
# --crawl-rate=10000 --crawl-concurrency=8 unless other flags are given; the rate limit itself is
# tested by CrawlerTests.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
pages="${1:-2000}"
shift || true
flags=("$@")
if [[ ${#flags[@]} -eq 0 ]]; then flags=(--crawl-rate=10000 --crawl-concurrency=8); fi
kw_build kwcluster fixture-site
kw_work
port=$((20000 + RANDOM % 20000))
"$(kw_binary fixture-site)" --pages="$pages" --port="$port" > "$work/url" &
server=$!
kw_at_exit 'kill "$server" 2>/dev/null'
for _ in $(seq 100); do [[ -s "$work/url" ]] && break; sleep 0.1; done
url="$(head -1 "$work/url")"
echo "fixture site: $pages pages at $url ($build build)"
/usr/bin/time -v "$(kw_binary)" create --domain="$url" --db="$work/crawl.sqlite" --vectors=lexical --quiet \
    --max-pages=$((pages + 10)) "${flags[@]}" > "$work/out" 2> "$work/time"
cat "$work/out"
grep -E "Elapsed \(wall clock\)|Maximum resident set size" "$work/time"
sqlite3 "$work/crawl.sqlite" "
  SELECT 'crawl: ' || COUNT(*) || ' pages fetched in ' ||
         printf('%.2f', (julianday(MAX(fetched_at)) - julianday(MIN(fetched_at))) * 86400) || ' s = ' ||
         printf('%.0f', COUNT(*) / ((julianday(MAX(fetched_at)) - julianday(MIN(fetched_at))) * 86400)) || ' pages/s'
  FROM crawl_pages WHERE state = 'fetched';
  SELECT 'keywords: ' || (SELECT COUNT(*) FROM keywords) || ', clusters: ' ||
         (SELECT COUNT(*) FROM clusters WHERE keyword_count > 0) || ', keyword pages: ' || (SELECT COUNT(*) FROM keyword_pages);"
