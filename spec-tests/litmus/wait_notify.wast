;; wait/notify between threads. $Waiter sleeps on a word until $Waker changes it and notifies;
;; if $Waker gets there first, the wait finds the word changed and returns at once ("not
;; equal"), so either outcome ends the handshake and nothing hangs. A wait on a word nobody
;; notifies times out. Then a ping-pong: 100 turns passed back and forth with wait and notify.

(module $Mem (memory (export "shared") 1 1 shared))

(thread $Waiter (shared (module $Mem))
  (register "mem" $Mem)
  (module
    (memory (import "mem" "shared") 1 1 shared)
    ;; 0 ("ok": woken) or 1 ("not-equal": the word was already 1).
    (func (export "wait_for_flag") (result i32)
      (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1)))
    ;; 2 ("timed-out") after 1 ms: nobody notifies address 64.
    (func (export "wait_alone") (result i32)
      (memory.atomic.wait32 (i32.const 64) (i32.const 0) (i64.const 1000000)))
    ;; Takes odd turns 1, 3, ... 199 at address 128: waits while the turn is not its own.
    (func (export "ping") (result i32)
      (local $turn i32)
      (local.set $turn (i32.const 1))
      (loop $next
        (block $mine
          (loop $sleep
            (br_if $mine (i32.eq (i32.atomic.load (i32.const 128))
                                 (i32.sub (local.get $turn) (i32.const 1))))
            (drop (memory.atomic.wait32 (i32.const 128)
                    (i32.atomic.load (i32.const 128)) (i64.const 10000000)))
            (br $sleep)))
        (i32.atomic.store (i32.const 128) (local.get $turn))
        (drop (memory.atomic.notify (i32.const 128) (i32.const 1)))
        (br_if $next (i32.lt_u (local.tee $turn (i32.add (local.get $turn) (i32.const 2)))
          (i32.const 200))))
      (i32.atomic.load (i32.const 128))))
  (assert_return (invoke "wait_for_flag") (either (i32.const 0) (i32.const 1)))
  (assert_return (invoke "wait_alone") (i32.const 2))
  (assert_return (invoke "ping") (either (i32.const 199) (i32.const 200))))

(thread $Waker (shared (module $Mem))
  (register "mem" $Mem)
  (module
    (memory (import "mem" "shared") 1 1 shared)
    ;; Sets the flag, then notifies until the waiter has been woken or never slept (the
    ;; ping-pong below starts only once the flag is seen, so the waiter is past its wait).
    (func (export "raise_flag") (result i32)
      (i32.atomic.store (i32.const 0) (i32.const 1))
      (memory.atomic.notify (i32.const 0) (i32.const 1)))
    ;; Takes even turns 2, 4, ... 200 at address 128.
    (func (export "pong") (result i32)
      (local $turn i32)
      (local.set $turn (i32.const 2))
      (loop $next
        (block $mine
          (loop $sleep
            (br_if $mine (i32.eq (i32.atomic.load (i32.const 128))
                                 (i32.sub (local.get $turn) (i32.const 1))))
            (drop (memory.atomic.wait32 (i32.const 128)
                    (i32.atomic.load (i32.const 128)) (i64.const 10000000)))
            (br $sleep)))
        (i32.atomic.store (i32.const 128) (local.get $turn))
        (drop (memory.atomic.notify (i32.const 128) (i32.const 1)))
        (br_if $next (i32.le_u (local.tee $turn (i32.add (local.get $turn) (i32.const 2)))
          (i32.const 200))))
      (i32.atomic.load (i32.const 128))))
  (assert_return (invoke "raise_flag") (either (i32.const 0) (i32.const 1)))
  (assert_return (invoke "pong") (i32.const 200)))

(wait $Waiter)
(wait $Waker)
