// Comparing the outcomes of the two emulators, field by field, and the
// class each case falls into.
#pragma once

#include "machine.h"
#include "oracle_abi.h"
#include "testcase.h"
#include "undefined_flags.h"

#include <cstdint>
#include <string>

namespace oracle {

// What one emulator did: its exit and the CPU state after it.  The memory
// and the log are in the Machine it ran against.
struct RunResult {
	oracle_exit exit{};
	oracle_cpu cpu{};
};

// Fields that can differ, as bits.
enum Field : uint32_t {
	kFieldStatus = 1u << 0, // outcome kind (ok / fault / refused / intercepted)
	kFieldFault = 1u << 1,  // vector, error code, CR2
	kFieldGpr = 1u << 2,
	kFieldRip = 1u << 3,
	kFieldRflags = 1u << 4,
	kFieldSegments = 1u << 5,
	kFieldTables = 1u << 6, // GDTR/IDTR
	kFieldCr = 1u << 7,     // CR0/2/3/4/8, EFER, XCR0
	kFieldDr = 1u << 8,
	kFieldShadow = 1u << 9,   // interrupt shadow, NMI mask
	kFieldFpu = 1u << 10,     // x87/MMX/SSE registers
	kFieldRam = 1u << 11,     // RAM contents
	kFieldMmio = 1u << 12,    // ordered MMIO accesses
	kFieldPorts = 1u << 13,   // ordered port accesses
	kFieldSystem = 1u << 14,  // MSR/CR/DR/XCR writes and events, in order
	kFieldGprHigh = 1u << 15, // only bits 63:32 of GPRs, outside 64-bit mode (undefined there)
	kFieldIntercept = 1u << 16,    // nested guests: the intercept checks made, in order
	kFieldInterceptRip = 1u << 17, // the next_rip those checks saw
	kFieldCount = 18,
};
const char *field_name(unsigned bit);
uint32_t field_mask(const std::string &comma_list); // "gpr,rflags" -> bits; "*" -> all

struct Diff {
	uint32_t fields = 0;
	uint64_t rflags_xor = 0;
	// kemu's MMIO log is KVM's with MMIO reads added (no access missing,
	// no write different)
	bool mmio_extra_reads_only = false;
	// every MMIO byte KVM's writes left, kemu's left too, with the same value
	bool mmio_kvm_writes_kept = false;
	bool empty() const { return fields == 0; }
};

Diff compare(int mode, const RunResult &kvm, const Machine &kvm_machine, const RunResult &kemu,
             const Machine &kemu_machine);
// The differences as text, one line each.
std::string describe_diff(const RunResult &kvm, const Machine &kvm_machine, const RunResult &kemu,
                          const Machine &kemu_machine);

enum Class : uint8_t {
	kMatch,      // both emulated, identical outcome
	kSameFault,  // both raised the same exception, identical state
	kUndefFlags, // differ only in flags the SDM leaves undefined
	kDeviation,  // differ as a listed deviation says
	kMismatch,   // differ: a failure
	kKemuGap,    // KVM emulated (or faulted), kemu refused
	kBeyondKvm,  // KVM refused, kemu executed it (retired, or faulted while executing)
	kKemuRaises, // KVM refused, kemu raised #UD or faulted fetching it (neither executes it)
	kBothRefuse, // neither emulated
	kClassCount,
};
const char *class_name(unsigned c);

// Class before deviations are applied (a mismatch may still be a deviation).
Class classify(const RunResult &kvm, const RunResult &kemu, const Diff &diff,
               const UndefinedFlags &undef);

const char *outcome_name(int outcome);
// A short form of an exit: "ok", "refused", "#UD", "#GP(0)", "#PF(2)".
std::string short_exit(const oracle_exit &e);
// What kind of mismatch: "#PF(2) vs #PF(0)", "ok vs ok: gpr,rflags".
std::string mismatch_signature(const RunResult &kvm, const RunResult &kemu, const Diff &diff);
std::string describe_exit(const oracle_exit &e);
// One backend's run, for a person: "WHO: exit", the final state, the host log.
std::string describe_run(const char *who, const RunResult &r, const Machine &m);

} // namespace oracle
