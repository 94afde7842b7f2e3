// Running GNU objdump over a blob of bytes and reading its instructions back.
#pragma once

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <unistd.h>

#include "policy.h"

namespace kemu::objdump {

struct ObjdumpLine {
	unsigned address;
	unsigned length;
	std::string text;
};

// Disassemble the blob with objdump; one entry per instruction.
inline bool run_objdump(unsigned mode_bits, const std::vector<uint8_t> &blob,
                        std::vector<ObjdumpLine> &lines)
{
	const char *tmp = getenv("TMPDIR");
	std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/kemu-objdump-XXXXXX";
	std::vector<char> path(templ.begin(), templ.end());
	path.push_back('\0');
	const int fd = mkstemp(path.data());
	if (fd < 0)
		return false;
	FILE *f = fdopen(fd, "wb");
	fwrite(blob.data(), 1, blob.size(), f);
	fclose(f);
	const char *machine = mode_bits == 16   ? "-m i8086 -M intel"
	                      : mode_bits == 32 ? "-m i386 -M intel"
	                                        : "-m i386:x86-64 -M intel,intel64";
	const std::string cmd =
	    std::string("objdump -D -b binary --insn-width=16 ") + machine + " " + path.data();
	FILE *p = popen(cmd.c_str(), "r");
	if (!p) {
		unlink(path.data());
		return false;
	}
	char buf[512];
	while (fgets(buf, sizeof(buf), p)) {
		// "   1f:\t66 90                \txchg   ax,ax"
		char *colon = strchr(buf, ':');
		char *tab1 = strchr(buf, '\t');
		if (!colon || !tab1 || colon > tab1)
			continue;
		char *end;
		const unsigned long addr = strtoul(buf, &end, 16);
		if (end != colon)
			continue;
		char *tab2 = strchr(tab1 + 1, '\t');
		std::string bytes(tab1 + 1, tab2 ? size_t(tab2 - tab1 - 1) : strlen(tab1 + 1));
		unsigned n = 0;
		for (size_t i = 0; i + 1 < bytes.size(); i++)
			if (isxdigit(static_cast<unsigned char>(bytes[i])) &&
			    isxdigit(static_cast<unsigned char>(bytes[i + 1])) &&
			    (i + 2 == bytes.size() || bytes[i + 2] == ' ')) {
				n++;
				i += 2;
			}
		std::string text = tab2 ? tab2 + 1 : "";
		while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
			text.pop_back();
		lines.push_back({unsigned(addr), n, text});
	}
	const int rc = pclose(p);
	unlink(path.data());
	return rc == 0;
}

// Judge one slot: objdump's lines from `first` (bare prefixes merged into the
// instruction that follows them) against kemu_disassemble on the same bytes.
inline Verdict judge_slot(unsigned bits, unsigned mode, const uint8_t *slot, unsigned slot_len,
                          const std::vector<ObjdumpLine> &lines, size_t first, Objdump &od,
                          kemu_disasm &d, int &rc)
{
	for (size_t i = first; i < lines.size(); i++) {
		od.parts.push_back(lines[i].text);
		od.length += lines[i].length;
		if (!is_prefix_only(lines[i].text))
			break;
	}
	rc = kemu_disassemble(mode, slot, slot_len, &d);
	return judge(bits, slot, od, rc, d);
}

// The verdict for one byte string (padded like the sweep's slots).
inline Verdict judge_bytes(unsigned bits, std::vector<uint8_t> bytes)
{
	const unsigned mode = bits == 16   ? KEMU_MODE_PROT16
	                      : bits == 32 ? KEMU_MODE_PROT32
	                                   : KEMU_MODE_PROT64;
	bytes.resize(32, 0x90);
	std::vector<ObjdumpLine> lines;
	if (!run_objdump(bits, bytes, lines) || lines.empty())
		return {false, "objdump failed"};
	Objdump od;
	kemu_disasm d;
	int rc;
	return judge_slot(bits, mode, bytes.data(), 32, lines, 0, od, d, rc);
}

} // namespace kemu::objdump
