// Structured input: the fuzzer chooses the machine state and how every
// callback answers, as Xen's x86 emulator fuzzer does
// (tools/fuzz/x86_instruction_emulator).
//
// Input = state records, then the stream.
//
//   records: a tag byte and a fixed-size payload, until tag 0x00 or a tag
//   this harness does not know (so new records extend the format without
//   invalidating old inputs: give a new tag a new number, never reuse one).
//
//     01 MODE    u8 mode (mod 5) - resets segments to flat ones for that mode
//     02 CPL     u8 cpl (& 3)   - CS.dpl and SS.dpl (no CPL in the ABI yet)
//     03 SEG     u8 reg (mod 6), u64 base, u32 limit, u16 selector, u8 type,
//                u8 attrs (bit 0 s, 1-2 dpl, 3 present, 4 avl, 5 l, 6 db, 7 g),
//                u8 unusable
//     04 GPR     u8 reg (mod 16), u64 value
//     05 RIP     u64
//     06 RFLAGS  u64
//     07 CR      u8 reg (& 15), u64   - kept for the ABI's control registers
//     08 MSR     u32 index, u64       - kept (EFER: index 0xc0000080)
//     09 OPTIONS u8 flags, u8 pass_len
//                flags bit 0: pass pass_len (<= 15) stream bytes to kemu_decode
//                             (KVM's decode assist / forced-emulation bytes)
//                      bit 1: after IO_NEEDED/RETRY from execute, execute
//                             again with the same context (KVM re-entry with
//                             EMULTYPE_NO_DECODE after an exit to userspace)
//                      bit 2: after a failed decode, call kemu_execute anyway
//                             (must not run: no callback, no success)
//     0a FAILMASK u8: bit per callback (fetch, read, write, get_segment) that
//                may fail; each call of an enabled callback then takes a
//                control byte from the stream, >= 0xe0 fails (fuzz_machine.h,
//                Machine::decide: faults, odd faults, every status, statuses
//                outside the contract)
//
//   stream: consumed in order by the callbacks: fetched bytes (running out
//   is a #PF), read data (zeros once it runs out), control bytes.
#include "fuzz_machine.h"

using namespace kemu_fuzz;

namespace {

enum Tag : uint8_t {
	kEnd = 0,
	kMode = 1,
	kCpl = 2,
	kSeg = 3,
	kGpr = 4,
	kRip = 5,
	kRflags = 6,
	kCr = 7,
	kMsr = 8,
	kOptions = 9,
	kFailMask = 10,
};

enum Option : uint8_t {
	kOptPassBytes = 1,
	kOptReexecute = 2,
	kOptExecuteAfterFailedDecode = 4,
	kOptNested = 8,           // check intercepts (ctxt.check_intercepts)
	kOptExitAfterOutput = 16, // writes and port output leave an exit pending
};

struct Input {
	uint8_t options = 0;
	uint8_t pass_len = 0;
};

void default_state(Machine &m)
{
	m.reset(KEMU_MODE_PROT64);
	for (unsigned r = 0; r < KEMU_NR_GPRS; r++)
		m.gprs[r] = 0x1000ull * (r + 1);
	m.rip = 0x1000;
	m.rflags = 2;
	m.cpl = 0;
	memset(m.cr, 0, sizeof(m.cr));
	m.cr[0] = 0x80000011; // PG PE ET
	m.cr[4] = 0x20;       // PAE
	m.efer = 0x500;       // LME LMA
}

// Parse the records up to the first end or unknown tag; a record cut short
// by the end of the input takes zeros.
void parse(Stream &s, Machine &m, Input &in)
{
	for (;;) {
		uint8_t tag;
		if (!s.take(&tag, 1))
			return;
		switch (tag) {
		case kMode: {
			uint8_t mode = s.byte() % 5;
			m.reset(mode);
			break;
		}
		case kCpl:
			m.cpl = s.byte() & 3;
			m.segs[KEMU_SEG_CS].dpl = m.cpl;
			m.segs[KEMU_SEG_SS].dpl = m.cpl;
			break;
		case kSeg: {
			unsigned r = s.byte() % KEMU_SEG_COUNT;
			kemu_segment &seg = m.segs[r];
			seg = {};
			seg.base = s.get<uint64_t>();
			seg.limit = s.get<uint32_t>();
			seg.selector = s.get<uint16_t>();
			seg.type = s.byte() & 15;
			uint8_t a = s.byte();
			seg.s = a & 1;
			seg.dpl = (a >> 1) & 3;
			seg.present = (a >> 3) & 1;
			seg.avl = (a >> 4) & 1;
			seg.l = (a >> 5) & 1;
			seg.db = (a >> 6) & 1;
			seg.g = (a >> 7) & 1;
			seg.unusable = s.byte() & 1;
			break;
		}
		case kGpr: {
			unsigned r = s.byte() % KEMU_NR_GPRS;
			m.gprs[r] = s.get<uint64_t>();
			break;
		}
		case kRip:
			m.rip = s.get<uint64_t>();
			break;
		case kRflags:
			m.rflags = s.get<uint64_t>();
			break;
		case kCr: {
			unsigned r = s.byte() & 15;
			m.cr[r] = s.get<uint64_t>();
			break;
		}
		case kMsr: {
			uint32_t index = s.get<uint32_t>();
			uint64_t v = s.get<uint64_t>();
			if (index == 0xc0000080)
				m.efer = v;
			break;
		}
		case kOptions:
			in.options = s.byte();
			in.pass_len = s.byte();
			break;
		case kFailMask:
			m.fail_mask = s.byte() & ((1u << kKinds) - 1);
			break;
		default: // kEnd, or a tag from a later format: the stream starts here
			return;
		}
	}
}

struct Result {
	int decode_rc = -100, execute_rc = -100, again_rc = -100;
	kemu_ctxt ctxt;
	unsigned ncalls;
};

Result run_once(Machine &m, const uint8_t *data, size_t size, bool poison)
{
	Result r;
	Input in;
	m.stream = {data, size, 0};
	m.fail_mask = 0;
	m.fetch_from_stream = true;
	default_state(m);
	parse(m.stream, m, in);
	m.load(poison);
	m.ctxt.check_intercepts = (in.options & kOptNested) ? 1 : 0;
	m.exit_after_output = (in.options & kOptExitAfterOutput) != 0;

	uint8_t passed[KEMU_MAX_INSN_LEN];
	unsigned pass_len = 0;
	if (in.options & kOptPassBytes) {
		pass_len = in.pass_len % (KEMU_MAX_INSN_LEN + 1);
		pass_len = m.stream.left() < pass_len ? unsigned(m.stream.left()) : pass_len;
		m.stream.take(passed, pass_len);
	}

	kemu_ctxt before = m.ctxt;
	m.begin_call();
	r.decode_rc = kemu_decode(&m.ctxt, pass_len ? passed : nullptr, pass_len);
	m.trace("decode", r.decode_rc);
	m.check_call(Machine::kDecode, before, pass_len, r.decode_rc);
	m.check_disasm_agrees(r.decode_rc);
	// The passed bytes are the start of the instruction.
	FUZZ_CHECK(pass_len == 0 || memcmp(m.ctxt.insn.bytes, passed, pass_len) == 0, &m.ctxt);

	if (r.decode_rc != KEMU_CONTINUE) {
		if (in.options & kOptExecuteAfterFailedDecode) {
			before = m.ctxt;
			m.begin_call();
			int rc = kemu_execute(&m.ctxt);
			m.trace("execute after a failed decode", rc);
			FUZZ_CHECK(rc != KEMU_CONTINUE, &m.ctxt);
			FUZZ_CHECK(m.ncalls == 0, &m.ctxt);
			FUZZ_CHECK(m.ctxt.rip == before.rip, &m.ctxt);
			FUZZ_CHECK(memcmp(m.ctxt.gprs, before.gprs, sizeof(before.gprs)) == 0,
			           &m.ctxt);
		}
	} else {
		before = m.ctxt;
		m.begin_call();
		r.execute_rc = kemu_execute(&m.ctxt);
		m.trace("execute", r.execute_rc);
		m.check_call(Machine::kExecute, before, pass_len, r.execute_rc);
		if ((in.options & kOptReexecute) &&
		    (r.execute_rc == KEMU_IO_NEEDED || r.execute_rc == KEMU_RETRY_INSTR)) {
			// Re-entry after userspace completed the access: the same
			// decoded instruction runs again from the same guest state.
			m.ctxt.have_exception = 0;
			before = m.ctxt;
			m.begin_call();
			r.again_rc = kemu_execute(&m.ctxt);
			m.trace("execute again", r.again_rc);
			m.check_call(Machine::kExecute, before, pass_len, r.again_rc);
		}
	}
	r.ctxt = m.ctxt;
	r.ncalls = m.ncalls;
	return r;
}

// Two runs of one input must end the same: status, callbacks, registers,
// exception and the decoded instruction.
void same_outcome(const Result &a, const Result &b, const kemu_ctxt *c, const char *why)
{
	FUZZ_CHECK(a.decode_rc == b.decode_rc && a.execute_rc == b.execute_rc &&
	               a.again_rc == b.again_rc && a.ncalls == b.ncalls,
	           c);
	FUZZ_CHECK(a.ctxt.rip == b.ctxt.rip && a.ctxt.rflags == b.ctxt.rflags, c);
	FUZZ_CHECK(memcmp(a.ctxt.gprs, b.ctxt.gprs, sizeof(a.ctxt.gprs)) == 0, c);
	FUZZ_CHECK(a.ctxt.have_exception == b.ctxt.have_exception, c);
	if (a.ctxt.have_exception)
		FUZZ_CHECK(
		    memcmp(&a.ctxt.exception, &b.ctxt.exception, sizeof(a.ctxt.exception)) == 0, c);
	if (memcmp(&a.ctxt.insn, &b.ctxt.insn, sizeof(a.ctxt.insn)) != 0) {
		const uint8_t *x = reinterpret_cast<const uint8_t *>(&a.ctxt.insn);
		const uint8_t *y = reinterpret_cast<const uint8_t *>(&b.ctxt.insn);
		for (size_t i = 0; i < sizeof(a.ctxt.insn); i++)
			if (x[i] != y[i])
				fprintf(stderr, "kemu-fuzz: insn byte %zu: %#x, then %#x\n", i,
				        x[i], y[i]);
		violation(why, c);
	}
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static Machine m(KEMU_MODE_PROT64);
	Result a = run_once(m, data, size, false);
	// Deterministic, and independent of what the context held before: the
	// same input on a context full of garbage gives the same outcome.
	Result b = run_once(m, data, size, true);
	same_outcome(a, b, &m.ctxt, "decoded instruction depends on stale context contents");
	// Through a decoded-instruction cache: the first run decodes and keeps
	// it, the second takes it from the cache (when its first fetch holds
	// it); both as without the cache.
	static kemu_decode_cache cache;
	cache = {};
	m.decode_cache = &cache;
	Result c = run_once(m, data, size, false);
	Result d = run_once(m, data, size, true);
	m.decode_cache = nullptr;
	same_outcome(a, c, &m.ctxt, "a decode through the cache differs from one without");
	same_outcome(a, d, &m.ctxt, "a decode from the cache differs from one without");
	return 0;
}
