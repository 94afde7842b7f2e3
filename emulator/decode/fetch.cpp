// SPDX-License-Identifier: GPL-2.0
#include "decode/fetch.h"

namespace kemu::decode {

Status Fetcher::peek(u64 &value)
{
	Status s = next(1, value);
	if (s == Status::Continue)
		pos_--;
	return s;
}

Status Fetcher::next_after_fill(unsigned n, u64 &value)
{
	Status s = fill(pos_ + n);
	if (s != Status::Continue)
		return s;
	// fill() returns Continue only with insn.bytes[0, pos_ + n) valid.
	value = load_le_sized(insn_.bytes + pos_, n);
	pos_ += n;
	return Status::Continue;
}

} // namespace kemu::decode
