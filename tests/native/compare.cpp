#include "compare.h"

#include <cinttypes>
#include <cstring>

namespace native {

namespace {

// "OF df SF zf ...": upper case when set.
std::string flags_text(uint64_t f)
{
	static const struct {
		uint64_t bit;
		const char *set, *clear;
	} kNames[] = {{kOF, "OF", "of"}, {kDF, "DF", "df"}, {kSF, "SF", "sf"}, {kZF, "ZF", "zf"},
	              {kAF, "AF", "af"}, {kPF, "PF", "pf"}, {kCF, "CF", "cf"}};
	std::string s;
	for (const auto &n : kNames) {
		if (!s.empty())
			s += ' ';
		s += (f & n.bit) ? n.set : n.clear;
	}
	return s;
}

// "CF AF": the names of the bits set.
std::string flag_names(uint64_t f)
{
	std::string s = flags_text(f & kTestedFlags), out;
	for (size_t i = 0; i + 1 < s.size() + 1; i += 3)
		if (s[i] >= 'A' && s[i] <= 'Z')
			out += (out.empty() ? "" : " ") + s.substr(i, 2);
	return out.empty() ? "none" : out;
}

const char *vector_name(unsigned v)
{
	static const char *const kNames[32] = {"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD",
	                                       "#NM", "#DF", "?9",  "#TS", "#NP", "#SS", "#GP",
	                                       "#PF", "?15", "#MF", "#AC", "#MC", "#XM"};
	return v < 32 && kNames[v] ? kNames[v] : "?";
}

std::string ending(const Outcome &o)
{
	if (!o.faulted)
		return "retired";
	char buf[64];
	if (o.vector == KEMU_PF)
		snprintf(buf, sizeof(buf), "#PF at %#" PRIx64 " (error code %#x)", o.fault_address,
		         o.error_code);
	else
		snprintf(buf, sizeof(buf), "%s", vector_name(o.vector));
	return buf;
}

char hex_digit(unsigned v)
{
	return "0123456789abcdef"[v & 15];
}

} // namespace

Verdict compare(const Case &c, const Outcome &cpu, const KemuRun &kemu,
                std::vector<std::string> *why)
{
	if (kemu.verdict == KemuRun::NotEmulated)
		return Verdict::NotEmulated;
	bool same = true;
	char buf[160];
	auto differ = [&](const char *fmt, auto... args) {
		same = false;
		if (why) {
			snprintf(buf, sizeof(buf), fmt, args...);
			why->push_back(buf);
		}
	};
	const Outcome &k = kemu.outcome;
	if (kemu.verdict == KemuRun::Broken)
		differ("kemu: %s (status %s after %u passes)", kemu.why,
		       kemu_status_name(kemu.status), kemu.passes);
	if (cpu.faulted != k.faulted || (cpu.faulted && cpu.vector != k.vector))
		differ("ending: cpu %s, kemu %s", ending(cpu).c_str(), ending(k).c_str());
	else if (cpu.faulted && cpu.vector == KEMU_PF && cpu.fault_address != k.fault_address)
		differ("#PF address: cpu %#" PRIx64 ", kemu %#" PRIx64, cpu.fault_address,
		       k.fault_address);
	for (unsigned i = 0; i < 16; i++)
		if (!(c.undefined_regs & (1u << i)) && cpu.state.gpr[i] != k.state.gpr[i])
			differ("%s: cpu 0x%016" PRIx64 ", kemu 0x%016" PRIx64, kGprNames[i],
			       cpu.state.gpr[i], k.state.gpr[i]);
	uint64_t fmask = kTestedFlags & ~c.flags.undefined;
	if ((cpu.state.rflags ^ k.state.rflags) & fmask)
		differ("rflags: cpu [%s], kemu [%s], differing [%s]",
		       flags_text(cpu.state.rflags).c_str(), flags_text(k.state.rflags).c_str(),
		       flag_names((cpu.state.rflags ^ k.state.rflags) & fmask).c_str());
	// The flag table's claims against the CPU itself: a flag it declares
	// unchanged keeps its value (on a fault too), one it declares cleared or
	// set is so once the instruction retired.
	const uint64_t kept = kTestedFlags & ~uint64_t(c.flags.changed());
	if ((cpu.state.rflags ^ c.in.rflags) & kept)
		differ("flag table: cpu changed [%s], declared unchanged",
		       flag_names((cpu.state.rflags ^ c.in.rflags) & kept).c_str());
	if (!cpu.faulted && (cpu.state.rflags & c.flags.cleared & kTestedFlags))
		differ("flag table: cpu left [%s] set, declared cleared",
		       flag_names(cpu.state.rflags & c.flags.cleared & kTestedFlags).c_str());
	if (!cpu.faulted && (~cpu.state.rflags & c.flags.set & kTestedFlags))
		differ("flag table: cpu left [%s] clear, declared set",
		       flag_names(~cpu.state.rflags & c.flags.set & kTestedFlags).c_str());
	if (cpu.state.rip != k.state.rip)
		differ("rip: cpu %#" PRIx64 ", kemu %#" PRIx64, cpu.state.rip, k.state.rip);
	if (memcmp(cpu.memory, k.memory, kDataSize) != 0) {
		unsigned shown = 0;
		for (unsigned i = 0; i < kDataSize && (why || shown == 0); i++) {
			if (cpu.memory[i] == k.memory[i])
				continue;
			unsigned j = i;
			while (j < kDataSize && cpu.memory[j] != k.memory[j] && j - i < 16)
				j++;
			if (shown++ < 8) {
				std::string a, b;
				for (unsigned x = i; x < j; x++) {
					a += hex_digit(cpu.memory[x] >> 4),
					    a += hex_digit(cpu.memory[x]);
					b += hex_digit(k.memory[x] >> 4),
					    b += hex_digit(k.memory[x]);
				}
				differ("memory %#" PRIx64 " (+%u): cpu %s, kemu %s", kDataBase + i,
				       j - i, a.c_str(), b.c_str());
			} else {
				same = false;
			}
			i = j - 1;
		}
	}
	return same ? Verdict::Match : Verdict::Mismatch;
}

std::string describe_insn(const Case &c)
{
	std::string s;
	for (unsigned i = 0; i < c.len; i++) {
		s += hex_digit(c.bytes[i] >> 4);
		s += hex_digit(c.bytes[i]);
		s += ' ';
	}
	kemu_disasm d = {};
	int rc = kemu_disassemble(KEMU_MODE_PROT64, c.bytes, c.len, &d);
	if (rc == KEMU_CONTINUE)
		s += std::string(" ") + d.text;
	else if (rc == KEMU_PROPAGATE_FAULT)
		s += std::string(" (kemu decodes ") + vector_name(d.vector) + ")";
	else
		s += " (kemu: truncated)";
	return s;
}

void print_case(FILE *out, const Case &c, const Outcome &cpu, const KemuRun &kemu)
{
	fprintf(out, "case %" PRIu64 " (seed %" PRIu64 "), class %s, %s\n", c.index, c.seed, c.cls,
	        c.mnemonic.c_str());
	fprintf(out, "  insn:      %s\n", describe_insn(c).c_str());
	fprintf(out, "  at:        %#" PRIx64 ", %u bytes\n", c.in.rip, c.len);
	fprintf(out, "  undefined: flags [%s]%s%s\n", flag_names(c.flags.undefined).c_str(),
	        c.undefined_regs ? ", registers masked" : "",
	        c.note.empty() ? "" : (", " + c.note).c_str());
	fprintf(out, "  ending:    cpu %s; kemu %s, %s after %u pass(es)\n", ending(cpu).c_str(),
	        kemu.verdict == KemuRun::NotEmulated ? "not emulated"
	                                             : ending(kemu.outcome).c_str(),
	        kemu_status_name(kemu.status), kemu.passes);
	fprintf(out, "  %-6s %-18s %-18s %-18s\n", "", "input", "cpu", "kemu");
	const Outcome &k = kemu.outcome;
	for (unsigned i = 0; i < 16; i++) {
		bool masked = c.undefined_regs & (1u << i);
		bool diff = cpu.state.gpr[i] != k.state.gpr[i];
		fprintf(out, "  %-6s 0x%016" PRIx64 " 0x%016" PRIx64 " 0x%016" PRIx64 " %s\n",
		        kGprNames[i], c.in.gpr[i], cpu.state.gpr[i], k.state.gpr[i],
		        masked ? "(undefined)"
		        : diff ? "<<<"
		               : "");
	}
	fprintf(out, "  %-6s 0x%016" PRIx64 " 0x%016" PRIx64 " 0x%016" PRIx64 " %s\n", "rip",
	        c.in.rip, cpu.state.rip, k.state.rip, cpu.state.rip != k.state.rip ? "<<<" : "");
	fprintf(out, "  rflags input [%s]\n", flags_text(c.in.rflags).c_str());
	fprintf(out, "         cpu   [%s]\n", flags_text(cpu.state.rflags).c_str());
	fprintf(out, "         kemu  [%s]\n", flags_text(k.state.rflags).c_str());
	std::vector<std::string> why;
	Verdict v = compare(c, cpu, kemu, &why);
	fprintf(out, "  verdict:   %s\n",
	        v == Verdict::Match      ? "match"
	        : v == Verdict::Mismatch ? "MISMATCH"
	                                 : "not emulated yet");
	for (const std::string &w : why)
		fprintf(out, "    %s\n", w.c_str());
}

} // namespace native
