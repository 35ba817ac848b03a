;; Plain (non-atomic) accesses racing, of different sizes, on the same bytes: one thread
;; stores 0x01 bytes with i32 and i64 stores, the other 0x02 bytes with i16 stores and byte
;; stores (some unaligned), and both load what they can. Wasm lets such races tear, but every
;; byte read is one some store wrote: each ends as 0x00 (never written), 0x01 or 0x02, and the
;; run completes without a trap.

(module $Mem
  (memory (export "shared") 1 1 shared)
  ;; Bytes of the first 4096 that are not 0, 1 or 2.
  (func (export "strange_bytes") (result i32)
    (local $i i32) (local $bad i32)
    (loop $next
      (if (i32.gt_u (i32.load8_u (local.get $i)) (i32.const 2))
        (then (local.set $bad (i32.add (local.get $bad) (i32.const 1)))))
      (br_if $next (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
        (i32.const 4096))))
    (local.get $bad)))

(thread $Wide (shared (module $Mem))
  (register "mem" $Mem)
  (module
    (memory (import "mem" "shared") 1 1 shared)
    (func (export "run") (result i32)
      (local $n i32) (local $at i32) (local $seen i64)
      (loop $next
        (local.set $at (i32.and (i32.mul (local.get $n) (i32.const 12)) (i32.const 4088)))
        (i32.store (local.get $at) (i32.const 0x01010101))
        (i64.store offset=1 (local.get $at) (i64.const 0x0101010101010101))
        (local.set $seen (i64.or (local.get $seen) (i64.load (local.get $at))))
        (br_if $next (i32.lt_u (local.tee $n (i32.add (local.get $n) (i32.const 1)))
          (i32.const 100000))))
      ;; Every byte of every load was 0, 1 or 2, so their or has only bits 0 and 1 per byte.
      (i64.eqz (i64.and (local.get $seen) (i64.const 0xfcfcfcfcfcfcfcfc)))))
  (assert_return (invoke "run") (i32.const 1)))

(thread $Narrow (shared (module $Mem))
  (register "mem" $Mem)
  (module
    (memory (import "mem" "shared") 1 1 shared)
    (func (export "run") (result i32)
      (local $n i32) (local $at i32) (local $seen i32)
      (loop $next
        (local.set $at (i32.and (i32.mul (local.get $n) (i32.const 7)) (i32.const 4092)))
        (i32.store16 (local.get $at) (i32.const 0x0202))
        (i32.store8 offset=3 (local.get $at) (i32.const 0x02))
        (local.set $seen (i32.or (local.get $seen) (i32.load offset=1 (local.get $at))))
        (br_if $next (i32.lt_u (local.tee $n (i32.add (local.get $n) (i32.const 1)))
          (i32.const 100000))))
      (i32.eqz (i32.and (local.get $seen) (i32.const 0xfcfcfcfc)))))
  (assert_return (invoke "run") (i32.const 1)))

(wait $Wide)
(wait $Narrow)
(assert_return (invoke $Mem "strange_bytes") (i32.const 0))
