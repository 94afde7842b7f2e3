// Worker processes, checkpoints and crash recovery.
#include "workers.h"

#include "kemu_backend.h"

#include "evaluate.h"
#include "kvm_runtime.h"

#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace oracle {

namespace {

constexpr uint64_t kCheckpointEvery = 32768; // cases
constexpr unsigned kHangSeconds = 60;        // per 1024 cases
constexpr unsigned kMaxJobs = 64;

// The case each worker is on, where the parent can read it after a crash.
struct Progress {
	volatile uint64_t current[kMaxJobs];
};

struct Run {
	GeneratorConfig config;
	unsigned jobs;
	const DeviationList *deviations;
	std::set<uint64_t> skip; // cases that crashed: never run again
};

// Statistics written to `file` atomically (a crash leaves the last whole one).
void checkpoint(const Stats &stats, const std::string &file)
{
	const std::string tmp = file + ".tmp";
	if (!stats.save(tmp) || rename(tmp.c_str(), file.c_str()) != 0)
		_exit(3);
}

[[noreturn]] void worker(const Run &run, unsigned w, uint64_t start, Progress *progress,
                         const std::string &file)
{
	Generator gen(run.config);
	Evaluator evaluator(*run.deviations);
	Stats stats;
	kvm_oracle_quiet_warnings = 1;
	uint64_t n = 0;
	for (uint64_t i = start; i < gen.total(); i += run.jobs) {
		if (run.skip.count(i))
			continue;
		progress->current[w] = i;
		if ((n & 1023) == 0)
			alarm(kHangSeconds); // a hang ends the worker with SIGALRM
		stats.add(evaluator.run(gen.make(i)), i);
		if (++n % kCheckpointEvery == 0) {
			stats.deviations = evaluator.deviation_counts();
			stats.resume = i + run.jobs;
			checkpoint(stats, file);
		}
	}
	alarm(0);
	stats.deviations = evaluator.deviation_counts();
	stats.resume = gen.total();
	checkpoint(stats, file);
	if (const kemu_decode_cache *dc = kemu_backend_decode_cache())
		fprintf(stderr, "kvm-oracle: worker %u: decode cache %llu hits, %llu misses\n", w,
		        (unsigned long long)dc->hits, (unsigned long long)dc->misses);
	_exit(0);
}

} // namespace

Stats run_workers(const GeneratorConfig &config, unsigned jobs, const DeviationList &deviations)
{
	Run run{config, jobs < kMaxJobs ? jobs : kMaxJobs, &deviations, {}};
	auto *progress = static_cast<Progress *>(mmap(
	    nullptr, sizeof(Progress), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0));
	// Worker checkpoints go under $TMPDIR (default /tmp), as the other test tools do.
	const char *tmp = getenv("TMPDIR");
	std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/kvm-oracle.XXXXXX";
	std::vector<char> dir_buf(templ.begin(), templ.end());
	dir_buf.push_back('\0');
	char *dir = dir_buf.data();
	if (progress == MAP_FAILED || !mkdtemp(dir)) {
		perror("kvm-oracle");
		exit(2);
	}
	struct Slot {
		pid_t pid;
		std::string file;
	};
	std::vector<Slot> slots(run.jobs);
	unsigned spawned = 0;
	auto spawn = [&](unsigned w, uint64_t start) {
		std::string file = std::string(dir) + "/worker-" + std::to_string(spawned++);
		fflush(stdout);
		fflush(stderr);
		pid_t pid = fork();
		if (pid == 0)
			worker(run, w, start, progress, file);
		slots[w] = {pid, file};
	};
	for (unsigned w = 0; w < run.jobs; w++)
		spawn(w, w);

	Stats total;
	for (unsigned running = run.jobs; running;) {
		int status = 0;
		pid_t pid = wait(&status);
		if (pid < 0)
			break;
		for (unsigned w = 0; w < run.jobs; w++) {
			if (slots[w].pid != pid)
				continue;
			Stats part;
			bool saved = part.load(slots[w].file);
			unlink(slots[w].file.c_str());
			if (saved)
				total.merge(part);
			if (WIFSIGNALED(status)) {
				// Keep the checkpoint, skip the case, resume from the
				// checkpoint (the cases after it run again, minus this one).
				uint64_t at = progress->current[w];
				total.crashes.push_back({at, WTERMSIG(status)});
				fprintf(stderr,
				        "kvm-oracle: worker %u died with signal %d at case %llu\n",
				        w, WTERMSIG(status), (unsigned long long)at);
				run.skip.insert(at);
				spawn(w, saved ? part.resume : w);
			} else {
				if (WEXITSTATUS(status) != 0)
					fprintf(stderr, "kvm-oracle: worker %u failed (exit %d)\n",
					        w, WEXITSTATUS(status));
				running--;
			}
		}
	}
	rmdir(dir);
	munmap(progress, sizeof(Progress));
	return total;
}

} // namespace oracle
