// KVM's enable_vmware_backdoor (kemu_ctxt.vmware_backdoor): at CPL 3 with
// IOPL 0 and a TSS whose I/O bitmap allows nothing, port I/O is #GP(0)
// except at the backdoor's ports 0x5658 and 0x5659, and RDPMC without
// CR4.PCE is #GP(0) except for the pseudo-PMCs 0x10000-0x10002, as
// emulate.c's emulator_io_port_access_allowed() and check_rdpmc() decide.
// With the option off both are #GP(0), as on the CPU.
#include <gtest/gtest.h>
#include <kemu/kemu.h>

#include "fakehost/fake_host.h"

#include <cstring>
#include <vector>

namespace {

// The fake host over 16 KiB of RAM, flat 32-bit segments at DPL 3 and a TSS;
// particular here: the CPL, the port calls and PMC reads, logged as made.
struct BackdoorMachine : kemu::FakeHost {
	uint8_t ram[0x4000] = {};
	unsigned cpl_value = 3;
	struct Port {
		char dir;
		uint16_t port;
		unsigned size, count;
	};
	std::vector<Port> ports;
	std::vector<uint32_t> pmcs_read;

	static BackdoorMachine &of(void *p) { return *static_cast<BackdoorMachine *>(p); }
	static int pio_in(void *p, unsigned size, uint16_t port, void *val, unsigned count,
	                  kemu_exception *)
	{
		of(p).ports.push_back({'i', port, size, count});
		memset(val, 0x5a, size * count);
		return KEMU_CONTINUE;
	}
	static int pio_out(void *p, unsigned size, uint16_t port, const void *, unsigned count,
	                   kemu_exception *)
	{
		of(p).ports.push_back({'o', port, size, count});
		return KEMU_CONTINUE;
	}
	static unsigned cpl(void *p) { return of(p).cpl_value; }
	static int read_pmc(void *p, uint32_t counter, uint64_t *value, kemu_exception *)
	{
		of(p).pmcs_read.push_back(counter);
		*value = 0x1122334455667788ull;
		return KEMU_CONTINUE;
	}

	// Flat 32-bit protected mode, DPL-3 segments; the TSS at 0x2000 (limit
	// 0x67) puts its bitmap at 0x68, past the limit: every port is denied.
	BackdoorMachine(const BackdoorMachine &) = delete; // ctxt.opaque points here
	BackdoorMachine(std::initializer_list<uint8_t> code, bool backdoor)
	{
		reset(KEMU_MODE_PROT32, 3);
		map(0, sizeof(ram), ram);
		ops = {fetch, read_mem, write_mem, get_segment};
		ops.pio_in = pio_in;
		ops.pio_out = pio_out;
		ops.cpl = cpl;
		ops.read_system = read_system;
		ops.get_cr = get_cr;
		ops.read_pmc = read_pmc;
		segs[KEMU_SEG_TR] = {};
		segs[KEMU_SEG_TR].base = 0x2000;
		segs[KEMU_SEG_TR].limit = 0x67;
		segs[KEMU_SEG_TR].type = 0xb;
		segs[KEMU_SEG_TR].present = 1;
		ram[0x2000 + 102] = 0x68;
		memcpy(&ram[0x1000], code.begin(), code.size());
		ctxt.rip = 0x1000;
		ctxt.rflags = 2; // IOPL 0
		ctxt.vmware_backdoor = backdoor;
	}
	int run() { return kemu_emulate(&ctxt, nullptr, 0); }
	bool raised_gp0() const
	{
		return ctxt.have_exception && ctxt.exception.vector == KEMU_GP &&
		       ctxt.exception.error_code_valid && ctxt.exception.error_code == 0;
	}
};

TEST(VmwareBackdoor, UserModeInFromTheBackdoorPortPassesTheIoBitmap)
{
	BackdoorMachine m({0xed}, true); // in eax, dx
	m.ctxt.gprs[KEMU_RDX] = KEMU_VMWARE_PORT_VMPORT;
	m.ctxt.gprs[KEMU_RAX] = 0x564d5868; // 'VMXh', CMD_GETVERSION in ecx
	m.ctxt.gprs[KEMU_RCX] = 10;
	ASSERT_EQ(KEMU_CONTINUE, m.run());
	ASSERT_EQ(1u, m.ports.size());
	EXPECT_EQ('i', m.ports[0].dir);
	EXPECT_EQ(KEMU_VMWARE_PORT_VMPORT, m.ports[0].port);
	EXPECT_EQ(4u, m.ports[0].size);
	EXPECT_EQ(0x5a5a5a5au, m.ctxt.gprs[KEMU_RAX]);
	EXPECT_EQ(0x1001u, m.ctxt.rip);
}

TEST(VmwareBackdoor, WithoutTheOptionTheBitmapDenies)
{
	BackdoorMachine m({0xed}, false);
	m.ctxt.gprs[KEMU_RDX] = KEMU_VMWARE_PORT_VMPORT;
	ASSERT_EQ(KEMU_PROPAGATE_FAULT, m.run());
	EXPECT_TRUE(m.raised_gp0());
	EXPECT_TRUE(m.ports.empty());
}

TEST(VmwareBackdoor, TheRpcPortAndStringFormsPassToo)
{
	BackdoorMachine out({0xee}, true); // out dx, al
	out.ctxt.gprs[KEMU_RDX] = KEMU_VMWARE_PORT_VMRPC;
	ASSERT_EQ(KEMU_CONTINUE, out.run());
	ASSERT_EQ(1u, out.ports.size());
	EXPECT_EQ('o', out.ports[0].dir);

	BackdoorMachine ins({0xf3, 0x6c}, true); // rep insb (the RPC's bulk transfer)
	ins.ctxt.gprs[KEMU_RDX] = KEMU_VMWARE_PORT_VMRPC;
	ins.ctxt.gprs[KEMU_RCX] = 4;
	ins.ctxt.gprs[KEMU_RDI] = 0x3000;
	ASSERT_EQ(KEMU_CONTINUE, ins.run());
	ASSERT_EQ(1u, ins.ports.size());
	EXPECT_EQ(4u, ins.ports[0].count);
	EXPECT_EQ(0x5a5a5a5au, ins.ram[0x3000] * 0x01010101u);

	BackdoorMachine outs({0xf3, 0x6f}, true); // rep outsd
	outs.ctxt.gprs[KEMU_RDX] = KEMU_VMWARE_PORT_VMRPC;
	outs.ctxt.gprs[KEMU_RCX] = 1;
	outs.ctxt.gprs[KEMU_RSI] = 0x3000;
	ASSERT_EQ(KEMU_CONTINUE, outs.run());
	ASSERT_EQ(1u, outs.ports.size());
	EXPECT_EQ(4u, outs.ports[0].size);
}

TEST(VmwareBackdoor, OnlyAnAccessStartingAtABackdoorPortPasses)
{
	// 0x5657 (a dword reaching 0x5658) and 0x565a are ordinary ports.
	for (uint16_t port : {uint16_t{0x5657}, uint16_t{0x565a}}) {
		BackdoorMachine m({0xed}, true);
		m.ctxt.gprs[KEMU_RDX] = port;
		ASSERT_EQ(KEMU_PROPAGATE_FAULT, m.run()) << port;
		EXPECT_TRUE(m.raised_gp0()) << port;
	}
}

TEST(VmwareBackdoor, Vm86ModeChecksTheBitmapAndTheBackdoorPasses)
{
	BackdoorMachine m({0xed}, true);
	m.ctxt.mode = KEMU_MODE_VM86;
	m.ctxt.rflags = 2 | (3u << 12) | 0x20000; // IOPL 3 does not matter in VM86
	for (unsigned i = 0; i < KEMU_SEG_COUNT; i++) {
		m.segs[i].base = 0;
		m.segs[i].limit = 0xffff;
		m.segs[i].db = m.segs[i].g = 0;
	}
	m.ctxt.gprs[KEMU_RDX] = KEMU_VMWARE_PORT_VMPORT;
	ASSERT_EQ(KEMU_CONTINUE, m.run());
	EXPECT_EQ(1u, m.ports.size());

	BackdoorMachine denied({0xed}, true);
	denied.ctxt.mode = KEMU_MODE_VM86;
	denied.ctxt.rflags = m.ctxt.rflags;
	memcpy(denied.segs, m.segs, sizeof(m.segs));
	denied.ctxt.gprs[KEMU_RDX] = 0x310;
	ASSERT_EQ(KEMU_PROPAGATE_FAULT, denied.run());
	EXPECT_TRUE(denied.raised_gp0());
}

TEST(VmwareBackdoor, UserModeRdpmcReadsThePseudoCounters)
{
	for (uint32_t pmc :
	     {KEMU_VMWARE_PMC_HOST_TSC, KEMU_VMWARE_PMC_REAL_TIME, KEMU_VMWARE_PMC_APPARENT_TIME}) {
		BackdoorMachine m({0x0f, 0x33}, true); // rdpmc, CR4.PCE = 0
		m.ctxt.gprs[KEMU_RCX] = pmc;
		ASSERT_EQ(KEMU_CONTINUE, m.run()) << pmc;
		EXPECT_EQ((std::vector<uint32_t>{pmc}), m.pmcs_read);
		EXPECT_EQ(0x55667788u, m.ctxt.gprs[KEMU_RAX]);
		EXPECT_EQ(0x11223344u, m.ctxt.gprs[KEMU_RDX]);
	}
	for (uint32_t pmc : {0u, 0xffffu, 0x10003u}) { // real counters stay privileged
		BackdoorMachine m({0x0f, 0x33}, true);
		m.ctxt.gprs[KEMU_RCX] = pmc;
		ASSERT_EQ(KEMU_PROPAGATE_FAULT, m.run()) << pmc;
		EXPECT_TRUE(m.raised_gp0());
		EXPECT_TRUE(m.pmcs_read.empty());
	}
	BackdoorMachine off({0x0f, 0x33}, false);
	off.ctxt.gprs[KEMU_RCX] = KEMU_VMWARE_PMC_HOST_TSC;
	ASSERT_EQ(KEMU_PROPAGATE_FAULT, off.run());
	EXPECT_TRUE(off.raised_gp0());
}

TEST(VmwareBackdoor, KernelModeIsUnchanged)
{
	BackdoorMachine m({0xed}, true);
	m.cpl_value = 0;
	m.ctxt.gprs[KEMU_RDX] = 0x310; // any port at CPL 0 <= IOPL
	ASSERT_EQ(KEMU_CONTINUE, m.run());
	EXPECT_EQ(1u, m.ports.size());
}

} // namespace
