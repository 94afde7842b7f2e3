// kvm-oracle: KVM's emulate.c against kemu, case by case.
//
//   kvm-oracle [options]              run the variants, print the summary
//   kvm-oracle --case N [options]     print case N, both outcomes and the diff
//   kvm-oracle --coverage-report --stats FILE   per KVM decode entry, from a run
//   kvm-oracle --list-leaves          KVM's decode leaves, checked against the table
//
// Options: --seed S, --passes P (sweep passes), --random R (random cases),
// --jobs J (worker processes), --deviations FILE, --table kvm-table.csv (made
// by `make kvm-table`; default build/kvm-oracle/kvm-table.csv or $KEMU_KVM_TABLE),
// --stats FILE (write/read the merged statistics), --report FILE (the table
// per mnemonic), --decode-cache cold|warm (kemu decodes through one
// decoded-instruction cache per worker, kept across the cases, so a failure
// it causes may need the cases before it; warm: each instruction is decoded
// once before its step, whose decode then comes from the cache).  The same
// options reproduce the same case numbers.
#include "evaluate.h"
#include "kemu_backend.h"
#include "generator.h"
#include "kvm_runtime.h"
#include "report.h"
#include "stats.h"
#include "workers.h"

#include <kemu/kemu.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using namespace oracle;

namespace {

struct Options {
	GeneratorConfig gen;
	unsigned jobs = 2;
	long long single_case = -1;
	bool coverage_report = false;
	bool list_leaves = false;
	std::string decode_cache; // "", cold or warm
	std::string deviations = "tests/kvm-oracle/deviations.txt";
	std::string table = "build/kvm-oracle/kvm-table.csv";
	std::string stats, report;
};

[[noreturn]] void usage()
{
	fprintf(stderr, "usage: kvm-oracle [--seed S] [--passes P] [--random R] [--jobs J]\n"
	                "                  [--deviations FILE] [--table CSV] [--stats FILE]\n"
	                "                  [--report FILE] [--case N] [--coverage-report]\n"
	                "                  [--decode-cache cold|warm]\n");
	exit(2);
}

Options parse(int argc, char **argv)
{
	Options o;
	if (const char *t = getenv("KEMU_KVM_TABLE"))
		o.table = t;
	for (int i = 1; i < argc; i++) {
		std::string a = argv[i];
		auto value = [&]() -> std::string {
			if (i + 1 >= argc)
				usage();
			return argv[++i];
		};
		if (a == "--seed")
			o.gen.seed = std::stoull(value());
		else if (a == "--passes")
			o.gen.passes = std::stoull(value());
		else if (a == "--random")
			o.gen.random = std::stoull(value());
		else if (a == "--jobs")
			o.jobs = static_cast<unsigned>(std::max(1, std::stoi(value())));
		else if (a == "--case")
			o.single_case = std::stoll(value());
		else if (a == "--deviations")
			o.deviations = value();
		else if (a == "--table")
			o.table = value();
		else if (a == "--stats")
			o.stats = value();
		else if (a == "--report")
			o.report = value();
		else if (a == "--coverage-report")
			o.coverage_report = true;
		else if (a == "--list-leaves")
			o.list_leaves = true;
		else if (a == "--decode-cache")
			o.decode_cache = value();
		else
			usage();
	}
	return o;
}

void print_run(const char *who, const RunResult &r, const Machine &m)
{
	fputs(describe_run(who, r, m).c_str(), stdout);
}

int show_case(const Options &o, const DeviationList &deviations, const KvmTable &table)
{
	Generator gen(o.gen);
	const TestCase tc = gen.make(static_cast<uint64_t>(o.single_case));
	Evaluator evaluator(deviations);
	const Evaluation ev = evaluator.run(tc);

	kemu_disasm dis{};
	int dr = kemu_disassemble(static_cast<unsigned>(tc.mode), tc.code, sizeof(tc.code), &dis);
	size_t order = 0;
	const std::string key = leaf_key(ev.leaf);
	printf("case %lld (%s, seed %llu): %s mode\n", o.single_case,
	       tc.origin == Origin::Sweep ? "sweep" : "random", (unsigned long long)o.gen.seed,
	       mode_name(tc.mode));
	printf("bytes at %#llx: %s\n", (unsigned long long)tc.code_addr,
	       hex_bytes(tc.code, sizeof(tc.code)).c_str());
	printf("kemu disassembly: %s\n", dr == KEMU_CONTINUE          ? dis.text
	                                 : dr == KEMU_PROPAGATE_FAULT ? "(invalid: #UD/#GP)"
	                                                              : "(incomplete)");
	printf("KVM decode entry: %s = %s%s\n", key.c_str(),
	       mnemonic_of(key, table, &order).c_str(), ev.leaf.not_impl ? " (NotImpl)" : "");
	printf("initial state:\n%s", describe_state(tc.cpu).c_str());
	printf("  host: misc_features_enables %#llx, %s\n", (unsigned long long)tc.misc_features,
	       tc.iomap ? ("I/O bitmap at TSS+" + std::to_string(tc.iomap_offset)).c_str()
	                : "no I/O bitmap (TSS bytes random)");
	printf("  host: enable_vmware_backdoor %d\n", tc.vmware_backdoor);
	print_run("KVM", ev.kvm, evaluator.kvm_machine());
	print_run("kemu", ev.kemu, evaluator.kemu_machine());
	printf("class: %s", class_name(ev.cls));
	if (ev.undef.mask)
		printf(" (undefined flags here: %#llx, %s)", (unsigned long long)ev.undef.mask,
		       ev.undef.why);
	if (ev.deviation >= 0)
		printf(" (deviation %s)", deviations.entries()[ev.deviation].id.c_str());
	printf("\n");
	std::string diff =
	    describe_diff(ev.kvm, evaluator.kvm_machine(), ev.kemu, evaluator.kemu_machine());
	printf("diff:%s\n%s", diff.empty() ? " none" : "", diff.c_str());
	return ev.cls == kMismatch ? 1 : 0;
}

} // namespace

int main(int argc, char **argv)
{
	Options o = parse(argc, argv);
	o.jobs = std::min(o.jobs, 64u);

	DeviationList deviations;
	std::string error;
	if (!deviations.load(o.deviations, &error)) {
		fprintf(stderr, "kvm-oracle: %s\n", error.c_str());
		return 2;
	}
	KvmTable table;
	if (!table.load(o.table)) {
		fprintf(stderr, "kvm-oracle: cannot read KVM's decode table %s (make kvm-table)\n",
		        o.table.c_str());
		return 2;
	}

	static kemu_decode_cache decode_cache; // (zero: empty)
	if (o.decode_cache == "cold" || o.decode_cache == "warm")
		kemu_backend_set_decode_cache(&decode_cache, o.decode_cache == "warm");
	else if (!o.decode_cache.empty())
		usage();

	if (o.single_case >= 0)
		return show_case(o, deviations, table);

	if (o.list_leaves) {
		// KVM's decode tables as the walk sees them, against the table file
		int missing = 0;
		for (int i = 0; i < kvm_leaf_count(); i++) {
			kvm_leaf l;
			kvm_leaf_at(i, &l);
			const std::string key = leaf_key(l);
			const KvmTable::Row *row = table.find(key);
			printf("%-24s %-4s %s\n", key.c_str(),
			       l.not_impl    ? "N"
			       : l.undefined ? "UD"
			       : l.execute   ? "fn"
			                     : "-",
			       row ? (row->status + " " + row->mnemonic).c_str()
			           : "(not in table)");
			missing += !row;
		}
		printf("%d leaves, %d not in %s\n", kvm_leaf_count(), missing, o.table.c_str());
		return missing ? 1 : 0;
	}

	if (o.coverage_report) {
		Stats stats;
		if (o.stats.empty() || !stats.load(o.stats)) {
			fprintf(stderr, "kvm-oracle: --coverage-report needs --stats from a run\n");
			return 2;
		}
		print_coverage(stdout, stats, table);
		return 0;
	}

	auto t0 = std::chrono::steady_clock::now();
	Stats stats = run_workers(o.gen, o.jobs, deviations);
	RunInfo info{o.gen, o.jobs,
	             std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()};
	if (!o.stats.empty())
		stats.save(o.stats);
	if (!o.report.empty()) {
		if (FILE *f = fopen(o.report.c_str(), "w")) {
			print_mnemonic_table(f, stats, table);
			fclose(f);
		}
	}
	uint64_t passed = 0;
	uint64_t failed = print_summary(stdout, stats, table, deviations, info, &passed);
	if (!o.report.empty())
		printf("  table per mnemonic: %s\n", o.report.c_str());
	printf("kvm-oracle: %llu passed, %llu failed\n", (unsigned long long)passed,
	       (unsigned long long)failed);
	return failed ? 1 : 0;
}
