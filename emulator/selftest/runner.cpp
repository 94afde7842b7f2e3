// SPDX-License-Identifier: GPL-2.0
// Runs self-test vectors on a tiny fake machine behind a real ops table.
// Not reentrant: the machine is static (module init and tests run one vector
// at a time), so no vector needs a large stack frame.
#include "text.h"
#include "exec/flag_effects.h"
#include "selftest/vector.h"

namespace kemu::selftest {

namespace {

constexpr unsigned kMaxWrites = 8;
constexpr u32 kPfWrite = 2, kPfFetch = 0x10;

struct Write {
	u64 address;
	unsigned size;
	u64 value;
};

struct Machine {
	u8 ram[kRamSize];
	kemu_segment segs[KEMU_NR_SEGS];
	Write writes[kMaxWrites];
	unsigned nwrites;
	unsigned fetch_calls;
	unsigned fetched_bytes;
	u64 cr[9];
	u64 dr[8];
	u8 ymm[16][32]; // XMM n is the low half of YMM n
	u8 mmx[8][8];
	u16 fpu_status, fpu_control;
	kemu_dtable dtables[2];
};

constinit Machine machine{};

// A host effect, logged as a write at its pseudo-address (vector.h).
void record(u64 address, unsigned size, u64 value)
{
	if (machine.nwrites < kMaxWrites)
		machine.writes[machine.nwrites] = {address, size, value};
	machine.nwrites++;
}

bool mapped(u64 linear, unsigned bytes)
{
	return linear >= kRamBase && linear + bytes <= kRamBase + kRamSize &&
	       linear + bytes > linear;
}

int page_fault(kemu_exception *fault, u64 linear, u32 error_code)
{
	*fault = {};
	fault->vector = KEMU_PF;
	fault->error_code_valid = 1;
	fault->error_code = error_code;
	fault->address = linear;
	return KEMU_PROPAGATE_FAULT;
}

// The first unmapped byte of [linear, linear + bytes), for #PF's CR2.
u64 first_unmapped(u64 linear, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++)
		if (!mapped(linear + i, 1))
			return linear + i;
	return linear;
}

int fetch(void *, u64 linear, void *val, unsigned bytes, kemu_exception *fault)
{
	machine.fetch_calls++;
	machine.fetched_bytes += bytes;
	// The contract: a fetch never crosses a page.
	if ((linear & 0xfff) + bytes > 0x1000)
		return KEMU_UNHANDLEABLE;
	if (!mapped(linear, bytes))
		return page_fault(fault, first_unmapped(linear, bytes), kPfFetch);
	copy_bytes(val, machine.ram + (linear - kRamBase), bytes);
	return KEMU_CONTINUE;
}

int read_mem(void *, u64 linear, void *val, unsigned bytes, kemu_exception *fault)
{
	if (!mapped(linear, bytes))
		return page_fault(fault, first_unmapped(linear, bytes), 0);
	copy_bytes(val, machine.ram + (linear - kRamBase), bytes);
	return KEMU_CONTINUE;
}

int write_mem(void *, u64 linear, const void *val, unsigned bytes, kemu_exception *fault)
{
	if (!mapped(linear, bytes))
		return page_fault(fault, first_unmapped(linear, bytes), kPfWrite);
	copy_bytes(machine.ram + (linear - kRamBase), val, bytes);
	if (machine.nwrites < kMaxWrites) {
		Write &w = machine.writes[machine.nwrites];
		w = {linear, bytes, 0};
		copy_bytes(&w.value, val, bytes > 8 ? 8 : bytes);
	}
	machine.nwrites++;
	return KEMU_CONTINUE;
}

void get_segment(void *, kemu_seg seg, kemu_segment *out)
{
	*out = machine.segs[seg];
}

// LOCKed writes: the test machine is single-threaded, so the exchange
// always finds `old` (checked) and is logged like a write.
int cmpxchg_mem(void *opaque, u64 linear, const void *old, const void *new_val, unsigned bytes,
                kemu_exception *fault)
{
	if (!mapped(linear, bytes))
		return page_fault(fault, first_unmapped(linear, bytes), kPfWrite);
	if (__builtin_memcmp(machine.ram + (linear - kRamBase), old, bytes) != 0)
		return KEMU_CMPXCHG_FAILED;
	return write_mem(opaque, linear, new_val, bytes, fault);
}

// Port reads return the port number's bytes: port p gives p, p+1, ...
int pio_in(void *, unsigned size, u16 port, void *val, unsigned count)
{
	u8 *out = static_cast<u8 *>(val);
	for (unsigned i = 0; i < size * count; i++)
		out[i] = static_cast<u8>(port + i % size);
	return KEMU_CONTINUE;
}

int pio_out(void *, unsigned size, u16 port, const void *val, unsigned count)
{
	const u8 *in = static_cast<const u8 *>(val);
	for (unsigned e = 0; e < count; e++) {
		u64 v = 0;
		for (unsigned i = 0; i < size; i++)
			v |= static_cast<u64>(in[e * size + i]) << (8 * i);
		record(kHostPort + port, size, v);
	}
	return KEMU_CONTINUE;
}

int read_system(void *opaque, u64 linear, void *val, unsigned bytes, kemu_exception *fault)
{
	return read_mem(opaque, linear, val, bytes, fault);
}

int write_system(void *opaque, u64 linear, const void *val, unsigned bytes, kemu_exception *fault)
{
	return write_mem(opaque, linear, val, bytes, fault);
}

u64 get_cr(void *, unsigned cr)
{
	return cr < 9 ? machine.cr[cr] : 0;
}

// Bit 63 stands for any value the host refuses.
int set_cr(void *, unsigned cr, u64 value)
{
	if (cr >= 9 || (value >> 63))
		return 1;
	machine.cr[cr] = value;
	record(kHostCr + cr, 8, value);
	return 0;
}

u64 get_dr(void *, unsigned dr)
{
	return dr < 8 ? machine.dr[dr] : 0;
}

int set_dr(void *, unsigned dr, u64 value)
{
	if (dr >= 8)
		return 1;
	machine.dr[dr] = value;
	record(kHostDr + dr, 8, value);
	return 0;
}

int get_msr(void *, u32 msr, u64 *value)
{
	for (const Msr &m : kMsrs) {
		if (m.index == msr) {
			*value = m.value;
			return KEMU_CONTINUE;
		}
	}
	return KEMU_PROPAGATE_FAULT;
}

int set_msr(void *, u32 msr, u64 value)
{
	if (msr != kMsrTsc && msr != kMsrEfer)
		return KEMU_PROPAGATE_FAULT;
	record(kHostMsr + msr, 8, value);
	return KEMU_CONTINUE;
}

void cpuid(void *, u32 *eax, u32 *ebx, u32 *ecx, u32 *edx)
{
	*eax ^= 0x100;
	*ebx = kCpuidEbx;
	*edx = kCpuidEdx;
	(void)ecx; // the subleaf comes back as it went
}

void get_dtable(void *, kemu_dtable_reg reg, kemu_dtable *out)
{
	*out = machine.dtables[reg];
}

void set_dtable(void *, kemu_dtable_reg reg, const kemu_dtable *in)
{
	machine.dtables[reg] = *in;
	record(kHostDtable + reg * 0x100, 8, in->base);
	record(kHostDtable + reg * 0x100 + 0x10, 2, in->limit);
}

void invlpg(void *, u64 linear)
{
	record(kHostInvlpg, 8, linear);
}

void halt(void *)
{
	record(kHostHalt, 1, 1);
}

// XCR0 only, and never without x87 state (bit 0).
int set_xcr(void *, u32 index, u64 value)
{
	if (index != 0 || !(value & 1))
		return 1;
	record(kHostXcr + index, 8, value);
	return 0;
}

void set_segment(void *, kemu_seg seg, const kemu_segment *in)
{
	machine.segs[seg] = *in;
	record(kHostSeg + seg, 8, in->base << 16 | in->selector);
}

void get_vreg(void *, kemu_vreg_kind kind, unsigned index, void *val)
{
	if (kind == KEMU_VREG_MMX)
		copy_bytes(val, machine.mmx[index & 7], 8);
	else
		copy_bytes(val, machine.ymm[index & 15], kind == KEMU_VREG_YMM ? 32 : 16);
}

u64 bytes_at(const u8 *p)
{
	u64 v = 0;
	for (unsigned i = 0; i < 8; i++)
		v |= static_cast<u64>(p[i]) << (8 * i);
	return v;
}

void set_vreg(void *, kemu_vreg_kind kind, unsigned index, const void *val)
{
	if (kind != KEMU_VREG_MMX) {
		u8 *r = machine.ymm[index & 15];
		copy_bytes(r, val, kind == KEMU_VREG_YMM ? 32 : 16);
		record(kHostXmm + 2 * (index & 15), 8, bytes_at(r));
		record(kHostXmm + 2 * (index & 15) + 1, 8, bytes_at(r + 8));
		if (kind == KEMU_VREG_YMM) {
			record(kHostYmmHigh + 2 * (index & 15), 8, bytes_at(r + 16));
			record(kHostYmmHigh + 2 * (index & 15) + 1, 8, bytes_at(r + 24));
		}
	} else {
		copy_bytes(machine.mmx[index & 7], val, 8);
		record(kHostMmx + (index & 7), 8, bytes_at(machine.mmx[index & 7]));
	}
}

void x87(void *, kemu_x87_op op, u16 *word)
{
	if (op == KEMU_X87_FNINIT)
		record(kHostX87, 1, 1);
	else
		*word = op == KEMU_X87_FNSTCW ? machine.fpu_control : machine.fpu_status;
}

void fxsave(void *, void *image, unsigned bytes)
{
	u8 *p = static_cast<u8 *>(image);
	for (unsigned i = 0; i < bytes; i++)
		p[i] = static_cast<u8>(i);
}

void fxrstor(void *, const void *, unsigned bytes)
{
	record(kHostFxrstor, 4, bytes);
}

// The test machine is never in SMM.
int is_smm(void *)
{
	return 0;
}

// L1 intercepts CPUID (KVM's x86_intercept_cpuid) after the privilege checks.
int intercept(void *, const kemu_intercept_info *info, kemu_intercept_stage stage)
{
	constexpr u8 kInterceptCpuid = 20;
	record(kHostIntercept + 0x100 * stage + info->intercept, 8, info->next_rip);
	if (info->intercept == kInterceptCpuid && stage == KEMU_ICPT_POST_EXCEPT)
		return KEMU_INTERCEPTED;
	return KEMU_CONTINUE;
}

int fix_hypercall(void *)
{
	record(kHostHypercall, 1, 1);
	return KEMU_CONTINUE;
}

constexpr kemu_ops kOps = {
    .fetch = fetch,
    .read_mem = read_mem,
    .write_mem = write_mem,
    .get_segment = get_segment,
    .cmpxchg_mem = cmpxchg_mem,
    .pio_in = pio_in,
    .pio_out = pio_out,
    .cpl = nullptr,
    .read_system = read_system,
    .write_system = write_system,
    .get_cr = get_cr,
    .set_cr = set_cr,
    .get_dr = get_dr,
    .set_dr = set_dr,
    .get_msr = get_msr,
    .set_msr = set_msr,
    .cpuid = cpuid,
    .get_dtable = get_dtable,
    .set_dtable = set_dtable,
    .invlpg = invlpg,
    .wbinvd = nullptr,
    .halt = halt,
    .set_xcr = set_xcr,
    .read_pmc = nullptr,
    .set_segment = set_segment,
    .set_nmi_mask = nullptr,
    .intercept = intercept,
    .fix_hypercall = fix_hypercall,
    .get_vreg = get_vreg,
    .set_vreg = set_vreg,
    .x87 = x87,
    .fxsave = fxsave,
    .fxrstor = fxrstor,
    .is_smm = is_smm,
    .leave_smm = nullptr,
    .triple_fault = nullptr,
};

void store(u64 address, unsigned size, u64 value)
{
	for (unsigned i = 0; i < size; i++)
		if (mapped(address + i, 1))
			machine.ram[address + i - kRamBase] = static_cast<u8>(value >> (8 * i));
}

void set_up(const Vector &v, kemu_ctxt &c)
{
	machine = {};
	for (unsigned i = 0; i < KEMU_SEG_COUNT; i++) {
		kemu_segment &s = machine.segs[i];
		s.limit = v.mode == KEMU_MODE_REAL ? 0xffff : 0xffffffff;
		s.type = i == KEMU_SEG_CS ? 0xb : 3;
		s.s = 1;
		s.present = 1;
		s.db = v.mode == KEMU_MODE_PROT32;
		s.g = s.limit > 0xfffff;
	}
	machine.cr[0] = v.cr0;
	machine.fpu_status = v.fpu_status;
	machine.fpu_control = v.fpu_control;
	for (unsigned n = 0; n < 16; n++)
		for (unsigned b = 0; b < 32; b++)
			machine.ymm[n][b] = b < 16 ? kInitialXmmByte(n, b) : kInitialYmmHighByte(n);
	for (unsigned n = 0; n < 8; n++)
		for (unsigned b = 0; b < 8; b++)
			machine.mmx[n][b] = kInitialMmxByte(n, b);
	machine.cr[3] = kCr3;
	machine.cr[4] = v.cr4;
	machine.dr[6] = kDr6;
	machine.dr[7] = v.dr7;
	machine.dtables[KEMU_GDTR] = {kGdtBase, kGdtLimit, {}};
	machine.dtables[KEMU_IDTR] = {kIdtBase, kIdtLimit, {}};
	for (const Seg &s : v.segs) {
		if (s.index >= KEMU_NR_SEGS)
			break;
		kemu_segment &d = machine.segs[s.index];
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
	for (const Mem &m : v.memory)
		if (m.size)
			store(m.address, m.size, m.value);
	u64 code_linear =
	    v.mode == KEMU_MODE_PROT64 ? v.rip : machine.segs[KEMU_SEG_CS].base + v.rip;
	for (unsigned i = 0; i < v.code.len; i++)
		store(code_linear + i, 1, v.code.bytes[i]);

	c = {};
	c.ops = &kOps;
	c.mode = v.mode;
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
	if (machine.fetched_bytes > KEMU_MAX_INSN_LEN) {
		why << "fetched more than 15 bytes: ";
		why.hex(machine.fetched_bytes);
		return false;
	}
	if (machine.fetch_calls > e.max_fetch_calls) {
		why << "fetch callbacks: ";
		why.hex(machine.fetch_calls) << ", expected at most ";
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
	unsigned nexpected = 0;
	for (const Mem &m : e.writes) {
		if (!m.size)
			break;
		const Write *w = nexpected < machine.nwrites ? &machine.writes[nexpected] : nullptr;
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
	if (machine.nwrites != nexpected) {
		why << "memory writes: ";
		why.hex(machine.nwrites) << ", expected ";
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
	static constinit kemu_ctxt ctxt{};
	set_up(*v, ctxt);
	int status = kemu_emulate(&ctxt, nullptr, 0);
	return check(*v, ctxt, status, text) ? 1 : 0;
}
