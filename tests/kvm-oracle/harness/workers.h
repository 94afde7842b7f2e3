// Running the cases in worker processes: each takes every jobs-th case,
// checkpoints its statistics, and a worker that crashes or hangs is
// replaced by one that resumes after the case that killed it.
#pragma once

#include "deviations.h"
#include "generator.h"
#include "stats.h"

namespace oracle {

Stats run_workers(const GeneratorConfig &config, unsigned jobs, const DeviationList &deviations);

} // namespace oracle
