// A guest for the CVE regression tests: flat RAM at 0x1000-0x9fff, a GDT in
// it, every optional callback, and a log of which callbacks the core made
// (the CVEs are about what the emulator asks the host to do).
#pragma once

#include <kemu/kemu.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

struct CveMachine {
	static constexpr uint64_t kRamBase = 0x1000, kRamEnd = 0xa000, kGdt = 0x8000;
	std::vector<uint8_t> ram = std::vector<uint8_t>(kRamEnd);
	kemu_segment segs[KEMU_NR_SEGS] = {};
	std::vector<std::string> calls; // "write_mem", "write_system", "set_segment CS", ...
	uint64_t cr0 = 0x80050033, cr4 = 0;
	kemu_ctxt ctxt = {};

	explicit CveMachine(kemu_mode mode, unsigned cpl = 0)
	{
		for (unsigned i = 0; i < KEMU_SEG_COUNT; i++) {
			kemu_segment &s = segs[i];
			s.limit = mode == KEMU_MODE_REAL ? 0xffff : 0xffffffff;
			s.type = i == KEMU_SEG_CS ? 0xb : 3;
			s.s = 1;
			s.present = 1;
			s.dpl = cpl;
			s.db = mode == KEMU_MODE_PROT32;
			s.l = mode == KEMU_MODE_PROT64 && i == KEMU_SEG_CS;
			s.selector =
			    static_cast<uint16_t>(i == KEMU_SEG_CS ? 0x08 | cpl : 0x10 | cpl);
		}
		ctxt.ops = &kOps;
		ctxt.opaque = this;
		ctxt.mode = mode;
		ctxt.rflags = 2;
		ctxt.rip = 0x1000;
	}

	// A GDT entry, in the SDM's 8-byte format.
	void descriptor(unsigned index, uint64_t raw) { memcpy(&ram[kGdt + 8 * index], &raw, 8); }
	void code(std::vector<uint8_t> bytes)
	{
		memcpy(&ram[ctxt.rip], bytes.data(), bytes.size());
	}
	int run() { return kemu_emulate(&ctxt, nullptr, 0); }
	bool called(const std::string &name) const
	{
		for (const std::string &c : calls)
			if (c == name)
				return true;
		return false;
	}

	static CveMachine &of(void *p) { return *static_cast<CveMachine *>(p); }
	static int access(void *p, uint64_t a, void *v, const void *w, unsigned n,
	                  kemu_exception *f, const char *name)
	{
		CveMachine &m = of(p);
		m.calls.push_back(name);
		if (a < kRamBase || a + n > kRamEnd) {
			*f = {};
			f->vector = KEMU_PF;
			f->error_code_valid = 1;
			f->address = a;
			return KEMU_PROPAGATE_FAULT;
		}
		if (v)
			memcpy(v, &m.ram[a], n);
		if (w)
			memcpy(&m.ram[a], w, n);
		return KEMU_CONTINUE;
	}
	static int fetch(void *p, uint64_t a, void *v, unsigned n, kemu_exception *f)
	{
		return access(p, a, v, nullptr, n, f, "fetch");
	}
	static int read_mem(void *p, uint64_t a, void *v, unsigned n, kemu_exception *f)
	{
		return access(p, a, v, nullptr, n, f, "read_mem");
	}
	static int write_mem(void *p, uint64_t a, const void *v, unsigned n, kemu_exception *f)
	{
		return access(p, a, nullptr, v, n, f, "write_mem");
	}
	static int read_system(void *p, uint64_t a, void *v, unsigned n, kemu_exception *f)
	{
		return access(p, a, v, nullptr, n, f, "read_system");
	}
	static int write_system(void *p, uint64_t a, const void *v, unsigned n, kemu_exception *f)
	{
		return access(p, a, nullptr, v, n, f, "write_system");
	}
	static int cmpxchg_mem(void *p, uint64_t a, const void *, const void *v, unsigned n,
	                       kemu_exception *f)
	{
		return access(p, a, nullptr, v, n, f, "cmpxchg_mem");
	}
	static void get_segment(void *p, kemu_seg s, kemu_segment *out) { *out = of(p).segs[s]; }
	static void set_segment(void *p, kemu_seg s, const kemu_segment *in)
	{
		static const char *const names[] = {"ES", "CS", "SS", "DS",
		                                    "FS", "GS", "TR", "LDTR"};
		of(p).segs[s] = *in;
		of(p).calls.push_back(std::string("set_segment ") + names[s]);
	}
	static void get_dtable(void *, kemu_dtable_reg, kemu_dtable *out)
	{
		*out = {kGdt, 0xff, {}};
	}
	static uint64_t get_cr(void *p, unsigned cr)
	{
		return cr == 0 ? of(p).cr0 : cr == 4 ? of(p).cr4 : 0;
	}
	static int get_msr(void *, uint32_t msr, uint64_t *v)
	{
		// EFER: SCE, LME, LMA; STAR: CS 0x10; LSTAR; SFMASK: TF IF DF
		switch (msr) {
		case 0xc0000080:
			*v = 0x501;
			return KEMU_CONTINUE;
		case 0xc0000081:
			*v = 0x0023001000000000;
			return KEMU_CONTINUE;
		case 0xc0000082:
			*v = 0xffffffff81000000;
			return KEMU_CONTINUE;
		case 0xc0000083:
			*v = 0x401000;
			return KEMU_CONTINUE;
		case 0xc0000084:
			*v = 0x700;
			return KEMU_CONTINUE;
		default:
			return KEMU_PROPAGATE_FAULT;
		}
	}
	static void cpuid(void *, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
	{
		*a = *c = 0;
		*b = 0x756e6547; // "GenuineIntel"
		*c = 0x6c65746e;
		*d = 0x49656e69;
	}
	static void fxsave(void *, void *image, unsigned bytes) { memset(image, 0xab, bytes); }

	static constexpr kemu_ops kOps = {.fetch = fetch,
	                                  .read_mem = read_mem,
	                                  .write_mem = write_mem,
	                                  .get_segment = get_segment,
	                                  .cmpxchg_mem = cmpxchg_mem,
	                                  .read_system = read_system,
	                                  .write_system = write_system,
	                                  .get_cr = get_cr,
	                                  .get_msr = get_msr,
	                                  .cpuid = cpuid,
	                                  .get_dtable = get_dtable,
	                                  .set_segment = set_segment,
	                                  .fxsave = fxsave};
};
