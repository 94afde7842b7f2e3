// libFuzzer, structured: the input chooses the machine state (mode, segment
// descriptors, registers, flags) and how every ops callback answers (succeed,
// fault, need I/O, fail, or return an out-of-contract status), as the Xen
// emulator's fuzzer does.  Checked on every input, besides the outcome
// contract (fuzz_check.h): no callback after one returned a fatal status, at
// most 15 instruction bytes fetched, bounded callbacks per emulation.
#include <kemu/kemu.h>

#include <cstdint>
#include <cstring>

#include "fuzz_check.h"

namespace {

// A cursor over the fuzzer's bytes; zeros once they run out.
struct Input {
	const uint8_t *p;
	size_t n;
	uint8_t byte() { return n ? (n--, *p++) : 0; }
	uint64_t u64()
	{
		uint64_t v = 0;
		for (int i = 0; i < 8; i++)
			v |= uint64_t(byte()) << (8 * i);
		return v;
	}
};

struct Guest {
	static constexpr uint64_t kBase = 0x10000, kSize = 0x4000;
	uint8_t ram[kSize];
	kemu_segment segs[KEMU_SEG_COUNT];
	Input in;
	unsigned calls = 0;
	unsigned fetched = 0;
	bool failed = false; // a callback returned a non-CONTINUE status
	bool called_after_failure = false;
};

Guest g;

// How the next callback answers, chosen by the input.
int answer(kemu_exception *f, uint64_t linear, uint32_t ec, bool mapped)
{
	g.calls++;
	if (g.failed)
		g.called_after_failure = true;
	const uint8_t choice = g.in.byte();
	int rc = KEMU_CONTINUE;
	if (!mapped || choice >= 0xf0) {
		*f = {};
		f->vector = KEMU_PF;
		f->error_code_valid = 1;
		f->error_code = ec;
		f->address = linear;
		rc = KEMU_PROPAGATE_FAULT;
	} else if (choice >= 0xe8) {
		rc = KEMU_IO_NEEDED;
	} else if (choice >= 0xe4) {
		rc = KEMU_UNHANDLEABLE;
	} else if (choice >= 0xe2) {
		rc = KEMU_RETRY_INSTR;
	} else if (choice == 0xe1) {
		rc = 77; // outside the contract
	}
	if (rc != KEMU_CONTINUE)
		g.failed = true;
	return rc;
}

uint8_t *at(uint64_t l, unsigned n)
{
	if (l < Guest::kBase || l + n > Guest::kBase + Guest::kSize || l + n < l)
		return nullptr;
	return g.ram + (l - Guest::kBase);
}

int fetch(void *, uint64_t l, void *v, unsigned n, kemu_exception *f)
{
	g.fetched += n;
	uint8_t *p = at(l, n);
	const int rc = answer(f, l, 0x10, p != nullptr && (l & 0xfff) + n <= 0x1000);
	if (rc == KEMU_CONTINUE)
		memcpy(v, p, n);
	return rc;
}

int read_mem(void *, uint64_t l, void *v, unsigned n, kemu_exception *f)
{
	uint8_t *p = at(l, n);
	const int rc = answer(f, l, 0, p != nullptr);
	if (rc == KEMU_CONTINUE)
		memcpy(v, p, n);
	return rc;
}

int write_mem(void *, uint64_t l, const void *v, unsigned n, kemu_exception *f)
{
	uint8_t *p = at(l, n);
	const int rc = answer(f, l, 2, p != nullptr);
	if (rc == KEMU_CONTINUE)
		memcpy(p, v, n);
	return rc;
}

void get_segment(void *, kemu_seg s, kemu_segment *out)
{
	*out = g.segs[s];
}

const kemu_ops kOps = {fetch, read_mem, write_mem, get_segment};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 32)
		return 0;
	Input in{data, size};
	static kemu_ctxt c;
	c = {};
	c.ops = &kOps;
	c.mode = in.byte() % 5;
	// Segments: small bases and limits so they land in or next to RAM.
	for (kemu_segment &s : g.segs) {
		s = {};
		const uint8_t f = in.byte();
		s.base = (in.byte() & 3) ? 0 : Guest::kBase + (uint64_t(in.byte()) << 6);
		s.limit = (f & 0x80) ? 0xffffffff : (uint32_t(in.byte()) << 8) | 0xff;
		s.type = f & 0xf;
		s.s = 1;
		s.present = 1;
		s.db = (f >> 4) & 1;
		s.unusable = (f & 0x60) == 0x60;
	}
	c.rflags = 2 | (in.u64() & 0x3f7fd5);
	for (unsigned r = 0; r < KEMU_NR_GPRS; r++) {
		const uint8_t k = in.byte();
		c.gprs[r] = (k & 3) ? Guest::kBase + (in.u64() & 0x3fff) : in.u64();
	}
	const uint16_t off = uint16_t(in.byte() | (in.byte() << 8)) & 0x3fff;
	c.rip = Guest::kBase + off;
	// The instruction bytes, at RIP (possibly at the end of a page or of RAM).
	memset(g.ram, 0x90, sizeof(g.ram));
	for (unsigned i = 0; i < 16 && off + i < Guest::kSize; i++)
		g.ram[off + i] = in.byte();
	// The rest of the input answers the callbacks, one byte each.
	g.in = in;
	g.calls = 0;
	g.fetched = 0;
	g.failed = false;
	g.called_after_failure = false;

	const kemu_ctxt before = c;
	const int rc = kemu_emulate(&c, nullptr, 0);
	if (rc >= KEMU_CONTINUE && rc <= KEMU_INTERCEPTED)
		kemu_fuzz::check_outcome(before, c, rc);
	else
		FUZZ_CHECK(false, "status outside X86EMUL_*");
	FUZZ_CHECK(!g.called_after_failure, "a callback after a callback failed");
	FUZZ_CHECK(g.fetched <= KEMU_MAX_INSN_LEN, "fetched more than 15 bytes");
	FUZZ_CHECK(g.calls <= 32, "unbounded callbacks for one instruction");
	return 0;
}
