// The CPU as the third decoder oracle, for what the disassemblers disagree
// on: which VEX map-1 encodings exist.  Every VEX 0F opcode x VEX.pp x VEX.L x
// VEX.W x VEX.vvvv (none, xmm8, xmm7) x a register and a memory ModRM, in the
// three-byte C4 form, runs natively in a child process (64-bit mode): #UD
// (SIGILL) or not must be what kemu_disassemble says.  Memory operands and
// RDI (VMASKMOVDQU) point into a buffer.  Needs AVX2 (else SKIP); the AVX-512
// mask instructions are compared only on a CPU with AVX512F/BW/DQ.
//
//   vex-on-cpu      prints "decode-cpu-64: N passed, M failed" (or a SKIP line)
#include <kemu/kemu.h>

#include <cpuid.h>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <initializer_list>

#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

alignas(64) char buffer[4096];

enum class Native { Runs, Ud, Other };

// Run the bytes in a child: mov rax/rdi, buffer; the instruction; exit(0).
Native run_natively(unsigned char *page, const unsigned char *insn, unsigned n)
{
	const pid_t pid = fork();
	if (pid == 0) {
		unsigned k = 0;
		const unsigned long address = reinterpret_cast<unsigned long>(buffer);
		for (unsigned char mov : {0xb8, 0xbf}) { // mov rax/rdi, imm64
			page[k++] = 0x48;
			page[k++] = mov;
			memcpy(page + k, &address, 8);
			k += 8;
		}
		memcpy(page + k, insn, n);
		k += n;
		const unsigned char exit0[] = {0xb8, 0x3c, 0, 0, 0, 0x31, 0xff, 0x0f, 0x05};
		memcpy(page + k, exit0, sizeof(exit0));
		reinterpret_cast<void (*)()>(page)();
		_exit(3);
	}
	int status = 0;
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return Native::Other;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return Native::Runs;
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGILL)
		return Native::Ud;
	return Native::Other;
}

bool is_mask_instruction(unsigned op)
{
	return (op >= 0x41 && op <= 0x4b) || (op >= 0x90 && op <= 0x93) || op == 0x98 || op == 0x99;
}

} // namespace

int main()
{
	unsigned eax, ebx, ecx, edx;
	__cpuid_count(1, 0, eax, ebx, ecx, edx);
	const bool avx = (ecx & (1u << 28)) && (ecx & (1u << 27)); // AVX, OSXSAVE
	__cpuid_count(7, 0, eax, ebx, ecx, edx);
	const bool avx2 = ebx & (1u << 5);
	const bool avx512_masks = (ebx & (1u << 16)) && (ebx & (1u << 17)) && (ebx & (1u << 30));
	if (!avx || !avx2) {
		printf("decode-cpu-64: SKIP (the CPU has no AVX2: it cannot say which VEX forms "
		       "exist)\n");
		return 0;
	}
	auto *page = static_cast<unsigned char *>(mmap(
	    nullptr, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_SHARED | MAP_ANONYMOUS, -1, 0));
	if (page == MAP_FAILED) {
		perror("vex-on-cpu: mmap");
		return 2;
	}
	unsigned passed = 0, failed = 0, skipped = 0, shown = 0;
	for (unsigned pp = 0; pp < 4; pp++)
		for (unsigned l = 0; l < 2; l++)
			for (unsigned vvvv : {0xfu, 0x7u, 0x8u}) // inverted: none, xmm8, xmm7
				for (unsigned w = 0; w < 2; w++)
					for (unsigned op = 0; op < 256; op++)
						for (unsigned modrm : {0xc0u, 0x00u}) {
							if (op == 0x77 &&
							    modrm == 0) // VZEROUPPER/ALL: no ModRM
								continue;
							if (is_mask_instruction(op) &&
							    !avx512_masks) {
								skipped++;
								continue;
							}
							unsigned char b[16];
							memset(b, 0x90, sizeof(b));
							b[0] = 0xc4, b[1] = 0xe1;
							b[2] = static_cast<unsigned char>(
							    w << 7 | vvvv << 3 | l << 2 | pp);
							b[3] = static_cast<unsigned char>(op);
							b[4] =
							    op == 0x77
							        ? 0x90
							        : static_cast<unsigned char>(modrm);
							b[5] = 0x01; // an imm8 where one is taken
							kemu_disasm d;
							const int rc = kemu_disassemble(
							    KEMU_MODE_PROT64, b, sizeof(b), &d);
							const bool kemu_ud =
							    rc == KEMU_PROPAGATE_FAULT &&
							    d.vector == KEMU_UD;
							// kemu's length where it decodes; else the
							// longest guess
							const unsigned n =
							    rc == KEMU_CONTINUE ? d.length : 6;
							const Native cpu = run_natively(page, b, n);
							const bool ok =
							    cpu != Native::Other &&
							    (cpu == Native::Ud) == kemu_ud;
							(ok ? passed : failed)++;
							if (!ok && shown++ < 20) {
								printf("DIFFER:");
								for (unsigned i = 0; i < n; i++)
									printf(" %02x", b[i]);
								printf("  cpu %s, kemu %s\n",
								       cpu == Native::Ud ? "#UD"
								       : cpu == Native::Runs
								           ? "runs"
								           : "other signal",
								       kemu_ud ? "#UD" : d.text);
							}
						}
	printf("VEX map 1 on this CPU: %u encodings compared, %u mask-instruction encodings "
	       "skipped (no AVX-512)\n",
	       passed + failed, skipped);
	printf("decode-cpu-64: %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
