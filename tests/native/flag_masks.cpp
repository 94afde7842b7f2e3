#include "flag_masks.h"

#include "state.h"

#include <cstdlib>
#include <cstring>

namespace native {

namespace {

// How the undefined set depends on the operands.
enum class Rule {
	Fixed,       // always `undefined`
	Shift,       // SHL/SAL/SHR/SAR: count 0 changes nothing; AF undefined; OF undefined for
	             // count > 1; CF undefined for SHL/SHR with count >= width
	Rotate,      // ROL/ROR/RCL/RCR: count 0 changes nothing; OF undefined for count > 1
	DoubleShift, // SHLD/SHRD: count 0 changes nothing; AF undefined; OF undefined for
	             // count > 1; everything undefined for count > width
};

struct Entry {
	const char *mnemonic;
	uint64_t undefined;
	Rule rule;
	const char *source;
};

constexpr uint64_t kAll = kArithFlags;

// clang-format off
const Entry kTable[] = {
	// Arithmetic: every arithmetic flag is defined.
	{"add", 0, Rule::Fixed, "SDM ADD: OF SF ZF AF CF PF set according to the result"},
	{"adc", 0, Rule::Fixed, "SDM ADC: OF SF ZF AF CF PF set according to the result"},
	{"sub", 0, Rule::Fixed, "SDM SUB: OF SF ZF AF CF PF set according to the result"},
	{"sbb", 0, Rule::Fixed, "SDM SBB: OF SF ZF AF CF PF set according to the result"},
	{"cmp", 0, Rule::Fixed, "SDM CMP: CF OF SF ZF AF PF set according to the result"},
	{"neg", 0, Rule::Fixed, "SDM NEG: CF = (src != 0); OF SF ZF AF PF per result"},
	{"inc", 0, Rule::Fixed, "SDM INC: CF not affected; OF SF ZF AF PF per result"},
	{"adcx", 0, Rule::Fixed, "SDM ADCX: CF is the unsigned carry; the other flags unmodified"},
	{"adox", 0, Rule::Fixed, "SDM ADOX: OF is the unsigned carry; the other flags unmodified"},
	{"dec", 0, Rule::Fixed, "SDM DEC: CF not affected; OF SF ZF AF PF per result"},
	{"xadd", 0, Rule::Fixed, "SDM XADD: as ADD"},
	{"cmpxchg", 0, Rule::Fixed, "SDM CMPXCHG: ZF per the comparison; CF PF AF SF OF as CMP"},
	{"cmpxchg8b", 0, Rule::Fixed, "SDM CMPXCHG8B/16B: ZF per the comparison; CF PF AF SF OF not affected"},
	{"cmpxchg16b", 0, Rule::Fixed, "SDM CMPXCHG8B/16B"},
	{"cmps", 0, Rule::Fixed, "SDM CMPS: CF OF SF ZF AF PF per the comparison"},
	{"scas", 0, Rule::Fixed, "SDM SCAS: OF SF ZF AF PF CF per the comparison"},
	// Logic: AF undefined.
	{"and", kAF, Rule::Fixed, "SDM AND: OF CF cleared; SF ZF PF per result; AF undefined"},
	{"or", kAF, Rule::Fixed, "SDM OR: OF CF cleared; SF ZF PF per result; AF undefined"},
	{"xor", kAF, Rule::Fixed, "SDM XOR: OF CF cleared; SF ZF PF per result; AF undefined"},
	{"test", kAF, Rule::Fixed, "SDM TEST: OF CF cleared; SF ZF PF per result; AF undefined"},
	{"not", 0, Rule::Fixed, "SDM NOT: none affected"},
	// Shifts and rotates.
	{"shl", 0, Rule::Shift, "SDM SAL/SAR/SHL/SHR: count 0 affects no flag; AF undefined for a non-zero count; OF only for 1-bit shifts (undefined otherwise); CF undefined for SHL/SHR when count >= operand width"},
	{"sal", 0, Rule::Shift, "SDM SAL/SAR/SHL/SHR (SAL /6 is SHL)"},
	{"shr", 0, Rule::Shift, "SDM SAL/SAR/SHL/SHR"},
	{"sar", 0, Rule::Shift, "SDM SAL/SAR/SHL/SHR: CF is the last bit out (the sign for count >= width)"},
	{"rol", 0, Rule::Rotate, "SDM RCL/RCR/ROL/ROR: SF ZF AF PF not affected; OF only for 1-bit rotates (undefined otherwise); masked count 0 affects nothing"},
	{"ror", 0, Rule::Rotate, "SDM RCL/RCR/ROL/ROR"},
	{"rcl", 0, Rule::Rotate, "SDM RCL/RCR/ROL/ROR: 8/16-bit counts rotate mod 9/17, OF by the masked count"},
	{"rcr", 0, Rule::Rotate, "SDM RCL/RCR/ROL/ROR"},
	{"shld", 0, Rule::DoubleShift, "SDM SHLD: count 0 affects no flag; AF undefined; OF undefined for count > 1; count > width: result and flags undefined"},
	{"shrd", 0, Rule::DoubleShift, "SDM SHRD: as SHLD"},
	// Multiply and divide.
	{"mul", kSF | kZF | kAF | kPF, Rule::Fixed, "SDM MUL: OF CF = upper half != 0; SF ZF AF PF undefined"},
	{"imul", kSF | kZF | kAF | kPF, Rule::Fixed, "SDM IMUL: OF CF = result truncated; SF ZF AF PF undefined"},
	{"div", kAll, Rule::Fixed, "SDM DIV: CF OF SF ZF AF PF undefined"},
	{"idiv", kAll, Rule::Fixed, "SDM IDIV: CF OF SF ZF AF PF undefined"},
	// Bits.
	{"bt", kOF | kSF | kAF | kPF, Rule::Fixed, "SDM BT: CF = the bit; ZF not affected; OF SF AF PF undefined"},
	{"bts", kOF | kSF | kAF | kPF, Rule::Fixed, "SDM BTS: as BT"},
	{"btr", kOF | kSF | kAF | kPF, Rule::Fixed, "SDM BTR: as BT"},
	{"btc", kOF | kSF | kAF | kPF, Rule::Fixed, "SDM BTC: as BT"},
	{"bsf", kCF | kOF | kSF | kAF | kPF, Rule::Fixed, "SDM BSF: ZF = (src == 0); CF OF SF AF PF undefined (destination on src 0: see bitscan)"},
	{"bsr", kCF | kOF | kSF | kAF | kPF, Rule::Fixed, "SDM BSR: as BSF"},
	{"tzcnt", kOF | kSF | kAF | kPF, Rule::Fixed, "SDM TZCNT: ZF = (result == 0), CF = (src == 0); OF SF AF PF undefined"},
	{"lzcnt", kOF | kSF | kAF | kPF, Rule::Fixed, "SDM LZCNT: ZF = (result == 0), CF = (src == 0); OF SF AF PF undefined"},
	{"popcnt", 0, Rule::Fixed, "SDM POPCNT: OF SF AF CF PF cleared; ZF = (src == 0)"},
	// Data movement: no flag affected.
	{"mov", 0, Rule::Fixed, "SDM MOV: none affected"},
	{"movzx", 0, Rule::Fixed, "SDM MOVZX: none affected"},
	{"movsx", 0, Rule::Fixed, "SDM MOVSX: none affected"},
	{"movsxd", 0, Rule::Fixed, "SDM MOVSXD: none affected"},
	{"movbe", 0, Rule::Fixed, "SDM MOVBE: none affected"},
	{"cmov", 0, Rule::Fixed, "SDM CMOVcc: none affected"},
	{"set", 0, Rule::Fixed, "SDM SETcc: none affected"},
	{"xchg", 0, Rule::Fixed, "SDM XCHG: none affected"},
	{"bswap", 0, Rule::Fixed, "SDM BSWAP: none affected"},
	{"cbw", 0, Rule::Fixed, "SDM CBW/CWDE/CDQE: none affected"},
	{"cwde", 0, Rule::Fixed, "SDM CBW/CWDE/CDQE"},
	{"cdqe", 0, Rule::Fixed, "SDM CBW/CWDE/CDQE"},
	{"cwd", 0, Rule::Fixed, "SDM CWD/CDQ/CQO: none affected"},
	{"cdq", 0, Rule::Fixed, "SDM CWD/CDQ/CQO"},
	{"cqo", 0, Rule::Fixed, "SDM CWD/CDQ/CQO"},
	{"lea", 0, Rule::Fixed, "SDM LEA: none affected"},
	{"movs", 0, Rule::Fixed, "SDM MOVS: none affected"},
	{"stos", 0, Rule::Fixed, "SDM STOS: none affected"},
	{"lods", 0, Rule::Fixed, "SDM LODS: none affected"},
	{"push", 0, Rule::Fixed, "SDM PUSH: none affected"},
	{"pop", 0, Rule::Fixed, "SDM POP: none affected"},
	{"leave", 0, Rule::Fixed, "SDM LEAVE: none affected"},
	{"enter", 0, Rule::Fixed, "SDM ENTER: none affected"},
	{"pushf", 0, Rule::Fixed, "SDM PUSHF: none affected"},
	{"nop", 0, Rule::Fixed, "SDM NOP/PAUSE/PREFETCHh: none affected"},
	{"xlat", 0, Rule::Fixed, "SDM XLAT: none affected"},
	{"privileged", 0, Rule::Fixed, "#GP(0) at CPL 3: nothing changes"},
	// Control transfers.
	{"jcc", 0, Rule::Fixed, "SDM Jcc: none affected"},
	{"jmp", 0, Rule::Fixed, "SDM JMP: none affected (near)"},
	{"call", 0, Rule::Fixed, "SDM CALL: none affected (near)"},
	{"ret", 0, Rule::Fixed, "SDM RET: none affected (near)"},
	{"loop", 0, Rule::Fixed, "SDM LOOP/LOOPcc: none affected"},
	{"jrcxz", 0, Rule::Fixed, "SDM JrCXZ: none affected"},
	// Flag instructions: each defines what it changes.
	{"popf", 0, Rule::Fixed, "SDM POPF: loads the arithmetic flags and DF (user mode: IF/IOPL kept)"},
	{"clc", 0, Rule::Fixed, "SDM CLC: CF cleared"},
	{"stc", 0, Rule::Fixed, "SDM STC: CF set"},
	{"cmc", 0, Rule::Fixed, "SDM CMC: CF complemented"},
	{"cld", 0, Rule::Fixed, "SDM CLD: DF cleared"},
	{"std", 0, Rule::Fixed, "SDM STD: DF set"},
	{"salc", 0, Rule::Fixed, "SALC: #UD in 64-bit mode"},
	{"lahf", 0, Rule::Fixed, "SDM LAHF: none affected"},
	{"sahf", 0, Rule::Fixed, "SDM SAHF: SF ZF AF PF CF from AH bits 7 6 4 2 0"},
};
// clang-format on

const Entry &find(const char *mnemonic)
{
	for (const Entry &e : kTable)
		if (strcmp(e.mnemonic, mnemonic) == 0)
			return e;
	fprintf(stderr, "native: no flag entry for '%s'\n", mnemonic);
	abort();
}

} // namespace

uint64_t undefined_flags(const char *mnemonic, const FlagInputs &in)
{
	const Entry &e = find(mnemonic);
	switch (e.rule) {
	case Rule::Fixed:
		return e.undefined;
	case Rule::Shift: {
		if (in.count == 0)
			return 0;
		uint64_t u = kAF;
		if (in.count > 1)
			u |= kOF;
		bool logical = strcmp(mnemonic, "sar") != 0;
		if (logical && in.count >= in.width)
			u |= kCF;
		return u;
	}
	case Rule::Rotate:
		return in.count > 1 ? kOF : 0;
	case Rule::DoubleShift:
		if (in.count == 0)
			return 0;
		if (in.count > in.width)
			return kAll;
		return in.count > 1 ? kAF | kOF : kAF;
	}
	return 0;
}

void print_flag_table(FILE *out)
{
	for (const Entry &e : kTable) {
		char names[32] = "";
		static const struct {
			uint64_t bit;
			const char *name;
		} kNames[] = {{kCF, "CF "}, {kPF, "PF "}, {kAF, "AF "},
		              {kZF, "ZF "}, {kSF, "SF "}, {kOF, "OF "}};
		for (auto n : kNames)
			if (e.undefined & n.bit)
				strcat(names, n.name);
		const char *rule = e.rule == Rule::Shift         ? "shift rule"
		                   : e.rule == Rule::Rotate      ? "rotate rule"
		                   : e.rule == Rule::DoubleShift ? "double-shift rule"
		                                                 : "";
		fprintf(out, "%-8s undefined: %-18s%-18s %s\n", e.mnemonic, names, rule, e.source);
	}
}

} // namespace native
