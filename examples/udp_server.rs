//! A UDP echo server on a provided-buffer ring, written against `uring_rs::api` without
//! `unsafe`: the Rust twin of `examples-c/udp_server.c`.
//!
//! ```sh
//! cargo run --release --example udp_server -- [-6] [-b LOG2_BUFSIZE] [-n NBUFS] [-v] PORT
//! ```
//!
//! One multishot recvmsg on the socket (registered as fixed file 0) keeps receiving
//! datagrams into buffers the kernel takes from a buffer group. Each completion hands out
//! the buffer it filled ([`PickedBuf`]): the payload goes straight back to the sender with
//! sendmsg, from the same buffer, which the ring holds until the send completes and which
//! returns to the group when that completion drops it.
//!
//! Datagrams larger than a buffer arrive truncated (MSG_TRUNC): they are counted and
//! dropped, never echoed in part. When the group runs dry (ENOBUFS) or the multishot receive
//! ends for any other reason (a completion without `more()`), the receive is armed again,
//! once a buffer is back. `PORT` 0 picks a free port; it prints
//! `listening on udp port PORT (IPv4|IPv6)` once ready. The counts go to stderr at every
//! truncated datagram, and at the 1st, 2nd, 4th, 8th … ENOBUFS.

#![forbid(unsafe_code)]

use std::io::{self, Write};
use std::net::{Ipv4Addr, Ipv6Addr, UdpSocket};
use std::os::fd::AsRawFd;

use uring_rs::api::{BufGroup, BufRing, Cqe, OwnedRing, PickedBuf, Ring, Target};

/// The socket, registered: fixed file 0.
const SOCKET: Target = Target::Fixed(0);
const BUF_GROUP: u16 = 0;
const RECV: u64 = 0;
const SEND: u64 = 1;

struct Options {
    v6: bool,
    log2_bufsize: u32,
    nbufs: u16,
    verbose: bool,
    port: u16,
}

fn usage() -> ! {
    eprintln!(
        "Usage: udp_server [-6] [-b LOG2_BUFSIZE] [-n NBUFS] [-v] PORT\n\
         UDP echo server: buffer group + multishot recvmsg on a registered socket.\n  \
         -6               IPv6 (binds ::) instead of IPv4 (binds 0.0.0.0)\n  \
         -b LOG2_BUFSIZE  buffer size as a power of two, 8..16 (default 12 = 4096); a\n                   \
         buffer also holds a 16-byte header and 128 bytes of address\n  \
         -n NBUFS         buffers, a power of two up to 32768 (default 1024)\n  \
         -v               log every datagram"
    );
    std::process::exit(2)
}

fn options() -> Options {
    let mut o = Options {
        v6: false,
        log2_bufsize: 12,
        nbufs: 1024,
        verbose: false,
        port: 0,
    };
    let mut args = std::env::args().skip(1);
    let mut port = None;
    while let Some(a) = args.next() {
        let mut value = || {
            args.next()
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| usage())
        };
        match a.as_str() {
            "-6" => o.v6 = true,
            "-v" => o.verbose = true,
            "-b" => o.log2_bufsize = value(),
            "-n" => o.nbufs = u16::try_from(value()).unwrap_or_else(|_| usage()),
            p => port = Some(p.parse().unwrap_or_else(|_| usage())),
        }
    }
    let sizes_ok = (8..=16).contains(&o.log2_bufsize) && o.nbufs.is_power_of_two();
    match port {
        Some(p) if sizes_ok && o.nbufs <= 32768 => o.port = p,
        _ => usage(),
    }
    o
}

struct Server {
    ring: OwnedRing,
    group: BufGroup,
    nbufs: u32,
    verbose: bool,
    /// The multishot receive is in flight.
    armed: bool,
    /// Buffers in sends: out of the group until their send completes.
    held: u32,
    echoed: u64,
    truncated: u64,
    nobufs: u64,
}

impl Server {
    fn new(o: &Options, sock: &UdpSocket) -> io::Result<Server> {
        let mut ring = Ring::builder()
            .entries(256)
            .cq_entries(4096)
            .build_owned()?;
        ring.register_files(&[sock.as_raw_fd()])?;
        let group = BufRing::new(&mut ring, BUF_GROUP, o.nbufs, 1 << o.log2_bufsize)?.lend();
        Ok(Server {
            ring,
            group,
            nbufs: o.nbufs.into(),
            verbose: o.verbose,
            armed: false,
            held: 0,
            echoed: 0,
            truncated: 0,
            nobufs: 0,
        })
    }

    fn run(&mut self) -> io::Result<()> {
        let mut batch = Vec::new();
        loop {
            // Re-armed once a buffer is free: with none, it would end at once (ENOBUFS).
            if !self.armed && self.held < self.nbufs {
                self.ring.recvmsg_multishot(SOCKET, &self.group, 0, RECV)?;
                self.armed = true;
            }
            self.ring.submit_and_wait(1)?;
            // Copied out first: handling a completion queues a send on the ring.
            batch.extend(self.ring.completions());
            for cqe in batch.drain(..) {
                match cqe.user_data() {
                    RECV => self.received(cqe)?,
                    _ => self.sent(cqe),
                }
            }
        }
    }

    fn received(&mut self, mut cqe: Cqe) -> io::Result<()> {
        if !cqe.more() {
            self.armed = false;
        }
        let Some(buf) = cqe.take_buf::<PickedBuf>() else {
            if cqe.res() == -libc::ENOBUFS {
                self.nobufs += 1;
                if self.nobufs.is_power_of_two() {
                    self.counts();
                }
            } else if let Err(e) = cqe.result() {
                eprintln!("udp_server: recvmsg: {e}");
            }
            return Ok(());
        };
        let Some(msg) = buf.recvmsg() else {
            return Ok(()); // too short for a header: nothing to echo
        };
        if msg.truncated() {
            self.truncated += 1;
            self.counts();
            return Ok(()); // dropped with `buf`, which goes back to the group
        }
        let Some(peer) = msg.peer() else {
            return Ok(());
        };
        if self.verbose {
            eprintln!("udp_server: {} bytes from {peer}", msg.payload().len());
        }
        let payload = buf.into_payload().unwrap_or_else(|b| b);
        // Sent from the buffer itself; if it can't be queued it comes back, and goes back
        // to the group as it is dropped.
        match self.ring.send_to(SOCKET, payload, peer, 0, SEND) {
            Ok(()) => self.held += 1,
            Err(e) => eprintln!("udp_server: sendmsg not queued: {}", e.error()),
        }
        Ok(())
    }

    fn sent(&mut self, mut cqe: Cqe) {
        self.held -= 1;
        // Back to the group.
        drop(cqe.take_buf::<PickedBuf>());
        match cqe.result() {
            Ok(_) => self.echoed += 1,
            Err(e) => eprintln!("udp_server: sendmsg: {e}"),
        }
    }

    fn counts(&self) {
        eprintln!(
            "udp_server: {} echoed, {} truncated, {} out-of-buffer",
            self.echoed, self.truncated, self.nobufs
        );
    }
}

fn main() -> io::Result<()> {
    let o = options();
    let sock = if o.v6 {
        UdpSocket::bind((Ipv6Addr::UNSPECIFIED, o.port))?
    } else {
        UdpSocket::bind((Ipv4Addr::UNSPECIFIED, o.port))?
    };
    let mut server = Server::new(&o, &sock)?;
    let family = if o.v6 { "IPv6" } else { "IPv4" };
    println!(
        "listening on udp port {} ({family})",
        sock.local_addr()?.port()
    );
    io::stdout().flush()?;
    server.run()
}
