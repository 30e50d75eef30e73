//! A TCP echo server on io_uring, written against `uring_rs::api`.
//!
//! ```sh
//! cargo run --release --example echo_server -- PORT     # PORT 0 picks a free one
//! ```
//!
//! It prints `listening on ADDR` once ready, then: accepts connections (multishot accept),
//! receives into a per-connection buffer, sends back exactly what arrived (resending the
//! rest after a partial send), receives again, and closes the connection on EOF or on an
//! error, which only ends that connection. The loop sleeps in `submit_and_wait`: one
//! system call submits everything queued and waits for the next completion.
//!
//! Every connection has exactly one operation in flight (recv, send or close), which keeps
//! the bookkeeping to one slot per connection: `user_data` is `slot << 2 | operation`.

use std::io::{self, Write};
use std::net::TcpListener;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};

use uring_rs::api::{Cqe, Ring, Sqe};

const BUF_SIZE: usize = 16 * 1024;

const OP_ACCEPT: u64 = 0;
const OP_RECV: u64 = 1;
const OP_SEND: u64 = 2;
const OP_CLOSE: u64 = 3;

/// One client connection: its socket and the bytes on their way back.
struct Conn {
    fd: OwnedFd,
    buf: Box<[u8]>,
    /// `buf[sent..len]` is still to be sent.
    sent: usize,
    len: usize,
}

struct Server {
    // Declared first so it drops first: the ring goes away before the buffers it points at.
    ring: Ring,
    listener: TcpListener,
    conns: Vec<Option<Conn>>,
    free: Vec<usize>,
}

fn tag(slot: usize, op: u64) -> u64 {
    (slot as u64) << 2 | op
}

/// The next SQE, submitting what is queued first if the SQ is full.
fn next_sqe(ring: &mut Ring) -> io::Result<Sqe<'_>> {
    if ring.submission().space_left() == 0 {
        ring.submit()?;
    }
    ring.get_sqe()
        .ok_or_else(|| io::Error::other("submission queue still full"))
}

impl Server {
    fn new(port: u16) -> io::Result<Server> {
        let listener = TcpListener::bind(("0.0.0.0", port))?;
        // std listens with a backlog of 128; a burst of clients wants more (Linux lets a
        // listening socket change its backlog by listening again).
        // SAFETY: plain syscall on our socket.
        if unsafe { libc::listen(listener.as_raw_fd(), 4096) } != 0 {
            return Err(io::Error::last_os_error());
        }
        let ring = Ring::builder().entries(1024).cq_entries(16384).build()?;
        Ok(Server {
            ring,
            listener,
            conns: Vec::new(),
            free: Vec::new(),
        })
    }

    fn arm_accept(&mut self) -> io::Result<()> {
        let fd = self.listener.as_raw_fd();
        next_sqe(&mut self.ring)?
            .prep_multishot_accept(fd, libc::SOCK_CLOEXEC)
            .user_data(tag(0, OP_ACCEPT));
        Ok(())
    }

    fn arm_recv(&mut self, slot: usize) -> io::Result<()> {
        let Some(conn) = self.conns[slot].as_mut() else {
            return Ok(());
        };
        let sqe = next_sqe(&mut self.ring)?;
        // SAFETY: the buffer lives in the connection, which is only dropped once no operation
        // on it is in flight (at close), or after the ring.
        unsafe { sqe.prep_recv(conn.fd.as_raw_fd(), &mut conn.buf, 0) }
            .user_data(tag(slot, OP_RECV));
        Ok(())
    }

    fn arm_send(&mut self, slot: usize) -> io::Result<()> {
        let Some(conn) = self.conns[slot].as_mut() else {
            return Ok(());
        };
        let sqe = next_sqe(&mut self.ring)?;
        // SAFETY: as in arm_recv; the bytes aren't touched until the send completes.
        unsafe {
            sqe.prep_send(
                conn.fd.as_raw_fd(),
                &conn.buf[conn.sent..conn.len],
                libc::MSG_NOSIGNAL,
            )
        }
        .user_data(tag(slot, OP_SEND));
        Ok(())
    }

    /// Close the connection through the ring; its slot is free at once (nothing else of it
    /// is in flight).
    fn close(&mut self, slot: usize) -> io::Result<()> {
        let Some(conn) = self.conns[slot].take() else {
            return Ok(());
        };
        self.free.push(slot);
        next_sqe(&mut self.ring)?
            .prep_close(conn.fd)
            .user_data(tag(slot, OP_CLOSE));
        Ok(())
    }

    fn on_accept(&mut self, cqe: Cqe) -> io::Result<()> {
        match cqe.result() {
            Ok(fd) => {
                // SAFETY: the accept completion hands us a new descriptor.
                let fd = unsafe { OwnedFd::from_raw_fd(fd as i32) };
                let conn = Conn {
                    fd,
                    buf: vec![0; BUF_SIZE].into_boxed_slice(),
                    sent: 0,
                    len: 0,
                };
                let slot = match self.free.pop() {
                    Some(slot) => {
                        self.conns[slot] = Some(conn);
                        slot
                    }
                    None => {
                        self.conns.push(Some(conn));
                        self.conns.len() - 1
                    }
                };
                self.arm_recv(slot)?;
            }
            Err(e) => eprintln!("echo_server: accept: {e}"),
        }
        if !cqe.more() {
            // The multishot accept ended (an error, or the kernel gave up): start another.
            self.arm_accept()?;
        }
        Ok(())
    }

    fn on_recv(&mut self, slot: usize, cqe: Cqe) -> io::Result<()> {
        match cqe.result() {
            Ok(0) => self.close(slot),
            Ok(n) => {
                if let Some(conn) = self.conns[slot].as_mut() {
                    conn.sent = 0;
                    conn.len = n as usize;
                }
                self.arm_send(slot)
            }
            Err(e) => {
                eprintln!("echo_server: recv on connection {slot}: {e}");
                self.close(slot)
            }
        }
    }

    fn on_send(&mut self, slot: usize, cqe: Cqe) -> io::Result<()> {
        match cqe.result() {
            Ok(n) => {
                let Some(conn) = self.conns[slot].as_mut() else {
                    return Ok(());
                };
                conn.sent += n as usize;
                if conn.sent < conn.len {
                    self.arm_send(slot) // partial send: the rest goes next
                } else {
                    self.arm_recv(slot)
                }
            }
            Err(e) => {
                eprintln!("echo_server: send on connection {slot}: {e}");
                self.close(slot)
            }
        }
    }

    fn handle(&mut self, cqe: Cqe) -> io::Result<()> {
        let slot = (cqe.user_data() >> 2) as usize;
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

/// Allow as many open files as the hard limit does: one per client.
fn raise_fd_limit() {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: plain syscalls on a local struct.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut lim) == 0 && lim.rlim_cur < lim.rlim_max {
            lim.rlim_cur = lim.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &lim);
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
    raise_fd_limit();
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
