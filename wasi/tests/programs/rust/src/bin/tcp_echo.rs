//! A TCP echo server on the listener the host preopened (the first socket descriptor):
//! accepts `N` connections (argv\[1\]) one after another and echoes every byte of each back
//! until the client shuts its side down. Prints `served N connections, B bytes`.

use kestrel_wasi_programs::{sys, Aligned, Iovec};

/// The first descriptor that is a listening socket (`sock_accept` on anything else fails).
fn find_listener() -> Option<u32> {
    for fd in 3..64u32 {
        let mut st = Aligned([0u8; 24]);
        // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
        if unsafe { sys::fd_fdstat_get(fd, st.0.as_mut_ptr()) } == 0 && st.0[0] == 6 {
            return Some(fd);
        }
    }
    None
}

fn main() {
    let count: u32 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1);
    let listener = find_listener().expect("no preopened listener");
    let mut total = 0u64;
    let mut buf = vec![0u8; 16 * 1024];
    for _ in 0..count {
        let mut conn = 0u32;
        // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
        let e = unsafe { sys::sock_accept(listener, 0, &mut conn) };
        assert_eq!(e, 0, "sock_accept");
        loop {
            let iov = Iovec { buf: buf.as_mut_ptr(), len: buf.len() as u32 };
            let (mut n, mut flags) = (0u32, 0u16);
            // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
            let e = unsafe { sys::sock_recv(conn, &iov, 1, 0, &mut n, &mut flags) };
            assert_eq!(e, 0, "sock_recv");
            if n == 0 {
                break;
            }
            let mut sent = 0usize;
            while sent < n as usize {
                let iov = Iovec { buf: buf[sent..].as_ptr(), len: n - sent as u32 };
                let mut m = 0u32;
                // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
                let e = unsafe { sys::sock_send(conn, &iov, 1, 0, &mut m) };
                assert_eq!(e, 0, "sock_send");
                sent += m as usize;
            }
            total += u64::from(n);
        }
        // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
        assert_eq!(unsafe { sys::sock_shutdown(conn, 2) }, 0, "sock_shutdown");
        // SAFETY: a raw WASI import; every pointer is to a live local buffer of the length passed.
        assert_eq!(unsafe { sys::fd_close(conn) }, 0, "fd_close");
    }
    println!("served {count} connections, {total} bytes");
}
