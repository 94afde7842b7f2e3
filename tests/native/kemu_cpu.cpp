// The ops backend of the oracle: flat 64-bit segments (user mode, DPL 3),
// data accesses only inside the data buffer, everything else a #PF at the
// first byte outside it (as a page walk would report it), fetches only from
// the code page.
#include "kemu_cpu.h"

#include "native_cpu.h"

#include <cstring>

namespace native {

namespace {

int page_fault(kemu_exception *f, uint64_t address, uint32_t error_code)
{
	*f = {};
	f->vector = KEMU_PF;
	f->error_code_valid = 1;
	f->error_code = error_code;
	f->address = address;
	return KEMU_PROPAGATE_FAULT;
}

// The first byte of [linear, linear + bytes) outside the data buffer.
uint64_t first_unmapped(uint64_t linear)
{
	return linear >= kDataBase && linear < kDataEnd ? kDataEnd : linear;
}

constexpr uint32_t kPfWrite = 2, kPfUser = 4, kPfFetch = 16;

int fetch(void *, kemu_u64 linear, void *val, unsigned bytes, kemu_exception *f)
{
	if (linear < kCodeBase || linear + bytes > kCodeBase + kPage)
		return page_fault(f, linear < kCodeBase ? linear : kCodeBase + kPage,
		                  kPfUser | kPfFetch);
	memcpy(val, reinterpret_cast<const void *>(linear), bytes);
	return KEMU_CONTINUE;
}

int read_mem(void *, kemu_u64 linear, void *val, unsigned bytes, kemu_exception *f)
{
	if (!in_data(linear, bytes))
		return page_fault(f, first_unmapped(linear), kPfUser);
	memcpy(val, reinterpret_cast<const void *>(linear), bytes);
	return KEMU_CONTINUE;
}

int write_mem(void *, kemu_u64 linear, const void *val, unsigned bytes, kemu_exception *f)
{
	if (!in_data(linear, bytes))
		return page_fault(f, first_unmapped(linear), kPfUser | kPfWrite);
	memcpy(reinterpret_cast<void *>(linear), val, bytes);
	return KEMU_CONTINUE;
}

void get_segment(void *, kemu_seg seg, kemu_segment *out)
{
	*out = {};
	out->limit = 0xffffffff;
	out->selector = seg == KEMU_SEG_CS ? 0x33 : 0x2b; // Linux's user CS and SS/DS
	out->type = seg == KEMU_SEG_CS ? 0xb : 3;
	out->s = 1;
	out->dpl = 3;
	out->present = 1;
	out->l = seg == KEMU_SEG_CS;
	out->g = 1;
}

kemu_ops make_ops()
{
	kemu_ops ops = {};
	ops.fetch = fetch;
	ops.read_mem = read_mem;
	ops.write_mem = write_mem;
	ops.get_segment = get_segment;
	return ops;
}

const kemu_ops kOps = make_ops();

} // namespace

void KemuCpu::run(const uint8_t *bytes, unsigned len, uint64_t rip, const CpuState &in,
                  const uint8_t *memory, unsigned max_passes, KemuRun &out)
{
	kemu_ctxt ctxt = {};
	ctxt.ops = &kOps;
	ctxt.decode_cache = decode_cache_;
	ctxt.mode = KEMU_MODE_PROT64;
	memcpy(ctxt.gprs, in.gpr, sizeof(ctxt.gprs));
	ctxt.rip = rip;
	ctxt.rflags = base_rflags_ | (in.rflags & kTestedFlags);
	memcpy(data_buffer(), memory, kDataSize);

	if (decode_cache_ && decode_cache_warm_)
		kemu_decode(&ctxt, bytes, len); // (no callback: the bytes are given)

	out = KemuRun{};
	Outcome &o = out.outcome;
	o.faulted = false;
	for (;;) {
		out.passes++;
		out.status = kemu_emulate(&ctxt, bytes, len);
		if (out.status == KEMU_CONTINUE && ctxt.rip == rip && out.passes < max_passes)
			continue; // REP restart
		break;
	}
	switch (out.status) {
	case KEMU_CONTINUE:
		if (ctxt.rip == rip) {
			out.verdict = KemuRun::Broken;
			out.why = "did not retire (too many passes)";
		}
		break;
	case KEMU_PROPAGATE_FAULT:
		o.faulted = true;
		o.vector = ctxt.exception.vector;
		o.error_code = ctxt.exception.error_code;
		o.fault_address = ctxt.exception.vector == KEMU_PF ? ctxt.exception.address : 0;
		if (!ctxt.have_exception) {
			out.verdict = KemuRun::Broken;
			out.why = "PROPAGATE_FAULT without have_exception";
		}
		break;
	case KEMU_UNHANDLEABLE:
		// On a later pass this is a REP string that stopped half-way: broken.
		out.verdict = out.passes == 1 ? KemuRun::NotEmulated : KemuRun::Broken;
		out.why = "UNHANDLEABLE after a restart";
		break;
	default:
		out.verdict = KemuRun::Broken;
		out.why = "unexpected status";
		break;
	}
	memcpy(o.state.gpr, ctxt.gprs, sizeof(o.state.gpr));
	o.state.rflags = ctxt.rflags;
	o.state.rip = ctxt.rip;
	memcpy(o.memory, data_buffer(), kDataSize);
}

} // namespace native
