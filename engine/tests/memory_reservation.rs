//! `Config::memory_reservation`: a cap on the address space each linear memory reserves up
//! front. Memories under a small cap still grow to their full size (moving to larger
//! reservations, contents kept, wasm code seeing the new base), and many of them side by side
//! take little address space. A test binary of its own: it reads the process's address-space
//! size, which other tests' memories would disturb.

use kestrel::{Config, Engine, Instance, Module, Store};

/// A module whose memory starts at one page and has no maximum, with functions to grow it and
/// to store and load a byte at an address.
const MODULE: &str = r#"(module
    (memory (export "mem") 1)
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
    (func (export "store") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
    (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))"#;

fn engine_with_cap(bytes: u64) -> Engine {
    let mut config = Config::new();
    config.memory_reservation(bytes);
    Engine::new(&config)
}

#[test]
fn a_memory_under_a_small_cap_grows_past_it_and_keeps_its_contents() {
    let engine = engine_with_cap(128 << 10); // two pages
    let module = Module::new(&engine, MODULE).unwrap();
    let mut store = Store::new(&engine, ());
    let instance = Instance::new(&mut store, &module, &[]).unwrap();
    let grow = instance
        .get_typed_func::<i32, i32>(&mut store, "grow")
        .unwrap();
    let store8 = instance
        .get_typed_func::<(i32, i32), ()>(&mut store, "store")
        .unwrap();
    let load = instance
        .get_typed_func::<i32, i32>(&mut store, "load")
        .unwrap();

    // Grow one page at a time to 40 pages (2.5 MiB, many times the cap), writing a byte in
    // each new page, and check every byte written so far after each move.
    store8.call(&mut store, (100, 7)).unwrap();
    for pages in 2..=40 {
        assert_eq!(grow.call(&mut store, 1).unwrap(), pages - 1);
        let addr = (pages - 1) * 65536 + 100;
        store8.call(&mut store, (addr, pages)).unwrap();
        for earlier in 1..=pages {
            let expected = if earlier == 1 { 7 } else { earlier };
            assert_eq!(
                load.call(&mut store, (earlier - 1) * 65536 + 100).unwrap(),
                expected,
                "page {earlier} after growing to {pages} pages"
            );
        }
    }
    // The end of the memory is still a bounds check, not a fault.
    assert!(load.call(&mut store, 40 * 65536).is_err());
    let mem = instance.get_memory(&mut store, "mem").unwrap();
    assert_eq!(mem.size(&store), 40);
    assert_eq!(mem.data_mut(&mut store)[39 * 65536 + 100], 40);
}

/// Virtual memory size of this process in KiB (Linux `/proc/self/status`).
#[cfg(target_os = "linux")]
fn vm_size_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status
        .lines()
        .find(|l| l.starts_with("VmSize:"))
        .expect("VmSize line");
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[cfg(target_os = "linux")]
#[test]
fn many_memories_under_a_cap_reserve_little_address_space() {
    // 200 instances, each with a memory of one page and no maximum: by default each would
    // reserve 4 GiB (800 GiB in all on 64-bit hosts); capped at 1 MiB they take about 200 MiB.
    let engine = engine_with_cap(1 << 20);
    let module = Module::new(&engine, MODULE).unwrap();
    let mut store = Store::new(&engine, ());
    let before = vm_size_kib();
    let instances: Vec<_> = (0..200)
        .map(|_| Instance::new(&mut store, &module, &[]).unwrap())
        .collect();
    let grown_kib = vm_size_kib().saturating_sub(before);
    assert!(
        grown_kib < 300 << 10,
        "200 memories capped at 1 MiB took {grown_kib} KiB of address space"
    );
    // Each still works.
    for instance in &instances {
        let load = instance
            .get_typed_func::<i32, i32>(&mut store, "load")
            .unwrap();
        assert_eq!(load.call(&mut store, 65535).unwrap(), 0);
    }
}
