#include "objdump_names.h"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>
#include <unistd.h>

namespace {

// Each encoding starts a 32-byte slot filled with NOPs: whatever objdump makes
// of the bytes after the instruction, it is back in step at the next slot.
constexpr size_t kSlot = 32;

const std::set<std::string> kPrefixWords = {
    "rep",    "repz", "repnz",   "repe", "repne", "lock", "data16", "data32", "addr16",
    "addr32", "bnd",  "notrack", "cs",   "ds",    "es",   "ss",     "fs",     "gs"};

// offset -> mnemonic of every instruction objdump printed for one mode.
bool disassemble(const std::vector<uint8_t> &blob, bool mode64,
                 std::map<size_t, std::string> *names, std::string *error)
{
	char path[] = "/tmp/kvm-table-XXXXXX";
	const int fd = mkstemp(path);
	if (fd < 0 || write(fd, blob.data(), blob.size()) != ssize_t(blob.size())) {
		*error = "cannot write a temporary file";
		return false;
	}
	close(fd);
	const std::string cmd = std::string("objdump -D -z -b binary -M intel -m ") +
	                        (mode64 ? "i386:x86-64" : "i386") + " " + path;
	FILE *p = popen(cmd.c_str(), "r");
	char line[512];
	const size_t none = ~size_t(0);
	size_t prefix_at = none;
	while (p && fgets(line, sizeof(line), p)) {
		// "  20:\t0f 01 c8             \tmonitor ..." (continuation lines
		// of long encodings have no third field)
		std::string l(line);
		const size_t colon = l.find(":\t"), tab = l.find('\t', colon + 2);
		if (colon == std::string::npos || tab == std::string::npos)
			continue;
		char *end = nullptr;
		const size_t offset = strtoul(l.c_str(), &end, 16);
		if (end != l.c_str() + colon)
			continue;
		std::istringstream words(l.substr(tab + 1));
		std::string w;
		while (words >> w && kPrefixWords.count(w))
			w.clear();
		// A prefix objdump prints on a line of its own belongs to the
		// instruction on the next line.
		if (prefix_at == none)
			prefix_at = offset;
		if (w.empty())
			continue;
		(*names)[prefix_at] = (*names)[offset] = w;
		prefix_at = none;
	}
	const int status = p ? pclose(p) : -1;
	unlink(path);
	if (status != 0) {
		*error = "'" + cmd + "' failed";
		return false;
	}
	return true;
}

} // namespace

bool objdump_mnemonics(const std::vector<Encoding> &encodings, std::vector<std::string> *out,
                       std::string *error)
{
	out->assign(encodings.size(), "");
	for (bool mode64 : {false, true}) {
		std::vector<uint8_t> blob;
		std::vector<size_t> index;
		for (size_t i = 0; i < encodings.size(); i++) {
			if (encodings[i].mode64 != mode64)
				continue;
			index.push_back(i);
			blob.resize(blob.size() + kSlot, 0x90);
			std::copy(encodings[i].bytes.begin(), encodings[i].bytes.end(),
			          blob.end() - kSlot);
		}
		if (index.empty())
			continue;
		std::map<size_t, std::string> names;
		if (!disassemble(blob, mode64, &names, error))
			return false;
		for (size_t k = 0; k < index.size(); k++) {
			auto it = names.find(k * kSlot);
			if (it == names.end() || it->second.empty()) {
				*error = "objdump lost step at slot " + std::to_string(k);
				return false;
			}
			(*out)[index[k]] = it->second;
		}
	}
	return true;
}
