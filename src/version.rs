//! The library version (liburing's `version.c`): uring-rs implements liburing 2.15.

use core::ffi::c_int;

/// The liburing version whose API this library implements: major ...
/// c: define
pub const IO_URING_VERSION_MAJOR: c_int = 2;
/// ... and minor.
/// c: define
pub const IO_URING_VERSION_MINOR: c_int = 15;

/// liburing: `io_uring_major_version(3)`: the library's major version.
///
/// `io_uring_major_version()` and `io_uring_minor_version()` return the version of liburing's
/// API this library implements: 2 and 15. `io_uring_check_version()` compares it with
/// `major`.`minor`, as the macro IO_URING_CHECK_VERSION does with the header's version
/// (IO_URING_VERSION_MAJOR, IO_URING_VERSION_MINOR).
///
/// # Return value
/// `io_uring_check_version()`: true when this library is older than `major`.`minor`, false when
/// it is that version or newer (the sense is liburing's).
///
/// # Errors
/// None.
#[unsafe(no_mangle)]
pub extern "C" fn io_uring_major_version() -> c_int {
    IO_URING_VERSION_MAJOR
}

/// liburing: `io_uring_minor_version(3)`: the library's minor version.
/// man: io_uring_major_version
#[unsafe(no_mangle)]
pub extern "C" fn io_uring_minor_version() -> c_int {
    IO_URING_VERSION_MINOR
}

/// liburing: `io_uring_check_version(3)`: whether the library is older than a version.
/// man: io_uring_major_version
#[unsafe(no_mangle)]
pub extern "C" fn io_uring_check_version(major: c_int, minor: c_int) -> bool {
    major > IO_URING_VERSION_MAJOR
        || (major == IO_URING_VERSION_MAJOR && minor > IO_URING_VERSION_MINOR)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_version_is_true_only_for_newer_requests() {
        assert!(!io_uring_check_version(2, 15));
        assert!(!io_uring_check_version(2, 3));
        assert!(!io_uring_check_version(1, 99));
        assert!(io_uring_check_version(2, 16));
        assert!(io_uring_check_version(3, 0));
    }
}
