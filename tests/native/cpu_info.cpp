#include "cpu_info.h"

#include <cpuid.h>
#include <cstring>

namespace native {

CpuInfo CpuInfo::detect()
{
	CpuInfo info;
	unsigned a = 0, b = 0, c = 0, d = 0;
	__get_cpuid(0, &a, &b, &c, &d);
	memcpy(info.vendor + 0, &b, 4);
	memcpy(info.vendor + 4, &d, 4);
	memcpy(info.vendor + 8, &c, 4);
	info.intel = strcmp(info.vendor, "GenuineIntel") == 0;
	info.amd =
	    strcmp(info.vendor, "AuthenticAMD") == 0 || strcmp(info.vendor, "HygonGenuine") == 0;
	if (__get_cpuid(1, &a, &b, &c, &d)) {
		info.popcnt = c & (1u << 23);
		info.movbe = c & (1u << 22);
		info.cx16 = c & (1u << 13);
	}
	if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
		info.bmi1 = b & (1u << 3);
		info.adx = b & (1u << 19);
	}
	if (__get_cpuid(0x80000001, &a, &b, &c, &d)) {
		info.lahf64 = c & 1u;
		info.lzcnt = c & (1u << 5);
	}
	return info;
}

} // namespace native
