;; Threads used wrongly, each line judged on its own: a failing assertion inside a thread is
;; reported at its line when the thread is waited for; a thread cannot call the module it
;; shares (another store's); a second `wait` finds no thread; a thread nobody waits for is
;; joined and reported at the end.
(module $Mem (memory (export "shared") 1 1 shared) (func (export "f") (result i32) (i32.const 1)))
(thread $T (shared (module $Mem))
  (register "mem" $Mem)
  (module (memory (import "mem" "shared") 1 1 shared) (func (export "g") (result i32) (i32.const 2)))
  (assert_return (invoke "g") (i32.const 3))
  (assert_return (invoke $Mem "f") (i32.const 1)))
(wait $T)
(wait $T)
(thread $U (module (func (export "h") unreachable)) (assert_trap (invoke "h") "unreachable"))
