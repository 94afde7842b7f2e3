// A stream of emulations recorded by kemu.ko (tools/RECORD-FORMAT.md) as
// side-by-side cases: each record's starting state (mode, registers, the
// segments and control registers it read or its mode implies) and the memory
// and ports it read, served by one host to KVM's emulate.c and to kemu alike.
#pragma once

#include "oracle_abi.h"

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace recorded_mix {

struct Case {
	oracle_cpu cpu;
	bool rep; // a REP string instruction (F2/F3 with MOVS, STOS, INS, ...)
};

struct Mix {
	std::vector<Case> cases;
	// What the records read: guest memory by linear page, port input by port.
	std::unordered_map<uint64_t, std::array<uint8_t, 4096>> pages;
	uint8_t ports[65536][4] = {};
};

// Read the records of `file` (exits with a message on a malformed one).
Mix load(const std::string &file);

// The host over a mix's memory and ports (reads the recorded bytes, 0 where
// none was recorded; writes and port output are accepted and dropped, so
// every pass over the stream starts from the same memory).
const oracle_host *host(const Mix &mix);

} // namespace recorded_mix
