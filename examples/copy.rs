//! Copy a file through io_uring with owned buffers, and no `unsafe`.
//!
//! ```sh
//! cargo run --release --example copy -- SRC DST
//! ```
//!
//! Up to `DEPTH` blocks are in flight at once: each is read at its offset, then written
//! at the same offset in the copy, then its buffer is reused for the next block. Short reads
//! and short writes continue where they stopped. `user_data` is the block's index in
//! `blocks`, whose entry says where that block is.

#![forbid(unsafe_code)]

use std::fs::File;
use std::io;
use std::os::fd::AsRawFd;

use uring_rs::api::{Cqe, OwnedRing, Ring};

const BLOCK: usize = 64 * 1024;
const DEPTH: usize = 8;

/// One buffer's job: bytes `done..len` of the block at `offset` are still to be moved.
#[derive(Clone, Copy)]
struct Block {
    offset: u64,
    len: usize,
    done: usize,
    writing: bool,
}

struct Job {
    ring: OwnedRing,
    src: File,
    dst: File,
    size: u64,
    /// Where the next unclaimed block starts.
    next: u64,
    blocks: Vec<Block>,
    in_flight: usize,
}

impl Job {
    /// Read the next block of the file into `buf` as block `i`; false at the end of the file.
    fn start_block(&mut self, i: usize, buf: Vec<u8>) -> io::Result<bool> {
        if self.next >= self.size {
            return Ok(false);
        }
        let len = (self.size - self.next).min(BLOCK as u64) as usize;
        self.blocks[i] = Block {
            offset: self.next,
            len,
            done: 0,
            writing: false,
        };
        self.next += len as u64;
        self.read(i, buf)?;
        Ok(true)
    }

    fn read(&mut self, i: usize, mut buf: Vec<u8>) -> io::Result<()> {
        let b = self.blocks[i];
        buf.clear();
        buf.reserve_exact(b.len - b.done);
        let at = b.offset + b.done as u64;
        self.ring.read(self.src.as_raw_fd(), buf, at, i as u64)?;
        self.in_flight += 1;
        Ok(())
    }

    fn write(&mut self, i: usize, buf: Vec<u8>) -> io::Result<()> {
        let at = self.blocks[i].offset + self.blocks[i].done as u64;
        self.ring.write(self.dst.as_raw_fd(), buf, at, i as u64)?;
        self.in_flight += 1;
        Ok(())
    }

    fn on_completion(&mut self, mut cqe: Cqe) -> io::Result<()> {
        self.in_flight -= 1;
        let i = cqe.user_data() as usize;
        let n = cqe.result()? as usize;
        let mut buf: Vec<u8> = cqe.take_buf().expect("an owned-buffer operation");
        let b = &mut self.blocks[i];
        if !b.writing {
            if n == 0 {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "source shrank",
                ));
            }
            // Write what arrived; the rest of a short read is read after it is written.
            b.writing = true;
            return self.write(i, buf);
        }
        b.done += n;
        let Block { len, done, .. } = *b;
        if n < buf.len() {
            buf.drain(..n); // short write: the rest goes next
            return self.write(i, buf);
        }
        if done < len {
            self.blocks[i].writing = false;
            return self.read(i, buf);
        }
        self.start_block(i, buf).map(drop)
    }

    fn run(&mut self) -> io::Result<()> {
        for i in 0..DEPTH {
            if !self.start_block(i, Vec::with_capacity(BLOCK))? {
                break;
            }
        }
        while self.in_flight > 0 {
            self.ring.submit_and_wait(1)?;
            while let Some(cqe) = self.ring.peek_cqe().map(|c| c.seen()) {
                self.on_completion(cqe)?;
            }
        }
        self.dst.sync_all()
    }
}

fn copy(src: &str, dst: &str) -> io::Result<u64> {
    let src = File::open(src)?;
    let size = src.metadata()?.len();
    let dst = File::create(dst)?;
    let mut job = Job {
        ring: Ring::new_owned(2 * DEPTH as u32)?,
        src,
        dst,
        size,
        next: 0,
        blocks: vec![
            Block {
                offset: 0,
                len: 0,
                done: 0,
                writing: false,
            };
            DEPTH
        ],
        in_flight: 0,
    };
    job.run()?;
    Ok(size)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [src, dst] = args.as_slice() else {
        eprintln!("usage: copy SRC DST");
        std::process::exit(2);
    };
    match copy(src, dst) {
        Ok(n) => println!("copied {n} bytes"),
        Err(e) => {
            eprintln!("copy: {e}");
            std::process::exit(1);
        }
    }
}
