// kemu's ops over the oracle host: every kemu_ops callback forwards to the
// same oracle_host the KVM backend (kvm/kvm_backend.c) uses, the way that
// backend's x86_emulate_ops do, so both emulators see one host: memory and
// MMIO, the compare-exchange, ports, CR/DR/MSR/XCR writes with x86.c's
// refusal rules, CPUID, the vPMU, GDTR/IDTR, segment loads (TR/LDTR too),
// the NMI mask, the HLT/WBINVD/INVLPG/hypercall events, and the vector
// registers (the FXSAVE image).  A member added to kemu_ops later starts out
// null, which makes kemu refuse (KEMU_UNHANDLEABLE) the instructions that
// need it: the oracle reports a gap, not a mismatch.
//
// The oracle host (machine.h) is its own fake host, not the one of
// emulator/fakehost/: it is the one machine both emulators run against
// (KVM's x86_emulate_ops through oracle_abi.h, kemu's ops here), and it
// models x86.c itself (MMIO fragments and exits, read replay, refusal
// rules); a second model for kemu's side would defeat the comparison.
#include "kemu_backend.h"

#include <kemu/kemu.h>

#include <cstddef>
#include <cstring>
#include <type_traits>

namespace oracle {

namespace {

struct Bridge {
	const oracle_host *host;
	void *h;
	oracle_cpu *cpu;
	kemu_ctxt *ctxt = nullptr;
};

// What waits for userspace after the pass (x86.c's MMIO exits).
int mmio_waiting(const Bridge &b)
{
	return b.host->mmio_waiting ? b.host->mmio_waiting(b.h) : ORACLE_MMIO_NONE;
}

// The kernel bridge's note_mmio_exit: an accepted write that left MMIO
// fragments waiting for userspace sets exit_pending.
int note_mmio_exit(void *opaque, int rc)
{
	Bridge &b = *static_cast<Bridge *>(opaque);
	if (rc == ORACLE_CONTINUE && b.ctxt && mmio_waiting(b) != ORACLE_MMIO_NONE)
		b.ctxt->exit_pending = 1;
	return rc;
}

Bridge &B(void *opaque)
{
	return *static_cast<Bridge *>(opaque);
}

// x86.c's refusal of a CR/DR/XCR/MSR write or a PMC (non-zero): #GP(0).
int refused(int r, kemu_exception *fault)
{
	if (!r)
		return KEMU_CONTINUE;
	*fault = {};
	fault->vector = KEMU_GP;
	fault->error_code_valid = 1;
	return KEMU_PROPAGATE_FAULT;
}

int forward(int rc, const oracle_fault &f, kemu_exception *fault)
{
	if (rc == ORACLE_PROPAGATE_FAULT) {
		*fault = {};
		fault->vector = f.vector;
		fault->error_code_valid = f.error_code_valid;
		fault->error_code = f.error_code;
		fault->address = f.address;
	}
	return rc;
}

int fetch(void *opaque, kemu_u64 linear, void *val, unsigned bytes, kemu_exception *fault)
{
	oracle_fault f{};
	int rc = B(opaque).host->read(B(opaque).h, linear, val, bytes, ORACLE_FETCH, &f);
	return forward(rc, f, fault);
}

int read_mem(void *opaque, kemu_u64 linear, void *val, unsigned bytes, kemu_exception *fault)
{
	oracle_fault f{};
	int rc = B(opaque).host->read(B(opaque).h, linear, val, bytes, ORACLE_DATA_READ, &f);
	return forward(rc, f, fault);
}

int write_mem(void *opaque, kemu_u64 linear, const void *val, unsigned bytes, kemu_exception *fault)
{
	oracle_fault f{};
	int rc = B(opaque).host->write(B(opaque).h, linear, val, bytes, ORACLE_DATA_WRITE, &f);
	return forward(note_mmio_exit(opaque, rc), f, fault);
}

void get_segment(void *opaque, kemu_seg seg, kemu_segment *out)
{
	*out = {};
	if (static_cast<unsigned>(seg) >= ORACLE_NSEG) {
		out->unusable = 1;
		return;
	}
	const oracle_seg &s = B(opaque).cpu->seg[seg]; // ES..GS, TR, LDTR
	out->base = s.base;
	out->limit = s.limit;
	out->selector = s.sel;
	out->type = s.type;
	out->s = s.s;
	out->dpl = s.dpl;
	out->present = s.present;
	out->avl = s.avl;
	out->l = s.l;
	out->db = s.db;
	out->g = s.g;
	out->unusable = s.unusable;
}

int read_system(void *opaque, kemu_u64 linear, void *val, unsigned bytes, kemu_exception *fault)
{
	oracle_fault f{};
	int rc = B(opaque).host->read(B(opaque).h, linear, val, bytes, ORACLE_SYSTEM_READ, &f);
	return forward(rc, f, fault);
}

int write_system(void *opaque, kemu_u64 linear, const void *val, unsigned bytes,
                 kemu_exception *fault)
{
	oracle_fault f{};
	int rc = B(opaque).host->write(B(opaque).h, linear, val, bytes, ORACLE_SYSTEM_WRITE, &f);
	return forward(rc, f, fault);
}

// The KVM backend's cmpxchg_emulated: the host's compare-exchange.
int cmpxchg_mem(void *opaque, kemu_u64 linear, const void *old, const void *new_val, unsigned bytes,
                kemu_exception *fault)
{
	oracle_fault f{};
	int rc = B(opaque).host->cmpxchg(B(opaque).h, linear, old, new_val, bytes, &f);
	return forward(note_mmio_exit(opaque, rc), f, fault);
}

// In-kernel devices: completed at once.
int pio_in(void *opaque, unsigned size, kemu_u16 port, void *val, unsigned count, kemu_exception *)
{
	B(opaque).host->pio_in(B(opaque).h, size, port, val, count);
	return KEMU_CONTINUE;
}

int pio_out(void *opaque, unsigned size, kemu_u16 port, const void *val, unsigned count,
            kemu_exception *)
{
	B(opaque).host->pio_out(B(opaque).h, size, port, val, count);
	return KEMU_CONTINUE;
}

// The KVM backend's ops->cpl.
unsigned cpl(void *opaque)
{
	return oracle_cpl(B(opaque).cpu);
}

kemu_u64 get_cr(void *opaque, unsigned cr)
{
	return oracle_get_cr(B(opaque).cpu, static_cast<int>(cr));
}

int set_cr(void *opaque, unsigned cr, kemu_u64 value, kemu_exception *fault)
{
	return refused(
	    B(opaque).host->set_cr(B(opaque).h, B(opaque).cpu, static_cast<int>(cr), value), fault);
}

kemu_u64 get_dr(void *opaque, unsigned dr)
{
	return B(opaque).cpu->dr[oracle_dr_index(static_cast<int>(dr))];
}

int set_dr(void *opaque, unsigned dr, kemu_u64 value, kemu_exception *fault)
{
	return refused(
	    B(opaque).host->set_dr(B(opaque).h, B(opaque).cpu, static_cast<int>(dr), value), fault);
}

// A refused MSR is #GP(0) (the KVM backend's get/set_msr_with_filter;
// get_msr answers CPUID's and RDTSC's own reads too, which KVM makes without
// the filter: the host has none).
int get_msr(void *opaque, kemu_u32 msr, kemu_u64 *value, kemu_exception *fault)
{
	uint64_t v = 0;
	int r = B(opaque).host->get_msr(B(opaque).h, B(opaque).cpu, msr, &v);
	*value = v;
	return refused(r, fault);
}

int set_msr(void *opaque, kemu_u32 msr, kemu_u64 value, kemu_exception *fault)
{
	return refused(B(opaque).host->set_msr(B(opaque).h, B(opaque).cpu, msr, value), fault);
}

// em_cpuid asks with exact_only = false.
void cpuid(void *opaque, kemu_u32 *eax, kemu_u32 *ebx, kemu_u32 *ecx, kemu_u32 *edx)
{
	B(opaque).host->cpuid(B(opaque).h, eax, ebx, ecx, edx, false);
}

void get_dtable(void *opaque, kemu_dtable_reg reg, kemu_dtable *out)
{
	const oracle_dtr &t = reg == KEMU_GDTR ? B(opaque).cpu->gdt : B(opaque).cpu->idt;
	*out = {};
	out->base = t.base;
	out->limit = t.limit;
}

void set_dtable(void *opaque, kemu_dtable_reg reg, const kemu_dtable *in)
{
	oracle_dtr &t = reg == KEMU_GDTR ? B(opaque).cpu->gdt : B(opaque).cpu->idt;
	t.base = in->base;
	t.limit = in->limit;
}

void invlpg(void *opaque, kemu_u64 linear)
{
	B(opaque).host->event(B(opaque).h, ORACLE_EV_INVLPG, linear);
}

void wbinvd(void *opaque)
{
	B(opaque).host->event(B(opaque).h, ORACLE_EV_WBINVD, 0);
}

void halt(void *opaque)
{
	B(opaque).host->event(B(opaque).h, ORACLE_EV_HALT, 0);
}

int set_xcr(void *opaque, kemu_u32 index, kemu_u64 value, kemu_exception *fault)
{
	return refused(B(opaque).host->set_xcr(B(opaque).h, B(opaque).cpu, index, value), fault);
}

int read_pmc(void *opaque, kemu_u32 counter, kemu_u64 *value, kemu_exception *fault)
{
	uint64_t v = 0;
	int r = B(opaque).host->read_pmc(B(opaque).h, B(opaque).cpu, counter, &v);
	*value = v;
	return refused(r, fault);
}

// The KVM backend's set_segment (x86.c: emulator_set_segment); kemu's limit
// is already byte-granular.
void set_segment(void *opaque, kemu_seg seg, const kemu_segment *in)
{
	if (static_cast<unsigned>(seg) >= ORACLE_NSEG)
		return;
	oracle_seg &s = B(opaque).cpu->seg[seg];
	s.sel = in->selector;
	s.base = in->base;
	s.limit = in->limit;
	s.type = in->type;
	s.s = in->s;
	s.dpl = in->dpl;
	s.present = in->present;
	s.avl = in->avl;
	s.l = in->l;
	s.db = in->db;
	s.g = in->g;
	s.unusable = in->unusable;
}

void set_nmi_mask(void *opaque, int masked)
{
	B(opaque).cpu->nmi_masked = masked != 0;
	B(opaque).host->event(B(opaque).h, ORACLE_EV_SET_NMI_MASK, masked != 0);
}

// L1's answer (svm/vmx_check_intercept), from the host; an exception in L2
// fills *fault, as kemu_ops.intercept's contract says.
int intercept(void *opaque, const kemu_intercept_info *info, kemu_intercept_stage stage,
              kemu_exception *fault)
{
	Bridge &b = B(opaque);
	if (!b.host->intercept)
		return KEMU_CONTINUE;
	const oracle_intercept_info i = ORACLE_INTERCEPT_INFO_OF(info);
	oracle_fault f{};
	const int rc = b.host->intercept(b.h, &i, static_cast<int>(stage), &f);
	if (rc == ORACLE_PROPAGATE_FAULT) {
		*fault = {};
		fault->vector = f.vector;
		fault->error_code_valid = f.error_code_valid;
		fault->error_code = f.error_code;
	}
	return rc;
}

// x86.c patches the hypercall and lets the guest run it again; the oracle
// records the request, as the KVM backend does.
int fix_hypercall(void *opaque, kemu_exception *)
{
	B(opaque).host->event(B(opaque).h, ORACLE_EV_HYPERCALL, 0);
	return KEMU_CONTINUE;
}

// The vector registers live in the CPU state's FXSAVE image.  An MMX access
// is what the kernel's helpers (KVM's kvm_read/write_mmx_reg: a MOVQ on the
// hardware with the guest FPU loaded) do to it: an MMX instruction sets TOP
// to 0 and every tag valid, and writing an MMX register sets bits 79:64 of
// its x87 register.
uint8_t *vreg_slot(oracle_cpu *c, kemu_vreg_kind kind, unsigned index)
{
	return kind != KEMU_VREG_MMX ? &c->fx[160 + 16 * (index & 15)]
	                             : &c->fx[32 + 16 * (index & 7)];
}

void mmx_instruction(oracle_cpu *c)
{
	c->fx[4] = 0xff;        // abridged tag word: all valid
	c->fx[3] &= ~(7u << 3); // FSW.TOP (bits 13:11) = 0
}

// The upper halves of YMM0-15: not in the FXSAVE image.  KVM has no VEX, so
// VEX cases are never compared and these are kept per worker, not per case.
thread_local uint8_t ymm_high[16][16];

void get_vreg(void *opaque, kemu_vreg_kind kind, unsigned index, void *val)
{
	oracle_cpu *c = B(opaque).cpu;
	if (kind == KEMU_VREG_YMM) {
		memcpy(val, vreg_slot(c, KEMU_VREG_XMM, index), 16);
		memcpy(static_cast<uint8_t *>(val) + 16, ymm_high[index & 15], 16);
		return;
	}
	memcpy(val, vreg_slot(c, kind, index), kind == KEMU_VREG_XMM ? 16 : 8);
	if (kind == KEMU_VREG_MMX)
		mmx_instruction(c);
}

void set_vreg(void *opaque, kemu_vreg_kind kind, unsigned index, const void *val)
{
	oracle_cpu *c = B(opaque).cpu;
	if (kind == KEMU_VREG_YMM) {
		memcpy(vreg_slot(c, KEMU_VREG_XMM, index), val, 16);
		memcpy(ymm_high[index & 15], static_cast<const uint8_t *>(val) + 16, 16);
		return;
	}
	uint8_t *slot = vreg_slot(c, kind, index);
	memcpy(slot, val, kind == KEMU_VREG_XMM ? 16 : 8);
	if (kind == KEMU_VREG_MMX) {
		slot[8] = slot[9] = 0xff;
		mmx_instruction(c);
	}
}

// x87 control and the FXSAVE image, on the same image (what the hardware does
// with the guest FPU loaded, as KVM's asm helpers run it).
void x87(void *opaque, kemu_x87_op op, uint16_t *word)
{
	oracle_cpu *c = B(opaque).cpu;
	switch (op) {
	case KEMU_X87_FNINIT:
		// FCW 0x37f; FSW, the tags (abridged: all empty), FOP, FIP and FDP cleared.
		c->fx[0] = 0x7f;
		c->fx[1] = 0x03;
		memset(&c->fx[2], 0, 22);
		break;
	case KEMU_X87_FNSTCW:
		*word = uint16_t(c->fx[0] | c->fx[1] << 8);
		break;
	case KEMU_X87_FNSTSW:
		*word = uint16_t(c->fx[2] | c->fx[3] << 8);
		break;
	}
}

// MXCSR_MASK (image bytes 28-31) is the CPU's, whatever the image held: what
// a real FXSAVE (KVM's path) stores.
uint32_t host_mxcsr_mask()
{
	static const uint32_t mask = [] {
		alignas(16) uint8_t image[512] = {};
		asm volatile("fxsave %0" : "=m"(image));
		uint32_t m;
		memcpy(&m, &image[28], 4);
		return m ? m : 0xffbf; // 0: the architectural default
	}();
	return mask;
}

void fxsave(void *opaque, void *image, unsigned bytes)
{
	memcpy(image, B(opaque).cpu->fx, bytes);
	uint32_t mask = host_mxcsr_mask();
	if (bytes >= 32)
		memcpy(static_cast<uint8_t *>(image) + 28, &mask, 4);
}

// As the bridge (kmod's op_fxrstor) and KVM's em_fxrstor: the image goes
// into the CPU with a real FXRSTOR, which keeps only what the FPU holds (the
// reserved bits of FCW read back clear), and the state is read back as the
// KVM runtime reads the guest's (FXSAVE64).
void fxrstor(void *opaque, const void *image, unsigned bytes)
{
	alignas(16) uint8_t host[512], fx[512];
	uint8_t *state = B(opaque).cpu->fx;
	memcpy(fx, state, sizeof(fx));
	memcpy(fx, image, bytes < sizeof(fx) ? bytes : sizeof(fx));
	asm volatile("fxsave64 %0" : "=m"(host));
	asm volatile("fxrstor %0" : : "m"(fx));
	asm volatile("fxsave64 %0" : "=m"(fx));
	asm volatile("fxrstor64 %0" : : "m"(host));
	memcpy(state, fx, sizeof(fx));
}

// SMM as the host models it; leaving it loads the state into the CPU and,
// as the bridge takes them from ctxt->_regs, the core's GPRs, RIP, RFLAGS.
int is_smm(void *opaque)
{
	const Bridge &b = B(opaque);
	return b.host->in_smm && b.host->in_smm(b.h);
}
int leave_smm(void *opaque, kemu_exception *)
{
	Bridge &b = B(opaque);
	if (!b.host->leave_smm || b.host->leave_smm(b.h, b.cpu))
		return KEMU_UNHANDLEABLE;
	memcpy(b.ctxt->gprs, b.cpu->gpr, sizeof(b.ctxt->gprs));
	b.ctxt->rip = b.cpu->rip;
	b.ctxt->rflags = b.cpu->rflags;
	return KEMU_CONTINUE;
}
void triple_fault(void *opaque)
{
	B(opaque).host->event(B(opaque).h, ORACLE_EV_TRIPLE_FAULT, 0);
}

// Designated initializers: a member added to kemu_ops later starts out null
// (kemu refuses what needs it) until it is wired here.
constexpr kemu_ops kOps = {
    .fetch = fetch,
    .read_mem = read_mem,
    .write_mem = write_mem,
    .get_segment = get_segment,
    .cmpxchg_mem = cmpxchg_mem,
    .pio_in = pio_in,
    .pio_out = pio_out,
    .cpl = cpl,
    .read_system = read_system,
    .write_system = write_system,
    .get_cr = get_cr,
    .set_cr = set_cr,
    .get_dr = get_dr,
    .set_dr = set_dr,
    .get_msr = get_msr,
    .set_msr = set_msr,
    .cpuid = cpuid,
    .get_dtable = get_dtable,
    .set_dtable = set_dtable,
    .invlpg = invlpg,
    .wbinvd = wbinvd,
    .halt = halt,
    .set_xcr = set_xcr,
    .read_pmc = read_pmc,
    .set_segment = set_segment,
    .set_nmi_mask = set_nmi_mask,
    .intercept = intercept,
    .fix_hypercall = fix_hypercall,
    .get_vreg = get_vreg,
    .set_vreg = set_vreg,
    .x87 = x87,
    .fxsave = fxsave,
    .fxrstor = fxrstor,
    .is_smm = is_smm,
    .leave_smm = leave_smm,
    .triple_fault = triple_fault,
    .get_msr_filtered = get_msr, // (the host has no MSR filter, as the KVM backend's)
};

// The differential fuzzer's contract mode (kemu_backend_set_contract): a copy
// of kOps with one member broken, which the steps use instead of kOps while it
// is set.  The broken member answers through OutOfContract<member>::call,
// which counts its calls and answers the chosen status on the nth one,
// leaving *fault as the core preset it, without reaching the host.
kemu_ops contract_ops;
const kemu_ops *ops_in_use = &kOps;
unsigned contract_calls, contract_nth;
int contract_answer;

template <auto Member, typename Fn>
struct OutOfContract;
template <auto Member, typename... Args>
struct OutOfContract<Member, int (*)(void *, Args...)> {
	static int call(void *opaque, Args... args)
	{
		if (++contract_calls == contract_nth)
			return contract_answer;
		return (kOps.*Member)(opaque, args...);
	}
};

using AnyCallback = void (*)();
template <auto Member>
AnyCallback answering()
{
	using Fn = std::remove_cvref_t<decltype(kOps.*Member)>;
	return reinterpret_cast<AnyCallback>(&OutOfContract<Member, Fn>::call);
}

// kemu_ops' members in declaration order: the four required ones first, the
// wrapper of each that answers a status (is_smm's int is not a status).
struct CallbackSlot {
	const char *name;
	size_t offset;
	AnyCallback (*answer)();
};
constexpr CallbackSlot slot(const char *name, size_t offset, AnyCallback (*answer)() = nullptr)
{
	return {name, offset, answer};
}
#define KEMU_SLOT(m) slot(#m, offsetof(kemu_ops, m))
#define KEMU_STATUS_SLOT(m) slot(#m, offsetof(kemu_ops, m), answering<&kemu_ops::m>)
constexpr CallbackSlot kSlots[] = {
    KEMU_STATUS_SLOT(fetch),
    KEMU_STATUS_SLOT(read_mem),
    KEMU_STATUS_SLOT(write_mem),
    KEMU_SLOT(get_segment),
    KEMU_STATUS_SLOT(cmpxchg_mem),
    KEMU_STATUS_SLOT(pio_in),
    KEMU_STATUS_SLOT(pio_out),
    KEMU_SLOT(cpl),
    KEMU_STATUS_SLOT(read_system),
    KEMU_STATUS_SLOT(write_system),
    KEMU_SLOT(get_cr),
    KEMU_STATUS_SLOT(set_cr),
    KEMU_SLOT(get_dr),
    KEMU_STATUS_SLOT(set_dr),
    KEMU_STATUS_SLOT(get_msr),
    KEMU_STATUS_SLOT(set_msr),
    KEMU_SLOT(cpuid),
    KEMU_SLOT(get_dtable),
    KEMU_SLOT(set_dtable),
    KEMU_SLOT(invlpg),
    KEMU_SLOT(wbinvd),
    KEMU_SLOT(halt),
    KEMU_STATUS_SLOT(set_xcr),
    KEMU_STATUS_SLOT(read_pmc),
    KEMU_SLOT(set_segment),
    KEMU_SLOT(set_nmi_mask),
    KEMU_STATUS_SLOT(intercept),
    KEMU_STATUS_SLOT(fix_hypercall),
    KEMU_SLOT(get_vreg),
    KEMU_SLOT(set_vreg),
    KEMU_SLOT(x87),
    KEMU_SLOT(fxsave),
    KEMU_SLOT(fxrstor),
    KEMU_SLOT(is_smm),
    KEMU_STATUS_SLOT(leave_smm),
    KEMU_SLOT(triple_fault),
    KEMU_STATUS_SLOT(get_msr_filtered),
};
#undef KEMU_SLOT
#undef KEMU_STATUS_SLOT
static_assert(sizeof(kSlots) / sizeof(kSlots[0]) == sizeof(kemu_ops) / sizeof(AnyCallback),
              "a member added to kemu_ops needs its slot here");
constexpr int kRequiredCallbacks = 4; // fetch, read_mem, write_mem, get_segment

bool trap_like(unsigned vector)
{
	return vector == KEMU_DB || vector == KEMU_BP || vector == KEMU_OF;
}

// The context a KVM exit hands kemu: the mode, GPRs, rIP and RFLAGS.  The
// rest is left as it is (the core does not depend on it; the state fuzzer
// checks that with a poisoned context), as the kernel bridge does.
bool vmware_backdoor = false;              // the host's, as the bridge reads kvm.ko's
kemu_decode_cache *decode_cache = nullptr; // one for every step, as a vCPU's
bool decode_cache_warm = false;

void init_ctxt(kemu_ctxt &ctxt, Bridge &bridge, const oracle_cpu *cpu)
{
	ctxt.check_intercepts = 0;
	ctxt.exit_pending = 0;
	ctxt.vmware_backdoor = vmware_backdoor;
	ctxt.ops = ops_in_use;
	ctxt.opaque = &bridge;
	ctxt.decode_cache = decode_cache;
	ctxt.mode = static_cast<kemu_u32>(oracle_mode(cpu));
	memcpy(ctxt.gprs, cpu->gpr, sizeof(ctxt.gprs));
	ctxt.rip = cpu->rip;
	ctxt.rflags = cpu->rflags;
}

int finish(kemu_ctxt &ctxt, int rc, oracle_cpu *cpu, oracle_exit *exit, bool instruction);

} // namespace

void kemu_backend_set_vmware_backdoor(bool on)
{
	vmware_backdoor = on;
}

void kemu_backend_set_decode_cache(kemu_decode_cache *cache, bool warm)
{
	decode_cache = cache;
	decode_cache_warm = warm;
}

const kemu_decode_cache *kemu_backend_decode_cache()
{
	return decode_cache;
}

int kemu_backend_callbacks()
{
	return static_cast<int>(sizeof(kSlots) / sizeof(kSlots[0]));
}

const char *kemu_backend_callback_name(int callback)
{
	return callback >= 0 && callback < kemu_backend_callbacks() ? kSlots[callback].name : "?";
}

bool kemu_backend_set_contract(const ContractBreak *b)
{
	ops_in_use = &kOps;
	if (!b)
		return true;
	if (b->callback < 0 || b->callback >= kemu_backend_callbacks())
		return false;
	const CallbackSlot &slot = kSlots[b->callback];
	AnyCallback with = nullptr;
	if (b->removed ? b->callback < kRequiredCallbacks : !slot.answer)
		return false;
	if (!b->removed)
		with = slot.answer();
	contract_ops = kOps;
	memcpy(reinterpret_cast<char *>(&contract_ops) + slot.offset, &with, sizeof(with));
	contract_calls = 0;
	contract_nth = b->nth;
	contract_answer = b->answer;
	ops_in_use = &contract_ops;
	return true;
}

bool kemu_backend_contract_answered()
{
	return ops_in_use == &contract_ops && contract_nth && contract_calls >= contract_nth;
}

int kemu_backend_decode(const oracle_host *host, void *host_opaque, oracle_cpu *cpu)
{
	Bridge bridge{host, host_opaque, cpu};
	kemu_ctxt ctxt;
	init_ctxt(ctxt, bridge, cpu);
	return kemu_decode(&ctxt, nullptr, 0) == KEMU_CONTINUE ? int(ctxt.insn.length) : -1;
}

void kemu_backend_queries(const oracle_host *host, void *host_opaque, oracle_cpu *cpu,
                          oracle_queries *out)
{
	Bridge bridge{host, host_opaque, cpu};
	kemu_ctxt ctxt;
	init_ctxt(ctxt, bridge, cpu);
	*out = {};
	if (kemu_decode(&ctxt, nullptr, 0) != KEMU_CONTINUE)
		return;
	out->decoded = 1;
	out->page_table_writing = kemu_page_table_writing(&ctxt);
	out->can_use_gpa = kemu_can_use_gpa(&ctxt);
	out->is_branch = kemu_is_branch(&ctxt);
	out->emulate_on_ud = kemu_emulate_on_ud(&ctxt);
	out->decode_rejects = kemu_decode_rejects(&ctxt);
	const char *mnemonic = kemu_mnemonic(&ctxt);
	out->named = mnemonic && *mnemonic;
}

int kemu_backend_step(const oracle_host *host, void *host_opaque, oracle_cpu *cpu,
                      oracle_exit *exit)
{
	Bridge bridge{host, host_opaque, cpu};
	kemu_ctxt ctxt;
	init_ctxt(ctxt, bridge, cpu);
	if (decode_cache && decode_cache_warm) {
		kemu_decode(&ctxt, nullptr, 0); // (fetches change nothing in the host)
		init_ctxt(ctxt, bridge, cpu);
	}
	bridge.ctxt = &ctxt;

	*exit = {};
	int rc = kemu_decode(&ctxt, nullptr, 0);
	if (rc == KEMU_CONTINUE) {
		exit->insn_len = ctxt.insn.length;
		// As the kernel bridge under x86.c: after a pass, userspace serves
		// what waits; a read runs the pass again on the same decode, with
		// L1's intercepts already checked (EMULTYPE_NO_DECODE).
		ctxt.check_intercepts = host->guest_mode && host->guest_mode(host_opaque);
		for (;;) {
			ctxt.exit_pending = 0;
			rc = kemu_execute(&ctxt);
			if (rc == KEMU_PROPAGATE_FAULT || rc == KEMU_UNHANDLEABLE ||
			    rc == KEMU_INTERCEPTED) {
				if (host->mmio_cancel)
					host->mmio_cancel(host_opaque);
				break;
			}
			int waiting = mmio_waiting(bridge);
			if (waiting == ORACLE_MMIO_NONE)
				break;
			exit->mmio_exits++;
			host->mmio_complete(host_opaque);
			if (waiting == ORACLE_MMIO_WRITE)
				break;
			ctxt.check_intercepts = 0;
		}
	} else {
		exit->decode_failed = 1;
	}
	return finish(ctxt, rc, cpu, exit, true);
}

int kemu_backend_task_switch(const oracle_host *host, void *host_opaque, oracle_cpu *cpu,
                             uint16_t tss_selector, int idt_index, int reason, int has_error_code,
                             uint32_t error_code, oracle_exit *exit)
{
	Bridge bridge{host, host_opaque, cpu};
	kemu_ctxt ctxt;
	init_ctxt(ctxt, bridge, cpu);
	*exit = {};
	const int rc =
	    kemu_task_switch(&ctxt, tss_selector, idt_index, reason, has_error_code, error_code);
	return finish(ctxt, rc, cpu, exit, false);
}

int kemu_backend_int_real(const oracle_host *host, void *host_opaque, oracle_cpu *cpu,
                          unsigned vector, unsigned inc_eip, oracle_exit *exit)
{
	Bridge bridge{host, host_opaque, cpu};
	kemu_ctxt ctxt;
	init_ctxt(ctxt, bridge, cpu);
	ctxt.rip += inc_eip;
	*exit = {};
	const int rc = kemu_interrupt_real(&ctxt, vector);
	if (rc != KEMU_CONTINUE) { // x86.c requests a triple fault
		exit->code = rc;
		exit->outcome = ORACLE_OUT_OTHER;
		return exit->outcome;
	}
	return finish(ctxt, rc, cpu, exit, false);
}

namespace {

// How a call ended, as x86.c sees it: the state written back and the exit
// (the interrupt shadow only after an instruction: x86.c leaves it alone
// after an event).
int finish(kemu_ctxt &ctxt, int rc, oracle_cpu *cpu, oracle_exit *exit, bool instruction)
{
	exit->code = rc;
	switch (rc) {
	case KEMU_CONTINUE:
		memcpy(cpu->gpr, ctxt.gprs, sizeof(ctxt.gprs));
		cpu->rip = ctxt.rip;
		cpu->rflags = ctxt.rflags;
		// x86.c's toggle_interruptibility() with kemu's shadow (STI, MOV SS)
		if (instruction)
			oracle_writeback_shadow(cpu, ctxt.shadow);
		exit->outcome = ORACLE_OUT_OK;
		break;
	case KEMU_CMPXCHG_FAILED:
	case KEMU_RETRY_INSTR:
		// Nothing changed; the host enters the guest at the same instruction,
		// which runs again (KVM: EMULATION_OK without the register writeback,
		// then toggle_interruptibility with no shadow).
		if (instruction)
			oracle_writeback_shadow(cpu, 0);
		exit->outcome = ORACLE_OUT_OK;
		break;
	case KEMU_PROPAGATE_FAULT:
		// A fault may follow completed REP iterations: keep kemu's registers.
		memcpy(cpu->gpr, ctxt.gprs, sizeof(ctxt.gprs));
		exit->fault.vector = ctxt.exception.vector;
		exit->fault.error_code_valid = ctxt.exception.error_code_valid;
		exit->fault.error_code =
		    ctxt.exception.error_code_valid ? ctxt.exception.error_code : 0;
		exit->fault.address = ctxt.exception.vector == KEMU_PF ? ctxt.exception.address : 0;
		if (trap_like(ctxt.exception.vector)) {
			cpu->rip = ctxt.rip;
			cpu->rflags = ctxt.rflags;
		}
		exit->outcome = ORACLE_OUT_FAULT;
		break;
	case KEMU_UNHANDLEABLE:
		exit->outcome = ORACLE_OUT_UNHANDLEABLE;
		break;
	case KEMU_INTERCEPTED:
		exit->outcome = ORACLE_OUT_INTERCEPTED;
		break;
	default:
		exit->outcome = ORACLE_OUT_OTHER;
		break;
	}
	return exit->outcome;
}

} // namespace

} // namespace oracle
