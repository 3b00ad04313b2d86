#!/usr/bin/env bash
# Sets up a fresh machine and runs every test of kwcluster (Swift Testing).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# The tests of a fresh clone may read only what the repository holds.
scripts/check-test-paths.sh --self-test
scripts/check-test-paths.sh
scripts/install-deps.sh
# The store tests and the pipeline tests run against SQLite and PostgreSQL: start a server on
# 127.0.0.1 (Debian's PostgreSQL, installed if missing) and hand its URL to the tests. Under CI
# (CI=true) the PostgreSQL cases fail without it; elsewhere they are skipped.
KWCLUSTER_TEST_POSTGRES_URL="$(scripts/start-postgres.sh | tail -1)"
export KWCLUSTER_TEST_POSTGRES_URL
swift build --build-tests
swift test --skip-build
