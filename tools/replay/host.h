// kemu-replay's answering host: every callback the core makes is matched
// with the pass's next recorded call and answered from it; the first call
// that differs is a difference, and every call after it is unhandleable.
//
// Not the fake host of emulator/fakehost/ (the tests' configurable machine):
// this host has no state to model, its answers are the record's data, and
// it must answer every callback exactly as KVM did, including statuses and
// faults no model would produce.
#pragma once

#include "record.h"

namespace kemu_replay {

extern bool g_verbose; // -v: print every call

struct Replay {
	kemu_ctxt *ctxt = nullptr;
	const Pass *pass = nullptr;
	size_t next = 0;       // the pass's next recorded call
	unsigned made = 0;     // calls made in this pass
	bool departed = false; // a call did not match: UNHANDLEABLE from now on
	std::string first_difference;
	std::vector<std::string> pass_differences;

	unsigned pass_number = 0;

	// A difference: in this pass's line, and the record's first one.
	void difference(const std::string &d)
	{
		if (first_difference.empty())
			first_difference = "pass " + std::to_string(pass_number) + " " + d;
		pass_differences.push_back(d);
	}

	// The recorded call to answer `made` with, or null (a difference).
	const Call *take(Call &c)
	{
		made++;
		if (departed) {
			if (g_verbose)
				printf("    call %u: %s  (after the departure: unhandleable)\n",
				       made, format_call(c, false).c_str());
			return nullptr;
		}
		if (next >= pass->calls.size()) {
			departed = true;
			difference("extra call " + std::to_string(made) + ": " +
			           format_call(c, false) +
			           " (not in the record, whose result is at line " +
			           std::to_string(pass->result.line) + ")");
			if (g_verbose)
				printf("    call %u: made     %s\n             recorded none\n",
				       made, format_call(c, false).c_str());
			return nullptr;
		}
		const Call &r = pass->calls[next++];
		std::string why;
		if (r.kind != c.kind) {
			why = std::string("made ") + c.spec().name + ", recorded " + r.spec().name;
		} else {
			const Spec &s = r.spec();
			for (size_t i = 0; i < s.keys.size(); i++) {
				const Key &k = s.keys[i];
				if (!k.arg)
					continue;
				const Field &a = c.f[i], &b = r.f[i];
				if (a.num == b.num && a.bytes == b.bytes)
					continue;
				if (!why.empty())
					why += ", ";
				why += std::string(k.name) + "=" + format_field(k, a) +
				       " (recorded " + format_field(k, b) + ")";
			}
			if (!why.empty())
				why = std::string(s.name) + " " + why;
		}
		if (g_verbose) {
			if (why.empty())
				printf("    call %u: %s  (line %u)\n", made,
				       format_call(r, true).c_str(), r.line);
			else
				printf("    call %u: made     %s\n             recorded %s  (line "
				       "%u)\n",
				       made, format_call(c, false).c_str(),
				       format_call(r, true).c_str(), r.line);
		}
		if (why.empty())
			return &r;
		departed = true;
		difference("call " + std::to_string(made) + " (line " + std::to_string(r.line) +
		           "): " + why);
		return nullptr;
	}
};

// Every callback, as kemu.ko's bridge gives them (on 6.12); opaque: a Replay.
extern const kemu_ops kReplayOps;

} // namespace kemu_replay
