// kemu-native: the real CPU as the oracle for kemu's execution core.
//
//   kemu-native [--seed S] [--count N] [--start N] [--class NAME]
//               [--required FILE] [--show N] [--lines N] [--brief]
//               [--decode-cache cold|warm]
//   kemu-native --case N [--seed S]      one case, in full
//   kemu-native --flags | --classes      the undefined-flag table, the classes
//
// Case N of seed S is the same on every run (rng.h), so a mismatch printed
// by a long run is reproduced by --case N --seed S.  Ends with
// "native: N passed, M failed", counted in classes (report.h).
// --decode-cache: kemu decodes through one decoded-instruction cache kept
// across the cases (cold); warm: each instruction is decoded once before its
// run, whose decodes then come from the cache.
#include "classes.h"
#include "compare.h"
#include "cpu_info.h"
#include "flag_masks.h"
#include "kemu_cpu.h"
#include "native_cpu.h"
#include "report.h"

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

using namespace native;

namespace {

struct Options {
	uint64_t seed = 1;
	uint64_t count = 500000;
	uint64_t start = 0;
	bool one_case = false;
	uint64_t case_index = 0;
	const char *class_filter = nullptr;
	const char *required = nullptr;
	unsigned show = 3;                  // mismatches printed in full
	unsigned one_liners = 40;           // further mismatches, one line each
	bool brief = false;                 // no per-mnemonic lines
	const char *decode_cache = nullptr; // cold or warm
};

void usage()
{
	fprintf(stderr,
	        "usage: kemu-native [--seed S] [--count N] [--start N] [--class NAME] "
	        "[--required FILE]\n"
	        "                   [--show N] [--lines N] [--brief] [--decode-cache cold|warm]\n"
	        "                   | --case N [--seed S] | --flags | --classes\n");
	exit(2);
}

uint64_t number(const char *s)
{
	char *end;
	uint64_t v = strtoull(s, &end, 0);
	if (*s == 0 || *end != 0)
		usage();
	return v;
}

Options parse(int argc, char **argv)
{
	Options o;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		auto value = [&]() -> const char * {
			if (i + 1 >= argc)
				usage();
			return argv[++i];
		};
		if (!strcmp(a, "--seed"))
			o.seed = number(value());
		else if (!strcmp(a, "--count"))
			o.count = number(value());
		else if (!strcmp(a, "--start"))
			o.start = number(value());
		else if (!strcmp(a, "--case"))
			o.one_case = true, o.case_index = number(value());
		else if (!strcmp(a, "--class"))
			o.class_filter = value();
		else if (!strcmp(a, "--required"))
			o.required = value();
		else if (!strcmp(a, "--show"))
			o.show = static_cast<unsigned>(number(value()));
		else if (!strcmp(a, "--lines"))
			o.one_liners = static_cast<unsigned>(number(value()));
		else if (!strcmp(a, "--brief"))
			o.brief = true;
		else if (!strcmp(a, "--decode-cache")) {
			o.decode_cache = value();
			if (strcmp(o.decode_cache, "cold") && strcmp(o.decode_cache, "warm"))
				usage();
		} else if (!strcmp(a, "--flags"))
			print_flag_table(stdout), exit(0);
		else if (!strcmp(a, "--classes")) {
			for (unsigned c = 0; c < kClassCount; c++)
				printf("%-10s weight %2u  %s\n", kClasses[c].name,
				       kClasses[c].weight, kClasses[c].what);
			exit(0);
		} else
			usage();
	}
	return o;
}

// The buffers of one case (each holds a copy of the data buffer).
struct Work {
	Case c;
	Outcome cpu;
	KemuRun kemu;
};

// A native #PF outside the buffer and its guard pages means the generator
// computed an address wrong: stop before it scribbles on the harness.
void check_reach(const Case &c, const Outcome &cpu)
{
	if (cpu.faulted && cpu.vector == 14 &&
	    (cpu.fault_address < kReachLow || cpu.fault_address >= kReachHigh)) {
		fprintf(stderr,
		        "native: generator error: case %" PRIu64 " (%s) faulted at %#" PRIx64
		        " outside the buffer\n",
		        c.index, describe_insn(c).c_str(), cpu.fault_address);
		exit(2);
	}
}

void run_case(NativeCpu &cpu, KemuCpu &kemu, const CpuInfo &info, const Options &o, uint64_t index,
              Work &w, const ClassDef &cls)
{
	set_running_case(o.seed, index);
	Rng rng = Rng::for_case(o.seed, index);
	Gen g(rng, w.c, info, cpu.insn_address());
	w.c.seed = o.seed;
	w.c.index = index;
	cls.generate(g);
	cpu.run(w.c.bytes, w.c.len, w.c.landing, w.c.in, w.c.memory, w.cpu);
	check_reach(w.c, w.cpu);
	kemu.run(w.c.bytes, w.c.len, cpu.insn_address(), w.c.in, w.c.memory, w.c.max_passes,
	         w.kemu);
}

} // namespace

int main(int argc, char **argv)
{
	Options o = parse(argc, argv);
	CpuInfo info = CpuInfo::detect();
	NativeCpu cpu;
	KemuCpu kemu(cpu.base_rflags());
	auto w = std::make_unique<Work>();
	static kemu_decode_cache decode_cache; // (zero: empty)
	if (o.decode_cache)
		KemuCpu::use_decode_cache(&decode_cache, !strcmp(o.decode_cache, "warm"));

	if (o.one_case) {
		run_case(cpu, kemu, info, o, o.case_index, *w, class_of_case(o.case_index));
		print_case(stdout, w->c, w->cpu, w->kemu);
		return compare(w->c, w->cpu, w->kemu, nullptr) == Verdict::Mismatch ? 1 : 0;
	}

	Report report;
	if (o.required && !report.load_required(o.required)) {
		fprintf(stderr, "native: cannot read %s\n", o.required);
		return 2;
	}
	printf("native: %s CPU (LAHF64 %d, LZCNT %d, TZCNT %d, POPCNT %d, CX16 %d); seed %" PRIu64
	       ", cases %" PRIu64 "..%" PRIu64 "\n",
	       info.vendor, info.lahf64, info.lzcnt, info.bmi1, info.popcnt, info.cx16, o.seed,
	       o.start, o.start + o.count - 1);
	auto t0 = std::chrono::steady_clock::now();
	uint64_t endings[33] = {}; // how the native runs ended: vector, or 32 = retired
	uint64_t watchdog_at = 0;
	uint64_t pf_write_differs = 0,
	         pf_write_example = 0; // re-armed every 4096 cases: a hang is a case stuck for 10 s
	unsigned shown = 0, listed = 0;
	uint64_t ran = 0;
	for (uint64_t i = o.start; i < o.start + o.count; i++) {
		const ClassDef &cls = class_of_case(i);
		if (o.class_filter && strcmp(cls.name, o.class_filter) != 0)
			continue;
		if (ran >= watchdog_at)
			arm_watchdog(10), watchdog_at = ran + 4096;
		run_case(cpu, kemu, info, o, i, *w, cls);
		ran++;
		endings[w->cpu.faulted ? w->cpu.vector & 31 : 32]++;
		Verdict v = compare(w->c, w->cpu, w->kemu, nullptr);
		bool masked =
		    v == Verdict::Match && ((w->cpu.state.rflags ^ w->kemu.outcome.state.rflags) &
		                            w->c.flags.undefined & kTestedFlags);
		report.add(w->c, v, masked);
		// The #PF error code's W bit is reported, not compared: the CPU sets
		// it for the read of a read-modify-write, kemu's backend sees a read.
		const Outcome &k = w->kemu.outcome;
		if (v == Verdict::Match && w->cpu.faulted && w->cpu.vector == 14 &&
		    ((w->cpu.error_code ^ k.error_code) & 2)) {
			if (pf_write_differs++ == 0)
				pf_write_example = i;
		}
		if (v != Verdict::Mismatch)
			continue;
		if (shown < o.show) {
			shown++;
			print_case(stdout, w->c, w->cpu, w->kemu);
		} else if (listed < o.one_liners) {
			listed++;
			std::vector<std::string> why;
			compare(w->c, w->cpu, w->kemu, &why);
			printf("MISMATCH case %" PRIu64 " %s/%s: %s: %s%s\n", i, w->c.cls,
			       w->c.mnemonic.c_str(), describe_insn(w->c).c_str(),
			       why.empty() ? "" : why[0].c_str(), why.size() > 1 ? " ..." : "");
		}
	}
	arm_watchdog(0);
	double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
	unsigned passed = 0, not_emulated = 0;
	unsigned failed = report.print(stdout, !o.brief, passed, not_emulated);
	printf("native: %" PRIu64
	       " variants in %.1f s (%.0f/s); reproduce one with --case N --seed %" PRIu64 "\n",
	       ran, secs, ran / (secs > 0 ? secs : 1), o.seed);
	printf("native: the CPU retired %" PRIu64, endings[32]);
	static const char *const kVectors[32] = {"#DE", "#DB", "NMI", "#BP", "#OF", "#BR", "#UD",
	                                         "#NM", "#DF", "9",   "#TS", "#NP", "#SS", "#GP",
	                                         "#PF", "15",  "#MF", "#AC", "#MC", "#XM"};
	for (unsigned v = 0; v < 32; v++)
		if (endings[v])
			printf(", %s %" PRIu64, kVectors[v] ? kVectors[v] : "?", endings[v]);
	printf("\n");
	if (pf_write_differs)
		printf("native: #PF error code W bit differs in %" PRIu64
		       " matching variants (not compared; e.g. "
		       "--case %" PRIu64 ")\n",
		       pf_write_differs, pf_write_example);
	if (not_emulated)
		printf("native: %u classes not emulated yet (counted neither passed nor failed)\n",
		       not_emulated);
	if (o.decode_cache)
		printf("native: decode cache (%s) %" PRIu64 " hits, %" PRIu64 " misses\n",
		       o.decode_cache, decode_cache.hits, decode_cache.misses);
	printf("native: %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
