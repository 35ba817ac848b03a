#!/bin/sh
# Benchmark: the memory of 50 idle containers side by side on one private containerd (issue 26),
# wasm through a release build of kestrel against busybox through runc; prints a markdown table
# (see runner/tests/ctr_density_bench.rs). Needs root and the packages of install-deps.sh.
# KESTREL_BIN picks another kestrel binary (the static release artifact, say);
# KESTREL_DENSITY_N another number of containers.
set -eu
cd "$(dirname "$0")/../../.."
sh runner/tests/containerd/install-deps.sh
target_dir="${CARGO_TARGET_DIR:-target}"
if [ -z "${KESTREL_BIN:-}" ]; then
    cargo build --release -p kestrel-runner --bin kestrel
    KESTREL_BIN="$(realpath "$target_dir/release/kestrel")"
fi
KESTREL_BIN="$KESTREL_BIN" \
    cargo test -p kestrel-runner --test ctr_density_bench -- --ignored --nocapture
