// SPDX-License-Identifier: GPL-2.0
// MOV (88-8B, A0-A3, B0-BF, C6/C7): the source, unchanged, into the destination.
#include "exec/handlers.h"

namespace kemu::exec {

Status mov(kemu_ctxt &, Operands &o)
{
	o.dst = o.src;
	return Status::Continue;
}

} // namespace kemu::exec
