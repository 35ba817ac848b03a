;; A counting loop: increment, compare and branch back (dispatch overhead of the hottest
;; instruction sequence of every interpreter).
(module
  (func (export "run") (param $n i64) (result i64)
    (local $i i64)
    (loop $again
      (local.set $i (i64.add (local.get $i) (i64.const 1)))
      (br_if $again (i64.lt_u (local.get $i) (local.get $n))))
    (local.get $i)))
