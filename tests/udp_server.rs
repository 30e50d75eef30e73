//! Drives `examples/udp_server.rs` as a separate process, as `ctests/examples_udp_server.sh`
//! drives the C one: 2,000 datagrams of 8 to 3,900 bytes echoed intact over IPv4 and over
//! IPv6, every byte checked; an oversized (truncated) datagram is dropped, not echoed; a
//! four-buffer group (ENOBUFS, the receive armed again) loses nothing.
//!
//! Datagrams go in bursts, the next once every echo of the last is back: UDP may drop what
//! overflows a socket buffer, which a burst of eight never does on loopback. Bursts of one
//! check the order too; with four buffers, a burst of eight runs the group dry.

mod common;

use common::Server;

use std::io::{BufRead, BufReader};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, UdpSocket};
use std::process::{Command, Stdio};
use std::time::Duration;

const DATAGRAMS: usize = 2000;

fn start(args: &[&str], ip: IpAddr) -> Server {
    let mut child = Command::new(common::example_binary("udp_server"))
        .args(args)
        .arg("0")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("udp_server starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    // "listening on udp port PORT (IPv4)"
    let port: u16 = line
        .split_whitespace()
        .nth(4)
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    Server {
        child,
        addr: SocketAddr::new(ip, port),
    }
}

/// The example receives with multishot recvmsg into a buffer ring (6.0): on an older kernel
/// (Debian's 5.10) it stops before it listens. `IORING_OP_SEND_ZC` is of the same release.
fn kernel_lacks_multishot_recvmsg() -> bool {
    common::kernel_lacks(
        uring_rs::uapi::IORING_OP_SEND_ZC,
        "multishot recvmsg into buffer rings (6.0)",
    )
}

/// Datagram `i`: its length and bytes depend on `i`, so a mix-up shows.
fn datagram(i: usize) -> Vec<u8> {
    let len = 8 + (i * 1237) % (3900 - 8 + 1);
    (0..len).map(|j| (i * 31 + j * 7) as u8).collect()
}

/// Send `DATAGRAMS` datagrams to `server`, `burst` at a time, and check every echo.
fn echo_all(server: &Server, burst: usize) {
    let client = UdpSocket::bind(SocketAddr::new(server.addr.ip(), 0)).unwrap();
    client.connect(server.addr).unwrap();
    client
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut got = vec![0u8; 65536];
    for first in (0..DATAGRAMS).step_by(burst) {
        let mut sent: Vec<Vec<u8>> = (first..DATAGRAMS.min(first + burst))
            .map(datagram)
            .collect();
        for d in &sent {
            client.send(d).unwrap();
        }
        let mut echoed: Vec<Vec<u8>> = (0..sent.len())
            .map(|k| {
                let n = client
                    .recv(&mut got)
                    .unwrap_or_else(|e| panic!("echo {k} of the burst from {first}: {e}"));
                got[..n].to_vec()
            })
            .collect();
        if burst > 1 {
            sent.sort();
            echoed.sort();
        }
        assert!(
            echoed == sent,
            "the burst from datagram {first} came back changed"
        );
    }
    // One too big for a buffer: dropped, so the next echo is the next datagram's.
    client.send(&vec![0xee; 5000]).unwrap();
    client.send(b"after the big one").unwrap();
    let n = client.recv(&mut got).unwrap();
    assert_eq!(&got[..n], b"after the big one");
}

#[test]
fn echoes_2000_datagrams_over_ipv4() {
    if kernel_lacks_multishot_recvmsg() {
        return;
    }
    let server = start(&[], Ipv4Addr::LOCALHOST.into());
    echo_all(&server, 1);
}

#[test]
fn echoes_2000_datagrams_over_ipv6() {
    if kernel_lacks_multishot_recvmsg() {
        return;
    }
    if UdpSocket::bind("[::1]:0").is_err() {
        eprintln!("skipped: no IPv6 loopback on this host");
        return;
    }
    let server = start(&["-6"], Ipv6Addr::LOCALHOST.into());
    echo_all(&server, 1);
}

#[test]
fn a_four_buffer_group_runs_dry_and_loses_nothing() {
    if kernel_lacks_multishot_recvmsg() {
        return;
    }
    let server = start(&["-n", "4"], Ipv4Addr::LOCALHOST.into());
    echo_all(&server, 8);
}
