#!/usr/bin/env bash
# Rebuilds the WASI test programs into wasm/ from their sources:
#   rust/  with the wasm32-wasip1 Rust target (`rustup target add wasm32-wasip1`)
#   c/     with Debian's clang + wasi-libc (`apt-get install clang lld wasi-libc libclang-rt-dev-wasm32`)
# The .wasm files are committed, so the tests never need these toolchains.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
target="${CARGO_TARGET_DIR:-$here/../../../target}/wasi-programs"
CARGO_TARGET_DIR="$target" cargo build --release --target wasm32-wasip1 \
    --manifest-path "$here/rust/Cargo.toml"
for bin in "$here"/rust/src/bin/*.rs; do
    name="$(basename "$bin" .rs)"
    cp "$target/wasm32-wasip1/release/$name.wasm" "$here/wasm/$name.wasm"
done
for src in "$here"/c/*.c; do
    name="$(basename "$src" .c)"
    clang --target=wasm32-wasi -O2 -Wall -Werror -Wl,--strip-all "$src" -o "$here/wasm/$name.wasm"
done
ls -l "$here/wasm"
