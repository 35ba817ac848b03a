;; The cost of one thread's accesses to a shared memory, for comparing two builds of
;; `kestrel` (benches/threads/compare.sh): `plain(n)` does n rounds of plain loads and stores
;; (an aligned i32 load and store, a byte load, an i64 load and store), `atomic(n)` n rounds of
;; atomic operators (an i32 rmw.add, a byte atomic load and store, an i32 cmpxchg), spread over
;; the 64 KiB memory. Both return a word of memory so that the work cannot be skipped.
(module
  (memory 1 1 shared)
  ;; n plain load/store pairs over a 64 KiB shared memory
  (func (export "plain") (param $n i32) (result i32)
    (local $i i32) (local $a i32)
    (loop $l
      (local.set $a (i32.and (i32.mul (local.get $i) (i32.const 4)) (i32.const 0xfffc)))
      (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (i32.load8_u offset=1 (local.get $a))))
      (i64.store offset=8 (i32.and (local.get $a) (i32.const 0xffe0)) (i64.load (i32.and (local.get $a) (i32.const 0xffe0))))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (i32.load (i32.const 0)))
  (func (export "atomic") (param $n i32) (result i32)
    (local $i i32) (local $a i32)
    (loop $l
      (local.set $a (i32.and (i32.mul (local.get $i) (i32.const 4)) (i32.const 0xfffc)))
      (drop (i32.atomic.rmw.add (local.get $a) (i32.const 1)))
      (i32.atomic.store8 (local.get $a) (i32.atomic.load8_u offset=1 (local.get $a)))
      (drop (i32.atomic.rmw.cmpxchg (local.get $a) (i32.const 5) (i32.const 7)))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (i32.atomic.load (i32.const 0))))
