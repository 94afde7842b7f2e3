// The encodings both decoder differentials (GNU objdump, LLVM's MC
// disassembler) compare kemu with: every opcode of every map x ModRM classes
// x prefix sets, the VEX escapes x every map-1..3 opcode x ModRM classes, and
// random strings biased towards prefixes and escapes.  Each is kCandidate
// bytes; the harnesses pad them into slots.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace kemu::sweep {

constexpr unsigned kCandidate = 15;

inline std::vector<std::vector<uint8_t>> candidates(unsigned mode_bits, unsigned random,
                                                    unsigned long seed)
{
	std::mt19937_64 rng(seed * 0x9e3779b97f4a7c15ull + mode_bits);
	std::vector<std::vector<uint8_t>> out;
	auto tail = [&](std::vector<uint8_t> v) {
		while (v.size() < kCandidate)
			v.push_back(uint8_t(rng()));
		out.push_back(v);
	};
	std::vector<std::vector<uint8_t>> prefixes = {{},     {0x66}, {0xf3}, {0xf2},
	                                              {0x67}, {0xf0}, {0x2e}, {0x66, 0xf2}};
	if (mode_bits == 64) {
		prefixes.push_back({0x48});
		prefixes.push_back({0x41});
		prefixes.push_back({0x66, 0x4c});
		prefixes.push_back({0xf3, 0x48});
	}
	const std::vector<std::vector<uint8_t>> escapes = {{}, {0x0f}, {0x0f, 0x38}, {0x0f, 0x3a}};
	static const uint8_t kModrms[] = {0x00, 0x04, 0x05, 0x0c, 0x44, 0x84, 0xc0, 0xc8,
	                                  0xd0, 0xd8, 0xe0, 0xe8, 0xf0, 0xf8, 0x3d, 0x7c};
	for (const auto &p : prefixes)
		for (const auto &e : escapes)
			for (unsigned op = 0; op < 256; op++)
				for (uint8_t m : kModrms) {
					std::vector<uint8_t> v = p;
					v.insert(v.end(), e.begin(), e.end());
					v.push_back(uint8_t(op));
					v.push_back(m);
					tail(v);
				}
	// VEX (no legacy prefix: with one it is #UD, which the random strings
	// reach): map 1 with every VEX.pp and both lengths, VEX.vvvv in use, W1,
	// and maps 2 and 3.  The byte after C4/C5 has bits 7:6 set, so these are
	// VEX outside 64-bit mode too.
	static const std::vector<std::vector<uint8_t>> kVex = {
	    {0xc5, 0xf8},       {0xc5, 0xf9},       {0xc5, 0xfa},       {0xc5, 0xfb},
	    {0xc5, 0xfc},       {0xc5, 0xfd},       {0xc5, 0xfe},       {0xc5, 0xff},
	    {0xc5, 0xc1},       {0xc4, 0xe1, 0xf9}, {0xc4, 0xe2, 0x78}, {0xc4, 0xe2, 0x79},
	    {0xc4, 0xe2, 0x7d}, {0xc4, 0xe2, 0x41}, {0xc4, 0xe3, 0x79}, {0xc4, 0xe3, 0x7d}};
	for (const auto &e : kVex)
		for (unsigned op = 0; op < 256; op++)
			for (uint8_t m : kModrms) {
				std::vector<uint8_t> v = e;
				v.push_back(uint8_t(op));
				v.push_back(m);
				tail(v);
			}
	static const uint8_t kPool[] = {0x66, 0x67, 0xf0, 0xf2, 0xf3, 0x26, 0x2e, 0x36,
	                                0x3e, 0x64, 0x65, 0x0f, 0x0f, 0x38, 0x3a, 0xc4,
	                                0xc5, 0x62, 0x8f, 0x40, 0x48, 0x44, 0x41, 0x4f};
	for (unsigned i = 0; i < random; i++) {
		std::vector<uint8_t> v;
		const unsigned biased = unsigned(rng() % 4);
		for (unsigned k = 0; k < biased; k++)
			v.push_back(kPool[rng() % sizeof(kPool)]);
		tail(v);
	}
	return out;
}

} // namespace kemu::sweep
