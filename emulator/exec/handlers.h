// SPDX-License-Identifier: GPL-2.0
// Execution handlers: one function per instruction, grouped by family in exec/.
// The engine has read the source operands and writes the destination back.
#pragma once

#include "core.h"

namespace kemu::exec {

struct Operands {
	u64 src = 0;
	u64 dst = 0;
	unsigned bytes = 0; // destination width
};

Status mov(kemu_ctxt &c, Operands &o);

} // namespace kemu::exec
