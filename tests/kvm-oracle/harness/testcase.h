// One oracle test case: a CPU state, the instruction bytes at CS:RIP and
// the seed of the guest memory; everything else follows from the seed.
#pragma once

#include "machine.h"
#include "oracle_abi.h"

#include <cstdint>
#include <string>

namespace oracle {

enum class Origin : uint8_t { Sweep, Random };

// What x86.c asks of the emulator: the instruction at CS:RIP (every generated
// case), or an event it emulates without one (the differential fuzzer's).
enum class Event : uint8_t { Instruction, TaskSwitch, RealInterrupt };

struct TestCase {
	uint64_t index = 0;
	uint64_t seed = 0; // memory and device contents
	Origin origin = Origin::Sweep;
	int mode = 0; // enum kemu_mode / x86emul_mode
	oracle_cpu cpu{};
	uint8_t code[16] = {};
	uint64_t code_addr = 0; // linear address of code[0] (CS.base + RIP)
	// Host state outside the CPU: MSR_MISC_FEATURES_ENABLES (bit 0: CPUID
	// faulting), and whether the TSS at TR.base gets an I/O permission bitmap
	// at iomap_offset (kIomapBytes bytes, a function of the seed) and that
	// offset at TR.base + 102; without one, both are random memory.
	uint64_t misc_features = 0;
	bool iomap = false;
	uint16_t iomap_offset = 0;
	uint8_t iomap_bytes[0x101] = {};
	// kvm.ko's enable_vmware_backdoor, for both emulators: the backdoor's
	// ports pass the I/O bitmap, its pseudo-PMCs RDPMC's CPL check.
	bool vmware_backdoor = false;
	// A nested guest (x86.c's is_guest_mode): 0 not; else bit 7 set and L1's
	// answer to each intercept check, two bits per stage (PRE_EXCEPT,
	// POST_EXCEPT, POST_MEMACCESS): 0 go on, 1 intercepted, 2 an exception
	// in L2 (bit 6: #GP(0), else #UD), 3 emulation failure (Machine::intercept).
	uint8_t nested = 0;
	// System-management mode: 0 not in SMM; else RSM restores the state
	// Machine::leave_smm makes of it (the differential fuzzer's).
	uint8_t smm = 0;
	// The guest's CPUID vendor is AMD's rather than Intel's.
	bool amd = false;
	// Pages of the guest-physical layout mapped otherwise (Machine::remap):
	// the generator leaves the layout fixed, the differential fuzzer varies it.
	static constexpr unsigned kMaxRemaps = 4;
	unsigned remaps = 0;
	uint16_t remap_page[kMaxRemaps] = {};
	Machine::Region remap_region[kMaxRemaps] = {};
	// GDT entries written over the fixed table (load()): the differential
	// fuzzer's descriptors (gates, TSSs, segments of any type).
	static constexpr unsigned kMaxGdtWrites = 4;
	unsigned gdt_writes = 0;
	uint8_t gdt_index[kMaxGdtWrites] = {};
	uint64_t gdt_value[kMaxGdtWrites] = {};
	// Eight-byte values written into RAM before the run (the differential
	// fuzzer's TSS contents, vector tables, stacks), after the GDT entries.
	static constexpr unsigned kMaxRamWrites = 8;
	unsigned ram_writes = 0;
	uint32_t ram_addr[kMaxRamWrites] = {};
	uint64_t ram_value[kMaxRamWrites] = {};
	// MSR values other than the host's initial ones (Machine::preset_msr):
	// the differential fuzzer's SYSENTER, SYSCALL and TSC_AUX values.
	static constexpr unsigned kMaxMsrWrites = 4;
	unsigned msr_writes = 0;
	uint32_t msr_index[kMaxMsrWrites] = {};
	uint64_t msr_value[kMaxMsrWrites] = {};
	// The event and its arguments: kvm_task_switch(tss_selector, idt_index,
	// reason, has_error_code, error_code), kvm_inject_realmode_interrupt(
	// vector, inc_eip).
	Event event = Event::Instruction;
	uint16_t tss_selector = 0;
	int idt_index = -1;
	int reason = 0;
	bool has_error_code = false;
	uint32_t error_code = 0;
	uint8_t vector = 0, inc_eip = 0;
};

// The I/O permission bitmap: ports 0..0x7ff and the byte after them (the
// SDM's all-ones byte, not always all ones here).
inline constexpr unsigned kIomapBytes = 0x101;
// A TSS with such a bitmap at offset 0x68 ends at this limit.
inline constexpr uint32_t kTssIomapLimit = 0x68 + kIomapBytes - 1;

// Fixed guest tables every case shares (the GDT's first descriptors).
inline constexpr uint64_t kGdtBase = 0x800;
inline constexpr uint16_t kGdtLimit = 0xff;
inline constexpr uint64_t kIdtBase = 0x2000;
inline constexpr uint64_t kTssBase = 0x900; // in the GDT's page: one page fewer to copy

// Prepare a machine for the case: reset it and place the code, the GDT, the
// TSS's I/O bitmap and the MSRs that vary.
void load(Machine &m, const TestCase &tc);

const char *mode_name(int mode);
std::string hex_bytes(const uint8_t *b, unsigned n);
std::string describe_state(const oracle_cpu &cpu);

} // namespace oracle
