// SPDX-License-Identifier: GPL-2.0
#include "core.h"

namespace kemu {

// from_callback's answer to anything but KEMU_CONTINUE.
Status callback_failure(kemu_ctxt &c, int rc, kemu_exception fault)
{
	if (rc < KEMU_CONTINUE || rc > KEMU_INTERCEPTED)
		return Status::Unhandleable;
	if (rc == KEMU_PROPAGATE_FAULT) {
		if (fault.vector == KEMU_NO_VECTOR)
			return Status::Unhandleable;
		c.exception = fault;
		c.have_exception = 1;
	}
	return static_cast<Status>(rc);
}

} // namespace kemu

extern "C" const char *kemu_status_name(int status)
{
	switch (status) {
	case KEMU_CONTINUE:
		return "CONTINUE";
	case KEMU_UNHANDLEABLE:
		return "UNHANDLEABLE";
	case KEMU_PROPAGATE_FAULT:
		return "PROPAGATE_FAULT";
	case KEMU_RETRY_INSTR:
		return "RETRY_INSTR";
	case KEMU_CMPXCHG_FAILED:
		return "CMPXCHG_FAILED";
	case KEMU_IO_NEEDED:
		return "IO_NEEDED";
	case KEMU_INTERCEPTED:
		return "INTERCEPTED";
	}
	return "unknown status";
}
