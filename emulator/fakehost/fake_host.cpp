// SPDX-License-Identifier: GPL-2.0
// The configurable fake host (fake_host.h).
#include "fakehost/fake_host.h"

namespace kemu {

namespace {

constexpr u32 kPfErrorFetch = 0x10;

unsigned index_of(FakeCall kind)
{
	return static_cast<unsigned>(kind);
}

bool writes(FakeCall kind)
{
	return kind == FakeCall::Write || kind == FakeCall::WriteSystem ||
	       kind == FakeCall::Cmpxchg;
}

u64 first_bytes(const void *p, unsigned bytes)
{
	u64 v = 0;
	copy_bytes(&v, p, bytes < 8 ? bytes : 8);
	return v;
}

} // namespace

kemu_decode_cache *FakeHost::shared_decode_cache = nullptr;

void FakeHost::reset(kemu_mode mode, unsigned cpl)
{
	__builtin_memset(static_cast<void *>(this), 0, sizeof(FakeHost));
	ops = kDefaultOps;
	ctxt.ops = &ops;
	ctxt.opaque = this;
	ctxt.decode_cache = shared_decode_cache;
	ctxt.mode = mode;
	ctxt.rflags = 2;
	mmio_fill = 0x5a;
	flat_segments(mode, cpl);
}

void FakeHost::flat_segments(kemu_mode mode, unsigned cpl)
{
	bool real = mode == KEMU_MODE_REAL || mode == KEMU_MODE_VM86;
	for (unsigned i = 0; i < KEMU_SEG_COUNT; i++) {
		kemu_segment &s = segs[i];
		s = {};
		s.limit = real ? 0xffff : 0xffffffff;
		s.type = i == KEMU_SEG_CS ? 0xb : 3;
		s.s = 1;
		s.present = 1;
		s.dpl = cpl & 3;
		s.db = mode == KEMU_MODE_PROT32;
		s.g = s.limit > 0xfffff;
	}
}

bool FakeHost::map(u64 base, u64 size, u8 *bytes, bool mmio)
{
	if (nregions == kMaxRegions)
		return false;
	regions[nregions++] = {base, size, bytes, mmio};
	return true;
}

void FakeHost::add_msr(u32 index, u64 value, bool writable)
{
	if (nmsrs < kMaxMsrs)
		msrs[nmsrs++] = {index, value, writable};
}

void FakeHost::script(FakeCall kind, unsigned nth, int status, const kemu_exception &fault)
{
	if (nscripts < kMaxScripts)
		scripts[nscripts++] = {kind, nth, status, fault};
}

kemu_exception FakeHost::page_fault(u64 address, u32 error_code)
{
	kemu_exception f = {};
	f.vector = KEMU_PF;
	f.error_code_valid = 1;
	f.error_code = error_code;
	f.address = address;
	return f;
}

int FakeHost::refuse(kemu_exception *fault)
{
	*fault = {};
	fault->vector = KEMU_GP;
	fault->error_code_valid = 1;
	return KEMU_PROPAGATE_FAULT;
}

const FakeHost::Region *FakeHost::region_at(u64 linear) const
{
	for (unsigned i = 0; i < nregions; i++)
		if (linear >= regions[i].base && linear - regions[i].base < regions[i].size)
			return &regions[i];
	return nullptr;
}

bool FakeHost::mapped(u64 linear, unsigned bytes) const
{
	u64 end = linear + bytes;
	if (end < linear)
		return false;
	while (linear < end) {
		const Region *r = region_at(linear);
		if (!r)
			return false;
		linear = r->base + r->size;
	}
	return true;
}

void FakeHost::poke(u64 linear, const void *p, unsigned n)
{
	const u8 *in = static_cast<const u8 *>(p);
	for (unsigned i = 0; i < n; i++) {
		const Region *r = region_at(linear + i);
		if (r && r->bytes)
			r->bytes[linear + i - r->base] = in[i];
	}
}

u64 FakeHost::peek(u64 linear, unsigned bytes) const
{
	u64 v = 0;
	for (unsigned i = 0; i < bytes && i < 8; i++) {
		const Region *r = region_at(linear + i);
		if (r && r->bytes)
			v |= static_cast<u64>(r->bytes[linear + i - r->base]) << (8 * i);
	}
	return v;
}

void FakeHost::begin_call()
{
	ctxt.exit_pending = 0;
	failed = false;
}

void FakeHost::clear_log()
{
	ncalls = 0;
	calls_after_failure = 0;
	failed = false;
}

int FakeHost::decode(const u8 *bytes, unsigned len)
{
	begin_call();
	return kemu_decode(&ctxt, bytes, len);
}

int FakeHost::execute()
{
	begin_call();
	return kemu_execute(&ctxt);
}

int FakeHost::emulate(const u8 *bytes, unsigned len)
{
	begin_call();
	return kemu_emulate(&ctxt, bytes, len);
}

FakeHost::Call &FakeHost::record(FakeCall kind, u64 where, unsigned bytes, u64 value)
{
	if (failed)
		calls_after_failure++;
	Call &c = ncalls < kLogSize ? log[ncalls] : log_overflow;
	ncalls++;
	c = {kind, KEMU_CONTINUE, bytes, where, value};
	return c;
}

int FakeHost::scripted(Call &call, kemu_exception *fault)
{
	unsigned n = calls_of[index_of(call.kind)]++;
	for (unsigned i = 0; i < nscripts; i++) {
		const Script &s = scripts[i];
		if (s.kind != call.kind || s.nth != n)
			continue;
		if (s.status == KEMU_PROPAGATE_FAULT && fault)
			*fault = s.fault;
		return s.status;
	}
	return KEMU_CONTINUE;
}

int FakeHost::answer(Call &call, int status)
{
	call.status = status;
	if (status != KEMU_CONTINUE)
		failed = true;
	return status;
}

int FakeHost::access(FakeCall kind, u64 linear, void *out, const void *in, unsigned bytes,
                     kemu_exception *fault)
{
	Call &call = record(kind, linear, bytes, in ? first_bytes(in, bytes) : 0);
	int status = scripted(call, fault);
	if (status != KEMU_CONTINUE)
		return answer(call, status);
	// The first unmapped byte is the fault's address (CR2), as on the CPU.
	for (unsigned i = 0; i < bytes;) {
		const Region *r = region_at(linear + i);
		if (!r) {
			u32 ec = kind == FakeCall::Fetch ? kPfErrorFetch
			         : writes(kind)          ? kPfWrite
			                                 : 0;
			*fault = page_fault(linear + i, ec);
			return answer(call, KEMU_PROPAGATE_FAULT);
		}
		u64 left = r->base + r->size - (linear + i);
		i += left < bytes - i ? static_cast<unsigned>(left) : bytes - i;
	}
	bool exit = false;
	for (unsigned i = 0; i < bytes;) {
		const Region *r = region_at(linear + i);
		u64 off = linear + i - r->base;
		u64 left = r->size - off;
		unsigned n = left < bytes - i ? static_cast<unsigned>(left) : bytes - i;
		if (out && r->bytes)
			copy_bytes(static_cast<u8 *>(out) + i, r->bytes + off, n);
		else if (out)
			__builtin_memset(static_cast<u8 *>(out) + i, mmio_fill, n);
		if (in && r->bytes)
			copy_bytes(r->bytes + off, static_cast<const u8 *>(in) + i, n);
		exit |= in && r->mmio && exit_after_mmio_write;
		i += n;
	}
	if (exit)
		ctxt.exit_pending = 1;
	return answer(call, KEMU_CONTINUE);
}

int FakeHost::fetch(void *opaque, u64 linear, void *val, unsigned bytes, kemu_exception *fault)
{
	FakeHost &h = of(opaque);
	h.fetch_calls++;
	h.fetched_bytes += bytes;
	// The contract: a fetch never crosses a page.
	if (bytes == 0 || (linear & 0xfff) + bytes > 0x1000) {
		h.contract_violations++;
		return h.answer(h.record(FakeCall::Fetch, linear, bytes), KEMU_UNHANDLEABLE);
	}
	return h.access(FakeCall::Fetch, linear, val, nullptr, bytes, fault);
}

int FakeHost::read_mem(void *opaque, u64 linear, void *val, unsigned bytes, kemu_exception *fault)
{
	return of(opaque).access(FakeCall::Read, linear, val, nullptr, bytes, fault);
}

int FakeHost::write_mem(void *opaque, u64 linear, const void *val, unsigned bytes,
                        kemu_exception *fault)
{
	return of(opaque).access(FakeCall::Write, linear, nullptr, val, bytes, fault);
}

// Single-threaded: the exchange finds `old` unless a test put something else there.
int FakeHost::cmpxchg_mem(void *opaque, u64 linear, const void *old, const void *new_val,
                          unsigned bytes, kemu_exception *fault)
{
	FakeHost &h = of(opaque);
	const Region *r = h.region_at(linear);
	if (r && r->bytes && h.mapped(linear, bytes) && linear - r->base + bytes <= r->size &&
	    __builtin_memcmp(r->bytes + (linear - r->base), old, bytes) != 0)
		return h.answer(h.record(FakeCall::Cmpxchg, linear, bytes), KEMU_CMPXCHG_FAILED);
	return h.access(FakeCall::Cmpxchg, linear, nullptr, new_val, bytes, fault);
}

int FakeHost::read_system(void *opaque, u64 linear, void *val, unsigned bytes,
                          kemu_exception *fault)
{
	return of(opaque).access(FakeCall::ReadSystem, linear, val, nullptr, bytes, fault);
}

int FakeHost::write_system(void *opaque, u64 linear, const void *val, unsigned bytes,
                           kemu_exception *fault)
{
	return of(opaque).access(FakeCall::WriteSystem, linear, nullptr, val, bytes, fault);
}

void FakeHost::get_segment(void *opaque, kemu_seg seg, kemu_segment *out)
{
	*out = of(opaque).segs[static_cast<unsigned>(seg) % KEMU_NR_SEGS];
}

void FakeHost::set_segment(void *opaque, kemu_seg seg, const kemu_segment *in)
{
	FakeHost &h = of(opaque);
	h.segs[static_cast<unsigned>(seg) % KEMU_NR_SEGS] = *in;
	h.record(FakeCall::SetSegment, seg, 8, in->base << 16 | in->selector);
}

int FakeHost::pio_in(void *opaque, unsigned size, u16 port, void *val, unsigned count,
                     kemu_exception *fault)
{
	FakeHost &h = of(opaque);
	Call &call = h.record(FakeCall::PortIn, port, size * count);
	int status = h.scripted(call, fault);
	if (status != KEMU_CONTINUE)
		return h.answer(call, status);
	u8 *out = static_cast<u8 *>(val);
	for (unsigned i = 0; i < size * count; i++)
		out[i] = static_cast<u8>(port + i % size);
	return KEMU_CONTINUE;
}

// One log entry per element, with its value.
int FakeHost::pio_out(void *opaque, unsigned size, u16 port, const void *val, unsigned count,
                      kemu_exception *fault)
{
	FakeHost &h = of(opaque);
	const u8 *in = static_cast<const u8 *>(val);
	for (unsigned e = 0; e < count; e++) {
		Call &call = h.record(FakeCall::PortOut, port, size, load_le(in + e * size, size));
		int status = h.scripted(call, fault);
		if (status != KEMU_CONTINUE)
			return h.answer(call, status);
	}
	if (h.exit_after_port_out)
		h.ctxt.exit_pending = 1;
	return KEMU_CONTINUE;
}

u64 FakeHost::get_cr(void *opaque, unsigned cr)
{
	return cr < 9 ? of(opaque).cr[cr] : 0;
}

int FakeHost::set_cr(void *opaque, unsigned cr, u64 value, kemu_exception *fault)
{
	FakeHost &h = of(opaque);
	Call &call = h.record(FakeCall::SetCr, cr, 8, value);
	int status = h.scripted(call, fault);
	if (status != KEMU_CONTINUE)
		return h.answer(call, status);
	if (cr >= 9 || (value >> 63))
		return h.answer(call, refuse(fault));
	h.cr[cr] = value;
	return 0;
}

u64 FakeHost::get_dr(void *opaque, unsigned dr)
{
	return dr < 8 ? of(opaque).dr[dr] : 0;
}

int FakeHost::set_dr(void *opaque, unsigned dr, u64 value, kemu_exception *fault)
{
	FakeHost &h = of(opaque);
	Call &call = h.record(FakeCall::SetDr, dr, 8, value);
	int status = h.scripted(call, fault);
	if (status != KEMU_CONTINUE)
		return h.answer(call, status);
	if (dr >= 8 || (value >> 63))
		return h.answer(call, refuse(fault));
	h.dr[dr] = value;
	return 0;
}

int FakeHost::get_msr(void *opaque, u32 msr, u64 *value, kemu_exception *fault)
{
	FakeHost &h = of(opaque);
	Call &call = h.record(FakeCall::GetMsr, msr, 8);
	int status = h.scripted(call, fault);
	if (status != KEMU_CONTINUE)
		return h.answer(call, status);
	for (unsigned i = 0; i < h.nmsrs; i++) {
		if (h.msrs[i].index == msr) {
			*value = call.value = h.msrs[i].value;
			return KEMU_CONTINUE;
		}
	}
	return h.answer(call, refuse(fault));
}

int FakeHost::set_msr(void *opaque, u32 msr, u64 value, kemu_exception *fault)
{
	FakeHost &h = of(opaque);
	Call &call = h.record(FakeCall::SetMsr, msr, 8, value);
	int status = h.scripted(call, fault);
	if (status != KEMU_CONTINUE)
		return h.answer(call, status);
	for (unsigned i = 0; i < h.nmsrs; i++) {
		if (h.msrs[i].index == msr && h.msrs[i].writable) {
			h.msrs[i].value = value;
			return KEMU_CONTINUE;
		}
	}
	return h.answer(call, refuse(fault));
}

void FakeHost::get_dtable(void *opaque, kemu_dtable_reg reg, kemu_dtable *out)
{
	*out = of(opaque).dtables[reg & 1];
}

// Logged with the base as the value and the limit as `bytes`.
void FakeHost::set_dtable(void *opaque, kemu_dtable_reg reg, const kemu_dtable *in)
{
	FakeHost &h = of(opaque);
	h.dtables[reg & 1] = *in;
	h.record(FakeCall::SetDtable, reg, in->limit, in->base);
}

void FakeHost::invlpg(void *opaque, u64 linear)
{
	of(opaque).record(FakeCall::Invlpg, linear, 0);
}

void FakeHost::halt(void *opaque)
{
	of(opaque).record(FakeCall::Halt, 0, 0);
}

void FakeHost::set_nmi_mask(void *opaque, int masked)
{
	of(opaque).nmi_masked = masked != 0;
}

int FakeHost::set_xcr(void *opaque, u32 index, u64 value, kemu_exception *fault)
{
	FakeHost &h = of(opaque);
	Call &call = h.record(FakeCall::SetXcr, index, 8, value);
	int status = h.scripted(call, fault);
	if (status != KEMU_CONTINUE)
		return h.answer(call, status);
	if (index != 0 || !(value & 1))
		return h.answer(call, refuse(fault));
	h.xcr0 = value;
	return 0;
}

int FakeHost::intercept(void *opaque, const kemu_intercept_info *info, kemu_intercept_stage stage,
                        kemu_exception *fault)
{
	FakeHost &h = of(opaque);
	Call &call =
	    h.record(FakeCall::Intercept, 0x100u * stage + info->intercept, 8, info->next_rip);
	return h.answer(call, h.scripted(call, fault));
}

int FakeHost::fix_hypercall(void *opaque, kemu_exception *fault)
{
	FakeHost &h = of(opaque);
	Call &call = h.record(FakeCall::FixHypercall, 0, 0);
	return h.answer(call, h.scripted(call, fault));
}

void FakeHost::get_vreg(void *opaque, kemu_vreg_kind kind, unsigned index, void *val)
{
	FakeHost &h = of(opaque);
	if (kind == KEMU_VREG_MMX)
		copy_bytes(val, h.mmx[index & 7], 8);
	else
		copy_bytes(val, h.ymm[index & 15], kind == KEMU_VREG_YMM ? 32 : 16);
}

// Logged with the register's width (8, 16 or 32) as `bytes`.
void FakeHost::set_vreg(void *opaque, kemu_vreg_kind kind, unsigned index, const void *val)
{
	FakeHost &h = of(opaque);
	unsigned bytes = kind == KEMU_VREG_MMX ? 8 : kind == KEMU_VREG_YMM ? 32 : 16;
	u8 *r = kind == KEMU_VREG_MMX ? h.mmx[index & 7] : h.ymm[index & 15];
	copy_bytes(r, val, bytes);
	h.record(FakeCall::SetVreg, index, bytes, first_bytes(val, bytes));
}

void FakeHost::x87(void *opaque, kemu_x87_op op, u16 *word)
{
	FakeHost &h = of(opaque);
	if (op == KEMU_X87_FNINIT)
		h.record(FakeCall::X87Init, 0, 0);
	else
		*word = op == KEMU_X87_FNSTCW ? h.fpu_control : h.fpu_status;
}

void FakeHost::fxsave(void *, void *image, unsigned bytes)
{
	u8 *p = static_cast<u8 *>(image);
	for (unsigned i = 0; i < bytes; i++)
		p[i] = static_cast<u8>(i);
}

void FakeHost::fxrstor(void *opaque, const void *, unsigned bytes)
{
	of(opaque).record(FakeCall::Fxrstor, 0, bytes);
}

// The fake host is never in SMM.
int FakeHost::is_smm(void *)
{
	return 0;
}

constinit const kemu_ops FakeHost::kDefaultOps = {
    .fetch = fetch,
    .read_mem = read_mem,
    .write_mem = write_mem,
    .get_segment = get_segment,
    .cmpxchg_mem = cmpxchg_mem,
    .pio_in = pio_in,
    .pio_out = pio_out,
    .cpl = nullptr, // SS.DPL
    .read_system = read_system,
    .write_system = write_system,
    .get_cr = get_cr,
    .set_cr = set_cr,
    .get_dr = get_dr,
    .set_dr = set_dr,
    .get_msr = get_msr,
    .set_msr = set_msr,
    .cpuid = nullptr,
    .get_dtable = get_dtable,
    .set_dtable = set_dtable,
    .invlpg = invlpg,
    .wbinvd = nullptr,
    .halt = halt,
    .set_xcr = set_xcr,
    .read_pmc = nullptr,
    .set_segment = set_segment,
    .set_nmi_mask = set_nmi_mask,
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
    .get_msr_filtered = nullptr,
};

} // namespace kemu
