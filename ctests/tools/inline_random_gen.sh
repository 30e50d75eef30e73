#!/bin/bash
# Writes the per-function part of ctests/inline_random.c to stdout, from the prototypes of
# include/liburing/inline.h (one `static inline RET NAME(ARGS)` line per function, as
# build.rs writes them): for every inline function a case that draws its arguments, calls
# the inline function and the exported one on the same state, and compares.
#
#   bash ctests/tools/inline_random_gen.sh include/liburing/inline.h > inline_random_cases.h
#
# How an argument is drawn follows from its type:
#  - pointers to the state the helpers work on (the ring, SQE, CQE, CQE iterator, buffer ring,
#    recvmsg output, msghdr, cmsghdr, out-pointers) point into the shared state `S`, which
#    inline_random.c fills from the case's seed: gen_state_<type>(R, "name");
#  - any other pointer is only stored, never read (the prep helpers put it in the SQE): a
#    random address, gen_ptr(R);
#  - integers: gen_int(R, "name"), cast to the parameter's type (so every width is covered);
#    gen_int bounds the one integer that indexes caller-sized memory (buf_ring_add's mask).
# A new inline function is compared by this without an edit; a new kind of state pointer
# fails the build of inline_random.c naming the gen_state_ function it needs.
set -euo pipefail
src=${1:-include/liburing/inline.h}
awk '
function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
# "const struct io_uring_sqe *" -> "io_uring_sqe_p"
function key(t,   k) {
	k = t; gsub(/const /, "", k); gsub(/struct /, "", k); k = trim(k)
	gsub(/\*/, "p", k); gsub(/[^A-Za-z0-9_]+/, "_", k); gsub(/_+$/, "", k)
	return k
}
BEGIN {
	# the state types: pointed-to data the helpers read or write
	split("io_uring_p io_uring_sqe_p io_uring_cqe_p io_uring_cqe_pp io_uring_cqe_iter_p int_p " \
	      "io_uring_buf_ring_p io_uring_recvmsg_out_p msghdr_p cmsghdr_p", st, " ")
	for (i in st) state[st[i]] = 1
	n = 0
}
/^static inline / {
	line = $0; sub(/^static inline /, "", line)
	open = index(line, "(")
	head = substr(line, 1, open - 1); args = substr(line, open + 1); sub(/\)[ \t]*$/, "", args)
	# head is "RET NAME" or "RET *NAME"
	match(head, /[A-Za-z_][A-Za-z0-9_]*$/)
	name = substr(head, RSTART); ret = trim(substr(head, 1, RSTART - 1))
	names[++n] = name
	printf "static void case_%s(struct rnd *R)\n{\n", name
	na = 0; call = ""
	if (args != "void") {
		m = split(args, a, ",")
		for (i = 1; i <= m; i++) {
			arg = trim(a[i])
			match(arg, /[A-Za-z_][A-Za-z0-9_]*$/)
			an = substr(arg, RSTART); at = trim(substr(arg, 1, RSTART - 1))
			k = key(at)
			if (k in state)
				printf "\t%s %s = gen_state_%s(R, \"%s\");\n", at, an, k, an
			else if (at ~ /\*$/)
				printf "\t%s %s = (%s)gen_ptr(R);\n", at, an, at
			else
				printf "\t%s %s = (%s)gen_int(R, \"%s\");\n", at, an, at, an
			printf "\tnote_arg(\"%s\", (uint64_t)(uintptr_t)%s);\n", an, an
			call = call (i > 1 ? ", " : "") an
		}
	}
	printf "\t__typeof__(&%s) exported = (__typeof__(&%s))cur_exported;\n", name, name
	if (ret == "void") {
		printf "\t%s(%s);\n\tafter_inline();\n", name, call
		printf "\treplay_state();\n\texported(%s);\n", call
		printf "\tcompare_state(\"%s\", 0, 0);\n", name
	} else if (ret ~ /^struct / && ret !~ /\*$/) {
		printf "\t%s a = %s(%s);\n\tafter_inline();\n", ret, name, call
		printf "\treplay_state();\n\t%s b = exported(%s);\n", ret, call
		printf "\tcompare_state(\"%s\", memcmp(&a, &b, sizeof(a)) != 0, 0);\n", name
	} else {
		printf "\t%s a = %s(%s);\n\tafter_inline();\n", ret, name, call
		printf "\treplay_state();\n\t%s b = exported(%s);\n", ret, call
		printf "\tnote_ret((uint64_t)(uintptr_t)a, (uint64_t)(uintptr_t)b);\n"
		printf "\tcompare_state(\"%s\", a != b, 1);\n", name
	}
	printf "}\n\n"
}
END {
	if (n == 0) { print "no static inline functions in input" > "/dev/stderr"; exit 1 }
	printf "static const struct inline_case inline_cases[] = {\n"
	for (i = 1; i <= n; i++) printf "\t{ \"%s\", case_%s },\n", names[i], names[i]
	printf "};\n"
}' "$src"
