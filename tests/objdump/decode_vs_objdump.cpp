// Differential test of kemu's decoder against GNU objdump (binutils).
//
// Byte strings (enumerated over the opcode maps x ModRM classes x prefixes,
// plus random ones) are laid out one per 32-byte slot: the candidate's 15
// bytes, then 17 single-byte NOPs, so objdump is back in step at every slot
// start whatever the candidate decodes to (no instruction exceeds 15 bytes).
// One objdump process disassembles the whole blob; for each slot its first
// instruction is compared with kemu_disassemble on the same 32 bytes: the
// same length and the same mnemonic, or a difference that the policy (see
// POLICY.md) names, counts and excuses.  Anything else fails the run.
//
//   decode-vs-objdump --mode 16|32|64 [--random N] [--seed S] [--show K]
#include <kemu/kemu.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <unistd.h>

#include "candidates.h"
#include "objdump_run.h"
#include "policy.h"

namespace {

constexpr unsigned kSlot = 32, kCandidate = kemu::sweep::kCandidate;

struct Options {
	unsigned mode_bits = 64;
	unsigned random = 100000;
	unsigned long seed = 1;
	unsigned show = 20;
};

} // namespace

int main(int argc, char **argv)
{
	Options opt;
	for (int i = 1; i + 1 < argc; i += 2) {
		const std::string k = argv[i];
		const unsigned long v = strtoul(argv[i + 1], nullptr, 0);
		if (k == "--mode")
			opt.mode_bits = unsigned(v);
		else if (k == "--random")
			opt.random = unsigned(v);
		else if (k == "--seed")
			opt.seed = v;
		else if (k == "--show")
			opt.show = unsigned(v);
		else {
			fprintf(stderr, "decode-vs-objdump: unknown option %s\n", k.c_str());
			return 2;
		}
	}
	const unsigned mode = opt.mode_bits == 16   ? KEMU_MODE_PROT16
	                      : opt.mode_bits == 32 ? KEMU_MODE_PROT32
	                                            : KEMU_MODE_PROT64;

	const std::vector<std::vector<uint8_t>> cands =
	    kemu::sweep::candidates(opt.mode_bits, opt.random, opt.seed);
	std::vector<uint8_t> blob;
	blob.reserve(cands.size() * kSlot);
	for (const auto &c : cands) {
		blob.insert(blob.end(), c.begin(), c.begin() + kCandidate);
		blob.insert(blob.end(), kSlot - kCandidate, 0x90);
	}
	std::vector<kemu::objdump::ObjdumpLine> lines;
	if (!kemu::objdump::run_objdump(opt.mode_bits, blob, lines)) {
		fprintf(stderr, "decode-vs-objdump: objdump failed (is binutils installed?)\n");
		return 2;
	}
	std::map<unsigned, size_t> at; // address -> first line index
	for (size_t i = 0; i < lines.size(); i++)
		at.emplace(lines[i].address, i);

	kemu::objdump::Tally tally;
	unsigned shown = 0;
	for (size_t s = 0; s < cands.size(); s++) {
		const unsigned start = unsigned(s * kSlot);
		auto it = at.find(start);
		if (it == at.end()) {
			tally.count("unsynchronised slot (objdump skipped the slot start)", false);
			continue;
		}
		kemu::objdump::Objdump od;
		kemu_disasm d;
		int rc;
		const kemu::objdump::Verdict v = kemu::objdump::judge_slot(
		    opt.mode_bits, mode, blob.data() + start, kSlot, lines, it->second, od, d, rc);
		tally.count(v.category, v.ok);
		if (!v.ok && shown < opt.show) {
			shown++;
			printf("DISAGREE %2u-bit:", opt.mode_bits);
			for (unsigned i = 0; i < kCandidate; i++)
				printf(" %02x", blob[start + i]);
			printf("\n    objdump: len %u  %s\n    kemu:    len %u  %s (status %d)\n   "
			       " %s\n",
			       od.length, od.joined().c_str(), d.length, d.text, rc,
			       v.category.c_str());
		}
	}
	tally.print(opt.mode_bits);
	return tally.failed ? 1 : 0;
}
