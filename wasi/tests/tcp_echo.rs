//! The TCP echo program serves 1,000 connections on a preopened loopback listener, and a
//! client here checks every byte comes back.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::Path;

use kestrel::{Engine, Linker, Module, Store};
use kestrel_wasi::{I32Exit, WasiCtx, WasiCtxBuilder, WritePipe};

const CONNECTIONS: usize = 1000;

struct State {
    wasi: WasiCtx,
}

/// Connection `i` sends a payload of a size and content that depend on `i`.
fn payload(i: usize) -> Vec<u8> {
    let len = 1 + (i * 7919) % 6000;
    (0..len)
        .map(|j| (i.wrapping_mul(31) ^ j.wrapping_mul(7)) as u8)
        .collect()
}

#[test]
fn echo_server_serves_a_thousand_connections() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let client = std::thread::spawn(move || {
        let mut total = 0usize;
        for i in 0..CONNECTIONS {
            let mut s = TcpStream::connect(addr).unwrap();
            let data = payload(i);
            s.write_all(&data).unwrap();
            s.shutdown(Shutdown::Write).unwrap();
            let mut back = Vec::new();
            s.read_to_end(&mut back).unwrap();
            assert_eq!(back, data, "connection {i}: echo differs");
            total += data.len();
        }
        total
    });

    let stdout = WritePipe::new();
    let mut b = WasiCtxBuilder::new();
    b.args(["tcp_echo.wasm", &CONNECTIONS.to_string()])
        .stdout(stdout.clone())
        .inherit_stderr()
        .preopened_listener(listener);
    let engine = Engine::default();
    let wasm = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs/wasm/tcp_echo.wasm");
    let module = Module::from_file(&engine, wasm).unwrap();
    let mut store = Store::new(
        &engine,
        State {
            wasi: b.build().unwrap(),
        },
    );
    let mut linker = Linker::new(&engine);
    kestrel_wasi::add_to_linker(&mut linker, |s: &mut State| &mut s.wasi).unwrap();
    let instance = linker.instantiate(&mut store, &module).unwrap();
    let start = instance
        .get_typed_func::<(), ()>(&mut store, "_start")
        .unwrap();
    match start.call(&mut store, ()) {
        Ok(()) => {}
        Err(e) => assert_eq!(e.downcast_ref::<I32Exit>(), Some(&I32Exit(0)), "{e}"),
    }
    let total = client.join().unwrap();
    let out = String::from_utf8(stdout.contents()).unwrap();
    assert_eq!(
        out,
        format!("served {CONNECTIONS} connections, {total} bytes\n")
    );
}
