// kemu-replay: the record file's text: its lines, numbers and hex bytes, and
// the one way a malformed file ends the run (exit status 2, naming the line).
#pragma once

#include <cstdio>
#include <kemu/kemu.h>

#include <cstddef>
#include <string>
#include <vector>

namespace kemu_replay {

using u8 = kemu_u8;
using u64 = kemu_u64;

constexpr size_t kMaxLine = 4096; // characters of one line
constexpr size_t kMaxData = 1024; // bytes of one data= (a REP INS run)

extern const char *g_file; // the file's name in messages

[[noreturn]] void malformed(unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

// Lines of the input, one at a time: bounded length, no NUL, trailing
// blanks (and a CR) dropped; empty lines and '#' comments skipped.
struct Reader {
	FILE *f = nullptr;
	unsigned line = 0;
	bool have_peek = false;
	std::string peeked;
	unsigned peeked_line = 0;

	bool raw(std::string &out)
	{
		out.clear();
		int ch;
		bool any = false;
		line++;
		while ((ch = getc(f)) != EOF) {
			any = true;
			if (ch == '\n')
				break;
			if (ch == 0)
				malformed(line, "a NUL byte in the line");
			if (out.size() >= kMaxLine)
				malformed(line, "line longer than %zu characters", kMaxLine);
			out.push_back(static_cast<char>(ch));
		}
		if (!any) {
			line--; // (the last line stays the one errors name)
			return false;
		}
		while (!out.empty() &&
		       (out.back() == ' ' || out.back() == '\t' || out.back() == '\r'))
			out.pop_back();
		return true;
	}
	// The next meaningful line; false at the end of the input.
	bool next(std::string &out, unsigned &at)
	{
		if (have_peek) {
			have_peek = false;
			out = peeked;
			at = peeked_line;
			return true;
		}
		while (raw(out)) {
			size_t i = out.find_first_not_of(" \t");
			if (i == std::string::npos || out[i] == '#')
				continue;
			out.erase(0, i);
			at = line;
			return true;
		}
		return false;
	}
	void unread(const std::string &s, unsigned at)
	{
		have_peek = true;
		peeked = s;
		peeked_line = at;
	}
};

std::vector<std::string> split(const std::string &s, char sep);
std::vector<std::string> words(const std::string &s);
// A number: "0x" hexadecimal, or decimal without it (the prefix decides).
bool parse_number(const std::string &s, u64 &v);
bool parse_bytes(const std::string &s, std::vector<u8> &out, size_t max);
std::string hex_bytes(const u8 *p, size_t n);
std::string hex(u64 v);

} // namespace kemu_replay
