#!/usr/bin/env bash
# Compares the PostgreSQL store with the SQLite store on `kwcluster bench` (release build):
# the whole 100k-keyword lexical run on each, wall time and peak memory, plus the import
# (parse + bulk insert of the keywords) and export (streamed read of every row) rates.
#
#   scripts/measure-postgres.sh [KEYWORDS]      (default 100000)
#
# Needs the server of scripts/start-postgres.sh (started if needed); makes a database
# kwbench_<pid> for the PostgreSQL run and drops it afterwards.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
keywords="${1:-100000}"
KW_REBUILD=1 kw_build kwcluster
binary="$(kw_binary)"
kw_work
folder="$work"
database_url="$(kw_database kwbench)"

run() { # NAME ARGS...
    local name="$1"; shift
    /usr/bin/time -f "%e %M" -o "$folder/$name.time" "$binary" bench --keywords="$keywords" --clusters=5000 \
        --vectors=lexical --folder="$folder/$name" --json --quiet "$@" > "$folder/$name.json"
    python3 - "$name" "$folder/$name.json" "$folder/$name.time" "$keywords" <<'PY'
import json, sys
name, report, timing, keywords = sys.argv[1], json.load(open(sys.argv[2])), open(sys.argv[3]).read().split(), int(sys.argv[4])
wall, peak_kb = float(timing[0]), int(timing[1])
print(f"{name:10s} wall {wall:6.2f} s  peak {peak_kb / 1024:6.0f} MB  import {report['import_seconds']:5.2f} s "
      f"({keywords / report['import_seconds']:,.0f} keywords/s)  clustering {report['clustering_seconds']:5.2f} s  "
      f"export {report['export_seconds']:5.2f} s ({keywords / report['export_seconds']:,.0f} rows/s)  "
      f"first results {report['first_results_seconds']:.2f} s  restore {report['restore_latest_seconds']:.3f} s  "
      f"database {report['database_bytes'] / 1048576:.0f} MB  NMI {report['nmi']:.3f}")
PY
}
run sqlite --db="$folder/unused.sqlite"
run postgres --db="$database_url"
