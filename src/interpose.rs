//! `free`, `realloc` and `munmap` seen by URING_RS_CHECK (src/check.rs), only while it checks.
//!
//! The checking code lives in liburing_rs_trace.so.0, which the library dlopens with
//! RTLD_LOCAL when a variable asks for it: too late and too local for its symbols to interpose
//! anything, and the libraries themselves must not define `free` (every program would pay for
//! it, checked or not). So when checking starts, the program's and every other loaded object's
//! GOT slots of these three functions are pointed at the hooks below, as the dynamic loader
//! would have bound them had the hooks been preloaded: the PLT calls of the program
//! (`-luring_rs`, the drop-in `liburing.so.2`, a static liburing_rs.a alike) reach them.
//! Left alone: libc and the dynamic loader (their own calls are theirs), the uring-rs objects
//! (their unmapping of rings is not the program's), objects loaded later with dlopen, and
//! calls that do not go through a GOT (a static executable).
//!
//! Only 64-bit ELF targets whose relocation numbers are listed here (x86_64, aarch64,
//! riscv64); elsewhere nothing is interposed and the checks of freed memory do not run.

use core::ffi::{CStr, c_int, c_void};
use core::sync::atomic::{AtomicUsize, Ordering};
use std::cell::Cell;

/// The ELF dynamic-section entry, relocation with addend and symbol (64-bit, <elf.h>).
#[repr(C)]
struct Dyn {
    tag: i64,
    val: u64,
}
#[repr(C)]
struct Rela {
    offset: u64,
    info: u64,
    addend: i64,
}
#[repr(C)]
struct Sym {
    name: u32,
    info: u8,
    other: u8,
    shndx: u16,
    value: u64,
    size: u64,
}

const DT_NULL: i64 = 0;
const DT_PLTRELSZ: i64 = 2;
const DT_STRTAB: i64 = 5;
const DT_SYMTAB: i64 = 6;
const DT_RELA: i64 = 7;
const DT_RELASZ: i64 = 8;
const DT_JMPREL: i64 = 23;
const PT_DYNAMIC: u32 = 2;
const PT_GNU_RELRO: u32 = 0x6474_e552;

/// The relocation types that fill a GOT slot with a function's address: a PLT slot, and the
/// slot a `-fno-plt` call or a function pointer reads.
#[cfg(all(target_pointer_width = "64", target_arch = "x86_64"))]
const GOT_TYPES: [u32; 2] = [7, 6]; // R_X86_64_JUMP_SLOT, R_X86_64_GLOB_DAT
#[cfg(all(target_pointer_width = "64", target_arch = "aarch64"))]
const GOT_TYPES: [u32; 2] = [1026, 1025]; // R_AARCH64_JUMP_SLOT, R_AARCH64_GLOB_DAT
#[cfg(all(target_pointer_width = "64", target_arch = "riscv64"))]
const GOT_TYPES: [u32; 2] = [5, 2]; // R_RISCV_JUMP_SLOT, R_RISCV_64
/// Elsewhere (32-bit ELF, other relocation numbers) nothing is patched.
#[cfg(not(all(
    target_pointer_width = "64",
    any(
        target_arch = "x86_64",
        target_arch = "aarch64",
        target_arch = "riscv64"
    )
)))]
const GOT_TYPES: [u32; 0] = [];

/// What the hooks tell the checker: memory `[start, end)` is being given back by `what`.
pub(crate) type Released = fn(start: usize, end: usize, what: &str);

static REAL_FREE: AtomicUsize = AtomicUsize::new(0);
static REAL_REALLOC: AtomicUsize = AtomicUsize::new(0);
static REAL_MUNMAP: AtomicUsize = AtomicUsize::new(0);
static USABLE_SIZE: AtomicUsize = AtomicUsize::new(0);
static RELEASED: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// Set while this thread runs the checker from a hook: its own frees (and those of what it
    /// calls, backtrace's loading of the unwinder) pass straight through.
    static IN_HOOK: Cell<bool> = const { Cell::new(false) };
}

/// Runs the checker on `[start, end)` unless this thread is already inside it.
fn released(start: usize, end: usize, what: &str) {
    let f = RELEASED.load(Ordering::Acquire);
    if f == 0 || start >= end || IN_HOOK.try_with(|h| h.replace(true)) != Ok(false) {
        return;
    }
    // SAFETY: stored from a `Released` by `install`.
    let f: Released = unsafe { core::mem::transmute::<usize, Released>(f) };
    f(start, end, what);
    let _ = IN_HOOK.try_with(|h| h.set(false));
}

fn usable_size(p: *mut c_void) -> usize {
    let f = USABLE_SIZE.load(Ordering::Acquire);
    if f == 0 {
        return 0;
    }
    // SAFETY: the allocator's own malloc_usable_size, on a pointer the program allocated.
    unsafe { core::mem::transmute::<usize, unsafe extern "C" fn(*mut c_void) -> usize>(f)(p) }
}

unsafe extern "C" fn free_hook(p: *mut c_void) {
    if !p.is_null() {
        released(p as usize, p as usize + usable_size(p), "free");
    }
    // SAFETY: the real free, resolved before any slot pointed here.
    unsafe {
        core::mem::transmute::<usize, unsafe extern "C" fn(*mut c_void)>(
            REAL_FREE.load(Ordering::Relaxed),
        )(p)
    }
}

unsafe extern "C" fn realloc_hook(p: *mut c_void, n: usize) -> *mut c_void {
    let old = if p.is_null() { 0 } else { usable_size(p) };
    // SAFETY: the real realloc, resolved before any slot pointed here.
    let q = unsafe {
        core::mem::transmute::<usize, unsafe extern "C" fn(*mut c_void, usize) -> *mut c_void>(
            REAL_REALLOC.load(Ordering::Relaxed),
        )(p, n)
    };
    // Only a block that moved (or was freed by a size of 0) is gone: one resized in place is
    // still the program's.
    if !p.is_null() && (n == 0 || (!q.is_null() && q != p)) {
        released(p as usize, p as usize + old, "realloc");
    }
    q
}

unsafe extern "C" fn munmap_hook(addr: *mut c_void, len: usize) -> c_int {
    released(addr as usize, (addr as usize).saturating_add(len), "munmap");
    // SAFETY: the real munmap, resolved before any slot pointed here.
    unsafe {
        core::mem::transmute::<usize, unsafe extern "C" fn(*mut c_void, usize) -> c_int>(
            REAL_MUNMAP.load(Ordering::Relaxed),
        )(addr, len)
    }
}

fn lookup(name: &CStr) -> usize {
    // SAFETY: a NUL-terminated name; RTLD_DEFAULT finds what the program's own calls bind to
    // (its allocator, if it brings one), never the hooks, which this object does not export.
    unsafe { libc::dlsym(libc::RTLD_DEFAULT, name.as_ptr()) as usize }
}

/// Points every GOT slot of free, realloc and munmap at the hooks, which hand the memory
/// given back to `f` first. Once per process (the first checked ring).
pub(crate) fn install(f: Released) {
    let reals = [
        (&REAL_FREE, lookup(c"free")),
        (&REAL_REALLOC, lookup(c"realloc")),
        (&REAL_MUNMAP, lookup(c"munmap")),
    ];
    // The layouts above are 64-bit ELF's: on another target the dynamic sections are not
    // even walked.
    if GOT_TYPES.is_empty()
        || reals.iter().any(|(_, a)| *a == 0)
        || RELEASED.load(Ordering::Acquire) != 0
    {
        return;
    }
    for (slot, a) in reals {
        slot.store(a, Ordering::Release);
    }
    USABLE_SIZE.store(lookup(c"malloc_usable_size"), Ordering::Release);
    RELEASED.store(f as usize, Ordering::Release);
    // Priming backtrace here loads the unwinder now, not first inside a hook.
    let mut frame = [core::ptr::null_mut::<c_void>(); 1];
    // SAFETY: a writable array of the size given.
    unsafe { libc::backtrace(frame.as_mut_ptr(), 1) };
    // SAFETY: the callback only reads the loaded objects' headers.
    unsafe { libc::dl_iterate_phdr(Some(patch_object), core::ptr::null_mut()) };
}

/// Whether an object's GOT is left alone (see the module's comment).
fn skipped(name: &[u8]) -> bool {
    let file = name.rsplit(|&c| c == b'/').next().unwrap_or(name);
    file.starts_with(b"liburing")
        || file.starts_with(b"libc.so")
        || file.starts_with(b"libc.musl")
        || file.starts_with(b"ld-")
        || file.starts_with(b"linux-vdso")
}

unsafe extern "C" fn patch_object(
    info: *mut libc::dl_phdr_info,
    _size: usize,
    _data: *mut c_void,
) -> c_int {
    // SAFETY: the loader passes a valid description of one loaded object.
    let info = unsafe { &*info };
    let name = if info.dlpi_name.is_null() {
        &b""[..]
    } else {
        // SAFETY: a NUL-terminated name ("" for the program).
        unsafe { CStr::from_ptr(info.dlpi_name) }.to_bytes()
    };
    if skipped(name) {
        return 0;
    }
    let base = info.dlpi_addr as usize;
    // SAFETY: dlpi_phdr has dlpi_phnum entries.
    let phdrs = unsafe { core::slice::from_raw_parts(info.dlpi_phdr, info.dlpi_phnum as usize) };
    let mut dynamic = None;
    let mut relro = 0..0;
    for ph in phdrs {
        let start = base + ph.p_vaddr as usize;
        match ph.p_type {
            PT_DYNAMIC => dynamic = Some(start as *const Dyn),
            PT_GNU_RELRO => relro = start..start + ph.p_memsz as usize,
            _ => {}
        }
    }
    let Some(mut d) = dynamic else { return 0 };
    let (mut strtab, mut symtab, mut rela, mut relasz, mut jmprel, mut pltrelsz) =
        (0, 0, 0, 0, 0, 0);
    // glibc rewrites the address entries as absolute; musl leaves them relative to the base.
    let abs = |v: u64| {
        if (v as usize) < base {
            base + v as usize
        } else {
            v as usize
        }
    };
    loop {
        // SAFETY: the dynamic section is an array ended by DT_NULL.
        let e = unsafe { &*d };
        match e.tag {
            DT_NULL => break,
            DT_STRTAB => strtab = abs(e.val),
            DT_SYMTAB => symtab = abs(e.val),
            DT_RELA => rela = abs(e.val),
            DT_RELASZ => relasz = e.val as usize,
            DT_JMPREL => jmprel = abs(e.val),
            DT_PLTRELSZ => pltrelsz = e.val as usize,
            _ => {}
        }
        // SAFETY: as above, not past DT_NULL.
        d = unsafe { d.add(1) };
    }
    if strtab == 0 || symtab == 0 {
        return 0;
    }
    let hooks: [(&[u8], usize); 3] = [
        (b"free", free_hook as *const () as usize),
        (b"realloc", realloc_hook as *const () as usize),
        (b"munmap", munmap_hook as *const () as usize),
    ];
    // x86_64, aarch64 and riscv64 use RELA for both tables (DT_PLTREL is DT_RELA there).
    for (table, size) in [(jmprel, pltrelsz), (rela, relasz)] {
        if table == 0 {
            continue;
        }
        // SAFETY: the loader's relocation table of this object, `size` bytes of Rela.
        let relocs =
            unsafe { core::slice::from_raw_parts(table as *const Rela, size / size_of::<Rela>()) };
        for r in relocs {
            if !GOT_TYPES.contains(&(r.info as u32)) {
                continue;
            }
            // SAFETY: the symbol index of a relocation of this object, into its tables.
            let sym = unsafe { &*(symtab as *const Sym).add((r.info >> 32) as usize) };
            // SAFETY: as above.
            let sym_name = unsafe { CStr::from_ptr((strtab + sym.name as usize) as *const _) };
            let Some((_, hook)) = hooks.iter().find(|(n, _)| *n == sym_name.to_bytes()) else {
                continue;
            };
            let slot = base + r.offset as usize;
            set_slot(slot, *hook, relro.contains(&slot));
        }
    }
    0
}

/// Writes `value` into a GOT slot, opening a read-only (RELRO) page for the write.
fn set_slot(slot: usize, value: usize, read_only: bool) {
    // SAFETY: sysconf has no preconditions.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as usize;
    let start = (slot & !(page - 1)) as *mut c_void;
    let rw = libc::PROT_READ | libc::PROT_WRITE;
    // SAFETY: the page of one of this object's GOT slots, mapped.
    if read_only && unsafe { libc::mprotect(start, page, rw) } != 0 {
        return;
    }
    // SAFETY: a pointer-sized GOT slot, writable now; other threads read it whole (aligned).
    unsafe { (*(slot as *const AtomicUsize)).store(value, Ordering::Release) };
    if read_only {
        // SAFETY: as above; the page goes back to what RELRO made it.
        unsafe { libc::mprotect(start, page, libc::PROT_READ) };
    }
}
