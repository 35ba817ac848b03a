;; Store buffering: in each of 1000 rounds, thread A stores 1 to x then loads y, and thread B
;; stores 1 to y then loads x, all with sequentially consistent atomics. Some store comes first
;; in the single total order, so at least one of the two loads sees 1: no round may end with
;; both loads 0 (which weaker orderings would allow). The threads go through the rounds at their
;; own pace; each round has its own x and y (at 8k and 8k + 4) and its own results (at 16384 +
;; 8k for A, + 4 for B).

(module $Mem
  (memory (export "shared") 1 1 shared)
  ;; Rounds in which both loads saw 0.
  (func (export "both_zero") (result i32)
    (local $k i32) (local $bad i32)
    (loop $next
      (if (i32.eqz (i32.or
            (i32.load offset=16384 (i32.shl (local.get $k) (i32.const 3)))
            (i32.load offset=16388 (i32.shl (local.get $k) (i32.const 3)))))
        (then (local.set $bad (i32.add (local.get $bad) (i32.const 1)))))
      (br_if $next (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1)))
        (i32.const 1000))))
    (local.get $bad)))

(thread $A (shared (module $Mem))
  (register "mem" $Mem)
  (module
    (memory (import "mem" "shared") 1 1 shared)
    (func (export "run")
      (local $k i32) (local $at i32)
      (loop $next
        (local.set $at (i32.shl (local.get $k) (i32.const 3)))
        (i32.atomic.store (local.get $at) (i32.const 1))
        (i32.store offset=16384 (local.get $at) (i32.atomic.load offset=4 (local.get $at)))
        (br_if $next (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1)))
          (i32.const 1000))))))
  (invoke "run"))

(thread $B (shared (module $Mem))
  (register "mem" $Mem)
  (module
    (memory (import "mem" "shared") 1 1 shared)
    (func (export "run")
      (local $k i32) (local $at i32)
      (loop $next
        (local.set $at (i32.shl (local.get $k) (i32.const 3)))
        (i32.atomic.store offset=4 (local.get $at) (i32.const 1))
        (i32.store offset=16388 (local.get $at) (i32.atomic.load (local.get $at)))
        (br_if $next (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1)))
          (i32.const 1000))))))
  (invoke "run"))

(wait $A)
(wait $B)
(assert_return (invoke $Mem "both_zero") (i32.const 0))
