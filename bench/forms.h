// The instruction forms the benchmarks time, and a minimal flat guest for
// them: RAM behind plain memcpy callbacks (no logging, so the figures are the
// emulator's, not the harness's).
#pragma once

#include <kemu/kemu.h>

#include <cstdint>
#include <cstring>

namespace kemu_bench {

struct Form {
	const char *name;
	uint8_t bytes[15];
	unsigned len;
};

inline const Form kForms[] = {
    {"mov [rax],ebx", {0x89, 0x18}, 2},
    {"mov rax,[rbx+rcx*4+0x10]", {0x48, 0x8b, 0x44, 0x8b, 0x10}, 5},
    {"mov dword [rip+0x10],imm32", {0xc7, 0x05, 0x10, 0, 0, 0, 0x78, 0x56, 0x34, 0x12}, 10},
    {"mov rax,moffs64", {0x48, 0xa1, 0x40, 0x20, 0x01, 0, 0, 0, 0, 0}, 10},
};
inline constexpr unsigned kFormCount = sizeof(kForms) / sizeof(kForms[0]);

struct Machine {
	static constexpr uint64_t kBase = 0x10000;
	uint8_t ram[0x20000] = {};
	kemu_ctxt ctxt = {};
	uint64_t rip = kBase + 0x1000;

	explicit Machine(const Form &f)
	{
		memcpy(ram + (rip - kBase), f.bytes, f.len);
		ctxt.ops = &kOps;
		ctxt.opaque = this;
		ctxt.mode = KEMU_MODE_PROT64;
		ctxt.rip = rip;
		ctxt.rflags = 2;
		ctxt.gprs[KEMU_RAX] = kBase + 0x100;
		ctxt.gprs[KEMU_RBX] = kBase + 0x200;
		ctxt.gprs[KEMU_RCX] = 4;
	}

	static uint8_t *at(void *opaque, uint64_t linear, unsigned bytes)
	{
		Machine &m = *static_cast<Machine *>(opaque);
		if (linear < kBase || linear + bytes > kBase + sizeof(m.ram))
			return nullptr;
		return m.ram + (linear - kBase);
	}
	static int fault(kemu_exception *f, uint64_t linear)
	{
		*f = {};
		f->vector = KEMU_PF;
		f->error_code_valid = 1;
		f->address = linear;
		return KEMU_PROPAGATE_FAULT;
	}
	static int read(void *o, uint64_t l, void *v, unsigned n, kemu_exception *f)
	{
		uint8_t *p = at(o, l, n);
		if (!p)
			return fault(f, l);
		memcpy(v, p, n);
		return KEMU_CONTINUE;
	}
	static int write(void *o, uint64_t l, const void *v, unsigned n, kemu_exception *f)
	{
		uint8_t *p = at(o, l, n);
		if (!p)
			return fault(f, l);
		memcpy(p, v, n);
		return KEMU_CONTINUE;
	}
	static void segment(void *, kemu_seg, kemu_segment *s)
	{
		*s = {};
		s->limit = 0xffffffff;
		s->type = 3;
	}
	static constexpr kemu_ops kOps = {read, read, write, segment};
};

} // namespace kemu_bench
