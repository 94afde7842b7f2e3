// kemu-replay's answering host (host.h).
#include "host.h"

namespace kemu_replay {

bool g_verbose = false;

namespace {

Replay &of(void *opaque)
{
	return *static_cast<Replay *>(opaque);
}

Call made_call(int kind)
{
	Call c;
	c.kind = kind;
	c.f.resize(c.spec().keys.size());
	return c;
}

// The recorded status, and the fault it came with (kemu.h's convention).
int answer_rc(const Call *r, kemu_exception *fault)
{
	if (!r)
		return KEMU_UNHANDLEABLE;
	if (r->has("fault"))
		*fault = r->get("fault").fault;
	return static_cast<int>(r->num("rc"));
}

// fetch, read_mem, read_system
int read_like(void *opaque, int kind, u64 linear, void *val, unsigned bytes, kemu_exception *fault)
{
	Call c = made_call(kind);
	c.set("addr").num = linear;
	c.set("len").num = bytes;
	const Call *r = of(opaque).take(c);
	if (!r)
		return KEMU_UNHANDLEABLE;
	if (r->num("rc") == KEMU_CONTINUE)
		memcpy(val, r->get("data").bytes.data(), bytes); // as long as len (checked)
	return answer_rc(r, fault);
}

int write_like(void *opaque, int kind, u64 linear, const void *old, const void *val, unsigned bytes,
               kemu_exception *fault)
{
	Call c = made_call(kind);
	c.set("addr").num = linear;
	c.set("len").num = bytes;
	const u8 *p = static_cast<const u8 *>(val);
	c.set("data").bytes.assign(p, p + bytes);
	if (old) {
		const u8 *o = static_cast<const u8 *>(old);
		c.set("old").bytes.assign(o, o + bytes);
	}
	Replay &rp = of(opaque);
	const Call *r = rp.take(c);
	if (!r)
		return KEMU_UNHANDLEABLE;
	if (r->num("exit_pending"))
		rp.ctxt->exit_pending = 1;
	return answer_rc(r, fault);
}

int op_fetch(void *o, u64 a, void *v, unsigned n, kemu_exception *f)
{
	return read_like(o, kFetch, a, v, n, f);
}
int op_read_mem(void *o, u64 a, void *v, unsigned n, kemu_exception *f)
{
	return read_like(o, kReadMem, a, v, n, f);
}
int op_read_system(void *o, u64 a, void *v, unsigned n, kemu_exception *f)
{
	return read_like(o, kReadSystem, a, v, n, f);
}
int op_write_mem(void *o, u64 a, const void *v, unsigned n, kemu_exception *f)
{
	return write_like(o, kWriteMem, a, nullptr, v, n, f);
}
int op_write_system(void *o, u64 a, const void *v, unsigned n, kemu_exception *f)
{
	return write_like(o, kWriteSystem, a, nullptr, v, n, f);
}
int op_cmpxchg(void *o, u64 a, const void *old, const void *v, unsigned n, kemu_exception *f)
{
	return write_like(o, kCmpxchg, a, old, v, n, f);
}

int op_pio_in(void *opaque, unsigned size, kemu_u16 port, void *val, unsigned count,
              kemu_exception *fault)
{
	Call c = made_call(kPioIn);
	c.set("size").num = size;
	c.set("port").num = port;
	c.set("count").num = count;
	const Call *r = of(opaque).take(c);
	if (!r)
		return KEMU_UNHANDLEABLE;
	if (r->num("rc") == KEMU_CONTINUE) // size * count bytes (checked)
		memcpy(val, r->get("data").bytes.data(), r->get("data").bytes.size());
	return answer_rc(r, fault);
}

int op_pio_out(void *opaque, unsigned size, kemu_u16 port, const void *val, unsigned count,
               kemu_exception *fault)
{
	Call c = made_call(kPioOut);
	c.set("size").num = size;
	c.set("port").num = port;
	c.set("count").num = count;
	const u8 *p = static_cast<const u8 *>(val);
	size_t n = static_cast<size_t>(size) * count;
	c.set("data").bytes.assign(p, p + (n > kMaxData ? kMaxData : n));
	Replay &rp = of(opaque);
	const Call *r = rp.take(c);
	if (!r)
		return KEMU_UNHANDLEABLE;
	if (r->num("exit_pending"))
		rp.ctxt->exit_pending = 1;
	return answer_rc(r, fault);
}

void op_get_segment(void *opaque, kemu_seg seg, kemu_segment *out)
{
	Call c = made_call(kGetSegment);
	c.set("seg").num = seg;
	const Call *r = of(opaque).take(c);
	*out = {};
	if (!r)
		return;
	out->selector = static_cast<kemu_u16>(r->num("sel"));
	out->base = r->num("base");
	out->limit = static_cast<kemu_u32>(r->num("limit"));
	out->type = static_cast<u8>(r->num("type"));
	out->s = r->num("s") & 1;
	out->dpl = r->num("dpl") & 3;
	out->present = r->num("p") & 1;
	out->avl = r->num("avl") & 1;
	out->l = r->num("l") & 1;
	out->db = r->num("db") & 1;
	out->g = r->num("g") & 1;
	out->unusable = static_cast<u8>(r->num("unusable"));
}

void op_set_segment(void *opaque, kemu_seg seg, const kemu_segment *in)
{
	Call c = made_call(kSetSegment);
	c.set("seg").num = seg;
	c.set("sel").num = in->selector;
	c.set("base").num = in->base;
	c.set("limit").num = in->limit;
	c.set("type").num = in->type;
	c.set("s").num = in->s;
	c.set("dpl").num = in->dpl;
	c.set("p").num = in->present;
	c.set("avl").num = in->avl;
	c.set("l").num = in->l;
	c.set("db").num = in->db;
	c.set("g").num = in->g;
	c.set("unusable").num = in->unusable;
	of(opaque).take(c);
}

unsigned op_cpl(void *opaque)
{
	Call c = made_call(kCpl);
	const Call *r = of(opaque).take(c);
	return r ? static_cast<unsigned>(r->num("value")) : 0;
}

u64 get_reg(void *opaque, int kind, unsigned n)
{
	Call c = made_call(kind);
	c.set("n").num = n;
	const Call *r = of(opaque).take(c);
	return r ? r->num("value") : 0;
}
u64 op_get_cr(void *o, unsigned n)
{
	return get_reg(o, kGetCr, n);
}
u64 op_get_dr(void *o, unsigned n)
{
	return get_reg(o, kGetDr, n);
}

int set_reg(void *opaque, int kind, const char *key, u64 n, u64 value, kemu_exception *fault)
{
	Call c = made_call(kind);
	c.set(key).num = n;
	c.set("value").num = value;
	return answer_rc(of(opaque).take(c), fault);
}
int op_set_cr(void *o, unsigned n, u64 v, kemu_exception *f)
{
	return set_reg(o, kSetCr, "n", n, v, f);
}
int op_set_dr(void *o, unsigned n, u64 v, kemu_exception *f)
{
	return set_reg(o, kSetDr, "n", n, v, f);
}
int op_set_msr(void *o, kemu_u32 msr, u64 v, kemu_exception *f)
{
	return set_reg(o, kSetMsr, "msr", msr, v, f);
}
int op_set_xcr(void *o, kemu_u32 index, u64 v, kemu_exception *f)
{
	return set_reg(o, kSetXcr, "index", index, v, f);
}

int get_value(void *opaque, int kind, const char *key, u64 n, u64 *value, kemu_exception *fault)
{
	Call c = made_call(kind);
	c.set(key).num = n;
	const Call *r = of(opaque).take(c);
	*value = r ? r->num("value") : 0;
	return answer_rc(r, fault);
}
int op_get_msr(void *o, kemu_u32 msr, u64 *v, kemu_exception *f)
{
	return get_value(o, kGetMsr, "msr", msr, v, f);
}
int op_get_msr_filtered(void *o, kemu_u32 msr, u64 *v, kemu_exception *f)
{
	return get_value(o, kGetMsrFiltered, "msr", msr, v, f);
}
int op_read_pmc(void *o, kemu_u32 counter, u64 *v, kemu_exception *f)
{
	return get_value(o, kReadPmc, "counter", counter, v, f);
}

void op_cpuid(void *opaque, kemu_u32 *eax, kemu_u32 *ebx, kemu_u32 *ecx, kemu_u32 *edx)
{
	Call c = made_call(kCpuid);
	c.set("eax").num = *eax;
	c.set("ecx").num = *ecx;
	const Call *r = of(opaque).take(c);
	kemu_u32 out[4] = {};
	if (r)
		for (int i = 0; i < 4; i++)
			out[i] = static_cast<kemu_u32>(r->get("out").list[i]);
	*eax = out[0];
	*ebx = out[1];
	*ecx = out[2];
	*edx = out[3];
}

void op_get_dtable(void *opaque, kemu_dtable_reg reg, kemu_dtable *out)
{
	Call c = made_call(kGetDtable);
	c.set("reg").num = reg;
	const Call *r = of(opaque).take(c);
	*out = {};
	if (r) {
		out->base = r->num("base");
		out->limit = static_cast<kemu_u16>(r->num("limit"));
	}
}

void op_set_dtable(void *opaque, kemu_dtable_reg reg, const kemu_dtable *in)
{
	Call c = made_call(kSetDtable);
	c.set("reg").num = reg;
	c.set("base").num = in->base;
	c.set("limit").num = in->limit;
	of(opaque).take(c);
}

void op_invlpg(void *opaque, u64 linear)
{
	Call c = made_call(kInvlpg);
	c.set("addr").num = linear;
	of(opaque).take(c);
}

void no_arguments(void *opaque, int kind)
{
	Call c = made_call(kind);
	of(opaque).take(c);
}
void op_wbinvd(void *o)
{
	no_arguments(o, kWbinvd);
}
void op_halt(void *o)
{
	no_arguments(o, kHalt);
}
void op_triple_fault(void *o)
{
	no_arguments(o, kTripleFault);
}

void op_set_nmi_mask(void *opaque, int masked)
{
	Call c = made_call(kSetNmiMask);
	c.set("masked").num = static_cast<unsigned>(masked);
	of(opaque).take(c);
}

int op_intercept(void *opaque, const kemu_intercept_info *info, kemu_intercept_stage stage,
                 kemu_exception *fault)
{
	Call c = made_call(kIntercept);
	c.set("stage").num = stage;
	c.set("intercept").num = info->intercept;
	c.set("rep").num = info->rep_prefix;
	c.set("mod").num = info->modrm_mod;
	c.set("reg").num = info->modrm_reg;
	c.set("rm").num = info->modrm_rm;
	c.set("src").num = info->src_val;
	c.set("dst").num = info->dst_val;
	c.set("srcb").num = info->src_bytes;
	c.set("dstb").num = info->dst_bytes;
	c.set("adb").num = info->ad_bytes;
	c.set("next").num = info->next_rip;
	return answer_rc(of(opaque).take(c), fault);
}

int op_fix_hypercall(void *opaque, kemu_exception *fault)
{
	Call c = made_call(kFixHypercall);
	return answer_rc(of(opaque).take(c), fault);
}

unsigned vreg_bytes(kemu_vreg_kind kind)
{
	return kind == KEMU_VREG_XMM ? 16 : kind == KEMU_VREG_MMX ? 8 : 32;
}

void op_get_vreg(void *opaque, kemu_vreg_kind kind, unsigned index, void *val)
{
	Call c = made_call(kGetVreg);
	c.set("kind").num = kind;
	c.set("index").num = index;
	const Call *r = of(opaque).take(c);
	memset(val, 0, vreg_bytes(kind));
	if (r) // the kind matched: its size (checked)
		memcpy(val, r->get("data").bytes.data(), vreg_bytes(kind));
}

void op_set_vreg(void *opaque, kemu_vreg_kind kind, unsigned index, const void *val)
{
	Call c = made_call(kSetVreg);
	c.set("kind").num = kind;
	c.set("index").num = index;
	const u8 *p = static_cast<const u8 *>(val);
	c.set("data").bytes.assign(p, p + vreg_bytes(kind));
	of(opaque).take(c);
}

void op_x87(void *opaque, kemu_x87_op op, kemu_u16 *word)
{
	Call c = made_call(kX87);
	c.set("op").num = op;
	const Call *r = of(opaque).take(c);
	if (word && op != KEMU_X87_FNINIT)
		*word = r ? static_cast<kemu_u16>(r->num("value")) : 0;
}

void op_fxsave(void *opaque, void *image, unsigned bytes)
{
	Call c = made_call(kFxsave);
	c.set("len").num = bytes;
	const Call *r = of(opaque).take(c);
	memset(image, 0, bytes);
	if (r) // len matched (so did data's length)
		memcpy(image, r->get("data").bytes.data(), bytes);
}

void op_fxrstor(void *opaque, const void *image, unsigned bytes)
{
	Call c = made_call(kFxrstor);
	c.set("len").num = bytes;
	const u8 *p = static_cast<const u8 *>(image);
	c.set("data").bytes.assign(p, p + (bytes > kMaxData ? kMaxData : bytes));
	of(opaque).take(c);
}

int op_is_smm(void *opaque)
{
	Call c = made_call(kIsSmm);
	const Call *r = of(opaque).take(c);
	return r ? static_cast<int>(r->num("value")) : 0;
}

int op_leave_smm(void *opaque, kemu_exception *fault)
{
	Call c = made_call(kLeaveSmm);
	Replay &rp = of(opaque);
	const Call *r = rp.take(c);
	if (!r)
		return KEMU_UNHANDLEABLE;
	if (r->num("rc") == 0) { // the state KVM loaded, into ctxt (as the bridge)
		for (int i = 0; i < KEMU_NR_GPRS; i++)
			rp.ctxt->gprs[i] = r->get("gprs").list[i];
		rp.ctxt->rip = r->num("rip");
		rp.ctxt->rflags = r->num("rflags");
	}
	return answer_rc(r, fault);
}

} // namespace

const kemu_ops kReplayOps = {
    .fetch = op_fetch,
    .read_mem = op_read_mem,
    .write_mem = op_write_mem,
    .get_segment = op_get_segment,
    .cmpxchg_mem = op_cmpxchg,
    .pio_in = op_pio_in,
    .pio_out = op_pio_out,
    .cpl = op_cpl,
    .read_system = op_read_system,
    .write_system = op_write_system,
    .get_cr = op_get_cr,
    .set_cr = op_set_cr,
    .get_dr = op_get_dr,
    .set_dr = op_set_dr,
    .get_msr = op_get_msr,
    .set_msr = op_set_msr,
    .cpuid = op_cpuid,
    .get_dtable = op_get_dtable,
    .set_dtable = op_set_dtable,
    .invlpg = op_invlpg,
    .wbinvd = op_wbinvd,
    .halt = op_halt,
    .set_xcr = op_set_xcr,
    .read_pmc = op_read_pmc,
    .set_segment = op_set_segment,
    .set_nmi_mask = op_set_nmi_mask,
    .intercept = op_intercept,
    .fix_hypercall = op_fix_hypercall,
    .get_vreg = op_get_vreg,
    .set_vreg = op_set_vreg,
    .x87 = op_x87,
    .fxsave = op_fxsave,
    .fxrstor = op_fxrstor,
    .is_smm = op_is_smm,
    .leave_smm = op_leave_smm,
    .triple_fault = op_triple_fault,
    .get_msr_filtered = op_get_msr_filtered,
};

} // namespace kemu_replay
