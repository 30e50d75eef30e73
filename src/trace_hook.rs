//! How the library reaches its tracing (src/trace.rs, `URING_RS_TRACE` / `URING_RS_STATS`).
//!
//! In the Rust library (the `trace` feature) the hooks of src/ring.rs call src/trace.rs
//! directly: a Rust program is one binary, and tracing costs it no file of its own.
//!
//! The C libraries (`make`, the `trace-so` feature) leave tracing out: formatting, hash maps and
//! the summary would be about 85 % of their size and relocations, loaded by every program that
//! never traces. The same code is linked into `liburing_rs_trace.so.0`, which exports only
//! [`PLUGIN_SYMBOL`], and installed beside the libraries (`make install`: in the lib directory
//! and in its `uring-rs/` of drop-ins). At the first ring setup the library looks at
//! `URING_RS_TRACE` and `URING_RS_STATS`; only when one of them asks for something does it load
//! that object from the directory the library itself was loaded from (`dladdr1`, the loader's
//! `$ORIGIN` of this object; for a program linked with liburing_rs.a, the program's
//! directory), never from a path the environment names, and never in a process whose
//! `AT_SECURE` is set (set-user-ID, set-group-ID, file capabilities), where every `URING_RS_*`
//! variable is ignored. A ring is traced exactly as before: the object's
//! `setup_ring` marks it, and the hot paths test that mark and nothing else, so tracing costs
//! no instruction per operation when off.

//! This module is the one set of hooks on the library's paths; the observers behind it
//! (tracing and statistics in src/trace.rs, which reads each ring's SQEs and CQEs once per
//! entry, and checking in src/check.rs, which judges what trace.rs read) are not
//! known to `ring` or to any module that calls a hook.

use core::ffi::c_void;

use crate::ring::io_uring;

/// uring-rs only: `pad[0]` of an observed ring (its trace state is in slot `pad2 - 1`).
/// Kept out of `int_flags`, whose value programs and tests may compare with liburing's, in the
/// byte after it, so one 32-bit test covers both (see `int_flags_or_traced`).
pub(crate) const TRACED: u8 = 1;

/// Which library entry a hook runs in. `repr(C)`: the C libraries pass it to
/// liburing_rs_trace.so. The wait kinds say whether the wait is bounded, which only the
/// library knows (src/check.rs reports a wait that can never end).
#[derive(Clone, Copy, PartialEq, Debug)]
#[repr(C)]
pub(crate) enum TraceEntry {
    Submit,
    /// A submit that also waits for completions, with no timeout.
    SubmitWait,
    /// A wait with a timeout, or one that only peeks.
    Wait,
    /// A wait for at least one completion with no timeout.
    WaitForever,
    Other,
}

impl io_uring {
    /// Whether an observer (trace, stats, check) watches this ring.
    #[inline(always)]
    pub(crate) fn traced(&self) -> bool {
        // Without the `trace` feature nothing marks a ring, and the hooks fold away.
        cfg!(feature = "trace") && self.pad[0] & TRACED != 0
    }

    /// Whether any of the `int_flags` bits `flags` is set or the ring is observed: `int_flags`
    /// and `pad` read as one little-endian word, so the compiler makes it a single test.
    #[inline(always)]
    pub(crate) fn int_flags_or_traced(&self, flags: u8) -> bool {
        let word = u32::from_le_bytes([self.int_flags, self.pad[0], self.pad[1], self.pad[2]]);
        word & (flags as u32 | (TRACED as u32) << 8) != 0
    }

    /// Hand a ring just set up to the observers, which mark it when a variable asks for them.
    #[inline(always)]
    pub(crate) fn trace_setup(&mut self) {
        setup_ring(self);
    }

    /// Hook at a library entry: nothing unless the ring is observed.
    #[inline(always)]
    pub(crate) fn trace_entry(&self, kind: TraceEntry) {
        if self.traced() {
            entry(self, kind);
        }
    }

    /// Hook after the library called `io_uring_enter` on this ring.
    #[inline(always)]
    pub(crate) fn trace_entered(&self) {
        if self.traced() {
            entered(self);
        }
    }

    /// Hook as a submit that `trace_entry` announced returns (src/check.rs tells two threads
    /// inside submit at once from it). Called on the traced path only.
    #[inline(always)]
    pub(crate) fn trace_left(&self) {
        if self.traced() {
            left(self);
        }
    }

    /// Hook after a buffer ring of group `bgid` was registered at `br` with `entries` and
    /// `flags` (`entries` 0: unregistered). Registration is no operation's path: it costs the
    /// flag test there only.
    #[inline(always)]
    pub(crate) fn trace_buf_ring(&self, bgid: u16, br: *const c_void, entries: u32, flags: u32) {
        if self.traced() {
            buf_ring(self, bgid, br, entries, flags);
        }
    }

    /// Hook at `io_uring_queue_exit`, before the ring is unmapped.
    #[inline(always)]
    pub(crate) fn trace_exit(&mut self) {
        if self.traced() {
            exit_ring(self);
        }
    }
}

/// The table `liburing_rs_trace.so` exports under [`PLUGIN_SYMBOL`]: the hooks of src/trace.rs
/// behind a C ABI, with what must match the library that loads it.
#[cfg(feature = "trace-so")]
#[repr(C)]
pub struct Plugin {
    /// The crate version, NUL-padded: a trace object from another build is refused rather
    /// than handed a `struct io_uring` it may read differently.
    pub version: [u8; 16],
    /// `size_of::<io_uring>()` of its build, checked for the same reason.
    pub ring_size: usize,
    pub setup_ring: unsafe extern "C" fn(*mut io_uring),
    pub entry: unsafe extern "C" fn(*const io_uring, TraceEntry),
    pub entered: unsafe extern "C" fn(*const io_uring),
    pub exit_ring: unsafe extern "C" fn(*mut io_uring),
    // Added for checking: after the older hooks, so that their offsets stay as they were.
    pub left: unsafe extern "C" fn(*const io_uring),
    pub buf_ring: unsafe extern "C" fn(*const io_uring, u16, *const c_void, u32, u32),
}

/// The exported name of the [`Plugin`] table (mk/trace.map exports it and nothing else).
#[cfg(feature = "trace-so")]
pub const PLUGIN_SYMBOL: &core::ffi::CStr = c"uring_rs_trace_plugin";

/// [`Plugin::version`] of this build.
#[cfg(feature = "trace-so")]
pub const VERSION: [u8; 16] = {
    let v = env!("CARGO_PKG_VERSION").as_bytes();
    assert!(
        v.len() < 16,
        "the crate version does not fit Plugin::version"
    );
    let mut t = [0u8; 16];
    let mut i = 0;
    while i < v.len() {
        t[i] = v[i];
        i += 1;
    }
    t
};

/// Without the `trace` feature there is no observer: the setup hook does nothing.
#[cfg(not(feature = "trace"))]
#[inline(always)]
fn setup_ring(_ring: &mut io_uring) {}
#[cfg(not(feature = "trace"))]
fn entry(_ring: &io_uring, _kind: TraceEntry) {}
#[cfg(not(feature = "trace"))]
fn entered(_ring: &io_uring) {}
#[cfg(not(feature = "trace"))]
fn left(_ring: &io_uring) {}
#[cfg(not(feature = "trace"))]
fn buf_ring(_ring: &io_uring, _bgid: u16, _br: *const c_void, _entries: u32, _flags: u32) {}
#[cfg(not(feature = "trace"))]
fn exit_ring(_ring: &mut io_uring) {}

#[cfg(all(feature = "trace", not(feature = "trace-so")))]
pub(crate) use crate::trace::{buf_ring, entered, entry, exit_ring, left, setup_ring};

#[cfg(feature = "trace-so")]
pub(crate) use loader::{buf_ring, entered, entry, exit_ring, left, setup_ring};

#[cfg(feature = "trace-so")]
mod loader {
    use super::*;
    use core::ffi::{CStr, c_char, c_void};
    use core::sync::atomic::{AtomicUsize, Ordering};

    /// The trace object's file name, the same in the lib directory and beside the drop-ins.
    const FILE: &CStr = c"liburing_rs_trace.so.0";

    /// glibc's `RTLD_DL_LINKMAP` (<dlfcn.h>): `dladdr1` also returns the object's link map.
    #[cfg(target_env = "gnu")]
    const RTLD_DL_LINKMAP: core::ffi::c_int = 2;

    const UNDECIDED: usize = 0;
    const NONE: usize = 1;

    /// UNDECIDED, NONE, or the address of the loaded [`Plugin`]: decided at the first ring
    /// setup, as src/trace.rs reads its variables once. Plain atomics, not a OnceLock: nothing
    /// here may reach a panic, which would link std's panic and backtrace printing (tens of
    /// KiB) into the library. Two threads setting up their first rings at once may both load;
    /// dlopen returns the same object to both.
    static PLUGIN: AtomicUsize = AtomicUsize::new(UNDECIDED);

    fn complain(parts: &[&[u8]]) {
        for p in parts {
            // SAFETY: a valid buffer; a failed write to stderr is nothing to report.
            unsafe { libc::write(2, p.as_ptr().cast(), p.len()) };
        }
    }

    /// Whether a variable asks for tracing: set, and neither empty nor "0" (src/trace.rs's
    /// `destination` reads the same values as off).
    fn asks(var: &CStr) -> bool {
        // SAFETY: a NUL-terminated name; getenv returns NULL or a NUL-terminated value.
        let v = unsafe { libc::getenv(var.as_ptr()) };
        // SAFETY: as above.
        !v.is_null() && !matches!(unsafe { CStr::from_ptr(v) }.to_bytes(), b"" | b"0")
    }

    /// The head of glibc's `struct link_map` (<link.h>), whose layout is public ABI.
    #[cfg(target_env = "gnu")]
    #[repr(C)]
    struct LinkMap {
        l_addr: usize,
        l_name: *const c_char,
    }

    /// The directory of the object holding this code, in `buf`: for a shared library the one
    /// the loader recorded (its `$ORIGIN`, absolute even when it was found through a relative
    /// LD_LIBRARY_PATH entry); for a program linked with liburing_rs.a, whose link map has an
    /// empty name and no origin recorded (dlinfo would read a NULL origin), the program's
    /// directory from /proc/self/exe. Returns the directory's length.
    #[cfg(target_env = "gnu")]
    fn own_directory(buf: &mut [c_char]) -> Option<usize> {
        // SAFETY: Dl_info is plain data the call fills in.
        let mut info: libc::Dl_info = unsafe { core::mem::zeroed() };
        let mut map: *mut c_void = core::ptr::null_mut();
        let here = own_directory as *const c_void;
        // SAFETY: an address of this object; dladdr1 returns its link map.
        if unsafe { libc::dladdr1(here, &mut info, &mut map, RTLD_DL_LINKMAP) } == 0
            || map.is_null()
        {
            return None;
        }
        // SAFETY: a link map of a loaded object; l_name is "" for the program itself.
        let name = unsafe { (*map.cast::<LinkMap>()).l_name };
        // SAFETY: as above.
        if !name.is_null() && unsafe { *name } != 0 {
            if buf.len() < libc::PATH_MAX as usize {
                return None;
            }
            // SAFETY: the link map of a shared object is a valid handle for dlinfo, whose
            // RTLD_DI_ORIGIN writes at most PATH_MAX bytes.
            if unsafe { libc::dlinfo(map, libc::RTLD_DI_ORIGIN, buf.as_mut_ptr().cast()) } != 0 {
                return None;
            }
            // SAFETY: dlinfo wrote a NUL-terminated path.
            return Some(unsafe { CStr::from_ptr(buf.as_ptr()) }.count_bytes());
        }
        exe_directory(buf)
    }

    /// The same without glibc's dladdr1 and dlinfo (musl): the path dladdr names this
    /// object by, when it is absolute (musl records the path the library was found at: an
    /// absolute one unless a relative LD_LIBRARY_PATH entry found it); otherwise, and in a
    /// static program (musl's static dladdr finds nothing), the program's directory.
    #[cfg(not(target_env = "gnu"))]
    fn own_directory(buf: &mut [c_char]) -> Option<usize> {
        // SAFETY: Dl_info is plain data the call fills in.
        let mut info: libc::Dl_info = unsafe { core::mem::zeroed() };
        let here = own_directory as *const c_void;
        // SAFETY: an address of this object; dladdr fills info or returns 0.
        if unsafe { libc::dladdr(here, &mut info) } != 0 && !info.dli_fname.is_null() {
            // SAFETY: dladdr's dli_fname is a NUL-terminated path.
            let name = unsafe { CStr::from_ptr(info.dli_fname) }.to_bytes();
            if name.first() == Some(&b'/') {
                let len = name.iter().rposition(|&c| c == b'/')?;
                for (d, s) in buf.get_mut(..len + 1)?.iter_mut().zip(name) {
                    *d = *s as c_char;
                }
                // a directory of "/" itself has length 0: the caller appends "/FILE"
                return Some(len);
            }
        }
        exe_directory(buf)
    }

    /// The directory of the running program (/proc/self/exe), in `buf`; its length.
    fn exe_directory(buf: &mut [c_char]) -> Option<usize> {
        // SAFETY: a NUL-terminated path and a buffer of the size given.
        let n = unsafe { libc::readlink(c"/proc/self/exe".as_ptr(), buf.as_mut_ptr(), buf.len()) };
        let exe = buf.get(..usize::try_from(n).ok()?)?;
        exe.iter().rposition(|&c| c == b'/' as c_char)
    }

    /// The path of the trace object beside this library, in `buf`: its directory, then
    /// [`FILE`].
    fn path_beside(buf: &mut [c_char; libc::PATH_MAX as usize + 32]) -> Option<&CStr> {
        let len = own_directory(&mut buf[..libc::PATH_MAX as usize])?;
        let rest = buf.get_mut(len..)?;
        let name = b"/".iter().chain(FILE.to_bytes_with_nul());
        for (d, s) in rest.iter_mut().zip(name) {
            *d = *s as c_char;
        }
        // SAFETY: the buffer holds the directory, "/" and FILE with its NUL (32 bytes spare).
        Some(unsafe { CStr::from_ptr(buf.as_ptr()) })
    }

    fn load() -> Option<&'static Plugin> {
        // SAFETY: getauxval reads the auxiliary vector.
        if unsafe { libc::getauxval(libc::AT_SECURE) } != 0
            || !(asks(c"URING_RS_TRACE") || asks(c"URING_RS_STATS") || asks(c"URING_RS_CHECK"))
        {
            return None;
        }
        let mut buf = [0 as c_char; libc::PATH_MAX as usize + 32];
        let Some(path) = path_beside(&mut buf) else {
            complain(&[
                b"uring-rs: cannot tell where the library was loaded from; tracing stays off\n",
            ]);
            return None;
        };
        let flags = libc::RTLD_NOW | libc::RTLD_LOCAL | libc::RTLD_NODELETE;
        // SAFETY: a NUL-terminated path. Loading runs the object's initialisers: it is ours,
        // from the library's own directory.
        let handle = unsafe { libc::dlopen(path.as_ptr(), flags) };
        if handle.is_null() {
            // SAFETY: dlerror returns NULL or a NUL-terminated message.
            let err = unsafe { libc::dlerror() };
            let err = if err.is_null() {
                &b"dlopen failed"[..]
            } else {
                // SAFETY: as above.
                unsafe { CStr::from_ptr(err) }.to_bytes()
            };
            // dlerror names the path and what was wrong with it
            complain(&[b"uring-rs: ", err, b"; tracing stays off\n"]);
            return None;
        }
        // SAFETY: a handle dlopen returned and a NUL-terminated name.
        let sym = unsafe { libc::dlsym(handle, PLUGIN_SYMBOL.as_ptr()) } as *const Plugin;
        // SAFETY: the symbol, when present, is the table src/trace.rs exports, which lives
        // as long as the object (never unloaded: RTLD_NODELETE).
        match unsafe { sym.as_ref() } {
            Some(p) if p.version == VERSION && p.ring_size == size_of::<io_uring>() => Some(p),
            _ => {
                let what = path.to_bytes();
                complain(&[
                    b"uring-rs: ",
                    what,
                    b" is not of this uring-rs build; tracing stays off\n",
                ]);
                None
            }
        }
    }

    fn loaded() -> Option<&'static Plugin> {
        match PLUGIN.load(Ordering::Acquire) {
            UNDECIDED | NONE => None,
            // SAFETY: only `setup_ring` stores, the address of a table that is never unloaded.
            p => Some(unsafe { &*(p as *const Plugin) }),
        }
    }

    /// A ring was just set up or mapped: trace it when the variables ask for it.
    #[cold]
    pub(crate) fn setup_ring(ring: &mut io_uring) {
        if PLUGIN.load(Ordering::Acquire) == UNDECIDED {
            let p = load().map_or(NONE, |p| p as *const Plugin as usize);
            PLUGIN.store(p, Ordering::Release);
        }
        if let Some(p) = loaded() {
            // SAFETY: the object's hook takes the ring just set up.
            unsafe { (p.setup_ring)(ring) };
        }
    }

    /// A library entry on a traced ring (only the loaded object marks rings traced).
    #[cold]
    #[inline(never)]
    pub(crate) fn entry(ring: &io_uring, kind: TraceEntry) {
        if let Some(p) = loaded() {
            // SAFETY: a ring the object traces.
            unsafe { (p.entry)(ring, kind) };
        }
    }

    /// The library has just called `io_uring_enter` on a traced ring.
    #[cold]
    #[inline(never)]
    pub(crate) fn entered(ring: &io_uring) {
        if let Some(p) = loaded() {
            // SAFETY: a ring the object traces.
            unsafe { (p.entered)(ring) };
        }
    }

    /// A submit on a traced ring returns.
    #[cold]
    #[inline(never)]
    pub(crate) fn left(ring: &io_uring) {
        if let Some(p) = loaded() {
            // SAFETY: a ring the object traces.
            unsafe { (p.left)(ring) };
        }
    }

    /// A buffer ring of a traced ring was registered or unregistered.
    #[cold]
    #[inline(never)]
    pub(crate) fn buf_ring(
        ring: &io_uring,
        bgid: u16,
        br: *const c_void,
        entries: u32,
        flags: u32,
    ) {
        if let Some(p) = loaded() {
            // SAFETY: a ring the object traces.
            unsafe { (p.buf_ring)(ring, bgid, br, entries, flags) };
        }
    }

    /// A traced ring is being torn down.
    #[cold]
    pub(crate) fn exit_ring(ring: &mut io_uring) {
        if let Some(p) = loaded() {
            // SAFETY: a ring the object traces.
            unsafe { (p.exit_ring)(ring) };
        }
    }
}
