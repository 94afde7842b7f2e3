// SPDX-License-Identifier: GPL-2.0
// A write of emulated memory: segmentation, then the host's callback.  Inline
// in write_bytes and write_memory (operands.cpp) and in the write-back of a
// decoded memory operand (operands.h, write_operand): the engine's one write
// per instruction makes no call of its own, which under the kernel's return
// thunks is a return less.  (A waiting write, exit_pending: operands.cpp.)
#pragma once

#include "core.h"
#include "segmentation.h"

namespace kemu {

// The linear address a write goes to, for every kind of write (plain or
// locked): none while another write waits for the host (exit_pending), which
// this one would drop.
[[gnu::always_inline]] inline Status write_target(kemu_ctxt &c, u8 seg, u64 ea, unsigned bytes,
                                                  u64 &linear)
{
	Status s = linearize(c, seg, ea, bytes, KEMU_ACCESS_WRITE, linear);
	if (s != Status::Continue)
		return s;
	if (c.exit_pending)
		return Status::Unhandleable;
	return Status::Continue;
}

[[gnu::always_inline]] inline Status write_access(kemu_ctxt &c, u8 seg, u64 ea, unsigned bytes,
                                                  const u8 *buf)
{
	u64 linear;
	Status s = write_target(c, seg, ea, bytes, linear);
	if (s != Status::Continue)
		return s;
	kemu_exception fault = no_fault();
	int rc = c.ops->write_mem(c.opaque, linear, buf, bytes, &fault);
	if (rc != KEMU_CONTINUE)
		return from_callback(c, rc, fault);
	return Status::Continue;
}

// x86 is little-endian: an operand of n bytes is the low n bytes of a u64,
// written from the u64 itself (as port I/O does).
[[gnu::always_inline]] inline Status write_value(kemu_ctxt &c, u8 seg, u64 ea, unsigned bytes,
                                                 u64 value)
{
	return write_access(c, seg, ea, bytes, reinterpret_cast<const u8 *>(&value));
}

} // namespace kemu
