/*
 * The few kernel services emulate.c calls directly (not through its ops
 * table), for the userspace build:
 *   - WARN_ON_ONCE / BUG (kvm_oracle_warn, kvm_oracle_bug): counted, so the
 *     harness can report an emulation that warned;
 *   - the exception table (kvm_extable.h): SIGFPE/SIGSEGV/SIGBUS handlers
 *     apply the fixup of a faulting fastop DIV or asm_safe() instruction to
 *     the signal context, as the kernel's fixup_exception() does;
 *   - kvm_fpu_get/put (fpu.h): the guest's FXSAVE image in and out of the
 *     hardware registers.
 * Ordinary userspace C (glibc), compiled without SSE code generation so that
 * nothing here disturbs the registers while the guest image is loaded.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>

#include <asm/extable_fixup_types.h> /* verbatim kernel copy (build dir) */

#include "kvm_runtime.h"

/* ---- diagnostics ---------------------------------------------------------- */

unsigned long kvm_oracle_warnings;
int kvm_oracle_quiet_warnings;

void kvm_oracle_warn(const char *file, int line, const char *what)
{
	kvm_oracle_warnings++;
	if (!kvm_oracle_quiet_warnings)
		fprintf(stderr, "kvm-oracle: KVM WARN at %s:%d: %s\n", file, line, what);
}

void kvm_oracle_bug(const char *file, int line)
{
	fprintf(stderr, "kvm-oracle: KVM BUG at %s:%d\n", file, line);
	abort();
}

/* x86.c's module parameter, with the kernel's default */
bool enable_vmware_backdoor = false;

void kvm_oracle_set_vmware_backdoor(int on)
{
	enable_vmware_backdoor = on != 0;
}

/* ---- guest FPU image ------------------------------------------------------- */

struct fx_image {
	uint8_t bytes[512];
} __attribute__((aligned(64)));

static struct fx_image host_fpu;
static struct fx_image default_guest_fpu;
void *kvm_oracle_guest_fpu = &default_guest_fpu;
static int fpu_loaded; /* nesting depth: emulate.c nests get/put */

void kvm_oracle_fpu_load(void)
{
	if (fpu_loaded++)
		return;
	__asm__ volatile("fxsave64 %0" : "=m"(host_fpu));
	__asm__ volatile("fxrstor64 %0" : : "m"(*(struct fx_image *)kvm_oracle_guest_fpu));
}

void kvm_oracle_fpu_save(void)
{
	if (--fpu_loaded)
		return;
	__asm__ volatile("fxsave64 %0" : "=m"(*(struct fx_image *)kvm_oracle_guest_fpu));
	__asm__ volatile("fxrstor64 %0" : : "m"(host_fpu));
}

/* ---- exception table --------------------------------------------------------- */

struct extable_entry {
	int32_t insn;  /* faulting instruction, relative to this field */
	int32_t fixup; /* where to resume, relative to this field */
	int32_t data;  /* EX_TYPE_* with its immediate */
	int32_t name;  /* register name string, relative to this field */
};

extern const struct extable_entry __start_kvm_oracle_extable[] __attribute__((weak));
extern const struct extable_entry __stop_kvm_oracle_extable[] __attribute__((weak));

unsigned long kvm_oracle_fixups;

static uintptr_t rel(const int32_t *field)
{
	return (uintptr_t)field + (intptr_t)*field;
}

/* "%eax", "%%esi", "%r9d", "%rdx" -> index into ucontext gregs, or -1 */
static int greg_of(const char *name)
{
	static const struct {
		const char *name;
		int greg;
	} legacy[] = {
		{"ax", REG_RAX}, {"cx", REG_RCX}, {"dx", REG_RDX}, {"bx", REG_RBX},
		{"sp", REG_RSP}, {"bp", REG_RBP}, {"si", REG_RSI}, {"di", REG_RDI},
	};
	static const int numbered[8] = {REG_R8,  REG_R9,  REG_R10, REG_R11,
					REG_R12, REG_R13, REG_R14, REG_R15};

	while (*name == '%')
		name++;
	if (name[0] == 'r' && name[1] >= '0' && name[1] <= '9') {
		int n = atoi(name + 1);
		return n >= 8 && n <= 15 ? numbered[n - 8] : -1;
	}
	if (name[0] == 'e' || name[0] == 'r')
		name++;
	for (unsigned i = 0; i < sizeof(legacy) / sizeof(legacy[0]); i++)
		if (strncmp(name, legacy[i].name, 2) == 0)
			return legacy[i].greg;
	return -1;
}

static struct sigaction previous[3];

static void on_fault(int sig, siginfo_t *info, void *context)
{
	ucontext_t *uc = context;
	greg_t *g = uc->uc_mcontext.gregs;
	const struct extable_entry *e;

	for (e = __start_kvm_oracle_extable; e && e < __stop_kvm_oracle_extable; e++) {
		if (rel(&e->insn) != (uintptr_t)g[REG_RIP])
			continue;
		if ((e->data & EX_DATA_TYPE_MASK) == EX_TYPE_IMM_REG) {
			int reg = greg_of((const char *)rel(&e->name));
			if (reg < 0)
				break; /* cannot apply it: fall through to a crash */
			g[reg] = (greg_t)(e->data >> EX_DATA_IMM_SHIFT); /* signed */
		}
		g[REG_RIP] = (greg_t)rel(&e->fixup);
		kvm_oracle_fixups++;
		return;
	}
	/* Not emulate.c's: restore the previous handler.  A fault repeats when
	 * the instruction is retried; a signal sent by kill() is raised again. */
	sigaction(sig, &previous[sig == SIGFPE ? 0 : sig == SIGSEGV ? 1 : 2], NULL);
	if (info->si_code <= 0)
		raise(sig);
}

void kvm_oracle_install_fault_handlers(void)
{
	static const int sigs[3] = {SIGFPE, SIGSEGV, SIGBUS};
	struct sigaction sa, old;
	int i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < 3; i++) {
		sigaction(sigs[i], &sa, &old);
		/* installed again: keep the handler from before the first time */
		if (old.sa_sigaction != on_fault)
			previous[i] = old;
	}
}

__attribute__((constructor)) static void install_fault_handlers(void)
{
	/* default guest FPU state: as after FNINIT, MXCSR at its reset value */
	default_guest_fpu.bytes[0] = 0x7f; /* FCW = 0x037f */
	default_guest_fpu.bytes[1] = 0x03;
	default_guest_fpu.bytes[24] = 0x80; /* MXCSR = 0x1f80 */
	default_guest_fpu.bytes[25] = 0x1f;
	kvm_oracle_install_fault_handlers();
}

int kvm_oracle_extable_entries(void)
{
	return (int)(__stop_kvm_oracle_extable - __start_kvm_oracle_extable);
}
