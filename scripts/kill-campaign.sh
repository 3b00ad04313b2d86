#!/usr/bin/env bash
# The full kill campaign: SIGKILL at INSTANTS random instants (default 20) of each kind of run —
# lexical create, semantic create, rescrape, create with LLM titles (local test server, two
# requests at a time), create crawling a site (the `fixture-site` executable on 127.0.0.1) —
# each resumed to an export byte-identical to an uninterrupted run's, with `check` passing.
#
#   scripts/kill-campaign.sh [INSTANTS] [KIND ...]   kinds: lexical semantic rescrape llm crawl (default all)
#
# The runs use the release binary (built here); the test bundle drives them, with
# KWCLUSTER_KILL_INSTANTS and KWCLUSTER_BINARY set. Random instants run only here: the suite (CI)
# kills every kind of run at its commit boundaries instead (KWCLUSTER_FAULT_POINT: CrashPointTests,
# FineTopicsCrashTests, CrawlCommandTests, PostgresCommandLineTests, WorkerProcessesTests).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
instants="${1:-20}"
shift || true
kinds=("$@")
[ ${#kinds[@]} -gt 0 ] || kinds=(lexical semantic rescrape llm crawl)

filter_for() {
    case "$1" in
        lexical) echo "KillResumeTests" ;;
        semantic) echo "KillCampaignTests/semanticRuns" ;;
        rescrape) echo "KillCampaignTests/rescrapes" ;;
        llm) echo "KillCampaignTests/llmTitleRuns" ;;
        crawl) echo "KillCampaignTests/crawls" ;;
        *) echo "unknown kind $1" >&2; exit 64 ;;
    esac
}

# KWCLUSTER_CAMPAIGN_BUILD=debug runs the debug binary instead (no release build: quicker to start);
# KWCLUSTER_BINARY=PATH runs a binary built elsewhere (e.g. with --scratch-path) as it is.
configuration="${KWCLUSTER_CAMPAIGN_BUILD:-release}"
if [ -n "${KWCLUSTER_BINARY:-}" ]; then
    binary="$KWCLUSTER_BINARY"
else
    if [ "$configuration" = release ]; then swift build -c release --product kwcluster 2>&1 | tail -3; fi
    binary="$root/.build/$configuration/kwcluster"
fi
# The test bundle and the fixture-site executable (the crawl kind's site) come from the debug build.
swift build --build-tests 2>&1 | tail -3
echo "binary: $binary"
failed=0
for kind in "${kinds[@]}"; do
    started=$(date +%s)
    log="$root/.build/kill-campaign-$kind.log"
    if KWCLUSTER_BINARY="$binary" KWCLUSTER_KILL_INSTANTS="$instants" \
        swift test --skip-build --filter "$(filter_for "$kind")" > "$log" 2>&1; then
        result=passed
    else
        result=FAILED
        failed=1
    fi
    landed=$(grep -oE 'kill campaign [a-z]+: [0-9]+ of [0-9]+' "$log" | tail -1 || true)
    echo "$kind: $result, $instants instants (${landed:-see $log}), $(( $(date +%s) - started )) s"
done
exit "$failed"
