// SPDX-License-Identifier: GPL-2.0
// Segmented address -> linear address, with the architectural checks.
#pragma once

#include "core.h"

namespace kemu {

// 48-bit canonical form (bits 63:47 equal).
constexpr bool is_canonical(u64 la)
{
	return static_cast<u64>(static_cast<s64>(la << 16) >> 16) == la;
}

// What 64-bit mode leaves of segmentation for all but FS and GS: no base, no
// limit.  KVM bounds an access by the room below 2^48 (wrapping for the
// upper half), capped at 4G; for a canonical address that room is at least
// 2^47, so the bound is the cap, which no access (`size` is 32 bits) exceeds.
inline constexpr u64 kFlatRoom = 0xffffffffull;
static_assert((1ull << 48) - ((1ull << 47) - 1) > kFlatRoom && (1ull << 48) - ~0ull > kFlatRoom,
              "the room below 2^48 of each canonical half's highest address is above the cap");

// linearize(), every case: segment checks and the fault.
Status linearize_segmented(kemu_ctxt &c, u8 seg, u64 ea, unsigned size, kemu_access access,
                           u64 &linear, u64 &max_size);

// Linear address of seg:ea for an access of `size` bytes, or the fault
// (#SS(0) for SS, #GP(0) otherwise) recorded in the context.  `max_size` gets
// how many bytes from ea stay inside the segment (used to bound fetches).
// The flat 64-bit case that succeeds is inline: most accesses take it.
inline Status linearize(kemu_ctxt &c, u8 seg, u64 ea, unsigned size, kemu_access access,
                        u64 &linear, u64 &max_size)
{
	if (long_mode(c) && seg != KEMU_SEG_FS && seg != KEMU_SEG_GS && is_canonical(ea)) {
		linear = ea;
		max_size = kFlatRoom;
		return Status::Continue;
	}
	return linearize_segmented(c, seg, ea, size, access, linear, max_size);
}

inline Status linearize(kemu_ctxt &c, u8 seg, u64 ea, unsigned size, kemu_access access,
                        u64 &linear)
{
	u64 max_size;
	return linearize(c, seg, ea, size, access, linear, max_size);
}

} // namespace kemu
