// Differential test of kemu's decoder against LLVM's MC disassembler
// (`llvm-mc --disassemble`), the second oracle beside GNU objdump: the same
// encodings (tests/objdump/candidates.h) in the same modes.  For each, kemu
// decodes the 15 bytes; llvm-mc gets the bytes cut to kemu's length (all 15
// where kemu rejects them) and must agree on validity, length and mnemonic,
// or differ as a named rule of the policy (POLICY.md) says.  One llvm-mc
// process runs a whole mode (llvm_run.h).
//
//   decode-vs-llvm --mode 16|32|64 [--random N] [--seed S] [--show K]
#include <kemu/kemu.h>

#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "candidates.h"
#include "llvm_policy.h"

int main(int argc, char **argv)
{
	unsigned bits = 64, random = 100000, show = 20, examples = 0;
	unsigned long seed = 1;
	for (int i = 1; i + 1 < argc; i += 2) {
		const std::string k = argv[i];
		const unsigned long v = strtoul(argv[i + 1], nullptr, 0);
		if (k == "--mode")
			bits = unsigned(v);
		else if (k == "--random")
			random = unsigned(v);
		else if (k == "--seed")
			seed = v;
		else if (k == "--show")
			show = unsigned(v);
		else if (k == "--examples") // print the first string of each agreeing category
			examples = unsigned(v);
		else {
			fprintf(stderr, "decode-vs-llvm: unknown option %s\n", k.c_str());
			return 2;
		}
	}
	const unsigned mode = kemu::llvm_mc::mode_of(bits);
	const auto cands = kemu::sweep::candidates(bits, random, seed);
	std::vector<kemu_disasm> kemu(cands.size());
	std::vector<int> rc(cands.size());
	std::vector<kemu::llvm_mc::Line> lines(cands.size());
	for (size_t i = 0; i < cands.size(); i++) {
		rc[i] = kemu_disassemble(mode, cands[i].data(), kemu::sweep::kCandidate, &kemu[i]);
		const size_t n = rc[i] == KEMU_CONTINUE ? kemu[i].length : kemu::sweep::kCandidate;
		lines[i].bytes.assign(cands[i].begin(), cands[i].begin() + n);
	}
	if (!kemu::llvm_mc::run(bits, lines)) {
		fprintf(stderr, "decode-vs-llvm: llvm-mc failed or its output is out of step "
		                "(is the llvm package installed?)\n");
		return 2;
	}
	kemu::objdump::Tally tally;
	unsigned shown = 0;
	std::set<std::string> exemplified;
	for (size_t i = 0; i < cands.size(); i++) {
		const kemu::llvm_mc::First f = kemu::llvm_mc::first_of(bits, lines[i]);
		const kemu::objdump::Verdict v =
		    kemu::llvm_mc::judge(bits, cands[i].data(), f, rc[i], kemu[i]);
		tally.count(v.category, v.ok);
		if (v.ok && examples && exemplified.insert(v.category).second) {
			printf("EXAMPLE %u-bit ", bits);
			for (size_t k = 0; k < lines[i].bytes.size(); k++)
				printf("%02x", cands[i][k]);
			printf("  %s\n", v.category.c_str());
		}
		if (!v.ok && shown < show) {
			shown++;
			printf("DISAGREE %2u-bit:", bits);
			for (uint8_t b : cands[i])
				printf(" %02x", b);
			printf("\n    llvm: %s%s\n    kemu: len %u  %s (status %d)\n    %s\n",
			       f.invalid ? "invalid" : f.text.c_str(),
			       f.longer ? (f.longer < 0 ? " (shorter)" : " (longer)") : "",
			       kemu[i].length, kemu[i].text, rc[i], v.category.c_str());
		}
	}
	tally.print(bits, "decode-llvm");
	return tally.failed ? 1 : 0;
}
