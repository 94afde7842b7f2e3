// SPDX-License-Identifier: GPL-2.0
// Instruction fetch: bytes come from what the host passed in, then from
// ops->fetch in page-bounded chunks.  Never more than 15 bytes.
#pragma once

#include "core.h"

namespace kemu::decode {

class Fetcher {
public:
	explicit Fetcher(kemu_ctxt &c) : c_(c), insn_(c.insn) {}

	unsigned position() const { return pos_; }

	// The next `n` (1, 2, 4 or 8) bytes, little-endian.  Most instructions
	// are fetched in one callback, so the bytes are usually already here.
	Status next(unsigned n, u64 &value)
	{
		static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "x86 hosts only");
		value = 0; // defined even on failure: callers store it in the context
		if (__builtin_expect(pos_ + n <= insn_.fetched, 1)) {
			load(insn_.bytes + pos_, n, value);
			pos_ += n;
			return Status::Continue;
		}
		return next_after_fill(n, value);
	}
	// The next byte without consuming it.
	Status peek(u64 &value);
	// A decoder-raised exception (#UD, or #GP(0) past 15 bytes).
	Status fault(u8 vector) { return vector == KEMU_GP ? raise_gp0(c_) : raise(c_, vector); }

private:
	// Fixed-size copies, which compile to one load (a copy of variable
	// size is a call).
	static void load(const u8 *p, unsigned n, u64 &value)
	{
		switch (n) {
		case 1:
			value = *p;
			break;
		case 2:
			__builtin_memcpy(&value, p, 2);
			break;
		case 4:
			__builtin_memcpy(&value, p, 4);
			break;
		case 8:
			__builtin_memcpy(&value, p, 8);
			break;
		default:
			for (unsigned i = 0; i < n; i++)
				value |= static_cast<u64>(p[i]) << (8 * i);
			break;
		}
	}

	Status fill(unsigned end);
	Status next_after_fill(unsigned n, u64 &value);

	kemu_ctxt &c_;
	kemu_insn &insn_;
	unsigned pos_ = 0;
};

} // namespace kemu::decode
