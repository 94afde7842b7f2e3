// SPDX-License-Identifier: GPL-2.0
// Runs self-test vectors on the fake host (fakehost/fake_host.h) over a small
// RAM window; what is particular to the vectors is here: CPUID's answers, the
// intercepted CPUID, and the host effects read back as pseudo-address writes.
// Not reentrant: the machine is static (module init and tests run one vector
// at a time), so no vector needs a large stack frame.
#include "exec/flag_effects.h"
#include "fakehost/fake_host.h"
#include "selftest/vector.h"
#include "text.h"

namespace kemu::selftest {

namespace {

// The self-test machine: the fake host over kRamSize bytes of RAM at kRamBase.
struct Machine {
	FakeHost host;
	u8 ram[kRamSize];
};

constinit Machine machine{};

// CPUID: eax ^ 0x100, kCpuidEbx, the subleaf as it went, kCpuidEdx (vector.h).
void cpuid(void *, u32 *eax, u32 *ebx, u32 *ecx, u32 *edx)
{
	*eax ^= 0x100;
	*ebx = kCpuidEbx;
	*edx = kCpuidEdx;
	(void)ecx;
}

// L1 intercepts CPUID (KVM's x86_intercept_cpuid) after the privilege checks.
int intercept(void *opaque, const kemu_intercept_info *info, kemu_intercept_stage stage,
              kemu_exception *fault)
{
	constexpr u8 kInterceptCpuid = 20;
	int status = FakeHost::intercept(opaque, info, stage, fault);
	if (info->intercept == kInterceptCpuid && stage == KEMU_ICPT_POST_EXCEPT)
		return KEMU_INTERCEPTED;
	return status;
}

// A host effect as the vectors expect it: a write at its pseudo-address (vector.h).
struct Write {
	u64 address;
	unsigned size;
	u64 value;
};

constexpr unsigned kMaxWrites = 8;

struct Writes {
	Write at[kMaxWrites];
	unsigned count;

	void add(u64 address, unsigned size, u64 value)
	{
		if (count < kMaxWrites)
			at[count] = {address, size, value};
		count++;
	}
};

u64 bytes_at(const u8 *p)
{
	return load_le(p, 8);
}

// The effects in the host's log, in order: memory writes, port output and
// the state the host accepted (a refused set_cr, ... is no effect).
void effects(const FakeHost &h, Writes &w)
{
	unsigned n = h.ncalls < FakeHost::kLogSize ? h.ncalls : FakeHost::kLogSize;
	for (unsigned i = 0; i < n; i++) {
		const FakeHost::Call &c = h.log[i];
		if (c.status != KEMU_CONTINUE && c.kind != FakeCall::Intercept)
			continue;
		switch (c.kind) {
		case FakeCall::Write:
		case FakeCall::WriteSystem:
		case FakeCall::Cmpxchg:
			w.add(c.where, c.bytes, c.value);
			break;
		case FakeCall::PortOut:
			w.add(kHostPort + c.where, c.bytes, c.value);
			break;
		case FakeCall::SetCr:
			w.add(kHostCr + c.where, 8, c.value);
			break;
		case FakeCall::SetDr:
			w.add(kHostDr + c.where, 8, c.value);
			break;
		case FakeCall::SetMsr:
			w.add(kHostMsr + c.where, 8, c.value);
			break;
		case FakeCall::SetXcr:
			w.add(kHostXcr + c.where, 8, c.value);
			break;
		case FakeCall::SetDtable:
			w.add(kHostDtable + c.where * 0x100, 8, c.value);
			w.add(kHostDtable + c.where * 0x100 + 0x10, 2, c.bytes);
			break;
		case FakeCall::SetSegment:
			w.add(kHostSeg + c.where, 8, c.value);
			break;
		case FakeCall::Invlpg:
			w.add(kHostInvlpg, 8, c.where);
			break;
		case FakeCall::Halt:
			w.add(kHostHalt, 1, 1);
			break;
		case FakeCall::Intercept:
			w.add(kHostIntercept + c.where, 8, c.value);
			break;
		case FakeCall::FixHypercall:
			w.add(kHostHypercall, 1, 1);
			break;
		case FakeCall::X87Init:
			w.add(kHostX87, 1, 1);
			break;
		case FakeCall::Fxrstor:
			w.add(kHostFxrstor, 4, c.bytes);
			break;
		case FakeCall::SetVreg: {
			// One instruction writes a register once: its final value is the one set.
			unsigned r = c.where;
			if (c.bytes == 8) {
				w.add(kHostMmx + (r & 7), 8, bytes_at(h.mmx[r & 7]));
				break;
			}
			const u8 *y = h.ymm[r & 15];
			w.add(kHostXmm + 2 * (r & 15), 8, bytes_at(y));
			w.add(kHostXmm + 2 * (r & 15) + 1, 8, bytes_at(y + 8));
			if (c.bytes == 32) {
				w.add(kHostYmmHigh + 2 * (r & 15), 8, bytes_at(y + 16));
				w.add(kHostYmmHigh + 2 * (r & 15) + 1, 8, bytes_at(y + 24));
			}
			break;
		}
		default:
			break;
		}
	}
}

void set_up(const Vector &v)
{
	FakeHost &h = machine.host;
	h.reset(static_cast<kemu_mode>(v.mode));
	__builtin_memset(machine.ram, 0, sizeof(machine.ram));
	h.map(kRamBase, kRamSize, machine.ram);
	h.ops.cpuid = cpuid;
	h.ops.intercept = intercept;
	for (const Msr &m : kMsrs)
		h.add_msr(m.index, m.value, m.index == kMsrTsc || m.index == kMsrEfer);
	h.cr[0] = v.cr0;
	h.fpu_status = v.fpu_status;
	h.fpu_control = v.fpu_control;
	for (unsigned n = 0; n < 16; n++)
		for (unsigned b = 0; b < 32; b++)
			h.ymm[n][b] = b < 16 ? kInitialXmmByte(n, b) : kInitialYmmHighByte(n);
	for (unsigned n = 0; n < 8; n++)
		for (unsigned b = 0; b < 8; b++)
			h.mmx[n][b] = kInitialMmxByte(n, b);
	h.cr[3] = kCr3;
	h.cr[4] = v.cr4;
	h.dr[6] = kDr6;
	h.dr[7] = v.dr7;
	h.dtables[KEMU_GDTR] = {kGdtBase, kGdtLimit, {}};
	h.dtables[KEMU_IDTR] = {kIdtBase, kIdtLimit, {}};
	for (const Seg &s : v.segs) {
		if (s.index >= KEMU_NR_SEGS)
			break;
		kemu_segment &d = h.segs[s.index];
		d.present = 1;
		d.s = s.index < KEMU_SEG_COUNT;
		d.base = s.base;
		d.limit = s.limit;
		d.type = s.type;
		d.db = s.db;
		d.unusable = s.unusable;
		d.dpl = s.dpl;
		d.selector = s.selector;
	}
	for (const Mem &m : v.memory) {
		if (m.size) {
			u8 le[8];
			store_le(le, m.size, m.value);
			h.poke(m.address, le, m.size);
		}
	}
	u64 code_linear = v.mode == KEMU_MODE_PROT64 ? v.rip : h.segs[KEMU_SEG_CS].base + v.rip;
	h.poke(code_linear, v.code.bytes, v.code.len);

	kemu_ctxt &c = h.ctxt;
	for (unsigned i = 0; i < KEMU_NR_GPRS; i++)
		c.gprs[i] = kInitialGpr(i);
	for (const Reg &r : v.regs)
		if (r.index < KEMU_NR_GPRS)
			c.gprs[r.index] = r.value;
	c.rip = v.rip;
	c.rflags = v.rflags | 0x2 | kRflagsRF;
	c.check_intercepts = v.nested;
}

u64 initial_gpr(const Vector &v, unsigned i)
{
	u64 value = kInitialGpr(i);
	for (const Reg &r : v.regs)
		if (r.index == i)
			value = r.value;
	return value;
}

// The flags the decoded instruction leaves undefined with the vector's
// registers (exec/flag_effects.h): the vectors do not spell them.
u64 undefined_flags(const Vector &v, const kemu_ctxt &c)
{
	u64 gprs[KEMU_NR_GPRS];
	for (unsigned i = 0; i < KEMU_NR_GPRS; i++)
		gprs[i] = initial_gpr(v, i);
	return exec::flag_use_of(c.insn, gprs).undefined;
}

bool check(const Vector &v, const kemu_ctxt &c, int status, Text &why)
{
	const Outcome &e = v.expect;
	if (status != e.status) {
		why << "status " << kemu_status_name(status) << ", expected "
		    << kemu_status_name(e.status);
		if (status == KEMU_PROPAGATE_FAULT) {
			why << " (vector ";
			why.hex(c.exception.vector) << ")";
		}
		return false;
	}
	const FakeHost &h = machine.host;
	if (h.contract_violations) {
		why << "a fetch crossed a page";
		return false;
	}
	if (h.fetched_bytes > KEMU_MAX_INSN_LEN) {
		why << "fetched more than 15 bytes: ";
		why.hex(h.fetched_bytes);
		return false;
	}
	if (h.calls_after_failure) {
		why << "callbacks after a failed one: ";
		why.hex(h.calls_after_failure);
		return false;
	}
	if (h.fetch_calls > e.max_fetch_calls) {
		why << "fetch callbacks: ";
		why.hex(h.fetch_calls) << ", expected at most ";
		why.hex(e.max_fetch_calls);
		return false;
	}
	if (status == KEMU_PROPAGATE_FAULT) {
		const kemu_exception &x = c.exception;
		bool ec_expected = e.vector == KEMU_TS || e.vector == KEMU_NP ||
		                   e.vector == KEMU_GP || e.vector == KEMU_SS ||
		                   e.vector == KEMU_PF || e.vector == KEMU_AC;
		if (!c.have_exception || x.vector != e.vector ||
		    x.error_code_valid != ec_expected || x.error_code != e.error_code ||
		    (e.vector == KEMU_PF && x.address != e.fault_address)) {
			why << "exception vector ";
			why.hex(x.vector) << " error code ";
			why.hex(x.error_code) << " address ";
			why.hex(x.address) << ", expected vector ";
			why.hex(e.vector) << " error code ";
			why.hex(e.error_code);
			return false;
		}
	}
	u64 expected_rip = v.rip;
	if (status == KEMU_CONTINUE) {
		expected_rip = e.jump_to ? e.jump_to : v.rip + e.length;
		if (c.insn.length != e.length) {
			why << "length ";
			why.hex(c.insn.length) << ", expected ";
			why.hex(e.length);
			return false;
		}
	}
	if (c.rip != expected_rip) {
		why << "rip ";
		why.hex(c.rip) << ", expected ";
		why.hex(expected_rip);
		return false;
	}
	if (status == KEMU_CONTINUE && c.shadow != e.shadow) {
		why << "interrupt shadow ";
		why.hex(c.shadow) << ", expected ";
		why.hex(e.shadow);
		return false;
	}
	// Flags: as given, else unchanged on success (RF cleared) and on a fault.
	u64 want_flags = v.rflags | 0x2 | kRflagsRF;
	u64 undefined = 0;
	if (status == KEMU_CONTINUE) {
		want_flags = e.rflags != kFlagsUnchanged ? e.rflags : want_flags & ~kRflagsRF;
		undefined = undefined_flags(v, c);
	}
	if ((c.rflags ^ want_flags) & ~undefined) {
		why << "rflags ";
		why.hex(c.rflags) << ", expected ";
		why.hex(want_flags);
		return false;
	}
	for (unsigned i = 0; i < KEMU_NR_GPRS; i++) {
		u64 want = initial_gpr(v, i);
		for (const Reg &r : e.regs)
			if (r.index == i)
				want = r.value;
		if (c.gprs[i] != want) {
			why << "gpr ";
			why.hex(i) << " = ";
			why.hex(c.gprs[i]) << ", expected ";
			why.hex(want);
			return false;
		}
	}
	if (h.ncalls > FakeHost::kLogSize) {
		why << "callbacks: ";
		why.hex(h.ncalls);
		return false;
	}
	static constinit Writes writes{};
	writes.count = 0;
	effects(h, writes);
	unsigned nexpected = 0;
	for (const Mem &m : e.writes) {
		if (!m.size)
			break;
		const Write *w = nexpected < writes.count && nexpected < kMaxWrites
		                     ? &writes.at[nexpected]
		                     : nullptr;
		if (!w || w->address != m.address || w->size != m.size || w->value != m.value) {
			why << "write ";
			why.hex(nexpected) << ": expected ";
			why.hex(m.value) << " (";
			why.hex(m.size) << " bytes) at ";
			why.hex(m.address);
			if (w) {
				why << ", got ";
				why.hex(w->value) << " (";
				why.hex(w->size) << " bytes) at ";
				why.hex(w->address);
			}
			return false;
		}
		nexpected++;
	}
	if (writes.count != nexpected) {
		why << "memory writes: ";
		why.hex(writes.count) << ", expected ";
		why.hex(nexpected);
		return false;
	}
	return true;
}

} // namespace

} // namespace kemu::selftest

using namespace kemu;
using namespace kemu::selftest;

namespace {

const VectorTable *const kTables[] = {&kMovVectors,    &kIntegerVectors, &kControlVectors,
                                      &kSystemVectors, &kSegmentVectors, &kVectorMoveVectors};

// The vector at a global index across the tables, or nullptr.
const Vector *vector_at(unsigned index)
{
	for (const VectorTable *t : kTables) {
		if (index < t->count)
			return &t->vectors[index];
		index -= t->count;
	}
	return nullptr;
}

} // namespace

extern "C" unsigned int kemu_selftest_count(void)
{
	unsigned n = 0;
	for (const VectorTable *t : kTables)
		n += t->count;
	return n;
}

extern "C" const char *kemu_selftest_name(unsigned int index)
{
	const Vector *v = vector_at(index);
	return v ? v->name : "(no such vector)";
}

extern "C" int kemu_selftest_run(unsigned int index, char *why, unsigned int why_size)
{
	Text text(why, why_size);
	const Vector *v = vector_at(index);
	if (!v) {
		text << "no such vector";
		return 0;
	}
	set_up(*v);
	int status = machine.host.emulate();
	return check(*v, machine.host.ctxt, status, text) ? 1 : 0;
}
