#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# What kemu.ko relies on in stock KVM's emulate.c, checked in the source of
# the kernel it is built for; prints the C definitions kmod/ takes from it.
#
#   scripts/kvm-emulate-facts.sh EMULATE_C
#
# kemu leaves two of emulate.c's functions unrouted and lets stock's run on
# the context kemu decoded (kmod/kemu_route.h):
#   - emulator_can_use_gpa() must read only rep_prefix and d's String and
#     TwoMemOp bits: the bridge publishes TwoMemOp into d (the bit comes
#     from here, emulate.c keeps it private) and stock's answer is kemu's;
#   - init_decode_cache() must clear only the fields listed below: none of
#     them is kemu state except mem_read.end (kemu_decoded(), which a new
#     instruction is meant to clear) and io_read.pos/end (scratch); in
#     particular not mem_read.pos (kemu_holds()).
# Anything else fails the build with the reason (exit 1).
set -euo pipefail
die() {
	echo "kvm-emulate-facts: $*" >&2
	exit 1
}
[ $# -eq 1 ] && [ -f "$1" ] || die "usage: kvm-emulate-facts.sh EMULATE_C"
src=$1

# The body of a function defined at the start of a line, one statement a
# line, comments and blank lines dropped, whitespace squeezed.
body() {
	awk -v head="$1" '
		$0 == head { inside = 1; next }
		inside && /^}/ { exit }
		inside' "$src" |
		sed -e 's@/\*.*\*/@@g' -e 's@//.*@@' | tr -s ' \t\n' ' ' |
		sed -e 's/^ *{ *//' -e 's/; */;\n/g' -e 's/{ */{\n/g' -e 's/} */}\n/g' |
		sed -e 's/^ *//' -e '/^$/d'
}

bit() {
	sed -n "s/^#define $1 *(\\(([uU]64)1 *<< *\\|1 *<< *\\)\\([0-9]*\\)).*/\\2/p" "$src" | head -1
}

two_mem_op=$(bit TwoMemOp)
string=$(bit String)
[ -n "$two_mem_op" ] || die "$src: no '#define TwoMemOp ((u64)1 << N)'"
[ -n "$string" ] || die "$src: no '#define String (1<<N)'"

want_gpa='if (ctxt->rep_prefix && (ctxt->d & String)) return false;
if (ctxt->d & TwoMemOp) return false;
return true;'
have_gpa=$(body 'bool emulator_can_use_gpa(struct x86_emulate_ctxt *ctxt)')
[ "$have_gpa" = "$want_gpa" ] ||
	die "$src: emulator_can_use_gpa() is not the one kemu publishes d for:
$have_gpa"

want_init='ctxt->io_read.end = 0;
ctxt->io_read.pos = 0;
ctxt->lock_prefix = 0;
ctxt->mem_read.end = 0;
ctxt->regs_dirty = 0;
ctxt->regs_valid = 0;
ctxt->rep_prefix = 0;
ctxt->rex_prefix = 0;
ctxt->rip_relative = false;'
have_init=$(body 'void init_decode_cache(struct x86_emulate_ctxt *ctxt)' | LC_ALL=C sort)
[ "$have_init" = "$want_init" ] ||
	die "$src: init_decode_cache() clears other fields than kemu leaves it:
$have_init"

cat <<EOF
/* stock KVM's emulate.c (kvm-emulate-facts.sh): d's bits emulator_can_use_gpa() reads */
#define KEMU_KVM_STRING (1ULL << $string)
#define KEMU_KVM_TWO_MEM_OP (1ULL << $two_mem_op)
EOF
