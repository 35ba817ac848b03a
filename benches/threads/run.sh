#!/bin/sh
# How the parallel part of a wasi-threads program scales on Kestrel: times two programs on 1
# and 2 threads, alternating rounds, with the release `kestrel` (build it first:
# cargo build --release -p kestrel-runner), and prints each run and the median ratio
# 2 threads ÷ 1 thread per program:
#   - rust-sum: runner/tests/wasm_cli/threads_demo.wasm (Rust, wasm32-wasip1-threads,
#     std::thread::scope), `sum 200000000 T`;
#   - wat-sum: benches/threads/parallel_sum.wat (hand-written), `run(T)`.
# The total work is the same on 1 and 2 threads, so a ratio near 0.5 is perfect scaling.
# Usage: benches/threads/run.sh [rounds]
set -eu
cd "$(dirname "$0")/../.."
rounds=${1:-5}
kestrel=target/release/kestrel
median() { echo "$@" | tr ' ' '\n' | sed '/^$/d' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
run() { # program threads
  case $1 in
    rust-sum) "$kestrel" wasm runner/tests/wasm_cli/threads_demo.wasm sum 200000000 "$2" ;;
    wat-sum) "$kestrel" wasm --invoke run benches/threads/parallel_sum.wat "$2" ;;
  esac
}
for program in rust-sum wat-sum; do
  one=""; two=""
  for r in $(seq "$rounds"); do
    for t in 1 2; do
      start=$(date +%s.%N)
      out=$(run "$program" "$t")
      end=$(date +%s.%N)
      secs=$(echo "$end - $start" | bc)
      echo "$program round $r, $t thread(s): $secs s ($out)"
      if [ "$t" = 1 ]; then one="$one $secs"; else two="$two $secs"; fi
    done
  done
  m1=$(median $one); m2=$(median $two)
  echo "$program: median 1 thread $m1 s, 2 threads $m2 s, ratio 2/1 $(echo "scale=2; $m2 / $m1" | bc)"
done
