// The real CPU as an oracle: run one instruction natively, in this process,
// on a prepared register state and data buffer (layout.h).
#pragma once

#include "state.h"

namespace native {

class NativeCpu {
public:
	// Maps the fixed regions and installs the fault handlers; exits the
	// process with a message when the fixed addresses are taken.
	NativeCpu();

	// Where the instruction's first byte sits (its RIP).
	uint64_t insn_address() const { return insn_address_; }
	// RFLAGS bits user code always runs with (IF, bit 1): the part of the
	// entry flags a case does not choose.
	uint64_t base_rflags() const { return base_rflags_; }

	// Execute bytes[0, len) with `in` (only kTestedFlags of in.rflags are
	// used) on a copy of `memory` in the data buffer.  Fills `out`; a fault
	// (#DE, #UD, #GP, #SS, #PF, ...) is caught and recorded with the state at
	// the fault.  `landing`: 0, or the one address a control transfer may
	// reach (layout.h, landing_ok); out.state.rip says where it went.
	void run(const uint8_t *bytes, unsigned len, uint64_t landing, const CpuState &in,
	         const uint8_t *memory, Outcome &out);

private:
	uint64_t insn_address_ = 0;
	uint64_t base_rflags_ = 0;
};

// Which case is running, for the message when the process dies of a signal
// outside the native instruction (a crash in kemu or the harness) or when a
// case runs longer than `seconds` (a hang): "case N, seed S".
void set_running_case(uint64_t seed, uint64_t index);
void arm_watchdog(unsigned seconds);

// The data buffer itself (shared with kemu's ops backend).
inline uint8_t *data_buffer()
{
	return reinterpret_cast<uint8_t *>(kDataBase);
}

} // namespace native
