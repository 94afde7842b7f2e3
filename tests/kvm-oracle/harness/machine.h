// The guest machine both emulators run against: the "x86.c" side of the
// oracle.  Guest-physical memory is a RAM window whose bytes are a
// deterministic function of (case seed, address) until written, and an MMIO
// window whose reads return a deterministic function of the address and
// whose accesses are logged; ports, MSRs, CPUID and system registers behave
// like in-kernel KVM devices.  Linear addresses are physical (no paging).
#pragma once

#include "oracle_abi.h"

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace oracle {

// Guest-physical layout, page aligned; everything else is not present (#PF).
inline constexpr uint64_t kRamLowEnd = 0xa0000; // RAM [0, 0xa0000)
inline constexpr uint64_t kMmioBase = 0xa0000;  // MMIO [0xa0000, 0xc0000)
inline constexpr uint64_t kMmioEnd = 0xc0000;
inline constexpr uint64_t kRamHighEnd = 0x200000; // RAM [0xc0000, 0x200000)
inline constexpr uint64_t kPageSize = 0x1000;

// One logged side effect.  RAM writes are logged for printing only: RAM is
// compared by content (the emulators may legitimately split a write).
struct LogEntry {
	enum Kind : uint8_t {
		RamWrite,
		MmioRead,
		MmioWrite,
		PortIn,
		PortOut,
		MsrWrite,
		CrWrite,
		DrWrite,
		XcrWrite,
		Event,
		Intercept,         // addr: intercept | stage << 8; value: what L1 reads
		InterceptOperands, // addr as Intercept; value: the port or the CR value
		InterceptNextRip,  // addr as Intercept; value: next_rip
	};
	Kind kind;
	uint8_t size;
	uint64_t addr;     // address, port, MSR/CR/DR index, event number
	uint64_t value;    // the first 8 bytes of the data
	uint64_t value_hi; // bytes 8..15 (16-byte SSE accesses)
	bool operator==(const LogEntry &) const = default;
	std::string text() const;
};

// What the host saw during a case that deviations can select on (the
// emulator's own view never shows it).
struct HostNotes {
	// an access whose offset range crosses 4 GiB in a segment with a 4 GiB
	// limit (see Machine::note_access)
	bool wrapped_4g = false;
	// a supervisor read of the TSS that starts within TR.limit and ends past
	// it (the I/O permission bitmap's second byte)
	bool tss_past_limit = false;
	// a "std" access (read_std/write_std, at the guest's privilege or as a
	// system access) reached MMIO, which x86.c cannot complete
	// (X86EMUL_IO_NEEDED)
	bool std_mmio = false;
	// an emulated access began while a write's MMIO fragments still waited
	// for userspace (emulator_read_write forgets them)
	bool mmio_write_dropped = false;
	// a pass ran again after userspace answered an MMIO read (NO_DECODE)
	bool mmio_read_reentered = false;
	// a system read (a TSS) covered bytes a system write of the same step
	// wrote: a task switch whose new TSS overlaps the old one's saved state
	bool system_reread = false;
	// the task switch's new TSS descriptor is a 16-bit TSS (no FS, GS, CR3)
	bool task_to_tss16 = false;
	// its selector names no TSS of the kind the reason needs (the GDT; busy
	// for IRET, available otherwise)
	bool task_to_not_tss = false;
	// a system read (the TSS) at a linear address at or above 4 GiB outside
	// 64-bit mode: TR.base + offset not wrapped to 32 bits
	bool system_above_4g = false;
	// in 64-bit mode, a system read of a descriptor (8 bytes) found a code
	// segment that is not 64-bit code: a far transfer's target in
	// compatibility mode
	bool compat_code_descriptor = false;
};

class Machine {
public:
	Machine();
	// A fresh machine for a case: pristine memory and devices, empty log.
	void reset(uint64_t seed);
	// Write bytes into RAM before the run (the instruction, descriptors).
	void poke(uint64_t addr, const void *data, size_t n);
	// Set an MSR of the table before the run (not logged).
	void preset_msr(uint32_t index, uint64_t value);
	uint8_t ram_byte(uint64_t addr) const;
	// The pristine content of a RAM byte (before any write).
	uint8_t pristine_byte(uint64_t addr) const;

	const std::vector<LogEntry> &log() const { return log_; }
	// Pages written during the case (page numbers), for content comparison.
	const std::vector<uint64_t> &dirty_pages() const { return dirty_; }
	// The current content of a RAM page (written or pristine) into out.
	void read_page(uint64_t page, uint8_t *out) const;
	// The written copy of a page, or nullptr while it is pristine.
	const uint8_t *written_page(uint64_t page) const
	{
		return pages_[page] ? pages_[page]->data() : nullptr;
	}

	static const oracle_host host_ops;

	// host operations (see oracle_host)
	int read(uint64_t linear, void *val, unsigned bytes, oracle_access kind, oracle_fault *f);
	int write(uint64_t linear, const void *val, unsigned bytes, oracle_access kind,
	          oracle_fault *f);
	int cmpxchg(uint64_t linear, const void *old, const void *val, unsigned bytes,
	            oracle_fault *f);
	void pio_in(unsigned size, uint16_t port, void *val, unsigned count);
	void pio_out(unsigned size, uint16_t port, const void *val, unsigned count);
	int get_msr(oracle_cpu *cpu, uint32_t index, uint64_t *val);
	int set_msr(oracle_cpu *cpu, uint32_t index, uint64_t val);
	int set_cr(oracle_cpu *cpu, int cr, uint64_t val);
	int set_dr(oracle_cpu *cpu, int dr, uint64_t val);
	int set_xcr(oracle_cpu *cpu, uint32_t index, uint64_t val);
	int read_pmc(oracle_cpu *cpu, uint32_t index, uint64_t *val);
	bool cpuid(uint32_t *eax, uint32_t *ebx, uint32_t *ecx, uint32_t *edx, bool exact_only);
	void event(oracle_event ev, uint64_t arg);
	int mmio_waiting() const;
	void mmio_complete();
	void mmio_cancel();
	bool guest_mode() const { return nested_ != 0; }
	int intercept(const oracle_intercept_info *info, int stage, oracle_fault *f);

	// A nested guest until the next reset: L1's answer to each intercept
	// check by stage (TestCase::nested; 0: not nested).
	void set_nested(uint8_t script) { nested_ = script; }
	// SMM (TestCase::smm): in it when nonzero; RSM restores the state it names.
	void set_smm(uint8_t state) { smm_ = state; }
	// The guest's CPUID vendor: Intel's, or AMD's (TestCase::amd).
	void set_amd(bool amd) { amd_ = amd; }
	bool in_smm() const { return smm_ != 0; }
	int leave_smm(oracle_cpu *c);

	const HostNotes &notes() const { return notes_; }
	void note_task_to_tss16() { notes_.task_to_tss16 = true; }
	void note_task_to_not_tss() { notes_.task_to_not_tss = true; }

	// A page of [0, kRamHighEnd) mapped unlike the fixed layout, until the
	// next reset (the differential fuzzer varies the layout this way).
	enum class Region { Ram, Mmio, None };
	void remap(uint64_t page, Region region);

	// The CPU of the step in progress (for the CPL and the mode).
	const oracle_cpu *cpu = nullptr;

private:
	using Page = std::array<uint8_t, kPageSize>;
	Region region_of(uint64_t addr) const;
	Page &page_for_write(uint64_t page);
	void fill_pristine(uint64_t page, uint8_t *out) const;
	int access_page(uint64_t addr, void *val, unsigned bytes, oracle_access kind,
	                oracle_fault *f, bool is_write);
	void log_data(LogEntry::Kind kind, uint64_t addr, const void *data, unsigned bytes);
	uint8_t mmio_byte(uint64_t addr) const;
	void note_access(uint64_t linear, unsigned bytes);

	// x86.c's MMIO exit state (struct kvm_vcpu: mmio_fragments[],
	// mmio_nr_fragments, mmio_needed, mmio_is_write, mmio_read_completed,
	// and run->mmio).  Every emulated access starts by forgetting the
	// fragments of the one before (emulator_read_write); the array keeps
	// its stale entries, as KVM's does.
	struct Fragment {
		uint64_t gpa = 0;
		unsigned len = 0;
		uint8_t *dest = nullptr;      // a read's buffer, filled by userspace
		std::vector<uint8_t> written; // a write's data, from the access
		unsigned done = 0;            // bytes of it already sent
	};
	struct RunMmio {
		uint64_t gpa = 0;
		unsigned len = 0;
		uint8_t data[8] = {};
		bool is_write = false;
	};
	static constexpr unsigned kMaxFragments = 2;
	Fragment fragments_[kMaxFragments];
	unsigned nr_fragments_ = 0, cur_fragment_ = 0;
	bool mmio_needed_ = false, mmio_is_write_ = false, read_completed_ = false;
	RunMmio run_;
	void add_fragment(uint64_t addr, uint8_t *data, unsigned bytes, bool is_write);
	void forget_fragments();
	void fragments_waiting(bool is_write);
	void serve_run();

	uint64_t seed_ = 0;
	uint64_t port_reads_ = 0;
	uint8_t nested_ = 0;
	uint8_t smm_ = 0;
	bool amd_ = false;
	HostNotes notes_;
	std::vector<std::unique_ptr<Page>> pages_; // by page number, written pages only
	std::vector<std::unique_ptr<Page>> spare_; // recycled pages
	std::vector<uint64_t> dirty_;
	std::vector<LogEntry> log_;
	std::vector<std::pair<uint32_t, uint64_t>> msrs_;
	std::vector<std::pair<uint64_t, Region>> remapped_;        // page number, region
	std::vector<std::pair<uint64_t, uint64_t>> system_writes_; // [start, end)
};

} // namespace oracle
