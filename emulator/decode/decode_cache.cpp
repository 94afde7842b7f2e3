// SPDX-License-Identifier: GPL-2.0
// What decoding reads (decode_core.h, fetch.cpp): the bytes it consumes and
// the mode (which stands for CR0.PE, EFLAGS.VM, EFER.LMA and CS.D/L: the
// default operand and address sizes, REX, VEX and the modes' invalid
// opcodes); the registers and rIP only for the effective address; nothing
// else (no CPL, CPUID, CR or flag).  An entry keeps the decode with the
// address less its registers, and a reuse adds the current ones.  The fetch
// itself, with its segment checks and faults, is made before the lookup, as
// the decoder would make it; everything an execution changes lives outside
// kemu_insn (Operands, the read cache, the registers).
#include "decode/decode_cache.h"

namespace kemu::decode {

namespace {

// The set of an rIP: a multiplicative hash, so that instructions a few bytes
// apart spread over the sets; two ways, so that a loop's instructions that
// meet in a set both stay.
unsigned set_of(u64 rip)
{
	static_assert((KEMU_DECODE_CACHE_SETS & (KEMU_DECODE_CACHE_SETS - 1)) == 0);
	static_assert(KEMU_DECODE_CACHE_WAYS == 2);
	constexpr unsigned kBits = __builtin_ctz(KEMU_DECODE_CACHE_SETS);
	return static_cast<unsigned>((rip * 0x9e3779b97f4a7c15ull) >> (64 - kBits));
}

// The registers and rIP in the effective address (mod 2^64; ea is then
// truncated to the address size, which the difference survives).
u64 registers_of(const kemu_ctxt &c, const kemu_insn &insn)
{
	u64 sum = 0;
	if (insn.ea_base != KEMU_EA_NO_REG)
		sum += c.gprs[insn.ea_base & 15];
	if (insn.ea_index != KEMU_EA_NO_REG)
		sum += c.gprs[insn.ea_index & 15] << insn.ea_scale;
	if (insn.rip_relative)
		sum += c.rip + insn.length;
	return sum;
}

inline bool same_bytes(const u8 *a, const u8 *b, unsigned n)
{
	u64 a0, a1, b0, b1;
	__builtin_memcpy(&a0, a, 8);
	__builtin_memcpy(&a1, a + 8, 8);
	__builtin_memcpy(&b0, b, 8);
	__builtin_memcpy(&b1, b + 8, 8);
	// n is 1..15: the bytes from n on do not count.
	const u64 m0 = n >= 8 ? ~0ull : (1ull << (8 * n)) - 1;
	const u64 m1 = n <= 8 ? 0 : (1ull << (8 * (n - 8))) - 1;
	return ((a0 ^ b0) & m0) == 0 && ((a1 ^ b1) & m1) == 0;
}

// The decode of `e` applies: all its bytes are in this fetch, the same, in
// the same mode.
inline bool matches(const kemu_decode_cache_entry &e, const kemu_ctxt &c)
{
	const unsigned n = e.insn.length;
	return n != 0 && n <= c.insn.fetched && e.mode == c.mode &&
	       same_bytes(e.insn.bytes, c.insn.bytes, n);
}

} // namespace

bool reuse_cached(kemu_ctxt &c)
{
	kemu_decode_cache &cache = *c.decode_cache;
	const unsigned set = set_of(c.rip);
	unsigned way = 0;
	if (!matches(cache.entries[set][0], c)) {
		way = 1;
		if (!matches(cache.entries[set][1], c)) {
			cache.misses++;
			return false;
		}
	}
	const kemu_decode_cache_entry &e = cache.entries[set][way];
	cache.recent[set] = static_cast<u8>(way);
	// The decode, but this fetch's bytes and count (a host reads them):
	// everything after `fetched`.
	kemu_insn &insn = c.insn;
	constexpr unsigned kFrom = __builtin_offsetof(kemu_insn, length);
	static_assert(kFrom == __builtin_offsetof(kemu_insn, fetched) + 1);
	__builtin_memcpy(reinterpret_cast<u8 *>(&insn) + kFrom,
	                 reinterpret_cast<const u8 *>(&e.insn) + kFrom, sizeof(insn) - kFrom);
	if (insn.mem_operand)
		insn.ea = truncate(e.ea_offset + registers_of(c, insn), insn.ad_bytes);
	cache.hits++;
	return true;
}

void keep_decoded(kemu_ctxt &c)
{
	kemu_decode_cache &cache = *c.decode_cache;
	const unsigned set = set_of(c.rip);
	const unsigned way = (cache.recent[set] & 1) ^ 1; // the one used less recently
	kemu_decode_cache_entry &e = cache.entries[set][way];
	cache.recent[set] = static_cast<u8>(way);
	e.insn = c.insn;
	e.mode = c.mode;
	e.ea_offset = c.insn.mem_operand ? c.insn.ea - registers_of(c, c.insn) : 0;
}

} // namespace kemu::decode
