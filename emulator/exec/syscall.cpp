// SPDX-License-Identifier: GPL-2.0
// Fast system calls: SYSCALL, SYSENTER, SYSEXIT, as KVM emulates them
// (EmulateOnUD: a guest may use the other vendor's instruction).  The target
// segments are flat and fixed (SDM SYSCALL/SYSENTER); the MSRs come from the
// host.  SYSRET is not emulated by KVM either; nor is SYSENTER in 64-bit
// mode (KVM: "not tested").  RSM hands SMM exit to the host.
#include "exec/flags.h"
#include "exec/handlers.h"
#include "operands.h"
#include "segmentation.h"

namespace kemu::exec {

namespace {

constexpr u32 kMsrEfer = 0xc0000080, kMsrStar = 0xc0000081, kMsrLstar = 0xc0000082,
              kMsrCstar = 0xc0000083, kMsrSfmask = 0xc0000084, kMsrSysenterCs = 0x174,
              kMsrSysenterEsp = 0x175, kMsrSysenterEip = 0x176;
constexpr u64 kEferSCE = 1, kEferLMA = 1u << 10;

u64 msr(kemu_ctxt &c, u32 index)
{
	u64 v = 0;
	kemu_exception ignored = no_fault(); // an MSR the host refuses reads as 0
	if (c.ops->get_msr(c.opaque, index, &v, &ignored) != KEMU_CONTINUE)
		v = 0;
	return v;
}

// The guest's CPUID vendor is Intel ("GenuineIntel").
bool vendor_intel(kemu_ctxt &c)
{
	u32 eax = 0, ebx = 0, ecx = 0, edx = 0;
	c.ops->cpuid(c.opaque, &eax, &ebx, &ecx, &edx);
	return ebx == 0x756e6547 && ecx == 0x6c65746e && edx == 0x49656e69;
}

// Flat 4G ring-0 code and stack segments; code is 64-bit in long mode.
void flat_segments(kemu_segment &cs, kemu_segment &ss, bool long_mode_target, unsigned dpl)
{
	cs = {};
	cs.limit = 0xffffffff;
	cs.g = 1;
	cs.type = 0xb;
	cs.s = 1;
	cs.present = 1;
	cs.dpl = dpl & 3;
	cs.db = !long_mode_target;
	cs.l = long_mode_target;
	ss = cs;
	ss.type = 3;
	ss.db = 1;
	ss.l = 0;
}

void load_flat(kemu_ctxt &c, u16 cs_sel, u16 ss_sel, bool long_mode_target, unsigned dpl)
{
	kemu_segment cs, ss;
	flat_segments(cs, ss, long_mode_target, dpl);
	cs.selector = cs_sel;
	ss.selector = ss_sel;
	c.ops->set_segment(c.opaque, KEMU_SEG_CS, &cs);
	c.ops->set_segment(c.opaque, KEMU_SEG_SS, &ss);
}

bool have_ops(const kemu_ctxt &c)
{
	return c.ops->get_msr && c.ops->set_segment && c.ops->cpuid;
}

} // namespace

// SYSCALL: #UD without EFER.SCE, and (Intel) outside 64-bit mode.
KEMU_HANDLER(Syscall, "0=oszapcdtinlfvxj",
             "SYSCALL: 64-bit mode clears what IA32_FMASK names (RF always); else VM IF RF",
             FlagRule::Context);
Status syscall(kemu_ctxt &c, Operands &o)
{
	if (c.mode == KEMU_MODE_REAL || c.mode == KEMU_MODE_VM86)
		return raise_ud(c);
	if (!have_ops(c))
		return Status::Unhandleable;
	if (!long_mode(c) && vendor_intel(c))
		return raise_ud(c);
	u64 efer = msr(c, kMsrEfer);
	if (!(efer & kEferSCE))
		return raise_ud(c);
	u64 star = msr(c, kMsrStar);
	bool lma = efer & kEferLMA;
	// CS gets RPL 0; SS is STAR's selector + 8 as it stands (SDM SYSCALL:
	// only CS.Selector is ANDed with FFFCH).
	const u16 star_sel = static_cast<u16>(star >> 32);
	const u16 cs_sel = star_sel & 0xfffc;
	u64 return_rip = c.rip;
	u64 target;
	if (lma) {
		c.gprs[KEMU_R11] = o.rflags & ~kRflagsRF;
		target = msr(c, long_mode(c) ? kMsrLstar : kMsrCstar);
		o.rflags = (o.rflags & ~msr(c, kMsrSfmask)) | 2;
	} else {
		target = static_cast<u32>(star);
		o.rflags &= ~(kVM | kIF);
	}
	load_flat(c, cs_sel, static_cast<u16>(star_sel + 8), lma, 0);
	c.gprs[KEMU_RCX] = return_rip;
	c.rip = target;
	c.mode = lma ? KEMU_MODE_PROT64 : KEMU_MODE_PROT32;
	return Status::Continue;
}

// SYSENTER: #GP in real mode or with a null SYSENTER_CS; #UD in
// compatibility mode on AMD.
KEMU_HANDLER(Sysenter, "0=ifv", "SYSENTER: VM IF RF cleared", FlagRule::Context);
Status sysenter(kemu_ctxt &c, Operands &o)
{
	if (c.mode == KEMU_MODE_REAL)
		return raise_gp0(c);
	if (!have_ops(c) || long_mode(c))
		return Status::Unhandleable;
	u64 efer = msr(c, kMsrEfer);
	bool lma = efer & kEferLMA;
	if (lma && !vendor_intel(c))
		return raise_ud(c);
	u64 cs_msr = msr(c, kMsrSysenterCs);
	if ((cs_msr & 0xfffc) == 0)
		return raise_gp0(c);
	u16 cs_sel = static_cast<u16>(cs_msr & 0xfffc);
	o.rflags &= ~(kVM | kIF);
	load_flat(c, cs_sel, static_cast<u16>(cs_sel + 8), lma, 0);
	u64 rip = msr(c, kMsrSysenterEip), rsp = msr(c, kMsrSysenterEsp);
	c.rip = lma ? rip : static_cast<u32>(rip);
	c.gprs[KEMU_RSP] = lma ? rsp : static_cast<u32>(rsp);
	c.mode = lma ? KEMU_MODE_PROT64 : KEMU_MODE_PROT32;
	return Status::Continue;
}

// SYSEXIT: to CPL 3 at rDX with the stack at rCX; REX.W returns to 64-bit code.
KEMU_HANDLER(Sysexit, "", "SYSEXIT: none");
Status sysexit(kemu_ctxt &c, Operands &)
{
	if (c.mode == KEMU_MODE_REAL || c.mode == KEMU_MODE_VM86)
		return raise_gp0(c);
	if (!have_ops(c))
		return Status::Unhandleable;
	bool to_64 = c.insn.rex & 8;
	u64 cs_msr = msr(c, kMsrSysenterCs);
	u64 rcx = c.gprs[KEMU_RCX], rdx = c.gprs[KEMU_RDX];
	u16 cs_sel, ss_sel;
	if (to_64) {
		if (cs_msr == 0 || !is_canonical(rcx) || !is_canonical(rdx))
			return raise_gp0(c);
		cs_sel = static_cast<u16>(cs_msr + 32);
		ss_sel = static_cast<u16>(cs_sel + 8);
	} else {
		if ((cs_msr & 0xfffc) == 0)
			return raise_gp0(c);
		cs_sel = static_cast<u16>(cs_msr + 16);
		ss_sel = static_cast<u16>(cs_msr + 24);
		rcx = static_cast<u32>(rcx);
		rdx = static_cast<u32>(rdx);
	}
	load_flat(c, cs_sel | 3, ss_sel | 3, to_64, 3);
	c.rip = rdx;
	c.gprs[KEMU_RSP] = rcx;
	c.mode = to_64 ? KEMU_MODE_PROT64 : KEMU_MODE_PROT32;
	return Status::Continue;
}

// RSM: #UD outside SMM; the host restores the saved state (into ctxt too);
// the mode follows from it (CR0.PE, RFLAGS.VM, EFER.LMA with CS.L, CS.D).
KEMU_HANDLER(Rsm, "w=oszapcdtinlfvxj", "RSM: loaded from the SMRAM state save area",
             FlagRule::Context);
Status rsm(kemu_ctxt &c, Operands &o)
{
	if (!c.ops->is_smm)
		return Status::Unhandleable;
	if (!c.ops->is_smm(c.opaque))
		return raise_ud(c);
	if (!c.ops->leave_smm || !c.ops->triple_fault || !c.ops->get_cr || !c.ops->get_msr)
		return Status::Unhandleable;
	// (KVM's em_rsm: a state that cannot be restored is a triple fault.)
	kemu_exception ignored = no_fault();
	if (c.ops->leave_smm(c.opaque, &ignored) != KEMU_CONTINUE)
		c.ops->triple_fault(c.opaque);
	o.rflags = c.rflags;
	kemu_segment cs{};
	c.ops->get_segment(c.opaque, KEMU_SEG_CS, &cs);
	if (!(c.ops->get_cr(c.opaque, 0) & 1))
		c.mode = KEMU_MODE_REAL;
	else if (c.rflags & kVM)
		c.mode = KEMU_MODE_VM86;
	else if (cs.l && (msr(c, kMsrEfer) & kEferLMA))
		c.mode = KEMU_MODE_PROT64;
	else
		c.mode = cs.db ? KEMU_MODE_PROT32 : KEMU_MODE_PROT16;
	return Status::Continue;
}

} // namespace kemu::exec
