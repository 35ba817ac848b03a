;; A module the Cranelift tier compiles: tells whether a `kestrel` binary has the tier.
(module (func (export "f") (result i32) (i32.const 7)))
