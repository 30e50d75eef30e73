//! Everything of `uring_rs` that safe code can reach, called from a crate that forbids
//! `unsafe`, on the rings safe code can make: zeroed ones, and a `Ring` whose handle was
//! dropped while a `BufRing` keeps the ring alive. None may crash the process.
//!
//! `every_safe_public_function_is_listed` keeps this honest: it parses `src/` and fails when a
//! safe `pub fn` appears outside `api` that the list below doesn't know (and so isn't
//! exercised here). The safe API (`uring_rs::api`) has its own tests; the items that had to
//! become `unsafe` or private are proven so by the `compile_fail` doc tests of
//! `src/unsafe_proofs.rs`.

#![forbid(unsafe_code)]

use std::io::Write;
use std::os::fd::AsRawFd;

use uring_rs::api::{BufRing, Ring};
use uring_rs::uapi::*;
use uring_rs::{io_uring, prep, setup, submit, syscall, version};

/// The safe `pub fn`s outside `api`, as `file: [Type::]name`, each called below.
const SAFE: &[&str] = &[
    "buf_ring.rs: io_uring_buf_ring_mask",
    "complete.rs: io_uring::cqe_nr",
    "prep/mod.rs: prep_rw",
    "ring.rs: io_uring::cqe_shift",
    "ring.rs: io_uring::sqe_shift",
    "ring.rs: io_uring::zeroed",
    "setup.rs: io_uring_memory_size",
    "setup.rs: io_uring_mlock_size",
    "setup.rs: memory_size_params",
    "setup.rs: mlock_size_params",
    "setup.rs: sq_cq_entries",
    "submit.rs: initialize_sqe",
    "syscall.rs: page_size",
    "trace.rs: errno_name",
    "trace.rs: op_name",
    "uapi/mod.rs: io_uring_buf_ring::bufs_ptr",
    "uapi/mod.rs: io_uring_sqe::cmd_ptr",
    "version.rs: io_uring_check_version",
    "version.rs: io_uring_major_version",
    "version.rs: io_uring_minor_version",
];

#[test]
fn a_zeroed_ring_answers_what_safe_code_may_ask() {
    let ring = io_uring::zeroed();
    assert_eq!((ring.sqe_shift(), ring.cqe_shift()), (0, 0));
    assert_eq!(io_uring::cqe_nr(&io_uring_cqe::default()), 1);
    // The fields are public (C programs read them): writing garbage into them is allowed,
    // and nothing safe dereferences them.
    let mut ring = io_uring::zeroed();
    ring.sq.khead = std::ptr::dangling_mut();
    ring.flags = u32::MAX;
    assert_eq!((ring.sqe_shift(), ring.cqe_shift()), (1, 1));
}

#[test]
fn size_and_version_helpers_are_plain_arithmetic() {
    let p = io_uring_params::default();
    assert_eq!(setup::sq_cq_entries(0, &p), Err(-libc::EINVAL));
    assert_eq!(setup::sq_cq_entries(3, &p), Ok((4, 8)));
    assert_eq!(setup::sq_cq_entries(u32::MAX, &p), Err(-libc::EINVAL));
    assert!(setup::memory_size_params(8, &p) > 0);
    assert!(setup::memory_size_params(0, &p) < 0);
    assert!(setup::mlock_size_params(8, &p) >= 0);
    assert!(setup::io_uring_memory_size(8, 0) > 0);
    assert!(setup::io_uring_mlock_size(8, 0) >= 0);
    assert!(uring_rs::buf_ring::io_uring_buf_ring_mask(0) == -1);
    assert!(syscall::page_size() >= 4096);
    assert!(version::io_uring_major_version() >= 2);
    assert!(version::io_uring_minor_version() >= 0);
    assert!(!version::io_uring_check_version(0, 0));
    // Name lookups answer any number.
    assert_eq!(uring_rs::trace::op_name(0), Some("NOP"));
    assert_eq!(uring_rs::trace::op_name(u8::MAX), None);
    assert_eq!(uring_rs::trace::errno_name(libc::ENOENT), Some("ENOENT"));
    assert!(
        [-1, 0, i32::MAX, i32::MIN]
            .iter()
            .all(|&e| uring_rs::trace::errno_name(e) != Some(""))
    );
}

#[test]
fn sqe_helpers_touch_only_the_entry_they_are_given() {
    let mut sqe = io_uring_sqe::default();
    // The address is stored as a number, never followed.
    prep::prep_rw(IORING_OP_READ, &mut sqe, 3, std::ptr::dangling(), 8, 0);
    assert_eq!((sqe.opcode, sqe.fd, sqe.len), (IORING_OP_READ as u8, 3, 8));
    sqe.flags = 0xff;
    submit::initialize_sqe(&mut sqe);
    assert_eq!(sqe.flags, 0);
    // Pure address arithmetic on any pointer, even null.
    let cmd = io_uring_sqe::cmd_ptr(std::ptr::null_mut());
    assert_eq!(cmd as usize, io_uring_sqe::CMD_OFFSET);
    assert!(io_uring_buf_ring::bufs_ptr(std::ptr::null_mut()).is_null());
    assert!(!io_uring_buf_ring::tail_ptr(std::ptr::null_mut()).is_null());
}

/// Whether the kernel's probe has IORING_OP_FIXED_FD_INSTALL (6.8).
fn ring_has_op_of_6_8() -> bool {
    Ring::new(2)
        .unwrap()
        .opcode_supported(uring_rs::uapi::IORING_OP_FIXED_FD_INSTALL)
}

#[test]
fn a_buf_ring_outliving_its_ring_handle_still_works() {
    let mut ring = Ring::new(4).unwrap();
    // Buffer rings are of 5.19, the release of IORING_OP_SOCKET: the kernel's probe says so
    // (no raw system call here, in a crate without `unsafe`).
    if !ring.opcode_supported(uring_rs::uapi::IORING_OP_SOCKET) {
        eprintln!("skip: the kernel has no buffer rings (5.19)");
        return;
    }
    let mut bufs = BufRing::new(&mut ring, 1, 2, 16).unwrap();
    let (mut a, b) = std::os::unix::net::UnixStream::pair().unwrap();
    ring.get_sqe()
        .unwrap()
        .prep_recv_multishot(b.as_raw_fd(), 0)
        .buffer_select(1);
    ring.submit().unwrap();
    drop(ring); // cancels the receive and waits for it
    a.write_all(b"late").unwrap();
    // The head is told from 6.8, the release of IORING_OP_FIXED_FD_INSTALL; EINVAL before.
    let available = bufs.available();
    if ring_has_op_of_6_8() {
        assert_eq!(available.unwrap(), 2);
    } else {
        assert_eq!(available.unwrap_err().raw_os_error(), Some(libc::EINVAL));
    }
    bufs.recycle(0);
    drop(bufs);
}

#[test]
fn forgotten_entries_and_completions_leave_the_ring_usable() {
    let mut ring = Ring::new(2).unwrap();
    let _ = ring.get_sqe().unwrap(); // never prepared
    ring.submit_and_wait(1).unwrap();
    std::mem::forget(ring.peek_cqe().unwrap()); // never marked seen: still at the head
    let c = ring.peek_cqe().unwrap().seen();
    assert_eq!((c.user_data(), c.res()), (0, 0));
    assert!(ring.peek_cqe().is_none());
}

#[test]
fn every_safe_public_function_is_listed() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    collect(&src, &src, &mut found);
    found.sort();
    let mut want: Vec<String> = SAFE.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(
        found, want,
        "a safe pub fn outside api/ changed: if nothing it can be called with (a zeroed \
         io_uring, any pointer, any fd) causes undefined behaviour, list it in SAFE and call it \
         here; otherwise make it `unsafe fn` or `pub(crate)`"
    );
}

fn collect(root: &std::path::Path, dir: &std::path::Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let rel = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if rel == "api" || rel == "uapi/bindings.rs" || rel == "uapi/layout_tests.rs" {
            continue;
        }
        if path.is_dir() {
            collect(root, &path, out);
        } else if rel.ends_with(".rs") {
            let file = syn::parse_file(&std::fs::read_to_string(&path).unwrap()).unwrap();
            items(&rel, &file.items, out);
        }
    }
}

fn items(file: &str, list: &[syn::Item], out: &mut Vec<String>) {
    let safe_pub = |vis: &syn::Visibility, sig: &syn::Signature| {
        matches!(vis, syn::Visibility::Public(_)) && sig.unsafety.is_none()
    };
    for item in list {
        match item {
            syn::Item::Fn(f) if safe_pub(&f.vis, &f.sig) => {
                out.push(format!("{file}: {}", f.sig.ident))
            }
            syn::Item::Impl(i) => {
                let syn::Type::Path(ty) = &*i.self_ty else {
                    continue;
                };
                let ty = &ty.path.segments.last().unwrap().ident;
                for it in &i.items {
                    if let syn::ImplItem::Fn(f) = it
                        && safe_pub(&f.vis, &f.sig)
                    {
                        out.push(format!("{file}: {ty}::{}", f.sig.ident));
                    }
                }
            }
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    items(file, inner, out);
                }
            }
            _ => {}
        }
    }
}
