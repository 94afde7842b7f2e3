// Invariants every fuzz harness checks after an emulation.
#pragma once

#include <kemu/kemu.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#define FUZZ_CHECK(cond, what)                                                                     \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "invariant violated: %s (%s:%d)\n", what, __FILE__,        \
			        __LINE__);                                                         \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

namespace kemu_fuzz {

// Status, exception and state: the contract of kemu_emulate.
inline void check_outcome(const kemu_ctxt &before, const kemu_ctxt &after, int rc)
{
	FUZZ_CHECK(rc >= KEMU_CONTINUE && rc <= KEMU_INTERCEPTED, "status outside X86EMUL_*");
	FUZZ_CHECK(!!after.have_exception == (rc == KEMU_PROPAGATE_FAULT),
	           "a pending exception if and only if the status says so");
	if (rc == KEMU_PROPAGATE_FAULT)
		FUZZ_CHECK(after.exception.vector < 32, "exception vector out of range");
	FUZZ_CHECK(after.insn.fetched <= KEMU_MAX_INSN_LEN, "more than 15 instruction bytes");
	if (rc != KEMU_CONTINUE) {
		FUZZ_CHECK(after.rip == before.rip,
		           "RIP changed by an instruction that did not retire");
		FUZZ_CHECK(memcmp(after.gprs, before.gprs, sizeof(before.gprs)) == 0,
		           "registers changed by an instruction that did not retire");
	} else {
		FUZZ_CHECK(after.insn.length >= 1 && after.insn.length <= KEMU_MAX_INSN_LEN,
		           "retired with an impossible length");
	}
}

} // namespace kemu_fuzz
