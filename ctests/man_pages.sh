#!/bin/bash
# The manual pages build.rs writes (target/clib/man, from the doc comments; build/man.rs):
#   - every function liburing.h declares (include/liburing.h and the inline definitions of
#     include/liburing/inline.h), and every function of liburing 2.15 (reference/: its exports
#     and its inline functions), has a section-3 page or a `.so` link to one;
#   - each page has NAME (with a summary), SYNOPSIS with the prototypes as the header declares
#     them, DESCRIPTION, RETURN VALUE, ERRORS and SEE ALSO; a `.so` link points at a page;
#   - `mandoc -T lint -W warning` and `groff -man -ww -z` find nothing to say about any page.
# ctest-timeout: 300
set -u
cd "$(dirname "$0")/.." || exit 1
man=target/clib/man
skip() { echo "skip: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }
[ -d $man/man3 ] || fail "$man/man3 missing (make lib)"
command -v mandoc >/dev/null || skip "mandoc not installed (bash .ci/deps)"
command -v groff >/dev/null || skip "groff not installed (bash .ci/deps)"
tmp=$(mktemp -d "${TEST_TMPDIR:-/tmp}/man-pages.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

# declared: a prototype at the start of a line of liburing.h, a definition in inline.h
{ grep -E '^[a-z_].*\b[a-z_0-9]+\(.*\);$' include/liburing.h
  grep -E '^static inline ' include/liburing/inline.h; } |
	sed -E 's/\(.*//; s/.*[ *]//' | sort -u > "$tmp/declared"
{ cut -f3 reference/liburing-2.15-exports.tsv; cut -f1 reference/liburing-2.15-inline.tsv; } |
	sort -u > "$tmp/reference"
[ -s "$tmp/declared" ] || fail "found no declarations in include/liburing.h"
missing=0
for n in $(sort -u "$tmp/declared" "$tmp/reference"); do
	[ -f $man/man3/$n.3 ] || { echo "no page: $n"; missing=$((missing + 1)); }
done
[ $missing -eq 0 ] || fail "$missing declared names have no page"
pages=0 links=0
: > "$tmp/pages"
for p in $man/man3/*.3; do
	if head -n1 "$p" | grep -q '^\.so '; then
		target=$man/$(sed -n '1s/^\.so //p' "$p")
		[ -f "$target" ] || fail "$p: .so target $target missing"
		links=$((links + 1))
		continue
	fi
	pages=$((pages + 1))
	echo "$p" >> "$tmp/pages"
	for s in NAME SYNOPSIS DESCRIPTION '"RETURN VALUE"' ERRORS '"SEE ALSO"'; do
		grep -qx ".SH $s" "$p" || fail "$p: no section $s"
	done
	awk '/^\.SH DESCRIPTION$/ { getline; if ($0 ~ /^\.SH /) exit 1 }' "$p" || fail "$p: empty DESCRIPTION"
	# build/man.rs writes this NAME when the doc comment has no summary after `liburing: \`x(3)\`:`
	grep -q '^[a-z_0-9, ]* \\- the liburing function ' "$p" && fail "$p: no summary for NAME"
done
echo "$(wc -l < "$tmp/declared") declared names, $(wc -l < "$tmp/reference") in reference/: all have a page"
echo "$pages pages, $links .so links, plus $(ls $man/man7 | wc -l) in section 7 and $(ls $man/man1 | wc -l) in section 1"

# the SYNOPSIS prototypes are the header's: compare the bold/italic text with the declaration
n=io_uring_prep_read
proto=$(grep -E "^static inline void $n\(" include/liburing/inline.h | sed 's/^static inline //')
synopsis=$(sed -n "/^\\\\fBvoid $n(/,/);/p" $man/man3/$n.3 | sed 's/\\f[BIR]//g; s/\\-/-/g' | tr -s ' \n' ' ' | sed 's/ $//; s/( /(/')
[ "$synopsis" = "$proto;" ] || fail "SYNOPSIS of $n: '$synopsis', header: '$proto'"

# the pages themselves (a `.so` link is a one-line file checked above)
ls $man/man7/*.7 $man/man1/*.1 >> "$tmp/pages"
xargs mandoc -T lint -W warning < "$tmp/pages" > "$tmp/mandoc" 2>&1
[ ! -s "$tmp/mandoc" ] || { head -n 20 "$tmp/mandoc"; fail "mandoc -T lint: $(wc -l < "$tmp/mandoc") messages"; }
echo "mandoc -T lint -W warning: clean"
while read -r p; do groff -man -ww -z "$p"; done < "$tmp/pages" > "$tmp/groff" 2>&1
[ ! -s "$tmp/groff" ] || { head -n 20 "$tmp/groff"; fail "groff -man -ww: $(wc -l < "$tmp/groff") warnings"; }
echo "groff -man -ww -z: clean"
