#!/usr/bin/env bash
# Rebuilds ../threads_demo.wasm from src/ with Rust's wasm32-wasip1-threads target
# (`rustup target add wasm32-wasip1-threads`). The .wasm is committed, so tests need no toolchain.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
target="${CARGO_TARGET_DIR:-$here/../../../../target}/threads-demo"
CARGO_TARGET_DIR="$target" cargo build --release --target wasm32-wasip1-threads \
    --manifest-path "$here/Cargo.toml"
cp "$target/wasm32-wasip1-threads/release/threads-demo.wasm" "$here/../threads_demo.wasm"
ls -l "$here/../threads_demo.wasm"
