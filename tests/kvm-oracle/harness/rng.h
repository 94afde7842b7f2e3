// Deterministic randomness: every value of a case derives from (seed, index).
#pragma once

#include <cstdint>

namespace oracle {

// SplitMix64's finalizer over a combination of two words.
constexpr uint64_t mix(uint64_t a, uint64_t b)
{
	uint64_t z = a + 0x9e3779b97f4a7c15ull * (b + 1);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

class Rng {
public:
	explicit Rng(uint64_t seed) : state_(seed) {}
	uint64_t next() { return mix(state_, counter_++); }
	// uniform in [0, n)
	uint64_t below(uint64_t n) { return n ? next() % n : 0; }
	bool chance(unsigned percent) { return below(100) < percent; }
	template <typename T, unsigned N>
	const T &pick(const T (&a)[N])
	{
		return a[below(N)];
	}

private:
	uint64_t state_;
	uint64_t counter_ = 0;
};

} // namespace oracle
