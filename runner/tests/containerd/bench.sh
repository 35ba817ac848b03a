#!/bin/sh
# Benchmark: `ctr run --rm` of a hello-world wasm container through a release build of kestrel
# versus a busybox echo through runc (and through kestrel's hand-over to runc), median wall time,
# plus kestrel's peak RSS. Needs root and the packages of install-deps.sh. KESTREL_BIN picks
# another kestrel binary (the release artifact of dist/release-build.sh, say).
set -eu
cd "$(dirname "$0")/../../.."
sh runner/tests/containerd/install-deps.sh
target_dir="${CARGO_TARGET_DIR:-target}"
if [ -z "${KESTREL_BIN:-}" ]; then
    cargo build --release -p kestrel-runner --bin kestrel
    KESTREL_BIN="$(realpath "$target_dir/release/kestrel")"
fi
KESTREL_BIN="$KESTREL_BIN" \
    cargo test -p kestrel-runner --test ctr_run_bench -- --ignored --nocapture
