// A guest for the CVE regression tests: the fake host
// (emulator/fakehost/fake_host.h) with flat RAM at 0x1000-0x9fff, a GDT in
// it, the MSRs SYSCALL reads, CPUID, and the log of which callbacks the core
// made (the CVEs are about what the emulator asks the host to do).
#pragma once

#include <kemu/kemu.h>

#include "fakehost/fake_host.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

struct CveMachine : kemu::FakeHost {
	static constexpr uint64_t kRamBase = 0x1000, kRamEnd = 0xa000, kGdt = 0x8000;
	std::vector<uint8_t> ram = std::vector<uint8_t>(kRamEnd); // indexed by address

	explicit CveMachine(kemu_mode mode, unsigned cpl = 0)
	{
		reset(mode, cpl);
		map(kRamBase, kRamEnd - kRamBase, ram.data() + kRamBase);
		for (unsigned i = 0; i < KEMU_SEG_COUNT; i++) {
			segs[i].l = mode == KEMU_MODE_PROT64 && i == KEMU_SEG_CS;
			segs[i].selector =
			    static_cast<uint16_t>(i == KEMU_SEG_CS ? 0x08 | cpl : 0x10 | cpl);
		}
		dtables[KEMU_GDTR] = dtables[KEMU_IDTR] = {kGdt, 0xff, {}};
		cr[0] = 0x80050033;
		add_msr(0xc0000080, 0x501);              // EFER: SCE, LME, LMA
		add_msr(0xc0000081, 0x0023001000000000); // STAR: CS 0x10
		add_msr(0xc0000082, 0xffffffff81000000); // LSTAR
		add_msr(0xc0000083, 0x401000);           // CSTAR
		add_msr(0xc0000084, 0x700);              // SFMASK: TF IF DF
		ops.cpuid = cpuid;
		ops.fxsave = fxsave;
		ctxt.rip = 0x1000;
	}
	CveMachine(const CveMachine &) = delete; // ctxt.opaque points here

	// A GDT entry, in the SDM's 8-byte format.
	void descriptor(unsigned index, uint64_t raw) { memcpy(&ram[kGdt + 8 * index], &raw, 8); }
	void code(std::vector<uint8_t> bytes)
	{
		memcpy(&ram[ctxt.rip], bytes.data(), bytes.size());
	}
	int run() { return emulate(); }

	// Whether the core made a callback: "write_mem", "set_segment CS", ...
	bool called(const std::string &name) const
	{
		static const char *const segments[] = {"ES", "CS", "SS", "DS",
		                                       "FS", "GS", "TR", "LDTR"};
		for (unsigned i = 0; i < ncalls && i < kLogSize; i++) {
			const Call &c = log[i];
			std::string what = c.kind == kemu::FakeCall::SetSegment
			                       ? std::string("set_segment ") + segments[c.where & 7]
			                       : kind_name(c.kind);
			if (what == name)
				return true;
		}
		return false;
	}
	static const char *kind_name(kemu::FakeCall kind)
	{
		using kemu::FakeCall;
		switch (kind) {
		case FakeCall::Fetch:
			return "fetch";
		case FakeCall::Read:
			return "read_mem";
		case FakeCall::Write:
			return "write_mem";
		case FakeCall::Cmpxchg:
			return "cmpxchg_mem";
		case FakeCall::ReadSystem:
			return "read_system";
		case FakeCall::WriteSystem:
			return "write_system";
		default:
			return "other";
		}
	}

	static void cpuid(void *, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
	{
		*a = *c = 0;
		*b = 0x756e6547; // "GenuineIntel"
		*c = 0x6c65746e;
		*d = 0x49656e69;
	}
	static void fxsave(void *, void *image, unsigned bytes) { memset(image, 0xab, bytes); }
};
