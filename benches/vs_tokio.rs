//! The NOP and read benchmarks of `bench/nop.c` and `bench/read.c`, written in Rust twice: on
//! `uring_rs::api` and on tokio-rs's `io-uring` crate, the same loop each, so `bench/run.sh`
//! compares the two Rust APIs as it compares the C libraries.
//!
//! One binary; `make bench-build` links it as `target/bench/{uring-rs-api,io-uring}/{nop,read}`
//! and the directory and file name pick the API and the workload. Options and output are
//! those of the C programs:
//!
//! ```sh
//! nop [-b BATCH] (-n OPS | -t SECS)
//! read [-d QD] [-s BS] (-n OPS | -t SECS) FILE      # random BS-sized reads at depth QD
//! recvms [-b BATCH] (-n OPS | -t SECS)    # UDP datagrams into a buffer ring, multishot recv
//! sendzc [-b BATCH] (-n OPS | -t SECS)    # zero-copy UDP sends, two completions each
//! ```
//!
//! `recvms` and `sendzc` count datagrams; the `send(2)` calls that feed `recvms` are the
//! same on both APIs. Both run on a plain ring (buffer ids recycled by hand, as io-uring has
//! no buffer-ring type), the loop an io-uring user writes.

use std::fs::File;
use std::net::UdpSocket;
use std::os::fd::AsRawFd;
use std::path::Path;
use std::time::Instant;

const RING_ENTRIES: u32 = 128;

struct Opts {
    batch: u32,
    qd: u32,
    bs: usize,
    ops: u64,
    secs: f64,
    file: Option<String>,
}

fn parse(args: &[String]) -> Opts {
    let mut o = Opts {
        batch: 1,
        qd: 64,
        bs: 4096,
        ops: 0,
        secs: 1.0,
        file: None,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut val = || it.next().expect("option needs a value").clone();
        match a.as_str() {
            "-b" => o.batch = val().parse().expect("-b BATCH"),
            "-d" => o.qd = val().parse().expect("-d QD"),
            "-s" => o.bs = val().parse().expect("-s BS"),
            "-n" => o.ops = val().parse().expect("-n OPS"),
            "-t" => o.secs = val().parse().expect("-t SECS"),
            f => o.file = Some(f.to_string()),
        }
    }
    assert!(
        (1..=RING_ENTRIES).contains(&o.batch),
        "1 <= BATCH <= {RING_ENTRIES}"
    );
    o
}

/// The operations a benchmark needs, on either API.
trait Api {
    fn new(entries: u32) -> Self;
    fn push_nop(&mut self, user_data: u64);
    /// # Safety
    /// `buf` stays valid until the read's completion is reaped.
    unsafe fn push_read(&mut self, fd: i32, buf: *mut u8, len: u32, off: u64, user_data: u64);
    fn submit_and_wait(&mut self, want: u32) -> usize;
    /// Reap every ready completion: `(user_data, res)` for each.
    fn reap(&mut self, mut each: impl FnMut(u64, i32)) {
        self.reap_flags(|u, r, _| each(u, r));
    }
    /// Reap every ready completion: `(user_data, res, flags)` for each.
    fn reap_flags(&mut self, each: impl FnMut(u64, i32, u32));
    /// Set up buffer group `BGID`: `n` buffers of `len` bytes, all given to the kernel.
    fn add_buffers(&mut self, n: u16, len: u32);
    /// Give buffer `bid` back to the kernel.
    fn recycle(&mut self, bid: u16);
    /// A multishot receive on `fd` into group `BGID`.
    fn push_recv_multishot(&mut self, fd: i32, user_data: u64);
    /// # Safety
    /// `buf` stays valid until the send's last completion is reaped.
    unsafe fn push_send_zc(&mut self, fd: i32, buf: &[u8], user_data: u64);
}

const BGID: u16 = 7;

struct Ours(uring_rs::api::Ring, Option<uring_rs::api::BufRing>);

impl Api for Ours {
    fn new(entries: u32) -> Self {
        Ours(uring_rs::api::Ring::new(entries).expect("ring"), None)
    }
    #[inline(always)]
    fn push_nop(&mut self, user_data: u64) {
        self.0
            .get_sqe()
            .expect("SQ room")
            .prep_nop()
            .user_data(user_data);
    }
    #[inline(always)]
    unsafe fn push_read(&mut self, fd: i32, buf: *mut u8, len: u32, off: u64, user_data: u64) {
        // SAFETY: per the trait contract.
        let buf = unsafe { std::slice::from_raw_parts_mut(buf, len as usize) };
        // SAFETY: as above.
        unsafe { self.0.get_sqe().expect("SQ room").prep_read(fd, buf, off) }.user_data(user_data);
    }
    #[inline(always)]
    fn submit_and_wait(&mut self, want: u32) -> usize {
        self.0.submit_and_wait(want).expect("submit")
    }
    #[inline(always)]
    fn reap_flags(&mut self, mut each: impl FnMut(u64, i32, u32)) {
        for c in self.0.completions() {
            each(c.user_data(), c.res(), c.flags());
        }
    }
    fn add_buffers(&mut self, n: u16, len: u32) {
        self.1 = Some(
            uring_rs::api::BufRing::new(&mut self.0, BGID, n, len as usize).expect("buf ring"),
        );
    }
    #[inline(always)]
    fn recycle(&mut self, bid: u16) {
        self.1.as_mut().expect("buffers").recycle(bid);
    }
    fn push_recv_multishot(&mut self, fd: i32, user_data: u64) {
        self.0
            .get_sqe()
            .expect("SQ room")
            .prep_recv_multishot(fd, 0)
            .buffer_select(BGID)
            .user_data(user_data);
    }
    #[inline(always)]
    unsafe fn push_send_zc(&mut self, fd: i32, buf: &[u8], user_data: u64) {
        // SAFETY: per the trait contract.
        unsafe {
            self.0
                .get_sqe()
                .expect("SQ room")
                .prep_send_zc(fd, buf, 0, 0)
        }
        .user_data(user_data);
    }
}

// tokio-rs's io-uring ships kernel bindings for a few 64-bit architectures only; Cargo.toml
// has it as a dev-dependency there, and elsewhere this binary runs only the uring-rs half.
#[cfg(any(
    target_arch = "x86_64",
    target_arch = "aarch64",
    target_arch = "riscv64"
))]
mod tokio_side {
    use super::*;

    /// io-uring's side of a buffer ring: the ring (page-aligned, the kernel's layout) and the
    /// buffers, kept by hand.
    struct TokioBufs {
        ring: *mut io_uring::types::BufRingEntry,
        layout: std::alloc::Layout,
        mem: Vec<u8>,
        len: u32,
        mask: u16,
        tail: u16,
    }

    pub(super) struct Tokio(io_uring::IoUring, Option<TokioBufs>);

    impl Drop for Tokio {
        fn drop(&mut self) {
            if let Some(b) = self.1.take() {
                let _ = self.0.submitter().unregister_buf_ring(BGID);
                // SAFETY: allocated with this layout in add_buffers; unregistered above.
                unsafe { std::alloc::dealloc(b.ring.cast(), b.layout) };
            }
        }
    }

    impl Api for Tokio {
        fn new(entries: u32) -> Self {
            Tokio(io_uring::IoUring::new(entries).expect("ring"), None)
        }
        #[inline(always)]
        fn push_nop(&mut self, user_data: u64) {
            let e = io_uring::opcode::Nop::new().build().user_data(user_data);
            // SAFETY: a NOP uses no memory.
            unsafe { self.0.submission().push(&e) }.expect("SQ room");
        }
        #[inline(always)]
        unsafe fn push_read(&mut self, fd: i32, buf: *mut u8, len: u32, off: u64, user_data: u64) {
            let e = io_uring::opcode::Read::new(io_uring::types::Fd(fd), buf, len)
                .offset(off)
                .build()
                .user_data(user_data);
            // SAFETY: per the trait contract.
            unsafe { self.0.submission().push(&e) }.expect("SQ room");
        }
        #[inline(always)]
        fn submit_and_wait(&mut self, want: u32) -> usize {
            self.0.submit_and_wait(want as usize).expect("submit")
        }
        #[inline(always)]
        fn reap_flags(&mut self, mut each: impl FnMut(u64, i32, u32)) {
            for c in self.0.completion() {
                each(c.user_data(), c.result(), c.flags());
            }
        }
        fn add_buffers(&mut self, n: u16, len: u32) {
            let layout = std::alloc::Layout::from_size_align(n as usize * 16, 4096).unwrap();
            // SAFETY: a non-zero size; zeroes are valid entries.
            let ring =
                unsafe { std::alloc::alloc_zeroed(layout) }.cast::<io_uring::types::BufRingEntry>();
            // SAFETY: `ring` is page-aligned memory for `n` entries, kept until Drop.
            unsafe {
                self.0
                    .submitter()
                    .register_buf_ring_with_flags(ring as u64, n, BGID, 0)
            }
            .expect("buf ring");
            let mut b = TokioBufs {
                ring,
                layout,
                mem: vec![0; n as usize * len as usize],
                len,
                mask: n - 1,
                tail: 0,
            };
            for bid in 0..n {
                b.add(bid);
            }
            b.publish();
            self.1 = Some(b);
        }
        #[inline(always)]
        fn recycle(&mut self, bid: u16) {
            let b = self.1.as_mut().expect("buffers");
            b.add(bid);
            b.publish();
        }
        fn push_recv_multishot(&mut self, fd: i32, user_data: u64) {
            let e = io_uring::opcode::RecvMulti::new(io_uring::types::Fd(fd), BGID)
                .build()
                .user_data(user_data);
            // SAFETY: the kernel picks a buffer of the group, which outlives the ring's use.
            unsafe { self.0.submission().push(&e) }.expect("SQ room");
        }
        #[inline(always)]
        unsafe fn push_send_zc(&mut self, fd: i32, buf: &[u8], user_data: u64) {
            let e = io_uring::opcode::SendZc::new(
                io_uring::types::Fd(fd),
                buf.as_ptr(),
                buf.len() as u32,
            )
            .build()
            .user_data(user_data);
            // SAFETY: per the trait contract.
            unsafe { self.0.submission().push(&e) }.expect("SQ room");
        }
    }

    impl TokioBufs {
        /// Put buffer `bid` at the local tail (published by `publish`).
        #[inline(always)]
        fn add(&mut self, bid: u16) {
            // SAFETY: a slot of the ring, masked; the buffer lies in `mem`.
            unsafe {
                let e = &mut *self.ring.add((self.tail & self.mask) as usize);
                e.set_addr(self.mem.as_ptr() as u64 + bid as u64 * self.len as u64);
                e.set_len(self.len);
                e.set_bid(bid);
            }
            self.tail = self.tail.wrapping_add(1);
        }

        #[inline(always)]
        fn publish(&mut self) {
            // SAFETY: the ring's tail field; release orders the entries before it.
            unsafe {
                let tail = io_uring::types::BufRingEntry::tail(self.ring).cast_mut();
                std::sync::atomic::AtomicU16::from_ptr(tail)
                    .store(self.tail, std::sync::atomic::Ordering::Release);
            }
        }
    }
}
#[cfg(any(
    target_arch = "x86_64",
    target_arch = "aarch64",
    target_arch = "riscv64"
))]
use tokio_side::Tokio;

/// `rounds` round trips of `batch` NOPs, as bench/nop.c: queue, submit, reap.
fn nop_rounds<A: Api>(ring: &mut A, batch: u32, rounds: u64) {
    for _ in 0..rounds {
        for i in 0..batch {
            ring.push_nop(i as u64);
        }
        let mut got = 0;
        ring.submit_and_wait(batch);
        while got < batch {
            ring.reap(|_, res| {
                assert!(res >= 0, "NOP completion {res}");
                got += 1;
            });
            if got < batch {
                ring.submit_and_wait(batch - got);
            }
        }
    }
}

fn nop<A: Api>(o: &Opts) {
    let mut ring = A::new(RING_ENTRIES);
    let start = Instant::now();
    let done = if o.ops > 0 {
        let chunk = o.ops.div_ceil(o.batch as u64);
        nop_rounds(&mut ring, o.batch, chunk);
        chunk * o.batch as u64
    } else {
        // about 1 ms of work between clock reads
        let chunk = 2048 / o.batch as u64 + 1;
        let mut done = 0;
        loop {
            nop_rounds(&mut ring, o.batch, chunk);
            done += chunk * o.batch as u64;
            if start.elapsed().as_secs_f64() >= o.secs {
                break done;
            }
        }
    };
    let el = start.elapsed().as_secs_f64();
    println!(
        "bench=nop batch={} ops={done} secs={el:.6} ops_per_sec={:.0}",
        o.batch,
        done as f64 / el
    );
}

/// xorshift64: the same offsets on both APIs.
fn next_rand(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

fn read<A: Api>(o: &Opts) {
    let path = o.file.as_deref().expect("read: FILE");
    let file = File::open(path).expect("open FILE");
    let nblocks = file.metadata().expect("stat").len() / o.bs as u64;
    assert!(nblocks > 0, "{path} is smaller than one block");
    let fd = file.as_raw_fd();
    let mut bufs = vec![0u8; o.qd as usize * o.bs];
    let base = bufs.as_mut_ptr();
    let mut ring = A::new(o.qd);
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let queue = |ring: &mut A, slot: u64, seed: &mut u64| {
        let off = (next_rand(seed) % nblocks) * o.bs as u64;
        // SAFETY: slot `slot` of `bufs`, which outlives the ring's use of it (every read is
        // reaped below before `bufs` goes).
        unsafe {
            ring.push_read(fd, base.add(slot as usize * o.bs), o.bs as u32, off, slot);
        }
    };
    let start = Instant::now();
    let (mut issued, mut done) = (0u64, 0u64);
    let mut again = Vec::with_capacity(o.qd as usize);
    for slot in 0..o.qd as u64 {
        queue(&mut ring, slot, &mut seed);
        issued += 1;
    }
    loop {
        ring.submit_and_wait(1);
        let stop = if o.ops > 0 {
            issued >= o.ops
        } else {
            start.elapsed().as_secs_f64() >= o.secs
        };
        ring.reap(|slot, res| {
            assert_eq!(res, o.bs as i32, "read completion");
            done += 1;
            if !stop {
                again.push(slot);
            }
        });
        for slot in again.drain(..) {
            queue(&mut ring, slot, &mut seed);
            issued += 1;
        }
        if done == issued {
            break;
        }
    }
    let el = start.elapsed().as_secs_f64();
    drop(ring);
    println!(
        "bench=read qd={} bs={} ops={done} secs={el:.6} ops_per_sec={:.0}",
        o.qd,
        o.bs,
        done as f64 / el
    );
}

/// A connected pair of loopback UDP sockets: (sender, receiver).
fn udp_pair() -> (UdpSocket, UdpSocket) {
    let rx = UdpSocket::bind("127.0.0.1:0").expect("bind");
    let tx = UdpSocket::bind("127.0.0.1:0").expect("bind");
    tx.connect(rx.local_addr().unwrap()).expect("connect");
    (tx, rx)
}

/// Run `round` (which does `batch` operations) until `o.ops` are done or `o.secs` passed;
/// returns the operations done.
fn rounds(o: &Opts, mut round: impl FnMut()) -> u64 {
    let start = Instant::now();
    let mut done = 0;
    loop {
        round();
        done += o.batch as u64;
        let over = if o.ops > 0 {
            done >= o.ops
        } else {
            start.elapsed().as_secs_f64() >= o.secs
        };
        if over {
            return done;
        }
    }
}

/// `batch` datagrams sent, then received by one multishot receive into a buffer ring, each
/// buffer recycled as its completion is reaped.
fn recvms<A: Api>(o: &Opts) {
    const MSG: [u8; 64] = [0x5a; 64];
    let (tx, rx) = udp_pair();
    let mut ring = A::new(RING_ENTRIES);
    ring.add_buffers(256, 256);
    ring.push_recv_multishot(rx.as_raw_fd(), 1);
    let mut bids = Vec::with_capacity(RING_ENTRIES as usize);
    let start = Instant::now();
    let done = rounds(o, || {
        for _ in 0..o.batch {
            tx.send(&MSG).expect("send");
        }
        let mut got = 0;
        let mut rearm = false;
        while got < o.batch {
            ring.submit_and_wait(1);
            ring.reap_flags(|_, res, flags| {
                if flags & uring_rs::uapi::IORING_CQE_F_BUFFER != 0 {
                    assert_eq!(res, MSG.len() as i32, "recv completion");
                    got += 1;
                    // Recycled after the batch: the closure can't reach the ring.
                    bids.push((flags >> uring_rs::uapi::IORING_CQE_BUFFER_SHIFT) as u16);
                }
                rearm |= flags & uring_rs::uapi::IORING_CQE_F_MORE == 0;
            });
            for bid in bids.drain(..) {
                ring.recycle(bid);
            }
            if rearm {
                ring.push_recv_multishot(rx.as_raw_fd(), 1);
                rearm = false;
            }
        }
    });
    let el = start.elapsed().as_secs_f64();
    println!(
        "bench=recvms batch={} ops={done} secs={el:.6} ops_per_sec={:.0}",
        o.batch,
        done as f64 / el
    );
}

/// `batch` zero-copy sends of 64 bytes, each reaped twice (the result, the notification).
fn sendzc<A: Api>(o: &Opts) {
    static MSG: [u8; 64] = [0xa5; 64];
    let (tx, _rx) = udp_pair();
    let mut ring = A::new(RING_ENTRIES);
    let start = Instant::now();
    let done = rounds(o, || {
        for i in 0..o.batch {
            // SAFETY: MSG is static.
            unsafe { ring.push_send_zc(tx.as_raw_fd(), &MSG, i as u64) };
        }
        let mut left = 2 * o.batch;
        ring.submit_and_wait(left);
        while left > 0 {
            ring.reap_flags(|_, res, flags| {
                if flags & uring_rs::uapi::IORING_CQE_F_NOTIF == 0 {
                    assert_eq!(res, MSG.len() as i32, "send_zc completion");
                }
                left -= 1;
            });
            if left > 0 {
                ring.submit_and_wait(left);
            }
        }
    });
    let el = start.elapsed().as_secs_f64();
    println!(
        "bench=sendzc batch={} ops={done} secs={el:.6} ops_per_sec={:.0}",
        o.batch,
        done as f64 / el
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let me = Path::new(&args[0]);
    let workload = me.file_name().unwrap().to_string_lossy().into_owned();
    let api = me
        .parent()
        .and_then(|d| d.file_name())
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let o = parse(&args[1..]);
    match (api.as_str(), workload.as_str()) {
        ("uring-rs-api", "nop") => nop::<Ours>(&o),
        ("uring-rs-api", "read") => read::<Ours>(&o),
        ("uring-rs-api", "recvms") => recvms::<Ours>(&o),
        ("uring-rs-api", "sendzc") => sendzc::<Ours>(&o),
        #[cfg(any(
            target_arch = "x86_64",
            target_arch = "aarch64",
            target_arch = "riscv64"
        ))]
        ("io-uring", "nop") => nop::<Tokio>(&o),
        #[cfg(any(
            target_arch = "x86_64",
            target_arch = "aarch64",
            target_arch = "riscv64"
        ))]
        ("io-uring", "read") => read::<Tokio>(&o),
        #[cfg(any(
            target_arch = "x86_64",
            target_arch = "aarch64",
            target_arch = "riscv64"
        ))]
        ("io-uring", "recvms") => recvms::<Tokio>(&o),
        #[cfg(any(
            target_arch = "x86_64",
            target_arch = "aarch64",
            target_arch = "riscv64"
        ))]
        ("io-uring", "sendzc") => sendzc::<Tokio>(&o),
        _ => {
            eprintln!(
                "run as {{uring-rs-api,io-uring}}/{{nop,read,recvms,sendzc}} (see make bench-build)"
            );
            std::process::exit(2);
        }
    }
}
