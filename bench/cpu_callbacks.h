// The host callbacks the benchmarks' two hosts (side_by_side.cpp's flat
// machine, recorded_mix.cpp's recorded memory) answer alike: register writes
// land in the oracle CPU, MSRs read 0 and accept writes, port output and
// events are dropped.  Memory, port input and CPUID are each host's own.
#pragma once

#include "oracle_abi.h"

#include <cstdint>

namespace bench_host {

inline int get_msr(void *, oracle_cpu *, uint32_t, uint64_t *v)
{
	*v = 0;
	return 0;
}

inline int set_msr(void *, oracle_cpu *, uint32_t, uint64_t)
{
	return 0;
}

inline int set_cr(void *, oracle_cpu *cpu, int cr, uint64_t v)
{
	switch (cr) {
	case 0:
		cpu->cr0 = v;
		return 0;
	case 3:
		cpu->cr3 = v;
		return 0;
	case 4:
		cpu->cr4 = v;
		return 0;
	case 8:
		cpu->cr8 = v;
		return 0;
	default:
		return 1;
	}
}

inline int set_dr(void *, oracle_cpu *cpu, int dr, uint64_t v)
{
	cpu->dr[oracle_dr_index(dr)] = v;
	return 0;
}

inline int set_xcr(void *, oracle_cpu *cpu, uint32_t, uint64_t v)
{
	cpu->xcr0 = v;
	return 0;
}

inline int read_pmc(void *, oracle_cpu *, uint32_t, uint64_t *v)
{
	*v = 0;
	return 0;
}

inline void pio_out(void *, unsigned, uint16_t, const void *, unsigned) {}

inline void event(void *, oracle_event, uint64_t) {}

} // namespace bench_host
