;; Traps in a named function two calls deep: the CLI prints the backtrace and exits 134.
(module
  (memory (export "memory") 1)
  (func $boom unreachable)
  (func $middle (call $boom))
  (func $main (export "_start") (call $middle)))
