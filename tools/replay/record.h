// kemu-replay: one emulation record: its header, passes, calls and results.
#pragma once

#include "calls.h"

namespace kemu_replay {

struct Result {
	unsigned line = 0;
	bool has_decode = false, has_status = false;
	u64 decode = 0, status = 0, rip = 0, rflags = 0;
	u64 gprs[KEMU_NR_GPRS] = {};
	bool exception = false;
	kemu_exception exc{};
};

struct Pass {
	unsigned line = 0;
	std::vector<Call> calls;
	Result result;
};

struct Record {
	unsigned line = 0;
	u64 number = 0, vcpu = 0, emultype = 0, mode = 0, intercepts = 0, rip = 0, rflags = 0;
	u64 vmware_backdoor = 0; // kvm.ko's enable_vmware_backdoor (absent: 0)
	u64 gprs[KEMU_NR_GPRS] = {};
	std::vector<u8> insn;
	std::vector<Pass> passes;
};

// The next record; false at the end of the input (malformed() on bad text).
bool parse_record(Reader &in, Record &r);

} // namespace kemu_replay
