//! A TCP echo server on io_uring, written against `uring_rs::api` without `unsafe`.
//!
//! ```sh
//! cargo run --release --example echo_server -- PORT     # PORT 0 picks a free one
//! ```
//!
//! It prints `listening on ADDR` once ready, then: accepts connections (multishot accept
//! into the ring's registered file table), receives into a buffer the ring owns while the
//! receive is in flight, sends back exactly what arrived (resending the rest after a partial
//! send), receives again, and closes the connection on EOF or on an error, which only ends
//! that connection. The loop sleeps in `submit_and_wait`: one system call submits everything
//! queued and waits for the next completion.
//!
//! A connection is known by its slot in the registered file table (accept picks a free one,
//! close frees it), and has exactly one operation in flight (recv, send or close), which
//! holds its buffer: `user_data` is `slot << 2 | operation`.

#![forbid(unsafe_code)]

use std::io::{self, Write};
use std::net::TcpListener;
use std::os::fd::AsRawFd;

use uring_rs::api::{Cqe, OwnedRing, Ring, Target};

const BUF_SIZE: usize = 16 * 1024;
/// Registered file slots: the most connections open at once.
const MAX_CONNS: u32 = 2048;
const BACKLOG: i32 = 4096;

const OP_ACCEPT: u64 = 0;
const OP_RECV: u64 = 1;
const OP_SEND: u64 = 2;
const OP_CLOSE: u64 = 3;

/// The listener's own operations (accept, listen) use slot `MAX_CONNS`, past every
/// connection's.
const LISTENER: u32 = MAX_CONNS;

struct Server {
    ring: OwnedRing,
    listener: TcpListener,
}

fn tag(slot: u32, op: u64) -> u64 {
    (slot as u64) << 2 | op
}

impl Server {
    fn new(port: u16) -> io::Result<Server> {
        let listener = TcpListener::bind(("0.0.0.0", port))?;
        let mut ring = Ring::builder()
            .entries(1024)
            .cq_entries(16384)
            .build_owned()?;
        ring.register_files_sparse(MAX_CONNS)?;
        // std listens with a backlog of 128; a burst of clients wants more (Linux lets a
        // listening socket change its backlog by listening again). IORING_OP_LISTEN is new
        // (6.11): without it the backlog stays as it is.
        ring.get_sqe()
            .expect("an empty SQ has room")
            .prep_listen(listener.as_raw_fd(), BACKLOG)
            .user_data(tag(LISTENER, OP_CLOSE));
        ring.submit_and_wait(1)?;
        let listened = ring.wait_cqe()?.seen();
        if let Err(e) = listened.result() {
            eprintln!("echo_server: listen({BACKLOG}): {e}; keeping the default backlog");
        }
        Ok(Server { ring, listener })
    }

    fn arm_accept(&mut self) -> io::Result<()> {
        let fd = self.listener.as_raw_fd();
        self.ring
            .get_sqe()
            .ok_or_else(|| io::Error::other("submission queue full"))?
            .prep_multishot_accept_direct(fd, 0) // direct descriptors have no CLOEXEC
            .user_data(tag(LISTENER, OP_ACCEPT));
        Ok(())
    }

    fn recv(&mut self, slot: u32, mut buf: Vec<u8>) -> io::Result<()> {
        buf.clear();
        let t = tag(slot, OP_RECV);
        self.ring.recv(Target::Fixed(slot), buf, 0, t)?;
        Ok(())
    }

    fn send(&mut self, slot: u32, buf: Vec<u8>) -> io::Result<()> {
        let t = tag(slot, OP_SEND);
        self.ring
            .send(Target::Fixed(slot), buf, libc::MSG_NOSIGNAL, t)?;
        Ok(())
    }

    /// Close the connection through the ring; the slot is free again once that completes.
    fn close(&mut self, slot: u32) -> io::Result<()> {
        self.ring
            .get_sqe()
            .ok_or_else(|| io::Error::other("submission queue full"))?
            .prep_close_direct(slot)
            .user_data(tag(slot, OP_CLOSE));
        Ok(())
    }

    fn on_accept(&mut self, cqe: Cqe) -> io::Result<()> {
        match cqe.result() {
            Ok(slot) => self.recv(slot, Vec::with_capacity(BUF_SIZE))?,
            Err(e) => eprintln!("echo_server: accept: {e}"),
        }
        if !cqe.more() {
            // The multishot accept ended (an error, or the kernel gave up): start another.
            self.arm_accept()?;
        }
        Ok(())
    }

    fn on_recv(&mut self, slot: u32, mut cqe: Cqe) -> io::Result<()> {
        let buf: Vec<u8> = cqe.take_buf().expect("a receive hands its buffer back");
        match cqe.result() {
            Ok(0) => self.close(slot),
            Ok(_) => self.send(slot, buf), // `buf` holds what arrived
            Err(e) => {
                eprintln!("echo_server: recv on connection {slot}: {e}");
                self.close(slot)
            }
        }
    }

    fn on_send(&mut self, slot: u32, mut cqe: Cqe) -> io::Result<()> {
        let mut buf: Vec<u8> = cqe.take_buf().expect("a send hands its buffer back");
        match cqe.result() {
            Ok(n) if (n as usize) < buf.len() => {
                buf.drain(..n as usize); // partial send: the rest goes next
                self.send(slot, buf)
            }
            Ok(_) => self.recv(slot, buf),
            Err(e) => {
                eprintln!("echo_server: send on connection {slot}: {e}");
                self.close(slot)
            }
        }
    }

    fn handle(&mut self, cqe: Cqe) -> io::Result<()> {
        let slot = (cqe.user_data() >> 2) as u32;
        match cqe.user_data() & 3 {
            OP_ACCEPT => self.on_accept(cqe),
            OP_RECV => self.on_recv(slot, cqe),
            OP_SEND => self.on_send(slot, cqe),
            _ => {
                if let Err(e) = cqe.result() {
                    eprintln!("echo_server: close on connection {slot}: {e}");
                }
                Ok(())
            }
        }
    }

    fn run(&mut self) -> io::Result<()> {
        self.arm_accept()?;
        loop {
            match self.ring.submit_and_wait(1) {
                Ok(_) => {}
                // Interrupted, or completions are backed up: reap what is there and go on.
                Err(e)
                    if matches!(
                        e.raw_os_error(),
                        Some(libc::EINTR | libc::EAGAIN | libc::EBUSY)
                    ) => {}
                Err(e) => return Err(e),
            }
            while let Some(cqe) = self.ring.peek_cqe().map(|c| c.seen()) {
                self.handle(cqe)?;
            }
        }
    }
}

fn main() {
    let port = match std::env::args().nth(1).map(|p| p.parse::<u16>()) {
        Some(Ok(port)) => port,
        _ => {
            eprintln!("usage: echo_server PORT");
            std::process::exit(2);
        }
    };
    let mut server = match Server::new(port) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("echo_server: {e}");
            std::process::exit(1);
        }
    };
    match server.listener.local_addr() {
        Ok(addr) => println!("listening on {addr}"),
        Err(e) => eprintln!("echo_server: {e}"),
    }
    let _ = io::stdout().flush();
    if let Err(e) = server.run() {
        eprintln!("echo_server: {e}");
        std::process::exit(1);
    }
}
