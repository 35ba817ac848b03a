#!/bin/sh
# Benchmark: `ctr run --rm` of a hello-world wasm container through a release build of kestrel
# versus a busybox echo through runc (and through kestrel's hand-over to runc), median wall time,
# plus kestrel's peak RSS. Needs root and the packages of install-deps.sh.
set -eu
cd "$(dirname "$0")/../../.."
sh runner/tests/containerd/install-deps.sh
cargo build --release -p kestrel-runner --bin kestrel
target_dir="${CARGO_TARGET_DIR:-target}"
KESTREL_BIN="$(realpath "$target_dir/release/kestrel")" \
    cargo test -p kestrel-runner --test ctr_run_bench -- --ignored --nocapture
