// Records as side-by-side cases (recorded_mix.h).
#include "recorded_mix.h"

#include "replay/record.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace recorded_mix {

namespace {

using kemu_replay::Call;
using kemu_replay::Record;

// The segments a mode implies when the record did not read them: flat, the
// code segment of the mode (64-bit, 32-bit, 16-bit).
void default_segments(oracle_cpu &cpu, unsigned mode)
{
	const bool real = mode == KEMU_MODE_REAL || mode == KEMU_MODE_VM86;
	for (int s = 0; s < ORACLE_TR; s++) {
		oracle_seg &g = cpu.seg[s];
		g = {};
		g.limit = real ? 0xffff : 0xffffffff;
		g.type = s == ORACLE_CS ? 0xb : 3;
		g.s = 1;
		g.present = 1;
		g.g = !real;
		g.dpl = mode == KEMU_MODE_VM86 ? 3 : 0;
		g.db = s == ORACLE_CS ? mode == KEMU_MODE_PROT32 : !real;
		g.l = s == ORACLE_CS && mode == KEMU_MODE_PROT64;
	}
	cpu.seg[ORACLE_TR] = oracle_seg{0, 0x67, 0x28, 0xb, 0, 0, 1, 0, 0, 0, 0, 0};
	cpu.seg[ORACLE_LDTR].unusable = 1;
}

void put(Mix &mix, uint64_t addr, const std::vector<uint8_t> &data)
{
	for (size_t i = 0; i < data.size(); i++) {
		const uint64_t a = addr + i;
		auto it = mix.pages.find(a >> 12);
		if (it == mix.pages.end())
			it = mix.pages.emplace(a >> 12, std::array<uint8_t, 4096>{}).first;
		it->second[a & 4095] = data[i];
	}
}

Case make_case(const Record &r, Mix &mix)
{
	Case c{};
	oracle_cpu &cpu = c.cpu;
	memset(&cpu, 0, sizeof(cpu));
	memcpy(cpu.gpr, r.gprs, sizeof(cpu.gpr));
	cpu.rip = r.rip;
	cpu.rflags = r.rflags;
	const unsigned mode = static_cast<unsigned>(r.mode);
	default_segments(cpu, mode);
	cpu.cr0 = mode == KEMU_MODE_REAL ? 0x60000010 : 0x80050033;
	cpu.cr4 = mode == KEMU_MODE_PROT64 ? 0x6a0 : 0x680;
	cpu.efer = mode == KEMU_MODE_PROT64 ? 0xd01 : 0;
	cpu.xcr0 = 1;
	cpu.dr[6] = 0xffff0ff0;
	cpu.dr[7] = 0x400;
	cpu.gdt = {0, 0xffff};
	cpu.idt = {0, 0xfff};
	cpu.fx[0] = 0x7f; // FCW 0x037f, MXCSR 0x1f80
	cpu.fx[1] = 0x03;
	cpu.fx[24] = 0x80;
	cpu.fx[25] = 0x1f;
	bool cs_read = false, first_fetch = true;
	for (const kemu_replay::Pass &p : r.passes) {
		for (const Call &k : p.calls) {
			switch (k.kind) {
			case kemu_replay::kGetSegment: {
				const unsigned s = static_cast<unsigned>(k.num("seg"));
				if (s >= ORACLE_NSEG)
					break;
				oracle_seg &g = cpu.seg[s];
				g.sel = static_cast<uint16_t>(k.num("sel"));
				g.base = k.num("base");
				g.limit = static_cast<uint32_t>(k.num("limit"));
				g.type = static_cast<uint8_t>(k.num("type"));
				g.s = static_cast<uint8_t>(k.num("s"));
				g.dpl = static_cast<uint8_t>(k.num("dpl"));
				g.present = static_cast<uint8_t>(k.num("p"));
				g.avl = static_cast<uint8_t>(k.num("avl"));
				g.l = static_cast<uint8_t>(k.num("l"));
				g.db = static_cast<uint8_t>(k.num("db"));
				g.g = static_cast<uint8_t>(k.num("g"));
				g.unusable = static_cast<uint8_t>(k.num("unusable"));
				cs_read |= s == ORACLE_CS;
				break;
			}
			case kemu_replay::kGetCr:
				if (k.num("n") == 0)
					cpu.cr0 = k.num("value");
				else if (k.num("n") == 4)
					cpu.cr4 = k.num("value");
				break;
			case kemu_replay::kFetch:
				// Outside 64-bit mode the code segment's base is where the
				// first fetch went, less rIP (when the record did not read CS).
				if (first_fetch && !cs_read && mode != KEMU_MODE_PROT64)
					cpu.seg[ORACLE_CS].base = k.num("addr") - r.rip;
				first_fetch = false;
				[[fallthrough]];
			case kemu_replay::kReadMem:
			case kemu_replay::kReadSystem:
				if (k.num("rc") == KEMU_CONTINUE)
					put(mix, k.num("addr"), k.get("data").bytes);
				break;
			case kemu_replay::kPioIn: {
				const std::vector<uint8_t> &d = k.get("data").bytes;
				const uint16_t port = static_cast<uint16_t>(k.num("port"));
				for (size_t i = 0; i < d.size() && i < 4; i++)
					mix.ports[port][i] = d[i];
				break;
			}
			default:
				break;
			}
		}
	}
	// The instruction as its first fetch (or KVM's bytes) gave it.
	std::vector<uint8_t> bytes = r.insn;
	for (const kemu_replay::Pass &p : r.passes)
		for (const Call &k : p.calls)
			if (bytes.empty() && k.kind == kemu_replay::kFetch)
				bytes = k.get("data").bytes;
	kemu_disasm d{};
	c.rep = !bytes.empty() &&
	        kemu_disassemble(mode, bytes.data(), static_cast<unsigned>(bytes.size()), &d) ==
	            KEMU_CONTINUE &&
	        !strncmp(d.text, "rep", 3);
	return c;
}

const Mix *g_mix;

const uint8_t *byte_at(uint64_t a)
{
	static uint64_t last_page = ~0ull;
	static const uint8_t *last = nullptr;
	if ((a >> 12) != last_page) {
		auto it = g_mix->pages.find(a >> 12);
		if (it == g_mix->pages.end())
			return nullptr;
		last_page = a >> 12;
		last = it->second.data();
	}
	return last + (a & 4095);
}

int h_read(void *, uint64_t a, void *val, unsigned n, oracle_access, oracle_fault *)
{
	uint8_t *out = static_cast<uint8_t *>(val);
	// Within a page (the emulators split at page boundaries).
	const uint8_t *p = byte_at(a);
	if (p && ((a & 4095) + n) <= 4096)
		memcpy(out, p, n);
	else
		for (unsigned i = 0; i < n; i++) {
			const uint8_t *q = byte_at(a + i);
			out[i] = q ? *q : 0;
		}
	return ORACLE_CONTINUE;
}

int h_write(void *, uint64_t, const void *, unsigned, oracle_access, oracle_fault *)
{
	return ORACLE_CONTINUE;
}

int h_cmpxchg(void *, uint64_t, const void *, const void *, unsigned, oracle_fault *)
{
	return ORACLE_CONTINUE;
}

void h_pio_in(void *, unsigned size, uint16_t port, void *val, unsigned count)
{
	uint8_t *out = static_cast<uint8_t *>(val);
	for (unsigned i = 0; i < count; i++)
		memcpy(out + i * size, g_mix->ports[port], size < 4 ? size : 4);
}

void h_pio_out(void *, unsigned, uint16_t, const void *, unsigned) {}

int h_get_msr(void *, oracle_cpu *, uint32_t, uint64_t *v)
{
	*v = 0;
	return 0;
}

int h_set_msr(void *, oracle_cpu *, uint32_t, uint64_t)
{
	return 0;
}

int h_set_cr(void *, oracle_cpu *cpu, int cr, uint64_t v)
{
	if (cr == 0)
		cpu->cr0 = v;
	else if (cr == 3)
		cpu->cr3 = v;
	else if (cr == 4)
		cpu->cr4 = v;
	else if (cr == 8)
		cpu->cr8 = v;
	else
		return 1;
	return 0;
}

int h_set_dr(void *, oracle_cpu *cpu, int dr, uint64_t v)
{
	cpu->dr[oracle_dr_index(dr)] = v;
	return 0;
}

int h_set_xcr(void *, oracle_cpu *cpu, uint32_t, uint64_t v)
{
	cpu->xcr0 = v;
	return 0;
}

int h_read_pmc(void *, oracle_cpu *, uint32_t, uint64_t *v)
{
	*v = 0;
	return 0;
}

bool h_cpuid(void *, uint32_t *eax, uint32_t *ebx, uint32_t *ecx, uint32_t *edx, bool)
{
	*eax = *ebx = *ecx = *edx = 0;
	return true;
}

void h_event(void *, oracle_event, uint64_t) {}

const oracle_host kHost = {h_read,     h_write,   h_cmpxchg, h_pio_in, h_pio_out,
                           h_get_msr,  h_set_msr, h_set_cr,  h_set_dr, h_set_xcr,
                           h_read_pmc, h_cpuid,   h_event};

} // namespace

Mix load(const std::string &file)
{
	Mix mix;
	kemu_replay::Reader in;
	in.f = fopen(file.c_str(), "r");
	if (!in.f) {
		perror(file.c_str());
		exit(2);
	}
	kemu_replay::g_file = file.c_str();
	Record r;
	while (kemu_replay::parse_record(in, r)) {
		mix.cases.push_back(make_case(r, mix));
		r = Record{};
	}
	fclose(in.f);
	return mix;
}

const oracle_host *host(const Mix &mix)
{
	g_mix = &mix;
	return &kHost;
}

} // namespace recorded_mix
