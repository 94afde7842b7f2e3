// kemu as the system under test: the same instruction, state and memory as
// the native run, through kemu_emulate with an ops backend whose linear
// addresses are the host addresses of the data buffer (layout.h).
#pragma once

#include "state.h"

#include <kemu/kemu.h>

namespace native {

struct KemuRun {
	enum Verdict { Ran, NotEmulated, Broken };
	Verdict verdict = Ran;
	int status = KEMU_CONTINUE; // of the last pass
	unsigned passes = 0;        // kemu_emulate calls (REP strings restart)
	const char *why = "";       // for Broken
	Outcome outcome;
};

class KemuCpu {
public:
	// `base_rflags`: the bits user code always has (NativeCpu::base_rflags).
	explicit KemuCpu(uint64_t base_rflags) : base_rflags_(base_rflags) {}

	// Emulate bytes[0, len) at `rip`.  A REP string instruction that has not
	// finished leaves RIP on itself (KVM's restart); it is emulated again,
	// decode included, until it retires, faults or exceeds `max_passes`.
	void run(const uint8_t *bytes, unsigned len, uint64_t rip, const CpuState &in,
	         const uint8_t *memory, unsigned max_passes, KemuRun &out);

	// Decode through `cache` (nullptr: no cache), kept across runs as a
	// vCPU's; `warm`: decode each instruction once before its run, whose
	// decodes then come from the cache.
	static void use_decode_cache(kemu_decode_cache *cache, bool warm)
	{
		decode_cache_ = cache;
		decode_cache_warm_ = warm;
	}

private:
	uint64_t base_rflags_;
	static inline kemu_decode_cache *decode_cache_ = nullptr;
	static inline bool decode_cache_warm_ = false;
};

} // namespace native
