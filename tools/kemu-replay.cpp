// kemu-replay: run emulation records of kemu.ko (tools/RECORD-FORMAT.md) again
// on the userspace build of the core, answering every callback from the
// record, and show where the run departs from it.
//
//   kemu-replay [-v] [-n N] FILE       FILE "-" is standard input
//   kemu-replay --help | --version
//
// Exit status: 0 every replayed record reproduced, 1 one did not, 2 the file
// is malformed (or the usage is wrong).  The file comes from a guest-driven
// situation: every length is bounded and checked before the core sees it.
//
// How this tool reads RECORD-FORMAT.md where it leaves room:
//  - A number is hexadecimal with "0x", decimal without, in every field
//    (the writer uses 0x where the format says hex; rc, the 0/1 flags and the
//    exception's vector and ecv may be plain decimal: they read the same).
//  - Empty lines and lines starting with '#' are skipped anywhere; keys may
//    come in any order, each once; an unknown key is malformed.
//  - Every result has rip=, rflags=, gprs= and exception=; decode= in pass 1
//    only.  status= is required from pass 2 on; in pass 1 it is absent after
//    a failed decode, or after a decode the host refused to execute (KVM on
//    a #UD exit): the replay executes only when its decode succeeded and the
//    record has a status.
//  - fault= appears exactly when rc=2; reads (and pio_in, get_vreg, fxsave)
//    carry data= of exactly their length when rc=0; value= is required where
//    the host always answers one (cpl, get_cr, get_dr, is_smm; get_msr,
//    get_msr_filtered, read_pmc when rc=0; x87 FNSTCW/FNSTSW).
//  - Limits: lines of 4096 characters, 15 instruction bytes, 1024 data bytes
//    (len=, size * count), 65536 calls a pass, 4096 passes numbered 1, 2, ...
//  - -n N selects by the record's own number (kemu-record N).  Records
//    before a malformed line are replayed and reported, then exit status 2.
//  - Every callback is given, as kemu.ko's bridge on 6.12 does.
#include <kemu/version.h>

#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "replay/host.h"
#include "replay/record.h"
#include "replay/text.h"
#include "replay/verdict.h"

using namespace kemu_replay;

namespace {

[[noreturn]] void usage()
{
	fprintf(stderr, "usage: kemu-replay [-v] [-n N] FILE   (FILE - is standard input)\n");
	exit(2);
}

} // namespace

int main(int argc, char **argv)
{
	bool only = false;
	u64 wanted = 0;
	const char *file = nullptr;
	if (argc == 2 && !strcmp(argv[1], "--help")) {
		printf("usage: kemu-replay [-v] [-n N] FILE   (FILE - is standard input)\n"
		       "Run kemu.ko's emulation records again on the userspace core, answering\n"
		       "each callback from the record; -v shows every call, -n only record N.\n"
		       "Exit status: 0 all reproduced, 1 one not, 2 a malformed file.\n"
		       "See kemu-replay(1).\n");
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "--version")) {
		printf("kemu-replay %s\n", KEMU_VERSION);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-v")) {
			g_verbose = true;
		} else if (!strcmp(argv[i], "-n")) {
			if (++i == argc || !parse_number(argv[i], wanted))
				usage();
			only = true;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			usage();
		} else if (!file) {
			file = argv[i];
		} else {
			usage();
		}
	}
	if (!file)
		usage();
	g_file = file;
	FILE *f = strcmp(file, "-") ? fopen(file, "r") : stdin;
	if (!f) {
		fprintf(stderr, "kemu-replay: %s: %s\n", file, strerror(errno));
		return 2;
	}
	Reader in;
	in.f = f;
	Record r;
	unsigned replayed = 0, failed = 0;
	while (parse_record(in, r)) {
		if (only && r.number != wanted)
			continue;
		if (replayed)
			printf("\n");
		replayed++;
		if (!replay(r))
			failed++;
		fflush(stdout);
	}
	if (only && !replayed) {
		fprintf(stderr, "kemu-replay: %s: no record %" PRIu64 "\n", file, wanted);
		return 2;
	}
	if (!only && !replayed) {
		fprintf(stderr, "kemu-replay: %s: no records\n", file);
		return 2;
	}
	if (replayed > 1)
		printf("\n%u records: %u reproduced, %u not\n", replayed, replayed - failed,
		       failed);
	return failed ? 1 : 0;
}
