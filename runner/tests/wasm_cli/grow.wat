;; `_start` grows memory by 100 pages (6.25 MiB): exit status 0 when that works, 3 when the
;; growth is refused (memory.grow returns -1), as under --max-memory 1M.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func $main (export "_start")
    (if (i32.eq (memory.grow (i32.const 100)) (i32.const -1))
      (then (call $exit (i32.const 3))))
    (call $exit (i32.const 0))))
