// SPDX-License-Identifier: GPL-2.0
// Instruction fetch: bytes come from what the host passed in, then from
// ops->fetch in page-bounded chunks.  Never more than 15 bytes.
#pragma once

#include "core.h"

namespace kemu::decode {

class Fetcher {
public:
	explicit Fetcher(kemu_ctxt &c) : c_(c), insn_(c.insn), fetched_(c.insn.fetched) {}

	unsigned position() const { return pos_; }

	// The next `n` (1, 2, 4 or 8) bytes, little-endian.  Most instructions
	// are fetched in one callback, so the bytes are usually already here.
	Status next(unsigned n, u64 &value)
	{
		value = 0; // defined even on failure: callers store it in the context
		if (__builtin_expect(pos_ + n <= fetched_, 1)) {
			value = load_le(insn_.bytes + pos_, n);
			pos_ += n;
			return Status::Continue;
		}
		return next_after_fill(n, value);
	}
	// The next byte without consuming it.
	Status peek(u64 &value);
	// The decoder's first fetch, made before it starts (its first next()
	// then finds the byte here): with nothing passed in, one callback for as
	// much of the 15-byte window as the page and the CS limit allow.
	Status first_fetch() { return fetched_ ? Status::Continue : fill(1); }
	// A decoder-raised exception (#UD, or #GP(0) past 15 bytes).
	Status fault(u8 vector) { return vector == KEMU_GP ? raise_gp0(c_) : raise(c_, vector); }

private:
	Status fill(unsigned end);
	Status next_after_fill(unsigned n, u64 &value);

	kemu_ctxt &c_;
	kemu_insn &insn_;
	unsigned pos_ = 0;
	// insn_.fetched, which only fill() changes, kept here: the fast path
	// then reads it without going through insn_ again after each of the
	// decoder's byte stores.
	unsigned fetched_;
};

} // namespace kemu::decode
