//! `URING_RS_CHECK`: the io_uring mistakes of an unmodified program, found as they happen.
//!
//! With `URING_RS_CHECK=1` (stderr) or `=PATH` (appended) every ring the library sets up is
//! observed as tracing observes it (the same mark, the same hooks, src/trace_hook.rs), and at
//! each library entry this module judges the ring's state and what src/trace.rs has read of its
//! SQEs and CQEs. A finding is one line:
//!
//! ```text
//! uring-rs: check: ring=3 wait-forever op=- user_data=- at /path/prog+0x12a4: io_uring_wait_cqe without a timeout while nothing is in flight and the CQ is empty: it can never return
//! ```
//!
//! The call site is the first return address on the stack outside the uring-rs objects, as
//! `object+offset` for `addr2line -e object offset`. The program's results are not changed.

use core::ffi::{c_int, c_void};
use core::sync::atomic::{AtomicI32, AtomicU32, Ordering};
use std::io::Write as _;
use std::sync::{Mutex, MutexGuard};

use crate::ring::*;
use crate::trace::op_name;
use crate::trace_hook::TraceEntry;
use crate::uapi::*;

/// What the checks remember of one ring between entries.
pub(crate) struct RingCheck {
    /// The thread that set up a SINGLE_ISSUER ring (the kernel's submitter), else 0.
    owner_tid: c_int,
    /// `cq.koverflow` at the last entry.
    dropped: u32,
    /// Whether IORING_SQ_CQ_OVERFLOW was set at the last entry (reported once per rise).
    overflow_flag: bool,
    /// The CQ head last reported as past the tail, so a head left there is reported once.
    past_tail: Option<u32>,
    /// The threads inside a submit on this ring (between the entry and the `left` hooks):
    /// more than one at a time is a race liburing does not guard against.
    submitting: Vec<c_int>,
    /// This ring's number among the checked ones (its memory ranges carry it).
    id: u32,
    /// Whether URING_RS_CHECK is on (a ring is also observed for tracing or stats alone).
    checking: bool,
    /// Completions were missed (src/trace.rs): which requests ended is no longer known, so
    /// this ring's memory is not followed any more rather than reported wrongly.
    blind: bool,
    /// Findings made while src/trace.rs reads the SQEs and CQEs, written at the entry's end.
    pub found: Vec<u8>,
    /// `FORKS` when the ring was set up: a ring older than a fork is shared with the child.
    forks: u32,
    /// The ring's buffer rings whose memory the library knows.
    bufs: Vec<BufRing>,
}

impl RingCheck {
    /// The state of a ring just set up, by the thread setting it up.
    pub(crate) fn new(ring: &io_uring, checking: bool) -> Self {
        let single = ring.has_flag(IORING_SETUP_SINGLE_ISSUER)
            // A disabled ring's submitter is the thread that enables it, which no hook sees.
            && !ring.has_flag(IORING_SETUP_R_DISABLED);
        RingCheck {
            // SAFETY: gettid has no preconditions.
            owner_tid: if single { unsafe { libc::gettid() } } else { 0 },
            dropped: 0,
            overflow_flag: false,
            past_tail: None,
            submitting: Vec::new(),
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            checking,
            blind: false,
            found: Vec::new(),
            forks: FORKS.load(Ordering::Relaxed),
            bufs: Vec::new(),
        }
    }
}

/// What src/trace.rs knows of a ring's operations at this entry.
pub(crate) struct Seen {
    /// Operations submitted whose last completion has not been seen.
    pub in_flight: usize,
    /// Of them, liburing's own timeouts (timed waits on kernels without EXT_ARG): they end a
    /// wait, but are not the program's requests.
    pub internal: usize,
    /// One of the program's, (opcode, user_data), to name in a finding.
    pub some_op: Option<(u8, u64)>,
    /// Whether completions were missed (reused slots): `in_flight` is then not exact.
    pub missed: bool,
    /// Whether the ring was given requests with IOSQE_CQE_SKIP_SUCCESS: one posts a
    /// completion only if it fails, so nothing proves it has ended.
    pub skip_success: bool,
}

/// The requests in flight at exit: those src/trace.rs saw published and not completed, less
/// those still in the SQ that the kernel never took (a submit it refused, -EEXIST or -EBUSY,
/// leaves them there). An SQPOLL thread takes them later, so there they count. (At a wait the
/// SQEs in the SQ count: the same call, or the SQPOLL thread, submits them.)
fn in_flight_at_exit(ring: &io_uring, seen: &Seen) -> usize {
    let program = seen.in_flight - seen.internal;
    if ring.has_flag(IORING_SETUP_SQPOLL) {
        return program;
    }
    // SAFETY: the ring's pointers point into its live mapping.
    let queued = unsafe { load_relaxed(ring.sq.ktail).wrapping_sub(load_acquire(ring.sq.khead)) };
    program.saturating_sub(queued as usize)
}

/// One finding, formatted into `out`.
fn finding(
    out: &mut Vec<u8>,
    ring_fd: c_int,
    kind: &str,
    op: Option<(u8, u64)>,
    what: core::fmt::Arguments,
) {
    let _ = write!(out, "uring-rs: check: ring={ring_fd} {kind}");
    let _ = match op {
        Some((o, ud)) => write!(out, " op={} user_data={ud:#x}", op_name(o).unwrap_or("?")),
        None => write!(out, " op=- user_data=-"),
    };
    caller(out);
    let _ = writeln!(out, ": {what}");
}

/// Appends ` at OBJECT+0xOFFSET`: the first return address on the stack that is not in a
/// uring-rs object (this one, the library, the drop-ins), the call into the library.
fn caller(out: &mut Vec<u8>) {
    let mut frames = [core::ptr::null_mut::<c_void>(); 64];
    // SAFETY: a writable array of the size given.
    let n = unsafe { libc::backtrace(frames.as_mut_ptr(), frames.len() as c_int) };
    let own = object_of(caller as *const c_void).map(|(_, base)| base);
    for &f in frames.iter().take(n.max(0) as usize) {
        // A return address points after the call: the call itself is one byte before.
        let Some((name, base)) = object_of((f as usize).wrapping_sub(1) as *const c_void) else {
            continue;
        };
        if Some(base) == own || is_ours(&name) {
            continue;
        }
        let _ = write!(
            out,
            " at {}+{:#x}",
            String::from_utf8_lossy(&name),
            f as usize - 1 - base
        );
        return;
    }
    let _ = write!(out, " at ?");
}

/// The uring-rs objects a call site is not in: liburing_rs.so, the drop-in liburing.so.2 and
/// liburing-ffi.so.2.
fn is_ours(path: &[u8]) -> bool {
    let file = path.rsplit(|&c| c == b'/').next().unwrap_or(path);
    file.starts_with(b"liburing")
}

/// The file and load address of the object holding `addr` (dladdr).
fn object_of(addr: *const c_void) -> Option<(Vec<u8>, usize)> {
    // SAFETY: Dl_info is plain data that dladdr fills in.
    let mut info: libc::Dl_info = unsafe { core::mem::zeroed() };
    // SAFETY: dladdr only looks the address up.
    if unsafe { libc::dladdr(addr, &mut info) } == 0 || info.dli_fname.is_null() {
        return None;
    }
    // SAFETY: dladdr returned a NUL-terminated file name.
    let name = unsafe { core::ffi::CStr::from_ptr(info.dli_fname) }.to_bytes();
    let name = if name.is_empty() {
        // The program itself: its path.
        std::fs::read_link("/proc/self/exe")
            .map(|p| p.into_os_string().into_encoded_bytes())
            .unwrap_or_default()
    } else {
        name.to_vec()
    };
    Some((name, info.dli_fbase as usize))
}

/// The checks at a library entry, after src/trace.rs read the SQEs and CQEs since the last.
pub(crate) fn entry(
    c: &mut RingCheck,
    ring: &io_uring,
    kind: TraceEntry,
    seen: &Seen,
    out: &mut Vec<u8>,
) {
    // SAFETY: the ring's pointers point into its live mapping.
    let (head, tail) = unsafe { (load_relaxed(ring.cq.khead), load_acquire(ring.cq.ktail)) };
    let flags = ring.sq_kflags();
    if c.owner_tid != 0 {
        // SAFETY: gettid has no preconditions.
        let tid = unsafe { libc::gettid() };
        if tid != c.owner_tid {
            finding(
                out,
                ring.ring_fd,
                "single-issuer",
                None,
                format_args!(
                    "a SINGLE_ISSUER ring set up by thread {} entered from thread {tid}: the kernel refuses its submissions (-EEXIST)",
                    c.owner_tid
                ),
            );
        }
    }
    if matches!(kind, TraceEntry::Submit | TraceEntry::SubmitWait) {
        // SAFETY: gettid has no preconditions.
        let tid = unsafe { libc::gettid() };
        if let Some(other) = c.submitting.iter().find(|&&t| t != tid) {
            finding(
                out,
                ring.ring_fd,
                "concurrent-submit",
                None,
                format_args!(
                    "a submit from thread {tid} while thread {other} is inside a submit on the same ring: liburing is not thread-safe per ring, so SQEs may be submitted twice, lost, or read by the kernel half-written; serialize get_sqe and submit with a lock"
                ),
            );
        }
        c.submitting.push(tid);
    }
    let past = head.wrapping_sub(tail) as i32;
    if past > 0 {
        if c.past_tail != Some(head) {
            finding(
                out,
                ring.ring_fd,
                "seen-past-tail",
                None,
                format_args!(
                    "the CQ head ({head}) is {past} past the kernel's tail ({tail}): io_uring_cqe_seen or io_uring_cq_advance marked completions seen twice or that never existed; the next ones will be skipped or read stale"
                ),
            );
            c.past_tail = Some(head);
        }
    } else {
        c.past_tail = None;
    }
    let dropped = if ring.cq.koverflow.is_null() {
        0
    } else {
        // SAFETY: as above.
        unsafe { load_relaxed(ring.cq.koverflow) }
    };
    let overflow = flags & IORING_SQ_CQ_OVERFLOW != 0;
    let entries = ring.cq.ring_entries;
    let what = if dropped != c.dropped {
        Some(format!(
            "the kernel dropped {} completions (CQ of {entries} entries, {dropped} in all): their requests' results are lost",
            dropped.wrapping_sub(c.dropped)
        ))
    } else if overflow && !c.overflow_flag {
        Some(format!(
            "the CQ of {entries} entries is full and the kernel keeps further completions on its overflow list (IORING_SQ_CQ_OVERFLOW): reap faster or make the CQ larger, or completions are dropped"
        ))
    } else {
        None
    };
    if let Some(what) = what {
        finding(
            out,
            ring.ring_fd,
            "cq-overflow",
            None,
            format_args!("{what}"),
        );
    }
    c.dropped = dropped;
    c.overflow_flag = overflow;
    if !c.blind {
        for b in &mut c.bufs {
            b.published(ring.ring_fd, out);
        }
    }
    let forever = matches!(kind, TraceEntry::WaitForever | TraceEntry::SubmitWait);
    // SAFETY: as above.
    let sq_tail = unsafe { load_acquire(ring.sq.ktail) };
    // Another process sharing the ring (a child after fork) submitting past what this one
    // published may be what the wait is for.
    let shared = sq_tail != ring.sq.sqe_head || FORKS.load(Ordering::Relaxed) != c.forks;
    let unknown = seen.missed || seen.skip_success || shared;
    if forever && seen.in_flight == 0 && !unknown && head == tail && !overflow {
        let call = if kind == TraceEntry::SubmitWait {
            "io_uring_submit_and_wait"
        } else {
            "io_uring_wait_cqe"
        };
        finding(
            out,
            ring.ring_fd,
            "wait-forever",
            None,
            format_args!(
                "{call} without a timeout while nothing is in flight and the CQ is empty: it can only return on a signal, or a completion another thread or ring (MSG_RING) posts"
            ),
        );
    }
}

/// A submit this thread entered returns.
pub(crate) fn left(c: &mut RingCheck) {
    // SAFETY: gettid has no preconditions.
    let tid = unsafe { libc::gettid() };
    if let Some(i) = c.submitting.iter().position(|&t| t == tid) {
        c.submitting.swap_remove(i);
    }
}

/// The checks at `io_uring_queue_exit`, after src/trace.rs read the last CQEs.
pub(crate) fn exit(ring: &io_uring, seen: &Seen, out: &mut Vec<u8>) {
    let unsubmitted = ring.sq.sqe_tail.wrapping_sub(ring.sq.sqe_head);
    if unsubmitted != 0 {
        finding(
            out,
            ring.ring_fd,
            "unsubmitted-at-exit",
            None,
            format_args!(
                "io_uring_queue_exit with {unsubmitted} SQEs taken by io_uring_get_sqe and never submitted: those operations never ran"
            ),
        );
    }
    let in_flight = in_flight_at_exit(ring, seen);
    // Completions on the kernel's overflow list are not in the CQ yet: which requests ended
    // is not known.
    let overflowed = ring.sq_kflags() & IORING_SQ_CQ_OVERFLOW != 0;
    if in_flight != 0 && !seen.missed && !overflowed {
        finding(
            out,
            ring.ring_fd,
            "in-flight-at-exit",
            seen.some_op,
            format_args!(
                "io_uring_queue_exit with {in_flight} requests in flight: the kernel cancels them, but may still have written their buffers, which must not be freed before it has"
            ),
        );
    }
}

// ---- memory the kernel may still write ----

/// One range of memory an in-flight request lets the kernel write into.
struct Write {
    ring: u32,
    fd: c_int,
    /// The request's number on its ring (src/trace.rs's `Pending::seq`).
    seq: u64,
    op: u8,
    user_data: u64,
    start: usize,
    end: usize,
    /// Submitted at the current entry, not yet compared with the others.
    new: bool,
}

// Only the trace object (trace-so) interposes free, realloc and munmap (src/interpose.rs).
#[cfg_attr(not(feature = "trace-so"), allow(dead_code))]
/// A checked ring, whose SQEs taken and not yet submitted are looked at when memory is freed.
struct Watched {
    ring: u32,
    fd: c_int,
    /// The program's `struct io_uring`, valid from setup to `io_uring_queue_exit`; read only
    /// while its `pad2` and SQE array are still those seen at setup.
    at: usize,
    pad2: u32,
    sqes: usize,
}

struct Mem {
    writes: Vec<Write>,
    rings: Vec<Watched>,
}

/// The in-flight memory of every checked ring: a free on any thread is compared with all.
/// Taken after a ring's own lock, never before it.
static MEM: Mutex<Mem> = Mutex::new(Mem {
    writes: Vec::new(),
    rings: Vec::new(),
});
static NEXT_ID: AtomicU32 = AtomicU32::new(1);
/// Forks since checking started, counted in the parent and in the child: a ring set up before
/// one is shared by both, and either may submit what a wait in the other is for.
static FORKS: AtomicU32 = AtomicU32::new(0);

extern "C" fn forked() {
    FORKS.fetch_add(1, Ordering::Relaxed);
}
/// Where findings made outside a library entry (in free, realloc, munmap) go.
static OUT_FD: AtomicI32 = AtomicI32::new(-1);

fn mem() -> MutexGuard<'static, Mem> {
    MEM.lock().unwrap_or_else(|e| e.into_inner())
}

/// Checking starts (once, at the first ring): findings go to `fd`, and the program's free,
/// realloc and munmap are interposed where that can be done (src/interpose.rs).
pub(crate) fn start(fd: c_int) {
    OUT_FD.store(fd, Ordering::Release);
    // SAFETY: registering a plain function, run in the parent and the child after each fork.
    unsafe { libc::pthread_atfork(None, Some(forked), Some(forked)) };
    #[cfg(feature = "trace-so")]
    crate::interpose::install(released);
}

impl RingCheck {
    /// The ring was registered at `ring` (its `pad2` set): watch its unsubmitted SQEs.
    pub(crate) fn watch(&self, ring: &io_uring) {
        if self.checking {
            mem().rings.push(Watched {
                ring: self.id,
                fd: ring.ring_fd,
                at: ring as *const io_uring as usize,
                pad2: ring.pad2,
                sqes: ring.sq.sqes as usize,
            });
        }
    }

    /// Completions were missed: stop following this ring's memory.
    pub(crate) fn blind(&mut self) {
        if self.checking && !self.blind {
            self.blind = true;
            mem().writes.retain(|w| w.ring != self.id);
        }
    }
}

impl Drop for RingCheck {
    fn drop(&mut self) {
        if self.checking {
            let mut m = mem();
            m.writes.retain(|w| w.ring != self.id);
            m.rings.retain(|r| r.ring != self.id);
        }
    }
}

/// Copies `n` values of type T from the program's address `addr`, through process_vm_readv:
/// a bad pointer is the kernel's to answer (-EFAULT), not a crash here.
fn copy_in<T: Copy>(addr: usize, n: usize) -> Option<Vec<T>> {
    let mut v: Vec<T> = Vec::with_capacity(n);
    let bytes = n.checked_mul(size_of::<T>())?;
    let local = libc::iovec {
        iov_base: v.as_mut_ptr().cast(),
        iov_len: bytes,
    };
    let remote = libc::iovec {
        iov_base: addr as *mut c_void,
        iov_len: bytes,
    };
    // SAFETY: both describe memory of this process; the kernel checks the remote one.
    let got = unsafe { libc::process_vm_readv(libc::getpid(), &local, 1, &remote, 1, 0) };
    if got != bytes as isize {
        return None;
    }
    // SAFETY: the kernel wrote all n values; T is plain data.
    unsafe { v.set_len(n) };
    Some(v)
}

fn iov_ranges(addr: usize, n: usize, out: &mut Vec<(usize, usize)>) {
    // 1024 is the kernel's UIO_MAXIOV: a longer array is refused before anything is written.
    if n > 1024 {
        return;
    }
    for v in copy_in::<libc::iovec>(addr, n).unwrap_or_default() {
        out.push((
            v.iov_base as usize,
            (v.iov_base as usize).saturating_add(v.iov_len),
        ));
    }
}

/// The memory a request writes into: its buffer, iovecs, or msghdr's parts. Requests that
/// pick a provided buffer (IOSQE_BUFFER_SELECT) name none.
fn written_by(sqe: &io_uring_sqe) -> Vec<(usize, usize)> {
    let mut r = Vec::new();
    if sqe.flags as u32 & IOSQE_BUFFER_SELECT != 0 {
        return r;
    }
    let addr = sqe.addr() as usize;
    match sqe.opcode as u32 {
        IORING_OP_READ | IORING_OP_READ_FIXED | IORING_OP_RECV => {
            r.push((addr, addr.saturating_add(sqe.len as usize)))
        }
        IORING_OP_READV | IORING_OP_READV_FIXED => iov_ranges(addr, sqe.len as usize, &mut r),
        IORING_OP_RECVMSG => {
            if let Some([m]) = copy_in::<libc::msghdr>(addr, 1).as_deref() {
                iov_ranges(m.msg_iov as usize, m.msg_iovlen as usize, &mut r);
                let name = m.msg_name as usize;
                r.push((name, name.saturating_add(m.msg_namelen as usize)));
                let control = m.msg_control as usize;
                r.push((control, control.saturating_add(m.msg_controllen as usize)));
            }
        }
        _ => {}
    }
    r.retain(|(s, e)| s < e);
    r
}

/// A request just submitted (request `seq` of its ring): the memory it writes, compared with
/// the other requests' by `compare_new_writes` once the entry has read the completions.
pub(crate) fn submitted(c: &mut RingCheck, ring: &io_uring, sqe: &io_uring_sqe, seq: u64) {
    if !c.checking || c.blind {
        return;
    }
    let ranges = written_by(sqe);
    if ranges.is_empty() {
        return;
    }
    let mut m = mem();
    for (start, end) in ranges {
        m.writes.push(Write {
            ring: c.id,
            fd: ring.ring_fd,
            seq,
            op: sqe.opcode,
            user_data: sqe.user_data,
            start,
            end,
            new: true,
        });
    }
}

/// The memory of the requests submitted at this entry must not be written by another request
/// still in flight (one finding per request).
pub(crate) fn compare_new_writes(c: &mut RingCheck) {
    if !c.checking {
        return;
    }
    let overlaps = |m: &Mem, w: &Write| -> Vec<u32> {
        let other = m
            .writes
            .iter()
            .filter(|o| o.ring != w.ring && o.start < w.end && w.start < o.end);
        other.map(|o| o.ring).collect()
    };
    // Another ring's requests may have completed and been reaped inline, unseen: read its
    // completions first. One that another thread is inside is left as it is, and its
    // requests are not compared (no finding rather than a wrong one).
    let others: Vec<(u32, u32)> = {
        let m = mem();
        let new = m.writes.iter().filter(|w| w.ring == c.id && w.new);
        let mut ids: Vec<u32> = new.flat_map(|w| overlaps(&m, w)).collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter()
            .map(|id| {
                (
                    id,
                    m.rings.iter().find(|r| r.ring == id).map_or(0, |r| r.pad2),
                )
            })
            .collect()
    };
    let unread: Vec<u32> = others
        .into_iter()
        .filter(|&(_, pad2)| !crate::trace::catch_up(pad2, false))
        .map(|(id, _)| id)
        .collect();
    let mut m = mem();
    let mut reported = Vec::new();
    for i in 0..m.writes.len() {
        let w = &m.writes[i];
        if w.ring != c.id || !w.new {
            continue;
        }
        // with each older request, and each new one before it (a pair is reported once)
        let other = m.writes.iter().enumerate().find(|&(j, o)| {
            j != i
                && (!o.new || j < i)
                && o.start < w.end
                && w.start < o.end
                && (o.ring, o.seq) != (w.ring, w.seq)
                && !unread.contains(&o.ring)
        });
        if let (Some((_, o)), false) = (other, reported.contains(&w.seq)) {
            reported.push(w.seq);
            let other_op = op_name(o.op).unwrap_or("?");
            finding(
                &mut c.found,
                w.fd,
                "overlapping-writes",
                Some((w.op, w.user_data)),
                format_args!(
                    "the kernel may write {:#x}..{:#x} for it while {other_op} user_data={:#x} (ring={}) still may write {:#x}..{:#x}: what the memory holds depends on which completes last",
                    w.start, w.end, o.user_data, o.fd, o.start, o.end
                ),
            );
        }
    }
    for w in m.writes.iter_mut().filter(|w| w.ring == c.id) {
        w.new = false;
    }
}

/// Request `seq` of this ring has completed: the kernel no longer writes its memory.
pub(crate) fn completed(c: &RingCheck, seq: u64) {
    if c.checking && !c.blind {
        let id = c.id;
        mem().writes.retain(|w| w.ring != id || w.seq != seq);
    }
}

// Only the trace object (trace-so) interposes free, realloc and munmap (src/interpose.rs).
#[cfg_attr(not(feature = "trace-so"), allow(dead_code))]
/// Whether a request reads an array or header at `addr` when it is submitted.
fn reads_at_submit(op: u32) -> Option<&'static str> {
    match op {
        IORING_OP_READV | IORING_OP_WRITEV | IORING_OP_READV_FIXED | IORING_OP_WRITEV_FIXED => {
            Some("iovec array")
        }
        IORING_OP_RECVMSG | IORING_OP_SENDMSG | IORING_OP_SENDMSG_ZC => Some("msghdr"),
        _ => None,
    }
}

// Only the trace object (trace-so) interposes free, realloc and munmap (src/interpose.rs).
#[cfg_attr(not(feature = "trace-so"), allow(dead_code))]
/// The SQEs taken and not yet submitted on a watched ring, by (opcode, user_data, addr).
fn unsubmitted(r: &Watched) -> Vec<(u8, u64, usize)> {
    let ring = r.at as *const io_uring;
    // SAFETY: the program's ring struct, alive until io_uring_queue_exit (which stops the
    // watch); read without the program's cooperation, so volatile, and trusted only if it
    // still carries the mark and SQE array this ring had at setup.
    let (pad2, sqes, head, tail, mask, entries, flags) = unsafe {
        (
            core::ptr::read_volatile(&raw const (*ring).pad2),
            core::ptr::read_volatile(&raw const (*ring).sq.sqes) as usize,
            core::ptr::read_volatile(&raw const (*ring).sq.sqe_head),
            core::ptr::read_volatile(&raw const (*ring).sq.sqe_tail),
            core::ptr::read_volatile(&raw const (*ring).sq.ring_mask),
            core::ptr::read_volatile(&raw const (*ring).sq.ring_entries),
            core::ptr::read_volatile(&raw const (*ring).flags),
        )
    };
    let n = tail.wrapping_sub(head);
    if pad2 != r.pad2 || sqes != r.sqes || n == 0 || n > entries {
        return Vec::new();
    }
    let shift = (flags & IORING_SETUP_SQE128 != 0) as u32;
    (0..n)
        .map(|i| {
            let index = (head.wrapping_add(i) & mask) << shift;
            // SAFETY: masked into the ring's SQE array, mapped while the ring is watched.
            let sqe = unsafe {
                core::ptr::read_volatile((sqes as *const io_uring_sqe).add(index as usize))
            };
            (sqe.opcode, sqe.user_data, sqe.addr() as usize)
        })
        .collect()
}

// Only the trace object (trace-so) interposes free, realloc and munmap (src/interpose.rs).
#[cfg_attr(not(feature = "trace-so"), allow(dead_code))]
/// The program gives `[start, end)` back (free, realloc, munmap: src/interpose.rs): the
/// kernel may still write it for a request in flight, or read it at the submit of an SQE
/// taken and not yet submitted.
fn released(start: usize, end: usize, what: &str) {
    let hits = |m: &Mem| -> Vec<u32> {
        let rings = m.writes.iter().filter(|w| w.start < end && start < w.end);
        rings
            .filter_map(|w| m.rings.iter().find(|r| r.ring == w.ring))
            .map(|r| r.pad2)
            .collect()
    };
    // The program may have reaped the completions inline, which the library has not seen:
    // read them first (src/trace.rs, under each ring's lock, which is taken before MEM).
    let behind = hits(&mem());
    for pad2 in behind {
        crate::trace::catch_up(pad2, true);
    }
    let mut out = Vec::new();
    {
        let mut m = mem();
        if let Some(w) = m.writes.iter().find(|w| w.start < end && start < w.end) {
            finding(
                &mut out,
                w.fd,
                "freed-in-flight",
                Some((w.op, w.user_data)),
                format_args!(
                    "{what} of {start:#x}..{end:#x} while the kernel may still write {:#x}..{:#x} for this request: its data will land in freed memory, corrupting whatever reuses it",
                    w.start, w.end
                ),
            );
        }
        // A ring struct given back without io_uring_queue_exit is not read again.
        m.rings
            .retain(|r| r.at + size_of::<io_uring>() <= start || end <= r.at);
        for r in &m.rings {
            let hit = unsubmitted(r)
                .into_iter()
                .find(|&(op, _, a)| reads_at_submit(op as u32).is_some() && start <= a && a < end);
            if let Some((op, ud, _)) = hit {
                let part = reads_at_submit(op as u32).unwrap_or("?");
                finding(
                    &mut out,
                    r.fd,
                    "freed-before-submit",
                    Some((op, ud)),
                    format_args!(
                        "{what} of the {part} of an SQE taken and not yet submitted: the kernel reads it at submit, from freed memory"
                    ),
                );
            }
        }
    }
    let fd = OUT_FD.load(Ordering::Acquire);
    if !out.is_empty() && fd >= 0 {
        // SAFETY: a valid buffer; a failed write of a finding is nothing to report.
        unsafe { libc::write(fd, out.as_ptr().cast(), out.len()) };
    }
}

// ---- buffer rings ----

/// One slot of a buffer ring as published: (addr, len, bid).
type Slot = (u64, u32, u16);

/// A buffer ring: what the program published in it, and which buffer ids the kernel holds
/// (published and not yet handed back in a completion).
struct BufRing {
    bgid: u16,
    br: usize,
    mask: u16,
    /// Incremental consumption (IOU_PBUF_RING_INC): IORING_CQE_F_BUF_MORE keeps a buffer.
    inc: bool,
    /// The tail at the last entry.
    tail: u16,
    /// What each slot held when it was last published (None: never published).
    slots: Vec<Option<Slot>>,
    /// Where each buffer id was last published, and whether the kernel holds it.
    at: std::collections::HashMap<u16, (u16, bool)>,
    /// Buffer ids handed back by completions read before the scan that sees them published.
    ahead: std::collections::HashMap<u16, u32>,
}

impl BufRing {
    fn held(&self, bid: u16) -> bool {
        self.at.get(&bid).is_some_and(|&(_, h)| h)
    }

    /// A completion handed buffer `id` back. One the kernel holds no more, as far as the
    /// scans have seen, was taken from a slot published since the last scan and already
    /// completed (the CQEs are read before the tail): that publish is then not judged.
    fn give_back(&mut self, id: u16) {
        match self.at.get_mut(&id) {
            Some(e) if e.1 => e.1 = false,
            _ => *self.ahead.entry(id).or_default() += 1,
        }
    }

    /// Judges the slots the tail moved over since the last entry: each must hold a buffer
    /// the program added (not a slot left as it was, the kernel's from the last lap, or one
    /// never filled), whose id the kernel does not hold already. One finding per entry.
    fn published(&mut self, ring_fd: c_int, out: &mut Vec<u8>) {
        let br = self.br as *const io_uring_buf;
        // SAFETY: the registered ring's tail (bytes 14..16 of its first entry, the program's
        // to write), mapped while the group is registered.
        let tail = unsafe { core::ptr::read_volatile(io_uring_buf_ring::tail_ptr(br as *mut _)) };
        let n = tail.wrapping_sub(self.tail);
        if n == 0 {
            return;
        }
        let entries = self.mask as u32 + 1;
        let mut what = None;
        if n as u32 > entries {
            what = Some((
                "buf-ring-tail-past-added",
                format!(
                    "the tail of buffer group {} moved by {n} since the last call into the library, past the {entries} entries of the ring: buffers were published that were never added",
                    self.bgid
                ),
            ));
        }
        let mut pos = self.tail;
        for _ in 0..n.min(entries as u16 + 1) {
            let i = (pos & self.mask) as usize;
            // SAFETY: masked into the ring's entries.
            let e = unsafe { core::ptr::read_volatile(br.add(i)) };
            let now: Slot = (e.addr, e.len, e.bid);
            if let Some(k) = self.ahead.get_mut(&e.bid) {
                *k -= 1;
                if *k == 0 {
                    self.ahead.remove(&e.bid);
                }
                self.slots[i] = Some(now);
                self.at.insert(e.bid, (pos, false));
                pos = pos.wrapping_add(1);
                continue;
            }
            let (stale, never) = (self.slots[i] == Some(now), self.slots[i].is_none());
            if what.is_none()
                && ((stale && self.held(e.bid)) || (never && e.addr == 0 && e.len == 0))
            {
                what = Some((
                    "buf-ring-tail-past-added",
                    format!(
                        "the tail of buffer group {} was advanced past the buffers added: slot {i} (position {pos}) {}",
                        self.bgid,
                        if never {
                            "was never filled: the kernel will hand a request a NULL buffer of 0 bytes".to_string()
                        } else {
                            format!(
                                "still holds buffer id {} from the last lap, which the kernel has not handed back: it will give that buffer to a second request",
                                e.bid
                            )
                        }
                    ),
                ));
            } else if what.is_none() && self.held(e.bid) {
                let (was, _) = self.at[&e.bid];
                what = Some((
                    "buf-ring-id-still-held",
                    format!(
                        "buffer id {} of group {} published again (slot {i}) while the kernel still holds it from position {was}: no completion has handed it back, so two requests may be given the same buffer",
                        e.bid, self.bgid
                    ),
                ));
            }
            self.slots[i] = Some(now);
            self.at.insert(e.bid, (pos, true));
            pos = pos.wrapping_add(1);
        }
        self.tail = tail;
        if let Some((kind, text)) = what {
            finding(out, ring_fd, kind, None, format_args!("{text}"));
        }
    }
}

/// A buffer ring of group `bgid` at `br` was registered (`entries` 0: unregistered).
pub(crate) fn buf_ring(c: &mut RingCheck, bgid: u16, br: usize, entries: u32, flags: u32) {
    if !c.checking {
        return;
    }
    c.bufs.retain(|b| b.bgid != bgid);
    if entries == 0 || br == 0 || !entries.is_power_of_two() || entries > 1 << 15 {
        return;
    }
    // SAFETY: the ring the kernel just accepted, mapped.
    let tail = unsafe { core::ptr::read_volatile(io_uring_buf_ring::tail_ptr(br as *mut _)) };
    c.bufs.push(BufRing {
        bgid,
        br,
        mask: (entries - 1) as u16,
        inc: flags & IOU_PBUF_RING_INC != 0,
        tail,
        slots: vec![None; entries as usize],
        at: Default::default(),
        ahead: Default::default(),
    });
}

/// A completion handed back buffer `bid` of group `group` (and, for a bundle, the ones
/// published after it that `res` bytes filled), unless the kernel keeps it (`kept`).
pub(crate) fn buffer_returned(
    c: &mut RingCheck,
    group: u16,
    bid: u16,
    res: i32,
    bundle: bool,
    kept: bool,
) {
    let Some(b) = c.bufs.iter_mut().find(|b| b.bgid == group) else {
        return;
    };
    if kept && b.inc {
        return;
    }
    let (mut pos, held) = b.at.get(&bid).copied().unwrap_or((0, false));
    if !held {
        // from a publish the scans have not seen yet: where its bundle went is not known
        b.give_back(bid);
        return;
    }
    let mut left = res as i64;
    for _ in 0..=b.mask as u32 {
        let Some((_, len, id)) = b.slots[(pos & b.mask) as usize] else {
            break;
        };
        b.give_back(id);
        left -= len as i64;
        if !bundle || left <= 0 {
            break;
        }
        pos = pos.wrapping_add(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked_ring() -> (io_uring, RingCheck) {
        let ring = io_uring {
            ring_fd: 7,
            ..io_uring::zeroed()
        };
        let c = RingCheck::new(&ring, true);
        (ring, c)
    }

    /// A buffer ring of 8 entries in an array the test fills, `tail` being entry 0's `resv`.
    fn buf_ring_of(c: &mut RingCheck, bufs: &mut [io_uring_buf; 8]) {
        buf_ring(c, 1, bufs.as_mut_ptr() as usize, 8, 0);
    }

    fn add(bufs: &mut [io_uring_buf; 8], slot: usize, bid: u16) {
        bufs[slot].addr = 0x1000 * (bid as u64 + 1);
        bufs[slot].len = 64;
        bufs[slot].bid = bid;
    }

    /// Publish up to `tail`: the ring's tail (the first entry's `resv`), which the checker reads
    /// through its own pointer, so the compiler must not take the store for a dead one.
    fn publish(bufs: &mut [io_uring_buf; 8], tail: u16) {
        // SAFETY: a field of the caller's ring.
        unsafe { std::ptr::write_volatile(&raw mut bufs[0].resv, tail) };
    }

    fn judge(c: &mut RingCheck) -> String {
        let mut out = Vec::new();
        for b in &mut c.bufs {
            b.published(7, &mut out);
        }
        String::from_utf8(out).unwrap()
    }

    /// A buffer ring of `bufs` with buffers 0 and 1 added in slots 0 and 1 and the tail
    /// moved over them: no finding.
    fn two_buffers_published(c: &mut RingCheck, bufs: &mut [io_uring_buf; 8]) {
        buf_ring_of(c, bufs);
        add(bufs, 0, 0);
        add(bufs, 1, 1);
        publish(bufs, 2);
        assert_eq!(judge(c), "");
    }

    #[test]
    fn a_tail_moved_over_a_slot_never_filled_is_a_finding() {
        let (_ring, mut c) = checked_ring();
        let mut bufs = [io_uring_buf::default(); 8];
        two_buffers_published(&mut c, &mut bufs);
        publish(&mut bufs, 3);
        let f = judge(&mut c);
        assert!(f.contains(" buf-ring-tail-past-added op=- "), "{f}");
        assert!(f.contains("slot 2 (position 2) was never filled"), "{f}");
    }

    #[test]
    fn an_id_published_again_is_a_finding_until_a_completion_hands_it_back() {
        let (_ring, mut c) = checked_ring();
        let mut bufs = [io_uring_buf::default(); 8];
        two_buffers_published(&mut c, &mut bufs);
        add(&mut bufs, 2, 0);
        publish(&mut bufs, 3);
        let f = judge(&mut c);
        assert!(f.contains(" buf-ring-id-still-held op=- "), "{f}");
        assert!(
            f.contains("buffer id 0 of group 1 published again (slot 2)"),
            "{f}"
        );
        // buffer 1 handed back by a completion: publishing it again is right
        buffer_returned(&mut c, 1, 1, 64, false, false);
        add(&mut bufs, 3, 1);
        publish(&mut bufs, 4);
        assert_eq!(judge(&mut c), "");
    }

    #[test]
    fn a_buffer_taken_and_handed_back_before_the_scan_saw_it_published_is_no_finding() {
        let (_ring, mut c) = checked_ring();
        let mut bufs = [io_uring_buf::default(); 8];
        buf_ring_of(&mut c, &mut bufs);
        add(&mut bufs, 0, 0);
        publish(&mut bufs, 1);
        assert_eq!(judge(&mut c), "");
        buffer_returned(&mut c, 1, 0, 64, false, false);
        // added again, taken by the kernel and handed back, all between two entries: the
        // entry reads that completion before it sees the tail
        add(&mut bufs, 1, 0);
        publish(&mut bufs, 2);
        buffer_returned(&mut c, 1, 0, 64, false, false);
        assert_eq!(judge(&mut c), "");
        add(&mut bufs, 2, 0);
        publish(&mut bufs, 3);
        assert_eq!(judge(&mut c), "", "buffer 0 is the program's again");
    }

    #[test]
    fn a_bundle_hands_back_the_buffers_its_bytes_filled() {
        let (_ring, mut c) = checked_ring();
        let mut bufs = [io_uring_buf::default(); 8];
        buf_ring_of(&mut c, &mut bufs);
        for i in 0..4 {
            add(&mut bufs, i, i as u16);
        }
        publish(&mut bufs, 4);
        assert_eq!(judge(&mut c), "");
        // 100 bytes from buffer 1 on: buffers 1 and 2 (64 bytes each), not 3
        buffer_returned(&mut c, 1, 1, 100, true, false);
        let b = &c.bufs[0];
        assert_eq!(
            (0..4).map(|id| b.held(id)).collect::<Vec<_>>(),
            [true, false, false, true]
        );
    }

    #[test]
    fn a_read_writes_its_buffer_and_a_readv_its_iovecs() {
        let mut sqe = io_uring_sqe {
            opcode: IORING_OP_READ as u8,
            len: 16,
            ..Default::default()
        };
        sqe.set_addr(0x5000);
        assert_eq!(written_by(&sqe), [(0x5000, 0x5010)]);
        sqe.flags = IOSQE_BUFFER_SELECT as u8;
        assert_eq!(written_by(&sqe), [], "a provided buffer is not the SQE's");
        let (a, b) = ([0u8; 8], [0u8; 32]);
        let iov = [
            libc::iovec {
                iov_base: a.as_ptr() as *mut c_void,
                iov_len: a.len(),
            },
            libc::iovec {
                iov_base: b.as_ptr() as *mut c_void,
                iov_len: b.len(),
            },
        ];
        let mut sqe = io_uring_sqe {
            opcode: IORING_OP_READV as u8,
            len: 2,
            ..Default::default()
        };
        sqe.set_addr(iov.as_ptr() as u64);
        let (pa, pb) = (a.as_ptr() as usize, b.as_ptr() as usize);
        assert_eq!(written_by(&sqe), [(pa, pa + 8), (pb, pb + 32)]);
        // an array the process cannot read is the kernel's to refuse (-EFAULT): nothing here
        sqe.set_addr(8);
        assert_eq!(written_by(&sqe), []);
    }

    #[test]
    fn a_request_in_flight_conflicts_with_a_second_writer_until_it_completes() {
        let (ring, mut c) = checked_ring();
        let buf = [0u8; 16];
        let mut sqe = io_uring_sqe {
            opcode: IORING_OP_READ as u8,
            len: 16,
            user_data: 0x61,
            ..Default::default()
        };
        sqe.set_addr(buf.as_ptr() as u64);
        submitted(&mut c, &ring, &sqe, 1);
        compare_new_writes(&mut c);
        assert!(c.found.is_empty());
        sqe.user_data = 0x62;
        submitted(&mut c, &ring, &sqe, 2);
        compare_new_writes(&mut c);
        let f = String::from_utf8(core::mem::take(&mut c.found)).unwrap();
        assert!(
            f.contains("ring=7 overlapping-writes op=READ user_data=0x62 "),
            "{f}"
        );
        assert!(f.contains("READ user_data=0x61 (ring=7)"), "{f}");
        completed(&c, 1);
        completed(&c, 2);
        sqe.user_data = 0x63;
        submitted(&mut c, &ring, &sqe, 3);
        compare_new_writes(&mut c);
        assert!(c.found.is_empty());
    }
}
