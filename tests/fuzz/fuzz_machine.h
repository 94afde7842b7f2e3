// A guest for the fuzz harnesses: machine state, an ops table whose answers
// come from the fuzzer's input, a log of every callback, and the invariants
// every core call must keep (checked after each call; a violation aborts, so
// libFuzzer saves the input as a crash).
//
// The harness may use libc/libstdc++; the core it calls is the freestanding
// one, built with clang and ASan/UBSan (tests/fuzz/fuzz.mk).
//
// Not the fake host of emulator/fakehost/: every answer here (data, values,
// statuses in and out of the contract) is the fuzzer's input, consumed in
// call order, so the committed seeds and crash inputs keep their meaning;
// there is no machine state to model beyond the segments.
#pragma once

#include <kemu/kemu.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace kemu_fuzz {

// Bounded work per core call.  One instruction today needs at most 2 fetches
// and a read and a write; REP string batching (KVM's 1 KiB io/mem caches)
// must still stay under these.  Raise them deliberately, with the batching.
// A REP string runs up to 1024 iterations per call (then yields), each with
// two accesses of up to 8 bytes and a segment lookup per access.
constexpr unsigned kMaxRepIterations = 1024;
constexpr unsigned kMaxCallbacksPerCall = 64 + kMaxRepIterations * 4;
constexpr uint64_t kMaxDataBytesPerCall = 4096 + kMaxRepIterations * 16;
constexpr unsigned kMaxAccessBytes = 4096; // one read/write callback

// The input bytes, consumed front to back (Xen's x86 emulator fuzzer model).
struct Stream {
	const uint8_t *p = nullptr;
	size_t n = 0;
	size_t pos = 0;

	size_t left() const { return n - pos; }
	bool take(void *out, size_t bytes)
	{
		if (left() < bytes)
			return false;
		if (bytes == 0)
			return true;
		memcpy(out, p + pos, bytes);
		pos += bytes;
		return true;
	}
	uint8_t byte(uint8_t dflt = 0)
	{
		uint8_t b = dflt;
		take(&b, 1);
		return b;
	}
	template <class T>
	T get(T dflt = 0)
	{
		T v = dflt;
		take(&v, sizeof(v));
		return v;
	}
};

// How a callback answers when the input makes it fail (see Machine::decide).
enum Failure : uint8_t {
	kFailPF,           // PROPAGATE_FAULT, a well-formed #PF
	kFailOddFault,     // PROPAGATE_FAULT, vector/error code from the input (odd values)
	kFailUnfilled,     // PROPAGATE_FAULT without writing *fault (a host bug)
	kFailUnhandleable, // the other X86EMUL_* codes, as KVM's callbacks return them
	kFailRetry,
	kFailCmpxchg,
	kFailIoNeeded,
	kFailIntercepted,
	kFailOutOfRange, // statuses outside the contract: 7, -1, INT_MIN, 42
	kFailNegative,
	kFailIntMin,
	kFailFortyTwo,
	kFailCount
};

// Callback kinds, for the failure mask and the log.
// kHost: every other host callback (ports, CRs, MSRs, CPUID, vector
// registers, segment loads, intercepts, ...).
enum Kind : uint8_t { kFetch, kRead, kWrite, kGetSeg, kHost, kKinds };
inline const char *kind_name(unsigned k)
{
	static const char *const names[] = {"fetch", "read", "write", "get_segment", "host"};
	return k < kKinds ? names[k] : "?";
}

struct Call {
	uint8_t kind;
	uint64_t linear;
	unsigned bytes;
	int rc;
	kemu_exception fault; // what a PROPAGATE_FAULT answer left in *fault
};

[[noreturn]] inline void violation(const char *what, const kemu_ctxt *c = nullptr)
{
	fprintf(stderr, "kemu-fuzz: INVARIANT VIOLATED: %s\n", what);
	if (c)
		fprintf(stderr,
		        "  mode %u rip %#llx rflags %#llx have_exception %u vector %u ec %#x/%u "
		        "insn %u bytes fetched %u\n",
		        c->mode, (unsigned long long)c->rip, (unsigned long long)c->rflags,
		        c->have_exception, c->exception.vector, c->exception.error_code,
		        c->exception.error_code_valid, c->insn.length, c->insn.fetched);
	abort();
}
#define FUZZ_CHECK(cond, ctxt)                                                                     \
	do {                                                                                       \
		if (!(cond))                                                                       \
			::kemu_fuzz::violation(#cond, ctxt);                                       \
	} while (0)

inline bool is_canonical(uint64_t la)
{
	return uint64_t(int64_t(la << 16) >> 16) == la;
}

struct Machine {
	// --- machine state (extended as kemu.h grows: CPL, CRs and MSRs are kept
	// here and reach the core once the ABI asks for them) -----------------
	uint32_t mode = KEMU_MODE_PROT64;
	kemu_segment segs[KEMU_NR_SEGS] = {};
	uint64_t gprs[KEMU_NR_GPRS] = {};
	uint64_t rip = 0;
	uint64_t rflags = 2;
	uint8_t cpl = 0;
	uint64_t cr[16] = {};
	uint64_t efer = 0;

	// --- how the callbacks answer ------------------------------------------
	Stream stream;                  // answers (fetched bytes, read data, failures)
	uint8_t fail_mask = 0;          // bit per Kind: that callback may be made to fail
	bool fetch_from_stream = false; // else from `code` (raw harness)
	// Accepted writes and port output leave an exit pending (KVM: MMIO and
	// port output that go to userspace): the core must stop a REP string.
	bool exit_after_output = false;
	const uint8_t *code = nullptr; // raw harness: bytes at [code_linear, +code_len)
	uint64_t code_linear = 0;
	size_t code_len = 0;

	// --- what happened during the current core call ------------------------
	Call log[kMaxCallbacksPerCall + 1];
	unsigned ncalls = 0;
	bool overflow = false;
	uint64_t data_bytes = 0; // read + write bytes
	int first_failure = -1;  // index in log of the first failing callback
	bool called_after_failure = false;

	kemu_ctxt ctxt = {};
	kemu_decode_cache *decode_cache = nullptr; // what load() gives the context

	explicit Machine(uint32_t m) { reset(m); }

	// Flat segments for `m`, as a BIOS/OS would set them up.
	void reset(uint32_t m)
	{
		mode = m;
		for (unsigned i = 0; i < KEMU_SEG_COUNT; i++) {
			kemu_segment &s = segs[i];
			s = {};
			bool rm = m == KEMU_MODE_REAL || m == KEMU_MODE_VM86;
			s.limit = rm ? 0xffff : 0xffffffff;
			s.type = i == KEMU_SEG_CS ? 0xb : 3;
			s.s = 1;
			s.present = 1;
			s.g = !rm;
			s.db = m == KEMU_MODE_PROT32 || (m == KEMU_MODE_PROT64 && i != KEMU_SEG_CS);
			s.l = m == KEMU_MODE_PROT64 && i == KEMU_SEG_CS;
			s.dpl = m == KEMU_MODE_VM86 ? 3 : 0;
		}
	}

	// Load the state into the context before a core call.  The fields the
	// host does not set hold zeros, or garbage with `poison` (the core must
	// not depend on them).
	void load(bool poison = false)
	{
		ctxt = {};
		if (poison)
			memset(&ctxt, 0x5a, sizeof(ctxt));
		ctxt.ops = &kOps;
		ctxt.opaque = this;
		ctxt.decode_cache = decode_cache;
		ctxt.mode = mode;
		memcpy(ctxt.gprs, gprs, sizeof(gprs));
		ctxt.rip = rip;
		ctxt.rflags = rflags;
	}

	void begin_call()
	{
		ctxt.exit_pending = 0; // the host clears it before each call
		ncalls = 0;
		overflow = false;
		data_bytes = 0;
		first_failure = -1;
		called_after_failure = false;
	}

	static Machine &of(void *opaque) { return *static_cast<Machine *>(opaque); }

	Call &record(uint8_t kind, uint64_t linear, unsigned bytes)
	{
		if (first_failure >= 0)
			called_after_failure = true;
		if (ncalls >= kMaxCallbacksPerCall)
			overflow = true;
		Call &c = log[ncalls < kMaxCallbacksPerCall ? ncalls++ : kMaxCallbacksPerCall];
		c = {kind, linear, bytes, KEMU_CONTINUE, {}};
		return c;
	}

	int answer(Call &call, int rc)
	{
		call.rc = rc;
		if (rc != KEMU_CONTINUE && first_failure < 0)
			first_failure = int(&call - log);
		return rc;
	}

	// Whether this callback fails, and how: one control byte from the stream
	// when the input enables failures of this kind; 1 in 8 of them fail.
	int decide(Call &call, kemu_exception *fault)
	{
		if (!(fail_mask & (1u << call.kind)))
			return KEMU_CONTINUE;
		uint8_t ctl = stream.byte();
		if (ctl < 0xe0)
			return KEMU_CONTINUE;
		switch ((ctl & 0x1f) % kFailCount) {
		case kFailPF:
			*fault = {};
			fault->vector = KEMU_PF;
			fault->error_code_valid = 1;
			fault->error_code = call.kind == kWrite   ? 2
			                    : call.kind == kFetch ? 0x10
			                                          : 0;
			fault->address = call.linear;
			break;
		case kFailOddFault:
			fault->vector = stream.byte(0xff);
			fault->error_code_valid = stream.byte(0x80);
			fault->reserved = 0xa5a5;
			fault->error_code = stream.get<uint32_t>(0xdeadbeef);
			fault->address = stream.get<uint64_t>(~0ull);
			break;
		case kFailUnfilled:
			break;
		case kFailUnhandleable:
			return KEMU_UNHANDLEABLE;
		case kFailRetry:
			return KEMU_RETRY_INSTR;
		case kFailCmpxchg:
			return KEMU_CMPXCHG_FAILED;
		case kFailIoNeeded:
			return KEMU_IO_NEEDED;
		case kFailIntercepted:
			return KEMU_INTERCEPTED;
		case kFailOutOfRange:
			return KEMU_INTERCEPTED + 1;
		case kFailNegative:
			return -1;
		case kFailIntMin:
			return int(0x80000000u);
		default:
			return 42;
		}
		call.fault = *fault;
		return KEMU_PROPAGATE_FAULT;
	}

	static int pf(kemu_exception *f, uint64_t linear, uint32_t ec, Call &call)
	{
		*f = {};
		f->vector = KEMU_PF;
		f->error_code_valid = 1;
		f->error_code = ec;
		f->address = linear;
		call.fault = *f;
		return KEMU_PROPAGATE_FAULT;
	}

	static int fetch(void *opaque, uint64_t linear, void *val, unsigned bytes,
	                 kemu_exception *fault)
	{
		Machine &m = of(opaque);
		Call &call = m.record(kFetch, linear, bytes);
		if (bytes == 0 || bytes > KEMU_MAX_INSN_LEN)
			violation("fetch of 0 or more than 15 bytes", &m.ctxt);
		if ((linear & 0xfff) + bytes > 0x1000)
			violation("a fetch crosses a page boundary", &m.ctxt);
		int rc = m.decide(call, fault);
		if (rc != KEMU_CONTINUE)
			return m.answer(call, rc);
		if (m.fetch_from_stream) {
			if (!m.stream.take(val, bytes))
				return m.answer(call, pf(fault, linear, 0x10, call));
		} else {
			// Bytes outside [code_linear, +code_len) are on an unmapped page.
			uint64_t off = linear - m.code_linear;
			if (linear < m.code_linear || off + bytes > m.code_len)
				return m.answer(call, pf(fault, linear, 0x10, call));
			memcpy(val, m.code + off, bytes);
		}
		return m.answer(call, KEMU_CONTINUE);
	}

	int data_access(Call &call, void *val, unsigned bytes, kemu_exception *fault)
	{
		if (bytes == 0 || bytes > kMaxAccessBytes)
			violation("read/write of 0 or too many bytes", &ctxt);
		data_bytes += bytes;
		if (mode != KEMU_MODE_PROT64 && call.linear > 0xffffffffull)
			violation("linear address above 4G outside long mode", &ctxt);
		if (mode == KEMU_MODE_PROT64 && !is_canonical(call.linear))
			violation("non-canonical linear address passed to the host", &ctxt);
		int rc = decide(call, fault);
		if (rc != KEMU_CONTINUE)
			return answer(call, rc);
		if (val) {
			// Read data: from the input; zeros once it runs out.  The whole
			// buffer is written, so ASan sees a too-small core buffer.
			memset(val, 0, bytes);
			stream.take(val, bytes < stream.left() ? bytes : stream.left());
		}
		return answer(call, KEMU_CONTINUE);
	}

	static int read_mem(void *opaque, uint64_t linear, void *val, unsigned bytes,
	                    kemu_exception *fault)
	{
		Machine &m = of(opaque);
		return m.data_access(m.record(kRead, linear, bytes), val, bytes, fault);
	}

	static int write_mem(void *opaque, uint64_t linear, const void *val, unsigned bytes,
	                     kemu_exception *fault)
	{
		Machine &m = of(opaque);
		Call &call = m.record(kWrite, linear, bytes);
		// Touch every byte the core claims to hand over (ASan checks the range).
		volatile uint8_t sink = 0;
		for (unsigned i = 0; i < bytes && i < kMaxAccessBytes; i++)
			sink = sink ^ static_cast<const uint8_t *>(val)[i];
		int rc = m.data_access(call, nullptr, bytes, fault);
		if (rc == KEMU_CONTINUE && m.exit_after_output)
			m.ctxt.exit_pending = 1;
		return rc;
	}

	static void get_segment(void *opaque, kemu_seg seg, kemu_segment *out)
	{
		Machine &m = of(opaque);
		Call &call = m.record(kGetSeg, seg, 0);
		if (unsigned(seg) >= KEMU_NR_SEGS)
			violation("get_segment of a register that does not exist", &m.ctxt);
		*out = m.segs[seg];
		m.answer(call, KEMU_CONTINUE);
	}

	// --- the optional callbacks: answers from the input ----------------------
	// Values come from the stream (zeros once it runs out); statuses go
	// through decide() like the memory callbacks, so failures of every kind
	// reach the core.  Buffers the core hands over are touched end to end.
	static void touch(const void *p, unsigned bytes)
	{
		volatile uint8_t sink = 0;
		for (unsigned i = 0; i < bytes; i++)
			sink = sink ^ static_cast<const uint8_t *>(p)[i];
	}
	int host_status(uint64_t what, kemu_exception *fault)
	{
		Call &call = record(kHost, what, 0);
		int rc = decide(call, fault);
		return answer(call, rc);
	}
	// A refusal of a CR/DR/XCR/MSR access or a PMC, as KVM's: #GP(0).  It is
	// not logged as a failing callback: the core also reads MSRs whose
	// refusal it takes as 0, so the call need not end with it.
	static int refuse(bool refused, kemu_exception *fault)
	{
		if (!refused)
			return KEMU_CONTINUE;
		*fault = {};
		fault->vector = KEMU_GP;
		fault->error_code_valid = 1;
		return KEMU_PROPAGATE_FAULT;
	}
	template <typename T>
	T host_value(uint64_t what)
	{
		record(kHost, what, 0);
		return stream.get<T>(0);
	}
	static int cmpxchg_mem(void *opaque, uint64_t linear, const void *old, const void *new_val,
	                       unsigned bytes, kemu_exception *fault)
	{
		touch(old, bytes);
		return write_mem(opaque, linear, new_val, bytes, fault);
	}
	static int pio_in(void *opaque, unsigned size, uint16_t port, void *val, unsigned count,
	                  kemu_exception *fault)
	{
		Machine &m = of(opaque);
		if (size == 0 || size > 4 || count == 0 || size * count > kMaxAccessBytes)
			violation("port input of no or too many bytes", &m.ctxt);
		memset(val, 0, size * count);
		int rc = m.host_status(port, fault);
		if (rc == KEMU_CONTINUE)
			m.stream.take(val, size * count < m.stream.left() ? size * count
			                                                  : m.stream.left());
		return rc;
	}
	static int pio_out(void *opaque, unsigned size, uint16_t port, const void *val,
	                   unsigned count, kemu_exception *fault)
	{
		Machine &m = of(opaque);
		if (size == 0 || size > 4 || count == 0 || size * count > kMaxAccessBytes)
			violation("port output of no or too many bytes", &m.ctxt);
		touch(val, size * count);
		int rc = m.host_status(port, fault);
		if (rc == KEMU_CONTINUE && m.exit_after_output)
			m.ctxt.exit_pending = 1;
		return rc;
	}
	static unsigned cpl_of(void *opaque) { return of(opaque).cpl & 3; }
	static int read_system(void *opaque, uint64_t linear, void *val, unsigned bytes,
	                       kemu_exception *fault)
	{
		return read_mem(opaque, linear, val, bytes, fault);
	}
	static int write_system(void *opaque, uint64_t linear, const void *val, unsigned bytes,
	                        kemu_exception *fault)
	{
		return write_mem(opaque, linear, val, bytes, fault);
	}
	static uint64_t get_cr(void *opaque, unsigned cr)
	{
		return of(opaque).host_value<uint64_t>(cr);
	}
	static int set_cr(void *opaque, unsigned cr, uint64_t, kemu_exception *fault)
	{
		return refuse(of(opaque).host_value<uint8_t>(cr) & 1, fault);
	}
	static uint64_t get_dr(void *opaque, unsigned dr)
	{
		return of(opaque).host_value<uint64_t>(dr);
	}
	static int set_dr(void *opaque, unsigned dr, uint64_t, kemu_exception *fault)
	{
		return refuse(of(opaque).host_value<uint8_t>(dr) & 1, fault);
	}
	static int get_msr(void *opaque, uint32_t msr, uint64_t *value, kemu_exception *fault)
	{
		Machine &m = of(opaque);
		*value = m.host_value<uint64_t>(msr);
		return refuse(m.stream.byte() >= 0xf0, fault);
	}
	static int set_msr(void *opaque, uint32_t msr, uint64_t, kemu_exception *fault)
	{
		return refuse(of(opaque).host_value<uint8_t>(msr) >= 0xf0, fault);
	}
	static void cpuid(void *opaque, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
	{
		Machine &m = of(opaque);
		*a = m.host_value<uint32_t>(*a);
		*b = m.stream.get<uint32_t>(0);
		*c = m.stream.get<uint32_t>(0);
		*d = m.stream.get<uint32_t>(0);
	}
	static void get_dtable(void *opaque, kemu_dtable_reg reg, kemu_dtable *out)
	{
		Machine &m = of(opaque);
		*out = {};
		out->base = m.host_value<uint64_t>(reg);
		out->limit = m.stream.get<uint16_t>(0);
	}
	static void set_dtable(void *opaque, kemu_dtable_reg reg, const kemu_dtable *in)
	{
		touch(in, sizeof(*in));
		of(opaque).record(kHost, reg, 0);
	}
	static void invlpg(void *opaque, uint64_t linear) { of(opaque).record(kHost, linear, 0); }
	static void wbinvd(void *opaque) { of(opaque).record(kHost, 0, 0); }
	static void halt(void *opaque) { of(opaque).record(kHost, 0, 0); }
	static int set_xcr(void *opaque, uint32_t index, uint64_t, kemu_exception *fault)
	{
		return refuse(of(opaque).host_value<uint8_t>(index) & 1, fault);
	}
	static int read_pmc(void *opaque, uint32_t counter, uint64_t *value, kemu_exception *fault)
	{
		Machine &m = of(opaque);
		*value = m.host_value<uint64_t>(counter);
		return refuse(m.stream.byte() & 1, fault);
	}
	static void set_segment(void *opaque, kemu_seg seg, const kemu_segment *in)
	{
		Machine &m = of(opaque);
		if (unsigned(seg) >= KEMU_NR_SEGS)
			violation("set_segment of a register that does not exist", &m.ctxt);
		touch(in, sizeof(*in));
		m.record(kHost, seg, 0);
	}
	static void set_nmi_mask(void *opaque, int) { of(opaque).record(kHost, 0, 0); }
	static int intercept(void *opaque, const kemu_intercept_info *info,
	                     kemu_intercept_stage stage, kemu_exception *fault)
	{
		touch(info, sizeof(*info));
		if (unsigned(stage) > KEMU_ICPT_POST_MEMACCESS)
			violation("intercept check at a stage that does not exist",
			          &of(opaque).ctxt);
		return of(opaque).host_status(info->intercept, fault);
	}
	static int fix_hypercall(void *opaque, kemu_exception *fault)
	{
		return of(opaque).host_status(0, fault);
	}
	static void get_vreg(void *opaque, kemu_vreg_kind kind, unsigned index, void *val)
	{
		Machine &m = of(opaque);
		unsigned bytes = kind == KEMU_VREG_YMM ? 32 : kind == KEMU_VREG_XMM ? 16 : 8;
		if (kind > KEMU_VREG_YMM || index >= (kind == KEMU_VREG_MMX ? 8u : 16u))
			violation("a vector register that does not exist", &m.ctxt);
		m.record(kHost, index, bytes);
		memset(val, 0, bytes);
		m.stream.take(val, bytes < m.stream.left() ? bytes : m.stream.left());
	}
	static void set_vreg(void *opaque, kemu_vreg_kind kind, unsigned index, const void *val)
	{
		Machine &m = of(opaque);
		if (kind > KEMU_VREG_YMM || index >= (kind == KEMU_VREG_MMX ? 8u : 16u))
			violation("a vector register that does not exist", &m.ctxt);
		touch(val, kind == KEMU_VREG_YMM ? 32 : kind == KEMU_VREG_XMM ? 16 : 8);
		m.record(kHost, index, 0);
	}
	static void x87(void *opaque, kemu_x87_op, uint16_t *word)
	{
		*word = of(opaque).host_value<uint16_t>(0);
	}
	static void fxsave(void *opaque, void *image, unsigned bytes)
	{
		Machine &m = of(opaque);
		if (bytes > 512)
			violation("an FXSAVE image over 512 bytes", &m.ctxt);
		m.record(kHost, 0, bytes);
		memset(image, 0, bytes);
		m.stream.take(image, bytes < m.stream.left() ? bytes : m.stream.left());
	}
	static void fxrstor(void *opaque, const void *image, unsigned bytes)
	{
		if (bytes > 512)
			violation("an FXRSTOR image over 512 bytes", &of(opaque).ctxt);
		touch(image, bytes);
		of(opaque).record(kHost, 0, bytes);
	}

	static constexpr kemu_ops kOps = {
	    fetch,       read_mem,     write_mem,   get_segment,   cmpxchg_mem, pio_in,
	    pio_out,     cpl_of,       read_system, write_system,  get_cr,      set_cr,
	    get_dr,      set_dr,       get_msr,     set_msr,       cpuid,       get_dtable,
	    set_dtable,  invlpg,       wbinvd,      halt,          set_xcr,     read_pmc,
	    set_segment, set_nmi_mask, intercept,   fix_hypercall, get_vreg,    set_vreg,
	    x87,         fxsave,       fxrstor};

	// ------------------------------------------------------------------------
	// Invariants of one core call.  `before` is the context before the call,
	// `passed` the bytes handed in (decode assist), `rc` what the core returned.
	enum Phase { kDecode, kExecute };

	static bool has_error_code(uint8_t v)
	{
		return v == KEMU_DF || v == KEMU_TS || v == KEMU_NP || v == KEMU_SS ||
		       v == KEMU_GP || v == KEMU_PF || v == KEMU_AC || v == 21 /* #CP */;
	}

	void check_call(Phase phase, const kemu_ctxt &before, unsigned passed, int rc)
	{
		const kemu_ctxt *c = &ctxt;
		FUZZ_CHECK(rc >= KEMU_CONTINUE && rc <= KEMU_INTERCEPTED, c);
		// A pending exception if and only if the status says so.
		FUZZ_CHECK(!!ctxt.have_exception == (rc == KEMU_PROPAGATE_FAULT), c);
		// Bounded work per call.
		FUZZ_CHECK(!overflow, c);
		FUZZ_CHECK(data_bytes <= kMaxDataBytesPerCall, c);
		// No callback after a callback failed: the failure ends the call...
		FUZZ_CHECK(!called_after_failure, c);
		if (first_failure >= 0) {
			// ...and is what the call returns (an answer outside the
			// contract becomes UNHANDLEABLE, never success).
			const Call &f = log[first_failure];
			// (A fault the callback did not fill is not trusted.)
			bool faultless =
			    f.rc == KEMU_PROPAGATE_FAULT && f.fault.vector == KEMU_NO_VECTOR;
			int want = f.rc >= KEMU_CONTINUE && f.rc <= KEMU_INTERCEPTED && !faultless
			               ? f.rc
			               : KEMU_UNHANDLEABLE;
			FUZZ_CHECK(rc == want, c);
			// A host fault is passed on as the host wrote it, except that a
			// #PF on the read of a read-modify-write destination gains the
			// write bit (as the CPU reports it).
			if (f.rc == KEMU_PROPAGATE_FAULT && !faultless) {
				kemu_exception want = f.fault;
				if (want.vector == KEMU_PF && f.kind == kRead)
					want.error_code |= ctxt.exception.error_code & 2;
				FUZZ_CHECK(memcmp(&ctxt.exception, &want, sizeof(want)) == 0, c);
			}
		} else if (rc == KEMU_PROPAGATE_FAULT) {
			// A fault the core raised itself: an architectural vector, with an
			// error code exactly when the vector has one.
			uint8_t v = ctxt.exception.vector;
			FUZZ_CHECK(v < 32, c);
			FUZZ_CHECK(!!ctxt.exception.error_code_valid == has_error_code(v), c);
			FUZZ_CHECK(v != KEMU_PF, c); // only the host knows about pages
		}

		// Instruction fetch: at most 15 bytes, contiguous from CS:rip (after the
		// bytes passed in), never across a page.
		unsigned pass = passed > KEMU_MAX_INSN_LEN ? KEMU_MAX_INSN_LEN : passed;
		unsigned fetched = 0;
		for (unsigned i = 0; i < ncalls; i++) {
			const Call &k = log[i];
			if (k.kind != kFetch)
				continue;
			if (phase != kDecode)
				violation("instruction fetch outside decode", c);
			uint64_t off = before.rip + pass + fetched;
			if (mode != KEMU_MODE_PROT64)
				off = uint32_t(off);
			// (64-bit mode ignores the CS base)
			uint64_t want =
			    (mode == KEMU_MODE_PROT64 ? 0 : segs[KEMU_SEG_CS].base) + off;
			if (mode != KEMU_MODE_PROT64)
				want = uint32_t(want);
			FUZZ_CHECK(k.linear == want, c);
			fetched += k.bytes;
		}
		FUZZ_CHECK(pass + fetched <= KEMU_MAX_INSN_LEN, c);
		FUZZ_CHECK(ctxt.insn.fetched <= KEMU_MAX_INSN_LEN, c);

		// Guest state is untouched unless the instruction completed; a REP
		// string that faults keeps the iterations it completed (the count,
		// pointers, rAX for LODS and, for CMPS/SCAS, the arithmetic flags).
		uint8_t op = ctxt.insn.opcode;
		bool string_op = ctxt.insn.opcode_len == 1 &&
		                 ((op >= 0x6c && op <= 0x6f) || (op >= 0xa4 && op <= 0xa7) ||
		                  (op >= 0xaa && op <= 0xaf));
		bool rep_progress = phase == kExecute && ctxt.insn.rep_prefix && string_op;
		if (rc != KEMU_CONTINUE || phase == kDecode) {
			FUZZ_CHECK(ctxt.rip == before.rip, c);
			for (unsigned i = 0; i < KEMU_NR_GPRS; i++) {
				// (LODS loads rAX each iteration)
				bool string_reg = i == KEMU_RCX || i == KEMU_RSI || i == KEMU_RDI ||
				                  i == KEMU_RAX;
				FUZZ_CHECK(ctxt.gprs[i] == before.gprs[i] ||
				               (rep_progress && string_reg),
				           c);
			}
			uint64_t arith = 0x8d5;
			FUZZ_CHECK(ctxt.rflags == before.rflags ||
			               (rep_progress && !((ctxt.rflags ^ before.rflags) & ~arith)),
			           c);
		}
		// Far transfers and the fast system calls switch mode (a CS with other
		// D/L bits) when they complete; nothing else does.
		FUZZ_CHECK(ctxt.ops == before.ops && ctxt.opaque == before.opaque, c);
		FUZZ_CHECK(ctxt.mode == before.mode || (rc == KEMU_CONTINUE && phase == kExecute &&
		                                        ctxt.mode <= KEMU_MODE_PROT64),
		           c);
		// ENTER, PUSHA, far CALL and INT push several values; a fault keeps
		// the pushes before it, as on the CPU.
		bool several_pushes =
		    ctxt.insn.opcode_len == 1 &&
		    (op == 0xc8 || op == 0x60 || op == 0x9a || op == 0xcc || op == 0xcd ||
		     op == 0xce || (op == 0xff && ((ctxt.insn.modrm >> 3) & 7) == 3));
		if (rc != KEMU_CONTINUE && !rep_progress && !several_pushes) {
			// No write reached the host and succeeded (REP strings retire
			// iterations before a fault).
			for (unsigned i = 0; i < ncalls; i++)
				FUZZ_CHECK(!(log[i].kind == kWrite && log[i].rc == KEMU_CONTINUE),
				           c);
		}
		if (rc == KEMU_CONTINUE) {
			FUZZ_CHECK(ctxt.insn.length >= 1 && ctxt.insn.length <= KEMU_MAX_INSN_LEN,
			           c);
			FUZZ_CHECK(ctxt.insn.length <= ctxt.insn.fetched, c);
			// (in the mode the instruction ends in: SYSCALL may enter 64-bit mode)
			if (phase == kExecute && ctxt.mode != KEMU_MODE_PROT64)
				FUZZ_CHECK(ctxt.rip <= 0xffffffffull, c);
		}
	}

	// KEMU_FUZZ_VERBOSE=1: what a call did (to read a reproducer).
	static bool verbose()
	{
		static const bool v = getenv("KEMU_FUZZ_VERBOSE") != nullptr;
		return v;
	}

	void trace(const char *what, int rc) const
	{
		if (!verbose())
			return;
		fprintf(stderr, "%s: %s (%d), mode %u rip %#llx", what, kemu_status_name(rc), rc,
		        mode, (unsigned long long)ctxt.rip);
		if (ctxt.have_exception)
			fprintf(stderr, ", exception %u ec %#x%s addr %#llx", ctxt.exception.vector,
			        ctxt.exception.error_code,
			        ctxt.exception.error_code_valid ? "" : " (none)",
			        (unsigned long long)ctxt.exception.address);
		fprintf(stderr, ", insn length %u fetched %u:", ctxt.insn.length,
		        ctxt.insn.fetched);
		for (unsigned i = 0; i < ctxt.insn.fetched && i < KEMU_MAX_INSN_LEN; i++)
			fprintf(stderr, " %02x", ctxt.insn.bytes[i]);
		fprintf(stderr, "\n");
		for (unsigned i = 0; i < ncalls; i++)
			fprintf(stderr, "  %s %#llx/%u -> %s (%d)\n", kind_name(log[i].kind),
			        (unsigned long long)log[i].linear, log[i].bytes,
			        kemu_status_name(log[i].rc), log[i].rc);
	}

	// The disassembler decodes the same bytes to the same length.
	void check_disasm_agrees(int decode_rc)
	{
		const kemu_ctxt *c = &ctxt;
		kemu_disasm d;
		int drc = kemu_disassemble(mode, ctxt.insn.bytes, ctxt.insn.fetched, &d);
		FUZZ_CHECK(memchr(d.text, 0, sizeof(d.text)) != nullptr, c);
		if (decode_rc == KEMU_CONTINUE && drc == KEMU_PROPAGATE_FAULT) {
			// LOCK where it is #UD: the decoder accepts it (execution
			// raises the #UD, as KVM's), the disassembler says #UD.
			FUZZ_CHECK(ctxt.insn.lock_prefix && d.vector == KEMU_UD, c);
		} else if (decode_rc == KEMU_CONTINUE) {
			FUZZ_CHECK(drc == KEMU_CONTINUE, c);
			FUZZ_CHECK(d.length == ctxt.insn.length, c);
		} else if (first_failure >= 0) {
			// A callback failed: the core was fetching bytes the
			// instruction needs (never more), so they end it early.
			if (log[first_failure].kind == kFetch)
				FUZZ_CHECK(drc == KEMU_UNHANDLEABLE, c);
		} else if (decode_rc == KEMU_PROPAGATE_FAULT) {
			// The bytes decode to an instruction, or the decoder raised
			// #UD / #GP (too long) on them and says the same; a segment
			// fault on fetching more leaves them truncated.
			FUZZ_CHECK(drc != KEMU_CONTINUE, c);
			if (drc == KEMU_PROPAGATE_FAULT)
				FUZZ_CHECK(d.vector == ctxt.exception.vector, c);
		}
	}
};

} // namespace kemu_fuzz
