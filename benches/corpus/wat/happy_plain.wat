;; happy_try_table.wat's loop without its try_table (the tag and the throw in $step stay):
;;   acc = rotl(acc * 31 + (i ^ (i >> 3)), 5) + i, for i in 0..n
(module
  (tag $e (param i64))
  (func $step (param $acc i64) (param $i i64) (result i64)
    (if (i64.eq (local.get $i) (i64.const -1))
      (then (throw $e (local.get $acc))))
    (i64.add
      (i64.mul (local.get $acc) (i64.const 31))
      (i64.xor (local.get $i) (i64.shr_u (local.get $i) (i64.const 3)))))
  (func (export "run") (param $n i64) (result i64)
    (local $i i64) (local $acc i64)
    (loop $next
      (local.set $acc (call $step (local.get $acc) (local.get $i)))
      (local.set $acc
        (i64.add (i64.rotl (local.get $acc) (i64.const 5)) (local.get $i)))
      (local.set $i (i64.add (local.get $i) (i64.const 1)))
      (br_if $next (i64.lt_u (local.get $i) (local.get $n))))
    (local.get $acc)))
