// What GNU objdump calls an encoding: the mnemonic column of the table.  KVM
// names its handlers, not its instructions (em_mov runs MOV, MOVS, STOS,
// MOVUPS, ...), so the name comes from the disassembler the decoder is
// already checked against (tests/objdump).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

struct Encoding {
	std::vector<uint8_t> bytes; // at most 24
	bool mode64;
};

// objdump's mnemonic of each encoding (Intel syntax, prefixes dropped),
// lower case; "(bad)" where it has none.  False with *error if objdump
// cannot be run or its output cannot be read.
bool objdump_mnemonics(const std::vector<Encoding> &encodings, std::vector<std::string> *out,
                       std::string *error);
