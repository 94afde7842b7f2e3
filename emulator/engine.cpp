// SPDX-License-Identifier: GPL-2.0
// The one place that sequences an emulation:
// decode -> checks -> read operands -> execute -> write back -> retire.
#include "decode/decoder.h"
#include "exec/handlers.h"
#include "operands.h"

namespace kemu {

namespace {

using decode::Handler;
using decode::Loc;

// #UD conditions that depend on the decoded form, checked before any access.
Status check_encoding(kemu_ctxt &c, const decode::Opcode &o)
{
	const kemu_insn &insn = c.insn;
	// LOCK needs a lockable instruction with a memory destination.
	if (insn.lock_prefix && !(o.has(decode::kLock) && insn.mem_operand))
		return raise_ud(c);
	return Status::Continue;
}

Status dispatch(kemu_ctxt &c, Handler h, exec::Operands &ops)
{
	switch (h) {
	case Handler::Mov:
		return exec::mov(c, ops);
	case Handler::None:
		break;
	}
	return Status::Unhandleable;
}

void retire(kemu_ctxt &c)
{
	u64 next = c.rip + c.insn.length;
	c.rip = long_mode(c) ? next : static_cast<u32>(next);
	c.rflags &= ~kRflagsRF;
}

Status execute(kemu_ctxt &c)
{
	if (c.insn.entry == nullptr)
		return Status::Unhandleable; // nothing decoded
	const decode::Opcode &o = decode::opcode_of(c.insn);
	if (o.handler == Handler::None)
		return Status::Unhandleable; // decoded, not emulated (yet)
	c.have_exception = 0;
	Status s = check_encoding(c, o);
	if (s != Status::Continue)
		return s;

	const decode::Operand &dst = o.ops[0], &src = o.ops[1];
	exec::Operands ops;
	ops.bytes = decode::width_bytes(dst.width, c.insn, long_mode(c));
	if (src.loc != Loc::None) {
		s = read_operand(c, src, ops.src);
		if (s != Status::Continue)
			return s;
	}
	s = dispatch(c, o.handler, ops);
	if (s != Status::Continue)
		return s;
	if (dst.loc != Loc::None) {
		s = write_operand(c, dst, ops.dst);
		if (s != Status::Continue)
			return s;
	}
	retire(c);
	return Status::Continue;
}

} // namespace

} // namespace kemu

extern "C" int kemu_decode(kemu_ctxt *ctxt, const kemu_u8 *bytes, unsigned int len)
{
	return static_cast<int>(kemu::decode::decode(*ctxt, bytes, len));
}

extern "C" int kemu_execute(kemu_ctxt *ctxt)
{
	return static_cast<int>(kemu::execute(*ctxt));
}

extern "C" int kemu_emulate(kemu_ctxt *ctxt, const kemu_u8 *bytes, unsigned int len)
{
	int rc = kemu_decode(ctxt, bytes, len);
	return rc == KEMU_CONTINUE ? kemu_execute(ctxt) : rc;
}
