// A userspace guest for the core's tests: the fake host
// (emulator/fakehost/fake_host.h) with a flat RAM window and flat segments;
// only the four required callbacks; its log records every callback and its
// contract checks count fetches across a page and callbacks after a failed one.
#pragma once

#include <kemu/kemu.h>

#include "fakehost/fake_host.h"

#include <cstdint>
#include <vector>

struct TestMachine : kemu::FakeHost {
	uint64_t ram_base = 0x10000;
	std::vector<uint8_t> ram = std::vector<uint8_t>(0x20000);

	explicit TestMachine(kemu_mode mode)
	{
		reset(mode);
		map(ram_base, ram.size(), ram.data());
		// Only the required callbacks: every instruction that needs another
		// must end in KEMU_UNHANDLEABLE before it changes anything.
		ops = {fetch, read_mem, write_mem, get_segment};
	}
	TestMachine(const TestMachine &) = delete; // ctxt.opaque points here

	// The callbacks logged so far (the log keeps the first kLogSize).
	unsigned logged() const { return ncalls < kLogSize ? ncalls : kLogSize; }
};
