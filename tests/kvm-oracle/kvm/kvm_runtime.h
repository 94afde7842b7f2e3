/* Counters and hooks of the runtime behind the userspace emulate.c. */
#ifndef KVM_ORACLE_RUNTIME_H
#define KVM_ORACLE_RUNTIME_H

#ifdef __cplusplus
extern "C" {
#endif

extern unsigned long kvm_oracle_warnings; /* WARN_ON_ONCE hits so far */
extern int kvm_oracle_quiet_warnings;     /* nonzero: count, do not print */
extern unsigned long kvm_oracle_fixups;   /* exception-table fixups applied */
extern void *kvm_oracle_guest_fpu;        /* the guest FXSAVE image in use */
int kvm_oracle_extable_entries(void);
/* x86.c's enable_vmware_backdoor for the next emulations (nonzero: on) */
void kvm_oracle_set_vmware_backdoor(int on);
/* Installed at startup; again by a program whose framework installs its own
 * SIGFPE/SIGSEGV/SIGBUS handlers later (libFuzzer): other faults still reach
 * the handler that was there before. */
void kvm_oracle_install_fault_handlers(void);

#ifdef __cplusplus
}
#endif

#endif
