// SPDX-License-Identifier: GPL-2.0
// Compile-time checks of every opcode map: the build fails if an entry breaks
// an invariant the decoder or the engine relies on.
#include "decode/decode_core.h"

namespace kemu::decode {

namespace {

constexpr bool leaf_ok(const Opcode &o)
{
	if (o.mnemonic == nullptr)
		return false;
	// LOCK is only ever legal with a memory destination.
	if (o.has(kLock) && o.ops[0].loc != Loc::E && o.ops[0].loc != Loc::M)
		return false;
	// An operand that lives in ModRM implies the ModRM attribute.
	for (const Operand &op : o.ops)
		if (needs_modrm(op.loc) && !o.has(kModrm))
			return false;
	// Operands are packed: the decoder stops at the first empty one.
	for (unsigned i = 1; i < 4; i++)
		if (o.ops[i - 1].loc == Loc::None && o.ops[i].loc != Loc::None)
			return false;
	// At most one operand comes from the instruction stream (a second
	// immediate is kImm8Also), and stream_operand names it.
	unsigned in_stream = 0;
	for (const Operand &op : o.ops)
		in_stream += in_instruction_stream(op.loc);
	if (in_stream > 1 || (in_stream == 1) != (o.stream_operand != 0))
		return false;
	// Every entry names its handler, or says with D() that it has none: an
	// instruction cannot lose its handler silently.
	if ((o.handler == Handler::None) != o.has(kDecodeOnly))
		return false;
	// Roles: what is written is a place (not an immediate, a relative
	// offset, a far pointer in the instruction or the constant 1); the roles
	// of D() entries are not stated.
	for (const Operand &op : o.ops) {
		const bool constant =
		    op.loc == Loc::I || op.loc == Loc::J || op.loc == Loc::A || op.loc == Loc::One;
		if (writes(op.role) && constant)
			return false;
		if (o.has(kDecodeOnly) && op.role != Role::Read)
			return false;
	}
	// LOCK needs a destination the instruction reads and writes (or one its
	// handler accesses whole: CMPXCHG8B/16B).
	if (o.has(kLock) && !(o.ops[0].role == Role::ReadWrite || o.ops[0].role == Role::None))
		return false;
	// The MOV handler is a plain move: it writes its destination unread.
	if (o.handler == Handler::Mov && o.ops[0].role != Role::Write)
		return false;
	// Mode attributes exclude each other.
	if (o.has(kI64) && o.has(kO64))
		return false;
	return true;
}

// Checked at compile time only (constexpr recursion never runs in the kernel).
constexpr bool entry_ok(const Opcode &o, unsigned depth)
{
	if (depth > 6)
		return false; // the decoder walks at most 8 levels
	switch (o.kind) {
	case Kind::Invalid:
		return o.mnemonic == nullptr;
	case Kind::Leaf:
		return leaf_ok(o);
	default:
		// (o.next is never null: only the select() builders make selectors.
		// Comparing an address with null is not constant under the kernel's
		// -fno-delete-null-pointer-checks.)
		for (unsigned i = 0; i < fanout(o.kind); i++)
			if (!entry_ok(o.next[i], depth + 1))
				return false;
		return true;
	}
}

template <unsigned N>
constexpr bool map_ok(const Opcode (&map)[N])
{
	for (const Opcode &o : map)
		if (!entry_ok(o, 0))
			return false;
	return true;
}

static_assert(map_ok(kOneByteMap), "one-byte map violates an invariant");
static_assert(map_ok(kTwoByteMap), "0F map violates an invariant");
static_assert(map_ok(k0F38Map.entries), "0F 38 map violates an invariant");
static_assert(map_ok(k0F3AMap.entries), "0F 3A map violates an invariant");
static_assert(map_ok(kX87Mem[0]) && map_ok(kX87Mem[1]) && map_ok(kX87Mem[2]) &&
                  map_ok(kX87Mem[3]) && map_ok(kX87Mem[4]) && map_ok(kX87Mem[5]) &&
                  map_ok(kX87Mem[6]) && map_ok(kX87Mem[7]),
              "x87 memory forms violate an invariant");
static_assert(map_ok(kX87Reg[0]) && map_ok(kX87Reg[1]) && map_ok(kX87Reg[2]) &&
                  map_ok(kX87Reg[3]) && map_ok(kX87Reg[4]) && map_ok(kX87Reg[5]) &&
                  map_ok(kX87Reg[6]) && map_ok(kX87Reg[7]),
              "x87 register forms violate an invariant");

// Which handlers the maps name: every registered handler (KEMU_HANDLER)
// must be named by an entry, or it is a handler no instruction reaches (or
// a table line forgotten).  An entry naming a handler that is not
// registered does not compile: its enumerator does not exist.
struct NamedHandlers {
	bool named[256] = {}; // by Handler value
};

constexpr void mark_named(const Opcode &o, NamedHandlers &n, unsigned depth)
{
	if (depth > 6)
		return;
	if (o.kind == Kind::Leaf)
		n.named[static_cast<unsigned>(o.handler)] = true;
	else if (o.kind != Kind::Invalid)
		for (unsigned i = 0; i < fanout(o.kind); i++)
			mark_named(o.next[i], n, depth + 1);
}

template <unsigned N>
constexpr void mark_map(const Opcode (&map)[N], NamedHandlers &n)
{
	for (const Opcode &o : map)
		mark_named(o, n, 0);
}

constexpr NamedHandlers named_handlers()
{
	NamedHandlers n;
	mark_map(kOneByteMap, n);
	mark_map(kTwoByteMap, n);
	mark_map(k0F38Map.entries, n);
	mark_map(k0F3AMap.entries, n);
	for (unsigned i = 0; i < 8; i++) {
		mark_map(kX87Mem[i], n);
		mark_map(kX87Reg[i], n);
	}
	return n;
}
constexpr NamedHandlers kNamedHandlers = named_handlers();

#define KEMU_HANDLER_NAMED(name, ...)                                                              \
	static_assert(kNamedHandlers.named[static_cast<unsigned>(Handler::name)],                  \
	              "handler " #name " is registered (KEMU_HANDLER) but no map entry names it");
KEMU_HANDLERS(KEMU_HANDLER_NAMED)
#undef KEMU_HANDLER_NAMED

} // namespace

} // namespace kemu::decode
