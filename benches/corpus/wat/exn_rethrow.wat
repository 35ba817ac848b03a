;; Catch with a reference and rethrow: $inner throws, catches its own exception with catch_ref
;; (so the exception is kept as an exnref), adds the payload to $seen and rethrows it with
;; throw_ref; run's try_table catches the rethrown exception one frame up.
;;   seen += v; acc = acc * 31 + v, with v = i ^ 0x5bd1e995, for i in 0..n; result acc ^ seen
(module
  (tag $e (param i64))
  (global $seen (mut i64) (i64.const 0))
  (func $inner (param $v i64) (result i64)
    (local $exn exnref)
    (block $caught (result i64 exnref)
      (try_table (catch_ref $e $caught)
        (throw $e (local.get $v)))
      (unreachable))
    (local.set $exn)
    (global.set $seen (i64.add (global.get $seen)))
    (throw_ref (local.get $exn)))
  (func (export "run") (param $n i64) (result i64)
    (local $i i64) (local $acc i64)
    (loop $next
      (local.set $acc
        (i64.add
          (i64.mul (local.get $acc) (i64.const 31))
          (block $caught (result i64)
            (try_table (catch $e $caught)
              (drop (call $inner (i64.xor (local.get $i) (i64.const 0x5bd1e995)))))
            (unreachable))))
      (local.set $i (i64.add (local.get $i) (i64.const 1)))
      (br_if $next (i64.lt_u (local.get $i) (local.get $n))))
    (i64.xor (local.get $acc) (global.get $seen))))
