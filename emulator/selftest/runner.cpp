// SPDX-License-Identifier: GPL-2.0
// Runs self-test vectors on a tiny fake machine behind a real ops table.
// Not reentrant: the machine is static (module init and tests run one vector
// at a time), so no vector needs a large stack frame.
#include "text.h"
#include "selftest/vector.h"

namespace kemu::selftest {

namespace {

constexpr unsigned kMaxWrites = 4;
constexpr u32 kPfWrite = 2, kPfFetch = 0x10;

struct Write {
	u64 address;
	unsigned size;
	u64 value;
};

struct Machine {
	u8 ram[kRamSize];
	kemu_segment segs[KEMU_NR_SEGS];
	Write writes[kMaxWrites];
	unsigned nwrites;
	unsigned fetch_calls;
	unsigned fetched_bytes;
};

constinit Machine machine{};

bool mapped(u64 linear, unsigned bytes)
{
	return linear >= kRamBase && linear + bytes <= kRamBase + kRamSize &&
	       linear + bytes > linear;
}

int page_fault(kemu_exception *fault, u64 linear, u32 error_code)
{
	*fault = {};
	fault->vector = KEMU_PF;
	fault->error_code_valid = 1;
	fault->error_code = error_code;
	fault->address = linear;
	return KEMU_PROPAGATE_FAULT;
}

// The first unmapped byte of [linear, linear + bytes), for #PF's CR2.
u64 first_unmapped(u64 linear, unsigned bytes)
{
	for (unsigned i = 0; i < bytes; i++)
		if (!mapped(linear + i, 1))
			return linear + i;
	return linear;
}

int fetch(void *, u64 linear, void *val, unsigned bytes, kemu_exception *fault)
{
	machine.fetch_calls++;
	machine.fetched_bytes += bytes;
	// The contract: a fetch never crosses a page.
	if ((linear & 0xfff) + bytes > 0x1000)
		return KEMU_UNHANDLEABLE;
	if (!mapped(linear, bytes))
		return page_fault(fault, first_unmapped(linear, bytes), kPfFetch);
	copy_bytes(val, machine.ram + (linear - kRamBase), bytes);
	return KEMU_CONTINUE;
}

int read_mem(void *, u64 linear, void *val, unsigned bytes, kemu_exception *fault)
{
	if (!mapped(linear, bytes))
		return page_fault(fault, first_unmapped(linear, bytes), 0);
	copy_bytes(val, machine.ram + (linear - kRamBase), bytes);
	return KEMU_CONTINUE;
}

int write_mem(void *, u64 linear, const void *val, unsigned bytes, kemu_exception *fault)
{
	if (!mapped(linear, bytes))
		return page_fault(fault, first_unmapped(linear, bytes), kPfWrite);
	copy_bytes(machine.ram + (linear - kRamBase), val, bytes);
	if (machine.nwrites < kMaxWrites) {
		Write &w = machine.writes[machine.nwrites];
		w = {linear, bytes, 0};
		copy_bytes(&w.value, val, bytes > 8 ? 8 : bytes);
	}
	machine.nwrites++;
	return KEMU_CONTINUE;
}

void get_segment(void *, kemu_seg seg, kemu_segment *out)
{
	*out = machine.segs[seg];
}

constexpr kemu_ops kOps = {
    .fetch = fetch,
    .read_mem = read_mem,
    .write_mem = write_mem,
    .get_segment = get_segment,
};

void store(u64 address, unsigned size, u64 value)
{
	for (unsigned i = 0; i < size; i++)
		if (mapped(address + i, 1))
			machine.ram[address + i - kRamBase] = static_cast<u8>(value >> (8 * i));
}

void set_up(const Vector &v, kemu_ctxt &c)
{
	machine = {};
	for (unsigned i = 0; i < KEMU_SEG_COUNT; i++) {
		kemu_segment &s = machine.segs[i];
		s.limit = v.mode == KEMU_MODE_REAL ? 0xffff : 0xffffffff;
		s.type = i == KEMU_SEG_CS ? 0xb : 3;
		s.s = 1;
		s.present = 1;
		s.db = v.mode == KEMU_MODE_PROT32;
		s.g = s.limit > 0xfffff;
	}
	for (const Seg &s : v.segs) {
		if (s.index >= KEMU_SEG_COUNT)
			break;
		kemu_segment &d = machine.segs[s.index];
		d.base = s.base;
		d.limit = s.limit;
		d.type = s.type;
		d.db = s.db;
		d.unusable = s.unusable;
		d.dpl = s.dpl;
	}
	for (const Mem &m : v.memory)
		if (m.size)
			store(m.address, m.size, m.value);
	u64 code_linear =
	    v.mode == KEMU_MODE_PROT64 ? v.rip : machine.segs[KEMU_SEG_CS].base + v.rip;
	for (unsigned i = 0; i < v.code.len; i++)
		store(code_linear + i, 1, v.code.bytes[i]);

	c = {};
	c.ops = &kOps;
	c.mode = v.mode;
	for (unsigned i = 0; i < KEMU_NR_GPRS; i++)
		c.gprs[i] = kInitialGpr(i);
	for (const Reg &r : v.regs)
		if (r.index < KEMU_NR_GPRS)
			c.gprs[r.index] = r.value;
	c.rip = v.rip;
	c.rflags = v.rflags | 0x2 | kRflagsRF;
}

bool check(const Vector &v, const kemu_ctxt &c, int status, Text &why)
{
	const Outcome &e = v.expect;
	if (status != e.status) {
		why << "status " << kemu_status_name(status) << ", expected "
		    << kemu_status_name(e.status);
		if (status == KEMU_PROPAGATE_FAULT) {
			why << " (vector ";
			why.hex(c.exception.vector) << ")";
		}
		return false;
	}
	if (machine.fetched_bytes > KEMU_MAX_INSN_LEN) {
		why << "fetched more than 15 bytes: ";
		why.hex(machine.fetched_bytes);
		return false;
	}
	if (machine.fetch_calls > e.max_fetch_calls) {
		why << "fetch callbacks: ";
		why.hex(machine.fetch_calls) << ", expected at most ";
		why.hex(e.max_fetch_calls);
		return false;
	}
	if (status == KEMU_PROPAGATE_FAULT) {
		const kemu_exception &x = c.exception;
		bool ec_expected =
		    e.vector == KEMU_GP || e.vector == KEMU_SS || e.vector == KEMU_PF;
		if (!c.have_exception || x.vector != e.vector ||
		    x.error_code_valid != ec_expected || x.error_code != e.error_code ||
		    (e.vector == KEMU_PF && x.address != e.fault_address)) {
			why << "exception vector ";
			why.hex(x.vector) << " error code ";
			why.hex(x.error_code) << " address ";
			why.hex(x.address) << ", expected vector ";
			why.hex(e.vector) << " error code ";
			why.hex(e.error_code);
			return false;
		}
	}
	u64 expected_rip = v.rip;
	if (status == KEMU_CONTINUE) {
		expected_rip = e.jump_to ? e.jump_to : v.rip + e.length;
		if (c.insn.length != e.length) {
			why << "length ";
			why.hex(c.insn.length) << ", expected ";
			why.hex(e.length);
			return false;
		}
	}
	if (c.rip != expected_rip) {
		why << "rip ";
		why.hex(c.rip) << ", expected ";
		why.hex(expected_rip);
		return false;
	}
	// Flags: as given, else unchanged on success (RF cleared) and on a fault.
	u64 want_flags = v.rflags | 0x2 | kRflagsRF;
	if (status == KEMU_CONTINUE)
		want_flags = e.rflags != kFlagsUnchanged ? e.rflags : want_flags & ~kRflagsRF;
	if ((c.rflags ^ want_flags) & ~e.undefined_flags) {
		why << "rflags ";
		why.hex(c.rflags) << ", expected ";
		why.hex(want_flags);
		return false;
	}
	for (unsigned i = 0; i < KEMU_NR_GPRS; i++) {
		u64 want = kInitialGpr(i);
		for (const Reg &r : v.regs)
			if (r.index == i)
				want = r.value;
		for (const Reg &r : e.regs)
			if (r.index == i)
				want = r.value;
		if (c.gprs[i] != want) {
			why << "gpr ";
			why.hex(i) << " = ";
			why.hex(c.gprs[i]) << ", expected ";
			why.hex(want);
			return false;
		}
	}
	unsigned nexpected = 0;
	for (const Mem &m : e.writes) {
		if (!m.size)
			break;
		const Write *w = nexpected < machine.nwrites ? &machine.writes[nexpected] : nullptr;
		if (!w || w->address != m.address || w->size != m.size || w->value != m.value) {
			why << "write ";
			why.hex(nexpected) << ": expected ";
			why.hex(m.value) << " (";
			why.hex(m.size) << " bytes) at ";
			why.hex(m.address);
			if (w) {
				why << ", got ";
				why.hex(w->value) << " (";
				why.hex(w->size) << " bytes) at ";
				why.hex(w->address);
			}
			return false;
		}
		nexpected++;
	}
	if (machine.nwrites != nexpected) {
		why << "memory writes: ";
		why.hex(machine.nwrites) << ", expected ";
		why.hex(nexpected);
		return false;
	}
	return true;
}

} // namespace

} // namespace kemu::selftest

using namespace kemu;
using namespace kemu::selftest;

namespace {

const VectorTable *const kTables[] = {&kMovVectors, &kIntegerVectors, &kControlVectors};

// The vector at a global index across the tables, or nullptr.
const Vector *vector_at(unsigned index)
{
	for (const VectorTable *t : kTables) {
		if (index < t->count)
			return &t->vectors[index];
		index -= t->count;
	}
	return nullptr;
}

} // namespace

extern "C" unsigned int kemu_selftest_count(void)
{
	unsigned n = 0;
	for (const VectorTable *t : kTables)
		n += t->count;
	return n;
}

extern "C" const char *kemu_selftest_name(unsigned int index)
{
	const Vector *v = vector_at(index);
	return v ? v->name : "(no such vector)";
}

extern "C" int kemu_selftest_run(unsigned int index, char *why, unsigned int why_size)
{
	Text text(why, why_size);
	const Vector *v = vector_at(index);
	if (!v) {
		text << "no such vector";
		return 0;
	}
	static constinit kemu_ctxt ctxt{};
	set_up(*v, ctxt);
	int status = kemu_emulate(&ctxt, nullptr, 0);
	return check(*v, ctxt, status, text) ? 1 : 0;
}
