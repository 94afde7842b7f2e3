// kemu-replay: the record file's text (text.h).
#include "text.h"

#include <cinttypes>
#include <cstdarg>
#include <cstdlib>

namespace kemu_replay {

const char *g_file = "-";

[[noreturn]] void malformed(unsigned line, const char *fmt, ...)
{
	fflush(stdout);
	fprintf(stderr, "kemu-replay: %s:%u: ", g_file, line);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

std::vector<std::string> split(const std::string &s, char sep)
{
	std::vector<std::string> out;
	size_t start = 0;
	for (;;) {
		size_t at = s.find(sep, start);
		out.push_back(s.substr(start, at == std::string::npos ? at : at - start));
		if (at == std::string::npos)
			return out;
		start = at + 1;
	}
}

std::vector<std::string> words(const std::string &s)
{
	std::vector<std::string> out;
	size_t i = 0;
	while (i < s.size()) {
		while (i < s.size() && (s[i] == ' ' || s[i] == '\t'))
			i++;
		size_t start = i;
		while (i < s.size() && s[i] != ' ' && s[i] != '\t')
			i++;
		if (i > start)
			out.push_back(s.substr(start, i - start));
	}
	return out;
}

// A number: "0x" hexadecimal, or decimal without it (the prefix decides).
bool parse_number(const std::string &s, u64 &v)
{
	v = 0;
	bool hex = s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
	size_t i = hex ? 2 : 0;
	if (i >= s.size())
		return false;
	for (; i < s.size(); i++) {
		char c = s[i];
		unsigned d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (hex && c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (hex && c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return false;
		unsigned base = hex ? 16 : 10;
		if (v > (~0ull - d) / base)
			return false; // over 64 bits
		v = v * base + d;
	}
	return true;
}

int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool parse_bytes(const std::string &s, std::vector<u8> &out, size_t max)
{
	out.clear();
	if (s.size() % 2 || s.size() / 2 > max)
		return false;
	for (size_t i = 0; i < s.size(); i += 2) {
		int hi = hex_digit(s[i]), lo = hex_digit(s[i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		out.push_back(static_cast<u8>(hi << 4 | lo));
	}
	return true;
}

std::string hex_bytes(const u8 *p, size_t n)
{
	std::string s;
	char b[3];
	for (size_t i = 0; i < n; i++) {
		snprintf(b, sizeof(b), "%02x", p[i]);
		s += b;
	}
	return s;
}

std::string hex(u64 v)
{
	char b[24];
	snprintf(b, sizeof(b), "0x%" PRIx64, v);
	return b;
}

} // namespace kemu_replay
