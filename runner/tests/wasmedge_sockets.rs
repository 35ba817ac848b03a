//! WasmEdge's socket extension through `kestrel wasm`: the published `wasmedge_wasi_socket`
//! crate's examples and our HTTP service (`tests/fixtures/wasmedge_sockets`, rebuilt by its
//! `build.sh`) against peers written here, over loopback; and the guest's sockets closed
//! without `--allow-net` or outside its ranges. Every wait is bounded; a guest still running
//! at the end is killed.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream, UdpSocket};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(30);

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(format!("tests/fixtures/wasmedge_sockets/{name}.wasm"))
}

/// `kestrel wasm [ARGS] FIXTURE` with `PORT` in the guest's environment, output piped.
fn kestrel(name: &str, port: u16, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kestrel"));
    cmd.arg("wasm")
        .args(args)
        .arg("--env")
        .arg(format!("PORT={port}"))
        .arg(fixture(name))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// A loopback port free at the time of asking.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A guest killed when the test ends, also when it fails first.
struct KillOnDrop(Option<Child>);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        if let Some(child) = &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Waits for `child` to exit (killing it after [`WAIT`]) and collects its output.
fn finish(mut child: Child) -> Output {
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > WAIT {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// Connects to a guest's listener, retrying while it starts.
fn connect(port: u16) -> TcpStream {
    let start = Instant::now();
    loop {
        match TcpStream::connect(("127.0.0.1", port)) {
            Ok(s) => {
                s.set_read_timeout(Some(WAIT)).unwrap();
                return s;
            }
            Err(e) if start.elapsed() > WAIT => panic!("the guest never listened on {port}: {e}"),
            Err(_) => std::thread::sleep(Duration::from_millis(20)),
        }
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn tcp_listener_example_answers_a_client() {
    let port = free_port();
    let child = kestrel("tcp_listener", port, &["--allow-net", "127.0.0.1/32"])
        .spawn()
        .unwrap();
    let mut s = connect(port);
    s.write_all(b"hello kestrel").unwrap();
    s.shutdown(Shutdown::Write).unwrap();
    let mut back = String::new();
    s.read_to_string(&mut back).unwrap();
    assert_eq!(back, "lertsek olleh");
    let out = finish(child);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    assert!(stdout.contains("get message: hello kestrel"), "{stdout}");
}

#[test]
fn tcp_stream_example_connects_and_sends() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let (mut c, _) = listener.accept().unwrap();
        c.set_read_timeout(Some(WAIT)).unwrap();
        let mut got = Vec::new();
        c.read_to_end(&mut got).unwrap();
        got
    });
    let out = finish(
        kestrel("tcp_stream", port, &["--allow-net", "127.0.0.0/8"])
            .spawn()
            .unwrap(),
    );
    assert!(out.status.success(), "{out:?}");
    assert_eq!(server.join().unwrap(), b"hello");
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("peer address") && stdout.contains(&format!(":{port}")),
        "{stdout}"
    );
}

#[test]
fn nonblock_tcp_stream_example_polls_until_the_answer() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let (mut c, _) = listener.accept().unwrap();
        c.set_read_timeout(Some(WAIT)).unwrap();
        let mut line = [0u8; 6];
        c.read_exact(&mut line).unwrap();
        // Answer late, so that the guest's non-blocking reads find nothing first.
        std::thread::sleep(Duration::from_millis(700));
        c.write_all(b"world").unwrap();
        line
    });
    let out = finish(
        kestrel(
            "nonblock_tcp_stream",
            port,
            &["--allow-net", "127.0.0.1/32"],
        )
        .spawn()
        .unwrap(),
    );
    assert_eq!(&server.join().unwrap(), b"Hello\n");
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    assert!(
        stdout.contains("no data available, wait for 500ms"),
        "{stdout}"
    );
    assert!(stdout.contains("get response: world"), "{stdout}");
}

#[test]
fn udp_socket_example_sends_and_receives_a_datagram() {
    let peer = UdpSocket::bind("127.0.0.1:0").unwrap();
    peer.set_read_timeout(Some(WAIT)).unwrap();
    let port = peer.local_addr().unwrap().port();
    // The example binds 0.0.0.0:3000: every interface needs the whole IPv4 range.
    let child = kestrel("udp_socket", port, &["--allow-net", "0.0.0.0/0"])
        .spawn()
        .unwrap();
    let mut buf = [0u8; 64];
    let (n, from) = peer.recv_from(&mut buf).unwrap();
    assert_eq!(&buf[..n], b"hello");
    assert_eq!(from.port(), 3000);
    peer.send_to(b"echo", from).unwrap();
    let out = finish(child);
    assert!(out.status.success(), "{out:?}");
    assert!(
        text(&out.stdout).starts_with("echo "),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn poll_tcp_listener_example_serves_through_poll_oneoff() {
    // The example listens on 127.0.0.1:1234, non-blocking, and serves until killed.
    let mut child = kestrel("poll_tcp_listener", 1234, &["--allow-net", "127.0.0.1/32"])
        .spawn()
        .unwrap();
    let mut s = connect(1234);
    let mut hello = [0u8; 13];
    s.read_exact(&mut hello).unwrap();
    assert_eq!(&hello, b"Hello world!\n");
    s.write_all(b"ping").unwrap();
    drop(s);
    // A second client is served too: the loop went back to poll.
    let mut again = connect(1234);
    again.read_exact(&mut hello).unwrap();
    assert_eq!(&hello, b"Hello world!\n");
    drop(again);
    std::thread::sleep(Duration::from_millis(300));
    child.kill().unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = text(&out.stdout);
    assert_eq!(stdout.matches("accept from").count(), 2, "{stdout}");
}

#[test]
fn http_service_answers_requests_and_resolves_localhost() {
    let port = free_port();
    let mut cmd = kestrel(
        "http_service",
        port,
        &["--allow-net", "127.0.0.1/32", "--env", "REQUESTS=2"],
    );
    let child = cmd.spawn().unwrap();
    for path in ["/", "/edge/node"] {
        let mut s = connect(port);
        write!(s, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
        let mut response = String::new();
        s.read_to_string(&mut response).unwrap();
        assert!(response.starts_with("HTTP/1.1 200 OK\r\n"), "{response}");
        assert!(
            response.ends_with(&format!("\r\n\r\nhello from kestrel: {path}\n")),
            "{response}"
        );
    }
    let out = finish(child);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    assert!(
        stdout.contains(&format!("127.0.0.1:{port}")),
        "getaddrinfo of localhost: {stdout}"
    );
    assert_eq!(stdout.matches("served ").count(), 2, "{stdout}");
}

#[test]
fn sockets_are_closed_without_allow_net_and_outside_its_ranges() {
    let port = free_port();
    for args in [&[][..], &["--allow-net", "10.0.0.0/8"][..]] {
        let out = finish(kestrel("http_service", port, args).spawn().unwrap());
        assert!(!out.status.success(), "{args:?}: {out:?}");
        let stderr = text(&out.stderr);
        assert!(stderr.contains("PermissionDenied"), "{args:?}: {stderr}");
        assert!(TcpStream::connect(("127.0.0.1", port)).is_err());
    }
    let out = Command::new(env!("CARGO_BIN_EXE_kestrel"))
        .args(["wasm", "--allow-net", "127.0.0.1/40"])
        .arg(fixture("http_service"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("invalid address range"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn http_service_listens_on_ipv6_loopback() {
    if TcpListener::bind("[::1]:0").is_err() {
        eprintln!("SKIPPED: no IPv6 loopback here");
        return;
    }
    let port = TcpListener::bind("[::1]:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("ADDR=[::1]:{port}");
    let args = [
        "--allow-net",
        "::1/128",
        "--env",
        &addr,
        "--env",
        "REQUESTS=1",
    ];
    let mut child = KillOnDrop(Some(kestrel("http_service", port, &args).spawn().unwrap()));
    // A first connection can be reset without the guest ever seeing it: seen about once in 30
    // runs of this file (and once in CI), each time with the guest still waiting in `accept`
    // on its listener afterwards, so the connection reached something else on that port
    // (which, was not found). A failed attempt is retried with a new connection; the guest
    // serves exactly one request, so a retry cannot hide a second answer.
    let start = Instant::now();
    let response = loop {
        let attempt = TcpStream::connect(("::1", port)).and_then(|mut s| {
            s.set_read_timeout(Some(WAIT))?;
            s.write_all(b"GET /v6 HTTP/1.1\r\n\r\n")?;
            let mut response = String::new();
            s.read_to_string(&mut response)?;
            Ok(response)
        });
        match attempt {
            Ok(response) => break response,
            Err(e) if start.elapsed() > WAIT => panic!("no answer on [::1]:{port}: {e}"),
            Err(_) => std::thread::sleep(Duration::from_millis(20)),
        }
    };
    assert!(
        response.ends_with("hello from kestrel: /v6\n"),
        "{response}"
    );
    let out = finish(child.0.take().unwrap());
    assert!(out.status.success(), "{out:?}");
}
