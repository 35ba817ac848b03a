;; Throw through ten frames: every iteration calls $down with depth 9, which recurses (a plain
;; call, not a tail call: its result is used) down to depth 0 and throws there, adding its
;; depth to the payload on the way; the try_table around the first call catches it.
;; The payload reaching the catch is (i ^ 0x5bd1e995) + 45 (0 + 1 + ... + 9).
;;   acc = acc * 31 + payload, for i in 0..n
(module
  (tag $e (param i64))
  (func $down (param $depth i32) (param $v i64) (result i64)
    (if (i32.eqz (local.get $depth))
      (then (throw $e (local.get $v))))
    (i64.add
      (call $down
        (i32.sub (local.get $depth) (i32.const 1))
        (i64.add (local.get $v) (i64.extend_i32_u (local.get $depth))))
      (i64.const 1)))
  (func (export "run") (param $n i64) (result i64)
    (local $i i64) (local $acc i64)
    (loop $next
      (local.set $acc
        (i64.add
          (i64.mul (local.get $acc) (i64.const 31))
          (block $caught (result i64)
            (try_table (catch $e $caught)
              (drop
                (call $down (i32.const 9) (i64.xor (local.get $i) (i64.const 0x5bd1e995)))))
            (unreachable))))
      (local.set $i (i64.add (local.get $i) (i64.const 1)))
      (br_if $next (i64.lt_u (local.get $i) (local.get $n))))
    (local.get $acc)))
