// Statistics: accumulation and a line-oriented text form for the workers.
#include "stats.h"

#include <cstring>
#include <fstream>
#include <sstream>

namespace oracle {

uint64_t LeafStats::kvm_handled() const
{
	return count[kMatch] + count[kSameFault] + count[kUndefFlags] + count[kDeviation] +
	       count[kMismatch] + count[kKemuGap];
}

void Stats::add(const Evaluation &ev, uint64_t index)
{
	LeafStats &s = leaves[leaf_key(ev.leaf)];
	s.count[ev.cls]++;
	if (ev.kvm.exit.outcome == ORACLE_OUT_OK)
		s.retired[ev.cls]++;
	if (ev.cls == kMismatch) {
		s.mismatch_fields |= ev.diff.fields;
		SignatureStats &sig = signatures[leaf_key(ev.leaf) + "\t" +
		                                 mismatch_signature(ev.kvm, ev.kemu, ev.diff)];
		sig.count++;
		if (sig.examples.size() < kExamples)
			sig.examples.push_back(index);
	}
	if (ev.cls == kUndefFlags)
		s.undef_bits |= ev.diff.rflags_xor;
	if (s.examples[ev.cls].size() < kExamples)
		s.examples[ev.cls].push_back(index);
	cases++;
	if (ev.kvm.exit.warnings) {
		kvm_warnings++;
		if (warning_examples.size() < kExamples)
			warning_examples.push_back(index);
	}
}

void Stats::merge(const Stats &o)
{
	for (const auto &[key, src] : o.leaves) {
		LeafStats &dst = leaves[key];
		for (unsigned c = 0; c < kClassCount; c++) {
			dst.count[c] += src.count[c];
			dst.retired[c] += src.retired[c];
			for (uint64_t e : src.examples[c])
				if (dst.examples[c].size() < kExamples)
					dst.examples[c].push_back(e);
		}
		dst.mismatch_fields |= src.mismatch_fields;
		dst.undef_bits |= src.undef_bits;
	}
	for (const auto &[key, src] : o.signatures) {
		SignatureStats &dst = signatures[key];
		dst.count += src.count;
		for (uint64_t e : src.examples)
			if (dst.examples.size() < kExamples)
				dst.examples.push_back(e);
	}
	cases += o.cases;
	kvm_warnings += o.kvm_warnings;
	for (uint64_t e : o.warning_examples)
		if (warning_examples.size() < kExamples)
			warning_examples.push_back(e);
	if (deviations.size() < o.deviations.size())
		deviations.resize(o.deviations.size());
	for (size_t i = 0; i < o.deviations.size(); i++) {
		deviations[i].occurred += o.deviations[i].occurred;
		deviations[i].selected += o.deviations[i].selected;
		deviations[i].kemu_handled += o.deviations[i].kemu_handled;
	}
	crashes.insert(crashes.end(), o.crashes.begin(), o.crashes.end());
}

uint64_t Stats::total(Class c) const
{
	uint64_t n = 0;
	for (const auto &[key, s] : leaves)
		n += s.count[c];
	return n;
}

// Format: one record per line, tab-separated; a leaf key may hold spaces.
//   cases <n> <warnings> <warning examples,...>
//   leaf <key> <count x9> <mismatch fields> <undef bits> <examples;...> <retired x9>
//   signature <leaf key> <signature> <count> <examples,...>
//   deviation <i> <occurred> <selected> <kemu gaps>
//   crash <index> <signal>
//   resume <index>          (a worker's checkpoint)
bool Stats::save(const std::string &path) const
{
	std::ofstream out(path);
	out << "cases\t" << cases << "\t" << kvm_warnings << "\t";
	for (uint64_t e : warning_examples)
		out << e << ",";
	out << "\n";
	for (const auto &[key, s] : leaves) {
		out << "leaf\t" << key;
		for (unsigned c = 0; c < kClassCount; c++)
			out << "\t" << s.count[c];
		out << "\t" << s.mismatch_fields << "\t" << s.undef_bits << "\t";
		for (unsigned c = 0; c < kClassCount; c++) {
			for (uint64_t e : s.examples[c])
				out << e << ",";
			out << ";";
		}
		for (unsigned c = 0; c < kClassCount; c++)
			out << "\t" << s.retired[c];
		out << "\n";
	}
	for (const auto &[key, sig] : signatures) {
		out << "signature\t" << key << "\t" << sig.count << "\t";
		for (uint64_t e : sig.examples)
			out << e << ",";
		out << "\n";
	}
	for (size_t i = 0; i < deviations.size(); i++)
		out << "deviation\t" << i << "\t" << deviations[i].occurred << "\t"
		    << deviations[i].selected << "\t" << deviations[i].kemu_handled << "\n";
	for (const Crash &c : crashes)
		out << "crash\t" << c.index << "\t" << c.signal << "\n";
	out << "resume\t" << resume << "\n";
	return static_cast<bool>(out);
}

namespace {

std::vector<std::string> fields_of(const std::string &line, char sep)
{
	std::vector<std::string> out;
	std::string item;
	std::stringstream in(line);
	while (std::getline(in, item, sep))
		out.push_back(item);
	return out;
}

std::vector<uint64_t> numbers(const std::string &list)
{
	std::vector<uint64_t> out;
	for (const std::string &n : fields_of(list, ','))
		if (!n.empty())
			out.push_back(std::stoull(n));
	return out;
}

} // namespace

bool Stats::load(const std::string &path)
{
	std::ifstream in(path);
	if (!in)
		return false;
	std::string line;
	while (std::getline(in, line)) {
		std::vector<std::string> f = fields_of(line, '\t');
		if (f.empty())
			continue;
		if (f[0] == "cases" && f.size() >= 3) {
			cases += std::stoull(f[1]);
			kvm_warnings += std::stoull(f[2]);
			if (f.size() > 3)
				for (uint64_t e : numbers(f[3]))
					warning_examples.push_back(e);
		} else if (f[0] == "leaf" && f.size() >= 2 + kClassCount + 3) {
			LeafStats &s = leaves[f[1]];
			for (unsigned c = 0; c < kClassCount; c++)
				s.count[c] += std::stoull(f[2 + c]);
			s.mismatch_fields |= static_cast<uint32_t>(std::stoul(f[2 + kClassCount]));
			s.undef_bits |= std::stoull(f[3 + kClassCount]);
			std::vector<std::string> ex = fields_of(f[4 + kClassCount], ';');
			for (unsigned c = 0; c < kClassCount && c < ex.size(); c++)
				for (uint64_t e : numbers(ex[c]))
					s.examples[c].push_back(e);
			for (unsigned c = 0; c < kClassCount && 5 + kClassCount + c < f.size(); c++)
				s.retired[c] += std::stoull(f[5 + kClassCount + c]);
		} else if (f[0] == "signature" && f.size() >= 4) {
			SignatureStats &sig = signatures[f[1] + "\t" + f[2]];
			sig.count += std::stoull(f[3]);
			if (f.size() > 4)
				for (uint64_t e : numbers(f[4]))
					if (sig.examples.size() < kExamples)
						sig.examples.push_back(e);
		} else if (f[0] == "deviation" && f.size() >= 5) {
			size_t i = std::stoul(f[1]);
			if (deviations.size() <= i)
				deviations.resize(i + 1);
			deviations[i].occurred += std::stoull(f[2]);
			deviations[i].selected += std::stoull(f[3]);
			deviations[i].kemu_handled += std::stoull(f[4]);
		} else if (f[0] == "crash" && f.size() >= 3) {
			crashes.push_back({std::stoull(f[1]), std::stoi(f[2])});
		} else if (f[0] == "resume" && f.size() >= 2) {
			resume = std::stoull(f[1]);
		}
	}
	return true;
}

} // namespace oracle
