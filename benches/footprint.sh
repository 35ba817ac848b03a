#!/usr/bin/env bash
# `benches/footprint.sh [--check]`: the size and memory footprint of the `kestrel` binary
# (issue 26), printed as markdown tables for benches/RESULTS.md.
#
# Three builds, as the README's release commands make them, each stripped:
# - default: `cargo build --release -p kestrel-runner`;
# - small: the same `--no-default-features` (binary modules only; OCI runtime and WASI in);
# - static: the release artifact, dist/release-build.sh: small, linked statically against glibc
#   with packed relative relocations and the start-up functions laid out together (runs on any
#   Linux of its architecture, whatever its glibc).
# For each: the size, against its budget for the two builds issue 26 budgets (FULL_BUDGET for
# default, SMALL_BUDGET for small, in bytes; the static one also carries glibc's code and is
# reported, not budgeted), and the peak RSS of `kestrel wasm hello.wasm` (the kernel's ru_maxrss of the
# process, as runner/tests/containerd/RESULTS.md measures kestrel; median of RUNS). Also
# `wasmtime-run hello.wasm` (this package's wasmtime CLI equivalent) when it is built.
# With `--check` (what CI runs), exits non-zero when a build is over its size budget, and
# skips the static build.
#
# Environment: SMALL_BUDGET (default 7000000: issue 26's 5 MB was set before container isolation
# was built; youki's libcontainer, which issue 19 asks for, adds 1.5 MB, and SIMD (issue 20: 268
# instructions, each with a threaded handler per fuel/epoch variant) 0.75 MB; see
# benches/RESULTS.md),
# FULL_BUDGET (default 15000000), RUNS (default
# 9), CARGO_TARGET_DIR, WASMI_CLI (a wasmi_cli binary to measure alongside).
set -euo pipefail
cd "$(dirname "$0")/.."

check=false
if [ "${1:-}" = --check ]; then
    check=true
fi
small_budget=${SMALL_BUDGET:-7000000}
full_budget=${FULL_BUDGET:-15000000}
runs=${RUNS:-9}
target_dir=${CARGO_TARGET_DIR:-$PWD/target}
host=$(rustc -vV | sed -n 's/^host: //p')
hello=benches/corpus/wasm/hello.wasm
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

if [ ! -x /usr/bin/time ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get install -y -qq time >&2 || { apt-get update -qq >&2 && apt-get install -y -qq time >&2; }
fi
if [ ! -x /usr/bin/time ]; then
    echo "footprint.sh: needs GNU time (apt-get install time)" >&2
    exit 2
fi

# Median peak RSS in KiB of a command run RUNS times: GNU time's %M, the ru_maxrss of the
# child. Linux carries the peak RSS of the process that exec'd over into the exec'd program's
# ru_maxrss, so the spawner must be smaller than what it measures: GNU time (about 1 MiB) is,
# a Python or cargo parent is not.
peak_rss() {
    local i
    for ((i = 0; i < runs; i++)); do
        /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1
    done | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

mib() { awk -v b="$1" 'BEGIN { printf "%.2f MiB", b / 1048576 }'; }

over=0
rows=()
# `measure NAME BUDGET DESCRIPTION BINARY`: a stripped copy's size (against BUDGET unless it
# is empty) and peak RSS, as a row.
measure() {
    local name=$1 budget=$2 what=$3 binary=$4 size verdict=
    strip -o "$out/$name" "$binary"
    size=$(stat -c %s "$out/$name")
    if [ -n "$budget" ]; then
        verdict=PASS
        if [ "$size" -gt "$budget" ]; then
            verdict=FAIL
            over=1
        fi
        budget="$budget B"
    fi
    rows+=("| $what | $size B ($(mib "$size")) | $budget | $verdict | $(peak_rss "$out/$name" wasm "$hello") KiB |")
}

cargo build --release -p kestrel-runner >&2
measure default "$full_budget" "default features" "$target_dir/release/kestrel"
cargo build --release -p kestrel-runner --no-default-features >&2
measure small "$small_budget" "\`--no-default-features\`" "$target_dir/release/kestrel"
# The release artifact (dist/release-build.sh: static, packed relocations, start-up code laid
# out together) is reported, not budgeted: `--check` (CI) skips it, as it rebuilds every
# dependency with its own flags.
if ! $check; then
    artifact=$(bash dist/release-build.sh "$host")
    measure static "" "release artifact: \`--no-default-features\`, static (glibc), packed relocations, start-up code ordered (\`dist/release-build.sh\`)" \
        "$artifact"
fi

echo "| \`kestrel\` build ($host, stripped) | size | budget | | peak RSS of \`kestrel wasm hello.wasm\` (median of $runs) |"
echo "|---|---:|---:|---|---:|"
printf '%s\n' "${rows[@]}"
wasmtime_run="$target_dir/release/wasmtime-run"
if [ -x "$wasmtime_run" ]; then
    strip -o "$out/wasmtime-run" "$wasmtime_run"
    size=$(stat -c %s "$out/wasmtime-run")
    echo "| \`wasmtime-run\` (wasmtime 48 with Cranelift, benches/) | $size B ($(mib "$size")) | | | $(peak_rss "$out/wasmtime-run" "$hello") KiB |"
fi

# wasmi's command-line runner, when WASMI_CLI names one (`cargo install wasmi_cli`: not a
# dependency of this workspace, whose wasmi is the library).
if [ -n "${WASMI_CLI:-}" ] && [ -x "$WASMI_CLI" ]; then
    strip -o "$out/wasmi" "$WASMI_CLI"
    size=$(stat -c %s "$out/wasmi")
    echo "| \`wasmi\` (wasmi_cli $("$WASMI_CLI" --version | awk '{ print $2 }'), \`cargo install\`) | $size B ($(mib "$size")) | | | $(peak_rss "$out/wasmi" "$hello") KiB |"
fi

if $check && [ "$over" = 1 ]; then
    echo "footprint.sh: a build is over its size budget" >&2
    exit 1
fi
