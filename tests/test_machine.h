// A userspace guest for the core's tests: a flat RAM window, flat or custom
// segments, and an ops table that records every callback and checks the
// contract (fetches never cross a page, no callback after a fault).
#pragma once

#include <kemu/kemu.h>

#include <cstdint>
#include <cstring>
#include <vector>

struct TestMachine {
	struct Access {
		char kind; // 'f'etch, 'r'ead, 'w'rite
		uint64_t linear;
		unsigned bytes;
		uint64_t value;
	};

	uint64_t ram_base = 0x10000;
	std::vector<uint8_t> ram = std::vector<uint8_t>(0x20000);
	kemu_segment segs[KEMU_NR_SEGS] = {};
	std::vector<Access> log;
	unsigned fetched_bytes = 0;
	bool contract_violated = false;
	kemu_ctxt ctxt = {};

	explicit TestMachine(kemu_mode mode)
	{
		for (unsigned i = 0; i < KEMU_SEG_COUNT; i++) {
			segs[i].limit = mode == KEMU_MODE_REAL ? 0xffff : 0xffffffff;
			segs[i].type = i == KEMU_SEG_CS ? 0xb : 3;
			segs[i].s = 1;
			segs[i].present = 1;
			segs[i].db = mode == KEMU_MODE_PROT32;
		}
		ctxt.ops = &kOps;
		ctxt.opaque = this;
		ctxt.mode = mode;
		ctxt.rflags = 2;
	}

	bool mapped(uint64_t linear, unsigned bytes) const
	{
		return linear >= ram_base && linear + bytes <= ram_base + ram.size() &&
		       linear + bytes >= linear;
	}

	void poke(uint64_t linear, const void *p, size_t n)
	{
		memcpy(&ram.at(linear - ram_base), p, n);
	}

	uint64_t peek(uint64_t linear, unsigned bytes) const
	{
		uint64_t v = 0;
		memcpy(&v, &ram.at(linear - ram_base), bytes);
		return v;
	}

	int emulate(const uint8_t *bytes = nullptr, unsigned len = 0)
	{
		return kemu_emulate(&ctxt, bytes, len);
	}

	static TestMachine &of(void *opaque) { return *static_cast<TestMachine *>(opaque); }

	static int fault(kemu_exception *f, uint64_t linear, uint32_t ec)
	{
		*f = {};
		f->vector = KEMU_PF;
		f->error_code_valid = 1;
		f->error_code = ec;
		f->address = linear;
		return KEMU_PROPAGATE_FAULT;
	}

	static int fetch(void *opaque, uint64_t linear, void *val, unsigned bytes,
	                 kemu_exception *f)
	{
		TestMachine &m = of(opaque);
		m.log.push_back({'f', linear, bytes, 0});
		m.fetched_bytes += bytes;
		if (bytes == 0 || (linear & 0xfff) + bytes > 0x1000)
			m.contract_violated = true;
		if (!m.mapped(linear, bytes))
			return fault(f, linear, 0x10);
		memcpy(val, &m.ram[linear - m.ram_base], bytes);
		return KEMU_CONTINUE;
	}

	static int read_mem(void *opaque, uint64_t linear, void *val, unsigned bytes,
	                    kemu_exception *f)
	{
		TestMachine &m = of(opaque);
		m.log.push_back({'r', linear, bytes, 0});
		if (!m.mapped(linear, bytes))
			return fault(f, linear, 0);
		memcpy(val, &m.ram[linear - m.ram_base], bytes);
		return KEMU_CONTINUE;
	}

	static int write_mem(void *opaque, uint64_t linear, const void *val, unsigned bytes,
	                     kemu_exception *f)
	{
		TestMachine &m = of(opaque);
		uint64_t v = 0;
		memcpy(&v, val, bytes > 8 ? 8 : bytes);
		m.log.push_back({'w', linear, bytes, v});
		if (!m.mapped(linear, bytes))
			return fault(f, linear, 2);
		memcpy(&m.ram[linear - m.ram_base], val, bytes);
		return KEMU_CONTINUE;
	}

	static void get_segment(void *opaque, kemu_seg seg, kemu_segment *out)
	{
		*out = of(opaque).segs[seg];
	}

	static constexpr kemu_ops kOps = {fetch, read_mem, write_mem, get_segment};
};
