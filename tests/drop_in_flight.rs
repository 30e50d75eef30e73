//! Dropping a `Ring` while reads into its buffers are in flight: the reads are cancelled and
//! reaped before `Drop` returns, so the data written afterwards stays in the pipes and the
//! freed buffers (owned, buffer-ring and `unsafe` ones) are never written.
//!
//! On a kernel without synchronous cancel (before 6.0: Debian 11's 5.10) nothing can stop the
//! reads: `Drop` returns at once and leaks the owned buffers, the reads complete into them
//! later, and the `unsafe` buffers must then be kept alive by their owner, as the API
//! documents; the freed memory is still never written. Such kernels have no buffer rings
//! either (5.19), so that part is left out there.
//!
//! `ctests/api_drop_in_flight.sh` runs this under valgrind too, and
//! `ctests/api_drop_in_flight_asan.sh` under AddressSanitizer (make check).

use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::net::UnixStream;

use uring_rs::api::{BufRing, Ring};
use uring_rs::uapi::IOSQE_ASYNC;

const PIPES: usize = 4;
const LEN: usize = 4096;
const MSG: &[u8] = b"written after the ring was dropped";

#[test]
fn dropping_a_ring_cancels_reads_in_flight_before_their_buffers_go() {
    let pipes: Vec<_> = (0..PIPES).map(|_| std::io::pipe().unwrap()).collect();
    let (mut a, b) = UnixStream::pair().unwrap();
    let mut unsafe_bufs: Vec<Box<[u8]>> = (0..PIPES).map(|_| vec![0; LEN].into()).collect();

    let mut ring = Ring::new_owned(16).unwrap();
    let cancels = cancels_synchronously(ring.as_raw_fd());
    let bufs = cancels.then(|| BufRing::new(&mut ring, 1, 4, LEN).unwrap());
    // Each pipe has an owned read (poll-driven), and an `unsafe` one forced into an io-wq
    // worker (IOSQE_ASYNC), which blocks in the pipe read: closing the ring alone would
    // leave the worker running until the teardown work gets to it.
    for (i, ((r, _), buf)) in pipes.iter().zip(&mut unsafe_bufs).enumerate() {
        ring.read(r.as_raw_fd(), Vec::with_capacity(LEN), u64::MAX, i as u64)
            .unwrap();
        // SAFETY: the buffer is freed only after the ring's Drop, which waits for this read.
        unsafe {
            ring.get_sqe()
                .unwrap()
                .prep_read(r.as_raw_fd(), buf, u64::MAX)
        }
        .flags(IOSQE_ASYNC);
    }
    if cancels {
        ring.get_sqe()
            .unwrap()
            .prep_recv_multishot(b.as_raw_fd(), 0)
            .buffer_select(1);
    }
    assert_eq!(ring.submit().unwrap(), 2 * PIPES + usize::from(cancels));
    assert_eq!(ring.cq_ready(), 0, "every read waits for data");
    // Another reference to the ring (a forked child's, one passed over a socket...) keeps
    // the kernel object alive after the Ring's close: no teardown cancels anything then,
    // only Drop's own cancelling does.
    // SAFETY: dup of a descriptor we hold; the copy is owned from here on.
    let other_ref = unsafe { OwnedFd::from_raw_fd(libc::dup(ring.as_raw_fd())) };

    drop(bufs); // its memory is retired into the ring...
    drop(ring); // ...which cancels, reaps, then frees it and the owned buffers
    if cancels {
        drop(unsafe_bufs);
    } else {
        // The reads still run: their memory must outlive them (the API's contract there).
        std::mem::forget(unsafe_bufs);
    }

    // Reuse the freed memory for a pattern a late kernel write would damage.
    let fresh: Vec<Vec<u8>> = (0..3 * PIPES + 4).map(|_| vec![0xa5; LEN]).collect();
    for (_, w) in &pipes {
        (&*w).write_all(MSG).unwrap();
        (&*w).write_all(MSG).unwrap();
    }
    a.write_all(MSG).unwrap();
    drop(a);

    for (r, w) in pipes {
        drop(w);
        let mut got = Vec::new();
        (&r).read_to_end(&mut got).unwrap();
        if cancels {
            assert_eq!(
                got,
                [MSG, MSG].concat(),
                "the data is still in the pipe: no read took it"
            );
        }
    }
    let mut got = Vec::new();
    (&b).read_to_end(&mut got).unwrap();
    assert_eq!(got, MSG);
    assert!(fresh.iter().all(|v| v.iter().all(|&x| x == 0xa5)));
    drop(other_ref);
}

/// Whether the kernel cancels synchronously (6.0): a raw registration that finds nothing to
/// cancel gets ENOENT there, EINVAL (an unknown opcode) before.
fn cancels_synchronously(ring_fd: i32) -> bool {
    let reg = uring_rs::uapi::io_uring_sync_cancel_reg {
        addr: 1,
        fd: -1,
        timeout: uring_rs::uapi::__kernel_timespec {
            tv_sec: -1,
            tv_nsec: -1,
        },
        ..Default::default()
    };
    // SAFETY: a valid registration argument of one entry, on the caller's ring.
    let r = unsafe {
        libc::syscall(
            libc::SYS_io_uring_register,
            ring_fd,
            uring_rs::uapi::IORING_REGISTER_SYNC_CANCEL,
            &reg,
            1,
        )
    };
    let errno = std::io::Error::last_os_error().raw_os_error();
    assert!(r == -1 && matches!(errno, Some(libc::ENOENT | libc::EINVAL)));
    errno == Some(libc::ENOENT)
}
