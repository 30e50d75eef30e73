//! Proof, as `compile_fail` doc tests, that each item which used to be safe and public but
//! could cause undefined behaviour (a `struct io_uring` method dereferencing the ring's
//! pointers, a function handing the kernel a raw pointer, a prep method whose effect the
//! borrow checker can't bound) now needs `unsafe` or is out of reach. Safe Rust uses
//! [`crate::api`]; the raw layer is the `unsafe extern "C"` functions. Compiled only by
//! `cargo test --doc`.

/// One unit struct per item, whose doc test must fail to compile with the given error:
/// E0133 (call needs `unsafe`), E0624 / E0603 (private), E0599 (gone).
macro_rules! must_not_compile {
    ($($name:ident: $err:ident $code:literal;)*) => {$(
        #[doc = concat!("```compile_fail,", stringify!($err), "\n", $code, "\n```")]
        pub struct $name;
    )*};
}

must_not_compile! {
    io_uring_buf_ring_head: E0624 "let _ = uring_rs::io_uring::buf_ring_head;";
    io_uring_clone_buffers_from: E0624 "let _ = uring_rs::io_uring::clone_buffers_from;";
    io_uring_close_ring_fd: E0624 "let _ = uring_rs::io_uring::close_ring_fd;";
    io_uring_cq_eventfd_enabled: E0624 "let _ = uring_rs::io_uring::cq_eventfd_enabled;";
    io_uring_cq_eventfd_toggle: E0624 "let _ = uring_rs::io_uring::cq_eventfd_toggle;";
    io_uring_cq_ready: E0624 "let _ = uring_rs::io_uring::cq_ready;";
    io_uring_cqe_seen: E0624 "let _ = uring_rs::io_uring::cqe_seen;";
    io_uring_dontfork: E0624 "let _ = uring_rs::io_uring::dontfork;";
    io_uring_enable_rings: E0624 "let _ = uring_rs::io_uring::enable_rings;";
    io_uring_exit: E0624 "let _ = uring_rs::io_uring::exit;";
    io_uring_free_buf_ring: E0624 "let _ = uring_rs::io_uring::free_buf_ring;";
    io_uring_get_cqe: E0624 "let _ = uring_rs::io_uring::get_cqe;";
    io_uring_get_events: E0624 "let _ = uring_rs::io_uring::get_events;";
    io_uring_get_probe: E0624 "let _ = uring_rs::io_uring::get_probe;";
    io_uring_get_sqe: E0624 "let _ = uring_rs::io_uring::get_sqe;";
    io_uring_init_params: E0624 "let _ = uring_rs::io_uring::init_params;";
    io_uring_peek_batch_cqe: E0624 "let _ = uring_rs::io_uring::peek_batch_cqe;";
    io_uring_peek_cqe: E0624 "let _ = uring_rs::io_uring::peek_cqe;";
    io_uring_peek_cqe_nr: E0624 "let _ = uring_rs::io_uring::peek_cqe_nr;";
    io_uring_register_bpf_filter: E0624 "let _ = uring_rs::io_uring::register_bpf_filter;";
    io_uring_register_buffers: E0624 "let _ = uring_rs::io_uring::register_buffers;";
    io_uring_register_buffers_sparse: E0624 "let _ = uring_rs::io_uring::register_buffers_sparse;";
    io_uring_register_buffers_tags: E0624 "let _ = uring_rs::io_uring::register_buffers_tags;";
    io_uring_register_buffers_update_tag: E0624 "let _ = uring_rs::io_uring::register_buffers_update_tag;";
    io_uring_register_clock: E0624 "let _ = uring_rs::io_uring::register_clock;";
    io_uring_register_eventfd: E0624 "let _ = uring_rs::io_uring::register_eventfd;";
    io_uring_register_file_alloc_range: E0624 "let _ = uring_rs::io_uring::register_file_alloc_range;";
    io_uring_register_files: E0624 "let _ = uring_rs::io_uring::register_files;";
    io_uring_register_files_sparse: E0624 "let _ = uring_rs::io_uring::register_files_sparse;";
    io_uring_register_files_tags: E0624 "let _ = uring_rs::io_uring::register_files_tags;";
    io_uring_register_files_update: E0624 "let _ = uring_rs::io_uring::register_files_update;";
    io_uring_register_files_update_tag: E0624 "let _ = uring_rs::io_uring::register_files_update_tag;";
    io_uring_register_ifq: E0624 "let _ = uring_rs::io_uring::register_ifq;";
    io_uring_register_iowq_aff: E0624 "let _ = uring_rs::io_uring::register_iowq_aff;";
    io_uring_register_iowq_max_workers: E0624 "let _ = uring_rs::io_uring::register_iowq_max_workers;";
    io_uring_register_napi: E0624 "let _ = uring_rs::io_uring::register_napi;";
    io_uring_register_personality: E0624 "let _ = uring_rs::io_uring::register_personality;";
    io_uring_register_probe: E0624 "let _ = uring_rs::io_uring::register_probe;";
    io_uring_register_region: E0624 "let _ = uring_rs::io_uring::register_region;";
    io_uring_register_restrictions: E0624 "let _ = uring_rs::io_uring::register_restrictions;";
    io_uring_register_ring_fd: E0624 "let _ = uring_rs::io_uring::register_ring_fd;";
    io_uring_register_sync_cancel: E0624 "let _ = uring_rs::io_uring::register_sync_cancel;";
    io_uring_register_zcrx_ctrl: E0624 "let _ = uring_rs::io_uring::register_zcrx_ctrl;";
    io_uring_resize: E0624 "let _ = uring_rs::io_uring::resize;";
    io_uring_set_iowait: E0624 "let _ = uring_rs::io_uring::set_iowait;";
    io_uring_setup_buf_ring: E0624 "let _ = uring_rs::io_uring::setup_buf_ring;";
    io_uring_sq_ready: E0624 "let _ = uring_rs::io_uring::sq_ready;";
    io_uring_sq_space_left: E0624 "let _ = uring_rs::io_uring::sq_space_left;";
    io_uring_submit: E0624 "let _ = uring_rs::io_uring::submit;";
    io_uring_submit_and_get_events: E0624 "let _ = uring_rs::io_uring::submit_and_get_events;";
    io_uring_submit_and_wait: E0624 "let _ = uring_rs::io_uring::submit_and_wait;";
    io_uring_submit_and_wait_reg: E0624 "let _ = uring_rs::io_uring::submit_and_wait_reg;";
    io_uring_submit_and_wait_timeout: E0624 "let _ = uring_rs::io_uring::submit_and_wait_timeout;";
    io_uring_unregister_buf_ring: E0624 "let _ = uring_rs::io_uring::unregister_buf_ring;";
    io_uring_unregister_buffers: E0624 "let _ = uring_rs::io_uring::unregister_buffers;";
    io_uring_unregister_eventfd: E0624 "let _ = uring_rs::io_uring::unregister_eventfd;";
    io_uring_unregister_files: E0624 "let _ = uring_rs::io_uring::unregister_files;";
    io_uring_unregister_iowq_aff: E0624 "let _ = uring_rs::io_uring::unregister_iowq_aff;";
    io_uring_unregister_napi: E0624 "let _ = uring_rs::io_uring::unregister_napi;";
    io_uring_unregister_personality: E0624 "let _ = uring_rs::io_uring::unregister_personality;";
    io_uring_unregister_ring_fd: E0624 "let _ = uring_rs::io_uring::unregister_ring_fd;";
    io_uring_wait_cqe: E0624 "let _ = uring_rs::io_uring::wait_cqe;";
    io_uring_wait_cqe_nr: E0624 "let _ = uring_rs::io_uring::wait_cqe_nr;";
    io_uring_wait_cqes: E0624 "let _ = uring_rs::io_uring::wait_cqes;";
    io_uring_wait_cqes_ext: E0624 "let _ = uring_rs::io_uring::wait_cqes_ext;";
    io_uring_cq_advance: E0599 "let _ = uring_rs::io_uring::cq_advance;";
    io_uring_cq_has_overflow: E0599 "let _ = uring_rs::io_uring::cq_has_overflow;";
    io_uring_cqe_iter: E0599 "let _ = uring_rs::io_uring::cqe_iter;";
    io_uring_sqring_wait: E0599 "let _ = uring_rs::io_uring::sqring_wait;";
    io_uring_cqe_iter_next_cqe: E0599 "let _ = uring_rs::io_uring_cqe_iter::next_cqe;";
    register_register_bpf_filter_task: E0603 "let _ = uring_rs::register::register_bpf_filter_task;";
    register_register_query: E0603 "let _ = uring_rs::register::register_query;";
    register_register_sync_msg: E0603 "let _ = uring_rs::register::register_sync_msg;";
    setup_mmap_rings: E0603 "let _ = uring_rs::setup::mmap_rings;";
    syscall_close: E0603 "let _ = uring_rs::syscall::close;";
    sqe_prep_uring_cmd: E0133 "fn f(sqe: uring_rs::api::Sqe<'_>) { sqe.prep_uring_cmd(0, 0); }";
    sqe_prep_msg_ring: E0133 "fn f(sqe: uring_rs::api::Sqe<'_>) { sqe.prep_msg_ring(3, 0, 7, 0); }";
    sqe_prep_msg_ring_cqe_flags: E0133 "fn f(sqe: uring_rs::api::Sqe<'_>) { sqe.prep_msg_ring_cqe_flags(3, 0, 7, 0, 0); }";
    sqe_prep_msg_ring_fd: E0133 "fn f(sqe: uring_rs::api::Sqe<'_>) { sqe.prep_msg_ring_fd(3, 0, 0, 7, 0); }";
    sqe_prep_msg_ring_fd_alloc: E0133 "fn f(sqe: uring_rs::api::Sqe<'_>) { sqe.prep_msg_ring_fd_alloc(3, 0, 7, 0); }";
}
