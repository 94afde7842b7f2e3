// Counts per KVM decode leaf and class, merged across worker processes.
#pragma once

#include "compare.h"
#include "deviations.h"
#include "evaluate.h"

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace oracle {

struct LeafStats {
	uint64_t count[kClassCount] = {};
	uint64_t retired[kClassCount] = {}; // of count: cases KVM retired (not a fault)
	uint32_t mismatch_fields = 0;       // union of differing fields over mismatches
	uint64_t undef_bits = 0;            // RFLAGS bits that differed within the undefined ones
	std::vector<uint64_t> examples[kClassCount];
	uint64_t kvm_handled() const;
};

// Mismatches of one kind (see mismatch_signature), under one mnemonic.
struct SignatureStats {
	uint64_t count = 0;
	std::vector<uint64_t> examples;
};

struct Crash {
	uint64_t index;
	int signal; // SIGALRM: a hang
};

struct Stats {
	static constexpr size_t kExamples = 3;
	std::map<std::string, LeafStats> leaves;
	// key: leaf key, tab, signature
	std::map<std::string, SignatureStats> signatures;
	uint64_t cases = 0;
	uint64_t kvm_warnings = 0;
	std::vector<uint64_t> warning_examples;
	std::vector<DeviationCounts> deviations;
	std::vector<Crash> crashes;
	uint64_t resume = 0; // a worker's checkpoint: the next case it would run

	void add(const Evaluation &ev, uint64_t index);
	void merge(const Stats &other);
	uint64_t total(Class c) const;
	bool save(const std::string &path) const;
	bool load(const std::string &path);
};

} // namespace oracle
