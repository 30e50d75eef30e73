//! A `Ring` moved between threads (it is `Send`): requests submitted on one thread complete and
//! are reaped on another, owned buffers handed in on one come back on another, a `BufRing`
//! stays behind while its ring moves. `ctests/tsan_threads.sh` also runs this under
//! ThreadSanitizer, where a data race in the moves (the ring's shared state, the owned-buffer
//! slots, the buffer ring's memory) fails it.

use std::io::Write;
use std::os::fd::AsRawFd;
use std::sync::mpsc;
use std::thread;

use uring_rs::api::{BufRing, Ring};

const ROUNDS: u64 = 50;
// Linux's numbers; not from the libc crate, which the TSan build compiles this file without
const ECANCELED: i32 = 125;
const EINVAL: i32 = 22;

#[test]
fn a_ring_passed_back_and_forth_reaps_on_each_thread_what_the_other_submitted() {
    let (to_b, from_a) = mpsc::channel::<Ring>();
    let (to_a, from_b) = mpsc::channel::<Ring>();
    let b = thread::spawn(move || {
        for round in 0..ROUNDS {
            let mut ring = from_a.recv().unwrap();
            // A submitted 1 + round % 4 NOPs: they are in the CQ, or come now
            let want = 1 + (round % 4) as u32;
            ring.submit_and_wait(want).unwrap();
            let mut got: Vec<u64> = ring.completions().map(|c| c.user_data()).collect();
            got.sort_unstable();
            let expect: Vec<u64> = (0..want as u64).map(|i| round * 100 + i).collect();
            assert_eq!(got, expect, "round {round}: the CQEs of A's NOPs, on B");
            // and B submits for A to reap
            ring.get_sqe()
                .unwrap()
                .prep_nop()
                .user_data(round * 100 + 99);
            assert_eq!(ring.submit().unwrap(), 1);
            to_a.send(ring).unwrap();
        }
    });
    let mut ring = Ring::new(8).unwrap();
    for round in 0..ROUNDS {
        for i in 0..1 + round % 4 {
            ring.get_sqe()
                .unwrap()
                .prep_nop()
                .user_data(round * 100 + i);
        }
        assert_eq!(ring.submit().unwrap() as u64, 1 + round % 4);
        to_b.send(ring).unwrap();
        ring = from_b.recv().unwrap();
        let cqe = ring.wait_cqe().unwrap();
        assert_eq!(
            cqe.user_data(),
            round * 100 + 99,
            "round {round}: B's NOP, on A"
        );
        cqe.seen();
    }
    b.join().unwrap();
    assert_eq!(ring.cq_ready(), 0);
}

#[test]
fn owned_buffers_handed_in_on_one_thread_come_back_on_another() {
    let (r, mut w) = std::io::pipe().unwrap();
    let mut ring = Ring::new_owned(8).unwrap();
    // reads wait on the empty pipe, each owning its Vec
    for i in 0..4u64 {
        ring.read(r.as_raw_fd(), Vec::with_capacity(8), u64::MAX, i)
            .unwrap();
    }
    assert_eq!(ring.submit().unwrap(), 4);
    let reaper = thread::spawn(move || {
        let mut bufs = Vec::new();
        while bufs.len() < 4 {
            ring.submit_and_wait(1).unwrap();
            for mut cqe in ring.completions() {
                assert_eq!(cqe.res(), 8, "read {}", cqe.user_data());
                bufs.push(cqe.take_buf::<Vec<u8>>().unwrap());
            }
        }
        (ring, bufs)
    });
    // the data comes from this thread once the ring is gone to the other
    for i in 0..4u8 {
        w.write_all(&[b'a' + i; 8]).unwrap();
    }
    let (ring, mut bufs) = reaper.join().unwrap();
    bufs.sort();
    let want: Vec<Vec<u8>> = (0..4u8).map(|i| vec![b'a' + i; 8]).collect();
    assert_eq!(bufs, want);
    drop(ring);
}

#[test]
fn a_ring_moves_away_from_its_buffer_ring_and_recv_picks_its_buffers() {
    let (mut a, b) = std::os::unix::net::UnixStream::pair().unwrap();
    let mut ring = Ring::new(8).unwrap();
    // buffer rings are of 5.19: an older kernel (Debian's 5.10) refuses the registration
    let mut bufs = match BufRing::new(&mut ring, 5, 4, 16) {
        Err(e) if e.raw_os_error() == Some(EINVAL) => {
            println!("skip: the kernel lacks buffer rings (registration: {e})");
            return;
        }
        r => r.unwrap(),
    };
    ring.get_sqe()
        .unwrap()
        .prep_recv_multishot(b.as_raw_fd(), 0)
        .buffer_select(5)
        .user_data(1);
    assert_eq!(ring.submit().unwrap(), 1);
    let t = thread::spawn(move || {
        let mut bids = Vec::new();
        while bids.len() < 3 {
            ring.submit_and_wait(1).unwrap();
            for cqe in ring.completions() {
                assert_eq!(cqe.res(), 16);
                assert!(cqe.more(), "the multishot recv goes on");
                bids.push(cqe.buffer_id().unwrap());
            }
        }
        (ring, bids)
    });
    // merged or not, the data is read 16 bytes (a buffer) at a time
    for i in 0..3u8 {
        a.write_all(&[i; 16]).unwrap();
    }
    let (mut ring, bids) = t.join().unwrap();
    // the buffers were picked in ring order; back on this thread, recycle them
    assert_eq!(bids, vec![0, 1, 2]);
    for bid in bids {
        bufs.recycle(bid);
    }
    ring.get_sqe().unwrap().prep_cancel64(1, 0).user_data(2);
    ring.submit_and_wait(2).unwrap();
    let mut got: Vec<(u64, i32)> = ring
        .completions()
        .map(|c| (c.user_data(), c.res()))
        .collect();
    got.sort_unstable();
    assert_eq!(got, vec![(1, -ECANCELED), (2, 0)]);
}
