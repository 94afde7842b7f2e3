// Running one case through both emulators and classifying the result.
#pragma once

#include "compare.h"
#include "deviations.h"
#include "kvm_backend.h"
#include "machine.h"
#include "testcase.h"
#include "undefined_flags.h"

#include <memory>

namespace oracle {

struct Evaluation {
	RunResult kvm, kemu;
	Diff diff;
	UndefinedFlags undef;
	Class cls = kBothRefuse;
	kvm_leaf leaf{};
	int deviation = -1; // the (first) entry that covers it
};

class Evaluator {
public:
	explicit Evaluator(const DeviationList &deviations);
	~Evaluator();
	Evaluator(const Evaluator &) = delete;
	Evaluator &operator=(const Evaluator &) = delete;

	// Runs the case; the machines keep the memory and logs until the next one.
	Evaluation run(const TestCase &tc);
	// x86.c's queries of the case's instruction, decoded by each emulator on
	// the case's machine (oracle_queries).
	void queries(const TestCase &tc, oracle_queries *kvm, oracle_queries *kemu);
	const Machine &kvm_machine() const { return kvm_machine_; }
	const Machine &kemu_machine() const { return kemu_machine_; }
	// Per deviation entry, over every case run so far.
	const std::vector<DeviationCounts> &deviation_counts() const { return counts_; }

private:
	void apply_deviations(const TestCase &tc, Evaluation &ev);

	const DeviationList &deviations_;
	std::vector<DeviationCounts> counts_;
	Machine kvm_machine_, kemu_machine_;
	kvm_backend *kvm_ = nullptr;
};

// The leaf name used for statistics: "0F BC", "1B F7 /6", "1B C4 vex".
std::string leaf_key(const kvm_leaf &leaf);

} // namespace oracle
