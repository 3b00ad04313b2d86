#!/usr/bin/env bash
# Builds the libFuzzer targets under Fuzz/Targets and runs each for a while on its seed corpus.
#
#   scripts/fuzz.sh [SECONDS] [TARGET ...]    default: 60 s each, targets ingest checkpoint crawler
#
# Each target is compiled with `swiftc -sanitize=fuzzer,address` together with the product
# sources it exercises (one module, so internal API is reachable); the main package's build is
# not touched (binaries in .build/fuzz/). New inputs the fuzzer finds go to .build/fuzz/corpus-T;
# the committed seeds in Fuzz/Corpus/T are only read. A crash leaves its input in
# .build/fuzz/crashes-T/: fix the product, add the input to Fuzz/Corpus/T and a unit test.
# Prints per target the executions run and the crashes found. Not part of CI (too slow).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(ingest checkpoint crawler)
out="$root/.build/fuzz"
mkdir -p "$out"

build() {
    local target="$1" sources=() flags=()
    case "$target" in
        ingest)
            # Workbooks and ZIP archives are read with zlib and libxml2 (CLibXML2).
            sources=(Sources/Ingest/*.swift)
            flags=(-I Sources/CLibXML2 -Xcc -I/usr/include/libxml2)
            ;;
        checkpoint)
            # VectorMath is imported by Clustering: built first as its own (instrumented) module.
            swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name VectorMath -emit-library -static \
                -emit-module -emit-module-path "$out/VectorMath.swiftmodule" Sources/VectorMath/*.swift \
                -o "$out/libVectorMath.a" 2> "$out/build-VectorMath.log" || { cat "$out/build-VectorMath.log" >&2; exit 1; }
            sources=(Sources/Clustering/*.swift)
            flags=(-I "$out" -L "$out" -lVectorMath)
            ;;
        crawler)
            sources=(Sources/Crawler/{RobotsRules,SitemapReader,PageFacts,LibXML,Gunzip,CrawlURL,CrawlOptions}.swift)
            flags=(-I Sources/CLibXML2 -Xcc -I/usr/include/libxml2)
            ;;
        *) echo "unknown target $target" >&2; exit 64 ;;
    esac
    swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name "Fuzz_$target" "${flags[@]}" \
        "Fuzz/Targets/$target.swift" "${sources[@]}" -o "$out/fuzz-$target" 2> "$out/build-$target.log" \
        || { grep -v 'ld.gold: warning' "$out/build-$target.log" >&2; exit 1; }
}

total_runs=0
total_crashes=0
for target in "${targets[@]}"; do
    build "$target"
    mkdir -p "$out/corpus-$target" "$out/crashes-$target"
    log="$out/run-$target.log"
    # -fork keeps fuzzing after a crash, so one run reports every distinct crash it finds.
    SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 "$out/fuzz-$target" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -artifact_prefix="$out/crashes-$target/" "$out/corpus-$target" "Fuzz/Corpus/$target" > "$log" 2>&1 || true
    runs=$(grep -oE 'exec/s: [0-9]+|#[0-9]+' "$log" | grep -oE '^#[0-9]+' | tr -d '#' | sort -n | tail -1)
    crashes=$(find "$out/crashes-$target" -type f | wc -l)
    echo "fuzz $target: ${runs:-0} executions in ${seconds}s, $crashes crash input(s) in $out/crashes-$target"
    total_runs=$((total_runs + ${runs:-0}))
    total_crashes=$((total_crashes + crashes))
done
echo "fuzz total: $total_runs executions, $total_crashes crash input(s)"
[ "$total_crashes" -eq 0 ]
