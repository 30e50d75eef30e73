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
//! ```

use std::fs::File;
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
    fn reap(&mut self, each: impl FnMut(u64, i32));
}

struct Ours(uring_rs::api::Ring);

impl Api for Ours {
    fn new(entries: u32) -> Self {
        Ours(uring_rs::api::Ring::new(entries).expect("ring"))
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
    fn reap(&mut self, mut each: impl FnMut(u64, i32)) {
        for c in self.0.completions() {
            each(c.user_data(), c.res());
        }
    }
}

// tokio-rs's io-uring ships kernel bindings for a few 64-bit architectures only; Cargo.toml
// has it as a dev-dependency there, and elsewhere this binary runs only the uring-rs half.
#[cfg(any(
    target_arch = "x86_64",
    target_arch = "aarch64",
    target_arch = "riscv64"
))]
struct Tokio(io_uring::IoUring);

#[cfg(any(
    target_arch = "x86_64",
    target_arch = "aarch64",
    target_arch = "riscv64"
))]
impl Api for Tokio {
    fn new(entries: u32) -> Self {
        Tokio(io_uring::IoUring::new(entries).expect("ring"))
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
    fn reap(&mut self, mut each: impl FnMut(u64, i32)) {
        for c in self.0.completion() {
            each(c.user_data(), c.result());
        }
    }
}

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
        _ => {
            eprintln!("run as {{uring-rs-api,io-uring}}/{{nop,read}} (see make bench-build)");
            std::process::exit(2);
        }
    }
}
