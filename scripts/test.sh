#!/usr/bin/env bash
# Sets up a fresh machine and runs every test of kwcluster (Swift Testing).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/install-deps.sh
swift build --build-tests
swift test --skip-build
