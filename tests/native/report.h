// Counts per class and per mnemonic, the list of classes that must be
// emulated, and the pass/fail verdict (one unit per class).
#pragma once

#include "case.h"
#include "compare.h"

#include <cstdio>
#include <map>
#include <set>
#include <string>

namespace native {

struct Counts {
	uint64_t match = 0;
	uint64_t mismatch = 0;
	uint64_t not_emulated = 0;
	uint64_t required_missing = 0; // not emulated, but required
	uint64_t undefined_differ = 0; // matches where an undefined flag differed
	uint64_t total() const { return match + mismatch + not_emulated; }
	void add(Verdict v, bool required, bool masked_difference)
	{
		undefined_differ += masked_difference;
		if (v == Verdict::Match)
			match++;
		else if (v == Verdict::Mismatch)
			mismatch++;
		else
			not_emulated++, required_missing += required;
	}
};

class Report {
public:
	// One entry a line: a class ("mov") or a class and mnemonic as the report
	// names it ("alu/add"); '#' starts a comment.  Returns false when the
	// file cannot be read.
	bool load_required(const char *path);
	bool required(const Case &c) const;

	// `masked_difference`: the outcomes differed only in undefined flags.
	void add(const Case &c, Verdict v, bool masked_difference);

	// The tables; returns the number of failed classes.  A class fails on a
	// mismatch or on a required variant kemu does not emulate; it passes when
	// some variant matched; a class kemu does not emulate at all (and need
	// not) counts as neither.
	unsigned print(FILE *out, bool per_mnemonic, unsigned &passed,
	               unsigned &not_emulated) const;

private:
	std::set<std::string> required_;
	std::map<std::string, Counts> classes_;
	std::map<std::string, std::map<std::string, Counts>> mnemonics_;
};

} // namespace native
