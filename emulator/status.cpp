// SPDX-License-Identifier: GPL-2.0
#include "core.h"

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
