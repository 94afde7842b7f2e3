// SPDX-License-Identifier: GPL-2.0
// The x87 and FXSAVE instructions KVM emulates: FNINIT, FNSTCW m16, FNSTSW
// m16/AX, FXSAVE, FXRSTOR.  The state is the host's (x87, fxsave, fxrstor
// callbacks).  None of them waits, so a pending x87 exception stays pending
// (SDM: FXSAVE and FXRSTOR do not check for one).  As KVM: CR0.TS or CR0.EM is #NM; FXSAVE/FXRSTOR
// need FXSR in the guest's CPUID (#UD), move the 32-bit image (XMM0-7 with CR4.OSFXSR, none
// without) at a 16-byte-aligned address (#GP(0)), are not emulated in 64-bit mode, and FXRSTOR
// refuses MXCSR bits above 15 (#GP(0)).
#include "decode/decoder.h"
#include "exec/handlers.h"
#include "operands.h"
#include "segmentation.h"

namespace kemu::exec {

namespace {

constexpr u64 kCr0EM = 1u << 2, kCr0TS = 1u << 3, kCr4OSFXSR = 1u << 9;
constexpr unsigned kXmmOffset = 160, kMxcsrOffset = 24;
constexpr unsigned kImageBytes = kXmmOffset + 8 * 16; // the largest image emulated

Status check_fpu_usable(kemu_ctxt &c)
{
	return (c.ops->get_cr(c.opaque, 0) & (kCr0TS | kCr0EM)) ? raise(c, KEMU_NM)
	                                                        : Status::Continue;
}

// FXSAVE/FXRSTOR: the checks and the image size (`host` is their callback).
template <typename Callback>
Status fxsr_size(kemu_ctxt &c, Callback host, u64 ea, unsigned &bytes)
{
	if (!host || !c.ops->get_cr || !c.ops->cpuid)
		return Status::Unhandleable;
	u32 eax = 1, ebx = 0, ecx = 0, edx = 0;
	c.ops->cpuid(c.opaque, &eax, &ebx, &ecx, &edx);
	if (!(edx & (1u << 24)))
		return raise_ud(c);
	Status s = check_fpu_usable(c);
	if (s != Status::Continue)
		return s;
	if (long_mode(c))
		return Status::Unhandleable;
	bool osfxsr = c.ops->get_cr(c.opaque, 4) & kCr4OSFXSR;
	bytes = kXmmOffset + (osfxsr ? 8 * 16 : 0);
	// The image must be 16-byte aligned (#GP(0)), checked before any access.
	u64 linear;
	s = linearize(c, c.insn.ea_seg, ea, bytes, KEMU_ACCESS_READ, linear);
	if (s != Status::Continue)
		return s;
	return (linear & 15) ? raise_gp0(c) : Status::Continue;
}

} // namespace

// An exception is pending when its flag in the status word is set and its
// mask in the control word clear (bits 5:0 of both): that is what the CPU
// tests, whatever FSW.ES says (checked by FXRSTOR of such images and FWAIT).
// KVM executes an FWAIT on the guest's FPU state (flush_pending_x87_faults).
Status raise_pending_x87_exception(kemu_ctxt &c)
{
	if (!c.ops->x87)
		return Status::Unhandleable;
	u16 control = 0, status = 0;
	c.ops->x87(c.opaque, KEMU_X87_FNSTCW, &control);
	c.ops->x87(c.opaque, KEMU_X87_FNSTSW, &status);
	return (status & ~control & 0x3f) ? raise(c, KEMU_MF) : Status::Continue;
}

// FNINIT (DB E3), FNSTCW m16 (D9 /7), FNSTSW m16 (DD /7) and AX (DF E0): the
// no-wait forms, which a pending exception does not stop.
KEMU_HANDLER(X87Control, "", "FNINIT/FNSTCW/FNSTSW: none (x87 status only)");
Status x87_control(kemu_ctxt &c, Operands &o)
{
	if (!c.ops->x87 || !c.ops->get_cr)
		return Status::Unhandleable;
	Status s = check_fpu_usable(c);
	if (s != Status::Continue)
		return s;
	const decode::Opcode &op = decode::opcode_of(c.insn);
	u16 word = 0;
	if (op.ops[0].loc == decode::Loc::None) {
		c.ops->x87(c.opaque, KEMU_X87_FNINIT, &word);
		return Status::Continue;
	}
	bool control = c.insn.opcode == 0xd9;
	c.ops->x87(c.opaque, control ? KEMU_X87_FNSTCW : KEMU_X87_FNSTSW, &word);
	o.v[0] = word;
	return Status::Continue;
}

KEMU_HANDLER(Fxsave, "", "FXSAVE: none");
Status fxsave(kemu_ctxt &c, Operands &o)
{
	unsigned bytes = 0;
	Status s = fxsr_size(c, c.ops->fxsave, o.ea, bytes);
	if (s != Status::Continue)
		return s;
	u8 image[kImageBytes];
	c.ops->fxsave(c.opaque, image, bytes);
	return write_bytes(c, c.insn.ea_seg, o.ea, bytes, image);
}

KEMU_HANDLER(Fxrstor, "", "FXRSTOR: none");
Status fxrstor(kemu_ctxt &c, Operands &o)
{
	unsigned bytes = 0;
	Status s = fxsr_size(c, c.ops->fxrstor, o.ea, bytes);
	if (s != Status::Continue)
		return s;
	u8 image[kImageBytes];
	s = read_bytes(c, c.insn.ea_seg, o.ea, bytes, image);
	if (s != Status::Continue)
		return s;
	u32 mxcsr = image[kMxcsrOffset] | image[kMxcsrOffset + 1] << 8 |
	            static_cast<u32>(image[kMxcsrOffset + 2]) << 16 |
	            static_cast<u32>(image[kMxcsrOffset + 3]) << 24;
	if (mxcsr >> 16)
		return raise_gp0(c);
	c.ops->fxrstor(c.opaque, image, bytes);
	return Status::Continue;
}

} // namespace kemu::exec
