//! Owned operations on paths: [`OwnedRing::openat`] and [`OwnedRing::statx`] keep the path (and the
//! `statx` output) in the ring until the operation completes, and the completion hands them
//! back ([`super::Cqe::take_buf`]) as an [`Open`] or a [`Statx`], with what the kernel
//! answered. They use the slots of the owned-buffer operations (`super::owned`).

use std::ffi::CStr;
use std::fmt;
use std::os::fd::{FromRawFd, OwnedFd, RawFd};

use super::buf::OwnedBuf;
use super::owned::{BufError, Kept, Target};
use super::ring::OwnedRing;
use crate::prep::files::{io_uring_prep_openat, io_uring_prep_statx};

/// What the completion of [`OwnedRing::openat`] hands back ([`super::Cqe::take_buf`]): the path
/// it was given, and the file it opened, owned: dropping an `Open` (or the completion that
/// holds it) closes the file.
///
/// ```
/// use std::ffi::CString;
/// use uring_rs::api::Open;
///
/// let mut ring = uring_rs::api::Ring::new_owned(4)?;
/// ring.openat(libc::AT_FDCWD, c"/nonexistent".to_owned(), libc::O_RDONLY, 0, 1)?;
/// ring.submit_and_wait(1)?;
/// let mut cqe = ring.wait_cqe()?.seen();
/// assert_eq!(cqe.res(), -libc::ENOENT);
/// let (path, fd) = cqe.take_buf::<Open<CString>>().unwrap().into_parts();
/// assert_eq!((path.as_c_str(), fd.is_none()), (c"/nonexistent", true));
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct Open<P> {
    path: P,
    fd: Option<OwnedFd>,
}

impl<P> Open<P> {
    /// The path the operation was given.
    ///
    /// ```
    /// # let mut ring = uring_rs::api::Ring::new_owned(4)?;
    /// ring.openat(libc::AT_FDCWD, c"/", libc::O_RDONLY | libc::O_CLOEXEC, 0, 1)?;
    /// ring.submit_and_wait(1)?;
    /// let open: uring_rs::api::Open<&std::ffi::CStr> = ring.wait_cqe()?.seen().take_buf().unwrap();
    /// assert_eq!(*open.path(), c"/");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn path(&self) -> &P {
        &self.path
    }

    /// The file opened; `None` if the operation failed (its `res` says why).
    ///
    /// ```
    /// use std::io::Read;
    ///
    /// # let mut ring = uring_rs::api::Ring::new_owned(4)?;
    /// ring.openat(libc::AT_FDCWD, c"/proc/self/stat", libc::O_RDONLY | libc::O_CLOEXEC, 0, 1)?;
    /// ring.submit_and_wait(1)?;
    /// let mut cqe = ring.wait_cqe()?.seen();
    /// let fd = cqe.take_buf::<uring_rs::api::Open<&std::ffi::CStr>>().unwrap().into_fd();
    /// let mut stat = String::new();
    /// std::fs::File::from(fd.unwrap()).read_to_string(&mut stat)?;
    /// assert!(stat.starts_with(&format!("{} ", std::process::id())));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn into_fd(self) -> Option<OwnedFd> {
        self.fd
    }

    /// The path and the file.
    ///
    /// ```
    /// # let mut ring = uring_rs::api::Ring::new_owned(4)?;
    /// ring.openat(libc::AT_FDCWD, c"/", libc::O_RDONLY | libc::O_CLOEXEC, 0, 1)?;
    /// ring.submit_and_wait(1)?;
    /// let mut cqe = ring.wait_cqe()?.seen();
    /// let (path, fd) = cqe.take_buf::<uring_rs::api::Open<&std::ffi::CStr>>().unwrap().into_parts();
    /// assert!(fd.is_some() && path == c"/");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn into_parts(self) -> (P, Option<OwnedFd>) {
        (self.path, self.fd)
    }
}

/// # Safety
/// `buf` holds an `Open<P>`, whose openat (not into the fixed file table) completed with
/// `res`.
unsafe fn opened<P: 'static>(buf: &mut OwnedBuf, res: i32, _: u32) {
    if res >= 0 {
        // SAFETY: per the contract; the result of such an openat is a descriptor the kernel
        // just installed in this process, which nothing else owns.
        unsafe { buf.get_mut::<Open<P>>().fd = Some(OwnedFd::from_raw_fd(res)) };
    }
}

/// What the completion of [`OwnedRing::statx`] hands back ([`super::Cqe::take_buf`]): the path it
/// was given, and the file's status if the operation succeeded.
///
/// ```
/// use uring_rs::api::Statx;
///
/// let mut ring = uring_rs::api::Ring::new_owned(4)?;
/// ring.statx(libc::AT_FDCWD, c"/nonexistent", 0, libc::STATX_BASIC_STATS, 1)?;
/// ring.submit_and_wait(1)?;
/// let mut cqe = ring.wait_cqe()?.seen();
/// assert_eq!(cqe.res(), -libc::ENOENT);
/// let st: Statx<&std::ffi::CStr> = cqe.take_buf().unwrap();
/// assert!(st.stat().is_none());
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct Statx<P> {
    path: P,
    stat: Box<libc::statx>,
    done: bool,
}

impl<P> Statx<P> {
    /// The path the operation was given.
    ///
    /// ```
    /// # let mut ring = uring_rs::api::Ring::new_owned(4)?;
    /// ring.statx(libc::AT_FDCWD, c"/", 0, libc::STATX_BASIC_STATS, 1)?;
    /// ring.submit_and_wait(1)?;
    /// let st: uring_rs::api::Statx<&std::ffi::CStr> = ring.wait_cqe()?.seen().take_buf().unwrap();
    /// assert_eq!(*st.path(), c"/");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn path(&self) -> &P {
        &self.path
    }

    /// The file's status as `statx(2)` fills it in (the fields of `stx_mask`); `None` if the
    /// operation failed (its `res` says why).
    ///
    /// ```
    /// # let mut ring = uring_rs::api::Ring::new_owned(4)?;
    /// ring.statx(libc::AT_FDCWD, c"/", 0, libc::STATX_TYPE, 1)?;
    /// ring.submit_and_wait(1)?;
    /// let st: uring_rs::api::Statx<&std::ffi::CStr> = ring.wait_cqe()?.seen().take_buf().unwrap();
    /// let mode = st.stat().unwrap().stx_mode as u32;
    /// assert_eq!(mode & libc::S_IFMT, libc::S_IFDIR);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn stat(&self) -> Option<&libc::statx> {
        self.done.then_some(&*self.stat)
    }

    /// The path, for another operation.
    ///
    /// ```
    /// # let mut ring = uring_rs::api::Ring::new_owned(4)?;
    /// ring.statx(libc::AT_FDCWD, c"/".to_owned(), 0, libc::STATX_TYPE, 1)?;
    /// ring.submit_and_wait(1)?;
    /// let st: uring_rs::api::Statx<std::ffi::CString> = ring.wait_cqe()?.seen().take_buf().unwrap();
    /// assert_eq!(st.into_path().as_c_str(), c"/");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn into_path(self) -> P {
        self.path
    }
}

impl<P: fmt::Debug> fmt::Debug for Statx<P> {
    /// The path, and the file's type and size if the operation succeeded.
    ///
    /// ```
    /// # let mut ring = uring_rs::api::Ring::new_owned(4)?;
    /// ring.statx(libc::AT_FDCWD, c"/", 0, libc::STATX_BASIC_STATS, 1)?;
    /// ring.submit_and_wait(1)?;
    /// let st: uring_rs::api::Statx<&std::ffi::CStr> = ring.wait_cqe()?.seen().take_buf().unwrap();
    /// assert!(format!("{st:?}").starts_with("Statx { path: \"/\", stat: Some"));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let stat = self.stat().map(|s| (s.stx_mode, s.stx_size));
        f.debug_struct("Statx")
            .field("path", &self.path)
            .field("stat", &stat)
            .finish()
    }
}

/// # Safety
/// `buf` holds a `Statx<P>`, whose statx completed with `res`.
unsafe fn statted<P: 'static>(buf: &mut OwnedBuf, res: i32, _: u32) {
    // SAFETY: per the contract.
    unsafe { buf.get_mut::<Statx<P>>().done = res >= 0 };
}

impl OwnedRing {
    /// Open `path`, relative to the directory `dir` (`libc::AT_FDCWD`: the working
    /// directory), with `flags` (`O_*`; std adds `O_CLOEXEC` to the files it opens, this
    /// doesn't) and, for a file it creates, `mode` (liburing's `io_uring_prep_openat`, see
    /// `io_uring_prep_openat(3)` and `openat(2)`). The ring keeps `path` (a `CString`,
    /// `&'static CStr`, `Box<CStr>` …) until the completion, whose `res` is the new
    /// descriptor or `-errno`, and which hands back an [`Open<P>`](Open): the path, and the
    /// file as an `OwnedFd`. The completion shows `user_data`. Errors only when no SQE can be
    /// had: EBUSY, with `path` handed back ([`BufError`]).
    ///
    /// ```
    /// use std::ffi::CString;
    /// use std::io::Write;
    /// use uring_rs::api::Open;
    ///
    /// let dir = std::env::temp_dir();
    /// let path = CString::new(format!("{}/uring-rs-openat-{}", dir.display(), std::process::id()))?;
    /// let mut ring = uring_rs::api::Ring::new_owned(4)?;
    /// let flags = libc::O_WRONLY | libc::O_CREAT | libc::O_TRUNC | libc::O_CLOEXEC;
    /// ring.openat(libc::AT_FDCWD, path, flags, 0o600, 9)?;
    /// ring.submit_and_wait(1)?;
    /// let mut cqe = ring.wait_cqe()?.seen();
    /// assert_eq!(cqe.user_data(), 9);
    /// let (path, fd) = cqe.take_buf::<Open<CString>>().unwrap().into_parts();
    /// std::fs::File::from(fd.unwrap()).write_all(b"opened")?;
    /// let path = path.into_string().unwrap();
    /// assert_eq!(std::fs::read(&path)?, b"opened");
    /// std::fs::remove_file(path)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn openat<P: AsRef<CStr> + Send + 'static>(
        &mut self,
        dir: RawFd,
        path: P,
        flags: i32,
        mode: u32,
        user_data: u64,
    ) -> Result<(), BufError<P>> {
        let keep = |path| {
            Kept::value(Open { path, fd: None }, opened::<P>, |o: &mut Open<P>| {
                o.path.as_ref().as_ptr()
            })
        };
        self.start_owned(Target::Fd(dir), path, keep, user_data, |sqe, fd, path| {
            // SAFETY: see start_owned.
            unsafe { io_uring_prep_openat(sqe, fd, path, flags, mode) }
        })
    }

    /// The status of the file at `path`, relative to the directory `dir` (`libc::AT_FDCWD`:
    /// the working directory; with `libc::AT_EMPTY_PATH` in `flags` and an empty path: the
    /// file `dir` itself), the fields of `mask` (`libc::STATX_*`) asked for (liburing's
    /// `io_uring_prep_statx`, see `io_uring_prep_statx(3)` and `statx(2)`). The ring keeps
    /// `path`, and the `struct statx` the kernel fills in, until the completion, whose `res`
    /// is 0 or `-errno`, and which hands both back as a [`Statx<P>`](Statx). The completion
    /// shows `user_data`. Errors only when no SQE can be had: EBUSY, with `path` handed back
    /// ([`BufError`]).
    ///
    /// ```
    /// use std::os::fd::AsRawFd;
    /// use uring_rs::api::Statx;
    ///
    /// let file = std::fs::File::open("/proc/self/exe")?;
    /// let mut ring = uring_rs::api::Ring::new_owned(4)?;
    /// ring.statx(file.as_raw_fd(), c"", libc::AT_EMPTY_PATH, libc::STATX_SIZE, 2)?;
    /// ring.submit_and_wait(1)?;
    /// let mut cqe = ring.wait_cqe()?.seen();
    /// assert_eq!((cqe.user_data(), cqe.res()), (2, 0));
    /// let st: Statx<&std::ffi::CStr> = cqe.take_buf().unwrap();
    /// assert_eq!(st.stat().unwrap().stx_size, file.metadata()?.len());
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn statx<P: AsRef<CStr> + Send + 'static>(
        &mut self,
        dir: RawFd,
        path: P,
        flags: i32,
        mask: u32,
        user_data: u64,
    ) -> Result<(), BufError<P>> {
        let keep = |path| {
            // SAFETY: `statx` is made of integers, for which zero is a value.
            let stat = Box::new(unsafe { std::mem::zeroed::<libc::statx>() });
            let value = Statx {
                path,
                stat,
                done: false,
            };
            Kept::value(value, statted::<P>, |s: &mut Statx<P>| {
                (s.path.as_ref().as_ptr(), &raw mut *s.stat)
            })
        };
        self.start_owned(
            Target::Fd(dir),
            path,
            keep,
            user_data,
            |sqe, fd, (path, stat)| {
                // SAFETY: see start_owned.
                unsafe { io_uring_prep_statx(sqe, fd, path, flags, mask, stat) }
            },
        )
    }
}
