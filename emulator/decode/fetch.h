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

	// The next `n` (1, 2, 4 or 8) bytes, little-endian.
	Status next(unsigned n, u64 &value);
	Status next_byte(u8 &b)
	{
		u64 v;
		Status s = next(1, v);
		b = static_cast<u8>(v);
		return s;
	}

private:
	Status fill(unsigned end);

	kemu_ctxt &c_;
	kemu_insn &insn_;
	unsigned pos_ = 0;
};

} // namespace kemu::decode
