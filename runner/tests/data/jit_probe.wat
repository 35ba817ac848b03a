;; A module the Cranelift tier compiles: the probe that a `kestrel` binary has the tier.
(module (func (export "f") (result i32) (i32.const 7)))
