// SPDX-License-Identifier: GPL-2.0
// Port I/O: IN and OUT (INS and OUTS are string instructions, string.cpp),
// and the I/O permission check they share.
#include "decode/decoder.h"
#include "exec/flags.h"
#include "exec/handlers.h"
#include "operands.h"

namespace kemu::exec {

namespace {

// The port: an imm8 (E4-E7) or DX (EC-EF).
u16 port_of(const kemu_ctxt &c, decode::Operand port_operand, u64 value)
{
	return static_cast<u16>(port_operand.loc == decode::Loc::I ? c.insn.imm & 0xff : value);
}

// Deny (#GP(0)) unless the TSS's I/O bitmap clears every bit of the access.
// A bitmap that cannot be read (the TSS page is missing) refuses too, with
// #GP(0) rather than the read's fault, as KVM.
Status check_bitmap(kemu_ctxt &c, u16 port, unsigned bytes)
{
	kemu_segment tr{};
	c.ops->get_segment(c.opaque, KEMU_SEG_TR, &tr);
	// The bitmap offset is at byte 102 of a TSS of at least 104 bytes.
	if (!tr.present || tr.limit < 103)
		return raise_gp0(c);
	u16 bitmap = 0;
	Status s = read_system(c, tr.base + 102, 2, &bitmap);
	if (s == Status::Unhandleable)
		return s;
	// Two bytes are read at bitmap + port / 8; both must be inside the TSS.
	u64 at = static_cast<u64>(bitmap) + port / 8;
	if (s != Status::Continue || at + 1 > tr.limit)
		return raise_gp0(c);
	u16 bits = 0;
	s = read_system(c, tr.base + at, 2, &bits);
	if (s == Status::Unhandleable)
		return s;
	unsigned mask = ((1u << bytes) - 1) << (port & 7);
	if (s != Status::Continue || (bits & mask))
		return raise_gp0(c);
	return Status::Continue;
}

} // namespace

Status port_in_items(kemu_ctxt &c, u16 port, unsigned n, unsigned count, u8 *data)
{
	return host_call(c, c.ops->pio_in, n, port, data, count);
}

Status port_in(kemu_ctxt &c, u16 port, unsigned n, u64 &value)
{
	// x86 is little-endian: the item's bytes are the low bytes of a u64.
	u64 data = 0;
	Status s = port_in_items(c, port, n, 1, reinterpret_cast<u8 *>(&data));
	if (s != Status::Continue)
		return s;
	value = truncate_below8(data, n); // n: 1, 2 or 4
	return Status::Continue;
}

Status check_io_permission_beyond_iopl(kemu_ctxt &c, u16 port, unsigned bytes)
{
	// The backdoor's first port decides, whatever the access's size (KVM).
	if (c.vmware_backdoor &&
	    (port == KEMU_VMWARE_PORT_VMPORT || port == KEMU_VMWARE_PORT_VMRPC))
		return Status::Continue;
	return check_bitmap(c, port, bytes);
}

// IN AL/eAX, imm8/DX: the engine writes the destination register.
KEMU_HANDLER(In, "", "IN: none");
Status in(kemu_ctxt &c, Operands &o)
{
	if (!c.ops->pio_in)
		return Status::Unhandleable;
	u16 port = port_of(c, decode::opcode_of(c.insn).ops[1], o.v[1]);
	unsigned n = o.bytes[0];
	Status s = check_io_permission(c, o.rflags, port, n);
	if (s != Status::Continue)
		return s;
	return port_in(c, port, n, o.v[0]);
}

// OUT imm8/DX, AL/eAX.
KEMU_HANDLER(Out, "", "OUT: none");
Status out(kemu_ctxt &c, Operands &o)
{
	if (!c.ops->pio_out)
		return Status::Unhandleable;
	u16 port = port_of(c, decode::opcode_of(c.insn).ops[0], o.v[0]);
	unsigned n = o.bytes[1];
	Status s = check_io_permission(c, o.rflags, port, n);
	if (s != Status::Continue)
		return s;
	return port_out(c, port, n, o.v[1]);
}

} // namespace kemu::exec
