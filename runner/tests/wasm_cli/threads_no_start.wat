;; wasi-threads: a module that spawns a thread but has no entry point for one.
;; The same program without a `wasi_thread_start` export: `thread-spawn` fails (-1).
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi" "thread-spawn" (func $spawn (param i32) (result i32)))
  (import "env" "memory" (memory 1 1 shared))
  (export "memory" (memory 0))
  (data (i32.const 16) "\40\00\00\00\08\00\00\00\50\00\00\00\0a\00\00\00")
  (data (i32.const 64) "spawned\n")
  (data (i32.const 80) "no thread\n")
  (func $not_the_start_export (param i32 i32)
    (drop (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1))))
  (func (export "_start")
    (if (i32.gt_s (call $spawn (i32.const 0)) (i32.const 0))
      (then (drop (call $fd_write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 32))))
      (else (drop (call $fd_write (i32.const 1) (i32.const 24) (i32.const 1) (i32.const 32)))))))
