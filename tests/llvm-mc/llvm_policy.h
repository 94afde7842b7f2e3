// The comparison policy of the LLVM differential test (POLICY.md says why
// each rule exists).  Every excused difference has a named category that is
// counted and printed; an unnamed difference fails the run.
#pragma once

#include <kemu/kemu.h>

#include <string>

#include "llvm_run.h"
#include "policy.h" // the objdump policy's helpers: words, prefixes, spellings

namespace kemu::llvm_mc {

using objdump::Verdict;

inline std::string mnemonic_of(const std::string &text)
{
	for (auto w : objdump::words(text))
		if (!objdump::is_prefix_word(w)) {
			while (!w.empty() && w.back() == '}') // LLVM 14 prints "invlpgb}"
				w.pop_back();
			return w;
		}
	return "";
}

// LLVM's spellings of what kemu (and the SDM) name otherwise.
inline std::string normalise(std::string m)
{
	static const std::map<std::string, std::string> kSame = {
	    {"wait", "fwait"},      {"ljmp", "jmp"},        {"lcall", "call"},
	    {"pushal", "pusha"},    {"popal", "popa"},      {"fcompi", "fcomip"},
	    {"fucompi", "fucomip"}, {"fxsave64", "fxsave"}, {"fxrstor64", "fxrstor"},
	    {"xsave64", "xsave"},   {"xrstor64", "xrstor"}, {"xsaveopt64", "xsaveopt"},
	    {"xsavec64", "xsavec"}, {"xsaves64", "xsaves"}, {"xrstors64", "xrstors"}};
	auto it = kSame.find(m);
	if (it != kSame.end())
		m = it->second;
	// VCMPPS/PD/SS/SD spelled by predicate (vcmpeq_uqps).
	if (m.rfind("vcmp", 0) == 0 && m.size() > 6)
		m = "vcmp" + m.substr(m.size() - 2);
	return objdump::normalise(m);
}

inline unsigned mode_of(unsigned bits)
{
	return bits == 16 ? KEMU_MODE_PROT16 : bits == 32 ? KEMU_MODE_PROT32 : KEMU_MODE_PROT64;
}

// LLVM names a string instruction with its size (movsb, scasd); kemu as the
// SDM's generic form with operands (movs BYTE PTR ...).
inline bool sized_string(const std::string &km, const std::string &lm)
{
	static const char *const kStrings[] = {"ins",  "outs", "lods", "stos",
	                                       "movs", "cmps", "scas"};
	for (const char *k : kStrings)
		if (km == k && lm.size() == km.size() + 1 && lm.compare(0, km.size(), km) == 0 &&
		    std::string("bwdq").find(lm.back()) != std::string::npos)
			return true;
	return false;
}

inline bool is_rex(unsigned bits, uint8_t b)
{
	return bits == 64 && (b & 0xf0) == 0x40;
}

// A REX prefix that another prefix follows: the CPU ignores that REX; LLVM
// rejects the instruction or prints the prefixes before it on their own.
inline bool rex_not_last(unsigned bits, const uint8_t *b)
{
	for (unsigned i = 0; i + 1 < 15 && prefix_byte(bits, b[i]); i++)
		if (is_rex(bits, b[i]) && prefix_byte(bits, b[i + 1]))
			return true;
	return false;
}

// kemu decodes the bytes without the prefix `p` to LLVM's mnemonic.
inline bool same_without(unsigned bits, const uint8_t *b, uint8_t p, const std::string &m,
                         bool all_f2_f3 = false)
{
	uint8_t copy[15 + 15];
	unsigned n = 0;
	const uint8_t *op = objdump::after_prefixes(bits, b);
	for (const uint8_t *q = b; q < b + 15; q++)
		if (q >= op || (*q != p && !(all_f2_f3 && (*q == 0xf2 || *q == 0xf3))))
			copy[n++] = *q;
	while (n < sizeof(copy))
		copy[n++] = 0x90;
	kemu_disasm d;
	if (kemu_disassemble(mode_of(bits), copy, sizeof(copy), &d) != KEMU_CONTINUE)
		return false;
	const std::string km = objdump::kemu_mnemonic(d);
	return normalise(km) == normalise(m) || sized_string(km, m) ||
	       (km.rfind("mov", 0) == 0 && m.rfind("mov", 0) == 0 && km.size() == 4 &&
	        m.size() == 4 && (km[3] == 'd' || km[3] == 'q') && (m[3] == 'd' || m[3] == 'q'));
}

// The VEX/EVEX map of a vector escape (0 for none): kemu has a table of VEX
// map 1 (map_vex_0f.h); maps 2 and 3 and EVEX it decodes to length only.
inline unsigned vector_map(unsigned bits, const uint8_t *b, bool &evex)
{
	const uint8_t *op = objdump::after_prefixes(bits, b);
	evex = op[0] == 0x62;
	if (!objdump::is_vector_escape(bits, op))
		return 0;
	if (op[0] == 0xc5)
		return 1;
	return op[1] & (evex ? 7 : 0x1f);
}

inline unsigned count_rep_prefixes(unsigned bits, const uint8_t *b)
{
	unsigned n = 0;
	for (unsigned i = 0; i < 15 && prefix_byte(bits, b[i]); i++)
		n += b[i] == 0xf2 || b[i] == 0xf3;
	return n;
}

inline bool is_jcc_rel(const uint8_t *op)
{
	return op[0] == 0x0f && (op[1] & 0xf0) == 0x80;
}

// Splits and limits where the two read different instructions out of the bytes.
inline const char *deliberate_split(unsigned bits, const uint8_t *b, int rc, const kemu_disasm &d,
                                    const First &f)
{
	if (rc == KEMU_PROPAGATE_FAULT && d.vector == KEMU_GP)
		return "over 15 bytes: #GP(0) (LLVM decodes longer instructions)";
	if (rex_not_last(bits, b))
		return "REX followed by another prefix: the CPU ignores that REX; LLVM rejects the "
		       "instruction or splits the prefixes off";
	if (count_rep_prefixes(bits, b) > 1 && !f.invalid && f.longer != 0)
		return "several F2/F3 prefixes: the CPU uses the last; LLVM prints the others as "
		       "instructions of their own";
	bool evex;
	if (vector_map(bits, b, evex) && objdump::has_prefix(b, 0x67))
		return "67 before VEX: LLVM 14 drops the VEX or rejects the instruction";
	return nullptr;
}

// What LOCK may prefix (SDM Vol. 2, LOCK): these instructions with a memory
// destination, which LLVM's text shows as a first operand in brackets.
inline bool lockable(const std::string &text)
{
	return objdump::lockable(mnemonic_of(text), text);
}

// Encodings the SDM makes #UD that LLVM decodes.
inline const char *deliberate_ud(unsigned bits, const uint8_t *b, const std::string &text)
{
	const std::string m = mnemonic_of(text);
	const uint8_t *op = objdump::after_prefixes(bits, b);
	bool evex;
	const unsigned map = vector_map(bits, b, evex);
	if (map && (objdump::has_prefix(b, 0x66) || objdump::has_prefix(b, 0xf2) ||
	            objdump::has_prefix(b, 0xf3) || objdump::has_prefix(b, 0xf0) ||
	            (op > b && is_rex(bits, op[-1]))))
		return "VEX/EVEX after 66/F2/F3/LOCK/REX: #UD (SDM 2.3.2); LLVM decodes";
	if (objdump::has_prefix(b, 0xf0) && !lockable(text))
		return "LOCK without a lockable instruction and memory destination: #UD (SDM "
		       "LOCK); "
		       "LLVM decodes the prefix";
	if (op[0] == 0x8f && (op[1] & 0x1f) >= 8)
		return "XOP (8F, map >= 8): AMD family 15h only; kemu raises #UD";
	if (op[0] == 0x8e && ((op[1] >> 3) & 7) == 1)
		return "MOV to CS (8E /1): #UD; LLVM decodes it";
	if (op[0] == 0x0f && op[1] >= 0x20 && op[1] <= 0x26 && m == "mov")
		return "MOV with CR1, CR5-CR7, CR9-CR15: #UD; LLVM decodes them";
	if (bits != 64) {
		kemu_disasm d64;
		uint8_t copy[30];
		for (unsigned i = 0; i < 30; i++)
			copy[i] = i < 15 ? b[i] : 0x90;
		if (kemu_disassemble(KEMU_MODE_PROT64, copy, 30, &d64) == KEMU_CONTINUE &&
		    normalise(objdump::kemu_mnemonic(d64)) == normalise(m))
			return "64-bit-only instruction outside 64-bit mode: #UD; LLVM decodes it";
	}
	if (objdump::has_prefix(b, 0x66) && same_without(bits, b, 0x66, m))
		return "66 on an instruction without a 66 form (NP, or a register form of a "
		       "memory-only one): #UD; LLVM ignores the prefix";
	if ((objdump::has_prefix(b, 0xf2) || objdump::has_prefix(b, 0xf3)) &&
	    same_without(bits, b, 0, m, true))
		return "F2/F3 on an opcode with no such mandatory-prefix form: kemu #UD, LLVM "
		       "ignores the prefix";
	if (op[0] == 0x0f && op[1] == 0x0f)
		return "3DNow! (0F 0F): no current CPU has it; kemu raises #UD";
	if (op[0] == 0x0f && (op[1] == 0xa6 || op[1] == 0xa7))
		return "VIA PadLock (0F A6/A7): Centaur CPUs only; kemu raises #UD";
	return nullptr;
}

// Encodings kemu decodes that LLVM rejects.
inline const char *deliberate_decode(unsigned bits, const uint8_t *b, const kemu_disasm &d)
{
	const uint8_t *op = objdump::after_prefixes(bits, b);
	const std::string km = objdump::kemu_mnemonic(d);
	bool evex;
	const unsigned map = vector_map(bits, b, evex);
	if (map && (evex || map != 1))
		return "VEX maps 2-3 and EVEX: kemu decodes them to length and prefix-level "
		       "validity only";
	if (km == "int1" && op[0] == 0xf1)
		return "INT1 (F1): in the SDM's opcode map (ICEBP); LLVM 14 rejects it";
	if (km == "sal" && ((op[1] >> 3) & 7) == 6)
		return "SAL as group 2 /6: an undocumented alias of SHL that CPUs execute and KVM "
		       "emulates; LLVM rejects it";
	if (km == "test" && (op[0] == 0xf6 || op[0] == 0xf7) && ((op[1] >> 3) & 7) == 1)
		return "TEST as group 3 /1: an undocumented alias of /0 that CPUs execute and KVM "
		       "emulates; LLVM rejects it";
	if (km == "ud0" && op[0] == 0x0f && op[1] == 0xff)
		return "UD0 (0F FF /r): the SDM gives it a ModRM byte (kemu decodes its length, "
		       "then #UD); LLVM 14 rejects it";
	if (km == "mov" && op[0] == 0x0f && op[1] >= 0x20 && op[1] <= 0x23 && (op[2] >> 6) != 3)
		return "MOV to/from CR/DR with ModRM.mod != 11: the CPU ignores mod (SDM MOV "
		       "CR/DR); "
		       "LLVM rejects it";
	if (km == "prefetch" && op[0] == 0x0f && op[1] == 0x0d)
		return "0F 0D /2-/7: AMD's aliases of PREFETCH (hints); LLVM rejects them";
	static const char *const kNewer[] = {"aadd", "aand", "aor", "axor"};
	for (const char *n : kNewer)
		if (km == n)
			return "an instruction newer than LLVM 14 (RAO-INT AADD/AAND/AOR/AXOR); "
			       "LLVM "
			       "rejects it";
	if ((km == "fneni" || km == "fndisi" || km == "fnsetpm") && op[0] == 0xdb)
		return "FNENI/FNDISI/FNSETPM (DB E0/E1/E4): 8087/287 controls later FPUs execute "
		       "as "
		       "FNOP; LLVM rejects them";
	const bool rep = objdump::has_prefix(b, 0xf2) || objdump::has_prefix(b, 0xf3);
	if (rep && objdump::has_prefix(b, 0x66) && op[0] == 0x0f)
		return "66 with a mandatory F2/F3: the F2/F3 form (as objdump); LLVM 14 rejects it";
	if (rep && (objdump::has_prefix(b, 0x67) || objdump::has_prefix(b, 0x66)) &&
	    (km == "pause" || same_without(bits, b, 0, km, true)))
		return "F2/F3 with 66/67 on an opcode F2/F3 does not select: the CPU ignores it; "
		       "LLVM 14 rejects what it decodes without the 66/67";
	if (km == "sfence" && op[0] == 0x0f && op[1] == 0xae)
		return "SFENCE with a 66/F3 prefix: decoded as SFENCE (map_0f.h's note); LLVM "
		       "rejects it";
	if (bits == 16 && (km == "ptwrite" || km == "incsspd" || km == "umwait"))
		return "PTWRITE/INCSSPD/UMWAIT in 16-bit mode: valid there (SDM); LLVM 14 decodes "
		       "them in 32/64-bit mode only";
	if (bits == 16 && rep && is_jcc_rel(op))
		return "F2/F3 on a near Jcc: ignored by the CPU (BND once); LLVM 14 rejects it in "
		       "16-bit mode";
	if (bits == 16 && objdump::has_prefix(b, 0x66) && op[0] == 0x0f)
		return "66 as a mandatory prefix in 16-bit mode selects the 66 form (SDM 2.1.2); "
		       "LLVM takes it for an operand-size override";
	if (km == "nop" && op[0] == 0x0f && op[1] >= 0x18 && op[1] <= 0x1e)
		return "reserved-NOP (0F 18-1E): the hint space the CPU executes as NOP; LLVM "
		       "rejects the forms no hint uses";
	if (op[0] == 0x0f && (((op[1] == 0xbc || op[1] == 0xbd) && (km == "bsf" || km == "bsr")) ||
	                      (op[1] == 0x09 && km == "wbinvd")))
		return "a prefix the CPU ignores (F2 BSF/BSR, 66/F2 WBINVD); LLVM rejects it";
	return nullptr;
}

inline Verdict judge(unsigned bits, const uint8_t *b, const First &f, int rc, const kemu_disasm &d)
{
	const bool k_invalid = rc == KEMU_PROPAGATE_FAULT;
	if (rc == KEMU_UNHANDLEABLE)
		return {false, "kemu ran out of bytes (cannot happen with 15-byte strings)"};
	if (const char *why = deliberate_split(bits, b, rc, d, f))
		return {true, std::string("policy: ") + why};
	if (k_invalid && f.invalid)
		return {true, "agree: both invalid"};
	const std::string lm = mnemonic_of(f.text);
	if (k_invalid) {
		if (const char *why = deliberate_ud(bits, b, f.text))
			return {true, std::string("policy: ") + why};
		return {false, "kemu #UD, llvm decodes: " + lm};
	}
	if (f.invalid) {
		if (const char *why = deliberate_decode(bits, b, d))
			return {true, std::string("policy: ") + why};
		return {false, "llvm invalid, kemu decodes: " + objdump::kemu_mnemonic(d)};
	}
	const std::string km = objdump::kemu_mnemonic(d);
	const uint8_t *op = objdump::after_prefixes(bits, b);
	if (f.longer != 0) {
		// Intel ignores 66 on near branches in 64-bit mode (rel32; KVM follows
		// Intel), AMD takes rel16 as LLVM does.
		if (bits == 64 && objdump::has_prefix(b, 0x66) &&
		    (op[0] == 0xe8 || op[0] == 0xe9 || op[0] == 0xeb ||
		     (op[0] == 0x0f && (op[1] & 0xf0) == 0x80)))
			return {true,
			        "policy: 66 on a near branch in 64-bit mode: Intel ignores it "
			        "(rel32), LLVM decodes AMD's rel16"};
		if (bits == 16 && objdump::has_prefix(b, 0x66) && op[0] == 0x0f)
			return {true,
			        "policy: 66 as a mandatory prefix in 16-bit mode selects the 66 "
			        "form (SDM 2.1.2); LLVM takes it for an operand-size override"};
		if (bits == 16 && km == "xbegin")
			return {true,
			        "policy: XBEGIN in 16-bit mode takes rel16 (SDM); LLVM 14 reads "
			        "rel32"};
		if (bits != 64 && objdump::has_prefix(b, 0x66) && objdump::has_prefix(b, 0xf2) &&
		    is_jcc_rel(op))
			return {true,
			        "policy: 66 F2 Jcc: 66 makes the offset 16 bits; LLVM takes the F2 "
			        "for BND and drops the 66"};
		return {false, std::string("length differs: llvm ") +
		                   (f.longer < 0 ? "shorter" : "longer") + ": " + lm};
	}
	if (lm == "nop" && km == "xchg" && op[0] == 0x90)
		return {true, "agree: NOP spelled XCHG (66 90)"};
	if (normalise(km) == normalise(lm))
		return {true, km == lm ? "agree: length and mnemonic" : "agree: alias spelling"};
	if (sized_string(km, lm))
		return {true, "agree: LLVM's size suffix on a string instruction"};
	if (objdump::size_suffixed(km, lm))
		return {true, "agree: LLVM's operand-size suffix"};
	if (km == "pause" && lm == "xchg" && op[0] == 0x90)
		return {true, "policy: F3 REX.W 90 is PAUSE (REX.W does not make 90 an XCHG); LLVM "
		              "prints xchg rax,rax"};
	if (km == "nop" && lm == "cldemote")
		return {true, "policy: 66/F2/F3 on CLDEMOTE (NP 0F 1C /0): the hint space's NOP; "
		              "LLVM ignores the prefix"};
	if (bits == 16 && objdump::has_prefix(b, 0x66) && op[0] == 0x0f)
		return {true, "policy: 66 as a mandatory prefix in 16-bit mode selects the 66 form "
		              "(SDM 2.1.2); LLVM takes it for an operand-size override"};
	if (km == "(vex)" || km == "(evex)")
		return {true, "policy: VEX/EVEX forms kemu does not name: compared by validity and "
		              "length"};
	return {false, "mnemonic differs: llvm " + lm + ", kemu " + km};
}

} // namespace kemu::llvm_mc
