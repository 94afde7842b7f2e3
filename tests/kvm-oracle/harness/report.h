// What the oracle prints: the summary of a run, the table per KVM mnemonic,
// and the coverage of KVM's decode entries.
#pragma once

#include "deviations.h"
#include "generator.h"
#include "stats.h"

#include <cstdio>
#include <string>
#include <vector>

namespace oracle {

// KVM's 6.12 decode table (kvm-table.csv, dumped from the build by
// tests/kvm-oracle/table): one row per leaf, with the mnemonic and KVM's
// status (E emulated, UD, I, F, N).
class KvmTable {
public:
	struct Row {
		std::string key; // "1B F7 /6", as leaf_key()
		std::string mnemonic;
		std::string status;
		size_t order;
	};
	bool load(const std::string &path);
	const std::vector<Row> &rows() const { return rows_; }
	const Row *find(const std::string &key) const;

private:
	std::vector<Row> rows_;
	std::map<std::string, size_t> index_;
};

// The name a leaf is reported under.
std::string mnemonic_of(const std::string &leaf_key, const KvmTable &table, size_t *order);

struct RunInfo {
	GeneratorConfig config;
	unsigned jobs = 1;
	double seconds = 0;
};

// Prints the summary; returns the number of failed units (see README.md).
uint64_t print_summary(FILE *out, const Stats &stats, const KvmTable &table,
                       const DeviationList &deviations, const RunInfo &info, uint64_t *passed);
void print_mnemonic_table(FILE *out, const Stats &stats, const KvmTable &table);
void print_coverage(FILE *out, const Stats &stats, const KvmTable &table);

} // namespace oracle
