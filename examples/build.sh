#!/usr/bin/env bash
# Rebuilds examples/*.wasm from their sources (needs the wasm32-wasip1 Rust target).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
target="${CARGO_TARGET_DIR:-$here/../target}/examples-wasm"
CARGO_TARGET_DIR="$target" cargo build --release --target wasm32-wasip1 \
    --manifest-path "$here/wasi_example_main/Cargo.toml"
cp "$target/wasm32-wasip1/release/wasi_example_main.wasm" "$here/wasi_example_main.wasm"
echo "built $here/wasi_example_main.wasm"
