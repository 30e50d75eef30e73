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
use std::io::Write as _;

use crate::ring::*;
use crate::trace::op_name;
use crate::trace_hook::TraceEntry;
use crate::uapi::*;

/// What the checks remember of one ring between entries.
#[derive(Default)]
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
}

impl RingCheck {
    /// The state of a ring just set up, by the thread setting it up.
    pub(crate) fn new(ring: &io_uring) -> Self {
        let single = ring.has_flag(IORING_SETUP_SINGLE_ISSUER)
            // A disabled ring's submitter is the thread that enables it, which no hook sees.
            && !ring.has_flag(IORING_SETUP_R_DISABLED);
        RingCheck {
            // SAFETY: gettid has no preconditions.
            owner_tid: if single { unsafe { libc::gettid() } } else { 0 },
            ..Default::default()
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
    ring: &io_uring,
    kind: &str,
    op: Option<(u8, u64)>,
    what: core::fmt::Arguments,
) {
    let _ = write!(out, "uring-rs: check: ring={} {kind}", ring.ring_fd);
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
                ring,
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
                ring,
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
                ring,
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
        finding(out, ring, "cq-overflow", None, format_args!("{what}"));
    }
    c.dropped = dropped;
    c.overflow_flag = overflow;
    let forever = matches!(kind, TraceEntry::WaitForever | TraceEntry::SubmitWait);
    if forever && seen.in_flight == 0 && !seen.missed && head == tail && !overflow {
        let call = if kind == TraceEntry::SubmitWait {
            "io_uring_submit_and_wait"
        } else {
            "io_uring_wait_cqe"
        };
        finding(
            out,
            ring,
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
            ring,
            "unsubmitted-at-exit",
            None,
            format_args!(
                "io_uring_queue_exit with {unsubmitted} SQEs taken by io_uring_get_sqe and never submitted: those operations never ran"
            ),
        );
    }
    let in_flight = in_flight_at_exit(ring, seen);
    if in_flight != 0 && !seen.missed {
        finding(
            out,
            ring,
            "in-flight-at-exit",
            seen.some_op,
            format_args!(
                "io_uring_queue_exit with {in_flight} requests in flight: the kernel cancels them, but may still have written their buffers, which must not be freed before it has"
            ),
        );
    }
}
