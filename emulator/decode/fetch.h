// SPDX-License-Identifier: GPL-2.0
// Instruction fetch: bytes come from what the host passed in, then from
// ops->fetch in page-bounded chunks.  Never more than 15 bytes.
#pragma once

#include "core.h"
#include "segmentation.h"

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
	[[gnu::always_inline]] Status fill(unsigned end);
	Status next_after_fill(unsigned n, u64 &value);

	kemu_ctxt &c_;
	kemu_insn &insn_;
	unsigned pos_ = 0;
	// insn_.fetched, which only fill() changes, kept here: the fast path
	// then reads it without going through insn_ again after each of the
	// decoder's byte stores.
	unsigned fetched_;
};

// Make insn.bytes[0, end) valid.  One callback fetches as much of the
// 15-byte window as the page and the CS limit allow, as KVM does, so most
// instructions cost a single callback.  Inline (in the decoder's first
// fetch and in next_after_fill): a call and a return less per decode, which
// the kernel's return thunks make dear.
inline Status Fetcher::fill(unsigned end)
{
	constexpr u64 kPageSize = 4096;
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

} // namespace kemu::decode
