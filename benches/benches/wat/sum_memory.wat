;; Sums the bytes of linear memory, 8 at a time: loads, adds and a loop (memory access path).
(module
  (memory (export "memory") 16)
  (func (export "run") (param $n i64) (result i64)
    (local $addr i32) (local $sum i64) (local $end i32)
    (local.set $end (i32.wrap_i64 (local.get $n)))
    (block $done
      (loop $again
        (br_if $done (i32.ge_u (local.get $addr) (local.get $end)))
        (local.set $sum (i64.add (local.get $sum) (i64.load (local.get $addr))))
        (i64.store (local.get $addr) (local.get $sum))
        (local.set $addr (i32.add (local.get $addr) (i32.const 8)))
        (br $again)))
    (local.get $sum)))
