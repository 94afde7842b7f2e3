// SPDX-License-Identifier: GPL-2.0
// Flag instructions: CLC STC CMC CLD STD, LAHF SAHF, SALC.
#include "exec/flags.h"
#include "exec/handlers.h"
#include "operands.h"

namespace kemu::exec {

KEMU_HANDLER(Clc, "0=c", "CLC: CF cleared");
Status clc(kemu_ctxt &, Operands &o)
{
	o.rflags &= ~kCF;
	return Status::Continue;
}
KEMU_HANDLER(Stc, "1=c", "STC: CF set");
Status stc(kemu_ctxt &, Operands &o)
{
	o.rflags |= kCF;
	return Status::Continue;
}
KEMU_HANDLER(Cmc, "r=c w=c", "CMC: CF complemented");
Status cmc(kemu_ctxt &, Operands &o)
{
	o.rflags ^= kCF;
	return Status::Continue;
}
KEMU_HANDLER(Cld, "0=d", "CLD: DF cleared");
Status cld(kemu_ctxt &, Operands &o)
{
	o.rflags &= ~kDF;
	return Status::Continue;
}
KEMU_HANDLER(Std, "1=d", "STD: DF set");
Status set_direction_flag(kemu_ctxt &, Operands &o)
{
	o.rflags |= kDF;
	return Status::Continue;
}

// AH = SF:ZF:0:AF:0:PF:1:CF (bit 1 of RFLAGS always reads 1).
KEMU_HANDLER(Lahf, "r=szapc", "LAHF: none affected; AH = SF ZF 0 AF 0 PF 1 CF");
Status lahf(kemu_ctxt &c, Operands &o)
{
	u64 ah = (o.rflags & (kSF | kZF | kAF | kPF | kCF)) | 2;
	c.gprs[KEMU_RAX] = (c.gprs[KEMU_RAX] & ~0xff00ull) | (ah << 8);
	return Status::Continue;
}

KEMU_HANDLER(Sahf, "w=szapc", "SAHF: SF ZF AF PF CF from AH bits 7 6 4 2 0");
Status sahf(kemu_ctxt &c, Operands &o)
{
	u64 ah = (c.gprs[KEMU_RAX] >> 8) & 0xff;
	o.rflags = merge_flags(o.rflags, kSF | kZF | kAF | kPF | kCF, ah);
	return Status::Continue;
}

// SALC (undocumented, D6): AL = CF ? 0xff : 0.
KEMU_HANDLER(Salc, "r=c", "SALC (undocumented): AL = CF ? 0xff : 0; none affected");
Status salc(kemu_ctxt &c, Operands &o)
{
	write_gpr(c, KEMU_RAX, 1, (o.rflags & kCF) ? 0xff : 0);
	return Status::Continue;
}

} // namespace kemu::exec
