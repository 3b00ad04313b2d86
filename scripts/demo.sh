#!/usr/bin/env bash
# Sets up a fresh machine and runs kwcluster on the bundled sample (Samples/example-com-keywords.csv,
# a 3,141-row Ahrefs export): builds in release, clusters into topics with titles, and
# writes the keywords to demo/example-com.csv and a Markdown content plan to
# demo/example-com-plan.md. The database is demo/kwcluster.sqlite.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
KWCLUSTER_SKIP_MODEL=1 scripts/install-deps.sh
swift build -c release --product kwcluster
mkdir -p demo
rm -f demo/kwcluster.sqlite demo/kwcluster.sqlite-wal demo/kwcluster.sqlite-shm
bin=.build/release/kwcluster
"$bin" create --domain=example.com --keywords=Samples/example-com-keywords.csv --db=demo/kwcluster.sqlite
"$bin" status --project=example-com --db=demo/kwcluster.sqlite
"$bin" export --project=example-com --db=demo/kwcluster.sqlite --format=csv --output=demo/example-com.csv
"$bin" export --project=example-com --db=demo/kwcluster.sqlite --format=md --output=demo/example-com-plan.md
echo
head -n 14 demo/example-com-plan.md
