// The flags an instruction leaves undefined, from the core's one table
// (emulator/exec/flag_effects.h) for the instruction as kemu decodes it,
// plus what KVM's own decoding of an instruction adds (named below).
#include "undefined_flags.h"

#include "exec/flag_effects.h"

#include <kemu/kemu.h>

namespace oracle {

namespace {

using kemu::decode::Handler;
using kemu::exec::FlagUse;

// The case's bytes are the whole instruction: nothing more is fetched.
int no_fetch(void *, kemu_u64, void *, unsigned, kemu_exception *)
{
	return KEMU_UNHANDLEABLE;
}

// KVM decodes F3 0F BC/BD as BSF/BSR (deviation tzcnt-lzcnt-not-bsf-bsr):
// what BSF/BSR leave undefined (CF among them) is undefined in its result too.
uint64_t kvm_runs_bsf_bsr_for_tzcnt_lzcnt(Handler h)
{
	if (h == Handler::Tzcnt)
		return kemu::exec::flag_use(Handler::Bsf, nullptr, {}).undefined;
	if (h == Handler::Lzcnt)
		return kemu::exec::flag_use(Handler::Bsr, nullptr, {}).undefined;
	return 0;
}

} // namespace

UndefinedFlags undefined_flags(const TestCase &tc)
{
	static const kemu_ops ops = {.fetch = no_fetch};
	kemu_ctxt c = {};
	c.ops = &ops;
	c.mode = static_cast<kemu_u32>(tc.mode);
	for (unsigned i = 0; i < KEMU_NR_GPRS; i++)
		c.gprs[i] = tc.cpu.gpr[i];
	c.rip = tc.cpu.rip;
	UndefinedFlags u;
	if (kemu_decode(&c, tc.code, KEMU_MAX_INSN_LEN) != KEMU_CONTINUE)
		return u; // KVM's decode alone succeeding differs beyond the flags
	const kemu::exec::FlagEntry *e = kemu::exec::flag_entry_of(c.insn);
	if (!e)
		return u;
	const FlagUse use = kemu::exec::flag_use_of(c.insn, c.gprs);
	u.mask = use.undefined | kvm_runs_bsf_bsr_for_tzcnt_lzcnt(e->handler);
	u.result_undefined = use.result_undefined;
	if (u.mask || u.result_undefined)
		u.why = e->sdm;
	return u;
}

} // namespace oracle
