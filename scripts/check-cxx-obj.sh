#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Check one freestanding C++ kernel object (.o) for what the module loader or
# the kernel cannot run.  Called by the C++ rule of scripts/Kbuild.cxx on
# every C++ object; exits non-zero with one line per problem.
#
#   usage: check-cxx-obj.sh file.o [...]
#   env:   KEMU_CXX_ALLOWED_UNDEF  extra extended regex of undefined symbols
#                                  the object may reference
#          KEMU_CXX_RETPOLINE=n    the kernel has no retpolines (skip check 3a)
#          KEMU_CXX_RETHUNK=n      the kernel has no return thunks (skip 3b)
#
# 1. Forbidden sections: static constructors/destructors (the module loader
#    ignores .init_array: CONFIG_CONSTRUCTORS is off, the object would run
#    uninitialised), exception/unwind tables, thread-local storage.
# 2. Undefined symbols: only the kernel's compiler support (fentry, return
#    and retpoline thunks, stack protector), memcpy/memset/memmove/memcmp,
#    and what other objects of the core define: the C ABI (kemu_*) and
#    mangled C++ names, except those of the C++ runtime (operator new/
#    delete, RTTI, std::, __cxxabiv1).  Everything else (__cxa_* such as
#    __cxa_pure_virtual, _Unwind_*, libgcc helpers such as __popcountdi2 or
#    __udivti3) means a runtime the kernel does not have.  A mangled name
#    that no object defines is caught at link time (modpost, check-ko.sh).
# 3. No raw indirect branch (jump table, missing retpoline) and no plain
#    'ret' (missing return thunk) in the code the compiler produced.
set -u
OBJDUMP=${OBJDUMP:-objdump}
NM=${NM:-nm}
READELF=${READELF:-readelf}
rc=0
fail() {
	echo "check-cxx-obj: $f: $*" >&2
	rc=1
}
# The first three instructions matching $1 in $dis, with their function.
sites() {
	echo "$dis" | awk -v re="$1" '/^[0-9a-f]+ <.*>:$/ { fn = $2 } $0 ~ re { print "    " fn " " $0 }' |
		head -3 >&2
}
section_why() {
	case "$1" in
	.init_array* | .fini_array* | .ctors* | .dtors* | .preinit_array* | .text.startup*)
		echo " (a static constructor/destructor: the module loader never runs it; use constinit/constexpr)" ;;
	.eh_frame* | .gcc_except_table*) echo " (exception/unwind tables)" ;;
	.tbss* | .tdata*) echo " (thread-local storage)" ;;
	*) ;;
	esac
}
explain() {
	case "$1" in
	__cxa_pure_virtual) echo " (a pure virtual function: the kernel has no __cxa_pure_virtual)" ;;
	__cxa_atexit | atexit | __dso_handle) echo " (a static destructor)" ;;
	__cxa_guard_*) echo " (a function-local static with a dynamic initialiser)" ;;
	__cxa_* | __gxx_* | _Unwind_*) echo " (exceptions / C++ runtime)" ;;
	_Znw* | _Zna* | _Zdl* | _Zda*) echo " (operator new/delete: no heap in the core)" ;;
	_ZTI* | _ZTS*) echo " (RTTI)" ;;
	_ZSt* | _ZNSt* | _ZNKSt* | _ZN9__gnu_cxx* | _ZN10__cxxabiv1*) echo " (the C++ standard library)" ;;
	__popcount* | __parity* | __clz* | __ctz* | __ffs* | __bswap*)
		echo " (libgcc bit helper: write the bit loop, or use a constant argument)" ;;
	__*div?i3 | __*mod?i3) echo " (libgcc division helper: no __int128 division)" ;;
	__*[sdtx]f[23] | __float* | __fix*) echo " (floating point)" ;;
	*) ;;
	esac
}

bad_sec='^\.(init_array|fini_array|ctors|dtors|preinit_array)(\.|$)|^\.(eh_frame|eh_frame_hdr|gcc_except_table)(\.|$)|^\.(tbss|tdata)(\.|$)|^\.text\.startup(\.|$)|^\.tm_clone_table$|^\.jcr$'
ok_undef='^(__fentry__|__x86_return_thunk|__x86_indirect_thunk_[a-z0-9]+|__x86_indirect_call_thunk_[a-z0-9]+|__x86_indirect_jump_thunk_[a-z0-9]+|__stack_chk_fail|memcpy|memset|memmove|memcmp)$'
# defined by another object of the core
core_undef='^kemu_|^_Z'
cxx_runtime='^_Z(nw|na|dl|da|TI|TS|St|NSt|NKSt|N9__gnu_cxx|N10__cxxabiv1)'
extra=${KEMU_CXX_ALLOWED_UNDEF:-^$}

[ $# -gt 0 ] || {
	echo "usage: check-cxx-obj.sh file.o [...]" >&2
	exit 2
}
for f in "$@"; do
	[ -f "$f" ] || {
		fail "no such file"
		continue
	}
	for s in $($READELF -SW "$f" | sed -n 's/^ *\[ *[0-9]*\] \([^ ]*\) .*/\1/p'); do
		echo "$s" | grep -Eq "$bad_sec" && fail "forbidden section $s$(section_why "$s")"
	done
	for u in $($NM -u "$f" | awk '{print $NF}'); do
		echo "$u" | grep -Eq "$ok_undef|$extra" && continue
		echo "$u" | grep -Eq "$core_undef" && ! echo "$u" | grep -Eq "$cxx_runtime" && continue
		fail "forbidden undefined symbol $u$(explain "$u")"
	done
	dis=$($OBJDUMP -d --no-show-raw-insn "$f")
	if [ "${KEMU_CXX_RETPOLINE:-y}" = y ] &&
		echo "$dis" | grep -Eq '[[:space:]](jmp|call)[a-z]* +\*'; then
		fail "raw indirect branch (jump table, or -mindirect-branch=thunk-extern missing):"
		sites '[[:space:]](jmp|call)[a-z]* +\*'
	fi
	if [ "${KEMU_CXX_RETHUNK:-y}" = y ] && echo "$dis" | grep -Eq '[[:space:]]ret[lq]? *$'; then
		fail "plain ret (-mfunction-return=thunk-extern missing):"
		sites '[[:space:]]ret[lq]? *$'
	fi
done
exit $rc
