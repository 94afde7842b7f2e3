// The opcodes x86_emulate_insn() executes in its own switch statements rather
// than through a leaf's execute function (Jcc, CMOVcc, HLT, ...): the one part
// of "what KVM emulates" that is code, not table.  Read from emulate.c's text.
#pragma once

#include <set>
#include <string>
#include <utility>

// (opcode length 1/2/3, opcode) of every case label at the top level of the
// `switch (ctxt->b)` that follows the labels special_insn:, twobyte_insn: and
// threebyte_insn: of x86_emulate_insn(); false with *error set when emulate.c
// is not laid out that way.
bool emulated_by_switch(const std::string &emulate_c, std::set<std::pair<int, int>> *out,
                        std::string *error);
