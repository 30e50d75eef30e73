//! Owned-buffer operations from safe code: every buffer type of `IoBuf`/`IoBufMut` through a
//! real pipe or loopback socket, handed back as its own type with the bytes the kernel moved;
//! batched reaping (`Ring::completions`) that never hands a buffer back twice; an operation
//! that can't be queued handing its buffer back with the error; and the owned-path
//! operations (`openat`, `statx`) on files in a directory of their own.
//! `ctests/api_drop_in_flight_asan.sh` runs these under AddressSanitizer too (make check).

#![forbid(unsafe_code)]

use std::ffi::{CStr, CString, OsStr};
use std::fs::File;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::fd::AsRawFd;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use uring_rs::api::{BufError, Cqe, Open, OwnedRing, Ring, Statx, Target};
use uring_rs::uapi::{IORING_SETUP_CQE32, IORING_SETUP_R_DISABLED};

fn one(ring: &mut OwnedRing) -> Cqe {
    ring.submit_and_wait(1).unwrap();
    let mut all: Vec<Cqe> = ring.completions().collect();
    assert_eq!(all.len(), 1);
    all.pop().unwrap()
}

fn tcp_pair() -> (TcpStream, TcpStream) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let a = TcpStream::connect(l.local_addr().unwrap()).unwrap();
    let (b, _) = l.accept().unwrap();
    (a, b)
}

#[test]
fn a_boxed_slice_read_comes_back_boxed_at_the_same_address() {
    let mut ring = Ring::new_owned(4).unwrap();
    let (r, mut w) = std::io::pipe().unwrap();
    w.write_all(b"pipe bytes").unwrap();
    let buf: Box<[u8]> = vec![b'-'; 16].into_boxed_slice();
    let at = buf.as_ptr();
    ring.read(r.as_raw_fd(), buf, u64::MAX, 3).unwrap();
    let mut c = one(&mut ring);
    assert_eq!((c.user_data(), c.res()), (3, 10));
    assert!(c.take_buf::<Vec<u8>>().is_none(), "not a Vec");
    let back: Box<[u8]> = c.take_buf().unwrap();
    assert_eq!(back.as_ptr(), at);
    assert_eq!(&back[..], b"pipe bytes------");
}

#[test]
fn a_vec_received_on_tcp_is_cut_to_the_bytes_that_arrived() {
    let mut ring = Ring::new_owned(4).unwrap();
    let (mut a, b) = tcp_pair();
    a.write_all(b"over tcp").unwrap();
    ring.recv(b.as_raw_fd(), Vec::with_capacity(64), 0, 1)
        .unwrap();
    let mut c = one(&mut ring);
    assert_eq!(c.result().unwrap(), 8);
    let v: Vec<u8> = c.take_buf().unwrap();
    assert_eq!(v, b"over tcp");
    assert!(v.capacity() >= 64);
}

#[test]
fn every_read_only_buffer_type_is_sent_and_handed_back_as_itself() {
    let mut ring = Ring::new_owned(8).unwrap();
    let (mut a, b) = tcp_pair();
    let fd = b.as_raw_fd();
    ring.send(fd, b"vec,".to_vec(), 0, 1).unwrap();
    ring.send(fd, String::from("string,"), 0, 2).unwrap();
    ring.send(fd, "str,", 0, 3).unwrap();
    ring.send(fd, &b"bytes,"[..], 0, 4).unwrap();
    ring.send(fd, b"box.".to_vec().into_boxed_slice(), 0, 5)
        .unwrap();
    ring.submit().unwrap();
    let mut got = Vec::new();
    while got.len() < 5 {
        ring.submit_and_wait(1).unwrap();
        got.extend(ring.completions());
    }
    got.sort_by_key(|c| c.user_data());
    assert!(got.iter().all(|c| c.res() > 0));
    assert_eq!(got[0].take_buf::<Vec<u8>>().unwrap(), b"vec,");
    assert_eq!(got[1].take_buf::<String>().unwrap(), "string,");
    assert_eq!(got[2].take_buf::<&str>().unwrap(), "str,");
    assert_eq!(got[3].take_buf::<&[u8]>().unwrap(), b"bytes,");
    assert_eq!(&*got[4].take_buf::<Box<[u8]>>().unwrap(), b"box.");
    // Unlinked, the sends may go out in any order: each piece arrived whole.
    let mut all = vec![0; 25];
    a.read_exact(&mut all).unwrap();
    let all = String::from_utf8(all).unwrap();
    for piece in ["vec,", "string,", "str,", "bytes,", "box."] {
        assert!(all.contains(piece), "{piece:?} in {all:?}");
    }
}

#[test]
fn a_static_mutable_slice_is_filled_in_place() {
    let mut ring = Ring::new_owned(4).unwrap();
    let (r, mut w) = std::io::pipe().unwrap();
    let buf: &'static mut [u8] = Box::leak(vec![0u8; 4].into_boxed_slice());
    w.write_all(b"abcdef").unwrap();
    ring.read(r.as_raw_fd(), buf, u64::MAX, 0).unwrap();
    let mut c = one(&mut ring);
    assert_eq!(c.res(), 4);
    assert_eq!(c.take_buf::<&mut [u8]>().unwrap(), b"abcd");
}

#[test]
fn a_forgotten_iterator_never_hands_a_buffer_back_twice() {
    let mut ring = Ring::new_owned(8).unwrap();
    let (r, mut w) = std::io::pipe().unwrap();
    w.write_all(b"x").unwrap();
    ring.get_sqe().unwrap().prep_nop().user_data(10);
    ring.read(r.as_raw_fd(), Vec::with_capacity(4), u64::MAX, 11)
        .unwrap();
    // The read may complete after a NOP submitted with it (5.10 reads the pipe from a
    // worker): the last NOP goes in once it has, so the three are in this order.
    ring.submit_and_wait(2).unwrap();
    ring.get_sqe().unwrap().prep_nop().user_data(12);
    ring.submit_and_wait(1).unwrap();
    let mut it = ring.completions();
    assert_eq!(it.next().unwrap().user_data(), 10);
    let mut owned = it.next().unwrap();
    assert_eq!(owned.take_buf::<Vec<u8>>().unwrap(), b"x");
    std::mem::forget(it);
    // The owned completion was handed back as it was yielded; what came after it is
    // yielded again.
    let again: Vec<u64> = ring.completions().map(|c| c.user_data()).collect();
    assert_eq!(again, [12]);
    assert!(ring.completions().next().is_none());
}

#[test]
fn a_cqe32_ring_reaps_in_batches_with_its_extra_words() {
    // CQE32 is of 5.19, the release of IORING_OP_SOCKET: the kernel's probe says so (no raw
    // system call here, in a crate without `unsafe`)
    if !Ring::new(2)
        .unwrap()
        .opcode_supported(uring_rs::uapi::IORING_OP_SOCKET)
    {
        eprintln!("skip: the kernel has no IORING_SETUP_CQE32 (5.19)");
        return;
    }
    let mut ring = Ring::builder()
        .entries(4)
        .flags(IORING_SETUP_CQE32)
        .build_owned()
        .unwrap();
    let (r, mut w) = std::io::pipe().unwrap();
    w.write_all(b"32").unwrap();
    for round in 0..5u64 {
        // Five rounds of three go round the 8-entry CQ: head and tail wrap.
        ring.get_sqe().unwrap().prep_nop().user_data(round);
        ring.get_sqe().unwrap().prep_nop().user_data(round + 100);
        if round == 2 {
            ring.read(r.as_raw_fd(), vec![0; 8], u64::MAX, 7).unwrap();
        } else {
            ring.get_sqe().unwrap().prep_nop().user_data(round + 200);
        }
        ring.submit_and_wait(3).unwrap();
        let mut got: Vec<Cqe> = ring.completions().collect();
        assert_eq!(got.len(), 3);
        assert!(got.iter().all(|c| c.big_cqe() == [0, 0]));
        if round == 2 {
            let owned = got.iter_mut().find(|c| c.user_data() == 7).unwrap();
            assert_eq!(owned.take_buf::<Vec<u8>>().unwrap(), b"32");
        }
        assert_eq!(ring.cq_ready(), 0);
    }
}

#[test]
fn a_reserved_user_data_panics_and_leaves_no_owned_tag_in_the_entry() {
    let mut ring = Ring::new_owned(4).unwrap();
    let (r, mut w) = std::io::pipe().unwrap();
    w.write_all(b"abc").unwrap();
    // The read's slot 0 is tagged with the top bit and 0: what the NOP below tries to copy.
    ring.read(r.as_raw_fd(), vec![0u8; 8], u64::MAX, 7).unwrap();
    let tried = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        ring.get_sqe().unwrap().prep_nop().user_data(1 << 63);
    }));
    assert!(tried.is_err(), "a reserved user_data must panic");
    ring.submit_and_wait(2).unwrap();
    let mut all: Vec<Cqe> = ring.completions().collect();
    all.sort_by_key(|c| c.user_data());
    assert_eq!(all.len(), 2);
    // The NOP went out with user_data 0 and carries no buffer; the read gets its own back.
    assert_eq!((all[0].user_data(), all[0].res()), (0, 0));
    assert!(all[0].take_buf::<Vec<u8>>().is_none());
    assert_eq!((all[1].user_data(), all[1].res()), (7, 3));
    let back: Vec<u8> = all[1].take_buf().unwrap();
    assert_eq!(&back[..3], b"abc");
}

#[test]
fn an_operation_without_an_sqe_hands_its_buffer_back_with_ebusy() {
    // Not enabled yet, the ring refuses to submit (EBADFD): once its one SQE is taken,
    // get_sqe's submit-when-full can't make room.
    let mut ring = Ring::builder()
        .entries(1)
        .flags(IORING_SETUP_R_DISABLED)
        .build_owned()
        .unwrap();
    ring.get_sqe().unwrap().prep_nop().user_data(1);
    assert_eq!(
        ring.submit().unwrap_err().raw_os_error(),
        Some(libc::EBADFD)
    );
    assert!(ring.get_sqe().is_none());
    let (r, w) = std::io::pipe().unwrap();

    let mut buf = Vec::with_capacity(32);
    buf.extend_from_slice(b"read into");
    let (at, cap) = (buf.as_ptr(), buf.capacity());
    let err: BufError<Vec<u8>> = ring.read(r.as_raw_fd(), buf, u64::MAX, 2).unwrap_err();
    assert_eq!(err.error().raw_os_error(), Some(libc::EBUSY));
    assert_eq!(err.to_string(), err.error().to_string());
    assert!(format!("{err:?}").contains("Vec<u8>"), "{err:?}");
    let (error, buf) = err.into_parts();
    assert_eq!(error.raw_os_error(), Some(libc::EBUSY));
    assert_eq!((buf.as_ptr(), buf.capacity()), (at, cap));
    assert_eq!(buf, b"read into", "untouched");

    let boxed: Box<[u8]> = b"write".to_vec().into();
    let at = boxed.as_ptr();
    let back = ring
        .write(w.as_raw_fd(), boxed, 0, 3)
        .unwrap_err()
        .into_buf();
    assert_eq!((back.as_ptr(), &*back), (at, &b"write"[..]));

    let s = String::from("send");
    let at = s.as_ptr();
    let back = ring.send(Target::Fixed(0), s, 0, 4).unwrap_err().into_buf();
    assert_eq!((back.as_ptr(), back.as_str()), (at, "send"));
    let back = ring.recv(r.as_raw_fd(), vec![7u8; 3], 0, 5).unwrap_err();
    assert_eq!(back.into_buf(), [7, 7, 7]);
    let path = CString::new("/").unwrap();
    let at = path.as_ptr();
    let back = ring
        .openat(libc::AT_FDCWD, path, libc::O_RDONLY, 0, 6)
        .unwrap_err();
    assert_eq!(back.error().raw_os_error(), Some(libc::EBUSY));
    let path = back.into_buf();
    assert_eq!((path.as_ptr(), path.as_c_str()), (at, c"/"));
    let back = ring.statx(libc::AT_FDCWD, c"/", 0, libc::STATX_TYPE, 7);
    assert_eq!(back.unwrap_err().into_buf(), c"/");

    // `?` in an io::Result function keeps the error.
    let queued = |ring: &mut OwnedRing| -> std::io::Result<()> {
        ring.write(w.as_raw_fd(), "x", 0, 6)?;
        Ok(())
    };
    assert_eq!(
        queued(&mut ring).unwrap_err().raw_os_error(),
        Some(libc::EBUSY)
    );
    // Nothing was queued for the refused ones: the SQ holds just the NOP.
    assert_eq!(ring.submission().ready(), 1);
}

/// A directory of the test's own, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("uring-rs-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir(&dir).unwrap();
        TempDir(dir)
    }

    fn c_path(&self, name: &str) -> CString {
        CString::new(self.0.join(name).into_os_string().into_encoded_bytes()).unwrap()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn open_result<P: 'static>(ring: &mut OwnedRing, user_data: u64) -> (i32, Open<P>) {
    let mut c = one(ring);
    assert_eq!(c.user_data(), user_data);
    let open = c
        .take_buf::<Open<P>>()
        .expect("an openat hands back an Open");
    (c.res(), open)
}

#[test]
fn openat_creates_opens_and_fails_with_the_path_handed_back_each_time() {
    let tmp = TempDir::new("openat");
    let mut ring = Ring::new_owned(4).unwrap();

    // Create a file by its full path, and write to it through the ring.
    let created = tmp.c_path("created");
    let flags = libc::O_WRONLY | libc::O_CREAT | libc::O_EXCL | libc::O_CLOEXEC;
    ring.openat(libc::AT_FDCWD, created.clone(), flags, 0o640, 1)
        .unwrap();
    let (res, open) = open_result::<CString>(&mut ring, 1);
    assert!(res >= 0, "openat: {res}");
    assert_eq!(open.path(), &created);
    let (path, fd) = open.into_parts();
    let fd = fd.expect("the file opened");
    assert_eq!(
        fd.as_raw_fd(),
        res,
        "the descriptor is the completion's result"
    );
    ring.write(fd.as_raw_fd(), b"through the ring".to_vec(), 0, 2)
        .unwrap();
    assert_eq!(one(&mut ring).result().unwrap(), 16);
    drop(fd);
    let on_disk = Path::new(OsStr::from_bytes(path.as_bytes()));
    assert_eq!(std::fs::read(on_disk).unwrap(), b"through the ring");
    // The mode, less the umask: as std's for a file it creates with the same mode.
    let by_std = tmp.0.join("by std");
    let std_file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o640)
        .open(&by_std)
        .unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode();
    assert_eq!(mode(on_disk), mode(&by_std));
    drop(std_file);

    // Open it again relative to its directory, read it, as a `&'static CStr` path.
    let dir = File::open(&tmp.0).unwrap();
    ring.openat(
        dir.as_raw_fd(),
        c"created",
        libc::O_RDONLY | libc::O_CLOEXEC,
        0,
        3,
    )
    .unwrap();
    let (res, open) = open_result::<&CStr>(&mut ring, 3);
    assert!(res >= 0, "openat: {res}");
    assert_eq!(*open.path(), c"created");
    let mut text = String::new();
    File::from(open.into_fd().unwrap())
        .read_to_string(&mut text)
        .unwrap();
    assert_eq!(text, "through the ring");

    // O_EXCL on an existing file, and a missing one: no file, the path back all the same.
    ring.openat(libc::AT_FDCWD, created.clone(), flags, 0o640, 4)
        .unwrap();
    let (res, open) = open_result::<CString>(&mut ring, 4);
    assert_eq!(res, -libc::EEXIST);
    let (path, fd) = open.into_parts();
    assert_eq!((path, fd.is_none()), (created, true));
    let missing = Box::<CStr>::from(tmp.c_path("missing").as_c_str());
    ring.openat(dir.as_raw_fd(), missing, libc::O_RDONLY, 0, 5)
        .unwrap();
    let (res, open) = open_result::<Box<CStr>>(&mut ring, 5);
    assert_eq!(res, -libc::ENOENT);
    assert!(open.path().to_bytes().ends_with(b"/missing"));
    assert!(open.into_fd().is_none());
}

#[test]
fn statx_reports_what_std_metadata_does_and_errors_without_a_status() {
    let tmp = TempDir::new("statx");
    let file = tmp.0.join("data");
    std::fs::write(&file, vec![b'x'; 12345]).unwrap();
    let meta = std::fs::metadata(&file).unwrap();
    let mut ring = Ring::new_owned(8).unwrap();

    // By path, by a directory and a name, and the open file itself (AT_EMPTY_PATH); in one
    // batch.
    let dir = File::open(&tmp.0).unwrap();
    let opened = File::open(&file).unwrap();
    let mask = libc::STATX_BASIC_STATS;
    ring.statx(libc::AT_FDCWD, tmp.c_path("data"), 0, mask, 1)
        .unwrap();
    ring.statx(dir.as_raw_fd(), c"data", 0, mask, 2).unwrap();
    ring.statx(opened.as_raw_fd(), c"", libc::AT_EMPTY_PATH, mask, 3)
        .unwrap();
    ring.statx(dir.as_raw_fd(), c"missing", 0, mask, 4).unwrap();
    ring.statx(dir.as_raw_fd(), c"", libc::AT_EMPTY_PATH, mask, 5)
        .unwrap();
    ring.submit_and_wait(5).unwrap();
    let mut got: Vec<Cqe> = ring.completions().collect();
    assert_eq!(got.len(), 5);
    got.sort_by_key(|c| c.user_data());

    let by_path: Statx<CString> = got[0].take_buf().unwrap();
    assert_eq!(by_path.path(), &tmp.c_path("data"));
    let by_name: Statx<&CStr> = got[1].take_buf().unwrap();
    let of_file: Statx<&CStr> = got[2].take_buf().unwrap();
    for (c, st) in [by_path.stat(), by_name.stat(), of_file.stat()]
        .into_iter()
        .enumerate()
    {
        assert_eq!(got[c].res(), 0, "statx {c}");
        let st = st.expect("a status");
        assert_eq!(st.stx_mask & mask, mask);
        assert_eq!(st.stx_size, meta.len());
        assert_eq!(st.stx_ino, meta.ino());
        assert_eq!(u32::from(st.stx_mode), meta.mode());
        assert_eq!(st.stx_mtime.tv_sec, meta.mtime());
    }
    assert_eq!(got[3].res(), -libc::ENOENT);
    let missing: Statx<&CStr> = got[3].take_buf().unwrap();
    assert!(missing.stat().is_none());
    assert_eq!(missing.into_path(), c"missing");
    let of_dir: Statx<&CStr> = got[4].take_buf().unwrap();
    let mode = u32::from(of_dir.stat().unwrap().stx_mode);
    assert_eq!(mode & libc::S_IFMT, libc::S_IFDIR);
}

#[test]
fn a_file_opened_and_never_taken_is_closed_with_its_completion() {
    let mut ring = Ring::new_owned(4).unwrap();
    let (r, w) = std::io::pipe().unwrap();
    // A second write end of the pipe, opened through the ring.
    let again = CString::new(format!("/proc/self/fd/{}", w.as_raw_fd())).unwrap();
    ring.openat(
        libc::AT_FDCWD,
        again,
        libc::O_WRONLY | libc::O_CLOEXEC,
        0,
        1,
    )
    .unwrap();
    let opened = one(&mut ring);
    assert!(opened.res() >= 0, "openat: {}", opened.res());
    drop(w);
    // The completion's file is the last write end: a read waits for it...
    ring.read(r.as_raw_fd(), Vec::with_capacity(8), u64::MAX, 2)
        .unwrap();
    ring.submit().unwrap();
    assert_eq!(ring.cq_ready(), 0, "a write end is open: no end of file");
    // ...and sees the end of the file once the completion, never asked for it, goes.
    drop(opened);
    let c = ring
        .wait_cqe_timeout(std::time::Duration::from_secs(10))
        .unwrap()
        .expect("the read ends: the file was closed")
        .seen();
    assert_eq!((c.user_data(), c.res()), (2, 0));
}
