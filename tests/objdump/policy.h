// The comparison policy of the objdump differential test (POLICY.md says
// why each rule exists).  Every excused difference has a named category
// that is counted and printed; an unnamed difference fails the run.
#pragma once

#include <kemu/kemu.h>

#include <cstdio>
#include <cstring>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace kemu::objdump {

// objdump's output for one slot: bare-prefix lines, then the instruction.
struct Objdump {
	std::vector<std::string> parts;
	unsigned length = 0;

	std::string joined() const
	{
		std::string s;
		for (const auto &p : parts)
			s += (s.empty() ? "" : " | ") + p;
		return s;
	}
};

struct Verdict {
	bool ok;
	std::string category;
};

inline std::vector<std::string> words(const std::string &s)
{
	std::istringstream in(s);
	std::vector<std::string> w;
	std::string t;
	while (in >> t)
		w.push_back(t);
	return w;
}

// Words objdump prints for prefixes (before a mnemonic, or alone).
inline bool is_prefix_word(const std::string &w)
{
	static const std::set<std::string> k = {
	    "lock",   "rep",    "repz",    "repnz",    "repe",     "repne", "data16", "data32",
	    "addr16", "addr32", "rex",     "cs",       "ds",       "es",    "ss",     "fs",
	    "gs",     "bnd",    "notrack", "xacquire", "xrelease", "{vex}", "{vex3}", "{evex}"};
	return k.count(w) || w.rfind("rex.", 0) == 0;
}

inline bool is_prefix_only(const std::string &text)
{
	const auto w = words(text);
	if (w.empty())
		return false;
	for (const auto &x : w)
		if (!is_prefix_word(x))
			return false;
	return true;
}

// The mnemonic of objdump's instruction: its first word after the prefixes.
inline std::string objdump_mnemonic(const Objdump &od)
{
	if (od.parts.empty())
		return "";
	for (const auto &w : words(od.parts.back()))
		if (!is_prefix_word(w))
			return w;
	return "";
}

inline std::string kemu_mnemonic(const kemu_disasm &d)
{
	for (const auto &w : words(d.text))
		if (!is_prefix_word(w))
			return w;
	return "";
}

// Spellings that name the same instruction.  Size suffixes: objdump adds w/d/q
// where the operand size is overridden, kemu spells the size the SDM way.
inline std::string normalise(std::string m)
{
	static const std::map<std::string, std::string> kSame = {
	    {"movabs", "mov"},
	    {"sal", "shl"},
	    {"lret", "retf"},
	    {"pushad", "pusha"},
	    {"popad", "popa"},
	    {"pushfd", "pushf"},
	    {"pushfq", "pushf"},
	    {"popfd", "popf"},
	    {"popfq", "popf"},
	    {"iretd", "iret"},
	    {"iretq", "iret"},
	    {"cwde", "cbw"},
	    {"cdqe", "cbw"},
	    {"cdq", "cwd"},
	    {"cqo", "cwd"},
	    {"jecxz", "jcxz"},
	    {"jrcxz", "jcxz"},
	    {"xlatb", "xlat"},
	    {"sysretd", "sysret"},
	    {"sysretq", "sysret"},
	    {"sysexitd", "sysexit"},
	    {"sysexitq", "sysexit"},
	    {"retfq", "retf"},
	    {"retfw", "retf"},
	    {"xbeginw", "xbegin"},
	    {"pcmpestrmq", "pcmpestrm"},
	    {"pcmpestriq", "pcmpestri"},
	    {"pcmpistrmq", "pcmpistrm"},
	    {"pcmpistriq", "pcmpistri"},
	    // objdump names the PREFETCHIT hints that RIP-relative 0F 18 /6-7 carry
	    {"prefetchit0", "nop"},
	    {"prefetchit1", "nop"}};
	// objdump spells PCLMULQDQ by its immediate (pclmullqhqdq).
	if (m.rfind("pclmul", 0) == 0 && m.size() > 6 && m.compare(m.size() - 2, 2, "dq") == 0)
		m = "pclmulqdq";
	// objdump spells CMPPS/CMPPD/CMPSS/CMPSD with imm8 < 8 by predicate (cmpltps).
	static const char *const kPredicates[] = {"eq",  "lt",  "le",  "unord",
	                                          "neq", "nlt", "nle", "ord"};
	for (const char *p : kPredicates) {
		const std::string pred = p;
		for (const char *sfx : {"ps", "pd", "ss", "sd"})
			if (m == "cmp" + pred + sfx)
				m = std::string("cmp") + sfx;
	}
	// "fneni(8087 only)": objdump's note on the 8087-only controls
	if (m.find('(') != std::string::npos && m[0] != '(')
		m = m.substr(0, m.find('('));
	static const std::set<std::string> kSuffixed = {
	    "pushaw", "popaw",  "pushfw", "popfw", "iretw",  "callw",  "retw",  "jmpw",
	    "lretw",  "enterw", "leavew", "pushw", "popw",   "retfw",  "lretq", "retq",
	    "callq",  "jmpq",   "pushq",  "popq",  "enterq", "leaveq", "iretq"};
	if (kSuffixed.count(m))
		m.pop_back();
	auto it = kSame.find(m);
	return it == kSame.end() ? m : it->second;
}

// objdump appends w/d/q to these when the operand size is not the mode's default.
inline bool size_suffixed(const std::string &km, const std::string &om)
{
	static const std::set<std::string> kStems = {
	    "push",   "pop",  "ret",   "retf", "enter",  "leave",   "call",   "jmp",
	    "sgdt",   "sidt", "lgdt",  "lidt", "fldenv", "fnstenv", "fnsave", "frstor",
	    "xbegin", "iret", "pusha", "popa", "pushf",  "popf"};
	const std::string k = normalise(km);
	return om.size() == k.size() + 1 && om.compare(0, k.size(), k) == 0 &&
	       (om.back() == 'w' || om.back() == 'd' || om.back() == 'q') && kStems.count(k);
}

inline bool objdump_invalid(const Objdump &od)
{
	const std::string m = objdump_mnemonic(od);
	if (m.empty() || m == "(bad)" || m == ".byte" || od.parts.empty())
		return true;
	// "(bad)" or "?" in place of an operand: an encoding objdump rejects.
	for (const auto &w : words(od.parts.back()))
		if (w.find("(bad)") != std::string::npos || w.find('?') != std::string::npos)
			return true;
	return false;
}

inline bool has_prefix(const uint8_t *b, uint8_t p)
{
	for (unsigned i = 0; i < 15; i++) {
		if (b[i] == p)
			return true;
		const bool legacy = b[i] == 0x66 || b[i] == 0x67 || b[i] == 0xf0 || b[i] == 0xf2 ||
		                    b[i] == 0xf3 || b[i] == 0x26 || b[i] == 0x2e || b[i] == 0x36 ||
		                    b[i] == 0x3e || b[i] == 0x64 || b[i] == 0x65 ||
		                    (b[i] & 0xf0) == 0x40;
		if (!legacy)
			return false;
	}
	return false;
}

// The opcode bytes after the prefixes (REX included in 64-bit mode).
inline const uint8_t *after_prefixes(unsigned bits, const uint8_t *b)
{
	for (unsigned i = 0; i < 15; i++) {
		const uint8_t x = b[i];
		const bool legacy = x == 0x66 || x == 0x67 || x == 0xf0 || x == 0xf2 || x == 0xf3 ||
		                    x == 0x26 || x == 0x2e || x == 0x36 || x == 0x3e || x == 0x64 ||
		                    x == 0x65 || (bits == 64 && (x & 0xf0) == 0x40);
		if (!legacy)
			return b + i;
	}
	return b + 15;
}

// A VEX/EVEX escape where the CPU takes it as one (C4/C5/62 with ModRM.mod == 3
// outside 64-bit mode are LES/LDS/BOUND).
inline bool is_vector_escape(unsigned bits, const uint8_t *op)
{
	return (op[0] == 0xc4 || op[0] == 0xc5 || op[0] == 0x62) &&
	       (bits == 64 || (op[1] & 0xc0) == 0xc0);
}

inline bool split_rex(const Objdump &od)
{
	for (size_t i = 0; i + 1 < od.parts.size(); i++)
		for (const auto &w : words(od.parts[i]))
			if (w == "rex" || w.rfind("rex.", 0) == 0)
				return true;
	return false;
}

// Differences in how the bytes split into instructions.
inline const char *deliberate_split(unsigned bits, const uint8_t *b, const Objdump &od, int rc,
                                    const kemu_disasm &d)
{
	const uint8_t *op = after_prefixes(bits, b);
	if (rc == KEMU_PROPAGATE_FAULT && d.vector == KEMU_GP && od.length > 15)
		return "over 15 bytes: #GP(0) (objdump splits the prefixes over several lines)";
	if (split_rex(od))
		return "REX followed by a legacy prefix: the CPU ignores the REX only; objdump "
		       "splits off the prefixes before it and drops them";
	if (rc == KEMU_CONTINUE && bits == 64 && op[0] == 0x90 && has_prefix(b, 0xf3) &&
	    (op[-1] & 0xf1) == 0x41 && kemu_mnemonic(d) == "xchg")
		return "F3 REX.B 90: REX.B makes 90 XCHG r8 (kemu); objdump prints PAUSE";
	if (rc == KEMU_CONTINUE && op[0] == 0x9b && op[1] >= 0xd8 && op[1] <= 0xdf)
		return "FWAIT then an x87 instruction: the CPU executes two, objdump prints one";
	return nullptr;
}

// kemu decodes the bytes with their F2/F3 prefixes removed to objdump's mnemonic:
// the prefix is the only difference.
inline bool same_without_rep(unsigned bits, const uint8_t *b, const std::string &m)
{
	uint8_t copy[32];
	unsigned n = 0;
	const uint8_t *op = after_prefixes(bits, b);
	for (const uint8_t *p = b; p < b + 32; p++)
		if (p >= op || (*p != 0xf2 && *p != 0xf3))
			copy[n++] = *p;
	const unsigned mode = bits == 16   ? KEMU_MODE_PROT16
	                      : bits == 32 ? KEMU_MODE_PROT32
	                                   : KEMU_MODE_PROT64;
	kemu_disasm d;
	return kemu_disassemble(mode, copy, n, &d) == KEMU_CONTINUE &&
	       normalise(kemu_mnemonic(d)) == normalise(m);
}

// What LOCK may prefix (SDM Vol. 2, LOCK): these instructions with a memory
// destination, which the disassembler's text shows as a first operand in brackets.
inline bool lockable(const std::string &mnemonic, const std::string &text)
{
	static const std::set<std::string> kLockable = {
	    "add", "adc", "and", "btc", "btr", "bts", "cmpxchg", "cmpxchg8b", "cmpxchg16b", "dec",
	    "inc", "neg", "not", "or",  "sbb", "sub", "xor",     "xadd",      "xchg"};
	const size_t at = text.find(mnemonic);
	if (!kLockable.count(mnemonic) || at == std::string::npos)
		return false;
	const std::string first =
	    text.substr(at + mnemonic.size(), text.find(',', at) - at - mnemonic.size());
	return first.find('[') != std::string::npos;
}

// kemu decodes the bytes without their 66, F2 and F3 prefixes to objdump's mnemonic.
inline bool same_without_simd_prefixes(unsigned bits, const uint8_t *b, const std::string &m)
{
	uint8_t copy[32];
	unsigned n = 0;
	const uint8_t *op = after_prefixes(bits, b);
	for (const uint8_t *p = b; p < b + 32; p++)
		if (p >= op || (*p != 0x66 && *p != 0xf2 && *p != 0xf3))
			copy[n++] = *p;
	const unsigned mode = bits == 16   ? KEMU_MODE_PROT16
	                      : bits == 32 ? KEMU_MODE_PROT32
	                                   : KEMU_MODE_PROT64;
	kemu_disasm d;
	return kemu_disassemble(mode, copy, n, &d) == KEMU_CONTINUE &&
	       normalise(kemu_mnemonic(d)) == normalise(m);
}

// Encodings that objdump decodes and kemu rejects with #UD on purpose.
inline const char *deliberate_ud(unsigned bits, const uint8_t *b, const Objdump &od)
{
	const uint8_t *op = after_prefixes(bits, b);
	const std::string m = objdump_mnemonic(od);
	if (has_prefix(b, 0xf0) && !od.parts.empty() && !lockable(m, od.parts.back()))
		return "LOCK without a lockable instruction and memory destination: #UD (SDM "
		       "LOCK); "
		       "objdump decodes the prefix";
	if (is_vector_escape(bits, op) && op == b && (op[0] == 0xc5 || (op[1] & 0x1f) == 1))
		return "VEX map 1 encodings no instruction has (VEX.pp, VEX.L, VEX.vvvv, VEX.W, "
		       "register or memory form; map_vex_0f.h by the SDM): #UD; objdump decodes "
		       "them";
	if (has_prefix(b, 0x66) && op[0] == 0x0f && same_without_simd_prefixes(bits, b, m))
		return "66 on an NP instruction (GETSEC, FXSAVE, XSAVES, ...): #UD; objdump "
		       "decodes it";
	if (is_vector_escape(bits, op) &&
	    (has_prefix(b, 0x66) || has_prefix(b, 0xf2) || has_prefix(b, 0xf3) ||
	     has_prefix(b, 0xf0) || (bits == 64 && (op[-1] & 0xf0) == 0x40 && op > b)))
		return "VEX/EVEX after 66/F2/F3/LOCK/REX: #UD (SDM 2.3.2); objdump decodes";
	if (op[0] == 0x8e && ((op[1] >> 3) & 7) == 1)
		return "MOV to CS (8E /1): #UD; objdump decodes it";
	if (op[0] == 0x0f && op[1] >= 0x20 && op[1] <= 0x26 && m == "mov")
		return "MOV with CR1, CR5-CR7, CR9-CR15 or a test register (0F 24/26): #UD; "
		       "objdump decodes them";
	// The same bytes decode in 64-bit mode: an instruction valid only there.
	if (bits != 64) {
		kemu_disasm d64;
		if (kemu_disassemble(KEMU_MODE_PROT64, b, 32, &d64) == KEMU_CONTINUE &&
		    normalise(kemu_mnemonic(d64)) == normalise(m))
			return "64-bit-only instruction outside 64-bit mode: #UD; objdump decodes "
			       "it";
	}
	if (op[0] == 0x0f && (op[1] == 0xa6 || op[1] == 0xa7))
		return "VIA PadLock (0F A6/A7): Centaur CPUs only; kemu raises #UD";
	if ((has_prefix(b, 0xf2) || has_prefix(b, 0xf3)) && same_without_rep(bits, b, m))
		return "F2/F3 on an opcode with no such mandatory-prefix form: kemu #UD, objdump "
		       "ignores the prefix";
	if (op[0] == 0x0f && op[1] == 0x0f)
		return "3DNow! (0F 0F): no current CPU has it; kemu raises #UD";
	if (op[0] == 0x8f && (op[1] & 0x1f) >= 8)
		return "XOP (8F, map >= 8): AMD family 15h only; kemu raises #UD";
	if (m.rfind("bnd", 0) == 0)
		return "MPX (BND*): removed from current CPUs; kemu decodes 0F 1A/1B as hint NOPs";
	return nullptr;
}

inline bool is_mpx(unsigned bits, const uint8_t *b)
{
	const uint8_t *op = after_prefixes(bits, b);
	return op[0] == 0x0f && (op[1] == 0x1a || op[1] == 0x1b);
}

// Encodings that kemu decodes and objdump does not.
inline const char *deliberate_decode(unsigned bits, const uint8_t *b, const kemu_disasm &d)
{
	const uint8_t *op = after_prefixes(bits, b);
	if (bits != 64 && op[0] == 0xd6 && kemu_mnemonic(d) == "salc")
		return "SALC (D6): undocumented, emulated by KVM; objdump says (bad)";
	if (is_vector_escape(bits, op))
		return "VEX maps 2-3 and EVEX: opcode-level validity is not modelled (kemu decodes "
		       "the length)";
	if (is_mpx(bits, b))
		return "MPX (BND*): removed from current CPUs; kemu decodes 0F 1A/1B as hint NOPs";
	const std::string km = kemu_mnemonic(d);
	if (op[0] == 0x0f && (((op[1] == 0xbc || op[1] == 0xbd) && (km == "bsf" || km == "bsr")) ||
	                      (op[1] == 0x09 && km == "wbinvd")))
		return "a prefix the CPU ignores (F2 BSF/BSR, 66/F2 WBINVD); objdump says (bad)";
	return nullptr;
}

inline Verdict judge(unsigned bits, const uint8_t *b, const Objdump &od, int rc,
                     const kemu_disasm &d)
{
	const bool k_invalid = rc == KEMU_PROPAGATE_FAULT;
	const bool o_invalid = objdump_invalid(od);
	if (rc == KEMU_UNHANDLEABLE)
		return {false, "kemu ran out of bytes (cannot happen with 32-byte slots)"};
	if (const char *why = deliberate_split(bits, b, od, rc, d))
		return {true, std::string("policy: ") + why};
	if (k_invalid && o_invalid)
		return {true, "agree: both invalid"};
	if (k_invalid) {
		if (const char *why = deliberate_ud(bits, b, od))
			return {true, std::string("policy: ") + why};
		return {false, "kemu #UD, objdump decodes: " + objdump_mnemonic(od)};
	}
	if (o_invalid) {
		if (const char *why = deliberate_decode(bits, b, d))
			return {true, std::string("policy: ") + why};
		return {false, "objdump invalid, kemu decodes: " + kemu_mnemonic(d)};
	}
	const std::string km = kemu_mnemonic(d), om = objdump_mnemonic(od);
	const bool vector_insn = km == "(vex)" || km == "(evex)" ||
	                         (km.size() > 1 && km[0] == 'v' && om.size() > 1 && om[0] == 'v');
	if (d.length != od.length) {
		return {false, "length differs: " + om};
	}
	if (normalise(km) == normalise(om))
		return {true, km == om ? "agree: length and mnemonic" : "agree: alias spelling"};
	if (size_suffixed(km, om))
		return {true, "agree: objdump's operand-size suffix"};
	if (vector_insn)
		return {true, "policy: VEX/EVEX compared by length only"};
	if (is_mpx(bits, b) && km == "nop")
		return {true,
		        "policy: MPX (BND*): removed from current CPUs; kemu decodes 0F 1A/1B "
		        "as hint NOPs"};
	return {false, "mnemonic differs: objdump " + om + ", kemu " + km};
}

struct Tally {
	std::map<std::string, unsigned> ok, bad;
	unsigned passed = 0, failed = 0;

	void count(const std::string &category, bool good)
	{
		(good ? ok : bad)[category]++;
		(good ? passed : failed)++;
	}

	// The closing line is "<label>-<bits>: N passed, M failed" (one unit of make check).
	void print(unsigned bits, const char *label = "decode") const
	{
		printf("%u-bit mode: %u encodings compared\n", bits, passed + failed);
		for (const auto &[k, v] : ok)
			printf("  %8u  %s\n", v, k.c_str());
		unsigned shown = 0;
		for (const auto &[k, v] : bad) {
			if (shown++ < 400)
				printf("  %8u  FAIL %s\n", v, k.c_str());
		}
		if (bad.size() > 400)
			printf("  ... %zu more failing categories\n", bad.size() - 400);
		printf("%s-%u: %u passed, %u failed\n", label, bits, passed, failed);
	}
};

} // namespace kemu::objdump
