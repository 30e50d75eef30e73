//! Buffers the ring can own while the kernel uses them: [`IoBuf`], [`IoBufMut`], and the
//! type-erased holder the ring keeps them (or the other values an owned operation needs kept,
//! such as a path) in until their completion hands them back.

use std::any::TypeId;
use std::mem::ManuallyDrop;
use std::ptr;

/// A buffer the kernel can read from while the ring owns it: what [`super::OwnedRing::write`] and
/// [`super::OwnedRing::send`] take and their completion hands back ([`super::Cqe::take_buf`]),
/// as the same type.
///
/// Implemented for `Vec<u8>`, `Box<[u8]>`, `String`, `&'static [u8]`, `&'static str` and
/// `&'static mut [u8]`.
///
/// # Safety
/// The kernel reads `bytes_init()` bytes from `stable_ptr()` after the value has been moved
/// into the ring, until the operation completes. So an implementation must guarantee that
/// they are initialized bytes in memory that neither moves nor is freed nor written while
/// the value exists and is not accessed (heap or `'static` memory, not the value's own
/// fields), and that both methods return the same as long as the value is not accessed
/// mutably.
///
/// ```
/// use uring_rs::api::IoBuf;
///
/// let v = b"abc".to_vec();
/// assert_eq!((v.stable_ptr(), v.bytes_init()), (v.as_ptr(), 3));
/// ```
pub unsafe trait IoBuf: Send + 'static {
    /// Where the bytes start.
    ///
    /// ```
    /// use uring_rs::api::IoBuf;
    /// let b: Box<[u8]> = Box::new([1, 2]);
    /// assert_eq!(b.stable_ptr(), b.as_ptr());
    /// ```
    fn stable_ptr(&self) -> *const u8;

    /// How many bytes, from [`IoBuf::stable_ptr`], are initialized: what a write sends.
    ///
    /// ```
    /// use uring_rs::api::IoBuf;
    /// assert_eq!(Vec::<u8>::with_capacity(8).bytes_init(), 0);
    /// ```
    fn bytes_init(&self) -> usize;
}

/// A buffer the kernel can write into while the ring owns it: what [`super::OwnedRing::read`] and
/// [`super::OwnedRing::recv`] take and their completion hands back ([`super::Cqe::take_buf`]),
/// as the same type, after [`IoBufMut::set_init`] with the byte count.
///
/// Implemented for `Vec<u8>` (filled up to its capacity; its length becomes the bytes read),
/// `Box<[u8]>` and `&'static mut [u8]` (filled up to their length, which stays).
///
/// # Safety
/// As for [`IoBuf`], and also: the kernel writes up to `bytes_total()` bytes from
/// `stable_mut_ptr()` until the operation completes, so that memory must be writable, owned
/// by the value alone (not read or written through anything else while the value is not
/// accessed), and must not move or be freed meanwhile.
///
/// ```
/// use uring_rs::api::IoBufMut;
///
/// let mut v: Vec<u8> = Vec::with_capacity(16);
/// assert!(v.bytes_total() >= 16);
/// ```
pub unsafe trait IoBufMut: IoBuf {
    /// Where the kernel writes.
    ///
    /// ```
    /// use uring_rs::api::IoBufMut;
    /// let mut b: Box<[u8]> = Box::new([0; 4]);
    /// assert_eq!(b.stable_mut_ptr(), b.as_mut_ptr());
    /// ```
    fn stable_mut_ptr(&mut self) -> *mut u8;

    /// How many bytes the kernel may write from [`IoBufMut::stable_mut_ptr`].
    ///
    /// ```
    /// use uring_rs::api::IoBufMut;
    /// let mut b: Box<[u8]> = Box::new([0; 4]);
    /// assert_eq!(b.bytes_total(), 4);
    /// ```
    fn bytes_total(&mut self) -> usize;

    /// The operation wrote the first `n` bytes (`n <= bytes_total()`).
    ///
    /// # Safety
    /// Those `n` bytes have been written.
    ///
    /// ```
    /// use uring_rs::api::IoBufMut;
    /// let mut v: Vec<u8> = Vec::with_capacity(4);
    /// unsafe {
    ///     v.stable_mut_ptr().write_bytes(7, 2);
    ///     v.set_init(2);
    /// }
    /// assert_eq!(v, [7, 7]);
    /// ```
    unsafe fn set_init(&mut self, n: usize);
}

/// `IoBuf` for types whose bytes are `as_ptr()`, `len()` of them initialized.
macro_rules! io_buf {
    ($($(#[$why:meta])* $ty:ty;)*) => {$(
        $(#[$why])*
        unsafe impl IoBuf for $ty {
            fn stable_ptr(&self) -> *const u8 {
                self.as_ptr()
            }

            fn bytes_init(&self) -> usize {
                self.len()
            }
        }
    )*};
}

/// `IoBufMut` for slices that are initialized already and keep their length.
macro_rules! io_buf_mut_slice {
    ($($(#[$why:meta])* $ty:ty;)*) => {$(
        $(#[$why])*
        unsafe impl IoBufMut for $ty {
            fn stable_mut_ptr(&mut self) -> *mut u8 {
                self.as_mut_ptr()
            }

            fn bytes_total(&mut self) -> usize {
                self.len()
            }

            /// Nothing: the slice was initialized already, and keeps its length.
            unsafe fn set_init(&mut self, _n: usize) {}
        }
    )*};
}

io_buf! {
    /// SAFETY: a Vec's elements live on the heap (or, with capacity 0, nowhere the kernel is
    /// told to go), which doesn't move when the Vec does; `len` bytes are initialized.
    Vec<u8>;
    /// SAFETY: the boxed slice lives on the heap; all of it is initialized.
    Box<[u8]>;
    /// SAFETY: a String's bytes live on the heap; `len` of them are initialized.
    String;
    /// SAFETY: 'static shared bytes never move, are never freed, and are never written.
    &'static [u8];
    /// SAFETY: as for &'static [u8].
    &'static str;
    /// SAFETY: 'static memory this exclusive reference alone reaches.
    &'static mut [u8];
}

io_buf_mut_slice! {
    /// SAFETY: the box owns the slice.
    Box<[u8]>;
    /// SAFETY: 'static memory this exclusive reference alone reaches.
    &'static mut [u8];
}

// SAFETY: as for its `IoBuf`; the whole capacity is the Vec's own memory.
unsafe impl IoBufMut for Vec<u8> {
    fn stable_mut_ptr(&mut self) -> *mut u8 {
        self.as_mut_ptr()
    }

    fn bytes_total(&mut self) -> usize {
        self.capacity()
    }

    /// The length becomes `n`: a read fills the Vec from its start.
    unsafe fn set_init(&mut self, n: usize) {
        // SAFETY: `n <= capacity` bytes written, per the contract.
        unsafe { self.set_len(n) }
    }
}

/// A kept value as three words: the value itself for the standard buffer types (made of
/// pointers and lengths), else the pointer to it, boxed. Pointer-typed, so that moving them
/// keeps the provenance of the pointers among them.
type Words = [*mut (); 3];

/// Whether a `B` is kept in the [`Words`] themselves: only types made of pointer-sized
/// fields, whose bytes are all initialized and so can be moved as words.
fn in_place<B: 'static>() -> bool {
    let t = TypeId::of::<B>();
    size_of::<B>() <= size_of::<Words>()
        && align_of::<B>() <= align_of::<Words>()
        && (t == TypeId::of::<Vec<u8>>()
            || t == TypeId::of::<String>()
            || t == TypeId::of::<Box<[u8]>>()
            || t == TypeId::of::<&'static [u8]>()
            || t == TypeId::of::<&'static str>()
            || t == TypeId::of::<&'static mut [u8]>())
}

/// What is needed of the type of a value behind [`Words`].
struct BufType {
    id: fn() -> TypeId,
    /// Drops the value the three words hold.
    drop: unsafe fn(*mut (), *mut (), *mut ()),
}

trait Erase: Send + Sized + 'static {
    const TYPE: BufType = BufType {
        id: TypeId::of::<Self>,
        drop: drop_stored::<Self>,
    };
}

impl<T: Send + 'static> Erase for T {}

/// A value of some type, kept by the ring while its operation is in flight and handed back
/// with the completion: an [`IoBuf`], or what another owned operation needs kept (a path, an
/// output struct); [`OwnedBuf::take`] gets the value back as its own type.
pub(crate) struct OwnedBuf {
    words: Words,
    ty: &'static BufType,
}

/// The `B` that `words` hold (put there by [`OwnedBuf::new`]).
///
/// # Safety
/// `words` hold a `B`.
unsafe fn stored<B: 'static>(words: &mut Words) -> *mut B {
    if in_place::<B>() {
        words.as_mut_ptr().cast::<B>()
    } else {
        words[0].cast::<B>()
    }
}

/// The `B` that `words` hold, moved out.
///
/// # Safety
/// `words` hold a `B`, not used afterwards.
unsafe fn read_stored<B: 'static>(mut words: Words) -> B {
    // SAFETY: per the contract.
    unsafe {
        let p = stored::<B>(&mut words);
        if in_place::<B>() {
            p.read()
        } else {
            *Box::from_raw(p)
        }
    }
}

/// # Safety
/// As [`read_stored`].
// By value, word by word (in registers): anything else would keep every completion that
// holds words in memory.
unsafe fn drop_stored<B: 'static>(a: *mut (), b: *mut (), c: *mut ()) {
    // SAFETY: per the contract.
    drop(unsafe { read_stored::<B>([a, b, c]) });
}

/// How the completion of an operation, with result `res`, updates the value kept for it, of
/// which the kernel was given `len` bytes: [`IoBufMut::set_init`] for a buffer the kernel
/// fills, nothing for one it reads; another owned operation records its result.
///
/// # Safety
/// The operation has completed with `res`, and the kernel is done with the value.
pub(crate) type Finish = unsafe fn(&mut OwnedBuf, res: i32, len: u32);

/// # Safety
/// `buf` holds a `B`, into which a read or receive given `len` bytes completed with `res`:
/// that count of bytes, never more than `len`, when not negative.
unsafe fn set_init_stored<B: IoBufMut>(buf: &mut OwnedBuf, res: i32, len: u32) {
    let n = u32::try_from(res).unwrap_or(0).min(len);
    // SAFETY: per the contract.
    unsafe { buf.get_mut::<B>().set_init(n as usize) }
}

/// Nothing to do at the completion.
pub(crate) fn untouched(_: &mut OwnedBuf, _: i32, _: u32) {}

impl OwnedBuf {
    /// Keep `value`: boxed, unless it is a standard buffer (whose memory is on the heap
    /// already, or `'static`), so that the memory of any other type stays where it is
    /// until the value is taken back.
    pub(crate) fn new<T: Send + 'static>(value: T) -> Self {
        let mut words: Words = [ptr::null_mut(); 3];
        if in_place::<T>() {
            // SAFETY: a `T` fits the words (checked by `in_place`).
            unsafe { words.as_mut_ptr().cast::<T>().write(value) };
        } else {
            words[0] = Box::into_raw(Box::new(value)).cast();
        }
        OwnedBuf {
            words,
            ty: &T::TYPE,
        }
    }

    /// The value kept.
    ///
    /// # Safety
    /// It is a `T`.
    pub(crate) unsafe fn get_mut<T: 'static>(&mut self) -> &mut T {
        // SAFETY: per the contract.
        unsafe { &mut *stored::<T>(&mut self.words) }
    }

    /// Keep `buf`, which the kernel will read: its pointer and length, and what its
    /// completion does to it.
    pub(crate) fn drained<B: IoBuf>(buf: B) -> (Self, *mut u8, usize, Finish) {
        let mut this = Self::new(buf);
        // SAFETY: it holds a `B`.
        let b = unsafe { this.get_mut::<B>() };
        let (ptr, len) = (b.stable_ptr().cast_mut(), b.bytes_init());
        (this, ptr, len, untouched)
    }

    /// Keep `buf`, which the kernel will fill: its pointer and room, and what its completion
    /// does to it.
    pub(crate) fn filled<B: IoBufMut>(buf: B) -> (Self, *mut u8, usize, Finish) {
        let mut this = Self::new(buf);
        // SAFETY: it holds a `B`.
        let b = unsafe { this.get_mut::<B>() };
        let (ptr, len) = (b.stable_mut_ptr(), b.bytes_total());
        (this, ptr, len, set_init_stored::<B>)
    }

    /// The value, if it is a `T`; else `self` back.
    pub(crate) fn take<T: 'static>(self) -> Result<T, Self> {
        if (self.ty.id)() != TypeId::of::<T>() {
            return Err(self);
        }
        let this = ManuallyDrop::new(self);
        // SAFETY: the words hold a `T`, moved out once: `this` is not dropped.
        Ok(unsafe { read_stored::<T>(this.words) })
    }
}

impl Drop for OwnedBuf {
    fn drop(&mut self) {
        let [a, b, c] = self.words;
        // SAFETY: `ty` is the stored value's type; dropped once.
        unsafe { (self.ty.drop)(a, b, c) }
    }
}

impl std::fmt::Debug for OwnedBuf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OwnedBuf")
    }
}

// SAFETY: it holds a value that is Send; shared access reaches none of it.
unsafe impl Send for OwnedBuf {}
// SAFETY: as above: `&OwnedBuf` exposes no method that touches the value.
unsafe impl Sync for OwnedBuf {}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts drops, and is larger than the room (so it is boxed).
    struct Big {
        data: Vec<u8>,
        drops: std::sync::Arc<std::sync::atomic::AtomicUsize>,
        _pad: [u64; 4],
    }

    impl Drop for Big {
        fn drop(&mut self) {
            self.drops
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
    }

    // SAFETY: the bytes are the Vec's heap memory.
    unsafe impl IoBuf for Big {
        fn stable_ptr(&self) -> *const u8 {
            self.data.as_ptr()
        }
        fn bytes_init(&self) -> usize {
            self.data.len()
        }
    }

    #[test]
    fn a_buffer_comes_back_as_its_own_type_only() {
        let (b, ptr, len, _) = OwnedBuf::drained(b"abc".to_vec().into_boxed_slice());
        assert_eq!(len, 3);
        let b = b.take::<Vec<u8>>().unwrap_err();
        let boxed: Box<[u8]> = b.take().unwrap();
        assert_eq!((boxed.as_ptr(), &*boxed), (ptr.cast_const(), &b"abc"[..]));
    }

    #[test]
    fn a_large_buffer_is_boxed_dropped_once_and_taken_back_whole() {
        let drops = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let big = || Big {
            data: vec![1, 2],
            drops: drops.clone(),
            _pad: [0; 4],
        };
        assert!(!in_place::<Big>());
        drop(OwnedBuf::drained(big()).0);
        assert_eq!(drops.load(std::sync::atomic::Ordering::Relaxed), 1);
        let back: Big = OwnedBuf::drained(big()).0.take().ok().unwrap();
        assert_eq!(back.data, [1, 2]);
        assert_eq!(drops.load(std::sync::atomic::Ordering::Relaxed), 1);
        drop(back);
        assert_eq!(drops.load(std::sync::atomic::Ordering::Relaxed), 2);
    }

    #[test]
    fn completion_sets_a_vec_length_and_leaves_a_box_alone() {
        let (mut v, ptr, cap, filled) = OwnedBuf::filled(Vec::<u8>::with_capacity(8));
        assert!(cap >= 8);
        // SAFETY: writing the room the buffer gave, then telling it.
        unsafe {
            ptr.write_bytes(9, 3);
            filled(&mut v, 3, cap as u32);
        }
        assert_eq!(v.take::<Vec<u8>>().unwrap(), [9, 9, 9]);
        let (mut b, _, len, filled) = OwnedBuf::filled(vec![0u8; 4].into_boxed_slice());
        // SAFETY: nothing written: an error.
        unsafe { filled(&mut b, -libc::EIO, len as u32) };
        assert_eq!((len, b.take::<Box<[u8]>>().unwrap().len()), (4, 4));
    }
}
