#!/usr/bin/env bash
# Runs a kwcluster command with the flags npm hands to scripts. `npm run create --domain=example.com`
# gives this script npm_config_domain=example.com; each known flag becomes --flag=value again.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# KWCLUSTER_BIN names another binary (the tests run this script with the debug build).
bin="${KWCLUSTER_BIN:-$root/.build/release/kwcluster}"
if [[ -z "${KWCLUSTER_BIN:-}" && ! -x "$bin" ]]; then
    (cd "$root" && swift build -c release --product kwcluster >&2)
fi
command="$1"
shift
args=()
for flag in domain keywords column project batch-size clusters cluster-size seed mode vectors order memory-limit \
            max-batches db log-file format output to-batch level titles \
            crawl max-pages max-depth crawl-concurrency crawl-rate max-page-bytes crawl-timeout; do
    var="npm_config_${flag//-/_}"
    if [[ -n "${!var:-}" ]]; then args+=("--$flag=${!var}"); fi
done
for flag in show-batches json quiet; do
    var="npm_config_${flag//-/_}"
    if [[ "${!var:-}" == "true" ]]; then args+=("--$flag"); fi
done
exec "$bin" "$command" "${args[@]}" "$@"
