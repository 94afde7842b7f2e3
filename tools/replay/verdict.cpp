// kemu-replay's verdict (verdict.h).
#include "verdict.h"

#include <cinttypes>

#include "host.h"

namespace kemu_replay {

namespace {

const char *mode_name(u64 mode)
{
	static const char *const names[] = {"real", "vm86", "prot16", "prot32", "prot64"};
	return mode < 5 ? names[mode] : "?";
}

const char *reg_name(int i)
{
	static const char *const names[] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
	                                    "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15"};
	return names[i];
}

std::string status_text(int s)
{
	return std::to_string(s) + " " + kemu_status_name(s);
}

std::string exception_text(bool have, const kemu_exception &e)
{
	return have ? format_fault(e) : "none";
}

// Compare the context with the pass's result; the differences.
std::vector<std::string> compare(const kemu_ctxt &c, const Result &r, int decode, int status)
{
	std::vector<std::string> d;
	if (r.has_decode && decode != static_cast<int>(r.decode))
		d.push_back("decode " + status_text(decode) + " (recorded " +
		            status_text(static_cast<int>(r.decode)) + ")");
	if (status >= 0 || r.has_status) {
		std::string mine = status >= 0 ? status_text(status) : "none (not executed)";
		std::string theirs =
		    r.has_status ? status_text(static_cast<int>(r.status)) : "none (not executed)";
		if (mine != theirs)
			d.push_back("status " + mine + " (recorded " + theirs + ")");
	}
	if (c.rip != r.rip)
		d.push_back("rip=" + hex(c.rip) + " (recorded " + hex(r.rip) + ")");
	if (c.rflags != r.rflags)
		d.push_back("rflags=" + hex(c.rflags) + " (recorded " + hex(r.rflags) + ")");
	for (int i = 0; i < KEMU_NR_GPRS; i++)
		if (c.gprs[i] != r.gprs[i])
			d.push_back(std::string(reg_name(i)) + "=" + hex(c.gprs[i]) +
			            " (recorded " + hex(r.gprs[i]) + ")");
	bool have = c.have_exception;
	bool same = have == r.exception;
	if (same && have)
		same = c.exception.vector == r.exc.vector &&
		       c.exception.error_code_valid == r.exc.error_code_valid &&
		       c.exception.error_code == r.exc.error_code &&
		       c.exception.address == r.exc.address;
	if (!same)
		d.push_back("exception=" + exception_text(have, c.exception) + " (recorded " +
		            exception_text(r.exception, r.exc) + ")");
	return d;
}

// The instruction's bytes: as KVM passed them, else what pass 1 fetched.
std::vector<u8> instruction_bytes(const Record &r)
{
	if (!r.insn.empty() || r.passes.empty())
		return r.insn;
	std::vector<u8> b;
	for (const Call &c : r.passes[0].calls) {
		if (c.kind != kFetch || c.num("rc") != KEMU_CONTINUE)
			continue;
		for (u8 x : c.get("data").bytes)
			if (b.size() < KEMU_MAX_INSN_LEN)
				b.push_back(x);
	}
	return b;
}

} // namespace

bool replay(const Record &r)
{
	std::vector<u8> bytes = instruction_bytes(r);
	kemu_disasm d{};
	int dr = kemu_disassemble(static_cast<unsigned>(r.mode), bytes.data(),
	                          static_cast<unsigned>(bytes.size()), &d);
	std::string text = d.text;
	if (dr != KEMU_CONTINUE && text.empty())
		text = "(bad)";
	printf("record %" PRIu64 ": vcpu %" PRIu64 " mode %" PRIu64 " (%s) emultype %s rip %s: %s%s"
	       "  [%s%s]\n",
	       r.number, r.vcpu, r.mode, mode_name(r.mode), hex(r.emultype).c_str(),
	       hex(r.rip).c_str(), text.c_str(),
	       dr == KEMU_PROPAGATE_FAULT ? (d.vector == KEMU_UD ? " (#UD)" : " (#GP)") : "",
	       hex_bytes(bytes.data(), bytes.size()).c_str(),
	       r.insn.empty() ? (bytes.empty() ? "no bytes" : " fetched") : "");

	static kemu_ctxt ctxt; // (large: the read cache)
	memset(&ctxt, 0, sizeof(ctxt));
	Replay rp;
	rp.ctxt = &ctxt;
	ctxt.ops = &kReplayOps;
	ctxt.opaque = &rp;
	ctxt.mode = static_cast<kemu_u32>(r.mode);
	for (int i = 0; i < KEMU_NR_GPRS; i++)
		ctxt.gprs[i] = r.gprs[i];
	ctxt.rip = r.rip;
	ctxt.rflags = r.rflags;
	ctxt.check_intercepts = static_cast<u8>(r.intercepts);
	ctxt.vmware_backdoor = static_cast<u8>(r.vmware_backdoor);

	for (size_t i = 0; i < r.passes.size(); i++) {
		const Pass &p = r.passes[i];
		rp.pass = &p;
		rp.next = 0;
		rp.made = 0;
		rp.pass_differences.clear();
		rp.pass_number = static_cast<unsigned>(i + 1);
		int decode = -1, status = -1;
		if (i == 0) {
			decode = kemu_decode(&ctxt, r.insn.empty() ? nullptr : r.insn.data(),
			                     static_cast<unsigned>(r.insn.size()));
			// The host executes after a decode that succeeded, unless it
			// refused the instruction (no status recorded).
			if (decode == KEMU_CONTINUE && p.result.has_status)
				status = kemu_execute(&ctxt);
		} else {
			ctxt.exit_pending = 0;
			status = kemu_execute(&ctxt);
		}
		if (rp.next < p.calls.size()) {
			const Call &left = p.calls[rp.next];
			std::string what = std::to_string(p.calls.size() - rp.next) +
			                   " recorded call(s) not made, from line " +
			                   std::to_string(left.line) + ": " +
			                   format_call(left, true);
			if (!rp.departed) // (after a departure they are expected)
				rp.difference("missing call " + std::to_string(rp.next + 1) + ": " +
				              what);
			else
				rp.pass_differences.push_back(what);
		}
		for (auto &x : compare(ctxt, p.result, decode, status))
			rp.difference(x);
		std::string head = "pass " + std::to_string(i + 1) + ": ";
		if (decode >= 0)
			head += "decode " + status_text(decode) + " (recorded " +
			        status_text(static_cast<int>(p.result.decode)) + "), ";
		head += "status " + (status >= 0 ? status_text(status) : std::string("none")) +
		        " (recorded " +
		        (p.result.has_status ? status_text(static_cast<int>(p.result.status))
		                             : std::string("none")) +
		        "), " + std::to_string(rp.made) + (rp.made == 1 ? " call" : " calls") +
		        " (recorded " + std::to_string(p.calls.size()) + "): ";
		std::string diffs;
		for (auto &x : rp.pass_differences)
			diffs += (diffs.empty() ? "" : "; ") + x;
		printf("  %s%s%s\n", head.c_str(),
		       diffs.empty() ? "same" : "DIFFERS: ", diffs.c_str());
	}
	if (rp.first_difference.empty()) {
		printf("record %" PRIu64 ": reproduced\n", r.number);
		return true;
	}
	printf("record %" PRIu64 ": NOT reproduced: %s\n", r.number, rp.first_difference.c_str());
	return false;
}
} // namespace kemu_replay
