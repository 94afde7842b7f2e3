#include "classes.h"

#include <vector>

namespace native {

// clang-format off
const ClassDef kClasses[] = {
	{"mov",      6, gen_mov,      "MOV 88-8B, C6/C7, B0-BF (imm64), A0-A3 (moffs)"},
	{"alu",     16, gen_alu,      "ADD OR ADC SBB AND SUB XOR CMP TEST: all encodings, LOCK, 82 (#UD); ADCX ADOX (by CPUID)"},
	{"unary",    5, gen_unary,    "INC DEC NOT NEG (FE/FF, F6/F7), LOCK"},
	{"shift",   10, gen_shift,    "ROL ROR RCL RCR SHL SHR SAL SAR by 1, CL, imm8"},
	{"shiftd",   5, gen_shiftd,   "SHLD SHRD by CL and imm8"},
	{"muldiv",   8, gen_muldiv,   "MUL IMUL (1, 2, 3 operands) DIV IDIV, #DE"},
	{"bitops",   7, gen_bitops,   "BT BTS BTR BTC reg/imm, memory bit strings, LOCK"},
	{"bitscan",  5, gen_bitscan,  "BSF BSR, TZCNT LZCNT POPCNT (by CPUID)"},
	{"movx",     4, gen_movx,     "MOVZX MOVSX MOVSXD"},
	{"cmov",     4, gen_cmov,     "CMOVcc (the 32-bit form zero-extends even when false)"},
	{"setcc",    3, gen_setcc,    "SETcc"},
	{"xchg",     6, gen_xchg,     "XCHG (86/87, 90+r) XADD CMPXCHG CMPXCHG8B/16B, LOCK"},
	{"bswap",    2, gen_bswap,    "BSWAP (16-bit form: result undefined)"},
	{"convert",  2, gen_convert,  "CBW CWDE CDQE CWD CDQ CQO"},
	{"lea",      4, gen_lea,      "LEA, 16/32/64-bit operands and addresses, RIP-relative"},
	{"flagops",  3, gen_flagops,  "CLC STC CMC CLD STD LAHF SAHF"},
	{"string",   6, gen_string,   "MOVS STOS LODS CMPS SCAS, REP/REPE/REPNE, DF, 67"},
	{"stack",    4, gen_stack,    "PUSH POP (reg, r/m, imm) PUSHF POPF ENTER LEAVE"},
	{"misc",     2, gen_misc,     "NOP forms (operands never accessed), PAUSE, PREFETCHh, XLAT, MOVBE"},
	{"privileged", 2, gen_privileged, "CLI STI HLT MOV CR/DR RDMSR WRMSR LGDT LIDT LMSW INVLPG LLDT LTR CLTS INVD WBINVD IN OUT INS OUTS: #GP at CPL 3"},
	{"branch",   5, gen_branch,   "Jcc JMP CALL (rel, r/m) RET LOOPcc JRCXZ, to landing pads"},
};
// clang-format on
const unsigned kClassCount = sizeof(kClasses) / sizeof(kClasses[0]);

const ClassDef &class_of_case(uint64_t index)
{
	// One slot per unit of weight, the classes interleaved so that any run
	// of cases covers every class.
	static const std::vector<unsigned> schedule = [] {
		std::vector<unsigned> s;
		unsigned left[64] = {};
		unsigned total = 0;
		for (unsigned i = 0; i < kClassCount; i++)
			left[i] = kClasses[i].weight, total += kClasses[i].weight;
		while (s.size() < total)
			for (unsigned i = 0; i < kClassCount; i++)
				if (left[i] && left[i]--)
					s.push_back(i);
		return s;
	}();
	return kClasses[schedule[index % schedule.size()]];
}

} // namespace native
