/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KVM's enum x86_intercept and kemu's kemu::decode::Intercept, name by name.
 *
 * Included by C (abi_test.c, with kvm_emulate.h) and by freestanding C++
 * (intercepts.cpp, with the core's decode/opcode.h): no kernel header here.
 * X(kvm, kemu): x86_intercept_<kvm> and Intercept::<kemu>, in KVM's order.
 */
#ifndef KEMU_KUNIT_INTERCEPTS_H
#define KEMU_KUNIT_INTERCEPTS_H

#define KEMU_KUNIT_INTERCEPTS(X)                                                  \
	X(none, None) X(cr_read, CrRead) X(cr_write, CrWrite) X(clts, Clts)       \
	X(lmsw, Lmsw) X(smsw, Smsw) X(dr_read, DrRead) X(dr_write, DrWrite)       \
	X(lidt, Lidt) X(sidt, Sidt) X(lgdt, Lgdt) X(sgdt, Sgdt) X(lldt, Lldt)     \
	X(sldt, Sldt) X(ltr, Ltr) X(str, Str) X(rdtsc, Rdtsc) X(rdpmc, Rdpmc)     \
	X(pushf, Pushf) X(popf, Popf) X(cpuid, Cpuid) X(rsm, Rsm) X(iret, Iret)   \
	X(intn, Intn) X(invd, Invd) X(pause, Pause) X(hlt, Hlt)                   \
	X(invlpg, Invlpg) X(invlpga, Invlpga) X(vmrun, Vmrun) X(vmload, Vmload)   \
	X(vmsave, Vmsave) X(vmmcall, Vmmcall) X(stgi, Stgi) X(clgi, Clgi)         \
	X(skinit, Skinit) X(rdtscp, Rdtscp) X(rdpid, Rdpid) X(icebp, Icebp)       \
	X(wbinvd, Wbinvd) X(monitor, Monitor) X(mwait, Mwait) X(rdmsr, Rdmsr)     \
	X(wrmsr, Wrmsr) X(in, In) X(ins, Ins) X(out, Out) X(outs, Outs)           \
	X(xsetbv, Xsetbv)

#ifdef __cplusplus
extern "C" {
#endif
/* kemu's value of each intercept of the list, in the list's order (intercepts.cpp). */
extern const unsigned char kemu_kunit_intercept_ids[];
extern const unsigned int kemu_kunit_intercept_list_len;
/* kemu::decode::Intercept::Count */
extern const unsigned int kemu_kunit_intercept_count;
#ifdef __cplusplus
}
#endif

#endif /* KEMU_KUNIT_INTERCEPTS_H */
