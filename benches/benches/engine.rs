//! Criterion benchmarks of Kestrel alone (no peers): small WAT kernels that isolate one cost
//! each (call overhead, dispatch of a counting loop, memory access), and compile +
//! instantiate of the corpus modules in both compilation modes.
//!
//! A kernel is a file: `benches/wat/<name>.wat` exporting `run: (i64) -> i64`; its argument
//! is listed in `KERNELS`. Run with `cargo bench -p kestrel-benches`.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use kestrel::{CompilationMode, Config, Engine, Instance, Linker, Module, Store};
use kestrel_benches::corpus::Program;
use std::hint::black_box;
use std::path::Path;

/// (file stem, argument of `run`, expected result).
const KERNELS: &[(&str, i64, i64)] = &[
    ("fib", 25, 75_025),
    ("count_loop", 1_000_000, 1_000_000),
    ("sum_memory", 1 << 20, 0),
];

fn wat(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("benches/wat")
        .join(format!("{name}.wat"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn engine(mode: CompilationMode) -> Engine {
    let mut config = Config::new();
    config.compilation_mode(mode);
    Engine::new(&config)
}

fn kernels(c: &mut Criterion) {
    let engine = engine(CompilationMode::Eager);
    let mut group = c.benchmark_group("kernel");
    for &(name, arg, expected) in KERNELS {
        let module = Module::new(&engine, wat(name)).expect("kernel compiles");
        let mut store = Store::new(&engine, ());
        let instance = Instance::new(&mut store, &module, &[]).expect("kernel instantiates");
        let run = instance
            .get_typed_func::<i64, i64>(&mut store, "run")
            .expect("exports run");
        let got = run.call(&mut store, arg).expect("kernel runs");
        if expected != 0 {
            assert_eq!(got, expected, "{name}({arg})");
        }
        group.bench_function(BenchmarkId::new(name, arg), |b| {
            b.iter(|| run.call(&mut store, black_box(arg)).expect("kernel runs"))
        });
    }
    group.finish();
}

fn compile_instantiate(c: &mut Criterion) {
    let mut group = c.benchmark_group("compile_instantiate");
    group.sample_size(10);
    for name in ["hello", "coremark_like", "large"] {
        let program = Program::by_name(name).expect("corpus program");
        let bytes = std::fs::read(program.wasm_path()).expect("corpus wasm is committed");
        for (mode_name, mode) in [
            ("lazy", CompilationMode::Lazy),
            ("eager", CompilationMode::Eager),
        ] {
            let engine = engine(mode);
            let mut linker = Linker::<kestrel_wasi::WasiCtx>::new(&engine);
            kestrel_wasi::add_to_linker(&mut linker, |ctx| ctx).expect("WASI links");
            group.bench_function(BenchmarkId::new(name, mode_name), |b| {
                b.iter(|| {
                    let module = Module::from_binary(&engine, black_box(&bytes)).expect("compiles");
                    let wasi = kestrel_wasi::WasiCtxBuilder::new()
                        .build()
                        .expect("WASI context");
                    let mut store = Store::new(&engine, wasi);
                    linker
                        .instantiate(&mut store, &module)
                        .expect("instantiates")
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, kernels, compile_instantiate);
criterion_main!(benches);
