// Native execution: a trampoline generated into a fixed code page.
//
//   +0x000  prologue: push callee-saved; save host RSP (scratch page);
//           push [in.rflags]; popfq (arithmetic flags and DF only);
//           load the 16 GPRs from the in block, RSP last; jmp +0x800
//   +0x800  the instruction, then "jmp fall-through epilogue"
//   +0xc00  fall-through epilogue: store the 16 GPRs, note "fell through",
//           restore host RSP; pushfq; pop [out.rflags]; cld; pop callee-saved; ret
//   +0xe00  taken epilogue: the same, noting "branched"
//   landing pads: for a control transfer, "jmp taken epilogue" at the
//           target (between +0x100 and +0xbf0); the rest of the page is int3
//
// Every load and store is RIP-relative, so no register is reserved for the
// harness and the instruction sees exactly the case's 16 GPRs.  Faults raised
// by the instruction (#DE -> SIGFPE, #PF/#GP -> SIGSEGV, #SS -> SIGBUS,
// #UD -> SIGILL) land in a handler on an alternate stack (the instruction's
// RSP points into the data buffer, never at a usable stack), which records
// the register state from the signal frame and siglongjmps back to run().
#include "native_cpu.h"

#include <cerrno>
#include <csetjmp>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>
#include <vector>

namespace native {

const char *const kGprNames[16] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
                                   "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15"};

namespace {

// The scratch page: what the trampoline loads before and stores after.
struct RegisterBlock {
	uint64_t gpr[16];
	uint64_t rflags;
};
struct Scratch {
	RegisterBlock in;
	RegisterBlock out;
	uint64_t host_rsp;
	uint32_t branched; // which epilogue ran: 0 fall-through, 1 taken
};
Scratch *const scratch = reinterpret_cast<Scratch *>(kScratchBase);

uint64_t addr_of(const void *p)
{
	return reinterpret_cast<uint64_t>(p);
}

// A tiny assembler for the fixed parts of the trampoline.
struct Emitter {
	uint8_t *base;
	unsigned pos = 0;

	uint64_t here() const { return addr_of(base) + pos; }
	void byte(uint8_t b) { base[pos++] = b; }
	void bytes(std::initializer_list<uint8_t> bs)
	{
		for (uint8_t b : bs)
			byte(b);
	}
	void disp32_to(uint64_t target)
	{
		int64_t d = static_cast<int64_t>(target - (here() + 4));
		int32_t d32 = static_cast<int32_t>(d);
		memcpy(base + pos, &d32, 4);
		pos += 4;
	}
	// mov [rip+target], reg (store) or mov reg, [rip+target] (load), 64-bit.
	void mov_rip(bool store, unsigned reg, const void *target)
	{
		bytes({static_cast<uint8_t>(0x48 | (reg >= 8 ? 4 : 0)),
		       store ? uint8_t{0x89} : uint8_t{0x8b},
		       static_cast<uint8_t>(((reg & 7) << 3) | 5)});
		disp32_to(addr_of(target));
	}
	void push_rip(const void *target) // push qword [rip+target]
	{
		bytes({0xff, 0x35});
		disp32_to(addr_of(target));
	}
	void pop_rip(const void *target) // pop qword [rip+target]
	{
		bytes({0x8f, 0x05});
		disp32_to(addr_of(target));
	}
	void store32_rip(const void *target, uint32_t v) // mov dword [rip+target], imm32
	{
		bytes({0xc7, 0x05});
		disp32_to(addr_of(target) - 4); // the imm32 follows the disp32
		memcpy(base + pos, &v, 4);
		pos += 4;
	}
	void jmp_to(uint64_t target) // jmp rel32
	{
		byte(0xe9);
		disp32_to(target);
	}
};

// Fault capture, shared with the signal handler.
sigjmp_buf fault_jump;
volatile sig_atomic_t armed = 0;
Outcome *fault_out = nullptr;

uint64_t running_seed = 0, running_index = 0;

// Name the case before dying (not async-signal-safe, but we are dying).
void say_which_case(const char *what)
{
	char msg[160];
	int n = snprintf(msg, sizeof(msg),
	                 "\nnative: %s in case %lu; reproduce: kemu-native --case %lu --seed %lu\n",
	                 what, static_cast<unsigned long>(running_index),
	                 static_cast<unsigned long>(running_index),
	                 static_cast<unsigned long>(running_seed));
	if (n > 0 && write(2, msg, static_cast<size_t>(n)) < 0)
		return;
}

void on_fault(int sig, siginfo_t *info, void *context)
{
	auto *uc = static_cast<ucontext_t *>(context);
	const greg_t *g = uc->uc_mcontext.gregs;
	if (!armed) {
		// Not the instruction under test: a bug in kemu or the harness.
		// Die with the original signal so a debugger or core dump sees it.
		say_which_case(strsignal(sig));
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	armed = 0;
	Outcome &o = *fault_out;
	static const int kSlot[16] = {REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP,
	                              REG_RSI, REG_RDI, REG_R8,  REG_R9,  REG_R10, REG_R11,
	                              REG_R12, REG_R13, REG_R14, REG_R15};
	for (unsigned i = 0; i < 16; i++)
		o.state.gpr[i] = static_cast<uint64_t>(g[kSlot[i]]);
	o.state.rflags = static_cast<uint64_t>(g[REG_EFL]);
	o.state.rip = static_cast<uint64_t>(g[REG_RIP]);
	o.faulted = true;
	o.vector = static_cast<uint8_t>(g[REG_TRAPNO]);
	o.error_code = static_cast<uint32_t>(g[REG_ERR]);
	o.fault_address = sig == SIGSEGV && o.vector == 14 ? addr_of(info->si_addr) : 0;
	siglongjmp(fault_jump, 1);
}

void on_alarm(int)
{
	say_which_case("no answer within the watchdog's time (a hang)");
	_exit(3);
}

void map_fixed(uint64_t addr, uint64_t size, int prot)
{
	void *p = mmap(reinterpret_cast<void *>(addr), size, prot,
	               MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (p != reinterpret_cast<void *>(addr)) {
		fprintf(stderr, "native: cannot map %#lx (+%#lx): %s\n",
		        static_cast<unsigned long>(addr), static_cast<unsigned long>(size),
		        p == MAP_FAILED ? strerror(errno) : "moved");
		exit(2);
	}
}

void install_handlers()
{
	static std::vector<uint8_t> alt_stack(1 << 16);
	stack_t ss = {};
	ss.ss_sp = alt_stack.data();
	ss.ss_size = alt_stack.size();
	if (sigaltstack(&ss, nullptr) != 0) {
		perror("native: sigaltstack");
		exit(2);
	}
	struct sigaction sa = {};
	sa.sa_sigaction = on_fault;
	// NODEFER: we leave the handler by siglongjmp without restoring the
	// mask (sigsetjmp(..., 0) is cheaper), so the signal must stay unblocked.
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	for (int sig : {SIGFPE, SIGSEGV, SIGBUS, SIGILL, SIGTRAP})
		sigaction(sig, &sa, nullptr);
	signal(SIGALRM, on_alarm);
}

uint64_t read_rflags()
{
	uint64_t f;
	asm volatile("pushfq; pop %0" : "=r"(f));
	return f;
}

} // namespace

namespace {

constexpr uint64_t kInsnOffset = kInsnAddress - kCodeBase;
constexpr uint64_t kFallEpilogue = 0xc00;
constexpr uint64_t kTakenEpilogue = 0xe00;
constexpr uint8_t kInt3 = 0xcc;

uint8_t *code_at(uint64_t offset)
{
	return reinterpret_cast<uint8_t *>(kCodeBase + offset);
}

void emit_epilogue(uint64_t offset, uint32_t branched)
{
	Emitter e{code_at(offset)};
	for (unsigned r = 0; r < 16; r++)
		e.mov_rip(true, r, &scratch->out.gpr[r]);
	e.store32_rip(&scratch->branched, branched);
	e.mov_rip(false, RSP, &scratch->host_rsp);
	e.byte(0x9c); // pushfq
	e.pop_rip(&scratch->out.rflags);
	e.byte(0xfc); // cld: the ABI wants DF clear in C code
	e.bytes({0x41, 0x5f, 0x41, 0x5e, 0x41, 0x5d, 0x41, 0x5c, 0x5d, 0x5b,
	         0xc3}); // pop r15..rbx; ret
}

} // namespace

void set_running_case(uint64_t seed, uint64_t index)
{
	running_seed = seed;
	running_index = index;
}

void arm_watchdog(unsigned seconds)
{
	alarm(seconds);
}

NativeCpu::NativeCpu()
{
	map_fixed(kGuardLow, kPage, PROT_NONE);
	map_fixed(kDataBase, kDataSize, PROT_READ | PROT_WRITE);
	map_fixed(kGuardHigh, kPage, PROT_NONE);
	map_fixed(kCodeBase, kPage, PROT_READ | PROT_WRITE | PROT_EXEC);
	map_fixed(kScratchBase, kPage, PROT_READ | PROT_WRITE);
	install_handlers();
	base_rflags_ = read_rflags() & ~(kTestedFlags | kTF) & ~(1ull << 18 /* AC */);

	memset(code_at(0), kInt3, kPage);
	Emitter e{code_at(0)};
	e.bytes({0x53, 0x55, 0x41, 0x54, 0x41, 0x55, 0x41, 0x56, 0x41, 0x57}); // push rbx..r15
	e.mov_rip(true, RSP, &scratch->host_rsp);
	e.push_rip(&scratch->in.rflags);
	e.byte(0x9d); // popfq
	for (unsigned r = 0; r < 16; r++)
		if (r != RSP)
			e.mov_rip(false, r, &scratch->in.gpr[r]);
	e.mov_rip(false, RSP, &scratch->in.gpr[RSP]);
	e.jmp_to(kCodeBase + kInsnOffset);
	emit_epilogue(kFallEpilogue, 0);
	emit_epilogue(kTakenEpilogue, 1);
	insn_address_ = kInsnAddress;
}

void NativeCpu::run(const uint8_t *bytes, unsigned len, uint64_t landing, const CpuState &in,
                    const uint8_t *memory, Outcome &out)
{
	// The instruction, its fall-through jump and the landing pad.
	Emitter e{code_at(kInsnOffset)};
	for (unsigned i = 0; i < len; i++)
		e.byte(bytes[i]);
	e.jmp_to(kCodeBase + kFallEpilogue);
	if (landing) {
		if (!landing_ok(landing, len)) {
			fprintf(stderr, "native: landing pad at %#lx overlaps the trampoline\n",
			        static_cast<unsigned long>(landing));
			abort();
		}
		Emitter pad{reinterpret_cast<uint8_t *>(landing)};
		pad.jmp_to(kCodeBase + kTakenEpilogue);
	}

	memcpy(scratch->in.gpr, in.gpr, sizeof(in.gpr));
	scratch->in.rflags = base_rflags_ | (in.rflags & kTestedFlags);
	memcpy(data_buffer(), memory, kDataSize);

	out.faulted = false;
	out.vector = 0;
	out.fault_address = 0;
	out.error_code = 0;
	fault_out = &out;
	if (sigsetjmp(fault_jump, 0) == 0) {
		armed = 1;
		reinterpret_cast<void (*)()>(kCodeBase)();
		armed = 0;
		memcpy(out.state.gpr, scratch->out.gpr, sizeof(out.state.gpr));
		out.state.rflags = scratch->out.rflags;
		out.state.rip = scratch->branched ? landing : insn_address_ + len;
	}
	memcpy(out.memory, data_buffer(), kDataSize);

	// Back to int3 everywhere a later case might branch by mistake.
	memset(code_at(kInsnOffset), kInt3, len + kLandingPad);
	if (landing)
		memset(reinterpret_cast<uint8_t *>(landing), kInt3, kLandingPad);
}

} // namespace native
