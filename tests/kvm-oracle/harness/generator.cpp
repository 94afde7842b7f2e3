// How cases are made: where the code sits, what the registers point at, and
// which bytes form the instruction.
#include "generator.h"

#include "insn_info.h"
#include "rng.h"

#include <kemu/kemu.h>

#include <cstring>

namespace oracle {

namespace {

constexpr int kModeOf[Generator::kModes] = {KEMU_MODE_REAL, KEMU_MODE_PROT16, KEMU_MODE_PROT32,
                                            KEMU_MODE_PROT64};

constexpr uint64_t kRflagsArith = 0x8d5; // CF PF AF ZF SF OF
constexpr uint64_t kDF = 1 << 10, kIF = 1 << 9, kTF = 1 << 8, kNT = 1 << 14, kRF = 1 << 16,
                   kAC = 1 << 18;

// An address inside one of the memory windows (mostly RAM, some MMIO).
uint64_t window_address(Rng &r)
{
	unsigned w = static_cast<unsigned>(r.below(100));
	if (w < 70)
		return 0x1000 + r.below(kRamLowEnd - 0x1000);
	if (w < 85)
		return kMmioBase + r.below(kMmioEnd - kMmioBase);
	return kMmioEnd + r.below(kRamHighEnd - kMmioEnd);
}

// A register value: pointers, small counts, selectors, edge values, noise.
uint64_t gpr_value(Rng &r, bool wide)
{
	static const uint64_t edges[] = {0,          1,          ~0ull,      0x7f,
	                                 0x80,       0xff,       0x7fff,     0x8000,
	                                 0xffff,     0x7fffffff, 0x80000000, 0xffffffff,
	                                 1ull << 63, ~0ull >> 1, 1ull << 32, 0xfffffffffffff000};
	uint64_t v;
	unsigned k = static_cast<unsigned>(r.below(100));
	if (k < 35)
		v = window_address(r);
	else if (k < 55)
		v = r.below(33);
	else if (k < 62)
		v = r.below(16) << 3 | r.below(4); // a selector
	else if (k < 72)
		v = r.pick(edges);
	else
		v = r.next();
	if (!wide && r.chance(75))
		v = static_cast<uint32_t>(v);
	return v;
}

oracle_seg segment(uint64_t base, uint32_t limit, uint16_t sel, uint8_t type, uint8_t dpl,
                   uint8_t db, uint8_t l, uint8_t g)
{
	oracle_seg s{};
	s.base = base;
	s.limit = limit;
	s.sel = sel;
	s.type = type;
	s.s = 1;
	s.dpl = dpl;
	s.present = 1;
	s.db = db;
	s.l = l;
	s.g = g;
	return s;
}

// A data segment for a protected 16/32-bit mode: mostly ordinary, sometimes
// read-only, expand-down, a readable code segment, small or unusable.
oracle_seg data_segment(Rng &r, bool d32, unsigned cpl)
{
	uint64_t base = d32 && r.chance(70) ? 0 : (r.below(0x90) << 12);
	uint32_t limit = d32 ? 0xffffffff : 0xffff;
	uint8_t g = d32;
	uint8_t type = 3;
	unsigned k = static_cast<unsigned>(r.below(100));
	if (k < 6)
		type = 1; // read-only
	else if (k < 10)
		type = 7, limit = static_cast<uint32_t>(r.below(0x10000)), g = 0; // expand-down
	else if (k < 13)
		type = 0xb; // readable code
	else if (k < 18)
		limit = static_cast<uint32_t>(r.below(0x2000)), g = 0; // small limit
	uint8_t dpl = static_cast<uint8_t>(cpl == 3 ? 3 : r.chance(90) ? 0 : 3);
	uint16_t sel = static_cast<uint16_t>((r.below(13) + 1) << 3 | (cpl == 3 ? 3 : 0));
	oracle_seg s = segment(base, limit, sel, type, dpl, d32, 0, g);
	if (r.chance(3))
		s.unusable = 1, s.present = 0;
	return s;
}

// The task register: usually a TSS with an I/O permission bitmap (ports
// 0..0x7ff, then the byte the SDM wants all ones), else one without (limit
// 0x67, or a bitmap offset past the limit), a 16-bit TSS too small to hold
// the offset, an unusable TR, a TSS the host cannot read (unmapped, MMIO),
// or a large TSS whose bitmap is random memory.
void setup_task_register(Rng &r, TestCase &tc)
{
	oracle_seg tr = segment(kTssBase, 0x67, 0x58, 0xb, 0, 0, 0, 0);
	tr.s = 0;
	unsigned k = static_cast<unsigned>(r.below(100));
	if (k < 60) {
		tr.limit = kTssIomapLimit;
		tc.iomap = true;
		tc.iomap_offset = r.chance(90) ? 0x68 : static_cast<uint16_t>(r.next());
	} else if (k < 75) {
		// limit 0x67: no bitmap (the offset word is random memory)
	} else if (k < 80) {
		tr.limit = 0x2b, tr.type = 3; // 16-bit busy TSS
	} else if (k < 85) {
		tr.unusable = 1, tr.present = 0;
	} else if (k < 90) {
		tr.base = r.chance(50) ? 0x300000 : kMmioBase + 0x1000; // not RAM
		tr.limit = kTssIomapLimit;
	} else {
		tr.limit = 0xffff;
		tc.iomap = true;
		tc.iomap_offset = 0x68;
	}
	tc.cpu.seg[ORACLE_TR] = tr;
	if (tc.iomap) {
		// Bytes: clear (the ports are allowed), all ones, or mixed; the last
		// one (ports 0x800.. read past the bitmap) half the time all ones.
		static_assert(sizeof(tc.iomap_bytes) == kIomapBytes);
		uint64_t v = 0;
		for (unsigned i = 0; i < kIomapBytes; i++, v >>= 16) {
			if (i % 4 == 0)
				v = r.next();
			unsigned k = static_cast<unsigned>(v & 0xff) % 10;
			tc.iomap_bytes[i] = k < 4 ? 0 : k < 6 ? 0xff : static_cast<uint8_t>(v >> 8);
		}
		if (r.chance(50))
			tc.iomap_bytes[kIomapBytes - 1] = 0xff;
	}
}

void setup_segments(Rng &r, TestCase &tc, unsigned cpl3_percent)
{
	oracle_cpu &c = tc.cpu;
	const int mode = tc.mode;
	unsigned cpl = mode != KEMU_MODE_REAL && r.chance(cpl3_percent) ? 3 : 0;

	if (mode == KEMU_MODE_REAL) {
		for (int i = 0; i < 6; i++) {
			uint16_t sel = static_cast<uint16_t>(r.below(0x9000));
			if ((i == ORACLE_DS || i == ORACLE_ES) && r.chance(10))
				sel =
				    static_cast<uint16_t>(0xa000 + r.below(0x1000)); // reaches MMIO
			c.seg[i] = segment(uint64_t{sel} << 4, 0xffff, sel,
			                   i == ORACLE_CS ? 0xb : 3, 0, 0, 0, 0);
		}
		c.seg[ORACLE_CS].sel = static_cast<uint16_t>(0x1000 + r.below(0x7000));
		c.seg[ORACLE_CS].base = uint64_t{c.seg[ORACLE_CS].sel} << 4;
	} else if (mode == KEMU_MODE_PROT64) {
		c.seg[ORACLE_CS] = segment(0, 0xffffffff, cpl ? 0x43 : 0x18, 0xb, cpl, 0, 1, 1);
		for (int i : {ORACLE_ES, ORACLE_SS, ORACLE_DS, ORACLE_FS, ORACLE_GS}) {
			c.seg[i] = segment(0, 0xffffffff, cpl ? 0x4b : 0x10, 3, cpl, 1, 0, 1);
			if (i != ORACLE_SS && r.chance(5))
				c.seg[i].unusable = 1, c.seg[i].present = 0, c.seg[i].sel = 0;
		}
		c.seg[ORACLE_FS].base = r.chance(50) ? window_address(r) : 0;
		c.seg[ORACLE_GS].base = r.chance(50) ? window_address(r) : r.next();
	} else {
		bool d32 = mode == KEMU_MODE_PROT32;
		uint64_t cs_base = d32 && r.chance(80) ? 0 : (0x10 + r.below(0x70)) << 12;
		c.seg[ORACLE_CS] =
		    segment(cs_base, d32 ? 0xffffffff : 0xffff,
		            static_cast<uint16_t>(d32 ? (cpl ? 0x43 : 0x08) : (cpl ? 0x23 : 0x20)),
		            0xb, static_cast<uint8_t>(cpl), d32, 0, d32);
		for (int i : {ORACLE_ES, ORACLE_SS, ORACLE_DS, ORACLE_FS, ORACLE_GS})
			c.seg[i] = data_segment(r, d32, cpl);
		// SS must be a writable data segment at DPL == CPL
		c.seg[ORACLE_SS].type = c.seg[ORACLE_SS].type == 7 ? 7 : 3;
		c.seg[ORACLE_SS].dpl = static_cast<uint8_t>(cpl);
		c.seg[ORACLE_SS].unusable = 0;
		c.seg[ORACLE_SS].present = 1;
		c.seg[ORACLE_SS].sel = static_cast<uint16_t>((c.seg[ORACLE_SS].sel & ~3) | cpl);
	}
	setup_task_register(r, tc);
	c.seg[ORACLE_LDTR] = oracle_seg{};
	c.seg[ORACLE_LDTR].unusable = 1;
	c.gdt = {kGdtBase, kGdtLimit};
	c.idt = mode == KEMU_MODE_REAL ? oracle_dtr{0, 0x3ff} : oracle_dtr{kIdtBase, 0xfff};
}

void setup_system(Rng &r, TestCase &tc)
{
	oracle_cpu &c = tc.cpu;
	const int mode = tc.mode;
	const uint64_t cr0_extra = (r.chance(5) ? 8u : 0) | (r.chance(5) ? 4u : 0) | 0x20 | 2;
	// CR4 bits that gate instructions: TSD (RDTSC), DE (DR4/DR5), PCE
	// (RDPMC), UMIP (SGDT/SIDT/SMSW/SLDT/STR), OSXSAVE (XSETBV)
	const uint64_t cr4_extra = (r.chance(20) ? 1u << 2 : 0) | (r.chance(20) ? 1u << 3 : 0) |
	                           (r.chance(30) ? 1u << 8 : 0) | (r.chance(20) ? 1u << 11 : 0) |
	                           (r.chance(50) ? 1u << 18 : 0);
	switch (mode) {
	case KEMU_MODE_REAL:
		c.cr0 = 0x10 | cr0_extra;
		c.cr4 = (r.chance(90) ? 0x600 : 0) | cr4_extra;
		c.efer = r.chance(50);
		break;
	case KEMU_MODE_PROT64:
		c.cr0 = 0x80050011 | cr0_extra;
		c.cr4 = 0x6a0 | cr4_extra;
		c.efer = 0xd01;
		break;
	default:
		c.cr0 = 0x11 | cr0_extra | (r.chance(50) ? 0x10000 : 0);
		c.cr4 = (r.chance(90) ? 0x600 : 0) | cr4_extra;
		c.efer = r.chance(50);
		break;
	}
	tc.misc_features = r.chance(10) ? 1 : 0; // CPUID faulting
	c.cr2 = r.next();
	c.cr3 = 0x100000;
	c.cr8 = r.below(16);
	c.xcr0 = r.chance(80) ? 7 : 1;
	for (int i = 0; i < 4; i++)
		c.dr[i] = r.next();
	c.dr[6] = 0xffff0ff0;
	c.dr[7] = r.chance(10) ? 0x2400 : 0x400; // sometimes DR7.GD
	c.interruptibility = r.chance(90) ? 0 : static_cast<uint32_t>(1 + r.below(2));

	uint64_t f = 2 | (r.next() & kRflagsArith);
	if (r.chance(10))
		f |= kDF;
	if (r.chance(50))
		f |= kIF;
	if (mode != KEMU_MODE_REAL && r.chance(20))
		f |= r.below(4) << 12; // IOPL
	if (r.chance(3))
		f |= kNT;
	if (r.chance(3))
		f |= kAC;
	if (r.chance(5))
		f |= kRF;
	if (r.chance(2))
		f |= kTF;
	c.rflags = f;

	// x87/SSE: control words at their reset values, random data registers
	memset(c.fx, 0, sizeof(c.fx));
	c.fx[0] = 0x7f, c.fx[1] = 0x03; // FCW
	uint32_t mxcsr = 0x1f80 | (r.chance(10) ? static_cast<uint32_t>(r.below(64)) : 0);
	memcpy(&c.fx[24], &mxcsr, 4);
	uint32_t mxcsr_mask = 0xffff;
	memcpy(&c.fx[28], &mxcsr_mask, 4);
	for (int i = 32; i < 416; i += 8) {
		uint64_t v = r.next();
		memcpy(&c.fx[i], &v, 8);
	}
	// bytes 10-15 of each ST/MM slot are reserved: FXSAVE stores zeros there
	for (int i = 0; i < 8; i++)
		memset(&c.fx[32 + 16 * i + 10], 0, 6);
	// The state a faulting x87 instruction leaves, in about one case in ten:
	// exception flags in FSW with their masks clear in FCW (and FSW.ES, B),
	// so a pending exception that KVM's FWAIT on this image
	// (flush_pending_x87_faults) raises as #MF before an MMX instruction; in
	// a quarter of those the masks are set instead, nothing pending.  Drawn
	// from the random XMM15 bytes above, so the random stream, and every
	// other case, stays as it was.
	const uint8_t roll = c.fx[400], which = c.fx[401], more = c.fx[402];
	if (roll < 26) {
		const uint8_t flags = uint8_t(1u << (which % 6) | (more < 77 ? more & 0x3f : 0));
		const uint8_t unmasked = (which & 0xc0) == 0 ? 0 : flags;
		c.fx[0] = uint8_t(0x7f & ~unmasked);
		c.fx[2] = uint8_t(flags | (unmasked ? 0x80 : 0));
		c.fx[3] = unmasked ? 0x80 : 0;
	}
}

void setup_registers(Rng &r, TestCase &tc)
{
	oracle_cpu &c = tc.cpu;
	const bool wide = tc.mode == KEMU_MODE_PROT64;
	const bool small_stack = tc.mode == KEMU_MODE_REAL || tc.mode == KEMU_MODE_PROT16;
	for (int i = 0; i < 16; i++)
		c.gpr[i] = gpr_value(r, wide);
	if (r.chance(50))
		c.gpr[1] = r.below(21); // RCX: a short REP count or shift count
	if (r.chance(5)) {
		c.gpr[4] = r.below(5) * 2; // the stack wraps below 0 within a few pushes
	} else if (r.chance(85)) {
		uint64_t sp = small_stack ? r.below(0x10000) : 0x8000 + r.below(0x90000);
		c.gpr[4] = sp & ~uint64_t{r.chance(80) ? 1u : 0u};
		if (!small_stack && c.seg[ORACLE_SS].base)
			c.gpr[4] =
			    (c.gpr[4] - c.seg[ORACLE_SS].base) & 0xffff; // stays in the segment
	}
}

// Where the code goes: a linear address in RAM, and the RIP that reaches it.
void place_code(Rng &r, TestCase &tc)
{
	oracle_cpu &c = tc.cpu;
	const uint64_t cs_base = c.seg[ORACLE_CS].base;
	if (tc.mode == KEMU_MODE_REAL || tc.mode == KEMU_MODE_PROT16) {
		uint64_t ip = r.chance(3) ? 0xfff0 + r.below(16) : r.below(0xfff0);
		if (cs_base + ip > 0x9e000) // keep the code out of the MMIO window
			ip &= 0x7fff;
		c.rip = ip;
	} else {
		// a linear address above CS.base (no wrap of EIP at 4 GiB)
		uint64_t lin;
		uint64_t low = cs_base > 0x10000 ? cs_base : 0x10000;
		unsigned k = static_cast<unsigned>(r.below(100));
		if (k < 85)
			lin = low + r.below(0x9d000 - low);
		else if (k < 95)
			lin = kMmioEnd + r.below(kRamHighEnd - kMmioEnd - 0x1000);
		else
			lin = ((low + r.below(0x9d000 - low)) & ~0xfffull) + 0xff1 +
			      r.below(15); // crosses a page
		c.rip = lin - cs_base;
		if (tc.mode != KEMU_MODE_PROT64)
			c.rip = static_cast<uint32_t>(c.rip);
	}
	tc.code_addr = cs_base + c.rip;
	if (tc.mode != KEMU_MODE_PROT64)
		tc.code_addr = static_cast<uint32_t>(tc.code_addr);
}

void fill_random(Rng &r, uint8_t *b, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		b[i] = static_cast<uint8_t>(r.next());
}

// ---- instruction bytes ------------------------------------------------------

struct Encoder {
	uint8_t bytes[16] = {};
	unsigned n = 0;
	void put(uint8_t b)
	{
		if (n < sizeof(bytes))
			bytes[n++] = b;
	}
	void put_le(uint64_t v, unsigned size)
	{
		for (unsigned i = 0; i < size; i++)
			put(static_cast<uint8_t>(v >> (8 * i)));
	}
};

constexpr uint8_t kSegPrefixes[] = {0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65};

// The legacy prefixes and REX of prefix set `set` (0..7); returns whether
// an address-size override was emitted.
bool emit_prefixes(Rng &r, Encoder &e, unsigned set, bool mode64)
{
	bool adsize = false;
	switch (set) {
	case 0:
		break;
	case 1:
		e.put(0x66);
		break;
	case 2:
		e.put(0x67), adsize = true;
		if (r.chance(30))
			e.put(r.pick(kSegPrefixes));
		break;
	case 3:
		e.put(r.chance(50) ? 0xf3 : 0xf2);
		break;
	case 4:
		if (r.chance(30))
			e.put(0x66);
		e.put(0xf0);
		break;
	case 5:
		e.put(r.pick(kSegPrefixes));
		break;
	case 6:
		if (mode64) {
			e.put(static_cast<uint8_t>(0x40 | r.below(16)));
		} else {
			e.put(0x66), e.put(0x67), adsize = true;
		}
		break;
	default: {
		static const uint8_t legacy[] = {0x66, 0x67, 0xf2, 0xf3, 0xf0, 0x26, 0x2e,
		                                 0x36, 0x3e, 0x64, 0x65, 0x66, 0xf3};
		unsigned count = 1 + static_cast<unsigned>(r.below(mode64 ? 2 : 3));
		if (mode64 && r.chance(60)) {
			static const uint8_t rep_or_66[] = {0x66, 0xf3, 0xf2, 0x66};
			count = static_cast<unsigned>(r.below(2));
			for (unsigned i = 0; i < count; i++)
				e.put(r.pick(rep_or_66));
		} else {
			for (unsigned i = 0; i < count; i++) {
				uint8_t p = r.pick(legacy);
				adsize |= p == 0x67;
				e.put(p);
			}
		}
		if (mode64)
			e.put(static_cast<uint8_t>(0x48 | r.below(8))); // REX.W
		break;
	}
	}
	return adsize;
}

// A displacement: mostly small, sometimes an absolute window address.
uint64_t displacement(Rng &r)
{
	unsigned k = static_cast<unsigned>(r.below(100));
	if (k < 70)
		return static_cast<uint64_t>(static_cast<int64_t>(r.below(0x1000)) - 0x800);
	if (k < 85)
		return window_address(r);
	return r.next();
}

// ModRM (+SIB, +displacement) for form `form`: reg = form & 7, memory
// operand for forms 0-7, register operand for 8-15.
void emit_modrm(Rng &r, Encoder &e, unsigned form, unsigned address_bits)
{
	unsigned reg = form & 7;
	if (form >= 8) {
		e.put(static_cast<uint8_t>(0xc0 | reg << 3 | r.below(8)));
		return;
	}
	unsigned mod = static_cast<unsigned>(r.below(3)), rm = static_cast<unsigned>(r.below(8));
	e.put(static_cast<uint8_t>(mod << 6 | reg << 3 | rm));
	if (address_bits == 16) {
		if (mod == 1)
			e.put(static_cast<uint8_t>(r.next()));
		else if (mod == 2 || (mod == 0 && rm == 6))
			e.put_le(displacement(r), 2);
		return;
	}
	bool disp32 = mod == 2 || (mod == 0 && rm == 5);
	if (rm == 4) {
		uint8_t sib = static_cast<uint8_t>(r.next());
		e.put(sib);
		if (mod == 0 && (sib & 7) == 5)
			disp32 = true;
	}
	if (mod == 1)
		e.put(static_cast<uint8_t>(r.next()));
	else if (disp32)
		e.put_le(displacement(r), 4);
}

void sweep_instruction(Rng &r, TestCase &tc, unsigned map, unsigned opcode, unsigned form,
                       unsigned prefix_set)
{
	static const unsigned default_bits[] = {16, 0, 16, 32, 64};
	const bool mode64 = tc.mode == KEMU_MODE_PROT64;
	Encoder e;
	bool adsize = emit_prefixes(r, e, prefix_set, mode64);
	if (map >= 1)
		e.put(0x0f);
	if (map == 2)
		e.put(0x38);
	if (map == 3)
		e.put(0x3a);
	e.put(static_cast<uint8_t>(opcode));
	unsigned bits = default_bits[tc.mode];
	if (adsize)
		bits = mode64 ? 32 : bits == 16 ? 32 : 16;
	emit_modrm(r, e, form, bits);
	fill_random(r, tc.code, sizeof(tc.code));
	memcpy(tc.code, e.bytes, e.n);
}

// A random byte sequence, with a few prefixes and an escape now and then.
// Directed random cases: system and port instructions whose interesting
// encodings the sweep reaches rarely (a register form of group 7 is one
// ModRM byte in 64; XSETBV, RDTSCP, SWAPGS ...), with random prefixes.
struct Template {
	uint8_t map;   // 0: one byte, 1: 0F
	uint8_t op;    // the opcode byte
	int16_t modrm; // -1: none; 0..255: this ModRM byte; 0x100 | reg: a random form of /reg;
	               // 0x200 | reg: a register form of /reg (random rm)
};
constexpr Template kTemplates[] = {
    {1, 0x01, 0xd0},  {1, 0x01, 0xd1},  {1, 0x01, 0xd1},  {1, 0x01, 0xf8},  {1, 0x01, 0xf9},
    {1, 0x01, 0xc1},  {1, 0x01, 0xd9},  {1, 0x01, 0xca},  {1, 0x01, 0xcb},  {1, 0x01, 0xc8},
    {1, 0x01, 0xc9},  {1, 0x01, 0x100}, {1, 0x01, 0x101}, {1, 0x01, 0x102}, {1, 0x01, 0x103},
    {1, 0x01, 0x104}, {1, 0x01, 0x106}, {1, 0x01, 0x107}, {1, 0x00, 0x100}, {1, 0x00, 0x101},
    {1, 0x00, 0x102}, {1, 0x00, 0x103}, {1, 0x00, 0x104}, {1, 0x00, 0x105}, {1, 0x06, -1},
    {1, 0x08, -1},    {1, 0x09, -1},    {1, 0x30, -1},    {1, 0x31, -1},    {1, 0x32, -1},
    {1, 0x33, -1},    {1, 0xa2, -1},    {1, 0x05, -1},    {1, 0x07, -1},    {1, 0x34, -1},
    {1, 0x35, -1},    {1, 0x20, 0x200}, {1, 0x21, 0x200}, {1, 0x22, 0x200}, {1, 0x23, 0x200},
    {1, 0xa1, -1},    {1, 0xa9, -1},    {1, 0xc7, 0x101}, {1, 0xae, 0x107}, {0, 0xe4, -1},
    {0, 0xe5, -1},    {0, 0xe6, -1},    {0, 0xe7, -1},    {0, 0xec, -1},    {0, 0xed, -1},
    {0, 0xee, -1},    {0, 0xef, -1},    {0, 0x6c, -1},    {0, 0x6d, -1},    {0, 0x6e, -1},
    {0, 0x6f, -1},    {0, 0xfa, -1},    {0, 0xfb, -1},    {0, 0xf4, -1},    {0, 0xcc, -1},
    {0, 0xcd, -1},    {0, 0xce, -1},    {0, 0xcf, -1},    {0, 0xca, -1},    {0, 0xcb, -1},
    {0, 0x9a, -1},    {0, 0xea, -1},    {0, 0x8e, 0x100}, {0, 0x8c, 0x100}, {0, 0x07, -1},
    {0, 0x17, -1},    {0, 0x1f, -1},    {0, 0x60, -1},    {0, 0x61, -1},    {0, 0xc8, -1},
    {0, 0x27, -1},
};
constexpr unsigned kTemplateCount = sizeof(kTemplates) / sizeof(kTemplates[0]);

void directed_instruction(Rng &r, TestCase &tc, const Template &t)
{
	static const uint8_t prefixes[] = {0x66, 0x67, 0xf2, 0xf3, 0xf0, 0x26,
	                                   0x2e, 0x36, 0x3e, 0x64, 0x65};
	const bool mode64 = tc.mode == KEMU_MODE_PROT64;
	Encoder e;
	if (r.chance(50)) {
		unsigned count = 1 + static_cast<unsigned>(r.below(2));
		for (unsigned i = 0; i < count; i++)
			e.put(r.pick(prefixes));
	}
	if (mode64 && r.chance(40))
		e.put(static_cast<uint8_t>(0x40 | r.below(16)));
	bool adsize = false;
	for (unsigned i = 0; i < e.n; i++)
		adsize |= e.bytes[i] == 0x67;
	if (t.map == 1)
		e.put(0x0f);
	e.put(t.op);
	if (t.modrm >= 0 && t.modrm < 0x100) {
		e.put(static_cast<uint8_t>(t.modrm));
	} else if (t.modrm >= 0x100) {
		static const unsigned default_bits[] = {16, 0, 16, 32, 64};
		unsigned bits = default_bits[tc.mode];
		if (adsize)
			bits = mode64 ? 32 : bits == 16 ? 32 : 16;
		const unsigned reg = t.modrm & 7;
		const bool reg_form = t.modrm >= 0x200 || r.chance(30);
		emit_modrm(r, e, reg_form ? 8 + reg : reg, bits);
	}
	fill_random(r, tc.code, sizeof(tc.code));
	memcpy(tc.code, e.bytes, e.n);
}

void random_instruction(Rng &r, TestCase &tc)
{
	static const uint8_t prefixes[] = {0x66, 0x67, 0xf2, 0xf3, 0xf0, 0x26,
	                                   0x2e, 0x36, 0x3e, 0x64, 0x65};
	Encoder e;
	unsigned count = static_cast<unsigned>(r.below(4));
	for (unsigned i = 0; i < count; i++)
		e.put(r.pick(prefixes));
	if (tc.mode == KEMU_MODE_PROT64 && r.chance(40))
		e.put(static_cast<uint8_t>(0x40 | r.below(16)));
	if (r.chance(35)) {
		e.put(0x0f);
		if (r.chance(15))
			e.put(r.chance(50) ? 0x38 : 0x3a);
	}
	fill_random(r, tc.code, sizeof(tc.code));
	memcpy(tc.code, e.bytes, e.n);
}

// Instructions whose checks depend on the CPL beyond "CPL 0 only" (IOPL and
// the I/O bitmap, CR4.TSD/PCE/UMIP, CPUID faulting) run at CPL 3 more often.
unsigned cpl3_percent(unsigned map, unsigned opcode)
{
	if (map == 0)
		return (opcode >= 0x6c && opcode <= 0x6f) || (opcode >= 0xe4 && opcode <= 0xe7) ||
		               (opcode >= 0xec && opcode <= 0xef) || opcode == 0xfa ||
		               opcode == 0xfb
		           ? 45
		           : 15;
	if (map == 1)
		return opcode == 0x00 || opcode == 0x01 || opcode == 0x31 || opcode == 0x33 ||
		               opcode == 0xa2
		           ? 40
		           : 15;
	return 15;
}

// The low 32 bits of a register (the rest stays, so truncation is tested).
void set_low32(uint64_t &reg, uint64_t v, Rng &r)
{
	reg = r.chance(70) ? static_cast<uint32_t>(v)
	                   : (reg & ~0xffffffffull) | static_cast<uint32_t>(v);
}

// Register values that reach the host's interesting answers for the system
// instructions: known and unknown MSRs, valid and invalid PMCs, CPUID
// leaves, XCR0 values, control/debug register values near the current ones,
// ports inside and around the I/O bitmap and the VMware backdoor's.
void tune_registers(Rng &r, TestCase &tc)
{
	static const uint32_t msrs[] = {0x10,       0x1b,       0x140,      0x174,      0x175,
	                                0x176,      0x277,      0xc0000080, 0xc0000081, 0xc0000082,
	                                0xc0000083, 0xc0000084, 0xc0000100, 0xc0000101, 0xc0000102,
	                                0xc0000103, 0x3a,       0x8b,       0x1a0,      0xc0010000,
	                                0x40000000, 0xffffffff};
	static const uint64_t msr_values[] = {0,
	                                      1,
	                                      0x501,
	                                      0xd01,
	                                      0x100,
	                                      0x2000,
	                                      0x7fffffff000,
	                                      0x800000000000,
	                                      0xffff800000000000,
	                                      0x0007040600070406,
	                                      ~0ull};
	static const uint32_t
	    pmcs[] = {0,          1,          2,          3,          4,
	              0x40000000, 0x40000001, 0x40000002, 0x40000003, 0x80000000,
	              0x10000,    0x20000,    0x10001,    0x10002}; // 0x1000x: VMware's pseudo-PMCs
	static const uint32_t leaves[] = {
	    0, 1, 2, 7, 0xd, 0x40000000, 0x80000000, 0x80000001, 0x80000008, 0x80000009};
	static const uint64_t xcr0s[] = {1, 3, 7, 5, 0, 2, 6, 0xf, 0x207, 0x100000001};
	static const uint64_t dr_values[] = {0x400,      0x401,       0x2400,      0xffff0ff0,
	                                     0xffff4ff1, 0x1ffff0ff0, 0x100000400, 0x155,
	                                     0xffffffff, 0xaaaaaaaa};
	// GDT selectors: TSS, LDT, code, data, null, not present, beyond the limit
	static const uint64_t selectors[] = {0x58, 0x60, 0x58, 0x60, 0x5b, 0x08, 0x10,
	                                     0x00, 0x50, 0x48, 0x4b, 0x64, 0x1f8};
	oracle_cpu &c = tc.cpu;
	const InsnInfo in = parse_insn(tc.code, sizeof(tc.code), tc.mode);
	const unsigned rm = (in.modrm & 7) | (in.rex & 1) << 3;
	const unsigned reg = in.reg() | (in.rex & 4) << 1;
	if (in.map == 1) {
		switch (in.opcode) {
		case 0x30: // WRMSR
		case 0x32: // RDMSR
			if (r.chance(70))
				set_low32(c.gpr[KEMU_RCX], r.pick(msrs), r);
			if (in.opcode == 0x30 && r.chance(60)) {
				uint64_t v = r.pick(msr_values);
				set_low32(c.gpr[KEMU_RAX], v, r);
				set_low32(c.gpr[KEMU_RDX], v >> 32, r);
			}
			break;
		case 0x33: // RDPMC
			if (r.chance(70))
				set_low32(c.gpr[KEMU_RCX], r.pick(pmcs), r);
			break;
		case 0xa2: // CPUID
			if (r.chance(60)) {
				set_low32(c.gpr[KEMU_RAX], r.pick(leaves), r);
				set_low32(c.gpr[KEMU_RCX], r.below(3), r);
			}
			break;
		case 0x01:
			if (in.modrm == 0xd1 && r.chance(80)) { // XSETBV
				uint64_t v = r.pick(xcr0s);
				set_low32(c.gpr[KEMU_RCX], r.chance(80) ? 0 : 1, r);
				set_low32(c.gpr[KEMU_RAX], v, r);
				set_low32(c.gpr[KEMU_RDX], v >> 32, r);
			}
			break;
		case 0x22: // MOV CRn, r: the current value with a bit flipped, or as it is
			if (r.chance(60)) {
				uint64_t v = oracle_get_cr(&c, static_cast<int>(reg));
				if (reg == 8)
					v = r.below(r.chance(80) ? 16 : 64);
				else if (r.chance(75))
					v ^= 1ull << r.below(reg == 0 || reg == 4 ? 32 : 64);
				c.gpr[rm] = v;
			}
			break;
		case 0x23: // MOV DRn, r
			if (r.chance(60))
				c.gpr[rm] = r.pick(dr_values);
			break;
		case 0x00: // LLDT/LTR r16: the GDT's TSS and LDT descriptors, others
			if ((in.reg() == 2 || in.reg() == 3) && !in.mem() && r.chance(60))
				c.gpr[rm] = r.pick(selectors);
			break;
		default:
			break;
		}
		return;
	}
	if (in.map == 0 && in.opcode == 0xc8 && in.modrm_pos + 2 < sizeof(tc.code)) {
		// ENTER imm16, imm8: KVM emulates nesting level 0 only; a small RSP
		// puts the final RSP below 0, where the frame cannot be written
		tc.code[in.modrm_pos + 2] = static_cast<uint8_t>(r.chance(85) ? 0 : r.below(3));
		if (r.chance(40))
			c.gpr[KEMU_RSP] = r.below(0x1000);
		return;
	}
	if (in.map == 0 && in.opcode == 0x9a &&
	    (tc.mode == KEMU_MODE_PROT16 || tc.mode == KEMU_MODE_PROT32)) {
		// CALL ptr16:16/32 to a usable code segment, with the stack at the
		// bottom of a flat SS: the CS push fits, the return address wraps to
		// 4 GiB - 4 and faults
		static const uint16_t selectors[] = {0x08, 0x20, 0x68, 0x43};
		const unsigned op = in.operand_bytes(tc.mode);
		const unsigned at = in.modrm_pos + op;
		if (r.chance(50) && at + 1 < sizeof(tc.code)) {
			uint16_t sel = r.pick(selectors);
			tc.code[at] = static_cast<uint8_t>(sel),
			tc.code[at + 1] = static_cast<uint8_t>(sel >> 8);
			if (c.seg[ORACLE_SS].db && c.seg[ORACLE_SS].base == 0 && r.chance(70))
				c.gpr[KEMU_RSP] = op;
		}
		return;
	}
	if (in.map == 0 && in.opcode == 0x8e && !in.mem() && r.chance(60)) { // MOV Sreg, r16
		c.gpr[rm] = r.pick(selectors);
		return;
	}
	// IN/OUT/INS/OUTS with DX: ports in the bitmap, at its end (0x7f8..0x807)
	// and beyond it
	if (in.map == 0 && ((in.opcode >= 0x6c && in.opcode <= 0x6f) ||
	                    (in.opcode >= 0xec && in.opcode <= 0xef))) {
		if (r.chance(75)) {
			unsigned k = static_cast<unsigned>(r.below(100));
			uint64_t port = k < 50   ? r.below(0x100)
			                : k < 75 ? r.below(0x800)
			                : k < 90 ? 0x7f8 + r.below(0x10)
			                : k < 95 ? 0x5658 + r.below(2) // the VMware backdoor's
			                         : r.below(0x10000);
			c.gpr[KEMU_RDX] = (c.gpr[KEMU_RDX] & ~0xffffull) | port;
		}
	}
}

// ---- MMIO edges: exits to userspace, fragments, bit strings ----------------

// A linear address at an edge of MMIO: a page boundary inside the window
// (the two sides are MMIO pages that exit separately), or its start or end
// (one side is RAM).
uint64_t mmio_edge(Rng &r)
{
	unsigned k = static_cast<unsigned>(r.below(100));
	if (k < 60)
		return kMmioBase +
		       (1 + r.below((kMmioEnd - kMmioBase) / kPageSize - 1)) * kPageSize;
	return k < 80 ? kMmioBase : kMmioEnd;
}

bool stack_instruction(const InsnInfo &in)
{
	if (in.map == 1)
		return in.opcode == 0xa0 || in.opcode == 0xa1 || in.opcode == 0xa8 ||
		       in.opcode == 0xa9;
	if (in.map != 0)
		return false;
	switch (in.opcode) {
	case 0x06:
	case 0x07:
	case 0x0e:
	case 0x16:
	case 0x17:
	case 0x1e:
	case 0x1f:
	case 0x60:
	case 0x61:
	case 0x68:
	case 0x6a:
	case 0x8f:
	case 0x9a:
	case 0x9c:
	case 0x9d:
	case 0xc2:
	case 0xc3:
	case 0xc8:
	case 0xc9:
	case 0xca:
	case 0xcb:
	case 0xcc:
	case 0xcd:
	case 0xce:
	case 0xcf:
	case 0xe8:
		return true;
	case 0xff:
		return in.reg() == 2 || in.reg() == 3 || in.reg() == 6;
	default:
		return in.opcode >= 0x50 && in.opcode <= 0x5f;
	}
}

// rSP such that SS:rSP is `linear`: moves a 16-bit stack's segment there
// (real mode: SS itself; protected mode: an expand-up SS's base).
void put_stack_at(Rng &r, TestCase &tc, uint64_t linear)
{
	oracle_cpu &c = tc.cpu;
	oracle_seg &ss = c.seg[ORACLE_SS];
	if (tc.mode == KEMU_MODE_PROT64) {
		c.gpr[KEMU_RSP] = linear;
		return;
	}
	if (tc.mode == KEMU_MODE_REAL) {
		ss.sel = static_cast<uint16_t>((linear - 0x8000 - r.below(0x4000)) >> 4);
		ss.base = uint64_t{ss.sel} << 4;
	} else if (!ss.db || ss.base > linear) {
		if (ss.type == 7)
			return; // an expand-down stack keeps its own shape
		ss.base = (linear & ~0xfffull) - 0x8000;
	}
	c.gpr[KEMU_RSP] =
	    (c.gpr[KEMU_RSP] & ~0xffffffffull) | static_cast<uint32_t>(linear - ss.base);
}

// The memory operand of a 32/64-bit ModRM at `linear`: its base register
// is set so (an index register to 0); false for forms without a base or
// when `keep` (a register the instruction needs) is one of them.
bool aim_memory_operand(TestCase &tc, const InsnInfo &in, uint64_t linear, unsigned keep)
{
	oracle_cpu &c = tc.cpu;
	const bool mode64 = tc.mode == KEMU_MODE_PROT64;
	const bool wide16 = tc.mode == KEMU_MODE_REAL || tc.mode == KEMU_MODE_PROT16;
	if (wide16 != in.adsize || in.modrm_pos + 6 >= sizeof(tc.code))
		return false; // 16-bit addressing: not aimed
	const uint8_t *p = &tc.code[in.modrm_pos];
	const unsigned mod = p[0] >> 6, rm = p[0] & 7;
	unsigned base, at = 1;
	int index = -1;
	if (rm == 4) {
		const uint8_t sib = p[1];
		at = 2;
		if (mod == 0 && (sib & 7) == 5)
			return false;
		base = (sib & 7) | (in.rex & 1) << 3;
		unsigned i = ((sib >> 3) & 7) | (in.rex & 2) << 2;
		if (i != 4)
			index = static_cast<int>(i);
	} else {
		if (mod == 0 && rm == 5)
			return false;
		base = rm | (in.rex & 1) << 3;
	}
	int64_t disp = 0;
	if (mod == 1)
		disp = static_cast<int8_t>(p[at]);
	else if (mod == 2)
		disp = static_cast<int32_t>(p[at] | p[at + 1] << 8 | p[at + 2] << 16 |
		                            static_cast<uint32_t>(p[at + 3]) << 24);
	if (base == keep || index == static_cast<int>(keep) || index == static_cast<int>(base))
		return false;
	int seg = in.last_seg;
	if (seg < 0)
		seg = (base & 7) == KEMU_RSP || (base & 7) == KEMU_RBP ? ORACLE_SS : ORACLE_DS;
	if (mode64 && (base == 12 || base == 13) && in.last_seg < 0)
		seg = ORACLE_DS;
	uint64_t seg_base = mode64 && seg != ORACLE_FS && seg != ORACLE_GS ? 0 : c.seg[seg].base;
	if (index >= 0)
		c.gpr[index] = 0;
	uint64_t ea = linear - seg_base - static_cast<uint64_t>(disp);
	c.gpr[base] = mode64 && !in.adsize ? ea : static_cast<uint32_t>(ea);
	return true;
}

// BT/BTS/BTR/BTC m, r: a bit offset that selects an operand below, at or
// above the addressed one (sign-extended from the operand size).
uint64_t bit_offset(Rng &r)
{
	unsigned k = static_cast<unsigned>(r.below(100));
	if (k < 35)
		return r.below(256);
	if (k < 70)
		return static_cast<uint64_t>(-static_cast<int64_t>(1 + r.below(256)));
	if (k < 85) {
		static const uint64_t edges[] = {31, 32, 33, 63, 64, 65, 66, 35, 15, 16, 17, 100};
		uint64_t v = r.pick(edges);
		return r.chance(50) ? v : static_cast<uint64_t>(-static_cast<int64_t>(v));
	}
	return static_cast<uint64_t>(static_cast<int64_t>(r.below(1 << 20)) - (1 << 19));
}

// Cases for the exits to userspace: pushes that straddle two MMIO pages or
// MMIO and RAM (a write in two fragments), bit strings with a register
// offset on an MMIO operand (a read that exits, then a write at the moved
// address), and other memory operands at the edges of MMIO.
void tune_exit_targets(Rng &r, TestCase &tc)
{
	const InsnInfo in = parse_insn(tc.code, sizeof(tc.code), tc.mode);
	if (stack_instruction(in) && r.chance(35)) {
		put_stack_at(r, tc, mmio_edge(r) + r.below(13));
		if (in.map == 0 && in.opcode == 0xc8 && r.chance(60) &&
		    in.modrm_pos + 1 < sizeof(tc.code)) {
			uint16_t size = static_cast<uint16_t>(r.below(0x2000)); // ENTER's frame
			tc.code[in.modrm_pos] = static_cast<uint8_t>(size);
			tc.code[in.modrm_pos + 1] = static_cast<uint8_t>(size >> 8);
		}
		return;
	}
	const bool bit_string = in.map == 1 && (in.opcode == 0xa3 || in.opcode == 0xab ||
	                                        in.opcode == 0xb3 || in.opcode == 0xbb);
	if (!in.mem() || !(bit_string ? r.chance(70) : r.chance(4)))
		return;
	const unsigned reg = in.reg() | (in.rex & 4) << 1;
	if (bit_string)
		tc.cpu.gpr[reg] = bit_offset(r);
	uint64_t target = mmio_edge(r) + r.below(96) - 48;
	aim_memory_operand(tc, in, target, bit_string ? reg : 16);
}

// Real-mode far returns (RETF, IRET): half the time the frame at SS:SP is
// one the instruction can complete with (rIP below 64K, any CS, any FLAGS
// image, RF included), where RAM's own bytes nearly always make a 32-bit
// frame's rIP too large.
void shape_return_frame(Rng &r, TestCase &tc)
{
	const InsnInfo in = parse_insn(tc.code, sizeof(tc.code), tc.mode);
	const bool far_return =
	    in.map == 0 && (in.opcode == 0xca || in.opcode == 0xcb || in.opcode == 0xcf);
	if (tc.mode != KEMU_MODE_REAL || !far_return || !r.chance(50))
		return;
	const oracle_cpu &c = tc.cpu;
	const oracle_seg &ss = c.seg[ORACLE_SS];
	const uint64_t sp =
	    ss.db ? static_cast<uint32_t>(c.gpr[KEMU_RSP]) : c.gpr[KEMU_RSP] & 0xffff;
	const uint64_t linear = static_cast<uint32_t>(ss.base + sp);
	if (linear + 16 > kRamLowEnd || tc.ram_writes + 2 > TestCase::kMaxRamWrites)
		return;
	const uint64_t ip = r.below(0x10000), cs = r.below(0x10000), flags = r.next();
	auto ram = [&](uint64_t at, uint64_t value) {
		tc.ram_addr[tc.ram_writes] = static_cast<uint32_t>(at);
		tc.ram_value[tc.ram_writes++] = value;
	};
	if (in.operand_bytes(tc.mode) == 4) {
		ram(linear, ip | cs << 32);
		ram(linear + 8, flags);
	} else {
		ram(linear, ip | cs << 16 | (flags & 0xffff) << 32 | (r.next() & 0xffff) << 48);
	}
}

// Real-mode INT n/INT3/INTO: a fifth of the time the pushed frame lands on
// the vector's own IVT entry, which is then read after the pushes (SDM INT
// n); half of those through an SS.base near 4 GiB (left by protected mode)
// whose pushes wrap onto the table.
void shape_interrupt_stack(Rng &r, TestCase &tc)
{
	const InsnInfo in = parse_insn(tc.code, sizeof(tc.code), tc.mode);
	const bool interrupt =
	    in.map == 0 && (in.opcode == 0xcc || in.opcode == 0xcd || in.opcode == 0xce);
	if (tc.mode != KEMU_MODE_REAL || !interrupt || !r.chance(20))
		return;
	const unsigned vector = in.opcode == 0xcc   ? 3
	                        : in.opcode == 0xce ? 4
	                                            : tc.code[in.modrm_pos];
	oracle_seg &ss = tc.cpu.seg[ORACLE_SS];
	ss.base = r.chance(50) ? 0x100000000ull - 16 * (1 + r.below(16)) : 0;
	ss.db = 0;
	const uint64_t sp = static_cast<uint32_t>(vector * 4 + 2 + r.below(6) - ss.base);
	tc.cpu.gpr[KEMU_RSP] = (tc.cpu.gpr[KEMU_RSP] & ~0xffffull) | (sp & 0xffff);
}

} // namespace

TestCase Generator::make(uint64_t index) const
{
	TestCase tc;
	Rng r(mix(config_.seed, index));
	tc.index = index;
	tc.seed = r.next();

	const uint64_t sweep_end = config_.passes * kSweepSize;
	unsigned map = 0, opcode = 0, form = 0, prefix_set = 0;
	if (index < sweep_end) {
		uint64_t k = index % kSweepSize;
		form = static_cast<unsigned>(k % kModrmForms);
		k /= kModrmForms;
		prefix_set = static_cast<unsigned>(k % kPrefixSets);
		k /= kPrefixSets;
		opcode = static_cast<unsigned>(k % kOpcodes);
		k /= kOpcodes;
		map = static_cast<unsigned>(k % kMaps);
		tc.mode = kModeOf[k / kMaps];
		tc.origin = Origin::Sweep;
	} else {
		tc.mode = kModeOf[r.below(kModes)];
		tc.origin = Origin::Random;
	}
	// One random case in six is a directed one (kTemplates).
	const Template *directed = nullptr;
	if (tc.origin == Origin::Random && r.chance(16)) {
		directed = &kTemplates[r.below(kTemplateCount)];
		map = directed->map, opcode = directed->op;
	}

	setup_segments(r, tc,
	               tc.origin == Origin::Sweep || directed ? cpl3_percent(map, opcode) : 15);
	setup_system(r, tc);
	setup_registers(r, tc);
	place_code(r, tc);
	if (tc.origin == Origin::Sweep)
		sweep_instruction(r, tc, map, opcode, form, prefix_set);
	else if (directed)
		directed_instruction(r, tc, *directed);
	else
		random_instruction(r, tc);
	tune_registers(r, tc);
	tune_exit_targets(r, tc);
	tc.vmware_backdoor = r.chance(25); // drawn last: the rest of the case is as before
	// One case in ten runs in a nested guest whose L1 answers each
	// intercept check as the script says (drawn after the rest, as above).
	// Each stage goes on half the time, so the later stages are reached.
	if (r.chance(10)) {
		tc.nested = static_cast<uint8_t>(0x80 | (r.chance(50) ? 0x40 : 0));
		for (unsigned stage = 0; stage < 3; stage++)
			if (r.chance(50))
				tc.nested |= static_cast<uint8_t>((1 + r.below(3)) << (2 * stage));
	}
	shape_return_frame(r, tc); // drawn after the rest, as above
	shape_interrupt_stack(r, tc);
	return tc;
}

} // namespace oracle
