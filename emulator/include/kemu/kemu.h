/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kemu C ABI: the only interface between the C++ emulator core and its users
 * (the kernel module, userspace tests, benchmarks and tools).
 *
 * Freestanding: no kernel or libc header.  Every type here has the same layout
 * in C and C++, so kmod/ can allocate a kemu_ctxt and hand it to the core.
 */
#ifndef KEMU_KEMU_H
#define KEMU_KEMU_H

#ifdef __cplusplus
extern "C" {
#endif

typedef __UINT8_TYPE__ kemu_u8;
typedef __UINT16_TYPE__ kemu_u16;
typedef __UINT32_TYPE__ kemu_u32;
typedef __UINT64_TYPE__ kemu_u64;

/* Status of every core call and ops callback; numerically equal to X86EMUL_*. */
enum kemu_status {
	KEMU_CONTINUE = 0, /* X86EMUL_CONTINUE */
	KEMU_UNHANDLEABLE = 1, /* X86EMUL_UNHANDLEABLE */
	KEMU_PROPAGATE_FAULT = 2, /* X86EMUL_PROPAGATE_FAULT: ctxt->exception is set */
	KEMU_RETRY_INSTR = 3, /* X86EMUL_RETRY_INSTR */
	KEMU_CMPXCHG_FAILED = 4, /* X86EMUL_CMPXCHG_FAILED */
	KEMU_IO_NEEDED = 5, /* X86EMUL_IO_NEEDED */
	KEMU_INTERCEPTED = 6, /* X86EMUL_INTERCEPTED */
};

/* CPU mode, in the order of KVM's enum x86emul_mode. PROT16/PROT32 follow CS.D. */
enum kemu_mode {
	KEMU_MODE_REAL = 0,
	KEMU_MODE_VM86 = 1,
	KEMU_MODE_PROT16 = 2,
	KEMU_MODE_PROT32 = 3,
	KEMU_MODE_PROT64 = 4,
};

/* Segment registers, in the order of KVM's VCPU_SREG_* (and the ModRM sreg field). */
enum kemu_seg {
	KEMU_SEG_ES = 0,
	KEMU_SEG_CS = 1,
	KEMU_SEG_SS = 2,
	KEMU_SEG_DS = 3,
	KEMU_SEG_FS = 4,
	KEMU_SEG_GS = 5,
	KEMU_SEG_COUNT = 6, /* the registers an instruction can name (ES..GS) */
	KEMU_SEG_TR = 6, /* task register (I/O permission bitmap) */
	KEMU_SEG_LDTR = 7,
	KEMU_NR_SEGS = 8,
};

/* kemu_insn.seg_override of an instruction without a segment prefix (no register's number). */
#define KEMU_SEG_NONE 0xff

/* General-purpose registers, in encoding order (KVM's VCPU_REGS_*). */
enum kemu_reg {
	KEMU_RAX, KEMU_RCX, KEMU_RDX, KEMU_RBX, KEMU_RSP, KEMU_RBP, KEMU_RSI, KEMU_RDI,
	KEMU_R8, KEMU_R9, KEMU_R10, KEMU_R11, KEMU_R12, KEMU_R13, KEMU_R14, KEMU_R15,
	KEMU_NR_GPRS,
};

/* Exception vectors the core raises. */
enum kemu_vector {
	KEMU_DE = 0, KEMU_DB = 1, KEMU_BP = 3, KEMU_OF = 4, KEMU_BR = 5, KEMU_UD = 6,
	KEMU_NM = 7, KEMU_DF = 8, KEMU_TS = 10, KEMU_NP = 11, KEMU_SS = 12, KEMU_GP = 13,
	KEMU_PF = 14, KEMU_MF = 16, KEMU_AC = 17, KEMU_XM = 19,
};

/* A guest exception, recorded as data (KVM's struct x86_exception). */
struct kemu_exception {
	kemu_u8 vector;
	kemu_u8 error_code_valid;
	kemu_u16 reserved;
	kemu_u32 error_code;
	kemu_u64 address; /* CR2 for #PF */
};

/* A segment as the core sees it: the hidden part of the register. */
struct kemu_segment {
	kemu_u64 base;
	kemu_u32 limit; /* byte granular, already scaled by G */
	kemu_u16 selector;
	kemu_u8 type; /* descriptor type field (4 bits) */
	kemu_u8 s : 1, dpl : 2, present : 1, avl : 1, l : 1, db : 1, g : 1;
	kemu_u8 unusable;
	kemu_u8 reserved[7];
};

/* Why a memory access is made; passed to the ops so a host can check permissions. */
enum kemu_access {
	KEMU_ACCESS_READ = 0,
	KEMU_ACCESS_WRITE = 1,
	KEMU_ACCESS_FETCH = 2,
};

/* A descriptor-table register (GDTR, IDTR). */
struct kemu_dtable {
	kemu_u64 base;
	kemu_u16 limit;
	kemu_u8 reserved[6];
};

/* Which descriptor-table register kemu_ops.get_dtable/set_dtable mean. */
enum kemu_dtable_reg {
	KEMU_GDTR = 0,
	KEMU_IDTR = 1,
};

/* Vector register files (kemu_ops.get_vreg/set_vreg). */
enum kemu_vreg_kind {
	KEMU_VREG_XMM = 0, /* 16 bytes: the low half of YMM, which legacy SSE leaves alone */
	KEMU_VREG_MMX = 1, /* 8 bytes */
	KEMU_VREG_YMM = 2, /* 32 bytes: VEX instructions */
};

/* x87 operations (kemu_ops.x87). */
enum kemu_x87_op {
	KEMU_X87_FNINIT = 0,
	KEMU_X87_FNSTCW = 1,
	KEMU_X87_FNSTSW = 2,
};

/* When an intercept is checked (KVM's enum x86_intercept_stage). */
enum kemu_intercept_stage {
	KEMU_ICPT_PRE_EXCEPT = 0, /* before the privilege and mode checks */
	KEMU_ICPT_POST_EXCEPT = 1, /* after them */
	KEMU_ICPT_POST_MEMACCESS = 2, /* after the operands are read */
};

/* What an intercept check sees (KVM's struct x86_instruction_info). */
struct kemu_intercept_info {
	kemu_u8 intercept; /* KVM's enum x86_intercept */
	kemu_u8 rep_prefix;
	kemu_u8 modrm_mod;
	kemu_u8 modrm_reg;
	kemu_u8 modrm_rm;
	kemu_u8 src_bytes;
	kemu_u8 dst_bytes;
	kemu_u8 ad_bytes;
	kemu_u64 src_val; /* register and immediate operands; memory ones after POST_MEMACCESS */
	kemu_u64 dst_val;
	kemu_u64 next_rip;
};

/*
 * Callbacks into the host (KVM or a test harness).  `opaque` is ctxt->opaque.
 * Addresses are linear (segmentation already applied by the core).  [IN]
 * parameters are the core's, [OUT] ones the host fills.
 *
 * One convention for every callback that can fail: it returns a status of
 * enum kemu_status and takes `fault` [OUT] as its last parameter.
 *   KEMU_CONTINUE         done: its [OUT] parameters hold the answer.
 *   KEMU_PROPAGATE_FAULT  the guest takes *fault, which the callback filled
 *                         (KVM: #PF, #GP(0) for a refused CR/DR/MSR/XCR
 *                         write or PMC, #UD from an intercept check); the
 *                         instruction ends there.
 *   KEMU_UNHANDLEABLE     emulation fails.
 *   KEMU_IO_NEEDED, KEMU_RETRY_INSTR, KEMU_CMPXCHG_FAILED, KEMU_INTERCEPTED:
 *                         passed on to the host's caller where a callback's
 *                         comment names them.
 * A value outside enum kemu_status, or KEMU_PROPAGATE_FAULT with *fault left
 * unfilled (the core presets its vector to KEMU_NO_VECTOR), is taken as
 * KEMU_UNHANDLEABLE.  Where KVM's emulator ignores a callback's failure the
 * core does too, whatever it answers, and the instruction goes on: get_msr
 * in the core's own reads (EFER, STAR and the SYSCALL/SYSENTER MSRs,
 * MISC_FEATURES_ENABLES: the value reads as 0, or as the callback left it),
 * set_cr and set_dr for a task switch's CR0.TS and DR7 and for DR6 before a
 * general-detect #DB, and leave_smm (below).  The callbacks that cannot fail
 * return void or their value.
 *
 * The first four are required.  Every other callback may be NULL: an
 * instruction that needs a missing one ends in KEMU_UNHANDLEABLE before it
 * changes anything.  They follow KVM's x86_emulate_ops one to one.
 */
struct kemu_ops {
	/*
	 * [IN] linear, bytes; [OUT] val.  Never crosses a page: the core splits
	 * fetches at page boundaries, as KVM's fetch callback requires.
	 */
	int (*fetch)(void *opaque, kemu_u64 linear, void *val, unsigned int bytes,
		     struct kemu_exception *fault);
	/* [IN] linear, bytes; [OUT] val.  KEMU_IO_NEEDED: see kemu_read_cache. */
	int (*read_mem)(void *opaque, kemu_u64 linear, void *val, unsigned int bytes,
			struct kemu_exception *fault);
	/* [IN] linear, val, bytes.  May set ctxt->exit_pending. */
	int (*write_mem)(void *opaque, kemu_u64 linear, const void *val, unsigned int bytes,
			 struct kemu_exception *fault);
	/* [IN] seg; [OUT] *out: the current hidden state of segment register `seg`. */
	void (*get_segment)(void *opaque, enum kemu_seg seg, struct kemu_segment *out);

	/*
	 * LOCK-prefixed writes: [IN] replace `old` with `new_val` atomically;
	 * KEMU_CMPXCHG_FAILED when memory no longer holds `old` (the host then
	 * runs the instruction again).  NULL: such writes use write_mem.
	 */
	int (*cmpxchg_mem)(void *opaque, kemu_u64 linear, const void *old, const void *new_val,
			   unsigned int bytes, struct kemu_exception *fault);
	/*
	 * Port I/O of [IN] `count` elements of `size` bytes (count > 1 only for
	 * REP INS/OUTS); pio_in [OUT] val.  KEMU_IO_NEEDED: the host completes
	 * it and re-enters.  pio_out may set ctxt->exit_pending.
	 */
	int (*pio_in)(void *opaque, unsigned int size, kemu_u16 port, void *val,
		      unsigned int count, struct kemu_exception *fault);
	int (*pio_out)(void *opaque, unsigned int size, kemu_u16 port, const void *val,
		       unsigned int count, struct kemu_exception *fault);
	/* The current privilege level (KVM's ops->cpl); NULL: SS.DPL, its definition. */
	unsigned int (*cpl)(void *opaque);
	/*
	 * Implicit supervisor accesses (descriptor tables, the TSS): guest
	 * memory, never MMIO (KVM's read_std/write_std with system = true).
	 */
	int (*read_system)(void *opaque, kemu_u64 linear, void *val, unsigned int bytes,
			   struct kemu_exception *fault);
	int (*write_system)(void *opaque, kemu_u64 linear, const void *val, unsigned int bytes,
			    struct kemu_exception *fault);
	/* Control and debug registers: [IN] cr/dr, value (set_*). */
	kemu_u64 (*get_cr)(void *opaque, unsigned int cr);
	int (*set_cr)(void *opaque, unsigned int cr, kemu_u64 value,
		      struct kemu_exception *fault);
	kemu_u64 (*get_dr)(void *opaque, unsigned int dr);
	int (*set_dr)(void *opaque, unsigned int dr, kemu_u64 value,
		      struct kemu_exception *fault);
	/*
	 * MSRs as WRMSR and the core's own reads (EFER, STAR, TSC, ...) see them:
	 * [IN] msr, value (set_msr); [OUT] *value (get_msr).  KEMU_IO_NEEDED:
	 * the access goes to userspace (KVM's MSR exits).
	 */
	int (*get_msr)(void *opaque, kemu_u32 msr, kemu_u64 *value,
		       struct kemu_exception *fault);
	int (*set_msr)(void *opaque, kemu_u32 msr, kemu_u64 value,
		       struct kemu_exception *fault);
	/* CPUID: [IN] leaf *eax, subleaf *ecx; [OUT] all four, as the guest sees them. */
	void (*cpuid)(void *opaque, kemu_u32 *eax, kemu_u32 *ebx, kemu_u32 *ecx, kemu_u32 *edx);
	void (*get_dtable)(void *opaque, enum kemu_dtable_reg reg, struct kemu_dtable *out);
	void (*set_dtable)(void *opaque, enum kemu_dtable_reg reg, const struct kemu_dtable *in);
	void (*invlpg)(void *opaque, kemu_u64 linear);
	void (*wbinvd)(void *opaque);
	void (*halt)(void *opaque);
	/* XSETBV: [IN] index, value. */
	int (*set_xcr)(void *opaque, kemu_u32 index, kemu_u64 value,
		       struct kemu_exception *fault);
	/*
	 * RDPMC, after the core's CR4.PCE/CPL check: the host's own checks of
	 * [IN] counter and [OUT] its value.  (KVM skips its checks for the
	 * VMware pseudo-PMCs when vmware_backdoor is set.)
	 */
	int (*read_pmc)(void *opaque, kemu_u32 counter, kemu_u64 *value,
			struct kemu_exception *fault);
	/*
	 * Load segment register [IN] `seg` (selector and hidden part), after
	 * the core checked the descriptor.  For a system descriptor in 64-bit
	 * mode (TR, LDTR) the base already holds all 64 bits.
	 */
	void (*set_segment)(void *opaque, enum kemu_seg seg, const struct kemu_segment *in);
	/* IRET unblocks NMIs (KVM's set_nmi_mask(false)). */
	void (*set_nmi_mask)(void *opaque, int masked);
	/*
	 * Nested guests (ctxt->check_intercepts): may L1 intercept this
	 * instruction [IN] at this stage?  KEMU_INTERCEPTED ends the emulation
	 * with nothing changed; KEMU_CONTINUE goes on.
	 */
	int (*intercept)(void *opaque, const struct kemu_intercept_info *info,
			 enum kemu_intercept_stage stage, struct kemu_exception *fault);
	/*
	 * VMCALL/VMMCALL: patch the hypercall for this vendor (rIP stays).  KVM
	 * faults with #UD when the patching quirk is off, #PF writing the
	 * instruction.
	 */
	int (*fix_hypercall)(void *opaque, struct kemu_exception *fault);
	/*
	 * The guest's vector registers, whose state the host owns (in the
	 * kernel: through the FPU helpers; the core itself uses no SSE).  XMM
	 * registers are 16 bytes, YMM 32, MMX 8.
	 */
	void (*get_vreg)(void *opaque, enum kemu_vreg_kind kind, unsigned int index, void *val);
	void (*set_vreg)(void *opaque, enum kemu_vreg_kind kind, unsigned int index,
			 const void *val);
	/* x87 control: FNINIT, or read the control or status word into [OUT] *word. */
	void (*x87)(void *opaque, enum kemu_x87_op op, kemu_u16 *word);
	/*
	 * The first `bytes` of the guest's FXSAVE image (32-bit format: XMM0
	 * from byte 160); fxrstor loads them and keeps the rest of the state.
	 */
	void (*fxsave)(void *opaque, void *image, unsigned int bytes);
	void (*fxrstor)(void *opaque, const void *image, unsigned int bytes);
	/*
	 * RSM: whether the vCPU is in SMM; leave it, restoring the state saved at
	 * entry into the host's vCPU and into ctxt (gprs, rip, rflags).
	 * KEMU_UNHANDLEABLE here means the state could not be restored: the core
	 * then asks for a triple fault (KVM's em_rsm), the one status a callback
	 * answers that does not end the emulation as it says.
	 */
	int (*is_smm)(void *opaque);
	int (*leave_smm)(void *opaque, struct kemu_exception *fault);
	void (*triple_fault)(void *opaque);
	/*
	 * RDMSR's read, through the host's MSR filter (KVM's
	 * get_msr_with_filter; statuses as get_msr).  get_msr then serves only
	 * the core's own reads (EFER, STAR, TSC, ...), which no filter may
	 * refuse.  NULL: RDMSR uses get_msr.
	 */
	int (*get_msr_filtered)(void *opaque, kemu_u32 msr, kemu_u64 *value,
				struct kemu_exception *fault);
};

/* The vector of a fault no callback filled in (the core presets it). */
#define KEMU_NO_VECTOR 0xff

/* The VMware backdoor (kemu_ctxt.vmware_backdoor): ports and pseudo-PMCs. */
#define KEMU_VMWARE_PORT_VMPORT 0x5658
#define KEMU_VMWARE_PORT_VMRPC 0x5659
#define KEMU_VMWARE_PMC_HOST_TSC 0x10000
#define KEMU_VMWARE_PMC_REAL_TIME 0x10001
#define KEMU_VMWARE_PMC_APPARENT_TIME 0x10002

/* kemu_ctxt.shadow bits, KVM's KVM_X86_SHADOW_INT_*. */
#define KEMU_SHADOW_MOV_SS 1
#define KEMU_SHADOW_STI 2

/* The maximum length of an x86 instruction; a longer one raises #GP(0). */
#define KEMU_MAX_INSN_LEN 15

/* Decoded-instruction state that hosts read (KVM copies some into its ctxt). */
struct kemu_insn {
	kemu_u8 bytes[KEMU_MAX_INSN_LEN + 1]; /* fetched bytes */
	kemu_u8 fetched; /* bytes valid in bytes[] */
	kemu_u8 length; /* decoded instruction length */
	kemu_u8 opcode_len; /* 1, 2 or 3 (0F, 0F38/0F3A); VEX/EVEX: by map */
	kemu_u8 opcode; /* last opcode byte (KVM's ctxt->b) */
	kemu_u8 modrm;
	kemu_u8 has_modrm;
	kemu_u8 op_bytes; /* operand size: 2, 4 or 8 */
	kemu_u8 ad_bytes; /* address size: 2, 4 or 8 */
	kemu_u8 rex; /* REX byte (0x40-0x4f) or 0 */
	kemu_u8 seg_override; /* KEMU_SEG_NONE when none */
	kemu_u8 rep_prefix; /* last of 0xf2/0xf3, or 0 */
	kemu_u8 lock_prefix;
	kemu_u8 rip_relative;
	kemu_u8 reg; /* ModRM.reg, or the opcode's register, with REX.R/REX.B */
	kemu_u8 rm; /* ModRM.rm with REX.B (register operand when mod == 3) */
	kemu_u8 sib;
	kemu_u8 opsize_prefix; /* 66 seen */
	kemu_u8 adsize_prefix; /* 67 seen */
	kemu_u8 mandatory_prefix; /* 0, 0x66, 0xf3 or 0xf2, when the opcode selects by it */
	kemu_u8 vex; /* 0, or the escape: 0xc5, 0xc4 (VEX), 0x62 (EVEX) */
	kemu_u8 vex_map; /* VEX/EVEX opcode map: 1 = 0F, 2 = 0F38, 3 = 0F3A, ... */
	kemu_u8 vex_vvvv; /* extra register operand, already inverted */
	kemu_u8 vex_l; /* vector length: 0 = 128, 1 = 256, 2 = 512 bits */
	kemu_u8 imm_bytes; /* encoded size of imm (0 when none) */
	kemu_u8 disp_bytes; /* encoded size of disp */
	kemu_u8 reserved[3];
	kemu_u64 imm; /* immediate (sign-extended where the SDM says so) */
	kemu_u64 imm2; /* second immediate: ENTER's level, a far pointer's selector */
	kemu_u64 disp; /* displacement, sign-extended */
	kemu_u64 ea; /* effective address (offset within the segment) */
	kemu_u8 ea_seg; /* segment of the memory operand */
	kemu_u8 mem_operand; /* the instruction has a memory operand (ModRM or moffs) */
	/*
	 * The registers ea adds (KEMU_EA_NO_REG: none), the index shifted left by
	 * ea_scale: a cached decode recomputes ea from them (kemu_decode_cache).
	 */
	kemu_u8 ea_base;
	kemu_u8 ea_index;
	kemu_u8 ea_scale;
	kemu_u8 reserved2[3];
	const void *entry; /* internal: the opcode-map entry */
};

/*
 * Emulated-memory reads (read_mem) of the decoded instruction, replayed when
 * it is executed again without a new decode: after KEMU_IO_NEEDED, the host
 * completes the access (an exit to userspace) and calls kemu_execute again;
 * the reads before the one that needed I/O come from here, not from the
 * device a second time (KVM's mem_read cache and EMULTYPE_NO_DECODE).
 * kemu_decode empties it; REP strings keep one element's reads.
 */
#define KEMU_READ_CACHE_BYTES 1024
struct kemu_read_cache {
	kemu_u16 pos; /* next byte to replay */
	kemu_u16 end; /* bytes cached */
	/*
	 * REP INS elements read from the port in one pio_in call that needed
	 * I/O: the call the instruction repeats when executed again, so that
	 * the host's completed data fits it.  REP INS reads no memory: data[]
	 * holds its run (port values), which it writes to memory as one access
	 * from there, so a host may keep that buffer until userspace took it.
	 */
	kemu_u16 port_run;
	kemu_u8 reserved[2];
	kemu_u8 data[KEMU_READ_CACHE_BYTES];
};

/* kemu_insn.ea_base/ea_index of an address without that register. */
#define KEMU_EA_NO_REG 0xff

/*
 * Decoded-instruction cache (kemu_ctxt.decode_cache): decoding is a function
 * of the instruction's bytes and the mode alone (the effective address aside,
 * which adds registers and, RIP-relative, rIP), so a decode of the same bytes
 * in the same mode is reused.  kemu_decode still fetches the bytes as without
 * the cache (the same callbacks, the same faults) and takes an entry only if
 * the first fetch already holds all of the entry's bytes and they and the
 * mode are equal; anything else decodes afresh and replaces the older entry
 * of the set its rIP maps to.  All zeros is an empty cache; the host owns the storage (one
 * per vCPU: a cache may serve any number of contexts one at a time).
 */
#define KEMU_DECODE_CACHE_SETS 8 /* chosen by rIP */
#define KEMU_DECODE_CACHE_WAYS 2 /* entries per set */
struct kemu_decode_cache_entry {
	struct kemu_insn insn; /* the decode; length 0: no entry */
	kemu_u64 ea_offset; /* insn.ea less its registers (and rIP) */
	kemu_u32 mode; /* the enum kemu_mode it was decoded in */
	kemu_u32 reserved;
};
struct kemu_decode_cache {
	kemu_u64 hits; /* decodes taken from the cache */
	kemu_u64 misses; /* decodes made (and kept when they succeeded) */
	kemu_u8 recent[KEMU_DECODE_CACHE_SETS]; /* per set, the way used last */
	struct kemu_decode_cache_entry entries[KEMU_DECODE_CACHE_SETS][KEMU_DECODE_CACHE_WAYS];
};

/*
 * The emulation context.  The host fills ops, opaque, decode_cache, mode,
 * gprs, rip, rflags, check_intercepts and exit_pending, then calls kemu_decode/
 * kemu_execute (or kemu_emulate).  It need not clear the rest before
 * kemu_decode, which initializes what the instruction uses.  On
 * KEMU_CONTINUE the core has updated gprs and rip; on KEMU_PROPAGATE_FAULT
 * `exception` holds the fault and guest state is unchanged.
 */
struct kemu_ctxt {
	const struct kemu_ops *ops;
	void *opaque;
	/* NULL: every kemu_decode decodes; else this cache (kemu_decode_cache). */
	struct kemu_decode_cache *decode_cache;
	kemu_u32 mode; /* enum kemu_mode */
	kemu_u8 have_exception;
	kemu_u8 reserved[3];
	kemu_u64 gprs[KEMU_NR_GPRS];
	kemu_u64 rip;
	kemu_u64 rflags;
	/*
	 * Interrupt shadow the instruction leaves (KVM's interruptibility):
	 * KEMU_SHADOW_STI after STI set IF, KEMU_SHADOW_MOV_SS after a load of SS.
	 */
	kemu_u8 shadow;
	/* The guest is nested: check each instruction's intercept (ops->intercept). */
	kemu_u8 check_intercepts;
	/*
	 * Set by the host's write_mem/pio_out when the access it accepted still
	 * has to go to userspace before anything else may happen (KVM: an MMIO
	 * write or port output waiting for an exit).  A REP string instruction
	 * then stops after the current element, leaving rIP on itself, as KVM's
	 * emulator does.  The host clears it before each kemu_execute.  No
	 * emulated-memory access follows in that pass (KVM would forget the
	 * waiting write): later pushes go out together with it as one write,
	 * anything else is refused (KEMU_UNHANDLEABLE).
	 */
	kemu_u8 exit_pending;
	/*
	 * KVM's enable_vmware_backdoor (a kvm.ko parameter): the VMware
	 * backdoor's ports (KEMU_VMWARE_PORT_*) pass the I/O permission check
	 * and its pseudo-PMCs (KEMU_VMWARE_PMC_*) RDPMC's privilege check, at
	 * any CPL, as under VMware.
	 */
	kemu_u8 vmware_backdoor;
	kemu_u8 reserved2[4];
	struct kemu_exception exception;
	struct kemu_insn insn;
	struct kemu_read_cache read_cache;
};

/*
 * Decode the instruction at CS:rip.  If `bytes`/`len` are given (len > 0) they
 * are the first bytes of the instruction (KVM's decode-assist / forced
 * emulation path); more are fetched through ops->fetch if needed.
 */
int kemu_decode(struct kemu_ctxt *ctxt, const kemu_u8 *bytes, unsigned int len);
/* Execute the decoded instruction. */
int kemu_execute(struct kemu_ctxt *ctxt);
/* kemu_decode + kemu_execute. */
int kemu_emulate(struct kemu_ctxt *ctxt, const kemu_u8 *bytes, unsigned int len);
/*
 * KVM's x86_page_table_writing_insn: 1 if the decoded instruction is one
 * KVM treats as possibly writing a page-table entry (its PageTable flag).
 */
int kemu_page_table_writing(const struct kemu_ctxt *ctxt);

/*
 * KVM's emulator_can_use_gpa: 0 if the decoded instruction must not reuse
 * the guest-physical address of the exit that caused the emulation for its
 * memory accesses (a REP string, or two memory operands), else 1.
 */
int kemu_can_use_gpa(const struct kemu_ctxt *ctxt);
/* KVM's IsBranch: 1 if the decoded instruction counts as a retired branch. */
int kemu_is_branch(const struct kemu_ctxt *ctxt);
/*
 * 1 if a single-step trap after the decoded instruction follows the TF it
 * leaves rather than the one it started with (SYSCALL, whose SFMASK may
 * clear TF: KVM's em_syscall sets ctxt->tf from the new flags); the host
 * reads it after a successful kemu_execute.
 */
int kemu_single_step_from_result(const struct kemu_ctxt *ctxt);
/* The mnemonic of the decoded instruction ("mov", "rep movs" is "movs"), or NULL. */
const char *kemu_mnemonic(const struct kemu_ctxt *ctxt);
/*
 * KVM's EmulateOnUD: 1 if the decoded instruction is emulated when the CPU
 * raised #UD for it (VMCALL/VMMCALL, SYSCALL/SYSENTER/SYSEXIT, MOVBE, RDPID,
 * RSM); KVM injects #UD for any other.
 */
int kemu_emulate_on_ud(const struct kemu_ctxt *ctxt);
/*
 * 1 if KVM's decode fails for the decoded instruction: kemu decoded it (its
 * length, its text) but does not execute it, and it has no nested intercept
 * to check (KVM's table holds such entries, VMRUN, MONITOR/MWAIT, RDTSCP,
 * ICEBP, ... only for that).  UD0/UD1/UD2, SSE/MMX arithmetic, VEX forms,
 * ...: x86.c then injects #UD under forced emulation or EMULTYPE_TRAP_UD, as
 * for stock KVM, where an execution failure would be an emulation failure.
 */
int kemu_decode_rejects(const struct kemu_ctxt *ctxt);

/* Why a task switch happens (KVM's TASK_SWITCH_*). */
enum kemu_task_switch_reason {
	KEMU_TASK_SWITCH_CALL = 0,
	KEMU_TASK_SWITCH_IRET = 1,
	KEMU_TASK_SWITCH_JMP = 2,
	KEMU_TASK_SWITCH_GATE = 3,
};

/*
 * KVM's emulator_task_switch: switch to the task of TSS `tss_selector`
 * (idt_index: the vector of a software interrupt through a task gate, or
 * -1), saving the current task, and push `error_code` on the new stack if
 * `has_error_code`.  ctxt->rip is the old task's resume address.  Same
 * statuses as kemu_execute; a fault after the new task's registers are
 * loaded is raised in its context, as on the CPU.
 */
int kemu_task_switch(struct kemu_ctxt *ctxt, kemu_u16 tss_selector, int idt_index, int reason,
		     int has_error_code, kemu_u32 error_code);

/*
 * Deliver `vector` as a real-mode interrupt (KVM's emulate_int_real, used to
 * inject events into real-mode guests): push FLAGS, CS, IP at ctxt->rip,
 * jump through the IVT.  Same statuses as kemu_execute.
 */
int kemu_interrupt_real(struct kemu_ctxt *ctxt, unsigned int vector);

/* Result of kemu_disassemble. */
struct kemu_disasm {
	kemu_u8 length; /* instruction length, when the status is KEMU_CONTINUE */
	kemu_u8 vector; /* KEMU_UD (invalid encoding) or KEMU_GP (over 15 bytes) on a fault */
	char text[94]; /* Intel syntax, as objdump -M intel: "mov DWORD PTR [rax],ebx" */
};

/*
 * Decode without executing: the instruction at the start of bytes[0, len) in
 * `mode` (enum kemu_mode).  Returns KEMU_CONTINUE (length and text filled),
 * KEMU_PROPAGATE_FAULT (vector says why: #UD or #GP), or KEMU_UNHANDLEABLE
 * when the bytes end before the instruction does.  Reads only bytes[0, len).
 */
int kemu_disassemble(unsigned int mode, const kemu_u8 *bytes, unsigned int len,
		     struct kemu_disasm *out);

/* A printable name for a status (never NULL). */
const char *kemu_status_name(int status);

/*
 * The core's built-in vectors: hand-checked instructions run through a fake
 * ops table.  Used by the kernel module's load-time self-test (kernel
 * context) and by the userspace tests (one definition, two runners).
 */
unsigned int kemu_selftest_count(void);
const char *kemu_selftest_name(unsigned int index);
/* Run vector `index`; returns 1 if it passed, 0 if not (why goes into `why`). */
int kemu_selftest_run(unsigned int index, char *why, unsigned int why_size);

#ifdef __cplusplus
}
#endif

#endif /* KEMU_KEMU_H */
