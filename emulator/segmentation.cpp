// SPDX-License-Identifier: GPL-2.0
#include "segmentation.h"

namespace kemu {

namespace {

constexpr bool is_code(const kemu_segment &s)
{
	return s.type & 8;
}
constexpr bool is_writable_data(const kemu_segment &s)
{
	return !is_code(s) && (s.type & 2);
}
constexpr bool is_readable_code(const kemu_segment &s)
{
	return is_code(s) && (s.type & 2);
}
constexpr bool is_expand_down(const kemu_segment &s)
{
	return !is_code(s) && (s.type & 4);
}

Status segment_fault(kemu_ctxt &c, u8 seg)
{
	return seg == KEMU_SEG_SS ? raise(c, KEMU_SS, true, 0) : raise_gp0(c);
}

// Type checks: real mode may write through a code segment (its hidden
// state says "code" after a far jump, but the CPU ignores types there).
bool access_allowed(const kemu_ctxt &c, const kemu_segment &s, kemu_access access)
{
	switch (access) {
	case KEMU_ACCESS_WRITE:
		if (is_code(s))
			return c.mode == KEMU_MODE_REAL;
		return is_writable_data(s);
	case KEMU_ACCESS_READ:
		return !is_code(s) || is_readable_code(s);
	case KEMU_ACCESS_FETCH:
		return true;
	}
	return false;
}

} // namespace

Status linearize_segmented(kemu_ctxt &c, u8 seg, u64 ea, unsigned size, kemu_access access,
                           u64 &linear, u64 &max_size)
{
	kemu_segment s{};
	max_size = 0;
	if (long_mode(c)) {
		// Only FS and GS have a base in 64-bit mode; no limits.
		u64 base = 0;
		if (seg == KEMU_SEG_FS || seg == KEMU_SEG_GS) {
			c.ops->get_segment(c.opaque, static_cast<kemu_seg>(seg), &s);
			base = s.base;
		}
		linear = base + ea;
		if (!is_canonical(linear))
			return segment_fault(c, seg);
		max_size = kFlatRoom;
		return Status::Continue;
	}

	c.ops->get_segment(c.opaque, static_cast<kemu_seg>(seg), &s);
	linear = static_cast<u32>(s.base + ea);
	if (s.unusable || !access_allowed(c, s, access))
		return segment_fault(c, seg);
	u64 limit = s.limit;
	if (is_expand_down(s)) {
		// Valid offsets are (limit, top]: top is 4G-1 or 64K-1 by the B bit.
		if (ea <= limit)
			return segment_fault(c, seg);
		limit = s.db ? 0xffffffffull : 0xffffull;
	}
	if (ea > limit)
		return segment_fault(c, seg);
	max_size = limit + 1 - ea;
	if (size > max_size)
		return segment_fault(c, seg);
	return Status::Continue;
}

} // namespace kemu
