// SPDX-License-Identifier: GPL-2.0
// One configurable fake host behind struct kemu_ops, for every harness that
// runs the core without KVM: the self-test runner (in kemu.ko, so this is
// freestanding: no heap, no libc, fixed capacities) and the userspace tests.
//
// State: a memory map of RAM and MMIO regions over caller-owned bytes (an
// address in no region is unmapped: #PF), ports, CR0-CR8, DR0-DR7, XCR0,
// MSRs, GDTR/IDTR, the segment registers, the vector registers and x87
// words.  Behaviour: scripted answers (the nth call of a kind returns a given
// status and fault), exits (an accepted MMIO write or port output sets
// ctxt.exit_pending), a log of every callback, and the contract checks every
// harness wants (no fetch across a page, no callback after a failed one).
//
// A harness that needs something particular replaces entries of `ops` (a
// per-instance copy of kDefaultOps) with its own functions, which may call
// the defaults; `opaque` is the FakeHost, so a struct deriving from FakeHost
// gets itself back with a static_cast.
#pragma once

#include "core.h"

namespace kemu {

// Callback kinds: the log's and the scripts' vocabulary.
enum class FakeCall : u8 {
	Fetch,
	Read,
	Write,
	Cmpxchg,
	ReadSystem,
	WriteSystem,
	PortIn,
	PortOut,
	SetCr,
	SetDr,
	GetMsr,
	SetMsr,
	SetXcr,
	SetDtable,
	SetSegment,
	Invlpg,
	Halt,
	Intercept,
	FixHypercall,
	SetVreg,
	X87Init,
	Fxrstor,
	Count,
};

struct FakeHost {
	static constexpr unsigned kMaxRegions = 8, kMaxMsrs = 16, kMaxScripts = 8, kLogSize = 128;

	struct Region {
		u64 base;
		u64 size;
		u8 *bytes; // size bytes, owned by the caller; MMIO may have none
		bool mmio; // writes may exit (exit_after_mmio_write); reads: mmio_fill
	};
	struct Msr {
		u32 index;
		u64 value;
		bool writable; // WRMSR of any other #GPs
	};
	// The nth (from 0) call of `kind` answers `status`; PROPAGATE_FAULT
	// fills the fault out-parameter with `fault`.
	struct Script {
		FakeCall kind;
		unsigned nth;
		int status;
		kemu_exception fault;
	};
	// One callback: `where` is the linear address, port, register number or
	// index; `value` the first 8 bytes written (or the value set).
	struct Call {
		FakeCall kind;
		int status;
		unsigned bytes;
		u64 where;
		u64 value;
	};

	kemu_ctxt ctxt;
	kemu_ops ops;

	Region regions[kMaxRegions];
	unsigned nregions;
	u8 mmio_fill; // what an MMIO read without bytes returns

	kemu_segment segs[KEMU_NR_SEGS];
	kemu_dtable dtables[2];
	u64 cr[9];
	u64 dr[8];
	u64 xcr0;
	Msr msrs[kMaxMsrs];
	unsigned nmsrs;
	u8 ymm[16][32]; // XMM n is the low half of YMM n
	u8 mmx[8][8];
	u16 fpu_control, fpu_status;
	u8 nmi_masked; // set_nmi_mask's last word (not logged: IRET's only effect on it)

	bool exit_after_mmio_write;
	bool exit_after_port_out;

	Script scripts[kMaxScripts];
	unsigned nscripts;
	unsigned calls_of[static_cast<unsigned>(FakeCall::Count)];

	Call log[kLogSize]; // the first kLogSize callbacks; ncalls counts them all
	Call log_overflow;  // where the calls after those are written
	unsigned ncalls;
	unsigned fetch_calls, fetched_bytes;
	unsigned contract_violations; // fetches across a page or of no bytes
	bool failed;                  // a callback answered other than KEMU_CONTINUE
	unsigned calls_after_failure;

	static const kemu_ops kDefaultOps;
	// The decoded-instruction cache every reset() context uses (nullptr:
	// none): one for all hosts, so that a test runs with what earlier ones
	// left in it (the userspace tests run once without, once with it).
	static kemu_decode_cache *shared_decode_cache;

	static FakeHost &of(void *opaque) { return *static_cast<FakeHost *>(opaque); }

	// Everything cleared; flat segments for `mode` at `cpl`; ctxt on ops.
	void reset(kemu_mode mode, unsigned cpl = 0);
	void flat_segments(kemu_mode mode, unsigned cpl);
	bool map(u64 base, u64 size, u8 *bytes, bool mmio = false);
	void add_msr(u32 index, u64 value, bool writable = false);
	void script(FakeCall kind, unsigned nth, int status, const kemu_exception &fault = {});
	// A page fault as this host reports one (error code: write 2, fetch 0x10).
	static kemu_exception page_fault(u64 address, u32 error_code);
	// #GP(0): how this host refuses a CR, DR, XCR or MSR access.
	static int refuse(kemu_exception *fault);

	// The region holding `linear`, or nullptr; whether all of a range is mapped.
	const Region *region_at(u64 linear) const;
	bool mapped(u64 linear, unsigned bytes) const;
	// RAM at `linear` (bytes outside the map are dropped / read as 0).
	void poke(u64 linear, const void *p, unsigned n);
	u64 peek(u64 linear, unsigned bytes) const;

	// Forget the previous core call's failure and exit (the host clears
	// exit_pending before each call).
	void begin_call();
	void clear_log();
	int decode(const u8 *bytes = nullptr, unsigned len = 0);
	int execute();
	int emulate(const u8 *bytes = nullptr, unsigned len = 0);

	// Log a callback; the status a script gives its call (KEMU_CONTINUE when
	// none), and the fault it reports.
	Call &record(FakeCall kind, u64 where, unsigned bytes, u64 value = 0);
	int scripted(Call &call, kemu_exception *fault);
	int answer(Call &call, int status);
	// Memory through the map: reads into `out`, writes from `in`.
	int access(FakeCall kind, u64 linear, void *out, const void *in, unsigned bytes,
	           kemu_exception *fault);

	// The default callbacks (kDefaultOps), for overriding ones to call.
	static int fetch(void *opaque, u64 linear, void *val, unsigned bytes,
	                 kemu_exception *fault);
	static int read_mem(void *opaque, u64 linear, void *val, unsigned bytes,
	                    kemu_exception *fault);
	static int write_mem(void *opaque, u64 linear, const void *val, unsigned bytes,
	                     kemu_exception *fault);
	static int cmpxchg_mem(void *opaque, u64 linear, const void *old, const void *new_val,
	                       unsigned bytes, kemu_exception *fault);
	static int read_system(void *opaque, u64 linear, void *val, unsigned bytes,
	                       kemu_exception *fault);
	static int write_system(void *opaque, u64 linear, const void *val, unsigned bytes,
	                        kemu_exception *fault);
	static void get_segment(void *opaque, kemu_seg seg, kemu_segment *out);
	static void set_segment(void *opaque, kemu_seg seg, const kemu_segment *in);
	// Port p reads as the bytes p, p + 1, ... of each element.
	static int pio_in(void *opaque, unsigned size, u16 port, void *val, unsigned count,
	                  kemu_exception *fault);
	static int pio_out(void *opaque, unsigned size, u16 port, const void *val, unsigned count,
	                   kemu_exception *fault);
	// CR0-CR8 and DR0-DR7; a value with bit 63 set stands for one the host refuses.
	static u64 get_cr(void *opaque, unsigned cr);
	static int set_cr(void *opaque, unsigned cr, u64 value, kemu_exception *fault);
	static u64 get_dr(void *opaque, unsigned dr);
	static int set_dr(void *opaque, unsigned dr, u64 value, kemu_exception *fault);
	static int get_msr(void *opaque, u32 msr, u64 *value, kemu_exception *fault);
	static int set_msr(void *opaque, u32 msr, u64 value, kemu_exception *fault);
	static void get_dtable(void *opaque, kemu_dtable_reg reg, kemu_dtable *out);
	static void set_dtable(void *opaque, kemu_dtable_reg reg, const kemu_dtable *in);
	static void invlpg(void *opaque, u64 linear);
	static void halt(void *opaque);
	static void set_nmi_mask(void *opaque, int masked);
	// XCR0 only, and never without x87 state (bit 0).
	static int set_xcr(void *opaque, u32 index, u64 value, kemu_exception *fault);
	static int intercept(void *opaque, const kemu_intercept_info *info,
	                     kemu_intercept_stage stage, kemu_exception *fault);
	static int fix_hypercall(void *opaque, kemu_exception *fault);
	static void get_vreg(void *opaque, kemu_vreg_kind kind, unsigned index, void *val);
	static void set_vreg(void *opaque, kemu_vreg_kind kind, unsigned index, const void *val);
	static void x87(void *opaque, kemu_x87_op op, u16 *word);
	// The image bytes are their own offsets (0, 1, 2, ...).
	static void fxsave(void *opaque, void *image, unsigned bytes);
	static void fxrstor(void *opaque, const void *image, unsigned bytes);
	static int is_smm(void *opaque);
};

} // namespace kemu
