;; Message passing: one thread writes a value with a plain store, then raises a flag with an
;; atomic store; the other waits for the flag with atomic loads, then reads the value with a
;; plain load. The atomics are sequentially consistent, so the reader sees the value: 1000
;; messages, each in its own slot, in order.

(module $Mem (memory (export "shared") 1 1 shared))

(thread $Sender (shared (module $Mem))
  (register "mem" $Mem)
  (module
    (memory (import "mem" "shared") 1 1 shared)
    (func (export "send")
      (local $k i32)
      (loop $next
        ;; value k * 7 + 3 at 8k, flag at 8k + 4
        (i32.store (i32.shl (local.get $k) (i32.const 3))
          (i32.add (i32.mul (local.get $k) (i32.const 7)) (i32.const 3)))
        (i32.atomic.store offset=4 (i32.shl (local.get $k) (i32.const 3)) (i32.const 1))
        (br_if $next (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1)))
          (i32.const 1000))))))
  (invoke "send"))

(thread $Receiver (shared (module $Mem))
  (register "mem" $Mem)
  (module
    (memory (import "mem" "shared") 1 1 shared)
    ;; The number of messages read wrong (0 when all are right).
    (func (export "receive") (result i32)
      (local $k i32) (local $wrong i32)
      (loop $next
        (loop $spin
          (br_if $spin (i32.eqz
            (i32.atomic.load offset=4 (i32.shl (local.get $k) (i32.const 3))))))
        (if (i32.ne (i32.load (i32.shl (local.get $k) (i32.const 3)))
                    (i32.add (i32.mul (local.get $k) (i32.const 7)) (i32.const 3)))
          (then (local.set $wrong (i32.add (local.get $wrong) (i32.const 1)))))
        (br_if $next (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1)))
          (i32.const 1000))))
      (local.get $wrong)))
  (assert_return (invoke "receive") (i32.const 0)))

(wait $Sender)
(wait $Receiver)
