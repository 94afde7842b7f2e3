// Regression tests for the CVEs of KVM's x86 emulator that apply to an
// instruction emulator (tests/cves/README.md lists them).  Each test names its CVE and
// asserts the safe behaviour on kemu's side of the contract.  (CVEs in KVM's
// x86.c, MMU, nested or device code are the takeover's and the L2 suite's.)
#include <gtest/gtest.h>

#include "cve_machine.h"

namespace {

// CVE-2017-2583: "MOV SS, null selector" was accepted at CPL 3 in 64-bit
// mode, and its later use crashed the host.  Null SS: #GP(0) at CPL 3 and
// outside 64-bit mode; loaded (unusable) only in 64-bit mode at CPL < 3
// with RPL = CPL.
TEST(Cve_2017_2583, MovSsNullSelector)
{
	CveMachine user(KEMU_MODE_PROT64, 3);
	user.code({0x8e, 0xd0}); // mov ss,eax
	user.ctxt.gprs[KEMU_RAX] = 3;
	ASSERT_EQ(KEMU_PROPAGATE_FAULT, user.run());
	EXPECT_EQ(KEMU_GP, user.ctxt.exception.vector);
	EXPECT_FALSE(user.called("set_segment SS"));

	CveMachine legacy(KEMU_MODE_PROT32, 0);
	legacy.code({0x8e, 0xd0});
	legacy.ctxt.gprs[KEMU_RAX] = 0;
	ASSERT_EQ(KEMU_PROPAGATE_FAULT, legacy.run());
	EXPECT_EQ(KEMU_GP, legacy.ctxt.exception.vector);

	CveMachine kernel(KEMU_MODE_PROT64, 0);
	kernel.code({0x8e, 0xd0});
	kernel.ctxt.gprs[KEMU_RAX] = 0;
	ASSERT_EQ(KEMU_CONTINUE, kernel.run());
	EXPECT_TRUE(kernel.segs[KEMU_SEG_SS].unusable);
}

// CVE-2016-9756: em_jmp_far/em_ret_far loaded CS, then failed on rIP and
// "recovered" by loading the old CS again, leaking host stack to the guest.
// kemu checks the new rIP against the new CS first: a fault loads nothing.
TEST(Cve_2016_9756, FarTransferFaultLoadsNothing)
{
	CveMachine m(KEMU_MODE_PROT32);
	m.descriptor(1, 0x00409b0000000fff);                // CS 0x08: limit 0xfff
	m.code({0xea, 0x00, 0x20, 0x00, 0x00, 0x08, 0x00}); // jmp 0x08:0x2000
	ASSERT_EQ(KEMU_PROPAGATE_FAULT, m.run());
	EXPECT_EQ(KEMU_GP, m.ctxt.exception.vector);
	EXPECT_FALSE(m.called("set_segment CS"));
	EXPECT_EQ(0x1000u, m.ctxt.rip);

	CveMachine r(KEMU_MODE_PROT32);
	r.descriptor(1, 0x00409b0000000fff);
	r.ctxt.gprs[KEMU_RSP] = 0x3000;
	const uint32_t frame[2] = {0x2000, 0x08}; // eip past the limit, cs
	memcpy(&r.ram[0x3000], frame, sizeof(frame));
	r.code({0xcb}); // retf
	ASSERT_EQ(KEMU_PROPAGATE_FAULT, r.run());
	EXPECT_FALSE(r.called("set_segment CS"));
	EXPECT_EQ(0x3000u, r.ctxt.gprs[KEMU_RSP]);
}

// CVE-2022-1852: the emulator ran with no decoded instruction (a NULL
// dereference).  kemu_execute without a successful decode does nothing.
TEST(Cve_2022_1852, ExecuteWithoutADecodedInstruction)
{
	CveMachine fresh(KEMU_MODE_PROT64);
	EXPECT_EQ(KEMU_UNHANDLEABLE, kemu_execute(&fresh.ctxt));
	EXPECT_EQ(0u, fresh.ncalls);

	CveMachine failed(KEMU_MODE_PROT64);
	failed.code({0x0f, 0x04}); // no such opcode: #UD at decode
	EXPECT_EQ(KEMU_PROPAGATE_FAULT, kemu_decode(&failed.ctxt, nullptr, 0));
	failed.clear_log();
	EXPECT_EQ(KEMU_UNHANDLEABLE, kemu_execute(&failed.ctxt));
	EXPECT_EQ(0u, failed.ncalls);
}

// CVE-2018-10853 and CVE-2010-0298: SGDT/SIDT/FXSAVE wrote guest memory with
// supervisor rights from CPL 3.  kemu writes their operands through
// write_mem, the guest's own access that the host checks at the guest's
// CPL; write_system (implicit supervisor accesses) is for descriptors only.
TEST(Cve_2018_10853, UserModeStoresAreGuestAccesses)
{
	CveMachine sgdt(KEMU_MODE_PROT32, 3);
	sgdt.ctxt.gprs[KEMU_RBX] = 0x4000;
	sgdt.code({0x0f, 0x01, 0x03}); // sgdt [ebx]
	ASSERT_EQ(KEMU_CONTINUE, sgdt.run());
	EXPECT_TRUE(sgdt.called("write_mem"));
	EXPECT_FALSE(sgdt.called("write_system"));

	CveMachine fx(KEMU_MODE_PROT32, 3);
	fx.cr[0] &= ~8ull; // TS clear
	fx.ctxt.gprs[KEMU_RBX] = 0x4000;
	fx.code({0x0f, 0xae, 0x03}); // fxsave [ebx]
	ASSERT_EQ(KEMU_CONTINUE, fx.run());
	EXPECT_TRUE(fx.called("write_mem"));
	EXPECT_FALSE(fx.called("write_system"));
}

// CVE-2017-2584: segmented_write_std copied from an uninitialized host
// buffer.  SGDT in 32-bit code stores exactly limit and base, 6 bytes.
TEST(Cve_2017_2584, SgdtStoresOnlyDefinedBytes)
{
	CveMachine m(KEMU_MODE_PROT32);
	memset(&m.ram[0x4000], 0xee, 16);
	m.ctxt.gprs[KEMU_RBX] = 0x4000;
	m.code({0x0f, 0x01, 0x03});
	ASSERT_EQ(KEMU_CONTINUE, m.run());
	const uint8_t want[8] = {0xff, 0x00, 0x00, 0x80, 0x00, 0x00, 0xee, 0xee};
	EXPECT_EQ(0, memcmp(&m.ram[0x4000], want, sizeof(want)));
}

// CVE-2019-7222: an exception structure reached the guest with
// uninitialized fields.  A fault the core raises is fully written.
TEST(Cve_2019_7222, RaisedExceptionsAreFullyInitialized)
{
	CveMachine m(KEMU_MODE_PROT64, 3);
	memset(&m.ctxt.exception, 0xaa, sizeof(m.ctxt.exception));
	m.code({0x0f, 0x22, 0xc0}); // mov cr0,rax at CPL 3
	ASSERT_EQ(KEMU_PROPAGATE_FAULT, m.run());
	EXPECT_EQ(KEMU_GP, m.ctxt.exception.vector);
	EXPECT_EQ(1, m.ctxt.exception.error_code_valid);
	EXPECT_EQ(0u, m.ctxt.exception.error_code);
	EXPECT_EQ(0u, m.ctxt.exception.reserved);
	EXPECT_EQ(0u, m.ctxt.exception.address);
}

// CVE-2024-35804: an emulated atomic instruction's target page was not
// marked dirty because the write bypassed the atomic path.  LOCKed
// read-modify-writes and XCHG with memory write through cmpxchg_mem.
TEST(Cve_2024_35804, AtomicWritesUseTheAtomicCallback)
{
	CveMachine lock_add(KEMU_MODE_PROT64);
	lock_add.ctxt.gprs[KEMU_RBX] = 0x4000;
	lock_add.code({0xf0, 0x01, 0x03}); // lock add [rbx],eax
	ASSERT_EQ(KEMU_CONTINUE, lock_add.run());
	EXPECT_TRUE(lock_add.called("cmpxchg_mem"));
	EXPECT_FALSE(lock_add.called("write_mem"));

	CveMachine xchg(KEMU_MODE_PROT64);
	xchg.ctxt.gprs[KEMU_RBX] = 0x4000;
	xchg.code({0x87, 0x03}); // xchg [rbx],eax
	ASSERT_EQ(KEMU_CONTINUE, xchg.run());
	EXPECT_TRUE(xchg.called("cmpxchg_mem"));
	EXPECT_FALSE(xchg.called("write_mem"));
}

// CVE-2017-7518: single-stepping over SYSCALL raised #DB at the wrong
// place.  SYSCALL saves RFLAGS with TF in R11 and clears TF by SFMASK, so
// the trap belongs to the instruction before the system-call entry point.
TEST(Cve_2017_7518, SyscallSavesAndMasksTf)
{
	CveMachine m(KEMU_MODE_PROT64);
	m.ctxt.rflags = 0x302; // TF, IF
	m.code({0x0f, 0x05});
	ASSERT_EQ(KEMU_CONTINUE, m.run());
	EXPECT_EQ(0x302u, m.ctxt.gprs[KEMU_R11]);
	EXPECT_EQ(0u, m.ctxt.rflags & 0x100);
	EXPECT_EQ(0xffffffff81000000u, m.ctxt.rip);
}

// The SYSCALL-in-compatibility-mode class (the emulator let 32-bit
// code on Intel enter the 64-bit kernel): #UD there on an Intel guest.
TEST(Cve_SyscallCompatibilityMode, IntelGuestGetsUd)
{
	CveMachine m(KEMU_MODE_PROT32); // with EFER.LMA: compatibility mode
	m.code({0x0f, 0x05});
	ASSERT_EQ(KEMU_PROPAGATE_FAULT, m.run());
	EXPECT_EQ(KEMU_UD, m.ctxt.exception.vector);
	EXPECT_FALSE(m.called("set_segment CS"));
}

} // namespace
