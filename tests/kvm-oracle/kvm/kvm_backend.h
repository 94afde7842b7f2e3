/*
 * KVM's emulate.c driven the way arch/x86/kvm/x86.c drives it, behind the
 * oracle's emulator-agnostic interface (oracle_abi.h).  Reusable: the
 * differential harness and the benchmarks both step instructions through it.
 *
 *   struct kvm_backend *kb = aligned_alloc(64, kvm_backend_size());
 *   kvm_backend_init(kb, &my_host, my_host_state);
 *   kvm_backend_step(kb, &cpu, NULL, 0, &exit);   // fetch from guest memory
 */
#ifndef KVM_ORACLE_BACKEND_H
#define KVM_ORACLE_BACKEND_H

#include "oracle_abi.h"

#ifdef __cplusplus
extern "C" {
#endif

struct kvm_backend;

/* Bytes to allocate for a backend (64-byte aligned). */
unsigned long kvm_backend_size(void);
void kvm_backend_init(struct kvm_backend *kb, const struct oracle_host *host, void *host_opaque);

/*
 * One emulation exit as x86_emulate_instruction(vcpu, 0, 0, insn, len):
 * init_emulate_ctxt, x86_decode_insn, x86_emulate_insn with the
 * EMULATION_RESTART loop, then the writeback of RIP/RFLAGS/interruptibility.
 * insn_len == 0 fetches the instruction at CS:RIP through the host (a VMX
 * exit); otherwise the bytes are the decode-assist buffer (an SVM exit).
 * Returns exit->outcome.
 */
int kvm_backend_step(struct kvm_backend *kb, struct oracle_cpu *cpu, const uint8_t *insn,
		     int insn_len, struct oracle_exit *exit);

/*
 * The events x86.c emulates without an instruction, as it drives them:
 * kvm_task_switch() (a task switch the CPU intercepted: exceptions land in
 * exit->fault like an instruction's) and kvm_inject_realmode_interrupt()
 * (irq through the real-mode IVT, returning to RIP + inc_eip; a failure is
 * the triple fault x86.c requests, ORACLE_OUT_OTHER).
 */
int kvm_backend_task_switch(struct kvm_backend *kb, struct oracle_cpu *cpu, uint16_t tss_selector,
			    int idt_index, int reason, int has_error_code, uint32_t error_code,
			    struct oracle_exit *exit);
int kvm_backend_int_real(struct kvm_backend *kb, struct oracle_cpu *cpu, int irq, int inc_eip,
			 struct oracle_exit *exit);

/* Decode only, then x86.c's queries of the decoded instruction. */
void kvm_backend_queries(struct kvm_backend *kb, struct oracle_cpu *cpu,
			 struct oracle_queries *out);

/* Decode only; the instruction length, or -1 if x86_decode_insn failed. */
int kvm_backend_decode(struct kvm_backend *kb, struct oracle_cpu *cpu, const uint8_t *insn,
		       int insn_len);

/*
 * KVM's decode-table leaf of an instruction, found by walking emulate.c's own
 * tables the way x86_decode_insn does (kvm_tables.c).
 */
struct kvm_leaf {
	char map[5];      /* "1B", "0F", "0F38" */
	uint8_t opcode;
	char path[40];    /* the walk: "/4", "/7 mem pfx=66", "modrm=E3", "64bit", ... */
	uint8_t not_impl; /* NotImpl or no flags: KVM cannot decode it */
	uint8_t undefined;/* Undefined: KVM injects #UD */
	uint64_t flags;   /* the leaf's effective decode flags */
	const void *execute;    /* u.execute or u.fastop, as x86_decode_insn takes it */
	const void *check_perm; /* the check_perm function, or NULL */
	unsigned intercept;     /* enum x86_intercept (0: none) */
};

/* The leaf of bytes[0, len) in `mode` (enum x86emul_mode); 0, or -1 when the
 * bytes end before the opcode (and ModRM, when it has one). */
int kvm_leaf_of(const uint8_t *bytes, int len, int mode, struct kvm_leaf *out);
/* Every leaf of KVM's tables, in table order, across both modes. */
int kvm_leaf_count(void);
void kvm_leaf_at(int index, struct kvm_leaf *out);

/*
 * The names emulate.c gives the bits of a leaf's flags, space-separated
 * ("DstMem SrcReg ModRM Lock"); returns the bits no name covers (0 when all
 * are named: a flag a newer kernel adds shows up here).
 */
uint64_t kvm_flag_names(uint64_t flags, char *buf, unsigned size);
/* The name of an enum x86_intercept value ("x86_intercept_in"), or NULL. */
const char *kvm_intercept_name(unsigned intercept);

#ifdef __cplusplus
}
#endif

#endif
