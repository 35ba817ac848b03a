;; Throw and catch in the same function: every iteration throws an i64 out of a try_table in
;; its own body and catches it one block out. The payload feeds the checksum.
;;   acc = acc * 31 + (i ^ 0x5bd1e995), for i in 0..n
(module
  (tag $e (param i64))
  (func (export "run") (param $n i64) (result i64)
    (local $i i64) (local $acc i64)
    (loop $next
      (local.set $acc
        (i64.add
          (i64.mul (local.get $acc) (i64.const 31))
          (block $caught (result i64)
            (try_table (catch $e $caught)
              (throw $e (i64.xor (local.get $i) (i64.const 0x5bd1e995))))
            (unreachable))))
      (local.set $i (i64.add (local.get $i) (i64.const 1)))
      (br_if $next (i64.lt_u (local.get $i) (local.get $n))))
    (local.get $acc)))
