#!/usr/bin/env bash
# `benches/footprint.sh [--check]`: the size and memory footprint of the `kestrel` binary
# (issue 26), printed as a markdown table for benches/RESULTS.md.
#
# - Size: `kestrel` built as the README's release commands build it, stripped: the smallest
#   build (`--no-default-features`: binary modules only, OCI runtime and WASI in) and the
#   default build. With `--check`, exits non-zero when a build is over its budget
#   (SMALL_BUDGET / FULL_BUDGET bytes): what CI runs.
# - Peak RSS of `kestrel wasm hello.wasm` (the smallest build; the kernel's ru_maxrss of the
#   process, as runner/tests/containerd/RESULTS.md measures kestrel), median of RUNS, and of
#   `wasmtime-run hello.wasm` (this package's wasmtime CLI equivalent) when it is built.
#
# Environment: SMALL_BUDGET (default 5000000), FULL_BUDGET (default 15000000), RUNS (default
# 9), CARGO_TARGET_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."

check=false
if [ "${1:-}" = --check ]; then
    check=true
fi
small_budget=${SMALL_BUDGET:-5000000}
full_budget=${FULL_BUDGET:-15000000}
runs=${RUNS:-9}
target_dir=${CARGO_TARGET_DIR:-$PWD/target}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Builds `kestrel` with the given cargo arguments and leaves a stripped copy at $out/$name.
build() {
    local name=$1
    shift
    cargo build --release -p kestrel-runner "$@" >&2
    strip -o "$out/$name" "$target_dir/release/kestrel"
}

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
if [ ! -x /usr/bin/time ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get install -y -qq time >&2 || { apt-get update -qq >&2 && apt-get install -y -qq time >&2; }
fi
if [ ! -x /usr/bin/time ]; then
    echo "footprint.sh: needs GNU time (apt-get install time)" >&2
    exit 2
fi

# The default build first, so that the smallest build is the one left in target/release.
build full
build small --no-default-features
small=$(stat -c %s "$out/small")
full=$(stat -c %s "$out/full")
hello=benches/corpus/wasm/hello.wasm
kestrel_rss=$(peak_rss "$out/small" wasm "$hello")

mib() { awk -v b="$1" 'BEGIN { printf "%.2f MiB", b / 1048576 }'; }
verdict() { if [ "$1" -le "$2" ]; then echo PASS; else echo FAIL; fi; }

echo "| build (stripped, $(uname -m)) | size | budget | |"
echo "|---|---:|---:|---|"
echo "| \`kestrel\`, \`--no-default-features\` | $small B ($(mib "$small")) | $small_budget B | $(verdict "$small" "$small_budget") |"
echo "| \`kestrel\`, default features | $full B ($(mib "$full")) | $full_budget B | $(verdict "$full" "$full_budget") |"
echo
echo "| command | peak RSS (median of $runs) |"
echo "|---|---:|"
echo "| \`kestrel wasm hello.wasm\` (smallest build) | $kestrel_rss KiB |"
wasmtime_run="$target_dir/release/wasmtime-run"
if [ -x "$wasmtime_run" ]; then
    strip -o "$out/wasmtime-run" "$wasmtime_run"
    echo "| \`wasmtime-run hello.wasm\` (wasmtime 48, $(stat -c %s "$out/wasmtime-run") B stripped) | $(peak_rss "$out/wasmtime-run" "$hello") KiB |"
fi

if $check && { [ "$small" -gt "$small_budget" ] || [ "$full" -gt "$full_budget" ]; }; then
    echo "footprint.sh: a build is over its size budget" >&2
    exit 1
fi
