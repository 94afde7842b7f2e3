// The guest machine: memory windows, devices and x86.c's rules for them.
#include "machine.h"

#include "kvm_backend.h"
#include "rng.h"

#include <cstdio>
#include <cstring>

namespace oracle {

namespace {

constexpr uint32_t kPfWrite = 1u << 1, kPfUser = 1u << 2, kPfFetch = 1u << 4;
constexpr uint64_t kCr0Pg = 1ull << 31;

bool is_data_kind(oracle_access kind)
{
	return kind == ORACLE_DATA_READ || kind == ORACLE_DATA_WRITE;
}

// The MSRs in-kernel KVM would answer; the rest are refused (#GP).
constexpr std::pair<uint32_t, uint64_t> kInitialMsrs[] = {
    {0x10, 0x123456789ull},              // TSC
    {0x1b, 0xfee00900},                  // APIC_BASE
    {0x140, 0},                          // MISC_FEATURES_ENABLES
    {0x174, 0x10},                       // SYSENTER_CS
    {0x175, 0x8000},                     // SYSENTER_ESP
    {0x176, 0x9000},                     // SYSENTER_EIP
    {0x277, 0x0007040600070406ull},      // PAT
    {0xc0000081, 0x0023001000000000ull}, // STAR
    {0xc0000082, 0xffffffff81000000ull}, // LSTAR
    {0xc0000083, 0xffffffff81000100ull}, // CSTAR
    {0xc0000084, 0x47700},               // SFMASK
    {0xc0000102, 0},                     // KERNEL_GS_BASE
    {0xc0000103, 7},                     // TSC_AUX
};
constexpr uint32_t kMsrEfer = 0xc0000080, kMsrFsBase = 0xc0000100, kMsrGsBase = 0xc0000101;

} // namespace

std::string LogEntry::text() const
{
	static const char *const names[] = {
	    "ram-write", "mmio-read",          "mmio-write",        "port-in",   "port-out",
	    "wrmsr",     "cr-write",           "dr-write",          "xcr-write", "event",
	    "intercept", "intercept-operands", "intercept-next-rip"};
	char buf[160];
	if (size > 8)
		snprintf(buf, sizeof(buf), "%s %#llx size %u value %016llx%016llx", names[kind],
		         (unsigned long long)addr, size, (unsigned long long)value_hi,
		         (unsigned long long)value);
	else
		snprintf(buf, sizeof(buf), "%s %#llx size %u value %#llx", names[kind],
		         (unsigned long long)addr, size, (unsigned long long)value);
	return buf;
}

Machine::Machine() : pages_(kRamHighEnd / kPageSize) {}

void Machine::reset(uint64_t seed)
{
	seed_ = seed;
	port_reads_ = 0;
	nested_ = 0;
	notes_ = {};
	for (Fragment &f : fragments_)
		f = Fragment{};
	nr_fragments_ = cur_fragment_ = 0;
	mmio_needed_ = mmio_is_write_ = read_completed_ = false;
	run_ = RunMmio{};
	for (uint64_t p : dirty_)
		spare_.push_back(std::move(pages_[p]));
	dirty_.clear();
	log_.clear();
	msrs_.assign(std::begin(kInitialMsrs), std::end(kInitialMsrs));
	remapped_.clear();
	system_writes_.clear();
}

void Machine::remap(uint64_t page, Region region)
{
	if (page < kRamHighEnd / kPageSize)
		remapped_.push_back({page, region});
}

Machine::Region Machine::region_of(uint64_t addr) const
{
	for (const auto &[page, region] : remapped_)
		if (addr / kPageSize == page)
			return region;
	if (addr < kRamLowEnd)
		return Region::Ram;
	if (addr < kMmioEnd)
		return Region::Mmio;
	if (addr < kRamHighEnd)
		return Region::Ram;
	return Region::None;
}

uint8_t Machine::pristine_byte(uint64_t addr) const
{
	return static_cast<uint8_t>(mix(seed_ ^ 0x52414d52414d5241ull, addr >> 3) >>
	                            (8 * (addr & 7)));
}

uint8_t Machine::mmio_byte(uint64_t addr) const
{
	return static_cast<uint8_t>(mix(seed_ ^ 0x4d4d494f4d4d494full, addr >> 3) >>
	                            (8 * (addr & 7)));
}

uint8_t Machine::ram_byte(uint64_t addr) const
{
	const auto &p = pages_[addr / kPageSize];
	return p ? (*p)[addr % kPageSize] : pristine_byte(addr);
}

Machine::Page &Machine::page_for_write(uint64_t page)
{
	auto &p = pages_[page];
	if (!p) {
		if (spare_.empty()) {
			p = std::make_unique<Page>();
		} else {
			p = std::move(spare_.back());
			spare_.pop_back();
		}
		fill_pristine(page, p->data());
		dirty_.push_back(page);
	}
	return *p;
}

// Both machines of a case materialize the same pages (the GDT's, the
// code's, the stack's): the last few pristine pages are kept for the second.
void Machine::fill_pristine(uint64_t page, uint8_t *out) const
{
	struct Cached {
		uint64_t seed, page;
		bool valid;
		uint8_t data[kPageSize];
	};
	static Cached cache[8];
	Cached &c = cache[page % 8];
	if (c.valid && c.seed == seed_ && c.page == page) {
		memcpy(out, c.data, kPageSize);
		return;
	}
	for (uint64_t i = 0; i < kPageSize; i += 8) {
		uint64_t v = mix(seed_ ^ 0x52414d52414d5241ull, (page * kPageSize + i) >> 3);
		memcpy(out + i, &v, 8);
	}
	memcpy(c.data, out, kPageSize);
	c.seed = seed_, c.page = page, c.valid = true;
}

void Machine::read_page(uint64_t page, uint8_t *out) const
{
	if (pages_[page])
		memcpy(out, pages_[page]->data(), kPageSize);
	else
		fill_pristine(page, out);
}

void Machine::poke(uint64_t addr, const void *data, size_t n)
{
	const uint8_t *b = static_cast<const uint8_t *>(data);
	for (size_t i = 0; i < n; i++, addr++)
		if (region_of(addr) == Region::Ram)
			page_for_write(addr / kPageSize)[addr % kPageSize] = b[i];
}

void Machine::preset_msr(uint32_t index, uint64_t value)
{
	for (auto &m : msrs_)
		if (m.first == index)
			m.second = value;
}

void Machine::log_data(LogEntry::Kind kind, uint64_t addr, const void *data, unsigned bytes)
{
	LogEntry e{kind, static_cast<uint8_t>(bytes), addr, 0, 0};
	memcpy(&e.value, data, bytes < 8 ? bytes : 8);
	if (bytes > 8)
		memcpy(&e.value_hi, static_cast<const uint8_t *>(data) + 8,
		       bytes - 8 < 8 ? bytes - 8 : 8);
	log_.push_back(e);
}

// One access within one page (x86.c: emulator_read_write_onepage and
// kvm_read_guest_virt_helper's per-page step).
int Machine::access_page(uint64_t addr, void *val, unsigned bytes, oracle_access kind,
                         oracle_fault *f, bool is_write)
{
	Region region = region_of(addr);
	// Without paging nothing page-faults: an address no memory backs has no
	// memslot, which x86.c treats as MMIO (an unreal-mode stack up high).
	if (region == Region::None && cpu && !(cpu->cr0 & kCr0Pg))
		region = Region::Mmio;
	switch (region) {
	case Region::None: {
		bool user = cpu && oracle_cpl(cpu) == 3 && kind != ORACLE_SYSTEM_READ &&
		            kind != ORACLE_SYSTEM_WRITE;
		*f = {};
		f->vector = 14;
		f->error_code_valid = 1;
		f->error_code = (is_write ? kPfWrite : 0) | (user ? kPfUser : 0) |
		                (kind == ORACLE_FETCH ? kPfFetch : 0);
		f->address = addr;
		return ORACLE_PROPAGATE_FAULT;
	}
	case Region::Mmio:
		// Only read/write_emulated reach devices; fetches and "std" accesses
		// read guest memory, which fails on an address without a memslot.
		if (!is_data_kind(kind)) {
			notes_.std_mmio |= kind != ORACLE_FETCH;
			return ORACLE_IO_NEEDED;
		}
		// No device in the kernel: userspace serves it after the pass.
		add_fragment(addr, static_cast<uint8_t *>(val), bytes, is_write);
		return ORACLE_CONTINUE;
	case Region::Ram:
		break;
	}
	if (is_write) {
		Page &p = page_for_write(addr / kPageSize);
		memcpy(&p[addr % kPageSize], val, bytes);
		log_data(LogEntry::RamWrite, addr, val, bytes);
	} else {
		uint8_t *b = static_cast<uint8_t *>(val);
		const auto &p = pages_[addr / kPageSize];
		if (p)
			memcpy(b, &(*p)[addr % kPageSize], bytes);
		else
			for (unsigned i = 0; i < bytes; i++)
				b[i] = pristine_byte(addr + i);
	}
	return ORACLE_CONTINUE;
}

// Whether [offset, offset + bytes) crosses 4 GiB in a segment whose upper
// bound is 4 GiB - 1 (limit, or a big expand-down segment), for some segment the linear address may
// have come from.  The host sees only linear addresses; generated segment bases are page aligned,
// so an unrelated segment rarely fits.
void Machine::note_access(uint64_t linear, unsigned bytes)
{
	if (!cpu || oracle_mode(cpu) == 4)
		return;
	for (int i = 0; i < 6; i++) {
		const oracle_seg &s = cpu->seg[i];
		bool expand_down = !(s.type & 8) && (s.type & 4);
		uint64_t upper = expand_down ? (s.db ? 0xffffffff : 0xffff) : s.limit;
		if (s.unusable || upper != 0xffffffff)
			continue;
		uint64_t offset = static_cast<uint32_t>(linear - s.base);
		if (offset + bytes > (1ull << 32))
			notes_.wrapped_4g = true;
	}
}

// x86.c splits accesses at page boundaries; a fault on the second page
// reports that page's first address.  Outside 64-bit mode the address of the
// second part wraps at 4 GiB (emulator_read_write).
int Machine::read(uint64_t linear, void *val, unsigned bytes, oracle_access kind, oracle_fault *f)
{
	if (kind == ORACLE_DATA_READ) {
		// read_prepare: the read that exited, run again, finds its data
		// where userspace put it, in the buffer it was first given.
		if (read_completed_) {
			read_completed_ = false;
			return ORACLE_CONTINUE;
		}
		forget_fragments();
	}
	note_access(linear, bytes);
	const unsigned requested = bytes;
	if (kind == ORACLE_SYSTEM_READ && cpu && bytes) {
		if (oracle_mode(cpu) != 4 && (linear >> 32))
			notes_.system_above_4g = true;
		const oracle_seg &tr = cpu->seg[ORACLE_TR];
		uint64_t offset = linear - tr.base;
		if (offset <= tr.limit && offset + bytes - 1 > tr.limit)
			notes_.tss_past_limit = true;
		for (const auto &[start, end] : system_writes_)
			if (linear < end && linear + bytes > start)
				notes_.system_reread = true;
	}
	uint8_t *b = static_cast<uint8_t *>(val);
	while (bytes) {
		unsigned now = static_cast<unsigned>(kPageSize - (linear % kPageSize));
		if (now > bytes)
			now = bytes;
		int rc = access_page(linear, b, now, kind, f, false);
		if (rc != ORACLE_CONTINUE)
			return rc;
		linear += now;
		if (cpu && oracle_mode(cpu) != 4)
			linear = static_cast<uint32_t>(linear);
		b += now;
		bytes -= now;
	}
	if (kind == ORACLE_DATA_READ && nr_fragments_) {
		fragments_waiting(false);
		return ORACLE_IO_NEEDED;
	}
	if (kind == ORACLE_SYSTEM_READ && requested == 8 && cpu && oracle_mode(cpu) == 4) {
		const uint8_t *desc = static_cast<uint8_t *>(val);
		const bool code = (desc[5] & 0x18) == 0x18; // S = 1, type bit 3
		if (code && !(desc[6] & 0x20))              // L = 0
			notes_.compat_code_descriptor = true;
	}
	return ORACLE_CONTINUE;
}

int Machine::write(uint64_t linear, const void *val, unsigned bytes, oracle_access kind,
                   oracle_fault *f)
{
	if (kind == ORACLE_DATA_WRITE)
		forget_fragments();
	if (kind == ORACLE_SYSTEM_WRITE)
		system_writes_.push_back({linear, linear + bytes});
	note_access(linear, bytes);
	const uint8_t *b = static_cast<const uint8_t *>(val);
	while (bytes) {
		unsigned now = static_cast<unsigned>(kPageSize - (linear % kPageSize));
		if (now > bytes)
			now = bytes;
		int rc = access_page(linear, const_cast<uint8_t *>(b), now, kind, f, true);
		if (rc != ORACLE_CONTINUE)
			return rc;
		linear += now;
		if (cpu && oracle_mode(cpu) != 4)
			linear = static_cast<uint32_t>(linear);
		b += now;
		bytes -= now;
	}
	if (kind == ORACLE_DATA_WRITE && nr_fragments_)
		fragments_waiting(true);
	return ORACLE_CONTINUE;
}

// ---- MMIO exits to userspace (x86.c) ------------------------------------------

// emulator_read_write_onepage: the part of an access that no in-kernel
// device serves.  Writes of up to 8 bytes are copied (frag->val), longer
// ones and reads keep the buffer; both emulators keep theirs across the
// exit, so copying is the same.
void Machine::add_fragment(uint64_t addr, uint8_t *data, unsigned bytes, bool is_write)
{
	if (nr_fragments_ >= kMaxFragments) // KVM WARNs; cannot happen within two pages
		return;
	Fragment &f = fragments_[nr_fragments_++];
	f.gpa = addr;
	f.len = bytes;
	f.done = 0;
	f.dest = is_write ? nullptr : data;
	f.written.assign(is_write ? data : nullptr, is_write ? data + bytes : nullptr);
}

// emulator_read_write's start: a write whose fragments still wait is lost.
void Machine::forget_fragments()
{
	notes_.mmio_write_dropped |= mmio_needed_ && mmio_is_write_ && nr_fragments_ > 0;
	nr_fragments_ = 0;
}

// emulator_read_write's end: the first exit's run->mmio.
void Machine::fragments_waiting(bool is_write)
{
	const Fragment &f = fragments_[0];
	mmio_needed_ = true;
	cur_fragment_ = 0;
	run_.gpa = f.gpa;
	run_.len = f.len < 8 ? f.len : 8;
	run_.is_write = mmio_is_write_ = is_write;
	if (is_write)
		memcpy(run_.data, f.written.data(), run_.len);
}

int Machine::mmio_waiting() const
{
	if (!mmio_needed_)
		return ORACLE_MMIO_NONE;
	return mmio_is_write_ ? ORACLE_MMIO_WRITE : ORACLE_MMIO_READ;
}

// Userspace performs run->mmio: the device sees the access.
void Machine::serve_run()
{
	if (run_.is_write) {
		log_data(LogEntry::MmioWrite, run_.gpa, run_.data, run_.len);
		return;
	}
	for (unsigned i = 0; i < run_.len; i++)
		run_.data[i] = mmio_byte(run_.gpa + i);
	log_data(LogEntry::MmioRead, run_.gpa, run_.data, run_.len);
}

// complete_emulated_mmio, exit after exit, 8 bytes at a time, over the
// fragments KVM still counts (an access made after a write forgot them).
void Machine::mmio_complete()
{
	while (mmio_needed_) {
		serve_run();
		Fragment &f = fragments_[cur_fragment_ < kMaxFragments ? cur_fragment_ : 0];
		unsigned len = f.len < 8 ? f.len : 8;
		if (!mmio_is_write_ && f.dest)
			memcpy(f.dest, run_.data, len);
		if (f.len <= 8) {
			cur_fragment_++;
		} else {
			if (f.dest)
				f.dest += len;
			f.done += len;
			f.gpa += len;
			f.len -= len;
		}
		if (cur_fragment_ >= nr_fragments_) {
			mmio_needed_ = false;
			read_completed_ = !mmio_is_write_;
			notes_.mmio_read_reentered |= read_completed_;
			return;
		}
		const Fragment &next = fragments_[cur_fragment_];
		run_.gpa = next.gpa;
		run_.len = next.len < 8 ? next.len : 8;
		if (mmio_is_write_)
			memcpy(run_.data, next.written.data() + next.done, run_.len);
	}
}

// x86.c after a pass that raised an exception: what waits is dropped.
void Machine::mmio_cancel()
{
	mmio_needed_ = false;
}

// x86.c: emulator_cmpxchg_emulated.  An atomic compare-exchange on RAM when
// the operand is 1/2/4/8 bytes within one page; otherwise (MMIO, unmapped,
// odd sizes, page-crossing) "emulating exchange as write".  A host without
// split-lock detection is modelled (the page, not the cache line, decides).
int Machine::cmpxchg(uint64_t linear, const void *old, const void *val, unsigned bytes,
                     oracle_fault *f)
{
	bool atomic = bytes <= 8 && (bytes & (bytes - 1)) == 0 &&
	              region_of(linear) == Region::Ram && (linear % kPageSize) + bytes <= kPageSize;
	if (!atomic)
		return write(linear, val, bytes, ORACLE_DATA_WRITE, f);
	Page &p = page_for_write(linear / kPageSize);
	if (memcmp(&p[linear % kPageSize], old, bytes) != 0)
		return ORACLE_CMPXCHG_FAILED;
	memcpy(&p[linear % kPageSize], val, bytes);
	log_data(LogEntry::RamWrite, linear, val, bytes);
	return ORACLE_CONTINUE;
}

// Every port is an in-kernel device: reads return a function of the port and
// of how many elements were read so far, so batching does not change values.
void Machine::pio_in(unsigned size, uint16_t port, void *val, unsigned count)
{
	uint8_t *b = static_cast<uint8_t *>(val);
	for (unsigned i = 0; i < count; i++, b += size) {
		uint64_t v = mix(seed_ ^ 0x504f5254ull ^ port, port_reads_++);
		memcpy(b, &v, size);
		log_data(LogEntry::PortIn, port, b, size);
	}
}

void Machine::pio_out(unsigned size, uint16_t port, const void *val, unsigned count)
{
	const uint8_t *b = static_cast<const uint8_t *>(val);
	for (unsigned i = 0; i < count; i++, b += size)
		log_data(LogEntry::PortOut, port, b, size);
}

int Machine::get_msr(oracle_cpu *c, uint32_t index, uint64_t *val)
{
	if (index == kMsrEfer) {
		*val = c->efer;
		return 0;
	}
	if (index == kMsrFsBase || index == kMsrGsBase) {
		*val = c->seg[index == kMsrFsBase ? ORACLE_FS : ORACLE_GS].base;
		return 0;
	}
	for (const auto &m : msrs_)
		if (m.first == index) {
			*val = m.second;
			return 0;
		}
	*val = 0;
	return 1;
}

int Machine::set_msr(oracle_cpu *c, uint32_t index, uint64_t val)
{
	LogEntry e{LogEntry::MsrWrite, 8, index, val, 0};
	int r = 1;
	if (index == kMsrEfer) {
		// x86.c set_efer(): reserved bits, and LME cannot change under paging;
		// LMA is not writable.
		constexpr uint64_t kValid = 1u << 0 | 1u << 8 | 1u << 10 | 1u << 11;
		bool lme_change = ((c->efer ^ val) & (1u << 8)) != 0;
		if (!(val & ~kValid) && !(lme_change && (c->cr0 & 0x80000000u))) {
			c->efer = (val & ~(1ull << 10)) | (c->efer & (1ull << 10));
			r = 0;
		}
	} else if (index == kMsrFsBase || index == kMsrGsBase) {
		if (val == static_cast<uint64_t>(static_cast<int64_t>(val << 16) >> 16)) {
			c->seg[index == kMsrFsBase ? ORACLE_FS : ORACLE_GS].base = val;
			r = 0;
		}
	} else {
		for (auto &m : msrs_)
			if (m.first == index) {
				m.second = val;
				r = 0;
			}
	}
	if (r == 0)
		log_.push_back(e);
	return r;
}

// x86.c: kvm_set_cr0/3/4/8 on mk_cr_64() of the emulator's value.
int Machine::set_cr(oracle_cpu *c, int cr, uint64_t val)
{
	constexpr uint64_t kPE = 1, kET = 1 << 4, kNW = 1u << 29, kCD = 1u << 30, kPG = 1u << 31;
	constexpr uint64_t kCr0Valid = 0xe005003f;
	constexpr uint64_t kCr4Valid = 0x007ff | 1u << 11 | 1u << 16 | 1u << 18; // + UMIP
	bool long_mode = c->efer & (1u << 10);
	switch (cr) {
	case 0: {
		uint64_t v = ((c->cr0 & ~0xffffffffull) | val) | kET;
		if (v >> 32)
			return 1;
		v &= kCr0Valid;
		if ((v & kNW) && !(v & kCD))
			return 1;
		if ((v & kPG) && !(v & kPE))
			return 1;
		if (!(c->cr0 & kPG) && (v & kPG) && (c->efer & (1u << 8)) &&
		    (!(c->cr4 & 0x20) || c->seg[ORACLE_CS].l))
			return 1;
		if (!(v & kPG) && long_mode)
			return 1;
		c->cr0 = v;
		break;
	}
	case 2:
		c->cr2 = val;
		break;
	case 3:
		if (long_mode && (val >> 52))
			return 1;
		c->cr3 = val;
		break;
	case 4: {
		uint64_t v = (c->cr4 & ~0xffffffffull) | val;
		if (v & ~kCr4Valid)
			return 1;
		if (long_mode && !(v & 0x20))
			return 1;
		c->cr4 = v;
		break;
	}
	case 8:
		if (val & ~0xfull)
			return 1;
		c->cr8 = val;
		break;
	default:
		return 1;
	}
	log_.push_back({LogEntry::CrWrite, 8, static_cast<uint64_t>(cr), val, 0});
	return 0;
}

// x86.c: kvm_set_dr(); DR4/DR5 alias DR6/DR7.
int Machine::set_dr(oracle_cpu *c, int dr, uint64_t val)
{
	int i = oracle_dr_index(dr);
	if (i >= 6 && (val >> 32))
		return 1;
	if (i == 6)
		val = (val & 0x0001e80f) | 0xffff0ff0;
	else if (i == 7)
		val = (val & 0xffff2bff) | 0x400;
	c->dr[i] = val;
	// DR4/DR5 are logged as the DR6/DR7 they write (an emulator may name either)
	log_.push_back({LogEntry::DrWrite, 8, static_cast<uint64_t>(i), val, 0});
	return 0;
}

// x86.c: __kvm_set_xcr() for a guest with x87, SSE and AVX state.
int Machine::set_xcr(oracle_cpu *c, uint32_t index, uint64_t val)
{
	if (index != 0 || (val & ~7ull) || !(val & 1) || (val & 6) == 4)
		return 1;
	c->xcr0 = val;
	log_.push_back({LogEntry::XcrWrite, 8, index, val, 0});
	return 0;
}

// x86.c: kvm_pmu_rdpmc() on an Intel vPMU with 4 general-purpose and 3
// fixed 48-bit counters: ECX[31:16] is the type (0 or 0x4000, fixed),
// ECX[15:0] the counter; anything else (fast mode, bit 31) is #GP(0), and so
// is CPL > 0 in protected mode without CR4.PCE.  VMware's pseudo-PMCs
// (host TSC, real and apparent time: 0x10000-0x10002) come first, at any
// CPL (kvm_pmu_rdpmc_vmware).
int Machine::read_pmc(oracle_cpu *c, uint32_t index, uint64_t *val)
{
	const uint32_t type = index >> 16, n = index & 0xffff;
	*val = 0;
	if (type == 1 && n < 3) {
		*val = mix(seed_ ^ 0x564d5868ull, index);
		return 0;
	}
	if (!((type == 0 && n < 4) || (type == 0x4000 && n < 3)))
		return 1;
	if (!(c->cr4 & (1u << 8)) && oracle_cpl(c) != 0 && (c->cr0 & 1))
		return 1;
	*val = mix(seed_ ^ 0x504d43504d43ull, index) & ((1ull << 48) - 1);
	return 0;
}

// A fixed "GenuineIntel" CPU with the features the emulators check.
bool Machine::cpuid(uint32_t *eax, uint32_t *ebx, uint32_t *ecx, uint32_t *edx, bool exact_only)
{
	uint32_t leaf = *eax, sub = *ecx, a = 0, b = 0, c = 0, d = 0;
	bool found = true;
	(void)exact_only;
	switch (leaf) {
	case 0: // GenuineIntel or AuthenticAMD
		a = 0xd, b = 0x756e6547, d = 0x49656e69, c = 0x6c65746e;
		if (amd_)
			b = 0x68747541, d = 0x69746e65, c = 0x444d4163;
		break;
	case 1:
		a = 0x000906ea, b = 0x00010800;
		c = 1u << 0 | 1u << 9 | 1u << 13 | 1u << 19 | 1u << 20 | 1u << 22 | 1u << 23 |
		    1u << 26;
		d = 0x178bfbff;
		break;
	case 7:
		if (sub == 0)
			b = 1u << 3 | 1u << 8 | 1u << 9, c = 1u << 2 | 1u << 22; // UMIP, RDPID
		break;
	case 0x80000000:
		a = 0x80000008;
		break;
	case 0x80000001:
		c = 1u << 0 | 1u << 5, d = 1u << 11 | 1u << 20 | 1u << 27 | 1u << 29;
		break;
	case 0x80000008:
		a = 0x3030;
		break;
	default:
		found = false;
	}
	*eax = a, *ebx = b, *ecx = c, *edx = d;
	return found;
}

void Machine::event(oracle_event ev, uint64_t arg)
{
	log_.push_back({LogEntry::Event, 0, static_cast<uint64_t>(ev), arg, 0});
}

namespace {

// The enum x86_intercept values L1's checks look into (by name: the values
// are the kernel's).
struct L1Intercepts {
	unsigned in, ins, out, outs, cr_read, cr_write, dr_read, dr_write;
	L1Intercepts()
	{
		const struct {
			const char *name;
			unsigned *value;
		} names[] = {
		    {"x86_intercept_in", &in},           {"x86_intercept_ins", &ins},
		    {"x86_intercept_out", &out},         {"x86_intercept_outs", &outs},
		    {"x86_intercept_cr_read", &cr_read}, {"x86_intercept_cr_write", &cr_write},
		    {"x86_intercept_dr_read", &dr_read}, {"x86_intercept_dr_write", &dr_write}};
		for (const auto &n : names) {
			*n.value = ~0u;
			for (unsigned i = 1; i < 256; i++)
				if (kvm_intercept_name(i) && !strcmp(kvm_intercept_name(i), n.name))
					*n.value = i;
		}
	}
};

} // namespace

// L1's intercept check (kvm_x86_ops.check_intercept) as the case scripts it:
// two bits per stage (TestCase::nested) say go on, intercept, fail the
// emulation, or inject an exception in L2 (bit 6: #GP(0), else #UD, as
// vmx_check_intercept does for an instruction L1 did not enable).  What the
// check saw is logged as svm_check_intercept and vmx_check_intercept read it,
// so both emulators must ask the same at each stage: the intercept, the REP
// prefix, ModRM.reg of a CR/DR access, the port, size and address size of
// port I/O, the value of a CR write, and next_rip (on its own: see the
// deviations).  The rest of struct x86_instruction_info is read by neither
// (and KVM leaves stale operands there: init_decode_cache does not clear them).
int Machine::intercept(const oracle_intercept_info *info, int stage, oracle_fault *f)
{
	static const L1Intercepts k;
	const unsigned i = info->intercept;
	const bool cr_dr = i == k.cr_read || i == k.cr_write || i == k.dr_read || i == k.dr_write;
	const bool port_in = i == k.in || i == k.ins, port_out = i == k.out || i == k.outs;
	uint64_t seen = info->rep_prefix, operand = 0;
	if (cr_dr)
		seen |= uint64_t(info->modrm_reg) << 8;
	if (port_in || port_out) {
		const unsigned size = port_in ? info->dst_bytes : info->src_bytes;
		seen |= uint64_t(size < 4 ? size : 4) << 16 | uint64_t(info->ad_bytes) << 24;
		operand = (port_in ? info->src_val : info->dst_val) & 0xffff;
	}
	if (i == k.cr_write)
		operand = info->src_val;
	const uint64_t at = i | static_cast<uint64_t>(stage) << 8;
	log_.push_back({LogEntry::Intercept, 0, at, seen, 0});
	log_.push_back({LogEntry::InterceptOperands, 8, at, operand, 0});
	log_.push_back({LogEntry::InterceptNextRip, 8, at, info->next_rip, 0});
	switch ((nested_ >> (2 * (stage % 3))) & 3) {
	case 1:
		return ORACLE_INTERCEPTED;
	case 2:
		*f = {};
		f->vector = nested_ & 0x40 ? 13 : 6;
		f->error_code_valid = f->vector == 13;
		return ORACLE_PROPAGATE_FAULT;
	case 3:
		return ORACLE_UNHANDLEABLE;
	default:
		return ORACLE_CONTINUE;
	}
}

// ---- the host table -----------------------------------------------------------

namespace {

Machine &M(void *h)
{
	return *static_cast<Machine *>(h);
}

} // namespace

// RSM's state save area, as the case names it (TestCase::smm): bits 0-2 the
// mode it returns to (0: a state that cannot be restored, 1 real, 2 16-bit,
// 3 32-bit, 4 64-bit, 5 virtual-8086, 6 compatibility mode, 7 32-bit with
// paging), the rest the low byte of its RIP and RAX.  What smm.c's
// rsm_load_state_32/64 load: CR0, EFER, the segments, RFLAGS, RIP, GPRs.
int Machine::leave_smm(oracle_cpu *c)
{
	const unsigned mode = smm_ & 7;
	if (mode == 0)
		return 1;
	constexpr uint64_t kPE = 1, kPG = 1ull << 31, kLME = 1u << 8, kLMA = 1u << 10;
	const bool ia32e = mode == 4 || mode == 6;
	c->cr0 = (c->cr0 & ~(kPE | kPG)) | (mode == 1 ? 0 : kPE) | (ia32e || mode == 7 ? kPG : 0);
	c->cr4 = ia32e ? c->cr4 | 0x20 : c->cr4; // PAE
	c->efer = (c->efer & ~(kLME | kLMA)) | (ia32e ? kLME | kLMA : 0);
	c->rflags = 0x2 | (mode == 5 ? 1u << 17 : 0);
	c->rip = 0x1000 | (smm_ & 0xf8);
	c->gpr[0] = 0x5a5a0000u | smm_;
	oracle_seg &cs = c->seg[ORACLE_CS];
	cs.sel = mode == 1 || mode == 5 ? 0x100 : mode == 4 ? 0x18 : 0x08;
	cs.base = mode == 1 || mode == 5 ? 0x1000 : 0;
	cs.limit = mode == 1 || mode == 5 || mode == 2 ? 0xffff : 0xffffffff;
	cs.g = cs.limit > 0xffff;
	cs.type = 0xb;
	cs.s = 1;
	cs.present = 1;
	cs.unusable = 0;
	cs.dpl = mode == 5 ? 3 : 0;
	cs.l = mode == 4;
	cs.db = mode == 3 || mode == 6 || mode == 7;
	smm_ = 0;
	return 0;
}

const oracle_host Machine::host_ops = {
    .read = [](void *h, uint64_t a, void *v, unsigned n, oracle_access k,
               oracle_fault *f) { return M(h).read(a, v, n, k, f); },
    .write = [](void *h, uint64_t a, const void *v, unsigned n, oracle_access k,
                oracle_fault *f) { return M(h).write(a, v, n, k, f); },
    .cmpxchg = [](void *h, uint64_t a, const void *o, const void *v, unsigned n,
                  oracle_fault *f) { return M(h).cmpxchg(a, o, v, n, f); },
    .pio_in = [](void *h, unsigned s, uint16_t p, void *v, unsigned c) { M(h).pio_in(s, p, v, c); },
    .pio_out = [](void *h, unsigned s, uint16_t p, const void *v,
                  unsigned c) { M(h).pio_out(s, p, v, c); },
    .get_msr = [](void *h, oracle_cpu *c, uint32_t i,
                  uint64_t *v) { return M(h).get_msr(c, i, v); },
    .set_msr = [](void *h, oracle_cpu *c, uint32_t i, uint64_t v) { return M(h).set_msr(c, i, v); },
    .set_cr = [](void *h, oracle_cpu *c, int cr, uint64_t v) { return M(h).set_cr(c, cr, v); },
    .set_dr = [](void *h, oracle_cpu *c, int dr, uint64_t v) { return M(h).set_dr(c, dr, v); },
    .set_xcr = [](void *h, oracle_cpu *c, uint32_t i, uint64_t v) { return M(h).set_xcr(c, i, v); },
    .read_pmc = [](void *h, oracle_cpu *c, uint32_t i,
                   uint64_t *v) { return M(h).read_pmc(c, i, v); },
    .cpuid = [](void *h, uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d,
                bool exact) { return M(h).cpuid(a, b, c, d, exact); },
    .event = [](void *h, oracle_event ev, uint64_t arg) { M(h).event(ev, arg); },
    .mmio_waiting = [](void *h) { return M(h).mmio_waiting(); },
    .mmio_complete = [](void *h) { M(h).mmio_complete(); },
    .mmio_cancel = [](void *h) { M(h).mmio_cancel(); },
    .guest_mode = [](void *h) { return M(h).guest_mode(); },
    .intercept = [](void *h, const oracle_intercept_info *i, int stage,
                    oracle_fault *f) { return M(h).intercept(i, stage, f); },
    .in_smm = [](void *h) { return M(h).in_smm(); },
    .leave_smm = [](void *h, oracle_cpu *c) { return M(h).leave_smm(c); },
};

} // namespace oracle
