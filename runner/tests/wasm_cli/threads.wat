;; A wasi-threads program (the wasm32-wasip1-threads ABI): `_start` spawns four threads with
;; `wasi::thread-spawn`; each adds its argument + 1 to a shared sum, prints a line and counts
;; itself done, waking the main thread, which waits (memory.atomic.wait32) until all four are
;; done, checks the sum (1 + 2 + 3 + 4) and prints "done". Exit 1: wrong sum; 2: a spawn failed.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "env" "memory" (memory 1 1 shared))
  (export "memory" (memory 0))
  ;; 0: sum, 4: threads done, 16: iovec of "thread\n", 24: iovec of "done\n", 32..: nwritten.
  (data (i32.const 16) "\40\00\00\00\07\00\00\00\50\00\00\00\05\00\00\00")
  (data (i32.const 64) "thread\n")
  (data (i32.const 80) "done\n")
  (func (export "wasi_thread_start") (param $tid i32) (param $arg i32)
    (drop (i32.atomic.rmw.add (i32.const 0) (i32.add (local.get $arg) (i32.const 1))))
    (drop (call $fd_write (i32.const 1) (i32.const 16) (i32.const 1)
      (i32.add (i32.const 32) (i32.shl (i32.and (local.get $tid) (i32.const 7)) (i32.const 2)))))
    (drop (i32.atomic.rmw.add (i32.const 4) (i32.const 1)))
    (drop (memory.atomic.notify (i32.const 4) (i32.const 1))))
  (func (export "_start") (local $i i32) (local $done i32)
    (loop $spawn
      (if (i32.lt_s (call $spawn (local.get $i)) (i32.const 1))
        (then (call $proc_exit (i32.const 2))))
      (br_if $spawn (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 4))))
    (block $all
      (loop $wait
        (br_if $all (i32.eq (local.tee $done (i32.atomic.load (i32.const 4))) (i32.const 4)))
        (drop (memory.atomic.wait32 (i32.const 4) (local.get $done) (i64.const -1)))
        (br $wait)))
    (if (i32.ne (i32.atomic.load (i32.const 0)) (i32.const 10))
      (then (call $proc_exit (i32.const 1))))
    (drop (call $fd_write (i32.const 1) (i32.const 24) (i32.const 1) (i32.const 60)))))
