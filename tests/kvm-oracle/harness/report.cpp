// Reports: per class, per mnemonic, per KVM decode entry.
#include "report.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

namespace oracle {

namespace {

std::vector<std::string> split_csv_line(const std::string &line)
{
	std::vector<std::string> out(1);
	bool quoted = false;
	for (char ch : line) {
		if (ch == '"')
			quoted = !quoted;
		else if (ch == ',' && !quoted)
			out.emplace_back();
		else if (ch != '\r')
			out.back() += ch;
	}
	return out;
}

struct MnemonicStats {
	size_t order = ~size_t{0};
	uint64_t count[kClassCount] = {};
	uint32_t mismatch_fields = 0;
	uint64_t undef_bits = 0;
	std::vector<uint64_t> examples[kClassCount];
	std::set<std::string> leaves;
	uint64_t total() const
	{
		uint64_t n = 0;
		for (uint64_t c : count)
			n += c;
		return n;
	}
};

std::vector<std::pair<std::string, MnemonicStats>> by_mnemonic(const Stats &stats,
                                                               const KvmTable &table)
{
	std::map<std::string, MnemonicStats> m;
	for (const auto &[key, s] : stats.leaves) {
		size_t order = 0;
		MnemonicStats &ms = m[mnemonic_of(key, table, &order)];
		ms.order = std::min(ms.order, order);
		ms.leaves.insert(key);
		for (unsigned c = 0; c < kClassCount; c++) {
			ms.count[c] += s.count[c];
			for (uint64_t e : s.examples[c])
				if (ms.examples[c].size() < Stats::kExamples)
					ms.examples[c].push_back(e);
		}
		ms.mismatch_fields |= s.mismatch_fields;
		ms.undef_bits |= s.undef_bits;
	}
	std::vector<std::pair<std::string, MnemonicStats>> v(m.begin(), m.end());
	std::stable_sort(v.begin(), v.end(), [](const auto &a, const auto &b) {
		return a.second.order < b.second.order;
	});
	return v;
}

std::string flag_names(uint64_t bits)
{
	static const std::pair<uint64_t, const char *> names[] = {
	    {1, "CF"}, {4, "PF"}, {0x10, "AF"}, {0x40, "ZF"}, {0x80, "SF"}, {0x800, "OF"}};
	std::string s;
	for (const auto &[bit, name] : names)
		if (bits & bit)
			s += (s.empty() ? "" : " ") + std::string(name);
	return s;
}

std::string examples(const std::vector<uint64_t> &v)
{
	std::string s;
	for (uint64_t e : v)
		s += (s.empty() ? "" : " ") + std::to_string(e);
	return s;
}

} // namespace

bool KvmTable::load(const std::string &path)
{
	std::ifstream in(path);
	std::string line;
	if (!in || !std::getline(in, line))
		return false;
	std::vector<std::string> header = split_csv_line(line);
	auto col = [&](const char *name) {
		return static_cast<size_t>(std::find(header.begin(), header.end(), name) -
		                           header.begin());
	};
	size_t map = col("map"), op = col("opcode"), path_col = col("path"), mn = col("mnemonic"),
	       st = col("status");
	while (std::getline(in, line)) {
		std::vector<std::string> f = split_csv_line(line);
		if (f.size() < header.size())
			continue;
		Row r;
		r.key = f[map] + " " + f[op] + (f[path_col].empty() ? "" : " " + f[path_col]);
		r.mnemonic = f[mn];
		r.status = f[st];
		r.order = rows_.size();
		index_[r.key] = rows_.size();
		rows_.push_back(r);
	}
	return !rows_.empty();
}

const KvmTable::Row *KvmTable::find(const std::string &key) const
{
	auto it = index_.find(key);
	return it == index_.end() ? nullptr : &rows_[it->second];
}

std::string mnemonic_of(const std::string &key, const KvmTable &table, size_t *order)
{
	*order = table.rows().size() + 1;
	if (key.rfind("--", 0) == 0)
		return "(no complete opcode)";
	if (key.size() > 4 && key.compare(key.size() - 4, 4, " vex") == 0)
		return "(VEX C4/C5: KVM NotImpl)";
	if (key.find("pfx=66+rep") != std::string::npos)
		return "(66 with F2/F3 on a prefix table: KVM refuses)";
	const KvmTable::Row *row = table.find(key);
	if (!row)
		return key;
	*order = row->order;
	if (row->status == "N")
		return "(KVM NotImpl, map " + key.substr(0, key.find(' ')) + ")";
	if (row->mnemonic.empty())
		return key;
	return row->mnemonic;
}

uint64_t print_summary(FILE *out, const Stats &stats, const KvmTable &table,
                       const DeviationList &deviations, const RunInfo &info, uint64_t *passed)
{
	const GeneratorConfig &g = info.config;
	fprintf(out,
	        "kvm-oracle: %llu variants in %.1f s with %u jobs: sweep %llu x %llu pass(es) "
	        "(%u modes x %u maps x %u opcodes x %u ModRM forms x %u prefix sets), %llu random; "
	        "seed %llu\n",
	        (unsigned long long)stats.cases, info.seconds, info.jobs,
	        (unsigned long long)Generator::kSweepSize, (unsigned long long)g.passes,
	        Generator::kModes, Generator::kMaps, Generator::kOpcodes, Generator::kModrmForms,
	        Generator::kPrefixSets, (unsigned long long)g.random, (unsigned long long)g.seed);
	fprintf(out,
	        "  reproduce a case: kvm-oracle --seed %llu --passes %llu --random %llu --case N\n",
	        (unsigned long long)g.seed, (unsigned long long)g.passes,
	        (unsigned long long)g.random);
	fprintf(out, "  by class:");
	for (unsigned c = 0; c < kClassCount; c++)
		fprintf(out, " %s %llu%s", class_name(c), (unsigned long long)stats.total(Class(c)),
		        c + 1 < kClassCount ? "," : "\n");

	auto mnemonics = by_mnemonic(stats, table);
	auto list = [&](Class c, const char *title) {
		std::string line;
		size_t n = 0;
		for (const auto &[name, ms] : mnemonics)
			if (ms.count[c]) {
				line += (line.empty() ? "" : ", ") + name + " " +
				        std::to_string(ms.count[c]);
				n++;
			}
		fprintf(out, "  %s (%zu mnemonics):\n    %s\n", title, n,
		        line.empty() ? "none" : line.c_str());
	};
	list(kKemuGap, "kemu gaps: KVM emulates, kemu refuses");
	// Beyond KVM: leaves KVM does not implement are listed one by one.
	{
		std::map<std::string, std::pair<size_t, uint64_t>> beyond;
		for (const auto &[key, ls] : stats.leaves) {
			if (!ls.count[kBeyondKvm])
				continue;
			size_t order = 0;
			std::string name = mnemonic_of(key, table, &order);
			if (name.rfind("(KVM NotImpl", 0) == 0)
				name = key + " (NotImpl)";
			auto &b = beyond[name];
			b.first = order;
			b.second += ls.count[kBeyondKvm];
		}
		std::vector<std::pair<std::string, std::pair<size_t, uint64_t>>> v(beyond.begin(),
		                                                                   beyond.end());
		std::stable_sort(v.begin(), v.end(), [](const auto &a, const auto &b) {
			return a.second.first < b.second.first;
		});
		std::string line;
		for (const auto &[name, b] : v)
			line += (line.empty() ? "" : ", ") + name + " " + std::to_string(b.second);
		fprintf(out, "  beyond KVM: kemu executes, KVM refuses (%zu):\n    %s\n", v.size(),
		        line.empty() ? "none" : line.c_str());
	}

	fprintf(out, "  undefined flags that differ from KVM's (the host CPU's); to be identical "
	             "kemu would compute them as this CPU does:\n");
	bool any = false;
	for (const auto &[name, ms] : mnemonics)
		if (ms.count[kUndefFlags]) {
			fprintf(out, "    %-24s %s (%llu cases, e.g. %s)\n", name.c_str(),
			        ms.undef_bits ? flag_names(ms.undef_bits).c_str() : "result",
			        (unsigned long long)ms.count[kUndefFlags],
			        examples(ms.examples[kUndefFlags]).c_str());
			any = true;
		}
	if (!any)
		fprintf(out, "    none\n");

	uint64_t mismatches = stats.total(kMismatch);
	fprintf(out,
	        "  MISMATCH (%llu), by mnemonic and kind (KVM's outcome vs kemu's: fields that "
	        "differ):\n",
	        (unsigned long long)mismatches);
	// kind -> count and examples, per mnemonic (leaves of one mnemonic merged)
	std::map<std::string, std::map<std::string, SignatureStats>> kinds;
	for (const auto &[key, sig] : stats.signatures) {
		size_t tab = key.find('\t'), order = 0;
		SignatureStats &k =
		    kinds[mnemonic_of(key.substr(0, tab), table, &order)][key.substr(tab + 1)];
		k.count += sig.count;
		for (uint64_t e : sig.examples)
			if (k.examples.size() < Stats::kExamples)
				k.examples.push_back(e);
	}
	constexpr size_t kKindsShown = 8;
	for (const auto &[name, ms] : mnemonics) {
		if (!ms.count[kMismatch])
			continue;
		fprintf(out, "    %-24s %llu cases\n", name.c_str(),
		        (unsigned long long)ms.count[kMismatch]);
		std::vector<std::pair<std::string, SignatureStats>> list(kinds[name].begin(),
		                                                         kinds[name].end());
		std::stable_sort(list.begin(), list.end(), [](const auto &a, const auto &b) {
			return a.second.count > b.second.count;
		});
		for (size_t i = 0; i < list.size() && i < kKindsShown; i++)
			fprintf(out, "        %6llu  %-46s --case %s\n",
			        (unsigned long long)list[i].second.count, list[i].first.c_str(),
			        examples(list[i].second.examples).c_str());
		if (list.size() > kKindsShown)
			fprintf(out, "        (%zu more kinds)\n", list.size() - kKindsShown);
	}
	if (!mismatches)
		fprintf(out, "    none\n");

	uint64_t failed_deviations = 0;
	fprintf(out, "  deviations (%zu listed):\n", deviations.entries().size());
	for (size_t i = 0; i < deviations.entries().size(); i++) {
		const Deviation &d = deviations.entries()[i];
		DeviationCounts c =
		    i < stats.deviations.size() ? stats.deviations[i] : DeviationCounts{};
		const char *state = "NOT EXERCISED";
		if (c.occurred)
			state = "occurs";
		else if (d.event != Event::Instruction || d.fuzz_only)
			state = "made only by the differential fuzzer";
		else if (c.selected && c.kemu_handled == 0)
			state = "pending (kemu does not emulate these instructions yet)";
		else
			failed_deviations++;
		fprintf(out, "    %-34s %-10s %s: %llu cases (%llu selected, kemu emulated %llu)\n",
		        d.id.c_str(),
		        d.cls == kMismatch    ? "mismatch"
		        : d.cls == kBeyondKvm ? "beyond"
		                              : "gap",
		        state, (unsigned long long)c.occurred, (unsigned long long)c.selected,
		        (unsigned long long)c.kemu_handled);
	}
	fprintf(out, "  KVM warnings: %llu%s%s\n", (unsigned long long)stats.kvm_warnings,
	        stats.warning_examples.empty() ? "" : ", e.g. --case ",
	        examples(stats.warning_examples).c_str());
	for (const Crash &c : stats.crashes)
		fprintf(out, "  CRASH: %s at case %llu (signal %d); reproduce with --case %llu\n",
		        c.signal == 14 ? "hang" : "crash", (unsigned long long)c.index, c.signal,
		        (unsigned long long)c.index);

	uint64_t failed = mismatches + stats.crashes.size() + failed_deviations;
	*passed = stats.cases - mismatches + deviations.entries().size() - failed_deviations;
	return failed;
}

void print_mnemonic_table(FILE *out, const Stats &stats, const KvmTable &table)
{
	fprintf(out, "%-34s %9s", "mnemonic (KVM decode)", "variants");
	for (unsigned c = 0; c < kClassCount; c++)
		fprintf(out, " %11s", class_name(c));
	fprintf(out, "  examples\n");
	for (const auto &[name, ms] : by_mnemonic(stats, table)) {
		fprintf(out, "%-34s %9llu", name.c_str(), (unsigned long long)ms.total());
		for (unsigned c = 0; c < kClassCount; c++)
			fprintf(out, " %11llu", (unsigned long long)ms.count[c]);
		std::string ex;
		for (unsigned c : {kMismatch, kKemuGap, kBeyondKvm, kUndefFlags})
			if (!ms.examples[c].empty())
				ex += std::string(ex.empty() ? "" : "; ") + class_name(c) + ": " +
				      examples(ms.examples[c]);
		fprintf(out, "  %s\n", ex.c_str());
	}
}

void print_coverage(FILE *out, const Stats &stats, const KvmTable &table)
{
	struct Entry {
		std::string key, mnemonic;
	};
	std::vector<Entry> entries;
	for (const KvmTable::Row &r : table.rows())
		if (r.status == "E")
			entries.push_back({r.key, r.mnemonic});
	unsigned identical = 0, partial = 0, mismatch = 0, gap = 0, unexercised = 0;
	fprintf(out, "%-22s %-34s %-12s %10s %8s %8s  %s\n", "KVM entry", "mnemonic", "kemu",
	        "kvm-cases", "gaps", "mismatch", "example");
	for (const Entry &e : entries) {
		auto it = stats.leaves.find(e.key);
		LeafStats s = it == stats.leaves.end() ? LeafStats{} : it->second;
		// Judge by the cases KVM retired; an entry KVM only ever faulted on
		// (e.g. #UD in 64-bit mode) is judged by those faults.
		uint64_t retired = 0;
		for (uint64_t n : s.retired)
			retired += n;
		const uint64_t *n = retired ? s.retired : s.count;
		uint64_t handled = n[kMatch] + n[kSameFault] + n[kUndefFlags] + n[kDeviation] +
		                   n[kMismatch] + n[kKemuGap];
		uint64_t same = n[kMatch] + n[kSameFault] + n[kUndefFlags] + n[kDeviation];
		const char *verdict;
		std::vector<uint64_t> ex;
		if (!handled) {
			verdict = "unexercised", unexercised++;
		} else if (s.count[kMismatch]) {
			verdict = "MISMATCH", mismatch++, ex = s.examples[kMismatch];
		} else if (!same) {
			verdict = "gap", gap++, ex = s.examples[kKemuGap];
		} else if (n[kKemuGap]) {
			verdict = "partial", partial++, ex = s.examples[kKemuGap];
		} else {
			verdict = "identical", identical++;
		}
		fprintf(out, "%-22s %-34s %-12s %10llu %8llu %8llu  %s\n", e.key.c_str(),
		        e.mnemonic.c_str(), verdict, (unsigned long long)handled,
		        (unsigned long long)n[kKemuGap], (unsigned long long)s.count[kMismatch],
		        ex.empty() ? "" : ("--case " + std::to_string(ex[0])).c_str());
	}
	fprintf(out,
	        "identical: in every case KVM retired (or, if it never did, executed), kemu did "
	        "the same;\npartial: some of those cases are still kemu gaps; MISMATCH: any "
	        "unlisted difference\n");
	fprintf(out, "%u identical, %u partial, %u gap, %u mismatch, %u unexercised\n", identical,
	        partial, gap, mismatch, unexercised);
	fprintf(out, "kemu: %u/%zu KVM entries emulated\n", identical, entries.size());
}

} // namespace oracle
