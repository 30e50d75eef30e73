//! Drives `examples/echo_server.rs` as a separate process: 1000 concurrent loopback clients
//! with several messages each and every byte checked, a large transfer that needs partial
//! sends, and clients that fail without taking the server down.
//!
//! The example is built with the cargo running this test (a no-op when `cargo test` already
//! built it) and started with port 0; it reports the port it got on its first line.

mod common;

use common::Server;

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::os::fd::AsRawFd;
use std::process::{Command, Stdio};
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Duration;

const CLIENTS: usize = 1000;
const MESSAGES: usize = 4;

impl Server {
    /// Check the server survived everything so far.
    fn assert_running(&mut self) {
        assert!(
            self.child.try_wait().unwrap().is_none(),
            "echo_server exited"
        );
    }
}

fn raise_fd_limit() {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: plain syscalls on a local struct.
    unsafe {
        assert_eq!(libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim), 0);
        lim.rlim_cur = lim.rlim_max;
        assert_eq!(libc::setrlimit(libc::RLIMIT_NOFILE, &lim), 0);
    }
    assert!(
        lim.rlim_cur as usize > 2 * CLIENTS + 100,
        "RLIMIT_NOFILE hard limit {} is too low",
        lim.rlim_max
    );
}

/// The example accepts with multishot accept into direct descriptors (5.19): on an older
/// kernel (Debian's 5.10) it stops with -EINVAL before it listens. `IORING_OP_SOCKET` is of
/// the same release.
fn kernel_lacks_multishot_accept() -> bool {
    common::kernel_lacks(uring_rs::uapi::IORING_OP_SOCKET, "multishot accept (5.19)")
}

fn start_server() -> Server {
    raise_fd_limit();
    let child = Command::new(common::example_binary("echo_server"))
        .arg("0")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("echo_server starts");
    let mut server = Server {
        child,
        addr: "127.0.0.1:0".parse().unwrap(),
    };
    let mut line = String::new();
    BufReader::new(server.child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port: u16 = line
        .trim()
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("bad first line {line:?}"));
    server.addr.set_port(port);
    server
}

/// Content of message `m` of client `c`: its length varies from 1 byte to ~24 KiB (more
/// than the server's 16 KiB buffer) and every byte depends on (c, m, position).
fn message(c: usize, m: usize) -> Vec<u8> {
    let seed = (c * 7919 + m * 104_729) as u64;
    let len = 1 + (seed.wrapping_mul(2_654_435_761) % 24_000) as usize;
    (0..len)
        .map(|i| (seed as usize + i * 31 + (i >> 8)) as u8)
        .collect()
}

fn connect(addr: SocketAddr) -> TcpStream {
    let s = TcpStream::connect_timeout(&addr, Duration::from_secs(10)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    s.set_write_timeout(Some(Duration::from_secs(60))).unwrap();
    s
}

fn echo_once(s: &mut TcpStream, msg: &[u8]) {
    s.write_all(msg).unwrap();
    let mut back = vec![0u8; msg.len()];
    s.read_exact(&mut back).unwrap();
    assert!(back == msg, "echo differs");
}

#[test]
fn a_thousand_concurrent_clients_get_every_byte_back() {
    if kernel_lacks_multishot_accept() {
        return;
    }
    let mut server = start_server();
    let addr = server.addr;
    // Everybody connects first, then all talk at once.
    let barrier = Arc::new(Barrier::new(CLIENTS));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let barrier = barrier.clone();
            thread::Builder::new()
                .stack_size(128 * 1024)
                .spawn(move || {
                    let mut s = connect(addr);
                    barrier.wait();
                    for m in 0..MESSAGES {
                        echo_once(&mut s, &message(c, m));
                    }
                    // EOF from us: the server closes its side, and we read EOF.
                    s.shutdown(Shutdown::Write).unwrap();
                    let mut rest = Vec::new();
                    s.read_to_end(&mut rest).unwrap();
                    assert!(rest.is_empty(), "bytes after the last echo");
                })
                .expect("spawn client thread")
        })
        .collect();
    let mut failed = 0;
    for t in clients {
        failed += t.join().is_err() as usize;
    }
    assert_eq!(failed, 0, "{failed} of {CLIENTS} clients failed");
    server.assert_running();
}

#[test]
fn a_large_transfer_is_echoed_exactly_through_partial_sends() {
    if kernel_lacks_multishot_accept() {
        return;
    }
    let mut server = start_server();
    let mut s = connect(server.addr);
    // A small receive buffer on our side fills up, so the server's sends block and come back
    // short; the data keeps flowing both ways at once.
    let size: libc::c_int = 32 * 1024;
    // SAFETY: setsockopt on our socket with a c_int option.
    let r = unsafe {
        libc::setsockopt(
            s.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_RCVBUF,
            (&raw const size).cast(),
            4,
        )
    };
    assert_eq!(r, 0);
    let data: Arc<Vec<u8>> = Arc::new((0..16usize << 20).map(|i| (i ^ (i >> 11)) as u8).collect());
    let mut writer = s.try_clone().unwrap();
    let sent = data.clone();
    let w = thread::spawn(move || {
        for chunk in sent.chunks(100_003) {
            writer.write_all(chunk).unwrap();
        }
        writer.shutdown(Shutdown::Write).unwrap();
    });
    let mut back = Vec::with_capacity(data.len());
    let mut buf = vec![0u8; 7001];
    loop {
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => back.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => panic!("read: {e}"),
        }
    }
    w.join().unwrap();
    assert_eq!(back.len(), data.len());
    assert!(back == *data, "echo differs");
    server.assert_running();
}

#[test]
fn the_server_keeps_serving_after_clients_fail() {
    if kernel_lacks_multishot_accept() {
        return;
    }
    let mut server = start_server();
    for round in 0..20 {
        // Reset with data in flight: the server's recv or send fails with ECONNRESET/EPIPE.
        let s = connect(server.addr);
        (&s).write_all(&message(round, 0)).unwrap();
        let linger = libc::linger {
            l_onoff: 1,
            l_linger: 0,
        };
        // SAFETY: setsockopt on our socket with a linger struct.
        let r = unsafe {
            libc::setsockopt(
                s.as_raw_fd(),
                libc::SOL_SOCKET,
                libc::SO_LINGER,
                (&raw const linger).cast(),
                size_of::<libc::linger>() as u32,
            )
        };
        assert_eq!(r, 0);
        drop(s);
        // Connect and leave at once.
        drop(connect(server.addr));
    }
    let mut s = connect(server.addr);
    echo_once(&mut s, b"still there?");
    server.assert_running();
}
