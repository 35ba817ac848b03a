;; Grows its memory by 16 pages (1 MiB) and exits 0 if that failed, 1 if it worked: under
;; --max-memory 256K the growth must fail (memory.grow gives -1), not trap.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (call $proc_exit (i32.ne (memory.grow (i32.const 16)) (i32.const -1)))))
