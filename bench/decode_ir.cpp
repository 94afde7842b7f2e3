// Instruction counts per decode and per decode+execute, for callgrind
// (bench/callgrind.sh runs this twice and divides the difference, so start-up
// cost cancels out).  Usage: kemu-decode-ir decode|emulate FORM COUNT
#include <kemu/kemu.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "forms.h"

int main(int argc, char **argv)
{
	if (argc != 4)
		return 2;
	const bool execute = strcmp(argv[1], "emulate") == 0;
	const unsigned form = unsigned(atoi(argv[2])), count = unsigned(atoi(argv[3]));
	if (form >= kemu_bench::kFormCount)
		return 2;
	kemu_bench::Machine m(kemu_bench::kForms[form]);
	unsigned ok = 0;
	for (unsigned i = 0; i < count; i++) {
		m.ctxt.rip = m.rip;
		ok += (execute ? kemu_emulate(&m.ctxt, nullptr, 0)
		               : kemu_decode(&m.ctxt, nullptr, 0)) == KEMU_CONTINUE;
	}
	printf("%s %u/%u\n", kemu_bench::kForms[form].name, ok, count);
	return ok == count ? 0 : 1;
}
