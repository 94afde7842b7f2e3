// SPDX-License-Identifier: GPL-2.0
#include "decode/fetch.h"

#include "segmentation.h"

namespace kemu::decode {

namespace {
constexpr u64 kPageSize = 4096;
}

// Make insn.bytes[0, end) valid.  One callback fetches as much of the
// 15-byte window as the page and the CS limit allow, as KVM does, so most
// instructions cost a single callback.
Status Fetcher::fill(unsigned end)
{
	if (end > KEMU_MAX_INSN_LEN)
		return raise_gp0(c_);
	while (insn_.fetched < end) {
		u64 offset = c_.rip + insn_.fetched;
		if (!long_mode(c_))
			offset = static_cast<u32>(offset);
		u64 linear, room;
		Status s = linearize(c_, KEMU_SEG_CS, offset, end - insn_.fetched,
		                     KEMU_ACCESS_FETCH, linear, room);
		if (s != Status::Continue)
			return s;
		u64 chunk = KEMU_MAX_INSN_LEN - insn_.fetched;
		if (chunk > room)
			chunk = room;
		u64 to_page_end = kPageSize - (linear & (kPageSize - 1));
		if (chunk > to_page_end)
			chunk = to_page_end;
		kemu_exception fault = no_fault();
		int rc = c_.ops->fetch(c_.opaque, linear, insn_.bytes + insn_.fetched,
		                       static_cast<unsigned>(chunk), &fault);
		if (rc != KEMU_CONTINUE)
			return from_callback(c_, rc, fault);
		insn_.fetched += static_cast<u8>(chunk);
		fetched_ = insn_.fetched;
	}
	return Status::Continue;
}

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
	value = load_le(insn_.bytes + pos_, n);
	pos_ += n;
	return Status::Continue;
}

} // namespace kemu::decode
