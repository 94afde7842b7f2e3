// libFuzzer: raw instruction bytes in each mode.  Input: byte 0 picks the
// mode, the rest are the bytes at RIP (and what follows in RAM).  Checked on
// every input: a status in the X86EMUL range, an exception exactly when the
// status says so, no state change unless the instruction retired, at most 15
// bytes fetched, no fetch crossing a page, and the disassembler agreeing with
// the emulation decoder on length and validity.
#include <kemu/kemu.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "fuzz_check.h"

namespace {

struct Guest {
	static constexpr uint64_t kBase = 0x10000, kSize = 0x4000;
	uint8_t ram[kSize];
	unsigned fetched = 0;
	bool crossed = false;
};

Guest g;

int fault(kemu_exception *f, uint64_t linear, uint32_t ec)
{
	*f = {};
	f->vector = KEMU_PF;
	f->error_code_valid = 1;
	f->error_code = ec;
	f->address = linear;
	return KEMU_PROPAGATE_FAULT;
}

uint8_t *at(uint64_t linear, unsigned n)
{
	if (linear < Guest::kBase || linear + n > Guest::kBase + Guest::kSize ||
	    linear + n < linear)
		return nullptr;
	return g.ram + (linear - Guest::kBase);
}

int fetch(void *, uint64_t l, void *v, unsigned n, kemu_exception *f)
{
	g.fetched += n;
	if ((l & 0xfff) + n > 0x1000)
		g.crossed = true;
	uint8_t *p = at(l, n);
	if (!p)
		return fault(f, l, 0x10);
	memcpy(v, p, n);
	return KEMU_CONTINUE;
}

int read_mem(void *, uint64_t l, void *v, unsigned n, kemu_exception *f)
{
	uint8_t *p = at(l, n);
	if (!p)
		return fault(f, l, 0);
	memcpy(v, p, n);
	return KEMU_CONTINUE;
}

int write_mem(void *, uint64_t l, const void *v, unsigned n, kemu_exception *f)
{
	uint8_t *p = at(l, n);
	if (!p)
		return fault(f, l, 2);
	memcpy(p, v, n);
	return KEMU_CONTINUE;
}

void get_segment(void *, kemu_seg s, kemu_segment *out)
{
	*out = {};
	out->limit = 0xffffffff;
	out->type = s == KEMU_SEG_CS ? 0xb : 3;
	out->s = 1;
	out->present = 1;
	out->db = 1;
}

const kemu_ops kOps = {fetch, read_mem, write_mem, get_segment};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	// Byte 0: the mode (low bits) and where the code sits: at the end of RAM
	// when bit 7 is set, so fetches run off the mapping.
	const unsigned mode = (data[0] & 0x7f) % 5;
	const bool at_end = data[0] & 0x80;
	data++;
	size--;
	const uint64_t rip = Guest::kBase + (at_end ? Guest::kSize - 8 : 0x100);
	const size_t room = at_end ? 8 : 64;
	memset(g.ram, 0xcc, sizeof(g.ram));
	memcpy(g.ram + (rip - Guest::kBase), data, size < room ? size : room);
	g.fetched = 0;
	g.crossed = false;

	static kemu_ctxt c;
	c = {};
	c.ops = &kOps;
	c.mode = mode;
	c.rip = mode == KEMU_MODE_PROT64 ? rip : uint32_t(rip);
	for (unsigned r = 0; r < KEMU_NR_GPRS; r++)
		c.gprs[r] = Guest::kBase + 0x800 + r * 8;
	c.rflags = 2;
	const kemu_ctxt before = c;
	int rc = kemu_decode(&c, nullptr, 0);

	// The disassembler, given the bytes the decoder fetched, agrees with it.
	kemu_disasm d;
	const int drc = kemu_disassemble(mode, c.insn.bytes, c.insn.fetched, &d);
	if (rc == KEMU_CONTINUE)
		FUZZ_CHECK(drc == KEMU_CONTINUE && d.length == c.insn.length,
		           "disassembler and decoder disagree on a decoded instruction");
	if (rc == KEMU_PROPAGATE_FAULT && c.exception.vector == KEMU_UD)
		FUZZ_CHECK(drc == KEMU_PROPAGATE_FAULT && d.vector == KEMU_UD,
		           "decoder raised #UD, the disassembler did not");

	if (rc == KEMU_CONTINUE)
		rc = kemu_execute(&c);
	kemu_fuzz::check_outcome(before, c, rc);
	FUZZ_CHECK(g.fetched <= KEMU_MAX_INSN_LEN, "fetched more than 15 bytes");
	FUZZ_CHECK(!g.crossed, "a fetch crossed a page");
	return 0;
}
