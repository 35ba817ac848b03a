#!/usr/bin/env bash
# Rebuilds the benchmark corpus: every program (c/, simd/, rust/) to wasm (committed in wasm/)
# and natively (in native/, not committed: the native column of `compare`), and records each
# program's native output in expected/ (committed: the checksums every engine must reproduce).
#
# Needs: Debian clang + lld + wasi-libc + libclang-rt-dev-wasm32 (the wasm32 compiler-rt
# builtins), and rustup's wasm32-wasip1 target:
#   apt-get install clang lld wasi-libc libclang-rt-dev-wasm32
#   rustup target add wasm32-wasip1
# Usage: benches/corpus/build.sh [--no-large] [--native-only] [--only NAME,NAME...]
#   --only: just the named programs (e.g. `--only simd_utf8,simd_fir`; `large` for the large
#   module), leaving every other module and output as it is.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

build_large=1
build_wasm=1
only=""
while (( $# )); do
  case "$1" in
    --no-large) build_large=0 ;;
    --native-only) build_wasm=0; build_large=0 ;;
    --only) shift; only=",${1:?--only needs a list of names},"
      [[ "$only" == *,large,* ]] || build_large=0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
# Whether program $1 is to be built (every program unless --only names some).
wanted() { [[ -z "$only" || "$only" == *",$1,"* ]]; }
built=()

CC="${CC_WASM:-clang}"
WASM_CFLAGS=(--target=wasm32-wasi -O2 -Wall -Werror -s)
NATIVE_CFLAGS=(-O2 -Wall -Werror)
mkdir -p wasm native expected

# C programs. memops is built with bulk memory so memcpy/memset become memory.copy/fill.
c_programs=(fib sieve sha256 matmul nbody quicksort crc32 bytecode_vm memops coremark_like hello)
for p in "${c_programs[@]}"; do
  wanted "$p" || continue
  built+=("$p")
  extra=()
  [[ "$p" == memops ]] && extra=(-mbulk-memory)
  if (( build_wasm )); then
    "$CC" "${WASM_CFLAGS[@]}" "${extra[@]}" "c/$p.c" -o "wasm/$p.wasm"
  fi
  "${CC_NATIVE:-clang}" "${NATIVE_CFLAGS[@]}" "c/$p.c" -o "native/$p" -lm
done

# SIMD kernels (simd/): each built twice, with -msimd128 (wasm/<name>.wasm: the intrinsics under
# `#ifdef __wasm_simd128__`, or clang's loop vectoriser for simd_autovec) and without
# (wasm/<name>_scalar.wasm: the same source's plain C). Both print the native build's output.
# The held-out kernels (simd_utf8 ... simd_autovec2) were written after the SIMD tuning, which
# only looked at the first five; see benches/README.md.
simd_programs=(simd_dot simd_blur simd_memchr simd_checksum simd_autovec
               simd_utf8 simd_fir simd_rgb simd_autovec2)
for p in "${simd_programs[@]}"; do
  wanted "$p" || continue
  built+=("$p")
  if (( build_wasm )); then
    "$CC" "${WASM_CFLAGS[@]}" -msimd128 "simd/$p.c" -o "wasm/$p.wasm"
    "$CC" "${WASM_CFLAGS[@]}" "simd/$p.c" -o "wasm/${p}_scalar.wasm"
  fi
  "${CC_NATIVE:-clang}" "${NATIVE_CFLAGS[@]}" "simd/$p.c" -o "native/$p" -lm
done

# Rust programs.
rust_programs=()
for p in hashmap strings; do
  if wanted "$p"; then rust_programs+=("$p"); fi
done
if (( ${#rust_programs[@]} )); then
  (
    cd rust
    if (( build_wasm )); then cargo build --quiet --release --target wasm32-wasip1; fi
    cargo build --quiet --release
  )
fi
for p in "${rust_programs[@]}"; do
  built+=("$p")
  if (( build_wasm )); then cp "rust/target/wasm32-wasip1/release/$p.wasm" "wasm/$p.wasm"; fi
  cp "rust/target/release/$p" "native/$p"
done

# The large start-up module (several MB of code from real crates).
if (( build_large )); then
  (cd large && cargo build --quiet --release --target wasm32-wasip1)
  cp large/target/wasm32-wasip1/release/kestrel-bench-large.wasm wasm/large.wasm
fi

# Reference outputs: what every engine must print.
for p in "${built[@]}"; do
  "./native/$p" > "expected/$p.txt"
done
echo "corpus built: $(ls wasm | wc -l) wasm modules, outputs in expected/"
