// What the host CPU is and has (CPUID): the vendor decides a few expected
// results the SDM leaves undefined, the features decide which instructions
// can be generated at all (without LZCNT, F3 0F BD executes as BSR).
#pragma once

namespace native {

struct CpuInfo {
	char vendor[13] = {};
	bool intel = false;
	bool amd = false;
	bool lahf64 = false; // LAHF/SAHF in 64-bit mode: CPUID.80000001H:ECX[0]
	bool lzcnt = false;  // CPUID.80000001H:ECX[5] (ABM)
	bool popcnt = false; // CPUID.01H:ECX[23]
	bool bmi1 = false;   // TZCNT: CPUID.(EAX=07H,ECX=0):EBX[3]
	bool movbe = false;  // CPUID.01H:ECX[22]
	bool cx16 = false;   // CMPXCHG16B: CPUID.01H:ECX[13]
	bool adx = false;    // ADCX/ADOX: CPUID.(EAX=07H,ECX=0):EBX[19]

	static CpuInfo detect();
};

} // namespace native
