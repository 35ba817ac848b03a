;; A parallel sum for wasi-threads (the wasm32-wasip1-threads ABI), to measure how a
;; compute-bound loop scales with threads: `run(threads)` splits 200,000,000 iterations of a
;; small integer loop between `threads` threads (the caller's own thread takes the first share),
;; adds their partial sums atomically and returns the total, which does not depend on the
;; thread count. Run: `kestrel wasm --invoke run parallel_sum.wat 2` (see run.sh).
(module
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "env" "memory" (memory 1 1 shared))
  (export "memory" (memory 0))
  ;; 4: shares done, 8: thread count, 16: the total (i64).
  (global $n i32 (i32.const 200000000))

  ;; The partial sum of share `k` of `threads`: sum of (i * i) xor (i >> 3) over its range.
  (func $share (param $k i32) (param $threads i32) (result i64)
    (local $i i32) (local $end i32) (local $sum i64) (local $per i32)
    (local.set $per (i32.div_u (global.get $n) (local.get $threads)))
    (local.set $i (i32.mul (local.get $k) (local.get $per)))
    (local.set $end (select (global.get $n) (i32.add (local.get $i) (local.get $per))
      (i32.eq (local.get $k) (i32.sub (local.get $threads) (i32.const 1)))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $sum (i64.add (local.get $sum)
          (i64.extend_i32_u (i32.xor (i32.mul (local.get $i) (local.get $i))
                                     (i32.shr_u (local.get $i) (i32.const 3))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $sum))

  (func $finish (param $sum i64)
    (drop (i64.atomic.rmw.add (i32.const 16) (local.get $sum)))
    (drop (i32.atomic.rmw.add (i32.const 4) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 4) (i32.const 1))))

  (func (export "wasi_thread_start") (param $tid i32) (param $k i32)
    (call $finish (call $share (local.get $k) (i32.atomic.load (i32.const 8)))))

  (func (export "run") (param $threads i32) (result i64)
    (local $k i32) (local $done i32)
    (i32.atomic.store (i32.const 8) (local.get $threads))
    (local.set $k (i32.const 1))
    (block $spawned
      (loop $more
        (br_if $spawned (i32.ge_u (local.get $k) (local.get $threads)))
        (if (i32.lt_s (call $spawn (local.get $k)) (i32.const 1)) (then (unreachable)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $more)))
    (call $finish (call $share (i32.const 0) (local.get $threads)))
    (block $all
      (loop $wait
        (br_if $all (i32.ge_u (local.tee $done (i32.atomic.load (i32.const 4))) (local.get $threads)))
        (drop (memory.atomic.wait32 (i32.const 4) (local.get $done) (i64.const -1)))
        (br $wait)))
    (i64.atomic.load (i32.const 16))))
