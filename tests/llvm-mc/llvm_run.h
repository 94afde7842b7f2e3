// Running LLVM's MC disassembler (`llvm-mc --disassemble`) over many byte
// strings in one process, and reading back what it made of the first
// instruction of each.
//
// llvm-mc reads hex bytes as one stream and prints instructions without
// addresses, so each string goes on its own line followed by 15 one-byte
// NOPs (whatever an instruction starting in the string takes, it ends inside
// them, and the decoder is back in step) and a separator, MOV EAX,0x4b454d55
// (no string starts with it: it is not one of the generator's).  Its
// warnings ("<stdin>:LINE:COL: invalid instruction encoding") give the line
// and, through the column, the byte offset of an encoding it rejects.
//
// The length of LLVM's first instruction is measured, not read: the string
// is cut to kemu's length, so LLVM's instruction is as long when exactly the
// 15 NOPs follow it; an instruction k bytes longer swallows k of them, a
// shorter one leaves bytes that decode before the NOPs.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <unistd.h>

namespace kemu::llvm_mc {

constexpr unsigned kPad = 15;

// What LLVM made of one line.
struct Line {
	std::vector<uint8_t> bytes;     // the string given (before the padding)
	std::vector<std::string> insns; // instructions printed, bare prefixes merged
	std::vector<unsigned> invalid;  // byte offsets it rejected
	bool separated = false;         // the separator was seen after it
};

// llvm-mc's name for the mode.
inline const char *triple(unsigned bits)
{
	return bits == 16 ? "i386-unknown-unknown-code16" : bits == 32 ? "i386" : "x86_64";
}

// Words LLVM prints alone on a line before the instruction they prefix.
inline bool bare_prefix(const std::string &text)
{
	static const char *const k[] = {"lock",   "xacquire", "xrelease", "rep",    "repne",
	                                "data16", "data32",   "addr32",   "notrack"};
	bool any = false;
	size_t at = 0;
	while (at < text.size()) {
		const size_t end = text.find_first_of(" \t", at);
		const std::string w = text.substr(at, end == std::string::npos ? end : end - at);
		if (!w.empty()) {
			bool known = false;
			for (const char *p : k)
				known = known || w == p;
			if (!known)
				return false;
			any = true;
		}
		if (end == std::string::npos)
			break;
		at = end + 1;
	}
	return any;
}

inline std::string trim(const char *s)
{
	while (*s == '\t' || *s == ' ')
		s++;
	std::string t(s);
	while (!t.empty() && (t.back() == '\n' || t.back() == ' ' || t.back() == '\t'))
		t.pop_back();
	return t;
}

// MOV EAX, 0x4b454d55 (with 66 in 16-bit mode).
inline const char *separator_bytes(unsigned bits)
{
	return bits == 16 ? "0x66 0xb8 0x55 0x4d 0x45 0x4b\n" : "0xb8 0x55 0x4d 0x45 0x4b\n";
}

inline bool is_separator(const std::string &text)
{
	return text == "mov\teax, 1262832981";
}

// Disassemble every string; false if llvm-mc could not be run or its output
// does not line up with the input.
inline bool run(unsigned bits, std::vector<Line> &lines)
{
	const char *tmp = getenv("TMPDIR");
	const std::string dir = tmp && *tmp ? tmp : "/tmp";
	std::string in_path = dir + "/kemu-llvm-in-XXXXXX";
	std::string out_path = dir + "/kemu-llvm-out-XXXXXX";
	std::string err_path = dir + "/kemu-llvm-err-XXXXXX";
	const int fds[3] = {mkstemp(in_path.data()), mkstemp(out_path.data()),
	                    mkstemp(err_path.data())};
	for (int fd : fds)
		if (fd >= 0)
			close(fd);
	auto cleanup = [&] {
		unlink(in_path.c_str());
		unlink(out_path.c_str());
		unlink(err_path.c_str());
	};
	if (fds[0] < 0 || fds[1] < 0 || fds[2] < 0) {
		cleanup();
		return false;
	}
	FILE *in = fopen(in_path.c_str(), "w");
	if (!in) {
		cleanup();
		return false;
	}
	// Each byte is "0xHH " (5 columns): byte k of a line starts at column 1 + 5k.
	for (const Line &l : lines) {
		for (uint8_t b : l.bytes)
			fprintf(in, "0x%02x ", b);
		for (unsigned i = 0; i < kPad; i++)
			fputs("0x90 ", in);
		fputs(separator_bytes(bits), in);
	}
	fclose(in);
	const std::string cmd =
	    std::string("llvm-mc --disassemble -output-asm-variant=1 -triple=") + triple(bits) +
	    " < " + in_path + " > " + out_path + " 2> " + err_path;
	if (system(cmd.c_str()) != 0) {
		cleanup();
		return false;
	}
	bool ok = true;
	FILE *out = fopen(out_path.c_str(), "r");
	FILE *err = fopen(err_path.c_str(), "r");
	char buf[1024];
	size_t at = 0;
	std::string pending; // bare prefixes waiting for their instruction
	while (out && fgets(buf, sizeof(buf), out)) {
		if (buf[0] != '\t')
			continue;
		const std::string text = trim(buf);
		if (text == ".text" || text.empty())
			continue;
		if (at >= lines.size()) {
			ok = false;
			break;
		}
		if (is_separator(text) && pending.empty()) {
			lines[at++].separated = true;
			continue;
		}
		if (bare_prefix(text)) {
			pending += text + " ";
			continue;
		}
		lines[at].insns.push_back(pending + text);
		pending.clear();
	}
	while (err && fgets(buf, sizeof(buf), err)) {
		// <stdin>:LINE:COL: warning: invalid instruction encoding
		unsigned line, col;
		if (sscanf(buf, "<stdin>:%u:%u: warning: invalid instruction encoding", &line,
		           &col) == 2 &&
		    line >= 1 && line <= lines.size() && col >= 1)
			lines[line - 1].invalid.push_back((col - 1) / 5);
	}
	if (out)
		fclose(out);
	if (err)
		fclose(err);
	cleanup();
	if (at != lines.size())
		fprintf(stderr, "llvm-mc: %zu of %zu lines read back\n", at, lines.size());
	return ok && at == lines.size();
}

// LLVM's reading of the first instruction of a line.
struct First {
	bool invalid = false; // rejected at offset 0
	std::string text;     // its text, prefixes included
	// The length relation with the string given: 0 exactly its length, k > 0
	// k bytes longer, -1 shorter (other bytes decode before the padding).
	int longer = 0;
};

inline bool prefix_byte(unsigned bits, uint8_t b)
{
	return b == 0x66 || b == 0x67 || b == 0xf0 || b == 0xf2 || b == 0xf3 || b == 0x26 ||
	       b == 0x2e || b == 0x36 || b == 0x3e || b == 0x64 || b == 0x65 ||
	       (bits == 64 && (b & 0xf0) == 0x40);
}

inline First first_of(unsigned bits, const Line &l)
{
	First f;
	// Rejected at 0, or after prefixes that LLVM then prints on their own.
	for (unsigned off : l.invalid) {
		bool prefixes = off < l.bytes.size();
		for (unsigned i = 0; i < off && prefixes; i++)
			prefixes = prefix_byte(bits, l.bytes[i]);
		if (prefixes)
			f.invalid = true;
	}
	if (f.invalid || l.insns.empty()) {
		f.invalid = true;
		return f;
	}
	f.text = l.insns[0];
	// Count the NOPs that end the line.
	unsigned nops = 0;
	size_t i = l.insns.size();
	while (i > 1 && l.insns[i - 1] == "nop" && nops < kPad) {
		nops++;
		i--;
	}
	bool other = i > 1; // instructions between the first and the padding
	for (unsigned off : l.invalid)
		if (off > 0 && off < l.bytes.size())
			other = true;
	if (other)
		f.longer = -1;
	else
		f.longer = int(kPad - nops);
	return f;
}

} // namespace kemu::llvm_mc
