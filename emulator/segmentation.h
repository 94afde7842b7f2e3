// SPDX-License-Identifier: GPL-2.0
// Segmented address -> linear address, with the architectural checks.
#pragma once

#include "core.h"

namespace kemu {

// Linear address of seg:ea for an access of `size` bytes, or the fault
// (#SS(0) for SS, #GP(0) otherwise) recorded in the context.  `max_size` gets
// how many bytes from ea stay inside the segment (used to bound fetches).
Status linearize(kemu_ctxt &c, u8 seg, u64 ea, unsigned size, kemu_access access, u64 &linear,
                 u64 &max_size);

inline Status linearize(kemu_ctxt &c, u8 seg, u64 ea, unsigned size, kemu_access access,
                        u64 &linear)
{
	u64 max_size;
	return linearize(c, seg, ea, size, access, linear, max_size);
}

// 48-bit canonical form (bits 63:47 equal).
constexpr bool is_canonical(u64 la)
{
	return static_cast<u64>(static_cast<s64>(la << 16) >> 16) == la;
}

} // namespace kemu
