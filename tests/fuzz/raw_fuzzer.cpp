// Raw instruction bytes in one CPU mode (KEMU_FUZZ_MODE, one binary per mode):
// the input is the instruction stream at CS:rip, ending at a page boundary
// with the next page unmapped, on a flat machine whose data accesses all
// succeed.  Checks the invariants of tests/fuzz/fuzz_machine.h on decode and
// execute, and that the disassembler decodes the same bytes to the same length.
#include "fuzz_machine.h"

#ifndef KEMU_FUZZ_MODE
#error "build with -DKEMU_FUZZ_MODE=<enum kemu_mode>"
#endif

using namespace kemu_fuzz;

namespace {

constexpr size_t kMaxInput = 32; // past 15 bytes: the length limit

void setup(Machine &m, size_t size)
{
	const bool sixteen = KEMU_FUZZ_MODE == KEMU_MODE_REAL || KEMU_FUZZ_MODE == KEMU_MODE_VM86 ||
	                     KEMU_FUZZ_MODE == KEMU_MODE_PROT16;
	uint64_t page_end;
	if (sixteen) {
		// 16-bit offsets reach memory through segment bases.
		for (unsigned s = 0; s < KEMU_SEG_COUNT; s++)
			m.segs[s].base = s == KEMU_SEG_CS ? 0x10000 : 0x20000;
		page_end = 0x1000;
	} else {
		page_end = 0x401000;
	}
	m.rip = page_end - size;
	m.code_linear = m.segs[KEMU_SEG_CS].base + m.rip;
	// A mix of small offsets, values that wrap 16/32-bit address arithmetic
	// and, in 64-bit mode, non-canonical and upper-half addresses.
	static const uint64_t regs[KEMU_NR_GPRS] = {
	    0x0,
	    0x1,
	    0xfff0,
	    0x3000,
	    0x8ff8,
	    0xfffffffffffffff0ull,
	    0x7fffffff,
	    0x80000000,
	    0x12345678,
	    0x800000000000ull,
	    0xffff800000000000ull,
	    0xffffffff,
	    0xfffe,
	    0x100,
	    0x7ffffffffff8ull,
	    0x4000,
	};
	memcpy(m.gprs, regs, sizeof(regs));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > kMaxInput)
		return -1; // not added to the corpus
	static Machine m(KEMU_FUZZ_MODE);
	m.reset(KEMU_FUZZ_MODE);
	m.stream = {};
	m.fail_mask = 0;
	m.fetch_from_stream = false;
	m.code = data;
	m.code_len = size;
	setup(m, size);
	m.load();

	kemu_ctxt before = m.ctxt;
	m.begin_call();
	int rc = kemu_decode(&m.ctxt, nullptr, 0);
	m.trace("decode", rc);
	m.check_call(Machine::kDecode, before, 0, rc);
	m.check_disasm_agrees(rc);
	if (rc != KEMU_CONTINUE)
		return 0;

	before = m.ctxt;
	m.begin_call();
	rc = kemu_execute(&m.ctxt);
	m.trace("execute", rc);
	m.check_call(Machine::kExecute, before, 0, rc);
	return 0;
}
