#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Post-link checks on a kernel module (.ko) that contains C++ code.
#
#   usage: check-ko.sh file.ko
#   env:   KEMU_CXX_RETPOLINE=n / KEMU_CXX_RETHUNK=n  as for check-cxx-obj.sh
#
# 1. No section the module loader ignores (static constructors: the kernel
#    has CONFIG_CONSTRUCTORS off) or that only a hosted C++ runtime uses
#    (exception/unwind tables, TLS).
# 2. No undefined symbol of the C++ runtime or libgcc (__cxa_*, __gxx_*,
#    _Unwind_*, mangled _Z* names, __popcountdi2, __udivti3, ...): the kernel
#    exports none of them, so the module would not load.
# 3. objtool processed ALL code, C and C++: .orc_unwind_ip exists, every
#    'jmp __x86_return_thunk' is listed in .return_sites and every call/jmp
#    to a retpoline thunk in .retpoline_sites (the kernel patches these
#    sites at load time; an unlisted site would stay unpatched).
# 4. No raw indirect branch (jump table) and no plain 'ret'.
set -u
READELF=${READELF:-readelf}
OBJDUMP=${OBJDUMP:-objdump}
NM=${NM:-nm}
[ $# -eq 1 ] || {
	echo "usage: check-ko.sh file.ko" >&2
	exit 2
}
f=$1
[ -f "$f" ] || {
	echo "check-ko: $f: no such file" >&2
	exit 1
}
rc=0
fail() {
	echo "check-ko: $f: $*" >&2
	rc=1
}

# 1. sections
for s in $($READELF -SW "$f" | sed -n 's/^ *\[ *[0-9]*\] \([^ ]*\) .*/\1/p'); do
	case "$s" in
	.init_array* | .fini_array* | .ctors* | .dtors* | .preinit_array* | \
		.eh_frame* | .gcc_except_table* | .tbss* | .tdata* | .text.startup*)
		fail "forbidden section $s (static constructor/destructor, exception/unwind table or TLS)" ;;
	esac
done

# 2. undefined symbols.  libgcc names: integer helpers end in <mode>i2/3
# (__popcountdi2, __udivti3, __ashlti3), float ones in <mode>f2/3 or are
# conversions (__floatdisf, __fixdfsi, __extendsfdf2, __truncdfsf2).
cxx_rt='^(_Z|__cxa_|__gxx_|_Unwind_|__dso_handle$|atexit$|__tls_get_addr$|__gcc_personality)'
libgcc='^__[a-z]+([sdt]i|[sdtxh]f|tf|bf)[23]$|^__float(un)?[sdt]i[sdtxh]f$|^__fix(uns)?[sdtxh]f[sdt]i$'
for u in $($NM -u "$f" | awk '{print $NF}'); do
	if echo "$u" | grep -Eq "$cxx_rt"; then
		fail "undefined C++ runtime symbol $u"
	elif echo "$u" | grep -Eq "$libgcc"; then
		fail "undefined libgcc helper $u"
	fi
done

# 3. objtool coverage
$READELF -SW "$f" | grep -q ' \.orc_unwind_ip ' || fail "no .orc_unwind_ip section (objtool did not run)"

$READELF -rW "$f" | awk -v F="$f" '
function hex(h,   i, v) {
	v = 0; h = tolower(h)
	for (i = 1; i <= length(h); i++) v = v * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1
	return v
}
/^Relocation section/ { sec = $3; gsub("\047", "", sec); sub(/^\.rela/, "", sec); next }
NF < 5 { next }
sec == ".return_sites"    && $6 == "+" { ret_ok[$5 " " hex($7)] = 1; next }
sec == ".retpoline_sites" && $6 == "+" { rp_ok[$5 " " hex($7)] = 1; next }
sec ~ /^\.(text|init\.text|exit\.text|noinstr\.text)$/ || sec ~ /^\.text\./ {
	# the relocation is the rel32 after a 1-byte jmp/call opcode, or after
	# a 2-byte jcc opcode (conditional jump to a thunk)
	if ($5 == "__x86_return_thunk") { nret++; ret[sec " " hex($1) - 1] = 1 }
	else if ($5 ~ /^__x86_indirect_(call_|jump_)?thunk_/) { nrp++; rp[sec " " hex($1)] = 1 }
}
END {
	bad = 0
	for (k in ret) if (!(k in ret_ok)) {
		if (bad++ < 5) print "check-ko: " F ": return thunk site not in .return_sites (objtool missed it): " k > "/dev/stderr"
	}
	for (k in rp) {
		split(k, a, " ")
		if (!((a[1] " " a[2] - 1) in rp_ok) && !((a[1] " " a[2] - 2) in rp_ok))
			if (bad++ < 5) print "check-ko: " F ": retpoline site not in .retpoline_sites (objtool missed it): " k > "/dev/stderr"
	}
	if (bad > 5) printf "check-ko: %s: ... and %d more\n", F, bad - 5 > "/dev/stderr"
	printf "check-ko: %s: %d return-thunk sites, %d retpoline sites, %d not listed by objtool\n", F, nret, nrp, bad
	exit (bad > 0)
}' || rc=1

# 4. raw indirect branches and plain returns
dis=$($OBJDUMP -d --no-show-raw-insn "$f")
sites() {
	echo "$dis" | awk -v re="$1" '/^[0-9a-f]+ <.*>:$/ { fn = $2 } $0 ~ re { print "    " fn " " $0 }' |
		head -3 >&2
}
if [ "${KEMU_CXX_RETPOLINE:-y}" = y ] && echo "$dis" | grep -Eq '[[:space:]](jmp|call)[a-z]* +\*'; then
	fail "raw indirect branch (jump table / missing retpoline thunk):"
	sites '[[:space:]](jmp|call)[a-z]* +\*'
fi
if [ "${KEMU_CXX_RETHUNK:-y}" = y ] && echo "$dis" | grep -Eq '[[:space:]]ret[lq]? *$'; then
	fail "plain ret (missing return thunk):"
	sites '[[:space:]]ret[lq]? *$'
fi
exit $rc
