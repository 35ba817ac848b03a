#!/bin/sh
# Compares two `kestrel` binaries on one thread's shared-memory accesses
# (benches/threads/shared_access.wat: `plain` and `atomic`, 30 million rounds each), in
# alternating rounds, and prints each program's median times and the ratio B ÷ A. For example,
# the inline-assembly accesses against `std`'s atomics (runtime/racy/):
#   KESTREL_RACY=std cargo build --release -p kestrel-runner && cp target/release/kestrel /tmp/k-std
#   cargo build --release -p kestrel-runner && cp target/release/kestrel /tmp/k-asm
#   benches/threads/compare.sh /tmp/k-std /tmp/k-asm 5
# Usage: benches/threads/compare.sh A B [rounds]
set -eu
cd "$(dirname "$0")/../.."
a=${1:?usage: compare.sh A B [rounds]}
b=${2:?usage: compare.sh A B [rounds]}
rounds=${3:-5}
wat=benches/threads/shared_access.wat
median() { echo "$@" | tr ' ' '\n' | sed '/^$/d' | sort -n | awk '{x[NR]=$1} END {print x[int((NR+1)/2)]}'; }
for f in plain atomic; do
  ta=""; tb=""
  for r in $(seq "$rounds"); do
    for which in a b; do
      if [ "$which" = a ]; then bin=$a; else bin=$b; fi
      start=$(date +%s.%N)
      out=$("$bin" wasm --invoke "$f" "$wat" 30000000)
      end=$(date +%s.%N)
      secs=$(echo "$end - $start" | bc)
      echo "$f round $r, $which: $secs s ($out)"
      if [ "$which" = a ]; then ta="$ta $secs"; else tb="$tb $secs"; fi
    done
  done
  ma=$(median $ta); mb=$(median $tb)
  echo "$f: median A $ma s, B $mb s, ratio B/A $(echo "scale=3; $mb / $ma" | bc)"
done
