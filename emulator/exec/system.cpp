// SPDX-License-Identifier: GPL-2.0
// System instructions: CLI STI HLT, CPUID RDTSC RDPMC RDMSR WRMSR, MOV to and
// from CR/DR, CLTS LMSW SMSW, LGDT LIDT SGDT SIDT, INVLPG WBINVD INVD XSETBV.
// Host state is reached through the optional kemu_ops callbacks; without the
// one an instruction needs, it is Unhandleable before anything changes.
// Privilege (kPriv: CPL 0) is checked by the engine; the checks here are the
// ones each instruction adds (IOPL, CR4.TSD/PCE/UMIP/DE, DR7.GD).
#include "decode/decoder.h"
#include "exec/flags.h"
#include "exec/handlers.h"
#include "operands.h"
#include "segmentation.h"

namespace kemu::exec {

namespace {

constexpr u64 kCr0TS = 1u << 3;
constexpr u64 kCr4TSD = 1u << 2, kCr4DE = 1u << 3, kCr4PCE = 1u << 8, kCr4UMIP = 1u << 11;
constexpr u32 kMsrTsc = 0x10, kMsrMiscFeaturesEnables = 0x140;
constexpr u64 kCpuidFaulting = 1;
constexpr u64 kDr6BD = 1u << 13, kDr6ActiveLow = 0xffff0ff0, kDr6Trap = 0xf, kDr7GD = 1u << 13;

// CLI/STI: #GP unless IOPL allows (always in real mode).
bool bad_iopl(kemu_ctxt &c, u64 rflags)
{
	if (c.mode == KEMU_MODE_REAL)
		return false;
	if (c.mode == KEMU_MODE_VM86)
		return iopl(rflags) < 3;
	return current_privilege(c) > iopl(rflags);
}

u64 cr4(kemu_ctxt &c)
{
	return c.ops->get_cr(c.opaque, 4);
}

void write_edx_eax(kemu_ctxt &c, u64 value)
{
	c.gprs[KEMU_RAX] = static_cast<u32>(value);
	c.gprs[KEMU_RDX] = value >> 32;
}

u64 edx_eax(const kemu_ctxt &c)
{
	return (c.gprs[KEMU_RDX] << 32) | static_cast<u32>(c.gprs[KEMU_RAX]);
}

// LGDT/LIDT: a limit and a base (64 bits in 64-bit mode, whatever the operand
// size; else 32, or 24 with a 16-bit operand size).
Status load_dtable(kemu_ctxt &c, Operands &o, kemu_dtable_reg reg)
{
	if (!c.ops->set_dtable)
		return Status::Unhandleable;
	unsigned base_bytes = long_mode(c) ? 8 : 4;
	u8 image[10] = {};
	Status s = read_bytes(c, c.insn.ea_seg, o.ea, 2 + base_bytes, image);
	if (s == Status::Continue)
		s = ask_after_own_read(c, o);
	if (s != Status::Continue)
		return s;
	kemu_dtable t{};
	t.limit = static_cast<u16>(load_le(image, 2));
	t.base = load_le_sized(image + 2, base_bytes);
	if (c.insn.op_bytes == 2 && !long_mode(c))
		t.base &= 0xffffff;
	if (long_mode(c) && !is_canonical(t.base))
		return raise_gp0(c);
	c.ops->set_dtable(c.opaque, reg, &t);
	return Status::Continue;
}

// SGDT/SIDT store 6 bytes (10 in 64-bit mode); a 16-bit operand size stores
// the low 24 bits of the base and a zero byte.
Status store_dtable(kemu_ctxt &c, Operands &o, kemu_dtable_reg reg)
{
	if (!c.ops->get_dtable)
		return Status::Unhandleable;
	if (Status s = umip_check(c); s != Status::Continue)
		return s;
	kemu_dtable t{};
	c.ops->get_dtable(c.opaque, reg, &t);
	unsigned base_bytes = long_mode(c) ? 8 : 4;
	u64 base = c.insn.op_bytes == 2 && !long_mode(c) ? t.base & 0xffffff : t.base;
	u8 image[10];
	store_le(image, 2, t.limit);
	store_le(image + 2, base_bytes, base);
	return write_bytes(c, c.insn.ea_seg, o.ea, 2 + base_bytes, image);
}

} // namespace

// DR4/DR5 are DR6/DR7 unless CR4.DE; DR7.GD makes any access #DB (DR6.BD set).
Status check_dr_access(kemu_ctxt &c, unsigned &dr)
{
	if (dr > 7)
		return raise_ud(c);
	if (dr == 4 || dr == 5) {
		if (cr4(c) & kCr4DE)
			return raise_ud(c);
		dr += 2;
	}
	if (c.ops->get_dr(c.opaque, 7) & kDr7GD) {
		u64 dr6 = (c.ops->get_dr(c.opaque, 6) & ~kDr6Trap) | kDr6BD | kDr6ActiveLow;
		kemu_exception ignored = no_fault(); // (KVM ignores a refusal too)
		c.ops->set_dr(c.opaque, 6, dr6, &ignored);
		return raise(c, KEMU_DB);
	}
	return Status::Continue;
}

Status umip_check(kemu_ctxt &c)
{
	if (!c.ops->get_cr)
		return Status::Unhandleable;
	return (cr4(c) & kCr4UMIP) && current_privilege(c) > 0 ? raise_gp0(c) : Status::Continue;
}

KEMU_HANDLER(Cli, "0=i", "CLI: IF cleared (VIF instead under VME/PVI at CPL > IOPL)",
             FlagRule::Context);
Status cli(kemu_ctxt &c, Operands &o)
{
	if (bad_iopl(c, o.rflags))
		return raise_gp0(c);
	o.rflags &= ~kIF;
	return Status::Continue;
}

// STI blocks interrupts for one instruction when it sets IF (SDM STI).
KEMU_HANDLER(Sti, "1=i", "STI: IF set (VIF instead under VME/PVI at CPL > IOPL)",
             FlagRule::Context);
Status sti(kemu_ctxt &c, Operands &o)
{
	if (bad_iopl(c, o.rflags))
		return raise_gp0(c);
	if (!(o.rflags & kIF))
		c.shadow = KEMU_SHADOW_STI;
	o.rflags |= kIF;
	return Status::Continue;
}

KEMU_HANDLER(Hlt, "", "HLT: none");
Status hlt(kemu_ctxt &c, Operands &)
{
	if (!c.ops->halt)
		return Status::Unhandleable;
	c.ops->halt(c.opaque);
	return Status::Continue;
}

// CPUID faulting (MSR 0x140 bit 0) makes CPUID #GP above CPL 0.
KEMU_HANDLER(Cpuid, "", "CPUID: none");
Status cpuid(kemu_ctxt &c, Operands &)
{
	if (!c.ops->cpuid || !c.ops->get_msr) // (get_msr: whether CPUID faults)
		return Status::Unhandleable;
	u64 features = 0;
	kemu_exception ignored = no_fault(); // an MSR the host lacks: no faulting
	if (c.ops->get_msr(c.opaque, kMsrMiscFeaturesEnables, &features, &ignored) != KEMU_CONTINUE)
		features = 0;
	if ((features & kCpuidFaulting) && current_privilege(c) > 0)
		return raise_gp0(c);
	u32 eax = static_cast<u32>(c.gprs[KEMU_RAX]), ecx = static_cast<u32>(c.gprs[KEMU_RCX]);
	u32 ebx = 0, edx = 0;
	c.ops->cpuid(c.opaque, &eax, &ebx, &ecx, &edx);
	c.gprs[KEMU_RAX] = eax;
	c.gprs[KEMU_RBX] = ebx;
	c.gprs[KEMU_RCX] = ecx;
	c.gprs[KEMU_RDX] = edx;
	return Status::Continue;
}

// CR4.TSD makes RDTSC privileged.
KEMU_HANDLER(Rdtsc, "", "RDTSC: none");
Status rdtsc(kemu_ctxt &c, Operands &)
{
	if (!c.ops->get_cr || !c.ops->get_msr)
		return Status::Unhandleable;
	if ((cr4(c) & kCr4TSD) && current_privilege(c) > 0)
		return raise_gp0(c);
	u64 tsc = 0;
	Status s = host_call(c, c.ops->get_msr, kMsrTsc, &tsc);
	if (s == Status::Continue)
		write_edx_eax(c, tsc);
	return s;
}

// Without CR4.PCE, RDPMC is privileged; a counter the host refuses is #GP(0).
// The VMware backdoor's pseudo-PMCs are not, when the host enables it.
KEMU_HANDLER(Rdpmc, "", "RDPMC: none");
Status rdpmc(kemu_ctxt &c, Operands &)
{
	if (!c.ops->get_cr || !c.ops->read_pmc)
		return Status::Unhandleable;
	const u32 counter = static_cast<u32>(c.gprs[KEMU_RCX]);
	const bool backdoor = c.vmware_backdoor && counter >= KEMU_VMWARE_PMC_HOST_TSC &&
	                      counter <= KEMU_VMWARE_PMC_APPARENT_TIME;
	if (!backdoor && !(cr4(c) & kCr4PCE) && current_privilege(c) > 0)
		return raise_gp0(c);
	u64 value = 0;
	Status s = host_call(c, c.ops->read_pmc, counter, &value);
	if (s == Status::Continue)
		write_edx_eax(c, value);
	return s;
}

KEMU_HANDLER(Rdmsr, "", "RDMSR: none");
Status rdmsr(kemu_ctxt &c, Operands &)
{
	// The guest's own read goes through the host's MSR filter.
	auto read = c.ops->get_msr_filtered ? c.ops->get_msr_filtered : c.ops->get_msr;
	if (!read)
		return Status::Unhandleable;
	u64 value = 0;
	Status s = host_call(c, read, static_cast<u32>(c.gprs[KEMU_RCX]), &value);
	if (s == Status::Continue)
		write_edx_eax(c, value);
	return s;
}

KEMU_HANDLER(Wrmsr, "", "WRMSR: none");
Status wrmsr(kemu_ctxt &c, Operands &)
{
	if (!c.ops->set_msr)
		return Status::Unhandleable;
	return host_call(c, c.ops->set_msr, static_cast<u32>(c.gprs[KEMU_RCX]), edx_eax(c));
}

// MOV r, CRn (0F 20) and MOV CRn, r (0F 22); the decoder raised #UD for a
// CR that does not exist (control_register_exists); the host refuses a value
// with a fault (KVM: #GP(0)).
KEMU_HANDLER(MovCr, "u=oszapc", "MOV to/from CR: OF SF ZF AF PF CF undefined");
Status mov_cr(kemu_ctxt &c, Operands &o)
{
	if (!c.ops->get_cr || !c.ops->set_cr)
		return Status::Unhandleable;
	unsigned cr = c.insn.reg;
	if (decode::opcode_of(c.insn).ops[0].loc == decode::Loc::C)
		return host_call(c, c.ops->set_cr, cr, o.v[1]);
	o.v[0] = c.ops->get_cr(c.opaque, cr);
	return Status::Continue;
}

// MOV r, DRn (0F 21) and MOV DRn, r (0F 23).  In 64-bit mode DR6 and DR7
// take no bits above 31 (#GP(0)).
KEMU_HANDLER(MovDr, "u=oszapc", "MOV to/from DR: OF SF ZF AF PF CF undefined");
Status mov_dr(kemu_ctxt &c, Operands &o)
{
	if (!c.ops->get_cr || !c.ops->get_dr || !c.ops->set_dr)
		return Status::Unhandleable;
	unsigned dr = c.insn.reg;
	bool write = decode::opcode_of(c.insn).ops[0].loc == decode::Loc::D;
	if (write && long_mode(c) && (dr == 6 || dr == 7) && (o.v[1] >> 32))
		return raise_gp0(c);
	Status s = check_dr_access(c, dr);
	if (s != Status::Continue)
		return s;
	if (!write) {
		o.v[0] = c.ops->get_dr(c.opaque, dr);
		return Status::Continue;
	}
	u64 value = long_mode(c) ? o.v[1] : static_cast<u32>(o.v[1]);
	return host_call(c, c.ops->set_dr, dr, value);
}

KEMU_HANDLER(Clts, "", "CLTS: none");
Status clts(kemu_ctxt &c, Operands &)
{
	if (!c.ops->get_cr || !c.ops->set_cr)
		return Status::Unhandleable;
	return host_call(c, c.ops->set_cr, 0u, c.ops->get_cr(c.opaque, 0) & ~kCr0TS);
}

// LMSW loads CR0[3:0] but cannot clear PE.
KEMU_HANDLER(Lmsw, "", "LMSW: none");
Status lmsw(kemu_ctxt &c, Operands &o)
{
	if (!c.ops->get_cr || !c.ops->set_cr)
		return Status::Unhandleable;
	u64 cr0 = (c.ops->get_cr(c.opaque, 0) & ~0xeull) | (o.v[0] & 0xf);
	return host_call(c, c.ops->set_cr, 0u, cr0);
}

// SMSW: CR0, 16 bits to memory, the operand size to a register.
KEMU_HANDLER(Smsw, "", "SMSW: none");
Status smsw(kemu_ctxt &c, Operands &o)
{
	if (!c.ops->get_cr)
		return Status::Unhandleable;
	if (Status s = umip_check(c); s != Status::Continue)
		return s;
	o.v[0] = c.ops->get_cr(c.opaque, 0);
	return Status::Continue;
}

KEMU_HANDLER(Lgdt, "", "LGDT: none");
Status lgdt(kemu_ctxt &c, Operands &o)
{
	return load_dtable(c, o, KEMU_GDTR);
}
KEMU_HANDLER(Lidt, "", "LIDT: none");
Status lidt(kemu_ctxt &c, Operands &o)
{
	return load_dtable(c, o, KEMU_IDTR);
}
KEMU_HANDLER(Sgdt, "", "SGDT: none");
Status sgdt(kemu_ctxt &c, Operands &o)
{
	return store_dtable(c, o, KEMU_GDTR);
}
KEMU_HANDLER(Sidt, "", "SIDT: none");
Status sidt(kemu_ctxt &c, Operands &o)
{
	return store_dtable(c, o, KEMU_IDTR);
}

// INVLPG m: the linear address of m, which is not accessed.  An address
// that is not canonical (or outside the segment) makes it a NOP: the SDM
// lists no fault for it, and KVM does the same.
KEMU_HANDLER(Invlpg, "", "INVLPG: none");
Status invlpg(kemu_ctxt &c, Operands &o)
{
	if (!c.ops->invlpg)
		return Status::Unhandleable;
	u64 linear;
	if (linearize(c, c.insn.ea_seg, o.ea, 1, KEMU_ACCESS_READ, linear) != Status::Continue) {
		c.have_exception = 0;
		return Status::Continue;
	}
	c.ops->invlpg(c.opaque, linear);
	return Status::Continue;
}

KEMU_HANDLER(Wbinvd, "", "WBINVD/WBNOINVD: none");
Status wbinvd(kemu_ctxt &c, Operands &)
{
	if (!c.ops->wbinvd)
		return Status::Unhandleable;
	c.ops->wbinvd(c.opaque);
	return Status::Continue;
}

// INVD drops caches a guest cannot see; as KVM, nothing to do.
KEMU_HANDLER(Invd, "", "INVD: none");
Status invd(kemu_ctxt &, Operands &)
{
	return Status::Continue;
}

// CLFLUSH/CLFLUSHOPT m8: the engine has read the byte (faults as a read, as
// the CPU and KVM); flushing is the host's cache, nothing to emulate.
KEMU_HANDLER(Clflush, "", "CLFLUSH/CLFLUSHOPT: none");
Status clflush(kemu_ctxt &, Operands &)
{
	return Status::Continue;
}

// VMCALL/VMMCALL: the host rewrites the instruction for its vendor; the guest
// then runs it again (rIP stays), as KVM's em_hypercall.
KEMU_HANDLER(Hypercall, "", "VMCALL/VMMCALL: none (the hypervisor's call)");
Status hypercall(kemu_ctxt &c, Operands &o)
{
	if (!c.ops->fix_hypercall)
		return Status::Unhandleable;
	Status s = host_call(c, c.ops->fix_hypercall);
	if (s == Status::Continue)
		c.rip = o.rip;
	return s;
}

// RDPID r: IA32_TSC_AUX, 64 bits in 64-bit mode; #UD where the guest's
// CPUID (leaf 7, ECX bit 22) has no RDPID.
KEMU_HANDLER(Rdpid, "", "RDPID: none");
Status rdpid(kemu_ctxt &c, Operands &o)
{
	constexpr u32 kMsrTscAux = 0xc0000103;
	if (!c.ops->cpuid || !c.ops->get_msr)
		return Status::Unhandleable;
	u32 eax = 7, ebx = 0, ecx = 0, edx = 0;
	c.ops->cpuid(c.opaque, &eax, &ebx, &ecx, &edx);
	if (!(ecx & (1u << 22)))
		return raise_ud(c);
	u64 aux = 0;
	Status s = host_call(c, c.ops->get_msr, kMsrTscAux, &aux);
	o.v[0] = long_mode(c) ? aux : static_cast<u32>(aux);
	return s;
}

// XSETBV: XCR[ecx] = edx:eax; #UD without CR4.OSXSAVE; the host refuses
// with #GP(0).
KEMU_HANDLER(Xsetbv, "", "XSETBV: none");
Status xsetbv(kemu_ctxt &c, Operands &)
{
	constexpr u64 kCr4OSXSAVE = 1u << 18;
	if (!c.ops->set_xcr || !c.ops->get_cr)
		return Status::Unhandleable;
	if (!(cr4(c) & kCr4OSXSAVE))
		return raise_ud(c);
	return host_call(c, c.ops->set_xcr, static_cast<u32>(c.gprs[KEMU_RCX]), edx_eax(c));
}

} // namespace kemu::exec
