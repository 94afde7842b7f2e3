/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kemu: the bridge's state inside KVM's struct x86_emulate_ctxt, shared by
 * the entry points (kemu_bridge.c) and the callbacks into KVM
 * (kemu_kvm_ops.c).  Includes KVM's private kvm_emulate.h: C in kmod/ only.
 *
 * KVM keeps one struct x86_emulate_ctxt per vCPU (a slab object whose
 * hardened-usercopy window starts at `src`).  x86.c reads and writes a set
 * of its fields around every emulation (eip, eflags, mode, exception, _eip,
 * fetch, _regs/regs_valid/regs_dirty, ...): those stay KVM's.  Everything
 * else is the emulator's own, and kemu's state lives there: struct
 * kemu_bridge (the core's kemu_ctxt plus the buffers KVM may keep across an
 * exit to userspace) overlays the io_read and mem_read caches, which only
 * emulate.c ever touched.  So the state has the vCPU's lifetime without an
 * allocation, and every buffer handed to KVM's memory callbacks is inside
 * the slab object, after `src`.
 */
#ifndef KEMU_BRIDGE_STATE_H
#define KEMU_BRIDGE_STATE_H

#include <linux/build_bug.h>
#include <linux/kvm_host.h>
#include <linux/stddef.h>

#include "kvm_emulate.h" /* KVM's private header, from this kernel's source */

#include <kemu/kemu.h>

#include "kemu_bridge.h"

struct kemu_record;

/* mem_read.end of an instruction kemu decoded ("kemu" in ASCII). */
#define KEMU_DECODED 0x756d656bUL
/* mem_read.pos of a context whose instruction holds kemu.ko ("kemuheld"). */
#define KEMU_HELD 0x646c6568756d656bUL

struct kemu_bridge {
	struct kemu_ctxt core;
	/*
	 * 512 bytes, aligned to 16 at run time (kept_area()): the FXSAVE image
	 * while FXSAVE/FXRSTOR run, and any write over 8 bytes (SSE, VEX,
	 * CMPXCHG16B, FXSAVE's store), whose buffer KVM keeps until userspace
	 * took it.
	 */
	u8 kept_raw[512 + 16];
	/* The exception in ctxt->exception came from this KVM callback. */
	struct kemu_exception op_fault;
	bool op_fault_valid;
	/* core.gprs hold the vCPU's registers (cleared by invalidate). */
	bool regs_loaded;
	/* for the statistics: the decode's EMULTYPE_* and time, first pass */
	bool first_pass;
	/* accounted: the statistics or the tracepoint were on at its decode */
	bool observed;
	u8 reason;	/* why KVM emulated it (kemu_stats.c) */
	u8 completion;	/* enum kemu_completion of this pass */
	u32 emulation_type;
	u64 decode_ns;
	u64 pass_rip;	/* rIP at the start of the pass */
	struct kemu_record *rec;	/* this instruction's record, if recorded */
	u16 pass;	/* passes of the recorded instruction */
	/* A failed decode leaves the record open (kemu_bridge_record_close()). */
	bool hold_record;
	bool record_failed;	/* the held record's instruction failed */
};

#define BRIDGE_START offsetof(struct x86_emulate_ctxt, io_read)
#define BRIDGE_END offsetof(struct x86_emulate_ctxt, mem_read.pos)

/* The layout this file relies on, for the kvm_emulate.h it is built with. */
static_assert(offsetof(struct x86_emulate_ctxt, mem_read) >
	      offsetof(struct x86_emulate_ctxt, io_read));
static_assert(offsetof(struct x86_emulate_ctxt, mem_read.end) >
	      offsetof(struct x86_emulate_ctxt, mem_read.pos));
static_assert(BRIDGE_START >= offsetof(struct x86_emulate_ctxt, src) +
	      sizeof(struct operand), "must be inside the usercopy window");
static_assert(sizeof(struct kemu_bridge) <= BRIDGE_END - BRIDGE_START);
static_assert(BRIDGE_START % __alignof__(struct kemu_bridge) == 0);
/*
 * KVM's io_read.pos and io_read.end, which stock's init_decode_cache()
 * zeroes before every decode, kemu's or stock's, fall on the core's
 * read-cache bytes: scratch, so no kemu state is lost.
 */
#define BRIDGE_OFFSET(field) (offsetof(struct x86_emulate_ctxt, field) - BRIDGE_START)
static_assert(BRIDGE_OFFSET(io_read.pos) >=
	      offsetof(struct kemu_bridge, core.read_cache.data) &&
	      BRIDGE_OFFSET(io_read.end) + sizeof(unsigned long) <=
	      offsetof(struct kemu_bridge, core.read_cache.data) + KEMU_READ_CACHE_BYTES);
static_assert(NR_EMULATOR_GPRS == KEMU_NR_GPRS);
static_assert(sizeof(((struct x86_emulate_ctxt *)0)->fetch.data) == KEMU_MAX_INSN_LEN);
static_assert(X86EMUL_CONTINUE == KEMU_CONTINUE && X86EMUL_UNHANDLEABLE == KEMU_UNHANDLEABLE &&
	      X86EMUL_PROPAGATE_FAULT == KEMU_PROPAGATE_FAULT &&
	      X86EMUL_RETRY_INSTR == KEMU_RETRY_INSTR &&
	      X86EMUL_CMPXCHG_FAILED == KEMU_CMPXCHG_FAILED &&
	      X86EMUL_IO_NEEDED == KEMU_IO_NEEDED && X86EMUL_INTERCEPTED == KEMU_INTERCEPTED);
static_assert(X86EMUL_MODE_REAL == (int)KEMU_MODE_REAL && X86EMUL_MODE_VM86 == (int)KEMU_MODE_VM86 &&
	      X86EMUL_MODE_PROT16 == (int)KEMU_MODE_PROT16 &&
	      X86EMUL_MODE_PROT32 == (int)KEMU_MODE_PROT32 &&
	      X86EMUL_MODE_PROT64 == (int)KEMU_MODE_PROT64);
static_assert(VCPU_SREG_ES == (int)KEMU_SEG_ES && VCPU_SREG_CS == (int)KEMU_SEG_CS &&
	      VCPU_SREG_SS == (int)KEMU_SEG_SS && VCPU_SREG_DS == (int)KEMU_SEG_DS &&
	      VCPU_SREG_FS == (int)KEMU_SEG_FS && VCPU_SREG_GS == (int)KEMU_SEG_GS &&
	      VCPU_SREG_TR == (int)KEMU_SEG_TR && VCPU_SREG_LDTR == (int)KEMU_SEG_LDTR);
static_assert(KEMU_SHADOW_MOV_SS == KVM_X86_SHADOW_INT_MOV_SS &&
	      KEMU_SHADOW_STI == KVM_X86_SHADOW_INT_STI);
static_assert((int)KEMU_TASK_SWITCH_CALL == TASK_SWITCH_CALL &&
	      (int)KEMU_TASK_SWITCH_IRET == TASK_SWITCH_IRET &&
	      (int)KEMU_TASK_SWITCH_JMP == TASK_SWITCH_JMP &&
	      (int)KEMU_TASK_SWITCH_GATE == TASK_SWITCH_GATE);

/* The entry points have exactly KVM's prototypes. */
static_assert(__same_type(&kemu_x86_decode_insn, &x86_decode_insn));
static_assert(__same_type(&kemu_x86_emulate_insn, &x86_emulate_insn));
static_assert(__same_type(&kemu_init_decode_cache, &init_decode_cache));
static_assert(__same_type(&kemu_x86_page_table_writing_insn, &x86_page_table_writing_insn));
static_assert(__same_type(&kemu_emulator_task_switch, &emulator_task_switch));
static_assert(__same_type(&kemu_emulate_int_real, &emulate_int_real));
static_assert(__same_type(&kemu_emulator_invalidate_register_cache,
			  &emulator_invalidate_register_cache));
static_assert(__same_type(&kemu_emulator_writeback_register_cache,
			  &emulator_writeback_register_cache));
static_assert(__same_type(&kemu_emulator_can_use_gpa, &emulator_can_use_gpa));

static inline struct kemu_bridge *bridge_of(struct x86_emulate_ctxt *ctxt)
{
	return (struct kemu_bridge *)((u8 *)ctxt + BRIDGE_START);
}

/*
 * kemu decoded the context's current instruction: the bridge's state is
 * valid and the instruction is kemu's to finish.  Stock KVM's emulator
 * overwrites the bridge (its io_read cache and mem_read's data) but never
 * writes KEMU_DECODED into mem_read.end (a byte count of at most 1024), and
 * its init_decode_cache() zeroes it.
 */
static inline bool kemu_decoded(const struct x86_emulate_ctxt *ctxt)
{
	return ctxt->mem_read.end == KEMU_DECODED;
}

/*
 * The context's instruction, decoded by kemu, holds a reference on kemu.ko
 * (kemu_bridge.h): set with the reference, cleared when it is given back.
 * In mem_read.pos, which stock KVM's init_decode_cache() leaves alone, so
 * the mark outlives the mem_read.end that stock's init_emulate_ctxt()
 * clears before every new instruction: the call that starts the next one
 * still finds the reference to give back (kemu_route_starting()).  Stock
 * KVM writes mem_read.pos only in its x86_emulate_insn() and read cache,
 * with byte counts of at most 1024, so no guest can forge the mark.
 */
static inline bool kemu_holds(const struct x86_emulate_ctxt *ctxt)
{
	return ctxt->mem_read.pos == KEMU_HELD;
}

/* The core's opaque is KVM's ctxt. */
static inline struct x86_emulate_ctxt *kvm_ctxt(void *opaque)
{
	return opaque;
}

static inline struct kvm_vcpu *vcpu_of(struct x86_emulate_ctxt *ctxt)
{
	return ctxt->vcpu;
}

/* A KVM callback's fault, as the core sees it (kemu_kvm_ops.c). */
int from_kvm_fault(struct x86_emulate_ctxt *ctxt, int rc, struct kemu_exception *fault);

#endif /* KEMU_BRIDGE_STATE_H */
