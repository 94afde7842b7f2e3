#include "flag_masks.h"

#include "decode/decode_core.h"

#include <cstdlib>
#include <cstring>
#include <string>

namespace native {

namespace {

using kemu::decode::Handler;

// The generator's names that are not a mnemonic of the decoder's.
struct Alias {
	const char *name;
	Handler handler;
};
constexpr Alias kAliases[] = {
    {"jcc", Handler::Jcc},
    {"set", Handler::Setcc},
    {"cmov", Handler::Cmov},
};

// Operands of the integer instructions the generator makes (not segment,
// control, vector or x87 registers, nor far pointers): where a mnemonic has
// several meanings (PUSH ES, far CALL), the generator's is the integer one.
bool integer_operands(const kemu::decode::Opcode &o)
{
	using kemu::decode::Loc;
	for (const kemu::decode::Operand &op : o.ops) {
		switch (op.loc) {
		case Loc::None:
		case Loc::E:
		case Loc::G:
		case Loc::I:
		case Loc::J:
		case Loc::M:
		case Loc::O:
		case Loc::R:
		case Loc::X:
		case Loc::Y:
		case Loc::Z:
		case Loc::Reg:
		case Loc::One:
			if (op.width == kemu::decode::Width::p)
				return false;
			break;
		default:
			return false;
		}
	}
	return true;
}

// The handler the maps name for the first integer entry called `mnemonic`.
Handler handler_in(const kemu::decode::Opcode &o, const char *mnemonic)
{
	if (o.leaf())
		return strcmp(o.mnemonic, mnemonic) == 0 && integer_operands(o) ? o.handler
		                                                                : Handler::None;
	for (unsigned i = 0; i < kemu::decode::fanout(o.kind); i++) {
		Handler h = handler_in(o.next[i], mnemonic);
		if (h != Handler::None)
			return h;
	}
	return Handler::None;
}

Handler handler_named(const char *mnemonic)
{
	for (const Alias &a : kAliases)
		if (strcmp(a.name, mnemonic) == 0)
			return a.handler;
	using namespace kemu::decode;
	for (const auto *map : {kOneByteMap, kTwoByteMap, k0F38Map.entries})
		for (unsigned i = 0; i < 256; i++) {
			Handler h = handler_in(map[i], mnemonic);
			if (h != Handler::None)
				return h;
		}
	return Handler::None;
}

// The notation of flag_effects.h for a set: "oszapc".
std::string letters(uint32_t set)
{
	std::string s;
	for (const auto &l : kemu::exec::flag_notation::kLetters)
		if ((set & l.bits) == l.bits)
			s += l.letter;
	return s;
}

std::string notation(const kemu::exec::FlagEffects &fx)
{
	std::string s;
	const struct {
		const char *key;
		uint32_t set;
	} kFields[] = {{"r=", fx.read},
	               {"w=", fx.written},
	               {"0=", fx.cleared},
	               {"1=", fx.set},
	               {"u=", fx.undefined}};
	for (const auto &f : kFields)
		if (f.set)
			s += (s.empty() ? "" : " ") + std::string(f.key) + letters(f.set);
	return s;
}

const char *rule_name(kemu::exec::FlagRule r)
{
	using kemu::exec::FlagRule;
	switch (r) {
	case FlagRule::Fixed:
		return "";
	case FlagRule::Shift:
		return "shift rule";
	case FlagRule::Rotate:
		return "rotate rule";
	case FlagRule::DoubleShift:
		return "double-shift rule";
	case FlagRule::Condition:
		return "condition rule";
	case FlagRule::Context:
		return "context rule";
	}
	return "";
}

} // namespace

kemu::exec::FlagUse flag_use(const char *mnemonic, const FlagInputs &in)
{
	// #GP(0) at CPL 3 before anything changes.
	if (strcmp(mnemonic, "privileged") == 0)
		return {};
	Handler h = handler_named(mnemonic);
	const kemu::exec::FlagEntry *e = kemu::exec::flag_entry(h, mnemonic);
	if (h == Handler::None || !e) {
		fprintf(stderr, "native: no flag entry for '%s'\n", mnemonic);
		abort();
	}
	kemu::exec::FlagOperands ops;
	ops.width = in.width;
	ops.count = in.count;
	return kemu::exec::flag_use(*e, ops);
}

void print_flag_table(FILE *out)
{
	fprintf(out, "flags: r= read, w= written (defined), 0= cleared, 1= set, u= undefined\n");
	for (const kemu::exec::FlagEntry &e : kemu::exec::kFlagEffects)
		fprintf(out, "%-26s %-18s %s\n", notation(e.fx).c_str(), rule_name(e.rule), e.sdm);
}

} // namespace native
