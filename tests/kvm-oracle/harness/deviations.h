// The documented deviations between kemu and KVM (deviations.txt; why each
// exists is in DEVIATIONS.md).  A line is
//     <id> <class> key=value ...
// class: mismatch (a MISMATCH whose differing fields the selecting entries
//                  allow, together, is counted as a deviation),
//        beyond   (kemu emulates what KVM refuses),
//        gap      (kemu refuses on purpose what KVM emulates).
// keys (all given must hold):
//     event=task-switch|real-interrupt   an event x86.c emulates without an
//                               instruction (only the differential fuzzer makes
//                               them: such an entry is not required to occur in
//                               the oracle's run); without it, an instruction
//     leaf=MAP:OP[,MAP:OP...]   KVM's decode entry, e.g. 0F:BC, 1B:F7
//     reg=N[,N...]              ModRM.reg of the instruction is one of these
//     modrm=mem|reg             the ModRM operand is memory / a register
//     mode=real,prot16,...      one of these modes
//     prefix=F3[,66...]         every listed prefix is present (48 = REX.W, 44 = REX.R,
//                               42 = REX.X, 41 = REX.B)
//     anyprefix=66,F2,F3        at least one of them is present
//     noprefix=66[,...]         none of them is present
//     lastseg=es,cs,ss,ds       the last segment-override prefix is one of these
//     anyseg=fs,gs              some segment-override prefix is one of these
//     noseg=fs,gs               no segment-override prefix is one of these
//     kvm=ok|fault|unhandleable|other|fault:N   KVM's outcome
//     kemu=...                  kemu's outcome
//     fields=gpr,rflags,...|*   the differing fields are among these
//     kvmwarned                 KVM hit a WARN_ON/pr_warn during the case
//     kvmwrap4g                 KVM made an access whose offset crosses 4 GiB in a
//                               segment with a 4 GiB limit
//     stackmismatch             a stack instruction whose operand size (64-bit mode:
//                               16 with 66, else 64) is not the stack size (SS.B)
//     opsize=2[,4,8]            the operand size (default rules: 66, REX.W, CS.D) is one of these
//     stackopsize=4[,8]         that operand size of a stack instruction is one of these
//     nextbyte=80-ff            the byte after the opcode (ModRM or imm8) is in this range
//     kvmtsslimit               KVM read the TSS past TR.limit (the I/O bitmap)
//     rereadsave                either emulator read (as a system access: a TSS)
//                               bytes it had written as one in the same step
//     tss16                     a task switch to a 16-bit TSS
//     nottss                    a task switch to a descriptor that is not a TSS of
//                               the kind its reason needs (in the GDT; busy for
//                               IRET, available otherwise)
//     kvmsystem4g               KVM read the TSS at a linear address at or above
//                               4 GiB outside 64-bit mode (TR.base + offset unwrapped)
//     kvmldtlimit16             KVM raised #GP for an LDT selector that its LDTR's
//                               limit covers and that limit's low 16 bits do not
//     kvmdroppedwrite           KVM began an emulated access while a write's MMIO
//                               fragments waited for userspace (they were lost)
//     kvmreadexit               KVM ran a pass again after an MMIO read exit
//     kemuextrareads            kemu's MMIO accesses are KVM's plus reads (none
//                               lost, no write different)
//     kemukeepswrites           every MMIO byte KVM's writes left, kemu's left too
//     kemutocompat              kemu read, in 64-bit mode, a code-segment
//                               descriptor that is not 64-bit code (the target of
//                               a far transfer into compatibility mode), whatever
//                               came after
//     rspnot32                  RSP is 4 GiB or more before the instruction, or
//                               below twice the operand size (a far CALL's frame
//                               at 64-bit addresses that RSP's low 32 bits do not
//                               give)
//     kvmstdmmio                KVM made a read_std/write_std (or system) access to MMIO
//     nested                    the case runs in a nested guest (TestCase::nested)
//     compat                    compatibility mode (a 16- or 32-bit CS with EFER.LMA)
//     fuzzonly                  only the differential fuzzer's variations (GDT
//                               entries, RAM values) make it: not required to
//                               occur in the oracle's own run
//     vme=0|1                   CR4.VME is clear / set before the instruction
//     setflag=if[,df...]        these RFLAGS bits are set before the instruction
//                               (cf pf af zf sf tf if df of nt rf ac)
// Every entry must occur in the run.  One whose instructions kemu does not
// emulate yet (refused, #UD or a decode fault in every selected case) is
// "pending".
#pragma once

#include "compare.h"
#include "insn_info.h"
#include "kvm_backend.h"

#include <cstdint>
#include <string>
#include <vector>

namespace oracle {

struct Deviation {
	std::string id;
	Class cls = kMismatch;
	Event event = Event::Instruction;
	std::vector<std::string> leaves; // "0F:BC"
	uint32_t regs = 0;               // bit per ModRM.reg; 0: any
	int modrm_mem = -1;              // 1: memory operand, 0: register operand, -1: any
	uint32_t modes = 0;              // bit per kemu_mode; 0: any
	std::vector<uint8_t> prefixes, any_prefixes, absent_prefixes;
	uint32_t last_seg = 0, any_seg = 0, no_seg = 0; // bit per segment register
	std::string kvm_outcome, kemu_outcome;          // "" any
	uint32_t fields = ~0u;
	bool kvm_warned = false;
	bool kvm_wrap4g = false;
	bool stack_mismatch = false;
	uint32_t op_sizes = 0;       // bit per size in bytes; 0: any
	uint32_t stack_op_sizes = 0; // bit per size in bytes; 0: any
	int next_lo = -1, next_hi = -1;
	bool kvm_tss_limit = false;
	bool reread_save = false;
	bool tss16 = false;
	bool not_tss = false;
	bool kvm_ldt_limit16 = false;
	bool kvm_system_4g = false;
	bool kvm_std_mmio = false;
	bool kvm_dropped_write = false;
	bool kvm_read_exit = false;
	bool kemu_extra_reads = false;
	bool kemu_keeps_writes = false;
	bool kemu_to_compat = false; // kemu read a code descriptor that is not 64-bit code
	bool rsp_not_32 = false;     // RSP >= 4 GiB, or below a far CALL frame
	bool fuzz_only = false;      // made only by the differential fuzzer's variations
	bool nested = false;         // only in a nested guest
	bool compat = false;         // only in compatibility mode
	uint64_t set_flags = 0;      // RFLAGS bits set before the instruction
	int vme = -1;                // CR4.VME before the instruction; -1: any
	int line = 0;
};

struct DeviationCounts {
	uint64_t occurred = 0;     // cases it covered
	uint64_t selected = 0;     // cases its selector matched (any class)
	uint64_t kemu_handled = 0; // of those, cases kemu executed (retired or faulted executing)
};

class DeviationList {
public:
	// Returns false (and an error) on a malformed file.
	bool load(const std::string &path, std::string *error);
	const std::vector<Deviation> &entries() const { return entries_; }
	// Whether the case's instruction is what entry i is about.
	// (kemu's outcome is not part of it, so a kemu gap is still "selected")
	bool selects(size_t i, const TestCase &tc, const InsnInfo &in, const kvm_leaf &leaf,
	             const RunResult &kvm, const HostNotes &kvm_notes,
	             const HostNotes &kemu_notes) const;
	// Whether entry i is about cases of class `cls` with kemu's outcome (for a
	// mismatch, its `fields` say which differences it explains).
	bool accepts(size_t i, Class cls, const RunResult &kemu) const;

private:
	std::vector<Deviation> entries_;
};

} // namespace oracle
