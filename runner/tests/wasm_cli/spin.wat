;; Never returns on its own: `_start` loops forever (for --timeout and --fuel).
(module
  (memory (export "memory") 1)
  (func $spin (loop (br 0)))
  (func $main (export "_start") (call $spin)))
