#!/bin/bash
# The dynamic symbol table of each drop-in library equals its version script: the same names at
# the same version nodes, nothing extra (no Rust internals), the node chain of liburing 2.15
# (empty nodes included, each inheriting from the previous one), the right soname, and no
# undefined symbols. Lists the missing symbols and whether the Rust staticlib defines them yet.
set -u
cd "$(dirname "$0")/.." || exit 1
DROPIN=${DROPIN_DIR:-target/dropin} MAPS=${DROPIN_MAPS:-dropin}
STATIC=target/release/liburing_rs.a
command -v readelf >/dev/null || { echo "skip: readelf (binutils) not installed"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# GLOBAL symbols the staticlib defines
readelf -sW "$STATIC" 2>/dev/null | awk '$5 == "GLOBAL" || $5 == "WEAK" { if ($7 != "UND") print $8 }' |
	sort -u > "$tmp/static"

rc=0 summary=""
for name in liburing liburing-ffi; do
	lib=$DROPIN/$name.so.2 map=$MAPS/$name.map
	echo "== $lib"
	if [ ! -f "$lib" ]; then echo "FAIL: $lib not built (run make)"; rc=1; continue; fi
	# expected: "NODE symbol" from the version script, and the node chain "NODE PARENT"
	awk '/^LIBURING_[0-9.]+ \{/ { node = $1 }
	     /^\t\t[A-Za-z_][A-Za-z0-9_]*;$/ { s = $1; sub(/;/, "", s); print node, s }' "$map" | sort > "$tmp/want"
	awk '/^LIBURING_[0-9.]+ \{/ { node = $1; if (prev == "") print node; prev = node }
	     /^\} LIBURING_[0-9.]+;/ { p = $2; sub(/;/, "", p); print node, p }' "$map" > "$tmp/want-nodes"
	# actual: defined dynamic symbols as "NODE symbol"; the ABS version-definition symbols
	# ld emits for each node are checked against the node list instead
	readelf --dyn-syms -W "$lib" | awk 'NR > 3 && $1 ~ /:$/ && $7 != "UND" && $8 != "" {
		n = $8
		if ($7 == "ABS" && n ~ /^LIBURING_[0-9.]+$/) { print n > "/dev/stderr"; next }
		if (index(n, "@")) { s = substr(n, 1, index(n, "@") - 1); v = n; sub(/^[^@]*@@?/, "", v) }
		else { s = n; v = "(unversioned)" }
		print v, s }' 2>"$tmp/abs" | sort > "$tmp/have"
	# version definitions and parents (readelf -V)
	readelf -VW "$lib" | awk '/Version definition section/ { on = 1; next } /Version needs section/ { on = 0 }
	     on && /Name: LIBURING_/ { for (i = 1; i <= NF; i++) if ($i == "Name:") node = $(i + 1); order[++n] = node; next }
	     on && /Parent 1:/ { parent[node] = $NF }
	     END { for (i = 1; i <= n; i++) if (order[i] in parent) print order[i], parent[order[i]]; else print order[i] }' > "$tmp/have-nodes"

	nwant=$(wc -l < "$tmp/want") nhave=$(wc -l < "$tmp/have")
	echo "version script: $nwant symbols in $(wc -l < "$tmp/want-nodes") nodes; library exports $nhave"
	soname=$(readelf -dW "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
	if [ "$soname" != "$name.so.2" ]; then echo "FAIL: soname is '$soname', want $name.so.2"; rc=1; fi
	if ! diff <(cut -d' ' -f1 "$tmp/want-nodes" | sort -u) <(sort -u "$tmp/abs") >/dev/null; then
		echo "FAIL: version-node symbols differ from the nodes of $map:"
		diff <(cut -d' ' -f1 "$tmp/want-nodes" | sort -u) <(sort -u "$tmp/abs") | sed 's/^/    /'
		rc=1
	fi
	if ! diff "$tmp/want-nodes" "$tmp/have-nodes" >/dev/null; then
		echo "FAIL: version definitions (node, parent) differ from $map (< script, > library):"
		diff "$tmp/want-nodes" "$tmp/have-nodes" | sed 's/^/    /'
		rc=1
	fi
	# exported but not in the script, or at another node
	extra=$(comm -13 "$tmp/want" "$tmp/have")
	if [ -n "$extra" ]; then
		echo "FAIL: exported but not in $map at that node:"
		echo "$extra" | sed 's/^/    /'
		rc=1
	fi
	missing=$(comm -23 "$tmp/want" "$tmp/have" | sort -k1,1V -k2,2)
	if [ -n "$missing" ]; then
		nmiss=$(echo "$missing" | wc -l)
		summary+="$name.so.2: $nmiss of $nwant missing ($(echo "$missing" | cut -d' ' -f2 | tr '\n' ' ')); "
		echo "FAIL: $nmiss of $nwant symbols of $map are not exported:"
		while read -r node sym; do
			if grep -qx "$sym" "$tmp/static"; then why="defined in $STATIC but not exported (?)"
			else why="not defined in $STATIC yet"; fi
			printf '    %-14s %-45s %s\n' "$node" "$sym" "$why"
		done <<< "$missing"
		rc=1
	fi
	undef=$(ldd -r "$lib" 2>&1 | grep -i 'undefined symbol')
	if [ -n "$undef" ]; then echo "FAIL: undefined symbols:"; echo "$undef" | sed 's/^/    /'; rc=1; fi
	echo "needs: $(readelf -dW "$lib" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')"
done
[ -n "$summary" ] && echo "summary: $summary"
[ $rc = 0 ] && echo "both libraries export exactly their version scripts"
exit $rc
