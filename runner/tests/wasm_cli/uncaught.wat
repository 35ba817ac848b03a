;; A WASI command whose exception no handler catches: `kestrel wasm` reports the tag and the
;; payload and exits 134, as for a trap.
(module
  (tag $oops (export "oops") (param i32 i64))
  (func $deep (param i32) (throw $oops (local.get 0) (i64.const -7)))
  (func (export "_start")
    (try_table (catch_all 0) (nop))
    (call $deep (i32.const 42))))
