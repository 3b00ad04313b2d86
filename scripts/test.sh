#!/usr/bin/env bash
# Sets up a fresh machine and runs every test of kwcluster (Swift Testing).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# The tests of a fresh clone may read only what the repository holds.
scripts/check-test-paths.sh --self-test
scripts/check-test-paths.sh
scripts/install-deps.sh
swift build --build-tests
swift test --skip-build
