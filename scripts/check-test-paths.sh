#!/usr/bin/env bash
# Fails when a file under Tests/ names a path outside the package root, so the tests of a
# fresh clone (nothing beside it) read only what the repository holds.
#
#   scripts/check-test-paths.sh [DIR]     checks DIR (default: <package root>/Tests)
#   scripts/check-test-paths.sh --self-test   shows the check catches each kind of path
#
# What counts as naming an outside path:
#   - the sibling `shared` folder of the workplace: "../shared", "shared/eval-data",
#     "shared/reference-embeddings";
#   - a relative path that climbs out in a file API call: fileURLWithPath: "../…",
#     atPath: "../…", contentsOfFile: "../…", appendingPathComponent("../…");
#   - the package root's parent, reached from #filePath: four or more
#     deletingLastPathComponent() on one line, or packageRoot.deletingLastPathComponent();
#   - an absolute path into a home or work folder: /work/, /home/, /Users/, /root/, /mnt/.
# Temporary folders (/tmp, FileManager.temporaryDirectory) are fine: tests make their data there.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

patterns=(
    '\.\./shared'
    'shared/(eval-data|reference-embeddings)'
    '(fileURLWithPath|atPath|contentsOfFile|path): *"\.\./'
    'appendingPathComponent\("\.\./'
    '(deletingLastPathComponent\(\)[^;]*){4}'
    'packageRoot\.deletingLastPathComponent'
    '"/(work|home|Users|root|mnt)/'
)

# Prints every offending line of DIR and returns 1 when there is one.
check() {
    local dir="$1" found=0 pattern
    for pattern in "${patterns[@]}"; do
        if grep -rnIE --exclude-dir=.build -- "$pattern" "$dir"; then
            found=1
        fi
    done
    return "$found"
}

self_test() {
    local work failures=0 sample
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' RETURN
    local samples=(
        'let url = root.appendingPathComponent("../shared/reference-embeddings/x.jsonl")'
        'let data = try Data(contentsOf: URL(fileURLWithPath: "../data/keywords.csv"))'
        'let up = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()'
        'let parent = packageRoot.deletingLastPathComponent()'
        'let file = "/work/shared/eval-data/StackOverflow/text_label.csv"'
    )
    for sample in "${samples[@]}"; do
        rm -rf "$work/Tests" && mkdir -p "$work/Tests/SomeTests"
        printf '%s\n' "$sample" > "$work/Tests/SomeTests/Sample.swift"
        if check "$work/Tests" >/dev/null; then
            echo "check-test-paths self-test: not caught: $sample" >&2
            failures=$((failures + 1))
        fi
    done
    rm -rf "$work/Tests" && mkdir -p "$work/Tests/SomeTests"
    printf '%s\n' 'let url = FileManager.default.temporaryDirectory.appendingPathComponent("run")' \
        'let fixture = Bundle.module.url(forResource: "a", withExtension: "csv", subdirectory: "Fixtures")' \
        '<a href="../about.html">About</a>' > "$work/Tests/SomeTests/Fine.swift"
    if ! check "$work/Tests" >/dev/null; then
        echo "check-test-paths self-test: a file naming only paths inside the package was refused" >&2
        failures=$((failures + 1))
    fi
    if ((failures > 0)); then
        return 1
    fi
    echo "check-test-paths self-test: ${#samples[@]} outside paths caught, inside paths accepted" >&2
}

if [[ "${1:-}" == "--self-test" ]]; then
    self_test
    exit
fi

dir="${1:-$root/Tests}"
if ! check "$dir"; then
    echo "check-test-paths: the lines above name paths outside the package root; tests must read" >&2
    echo "only files in the repository (put fixtures under Tests/<Target>/Fixtures)." >&2
    exit 1
fi
echo "check-test-paths: no file under $dir names a path outside the package" >&2
