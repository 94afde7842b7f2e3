// The case generator.  Case numbers are a deterministic function of the
// seed: a structured sweep (every opcode of the one-byte, 0F, 0F38 and 0F3A
// maps x 16 ModRM forms x 8 prefix sets x the four modes, with random
// register, flag and memory values) repeated `passes` times with fresh
// values, followed by `random` cases of random byte sequences.
#pragma once

#include "testcase.h"

#include <cstdint>

namespace oracle {

// The defaults are those of `make test-kvm-oracle`, so that --case N alone
// reproduces a case of the CI run.
struct GeneratorConfig {
	uint64_t seed = 1;
	uint64_t passes = 2;
	uint64_t random = 400000;
};

class Generator {
public:
	static constexpr unsigned kModes = 4, kMaps = 4, kOpcodes = 256, kModrmForms = 16,
	                          kPrefixSets = 8;
	static constexpr uint64_t kSweepSize =
	    uint64_t{kModes} * kMaps * kOpcodes * kModrmForms * kPrefixSets;

	explicit Generator(const GeneratorConfig &config) : config_(config) {}
	uint64_t total() const { return config_.passes * kSweepSize + config_.random; }
	TestCase make(uint64_t index) const;

private:
	GeneratorConfig config_;
};

} // namespace oracle
