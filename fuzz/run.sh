#!/usr/bin/env bash
# Builds the fuzz targets with libFuzzer coverage instrumentation on STABLE Rust (no cargo-fuzz,
# no nightly), then for each target replays the committed corpus and regression inputs and
# fuzzes for a bounded time. Exits non-zero on the first crash, divergence or hang; the input
# is left in fuzz/artifacts/TARGET/.
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 20 seconds, every target)
#
# New inputs found go to a temporary directory, so the committed corpora are never modified.
# CARGO_TARGET_DIR is honoured (default fuzz/target).
set -euo pipefail
cd "$(dirname "$0")"

seconds=${1:-20}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(decode_validate validate_vs_reference differential_interp differential_jit wasi_paths)
fi

triple=$(rustc -vV | sed -n 's/^host: //p')
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
# The same instrumentation `cargo fuzz build --sanitizer none` uses: every flag is a stable
# `-C` option. `--target` keeps the flags off build scripts and proc macros.
export RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares -Cllvm-args=-sanitizer-coverage-stack-depth \
--cfg fuzzing"

echo "== fuzz: building ${targets[*]}"
cargo build --release --locked --target "$triple" $(printf -- '--bin %s ' "${targets[@]}")

status=0
for t in "${targets[@]}"; do
    scratch=$(mktemp -d)
    mkdir -p "artifacts/$t" "corpus/$t" "regressions/$t"
    echo "== fuzz: $t (replay corpus/$t and regressions/$t, then ${seconds}s)"
    if ! "$CARGO_TARGET_DIR/$triple/release/$t" "$scratch" "corpus/$t" "regressions/$t" \
        -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -max_len=4096 \
        -len_control=0 -artifact_prefix="artifacts/$t/" -print_final_stats=1 \
        2> "$scratch.log"; then
        tail -n 60 "$scratch.log"
        echo "== fuzz: $t FAILED (input in fuzz/artifacts/$t/)"
        status=1
    else
        grep -E '^(stat::number_of_executed_units|Done)' "$scratch.log" || true
    fi
    rm -rf "$scratch" "$scratch.log"
done
exit $status
