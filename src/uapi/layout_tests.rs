//! Checks the generated uapi types against liburing 2.15 itself:
//! `reference/liburing-2.15-layout.txt` (sizeof, alignof and the offset and
//! size of every field of every public struct, read off the real library) is
//! parsed at test time and each entry is compared with the Rust layout,
//! including fields reached through bindgen's anonymous unions/structs.

use super::*;
use core::mem::{align_of, offset_of, size_of};
use std::collections::BTreeMap;

/// Structs of the layout file that are liburing's own, not kernel ABI: they
/// are defined in Rust elsewhere (and checked there).
const LIBURING_ONLY: &[&str] = &[
    "io_uring",
    "io_uring_sq",
    "io_uring_cq",
    "io_uring_cqe_iter",
    "io_uring_zcrx_rq",
];

#[derive(Debug)]
struct RefStruct {
    size: usize,
    align: usize,
    /// field -> (offset, size); size `None` for a flexible array (`flex[]`)
    fields: Vec<(String, usize, Option<usize>)>,
}

fn parse_reference() -> BTreeMap<String, RefStruct> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/reference/liburing-2.15-layout.txt"
    );
    let text = std::fs::read_to_string(path).expect("read reference/liburing-2.15-layout.txt");
    let num = |s: &str, key: &str| -> usize {
        s.strip_prefix(key)
            .unwrap_or_else(|| panic!("expected {key} in {s:?}"))
            .parse()
            .unwrap_or_else(|_| panic!("bad number in {s:?}"))
    };
    let mut out = BTreeMap::new();
    let mut cur: Option<(String, RefStruct)> = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("struct ") {
            if let Some((name, st)) = cur.take() {
                out.insert(name, st);
            }
            let (name, attrs) = rest.split_once(':').expect("struct line");
            let mut it = attrs.split_whitespace();
            let size = num(it.next().unwrap(), "sizeof=");
            let align = num(it.next().unwrap(), "alignof=");
            cur = Some((
                name.trim().to_string(),
                RefStruct {
                    size,
                    align,
                    fields: Vec::new(),
                },
            ));
        } else if !line.trim().is_empty() {
            let mut it = line.split_whitespace();
            let field = it.next().unwrap().to_string();
            let offset = num(it.next().unwrap(), "offset=");
            let size = it.next().unwrap().strip_prefix("size=").unwrap();
            let size = if size == "flex[]" {
                None
            } else {
                Some(size.parse().unwrap())
            };
            cur.as_mut()
                .expect("field before struct")
                .1
                .fields
                .push((field, offset, size));
        }
    }
    if let Some((name, st)) = cur.take() {
        out.insert(name, st);
    }
    out
}

fn pointee_size<T>(_: *const T) -> usize {
    size_of::<T>()
}

/// (struct, field, offset, size) of a Rust field path.
macro_rules! f {
    ($t:ident, $name:literal, $($p:ident).+) => {{
        let u = core::mem::MaybeUninit::<$t>::uninit();
        let base = u.as_ptr();
        // SAFETY: only a place projection to a raw pointer, nothing is read.
        let fp = unsafe { &raw const (*base).$($p).+ };
        (stringify!($t), $name, offset_of!($t, $($p).+), pointee_size(fp))
    }};
}

macro_rules! s {
    ($t:ident) => {
        (stringify!($t), size_of::<$t>(), align_of::<$t>())
    };
}

fn rust_structs() -> Vec<(&'static str, usize, usize)> {
    vec![
        s!(io_uring_sqe),
        s!(io_uring_cqe),
        s!(io_uring_params),
        s!(io_sqring_offsets),
        s!(io_cqring_offsets),
        s!(io_uring_buf),
        s!(io_uring_buf_ring),
        s!(io_uring_buf_reg),
        s!(io_uring_buf_status),
        s!(io_uring_probe),
        s!(io_uring_probe_op),
        s!(io_uring_recvmsg_out),
        s!(io_uring_rsrc_register),
        s!(io_uring_rsrc_update),
        s!(io_uring_rsrc_update2),
        s!(io_uring_files_update),
        s!(io_uring_getevents_arg),
        s!(io_uring_sync_cancel_reg),
        s!(io_uring_file_index_range),
        s!(io_uring_restriction),
        s!(io_uring_task_restriction),
        s!(io_uring_napi),
        s!(io_uring_reg_wait),
        s!(io_uring_attr_pi),
        s!(io_uring_region_desc),
        s!(io_uring_mem_region_reg),
        s!(io_uring_clock_register),
        s!(io_uring_clone_buffers),
        s!(io_timespec),
        s!(io_uring_zcrx_rqe),
        s!(io_uring_zcrx_cqe),
        s!(io_uring_zcrx_offsets),
        s!(io_uring_zcrx_area_reg),
        s!(io_uring_zcrx_ifq_reg),
        s!(zcrx_ctrl_flush_rq),
        s!(zcrx_ctrl_export),
        s!(zcrx_ctrl),
        s!(io_uring_bpf_ctx),
        s!(io_uring_bpf_filter),
        s!(io_uring_bpf),
        s!(io_uring_query_hdr),
        s!(io_uring_query_opcode),
        s!(io_uring_query_zcrx),
        s!(io_uring_query_scq),
    ]
}

fn rust_fields() -> Vec<(&'static str, &'static str, usize, usize)> {
    vec![
        // struct io_uring_sqe
        f!(io_uring_sqe, "opcode", opcode),
        f!(io_uring_sqe, "flags", flags),
        f!(io_uring_sqe, "ioprio", ioprio),
        f!(io_uring_sqe, "fd", fd),
        f!(io_uring_sqe, "off", __bindgen_anon_1.off),
        f!(io_uring_sqe, "addr2", __bindgen_anon_1.addr2),
        f!(
            io_uring_sqe,
            "cmd_op",
            __bindgen_anon_1.__bindgen_anon_1.cmd_op
        ),
        f!(
            io_uring_sqe,
            "__pad1",
            __bindgen_anon_1.__bindgen_anon_1.__pad1
        ),
        f!(io_uring_sqe, "addr", __bindgen_anon_2.addr),
        f!(
            io_uring_sqe,
            "splice_off_in",
            __bindgen_anon_2.splice_off_in
        ),
        f!(
            io_uring_sqe,
            "level",
            __bindgen_anon_2.__bindgen_anon_1.level
        ),
        f!(
            io_uring_sqe,
            "optname",
            __bindgen_anon_2.__bindgen_anon_1.optname
        ),
        f!(io_uring_sqe, "len", len),
        f!(io_uring_sqe, "rw_flags", __bindgen_anon_3.rw_flags),
        f!(io_uring_sqe, "fsync_flags", __bindgen_anon_3.fsync_flags),
        f!(io_uring_sqe, "poll_events", __bindgen_anon_3.poll_events),
        f!(
            io_uring_sqe,
            "poll32_events",
            __bindgen_anon_3.poll32_events
        ),
        f!(
            io_uring_sqe,
            "sync_range_flags",
            __bindgen_anon_3.sync_range_flags
        ),
        f!(io_uring_sqe, "msg_flags", __bindgen_anon_3.msg_flags),
        f!(
            io_uring_sqe,
            "timeout_flags",
            __bindgen_anon_3.timeout_flags
        ),
        f!(io_uring_sqe, "accept_flags", __bindgen_anon_3.accept_flags),
        f!(io_uring_sqe, "cancel_flags", __bindgen_anon_3.cancel_flags),
        f!(io_uring_sqe, "open_flags", __bindgen_anon_3.open_flags),
        f!(io_uring_sqe, "statx_flags", __bindgen_anon_3.statx_flags),
        f!(
            io_uring_sqe,
            "fadvise_advice",
            __bindgen_anon_3.fadvise_advice
        ),
        f!(io_uring_sqe, "splice_flags", __bindgen_anon_3.splice_flags),
        f!(io_uring_sqe, "rename_flags", __bindgen_anon_3.rename_flags),
        f!(io_uring_sqe, "unlink_flags", __bindgen_anon_3.unlink_flags),
        f!(
            io_uring_sqe,
            "hardlink_flags",
            __bindgen_anon_3.hardlink_flags
        ),
        f!(io_uring_sqe, "xattr_flags", __bindgen_anon_3.xattr_flags),
        f!(
            io_uring_sqe,
            "msg_ring_flags",
            __bindgen_anon_3.msg_ring_flags
        ),
        f!(
            io_uring_sqe,
            "uring_cmd_flags",
            __bindgen_anon_3.uring_cmd_flags
        ),
        f!(io_uring_sqe, "waitid_flags", __bindgen_anon_3.waitid_flags),
        f!(io_uring_sqe, "futex_flags", __bindgen_anon_3.futex_flags),
        f!(
            io_uring_sqe,
            "install_fd_flags",
            __bindgen_anon_3.install_fd_flags
        ),
        f!(io_uring_sqe, "nop_flags", __bindgen_anon_3.nop_flags),
        f!(io_uring_sqe, "pipe_flags", __bindgen_anon_3.pipe_flags),
        f!(io_uring_sqe, "user_data", user_data),
        f!(io_uring_sqe, "buf_index", __bindgen_anon_4.buf_index),
        f!(io_uring_sqe, "buf_group", __bindgen_anon_4.buf_group),
        f!(io_uring_sqe, "personality", personality),
        f!(io_uring_sqe, "splice_fd_in", __bindgen_anon_5.splice_fd_in),
        f!(io_uring_sqe, "file_index", __bindgen_anon_5.file_index),
        f!(io_uring_sqe, "zcrx_ifq_idx", __bindgen_anon_5.zcrx_ifq_idx),
        f!(io_uring_sqe, "optlen", __bindgen_anon_5.optlen),
        f!(
            io_uring_sqe,
            "addr_len",
            __bindgen_anon_5.__bindgen_anon_1.addr_len
        ),
        f!(
            io_uring_sqe,
            "__pad3",
            __bindgen_anon_5.__bindgen_anon_1.__pad3
        ),
        f!(
            io_uring_sqe,
            "write_stream",
            __bindgen_anon_5.__bindgen_anon_2.write_stream
        ),
        f!(
            io_uring_sqe,
            "__pad4",
            __bindgen_anon_5.__bindgen_anon_2.__pad4
        ),
        f!(
            io_uring_sqe,
            "addr3",
            __bindgen_anon_6.__bindgen_anon_1.addr3
        ),
        f!(
            io_uring_sqe,
            "__pad2",
            __bindgen_anon_6.__bindgen_anon_1.__pad2
        ),
        f!(
            io_uring_sqe,
            "attr_ptr",
            __bindgen_anon_6.__bindgen_anon_2.attr_ptr
        ),
        f!(
            io_uring_sqe,
            "attr_type_mask",
            __bindgen_anon_6.__bindgen_anon_2.attr_type_mask
        ),
        f!(io_uring_sqe, "optval", __bindgen_anon_6.optval),
        // `cmd[0]` is hidden from bindgen; its accessor gives the offset
        ("io_uring_sqe", "cmd", io_uring_sqe::CMD_OFFSET, 0),
        // struct io_uring_cqe
        f!(io_uring_cqe, "user_data", user_data),
        f!(io_uring_cqe, "res", res),
        f!(io_uring_cqe, "flags", flags),
        f!(io_uring_cqe, "big_cqe", big_cqe),
        // struct io_uring_params
        f!(io_uring_params, "sq_entries", sq_entries),
        f!(io_uring_params, "cq_entries", cq_entries),
        f!(io_uring_params, "flags", flags),
        f!(io_uring_params, "sq_thread_cpu", sq_thread_cpu),
        f!(io_uring_params, "sq_thread_idle", sq_thread_idle),
        f!(io_uring_params, "features", features),
        f!(io_uring_params, "wq_fd", wq_fd),
        f!(io_uring_params, "resv", resv),
        f!(io_uring_params, "sq_off", sq_off),
        f!(io_uring_params, "cq_off", cq_off),
        // struct io_sqring_offsets
        f!(io_sqring_offsets, "head", head),
        f!(io_sqring_offsets, "tail", tail),
        f!(io_sqring_offsets, "ring_mask", ring_mask),
        f!(io_sqring_offsets, "ring_entries", ring_entries),
        f!(io_sqring_offsets, "flags", flags),
        f!(io_sqring_offsets, "dropped", dropped),
        f!(io_sqring_offsets, "array", array),
        f!(io_sqring_offsets, "resv1", resv1),
        f!(io_sqring_offsets, "user_addr", user_addr),
        // struct io_cqring_offsets
        f!(io_cqring_offsets, "head", head),
        f!(io_cqring_offsets, "tail", tail),
        f!(io_cqring_offsets, "ring_mask", ring_mask),
        f!(io_cqring_offsets, "ring_entries", ring_entries),
        f!(io_cqring_offsets, "overflow", overflow),
        f!(io_cqring_offsets, "cqes", cqes),
        f!(io_cqring_offsets, "flags", flags),
        f!(io_cqring_offsets, "resv1", resv1),
        f!(io_cqring_offsets, "user_addr", user_addr),
        // struct io_uring_buf
        f!(io_uring_buf, "addr", addr),
        f!(io_uring_buf, "len", len),
        f!(io_uring_buf, "bid", bid),
        f!(io_uring_buf, "resv", resv),
        // struct io_uring_buf_ring
        f!(
            io_uring_buf_ring,
            "resv1",
            __bindgen_anon_1.__bindgen_anon_1.resv1
        ),
        f!(
            io_uring_buf_ring,
            "resv2",
            __bindgen_anon_1.__bindgen_anon_1.resv2
        ),
        f!(
            io_uring_buf_ring,
            "resv3",
            __bindgen_anon_1.__bindgen_anon_1.resv3
        ),
        f!(
            io_uring_buf_ring,
            "tail",
            __bindgen_anon_1.__bindgen_anon_1.tail
        ),
        // `bufs[0]` is hidden from bindgen; its accessor gives the offset
        (
            "io_uring_buf_ring",
            "bufs",
            io_uring_buf_ring::bufs_ptr(core::ptr::null_mut::<io_uring_buf_ring>().wrapping_add(1))
                as usize
                - core::ptr::null_mut::<io_uring_buf_ring>().wrapping_add(1) as usize,
            0,
        ),
        // struct io_uring_buf_reg
        f!(io_uring_buf_reg, "ring_addr", ring_addr),
        f!(io_uring_buf_reg, "ring_entries", ring_entries),
        f!(io_uring_buf_reg, "bgid", bgid),
        f!(io_uring_buf_reg, "flags", flags),
        f!(io_uring_buf_reg, "min_left", min_left),
        f!(io_uring_buf_reg, "resv", resv),
        // struct io_uring_buf_status
        f!(io_uring_buf_status, "buf_group", buf_group),
        f!(io_uring_buf_status, "head", head),
        f!(io_uring_buf_status, "resv", resv),
        // struct io_uring_probe, io_uring_probe_op
        f!(io_uring_probe, "last_op", last_op),
        f!(io_uring_probe, "ops_len", ops_len),
        f!(io_uring_probe, "resv", resv),
        f!(io_uring_probe, "resv2", resv2),
        f!(io_uring_probe, "ops", ops),
        f!(io_uring_probe_op, "op", op),
        f!(io_uring_probe_op, "resv", resv),
        f!(io_uring_probe_op, "flags", flags),
        f!(io_uring_probe_op, "resv2", resv2),
        // struct io_uring_recvmsg_out
        f!(io_uring_recvmsg_out, "namelen", namelen),
        f!(io_uring_recvmsg_out, "controllen", controllen),
        f!(io_uring_recvmsg_out, "payloadlen", payloadlen),
        f!(io_uring_recvmsg_out, "flags", flags),
        // resource registration
        f!(io_uring_rsrc_register, "nr", nr),
        f!(io_uring_rsrc_register, "flags", flags),
        f!(io_uring_rsrc_register, "resv2", resv2),
        f!(io_uring_rsrc_register, "data", data),
        f!(io_uring_rsrc_register, "tags", tags),
        f!(io_uring_rsrc_update, "offset", offset),
        f!(io_uring_rsrc_update, "resv", resv),
        f!(io_uring_rsrc_update, "data", data),
        f!(io_uring_rsrc_update2, "offset", offset),
        f!(io_uring_rsrc_update2, "resv", resv),
        f!(io_uring_rsrc_update2, "data", data),
        f!(io_uring_rsrc_update2, "tags", tags),
        f!(io_uring_rsrc_update2, "nr", nr),
        f!(io_uring_rsrc_update2, "resv2", resv2),
        f!(io_uring_files_update, "offset", offset),
        f!(io_uring_files_update, "resv", resv),
        f!(io_uring_files_update, "fds", fds),
        // struct io_uring_getevents_arg
        f!(io_uring_getevents_arg, "sigmask", sigmask),
        f!(io_uring_getevents_arg, "sigmask_sz", sigmask_sz),
        f!(io_uring_getevents_arg, "min_wait_usec", min_wait_usec),
        f!(io_uring_getevents_arg, "ts", ts),
        // struct io_uring_sync_cancel_reg
        f!(io_uring_sync_cancel_reg, "addr", addr),
        f!(io_uring_sync_cancel_reg, "fd", fd),
        f!(io_uring_sync_cancel_reg, "flags", flags),
        f!(io_uring_sync_cancel_reg, "timeout", timeout),
        f!(io_uring_sync_cancel_reg, "opcode", opcode),
        f!(io_uring_sync_cancel_reg, "pad", pad),
        f!(io_uring_sync_cancel_reg, "pad2", pad2),
        // struct io_uring_file_index_range
        f!(io_uring_file_index_range, "off", off),
        f!(io_uring_file_index_range, "len", len),
        f!(io_uring_file_index_range, "resv", resv),
        // restrictions
        f!(io_uring_restriction, "opcode", opcode),
        f!(
            io_uring_restriction,
            "register_op",
            __bindgen_anon_1.register_op
        ),
        f!(io_uring_restriction, "sqe_op", __bindgen_anon_1.sqe_op),
        f!(
            io_uring_restriction,
            "sqe_flags",
            __bindgen_anon_1.sqe_flags
        ),
        f!(io_uring_restriction, "resv", resv),
        f!(io_uring_restriction, "resv2", resv2),
        f!(io_uring_task_restriction, "flags", flags),
        f!(io_uring_task_restriction, "nr_res", nr_res),
        f!(io_uring_task_restriction, "resv", resv),
        f!(io_uring_task_restriction, "restrictions", restrictions),
        // struct io_uring_napi
        f!(io_uring_napi, "busy_poll_to", busy_poll_to),
        f!(io_uring_napi, "prefer_busy_poll", prefer_busy_poll),
        f!(io_uring_napi, "pad", pad),
        f!(io_uring_napi, "resv", resv),
        // struct io_uring_reg_wait
        f!(io_uring_reg_wait, "ts", ts),
        f!(io_uring_reg_wait, "min_wait_usec", min_wait_usec),
        f!(io_uring_reg_wait, "flags", flags),
        f!(io_uring_reg_wait, "sigmask", sigmask),
        f!(io_uring_reg_wait, "sigmask_sz", sigmask_sz),
        f!(io_uring_reg_wait, "pad", pad),
        f!(io_uring_reg_wait, "pad2", pad2),
        // struct io_uring_attr_pi
        f!(io_uring_attr_pi, "flags", flags),
        f!(io_uring_attr_pi, "app_tag", app_tag),
        f!(io_uring_attr_pi, "len", len),
        f!(io_uring_attr_pi, "addr", addr),
        f!(io_uring_attr_pi, "seed", seed),
        f!(io_uring_attr_pi, "rsvd", rsvd),
        // memory regions
        f!(io_uring_region_desc, "user_addr", user_addr),
        f!(io_uring_region_desc, "size", size),
        f!(io_uring_region_desc, "flags", flags),
        f!(io_uring_region_desc, "id", id),
        f!(io_uring_region_desc, "mmap_offset", mmap_offset),
        f!(io_uring_region_desc, "__resv", __resv),
        f!(io_uring_mem_region_reg, "region_uptr", region_uptr),
        f!(io_uring_mem_region_reg, "flags", flags),
        f!(io_uring_mem_region_reg, "__resv", __resv),
        // clock, clone buffers, io_timespec
        f!(io_uring_clock_register, "clockid", clockid),
        f!(io_uring_clock_register, "__resv", __resv),
        f!(io_uring_clone_buffers, "src_fd", src_fd),
        f!(io_uring_clone_buffers, "flags", flags),
        f!(io_uring_clone_buffers, "src_off", src_off),
        f!(io_uring_clone_buffers, "dst_off", dst_off),
        f!(io_uring_clone_buffers, "nr", nr),
        f!(io_uring_clone_buffers, "pad", pad),
        f!(io_timespec, "tv_sec", tv_sec),
        f!(io_timespec, "tv_nsec", tv_nsec),
        // zcrx
        f!(io_uring_zcrx_rqe, "off", off),
        f!(io_uring_zcrx_rqe, "len", len),
        f!(io_uring_zcrx_rqe, "__pad", __pad),
        f!(io_uring_zcrx_cqe, "off", off),
        f!(io_uring_zcrx_cqe, "__pad", __pad),
        f!(io_uring_zcrx_offsets, "head", head),
        f!(io_uring_zcrx_offsets, "tail", tail),
        f!(io_uring_zcrx_offsets, "rqes", rqes),
        f!(io_uring_zcrx_offsets, "__resv2", __resv2),
        f!(io_uring_zcrx_offsets, "__resv", __resv),
        f!(io_uring_zcrx_area_reg, "addr", addr),
        f!(io_uring_zcrx_area_reg, "len", len),
        f!(io_uring_zcrx_area_reg, "rq_area_token", rq_area_token),
        f!(io_uring_zcrx_area_reg, "flags", flags),
        f!(io_uring_zcrx_area_reg, "dmabuf_fd", dmabuf_fd),
        f!(io_uring_zcrx_area_reg, "__resv2", __resv2),
        f!(io_uring_zcrx_ifq_reg, "if_idx", if_idx),
        f!(io_uring_zcrx_ifq_reg, "if_rxq", if_rxq),
        f!(io_uring_zcrx_ifq_reg, "rq_entries", rq_entries),
        f!(io_uring_zcrx_ifq_reg, "flags", flags),
        f!(io_uring_zcrx_ifq_reg, "area_ptr", area_ptr),
        f!(io_uring_zcrx_ifq_reg, "region_ptr", region_ptr),
        f!(io_uring_zcrx_ifq_reg, "offsets", offsets),
        f!(io_uring_zcrx_ifq_reg, "zcrx_id", zcrx_id),
        f!(io_uring_zcrx_ifq_reg, "rx_buf_len", rx_buf_len),
        f!(io_uring_zcrx_ifq_reg, "__resv", __resv),
        f!(zcrx_ctrl_flush_rq, "__resv", __resv),
        f!(zcrx_ctrl_export, "zcrx_fd", zcrx_fd),
        f!(zcrx_ctrl_export, "__resv1", __resv1),
        f!(zcrx_ctrl, "zcrx_id", zcrx_id),
        f!(zcrx_ctrl, "op", op),
        f!(zcrx_ctrl, "__resv", __resv),
        f!(zcrx_ctrl, "zc_export", __bindgen_anon_1.zc_export),
        f!(zcrx_ctrl, "zc_flush", __bindgen_anon_1.zc_flush),
        // bpf filters
        f!(io_uring_bpf_ctx, "user_data", user_data),
        f!(io_uring_bpf_ctx, "opcode", opcode),
        f!(io_uring_bpf_ctx, "sqe_flags", sqe_flags),
        f!(io_uring_bpf_ctx, "pdu_size", pdu_size),
        f!(io_uring_bpf_ctx, "pad", pad),
        f!(io_uring_bpf_ctx, "socket", __bindgen_anon_1.socket),
        f!(
            io_uring_bpf_ctx,
            "socket.family",
            __bindgen_anon_1.socket.family
        ),
        f!(
            io_uring_bpf_ctx,
            "socket.type",
            __bindgen_anon_1.socket.type_
        ),
        f!(
            io_uring_bpf_ctx,
            "socket.protocol",
            __bindgen_anon_1.socket.protocol
        ),
        f!(io_uring_bpf_ctx, "open", __bindgen_anon_1.open),
        f!(io_uring_bpf_ctx, "open.flags", __bindgen_anon_1.open.flags),
        f!(io_uring_bpf_ctx, "open.mode", __bindgen_anon_1.open.mode),
        f!(
            io_uring_bpf_ctx,
            "open.resolve",
            __bindgen_anon_1.open.resolve
        ),
        f!(io_uring_bpf_filter, "opcode", opcode),
        f!(io_uring_bpf_filter, "flags", flags),
        f!(io_uring_bpf_filter, "filter_len", filter_len),
        f!(io_uring_bpf_filter, "pdu_size", pdu_size),
        f!(io_uring_bpf_filter, "resv", resv),
        f!(io_uring_bpf_filter, "filter_ptr", filter_ptr),
        f!(io_uring_bpf_filter, "resv2", resv2),
        f!(io_uring_bpf, "cmd_type", cmd_type),
        f!(io_uring_bpf, "cmd_flags", cmd_flags),
        f!(io_uring_bpf, "resv", resv),
        f!(io_uring_bpf, "filter", __bindgen_anon_1.filter),
        // query
        f!(io_uring_query_hdr, "next_entry", next_entry),
        f!(io_uring_query_hdr, "query_data", query_data),
        f!(io_uring_query_hdr, "query_op", query_op),
        f!(io_uring_query_hdr, "size", size),
        f!(io_uring_query_hdr, "result", result),
        f!(io_uring_query_hdr, "__resv", __resv),
        f!(
            io_uring_query_opcode,
            "nr_request_opcodes",
            nr_request_opcodes
        ),
        f!(
            io_uring_query_opcode,
            "nr_register_opcodes",
            nr_register_opcodes
        ),
        f!(io_uring_query_opcode, "feature_flags", feature_flags),
        f!(io_uring_query_opcode, "ring_setup_flags", ring_setup_flags),
        f!(io_uring_query_opcode, "enter_flags", enter_flags),
        f!(io_uring_query_opcode, "sqe_flags", sqe_flags),
        f!(io_uring_query_opcode, "nr_query_opcodes", nr_query_opcodes),
        f!(io_uring_query_opcode, "__pad", __pad),
        f!(io_uring_query_zcrx, "register_flags", register_flags),
        f!(io_uring_query_zcrx, "area_flags", area_flags),
        f!(io_uring_query_zcrx, "nr_ctrl_opcodes", nr_ctrl_opcodes),
        f!(io_uring_query_zcrx, "features", features),
        f!(io_uring_query_zcrx, "rq_hdr_size", rq_hdr_size),
        f!(io_uring_query_zcrx, "rq_hdr_alignment", rq_hdr_alignment),
        f!(io_uring_query_zcrx, "__resv2", __resv2),
        f!(io_uring_query_scq, "hdr_size", hdr_size),
        f!(io_uring_query_scq, "hdr_alignment", hdr_alignment),
    ]
}

#[test]
fn struct_sizes_match_liburing() {
    let reference = parse_reference();
    let structs = rust_structs();
    let mut errors = Vec::new();
    for (name, r) in &reference {
        if LIBURING_ONLY.contains(&name.as_str()) {
            continue;
        }
        match structs.iter().find(|(n, ..)| n == name) {
            None => errors.push(format!(
                "struct {name}: not checked (add it to rust_structs)"
            )),
            Some(&(_, size, align)) => {
                if (size, align) != (r.size, r.align) {
                    errors.push(format!(
                        "struct {name}: sizeof/alignof {size}/{align}, liburing {}/{}",
                        r.size, r.align
                    ));
                }
            }
        }
    }
    for (name, ..) in &structs {
        if !reference.contains_key(*name) {
            errors.push(format!("struct {name}: not in the layout file"));
        }
    }
    assert!(
        errors.is_empty(),
        "layout mismatches:\n{}",
        errors.join("\n")
    );
}

#[test]
fn field_offsets_match_liburing() {
    let reference = parse_reference();
    let fields = rust_fields();
    let mut errors = Vec::new();
    let mut checked = 0;
    for (name, r) in &reference {
        if LIBURING_ONLY.contains(&name.as_str()) {
            continue;
        }
        for (field, offset, size) in &r.fields {
            let Some(&(_, _, roff, rsize)) =
                fields.iter().find(|(s, f, ..)| s == name && f == field)
            else {
                errors.push(format!(
                    "{name}.{field}: not checked (add it to rust_fields)"
                ));
                continue;
            };
            checked += 1;
            if roff != *offset {
                errors.push(format!("{name}.{field}: offset {roff}, liburing {offset}"));
            }
            // a flexible array member occupies no bytes
            let want = size.unwrap_or(0);
            if rsize != want {
                errors.push(format!("{name}.{field}: size {rsize}, liburing {want}"));
            }
        }
    }
    assert!(
        errors.is_empty(),
        "layout mismatches:\n{}",
        errors.join("\n")
    );
    assert!(
        checked >= 270,
        "only {checked} fields checked: reference file not parsed?"
    );
}

#[test]
fn key_constants() {
    assert_eq!(IORING_OP_PIPE, 62);
    assert_eq!(IORING_OP_LAST, 65);
    assert_eq!(IORING_REGISTER_LAST, 38);
    assert_eq!(IORING_REGISTER_USE_REGISTERED_RING, 1 << 31);
    assert_eq!(IORING_FILE_INDEX_ALLOC, u32::MAX);
    assert_eq!(IORING_REGISTER_FILES_SKIP, -2);
    assert_eq!(IORING_OFF_PBUF_RING, 0x8000_0000u64);
    assert_eq!(
        IORING_ZCRX_AREA_MASK,
        !((1u64 << IORING_ZCRX_AREA_SHIFT) - 1)
    );
    assert_eq!(IOSQE_CQE_SKIP_SUCCESS, 1 << IOSQE_CQE_SKIP_SUCCESS_BIT);
    assert_eq!(IORING_SETUP_NO_SQARRAY, 1 << 16);
    assert_eq!(IORING_CQE_F_TSTAMP_HW, 1 << 16);
    assert_eq!(core::mem::size_of::<__kernel_timespec>(), 16);
    assert_eq!(core::mem::size_of::<open_how>(), 24);
}
