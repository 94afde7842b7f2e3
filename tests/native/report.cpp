#include "report.h"

#include <cinttypes>
#include <fstream>

namespace native {

bool Report::load_required(const char *path)
{
	std::ifstream in(path);
	if (!in)
		return false;
	std::string line;
	while (std::getline(in, line)) {
		line = line.substr(0, line.find('#'));
		size_t b = line.find_first_not_of(" \t"), e = line.find_last_not_of(" \t\r");
		if (b != std::string::npos)
			required_.insert(line.substr(b, e - b + 1));
	}
	return true;
}

bool Report::required(const Case &c) const
{
	return required_.count(c.cls) || required_.count(std::string(c.cls) + "/" + c.mnemonic);
}

void Report::add(const Case &c, Verdict v, bool masked_difference)
{
	bool req = required(c);
	classes_[c.cls].add(v, req, masked_difference);
	mnemonics_[c.cls][c.mnemonic].add(v, req, masked_difference);
}

unsigned Report::print(FILE *out, bool per_mnemonic, unsigned &passed, unsigned &not_emulated) const
{
	unsigned failed = 0;
	passed = not_emulated = 0;
	// "undef differs": matches in which a flag the SDM leaves undefined
	// differed (the masks at work).
	fprintf(out, "%-26s %9s %9s %9s %9s %9s  %s\n", "class / mnemonic", "variants", "match",
	        "MISMATCH", "not emul", "undef!=", "verdict");
	for (const auto &[cls, n] : classes_) {
		const char *verdict;
		if (n.mismatch || n.required_missing)
			verdict = n.mismatch ? "FAIL (mismatch)" : "FAIL (required, not emulated)",
			failed++;
		else if (n.match)
			verdict = n.not_emulated ? "pass (partly emulated)" : "pass", passed++;
		else
			verdict = "not emulated yet", not_emulated++;
		fprintf(out,
		        "%-26s %9" PRIu64 " %9" PRIu64 " %9" PRIu64 " %9" PRIu64 " %9" PRIu64
		        "  %s%s\n",
		        cls.c_str(), n.total(), n.match, n.mismatch, n.not_emulated,
		        n.undefined_differ, verdict, required_.count(cls) ? " [required]" : "");
		if (!per_mnemonic)
			continue;
		for (const auto &[mn, m] : mnemonics_.at(cls)) {
			fprintf(out,
			        "  %-24s %9" PRIu64 " %9" PRIu64 " %9" PRIu64 " %9" PRIu64
			        " %9" PRIu64 "%s\n",
			        mn.c_str(), m.total(), m.match, m.mismatch, m.not_emulated,
			        m.undefined_differ, m.required_missing ? "  required" : "");
		}
	}
	return failed;
}

} // namespace native
