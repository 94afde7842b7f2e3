// SPDX-License-Identifier: GPL-2.0
// KVM's check_perm: the checks its emulator makes for some instructions after
// the privilege checks and before L1's POST_EXCEPT intercept check, so that
// in a nested guest an instruction that faults raises its exception in L2
// rather than being reported to L1.  The handlers make the same checks where
// they belong (a check made here passes there again, with no effect); the
// engine asks for these only where their order is seen: before an intercept
// check, and for the instructions KVM decodes only for their intercept.
#include "exec/handlers.h"
#include "operands.h"

namespace kemu::exec {

namespace {

constexpr u64 kCr4TSD = 1u << 2, kCr4PCE = 1u << 8;
constexpr u64 kEferSvme = 1u << 12;
constexpr u32 kMsrEfer = 0xc0000080;

// CR4.TSD makes RDTSC and RDTSCP privileged.
Status check_tsd(kemu_ctxt &c)
{
	if (!c.ops->get_cr)
		return Status::Unhandleable;
	bool blocked = (c.ops->get_cr(c.opaque, 4) & kCr4TSD) && current_privilege(c) > 0;
	return blocked ? raise_gp0(c) : Status::Continue;
}

// Without CR4.PCE RDPMC is privileged, except the VMware backdoor's
// pseudo-PMCs when the host enables it (the counter's own check comes later).
Status check_pce(kemu_ctxt &c)
{
	if (!c.ops->get_cr)
		return Status::Unhandleable;
	const u32 counter = static_cast<u32>(c.gprs[KEMU_RCX]);
	if (c.vmware_backdoor && counter >= KEMU_VMWARE_PMC_HOST_TSC &&
	    counter <= KEMU_VMWARE_PMC_APPARENT_TIME)
		return Status::Continue;
	bool blocked = !(c.ops->get_cr(c.opaque, 4) & kCr4PCE) && current_privilege(c) > 0;
	return blocked ? raise_gp0(c) : Status::Continue;
}

// SVM instructions without EFER.SVME are #UD; VMRUN, VMLOAD and VMSAVE with
// an rAX beyond the physical-address width KVM assumes (48 bits) #GP(0)
// first.
Status check_svme(kemu_ctxt &c, bool physical_address)
{
	if (physical_address && (c.gprs[KEMU_RAX] >> 48))
		return raise_gp0(c);
	if (!c.ops->get_msr)
		return Status::Unhandleable;
	u64 efer = 0;
	kemu_exception ignored = no_fault(); // (KVM ignores a failing read of EFER)
	c.ops->get_msr(c.opaque, kMsrEfer, &efer, &ignored);
	return efer & kEferSvme ? Status::Continue : raise_ud(c);
}

// The entries KVM keeps only for their intercept.
Status check_intercept_only(kemu_ctxt &c, decode::Intercept intercept)
{
	using decode::Intercept;
	switch (intercept) {
	case Intercept::Vmrun:
	case Intercept::Vmload:
	case Intercept::Vmsave:
		return check_svme(c, true);
	case Intercept::Stgi:
	case Intercept::Clgi:
	case Intercept::Skinit:
	case Intercept::Invlpga:
		return check_svme(c, false);
	case Intercept::Rdtscp:
		return check_tsd(c);
	default:
		return Status::Continue;
	}
}

// The width of the entry's operand `i` (the port's data: b or z).
unsigned width(const kemu_ctxt &c, const decode::Opcode &op, unsigned i)
{
	return decode::width_bytes_of(op.ops[i].width, c.insn, long_mode(c));
}

} // namespace

Status check_permission(kemu_ctxt &c, const decode::Opcode &op, u64 dst, u64 src)
{
	using decode::Handler;
	switch (op.handler) {
	case Handler::None:
		return check_intercept_only(c, op.intercept);
	case Handler::Rdtsc:
		return check_tsd(c);
	case Handler::Rdpmc:
		return check_pce(c);
	case Handler::In:
		return check_io_permission(c, c.rflags, static_cast<u16>(src), width(c, op, 0));
	case Handler::Out:
		return check_io_permission(c, c.rflags, static_cast<u16>(dst), width(c, op, 1));
	case Handler::Ins:
		return check_io_permission(c, c.rflags, static_cast<u16>(c.gprs[KEMU_RDX]),
		                           width(c, op, 0));
	case Handler::Outs:
		return check_io_permission(c, c.rflags, static_cast<u16>(c.gprs[KEMU_RDX]),
		                           width(c, op, 1));
	case Handler::MovDr: {
		if (!c.ops->get_cr || !c.ops->get_dr || !c.ops->set_dr)
			return Status::Unhandleable;
		unsigned dr = c.insn.reg;
		const bool write = op.ops[0].loc == decode::Loc::D;
		if (write && long_mode(c) && (dr == 6 || dr == 7) && (src >> 32))
			return raise_gp0(c);
		return check_dr_access(c, dr);
	}
	default:
		return Status::Continue;
	}
}

} // namespace kemu::exec
