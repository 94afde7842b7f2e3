// SPDX-License-Identifier: GPL-2.0
// The decoded-instruction cache (kemu.h, kemu_decode_cache): a decode of the
// same bytes in the same mode is taken from it.
#pragma once

#include "core.h"

namespace kemu::decode {

// c.insn holds the instruction's first fetch: take the cached decode of
// those bytes in c.mode, with the effective address of c's registers, if
// there is one (true).
bool reuse_cached(kemu_ctxt &c);
// Keep the complete decode in c.insn, replacing the entry of its rIP.
void keep_decoded(kemu_ctxt &c);

} // namespace kemu::decode
