// SPDX-License-Identifier: GPL-2.0
// A bounded text writer (no libc in the core): strings and hex numbers.
#pragma once

#include "core.h"

namespace kemu {

class Text {
public:
	Text(char *buf, unsigned size) : buf_(buf), size_(size)
	{
		if (size_)
			buf_[0] = '\0';
	}

	Text &operator<<(const char *s)
	{
		while (s && *s)
			put(*s++);
		return *this;
	}

	Text &hex(u64 v)
	{
		*this << "0x";
		bool started = false;
		for (int shift = 60; shift >= 0; shift -= 4) {
			unsigned digit = (v >> shift) & 0xf;
			if (digit || started || shift == 0) {
				put("0123456789abcdef"[digit]);
				started = true;
			}
		}
		return *this;
	}

private:
	void put(char ch)
	{
		if (len_ + 1 >= size_)
			return;
		buf_[len_++] = ch;
		buf_[len_] = '\0';
	}

	char *buf_;
	unsigned size_;
	unsigned len_ = 0;
};

} // namespace kemu
