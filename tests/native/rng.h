// Deterministic randomness: every case has its own generator seeded from
// (run seed, case number), so `--case N` rebuilds case N without the others.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>

namespace native {

class Rng {
public:
	explicit Rng(uint64_t seed) : s_(seed) {}
	static Rng for_case(uint64_t seed, uint64_t index)
	{
		Rng r(seed * 0x9e3779b97f4a7c15ull ^ (index + 0x632be59bd9b4e019ull));
		r.next();
		return r;
	}

	uint64_t next() // splitmix64
	{
		uint64_t z = (s_ += 0x9e3779b97f4a7c15ull);
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
		return z ^ (z >> 31);
	}
	uint64_t below(uint64_t n) { return n ? next() % n : 0; }
	// A number in [lo, hi].
	int64_t range(int64_t lo, int64_t hi)
	{
		return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo) + 1));
	}
	bool percent(unsigned p) { return below(100) < p; }
	bool coin() { return next() & 1; }
	template <class T>
	T pick(std::initializer_list<T> items)
	{
		return items.begin()[below(items.size())];
	}

	// A value of `bits` (8/16/32/64) biased to the edges: 0, 1, -1, the sign
	// boundaries, small numbers, powers of two and their neighbours.
	uint64_t edge(unsigned bits)
	{
		uint64_t mask = bits >= 64 ? ~0ull : (1ull << bits) - 1;
		uint64_t sign = 1ull << (bits - 1);
		uint64_t v;
		// clang-format off
		switch (below(16)) {
		case 0: v = 0; break;
		case 1: v = 1; break;
		case 2: v = mask; break;                              // -1
		case 3: v = sign - 1; break;                          // signed max
		case 4: v = sign; break;                              // signed min
		case 5: v = sign + pick<uint64_t>({1, mask}); break; // min + 1; min - 1 = max
		case 6: v = below(17); break;                         // small
		case 7: v = 0 - below(17); break;                     // small negative
		case 8: v = 1ull << below(bits); break;               // a power of two
		case 9: v = (1ull << below(bits)) - 1; break;         // a run of ones
		case 10: v = next() & next(); break;                  // few bits set
		case 11: v = next() | next(); break;                  // many bits set
		default: v = next(); break;
		}
		// clang-format on
		return v & mask;
	}

	// A 64-bit register value whose low `bits` are an edge value and whose
	// upper part is random, zero or all ones (partial writes must keep it).
	uint64_t edge_in_register(unsigned bits)
	{
		if (bits >= 64)
			return edge(64);
		uint64_t low = edge(bits);
		uint64_t mask = (1ull << bits) - 1;
		uint64_t high = pick<uint64_t>({0, ~0ull, next(), next()});
		return (high & ~mask) | low;
	}

private:
	uint64_t s_;
};

} // namespace native
