#!/usr/bin/env bash
# Throughput of `kwcluster worker` with 1, 2 and 4 workers on one PostgreSQL server:
#   1. the embedding stage: a semantic project's keywords (the bundled sample) in chunks (workers take only
#      embedding items: --kinds=embedding), keywords encoded per second;
#   2. many small projects: PROJECTS lexical projects of SMALL keywords each, queued with
#      `create --enqueue`, runs finished per second;
#   3. LLM titles: a lexical project of TITLE_KEYWORDS keywords (default 3000, a cluster per 10) with --titles=llm against
#      `chat-fixture` (a local chat-completions server answering each request after DELAY seconds,
#      default 0.5, as a remote model would), one worker on the run and 0, 1, 2 or 4 workers on its
#      `titles` items (--title-items); seconds until every title is made, and requests sent.
# Needs the PostgreSQL store (issue 18 part 1) in the build. Each measurement uses a fresh database on the server of $KWCLUSTER_TEST_POSTGRES_URL
# (scripts/start-postgres.sh prints it) and the release build (BUILD=debug for the debug one).
#
# PIN=1 pins worker w to core (w - 1) mod cores (taskset): one core per worker, as if each worker
# were a one-core machine (unpinned, one worker's encoder already uses every core).
#
# ONLY=embedding, ONLY=small or ONLY=titles runs one of the three.
#
#   [PIN=1] [ONLY=...] [TITLE_KEYWORDS=3000] [DELAY=0.5] scripts/measure-workers.sh [EMBED_KEYWORDS=3000] [PROJECTS=16] [SMALL=300] [WORKERS="1 2 4"]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
embed_keywords="${1:-3000}"
projects="${2:-16}"
small="${3:-300}"
workers_list="${4:-1 2 4}"
server="${KWCLUSTER_TEST_POSTGRES_URL:-postgres://kwcluster:kwcluster@127.0.0.1:5432/kwcluster}"
export KWCLUSTER_TEST_POSTGRES_URL="$server"
kw_build kwcluster chat-fixture
kw="$(kw_binary)"
only="${ONLY:-all}"
wants() { [[ "$only" == all || "$only" == "$1" ]]; }
model="$root/models/all-MiniLM-L6-v2"
[[ -f "$model/model.safetensors" ]] || scripts/fetch-model.sh >&2
kw_work
chat=""
kw_at_exit '[[ -z "$chat" ]] || kill "$chat" 2>/dev/null'

fresh_db() {
    kw_database "kwmeasure_$1"
}

# Keyword files: the bundled sample (3,079 keywords) for the embedding stage, and slices of it
# (wrapping around) for the small projects.
sample="$root/Samples/example-com-keywords.csv"
embed_file="$work/embed.csv"
head -1 "$sample" > "$embed_file"
sed -n "2,$((embed_keywords + 1))p" "$sample" >> "$embed_file"
rows="$(($(wc -l < "$sample") - 1))"
for p in $(seq 1 "$projects"); do
    head -1 "$sample" > "$work/small-$p.csv"
    tail -n +2 "$sample" | awk -v from=$(((p - 1) * small % rows)) -v n="$small" -v rows="$rows" \
        '{ line[NR - 1] = $0 } END { for (i = 0; i < n && i < rows; i++) print line[(from + i) % rows] }' >> "$work/small-$p.csv"
done

now() { date +%s.%N; }
run_workers() { # count db kinds
    local pids=()
    for w in $(seq 1 "$1"); do
        local pin=()
        [[ "${PIN:-0}" == 1 ]] && pin=(taskset -c $(((w - 1) % $(nproc))))
        "${pin[@]}" "$kw" worker --db="$2" --kinds="$3" --exit-when-idle --quiet --worker-name="m$w" >/dev/null 2>"$work/worker-$w.log" &
        pids+=($!)
    done
    for pid in "${pids[@]}"; do wait "$pid"; done
}

echo "kwcluster workers ($build build, $(nproc) cores$([[ "${PIN:-0}" == 1 ]] && echo ", one core per worker"), PostgreSQL at ${server##*@})"
if wants embedding; then
echo
echo "embedding stage: $embed_keywords keywords, chunks of 512"
for n in $workers_list; do
    db="$(fresh_db "embed$n")"
    "$kw" create --domain=embed.example --keywords="$embed_file" --vectors=semantic --model="$model" --db="$db" --enqueue --quiet >/dev/null
    start="$(now)"
    run_workers "$n" "$db" embedding
    end="$(now)"
    stored="$(psql "$db" -tAc "SELECT COUNT(*) FROM keyword_vectors")"
    awk -v n="$n" -v s="$start" -v e="$end" -v k="$stored" \
        'BEGIN { printf "  %d worker(s): %d vectors in %.2f s = %.0f keywords/s\n", n, k, e - s, k / (e - s) }'
done
fi
if wants small; then
echo
echo "many small projects: $projects lexical projects of $small keywords"
for n in $workers_list; do
    db="$(fresh_db "small$n")"
    for p in $(seq 1 "$projects"); do
        "$kw" create --domain="p$p.example" --keywords="$work/small-$p.csv" --vectors=lexical --db="$db" --enqueue --quiet >/dev/null
    done
    start="$(now)"
    run_workers "$n" "$db" run
    end="$(now)"
    finished="$(psql "$db" -tAc "SELECT COUNT(*) FROM processing_runs WHERE status = 'completed'")"
    awk -v n="$n" -v s="$start" -v e="$end" -v r="$finished" \
        'BEGIN { printf "  %d worker(s): %d runs in %.2f s = %.2f runs/s\n", n, r, e - s, r / (e - s) }'
done
fi
if wants titles; then
title_keywords="${TITLE_KEYWORDS:-3000}"
title_clusters="$((title_keywords / 10))"
delay="${DELAY:-0.5}"
title_file="$work/titles.csv"
head -1 "$sample" > "$title_file"
sed -n "2,$((title_keywords + 1))p" "$sample" >> "$title_file"
echo
echo "LLM titles: $title_keywords lexical keywords in $title_clusters clusters, batches of 250, a server answering each request after $delay s, 5 clusters a request, 2 at a time per worker"
for n in 0 1 2 4; do
    chat_out="$work/chat-$n.out"
    "$(kw_binary chat-fixture)" --delay="$delay" > "$chat_out" &
    chat=$!
    until [[ -s "$chat_out" ]]; do sleep 0.05; done
    url="$(head -1 "$chat_out")"
    db="$(fresh_db "titles$n")"
    "$kw" create --domain=titles.example --keywords="$title_file" --vectors=lexical --batch-size=250 --clusters="$title_clusters" \
        --titles=llm --llm-base-url="$url" --llm-model=fixture --db="$db" --enqueue --title-items="$n" --quiet >/dev/null
    start="$(now)"
    pids=()
    for w in $(seq 1 "$n"); do
        "$kw" worker --db="$db" --kinds=titles --exit-when-idle --quiet --worker-name="t$w" >/dev/null 2>"$work/title-$w.log" &
        pids+=($!)
    done
    "$kw" worker --db="$db" --kinds=run --exit-when-idle --quiet --worker-name=r1 >/dev/null 2>"$work/run.log"
    for pid in "${pids[@]}"; do wait "$pid"; done
    end="$(now)"
    kill -TERM "$chat"; wait "$chat" || true; chat=""
    requests="$(tail -1 "$chat_out" | sed 's/requests: //')"
    titles="$(psql "$db" -tAc "SELECT COUNT(*) FROM title_jobs WHERE status = 'done'")"
    by_workers="$(psql "$db" -tAc "SELECT COUNT(*) FROM title_requests WHERE claimed_by <> 'r1'")"
    awk -v n="$n" -v s="$start" -v e="$end" -v t="$titles" -v r="$requests" -v w="$by_workers" \
        'BEGIN { printf "  run worker + %d title worker(s): %d title jobs in %.2f s, %d requests (%d by title workers)\n", n, t, e - s, r, w }'
done
fi
