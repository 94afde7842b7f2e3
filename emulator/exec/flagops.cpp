// SPDX-License-Identifier: GPL-2.0
// Flag instructions: CLC STC CMC CLD STD, LAHF SAHF, SALC.
#include "exec/flags.h"
#include "exec/handlers.h"
#include "operands.h"

namespace kemu::exec {

Status clc(kemu_ctxt &, Operands &o)
{
	o.rflags &= ~kCF;
	return Status::Continue;
}
Status stc(kemu_ctxt &, Operands &o)
{
	o.rflags |= kCF;
	return Status::Continue;
}
Status cmc(kemu_ctxt &, Operands &o)
{
	o.rflags ^= kCF;
	return Status::Continue;
}
Status cld(kemu_ctxt &, Operands &o)
{
	o.rflags &= ~kDF;
	return Status::Continue;
}
Status set_direction_flag(kemu_ctxt &, Operands &o)
{
	o.rflags |= kDF;
	return Status::Continue;
}

// AH = SF:ZF:0:AF:0:PF:1:CF (bit 1 of RFLAGS always reads 1).
Status lahf(kemu_ctxt &c, Operands &o)
{
	u64 ah = (o.rflags & (kSF | kZF | kAF | kPF | kCF)) | 2;
	c.gprs[KEMU_RAX] = (c.gprs[KEMU_RAX] & ~0xff00ull) | (ah << 8);
	return Status::Continue;
}

Status sahf(kemu_ctxt &c, Operands &o)
{
	u64 ah = (c.gprs[KEMU_RAX] >> 8) & 0xff;
	o.rflags = merge_flags(o.rflags, kSF | kZF | kAF | kPF | kCF, ah);
	return Status::Continue;
}

// SALC (undocumented, D6): AL = CF ? 0xff : 0.
Status salc(kemu_ctxt &c, Operands &o)
{
	write_gpr(c, KEMU_RAX, 1, (o.rflags & kCF) ? 0xff : 0);
	return Status::Continue;
}

} // namespace kemu::exec
