// SPDX-License-Identifier: GPL-2.0
// The one place that sequences an emulation:
// decode -> checks -> read operands -> execute -> write back -> retire.
#include "decode/decoder.h"
#include "exec/handlers.h"
#include "operands.h"

namespace kemu {

namespace {

using decode::Handler;
using decode::Loc;

// What a pass asks of its handler, one byte per handler computed at compile
// time from the predicates that define each trait: a load and a test where
// a switch or a chain of comparisons was, on every execution.
enum HandlerTrait : u8 {
	kRuns = 1,          // a handler (not Handler::None)
	kKnowsVex = 2,      // exec::knows_vex
	kOwnOperands = 4,   // decode::accesses_own_operands
	kSavesGprs = 8,     // not exec::only_destination_and_flags
	kBitTest = 16,      // BT, BTS, BTR, BTC
	kExchange = 32,     // XCHG, whose memory write is locked
	kCopiesSource = 64, // MOV, MOVZX: the destination is the source as read
};

constexpr u8 traits_of(Handler h)
{
	u8 t = 0;
	if (h != Handler::None)
		t |= kRuns;
	if (exec::knows_vex(h))
		t |= kKnowsVex;
	if (decode::accesses_own_operands(h))
		t |= kOwnOperands;
	if (!exec::only_destination_and_flags(h))
		t |= kSavesGprs;
	if (h == Handler::Bt || h == Handler::Bts || h == Handler::Btr || h == Handler::Btc)
		t |= kBitTest;
	if (h == Handler::Xchg)
		t |= kExchange;
	if (h == Handler::Mov || h == Handler::Movzx)
		t |= kCopiesSource;
	return t;
}

struct HandlerTraits {
	u8 of[decode::kHandlerCount + 1];
};

constexpr HandlerTraits all_traits()
{
	HandlerTraits t{};
	for (unsigned h = 0; h <= decode::kHandlerCount; h++)
		t.of[h] = traits_of(static_cast<Handler>(h));
	return t;
}

constexpr HandlerTraits kHandlerTraits = all_traits();

inline bool has_trait(Handler h, HandlerTrait trait)
{
	return kHandlerTraits.of[static_cast<u8>(h)] & trait;
}

Status check_lock(kemu_ctxt &c, const decode::Opcode &o)
{
	if (decode::lock_misused(c.insn, o))
		return raise_ud(c);
	return Status::Continue;
}

// Protected-mode-only instructions are #UD in real and virtual-8086 mode,
// privileged ones #GP(0) above CPL 0.
Status check_privilege(kemu_ctxt &c, const decode::Opcode &o)
{
	if (o.has(decode::kProt) && (c.mode == KEMU_MODE_REAL || c.mode == KEMU_MODE_VM86))
		return raise_ud(c);
	if (o.has(decode::kPriv) && current_privilege(c) != 0)
		return raise_gp0(c);
	return Status::Continue;
}

// A value of a register or immediate operand, for an intercept check before
// the operands are read (memory operands are 0 until then, as in KVM).  (Off
// the hot path: its width out of line.)
u64 peek(kemu_ctxt &c, decode::Operand d)
{
	u64 v = 0;
	bool memory = c.insn.mem_operand && (d.loc == Loc::E || d.loc == Loc::M || d.loc == Loc::O);
	if (d.loc == Loc::E || d.loc == Loc::G || d.loc == Loc::R || d.loc == Loc::Z ||
	    d.loc == Loc::Reg || d.loc == Loc::I || d.loc == Loc::J) {
		const unsigned bytes = decode::width_bytes_of(d.width, c.insn, long_mode(c));
		if (!memory && read_operand(c, d, bytes, 0, v) != Status::Continue)
			v = 0;
	}
	return v;
}

// Nested guests: may L1 intercept the instruction at this stage?  In KVM's
// three places: before and after the privilege checks, after the reads.
Status ask_intercept(kemu_ctxt &c, const decode::Opcode &op, const exec::Operands *o,
                     kemu_intercept_stage stage)
{
	kemu_intercept_info info{};
	info.intercept = static_cast<u8>(op.intercept);
	info.rep_prefix = c.insn.rep_prefix;
	info.modrm_mod = c.insn.modrm >> 6;
	info.modrm_reg = c.insn.reg;
	info.modrm_rm = c.insn.rm;
	// (Nested guests only: the widths out of line, not the engine's inline ones.)
	info.dst_bytes =
	    static_cast<u8>(decode::width_bytes_of(op.ops[0].width, c.insn, long_mode(c)));
	info.src_bytes =
	    static_cast<u8>(decode::width_bytes_of(op.ops[1].width, c.insn, long_mode(c)));
	info.ad_bytes = c.insn.ad_bytes;
	info.dst_val = o ? o->v[0] : peek(c, op.ops[0]);
	info.src_val = o ? o->v[1] : peek(c, op.ops[1]);
	// (After the operands are read, c.rip already is the next instruction.)
	u64 next = o ? c.rip : c.rip + c.insn.length;
	info.next_rip = long_mode(c) ? next : static_cast<u32>(next);
	return host_call(c, c.ops->intercept, static_cast<const kemu_intercept_info *>(&info),
	                 stage);
}

// (Inline: most guests are not nested, and most instructions have no intercept.)
// A nested guest's host without intercept() cannot say whether L1 takes the
// instruction: it needs the callback (kemu.h), so it is refused at the
// first stage, before anything changed.
inline Status check_intercept(kemu_ctxt &c, const decode::Opcode &op, const exec::Operands *o,
                              kemu_intercept_stage stage)
{
	if (!c.check_intercepts || op.intercept == decode::Intercept::None)
		return Status::Continue;
	if (!c.ops->intercept)
		return Status::Unhandleable;
	return ask_intercept(c, op, o, stage);
}

// A memory destination written under LOCK (or XCHG's implicit lock) is
// exchanged against the value read, so another vCPU's write is not lost.
bool locked_write(const kemu_ctxt &c, Handler h)
{
	return c.insn.mem_operand && (c.insn.lock_prefix || has_trait(h, kExchange));
}

Status write_back(kemu_ctxt &c, const decode::Opcode &op, const exec::Operands &o)
{
	if (!locked_write(c, op.handler) || !c.insn.mem_operand || op.ops[0].loc != Loc::E)
		return write_operand(c, op.ops[0], o.bytes[0], o.ea, o.v[0]);
	unsigned n = o.bytes[0];
	u8 old[8], now[8];
	store_le(old, n, o.read[0]);
	store_le(now, n, o.v[0]);
	return exchange_memory(c, c.insn.ea_seg, o.ea, n, old, now);
}

// In a nested guest whose L1 may intercept the instruction: the checks
// before the operands are read, in KVM's order (L1 sees it).
Status checks_before_operands(kemu_ctxt &c, const decode::Opcode &op)
{
	Status s = check_intercept(c, op, nullptr, KEMU_ICPT_PRE_EXCEPT);
	if (s == Status::Continue)
		s = check_privilege(c, op);
	// (Only where L1 could see the order: the handler checks them anyway.)
	if (s == Status::Continue)
		s = exec::check_permission(c, op, peek(c, op.ops[0]), peek(c, op.ops[1]));
	if (s == Status::Continue)
		s = check_intercept(c, op, nullptr, KEMU_ICPT_POST_EXCEPT);
	return s;
}

// A plain switch, one case per handler (KEMU_HANDLERS, exec/handlers.h):
// the kernel builds without jump tables and with retpolines, where a table
// of function pointers would cost an indirect call.  MOV and MOVZX, most of
// what KVM emulates, are done here: their handlers' call and return (a
// return thunk in the kernel) cost more than their one copy.
// clang-format off
Status dispatch(kemu_ctxt &c, Handler h, exec::Operands &o)
{
	using namespace exec;
	if (has_trait(h, kCopiesSource)) {
		o.v[0] = o.v[1];
		return Status::Continue;
	}
	switch (h) {
#define KEMU_HANDLER_CASE(name, function, ...) case Handler::name: return function(c, o);
	KEMU_HANDLERS(KEMU_HANDLER_CASE)
#undef KEMU_HANDLER_CASE
	case Handler::None: break;
	}
	return Status::Unhandleable;
}
// clang-format on

// BT* r/m, reg on memory: the register's signed bit offset selects an operand
// anywhere around the addressed one (a bit string), which is the one accessed.
// The pass's address moves; the decode's stays (a pass run again after an
// exit would otherwise move it twice).
void select_bit_string_operand(const kemu_ctxt &c, const decode::Opcode &op, exec::Operands &o)
{
	if (!has_trait(op.handler, kBitTest) || !c.insn.mem_operand || op.ops[1].loc != Loc::G)
		return;
	s64 displacement = exec::bit_string_displacement(o.v[1], o.bytes[0]);
	o.ea = truncate(o.ea + static_cast<u64>(displacement), c.insn.ad_bytes);
}

// One operand the entry's plan names (decode/opcode.h) into o.v[i].
Status read_planned(kemu_ctxt &c, const decode::Opcode &op, exec::Operands &o, unsigned i)
{
	Status s = read_operand(c, op.ops[i], o.bytes[i], o.ea, o.v[i]);
	if (s != Status::Continue) {
		// The read of a destination that will be written faults as a
		// write (the CPU's read-modify-write; KVM does the same).
		if (i == 0 && decode::writes(op.ops[0].role) && c.have_exception &&
		    c.exception.vector == KEMU_PF)
			c.exception.error_code |= kPfWrite;
		return s;
	}
	o.read[i] = o.v[i];
	return Status::Continue;
}

// Sources first, then the destination (a bit string's address depends on
// its source).
Status read_operands(kemu_ctxt &c, const decode::Opcode &op, exec::Operands &o)
{
	if (has_trait(op.handler, kOwnOperands))
		return Status::Continue;
	const bool lm = long_mode(c);
	o.bytes[0] = decode::operand_bytes(op, 0, c.insn, lm);
	o.bytes[1] = decode::operand_bytes(op, 1, c.insn, lm);
	o.bytes[2] = decode::operand_bytes(op, 2, c.insn, lm);
	Status s = Status::Continue;
	if (op.engine_reads & 2)
		s = read_planned(c, op, o, 1);
	if (s == Status::Continue && (op.engine_reads & 4))
		s = read_planned(c, op, o, 2);
	if (s != Status::Continue)
		return s;
	select_bit_string_operand(c, op, o);
	if (op.engine_reads & 1)
		s = read_planned(c, op, o, 0);
	o.write = op.engine_writes;
	return s;
}

// Registers a handler may change before a later access faults: all GPRs
// for the handlers that write them themselves, else only rIP.
struct Snapshot {
	u64 gprs[KEMU_NR_GPRS];
	u64 rip;
	bool saved_gprs;

	Snapshot(const kemu_ctxt &c, Handler h) : rip(c.rip), saved_gprs(has_trait(h, kSavesGprs))
	{
		if (saved_gprs)
			copy_bytes(gprs, c.gprs, sizeof(gprs));
	}
	void restore(kemu_ctxt &c) const
	{
		if (saved_gprs)
			copy_bytes(c.gprs, gprs, sizeof(gprs));
		c.rip = rip;
	}
};

// Whether execute() runs the decoded entry: it has a handler, and, for a VEX
// encoding (which shares its legacy form's entry), a handler that knows VEX.
bool executes(const kemu_ctxt &c, const decode::Opcode &op)
{
	return has_trait(op.handler, kRuns) && (!c.insn.vex || has_trait(op.handler, kKnowsVex));
}

// An entry KVM decodes only for L1's intercept (VMRUN, MONITOR, RDTSCP, ...):
// its checks in KVM's order, each of which may end it (an exception, or in a
// nested guest intercepted by L1); past them KVM cannot emulate it.
Status intercept_only(kemu_ctxt &c, const decode::Opcode &op)
{
	c.have_exception = 0;
	c.shadow = 0;
	Status s = check_lock(c, op);
	if (s == Status::Continue)
		s = check_intercept(c, op, nullptr, KEMU_ICPT_PRE_EXCEPT);
	if (s == Status::Continue)
		s = check_privilege(c, op);
	if (s == Status::Continue)
		s = exec::check_permission(c, op, 0, 0);
	if (s == Status::Continue)
		s = check_intercept(c, op, nullptr, KEMU_ICPT_POST_EXCEPT);
	if (s == Status::Continue) {
		// no operand to read: the POST_MEMACCESS check follows at once
		exec::Operands o;
		u64 next = c.rip + c.insn.length;
		u64 rip = c.rip;
		c.rip = long_mode(c) ? next : static_cast<u32>(next);
		s = check_intercept(c, op, &o, KEMU_ICPT_POST_MEMACCESS);
		c.rip = rip;
	}
	return s == Status::Continue ? Status::Unhandleable : s;
}

// Inline in kemu_execute, its one caller: a call and a return less per
// emulation, which the kernel's return thunks make dear.
[[gnu::always_inline]] inline Status execute(kemu_ctxt &c)
{
	if (c.insn.entry == nullptr)
		return Status::Unhandleable; // nothing decoded
	const decode::Opcode &op = decode::opcode_of(c.insn);
	if (!executes(c, op)) {
		if (op.handler == Handler::None && !c.insn.vex &&
		    op.intercept != decode::Intercept::None)
			return intercept_only(c, op);
		return Status::Unhandleable; // decoded, not emulated (yet)
	}
	c.have_exception = 0;
	c.shadow = 0;
	c.read_cache.pos = 0; // replay what an earlier execution of it read
	// Outside a nested guest, or for an instruction L1 cannot intercept,
	// only the privilege checks are left, and most instructions have none.
	const bool nested = c.check_intercepts && op.intercept != decode::Intercept::None;
	Status s = check_lock(c, op);
	if (s == Status::Continue && nested)
		s = checks_before_operands(c, op);
	else if (s == Status::Continue && (op.attrs & (decode::kProt | decode::kPriv)))
		s = check_privilege(c, op);
	if (s != Status::Continue)
		return s;

	Snapshot before(c, op.handler);
	exec::Operands o;
	o.rflags = c.rflags;
	o.ea = c.insn.ea;
	o.rip = long_mode(c) ? c.rip : static_cast<u32>(c.rip);
	// Handlers that move rIP themselves (branches) start from the next instruction.
	u64 next = c.rip + c.insn.length;
	c.rip = long_mode(c) ? next : static_cast<u32>(next);
	s = read_operands(c, op, o);
	if (s == Status::Continue && nested && !op.has(decode::kReadsOwnSource))
		s = check_intercept(c, op, &o, KEMU_ICPT_POST_MEMACCESS);
	if (s == Status::Continue)
		s = dispatch(c, op.handler, o);
	if (s == Status::Continue && o.write)
		s = write_back(c, op, o);
	if (s != Status::Continue) {
		if (o.keep_state) {
			c.rip = before.rip;
			c.rflags = o.rflags;
		} else {
			before.restore(c);
		}
		return s;
	}
	// RF is cleared on completion, unless the instruction set it (IRET loads
	// it, a REP string that stops early sets it).
	c.rflags = o.keeps_rf ? o.rflags : o.rflags & ~kRflagsRF;
	return Status::Continue;
}

// An event x86.c hands over without an instruction (task switch, real-mode
// interrupt) starts afresh: no exception, no write of an earlier operation
// waiting, no interrupt shadow.
void begin_event(kemu_ctxt &c)
{
	c.have_exception = 0;
	c.exit_pending = 0;
	c.shadow = 0;
}

} // namespace

namespace exec {

Status ask_after_own_read(kemu_ctxt &c, const Operands &o)
{
	return check_intercept(c, decode::opcode_of(c.insn), &o, KEMU_ICPT_POST_MEMACCESS);
}

} // namespace exec

} // namespace kemu

// (kemu_decode, the decode entry, is decode/decoder.cpp's.)
extern "C" int kemu_execute(kemu_ctxt *ctxt)
{
	return static_cast<int>(kemu::execute(*ctxt));
}

namespace {

// The decoded instruction's opcode-map entry; nullptr before any decode.
const kemu::decode::Opcode *decoded(const kemu_ctxt *ctxt)
{
	return ctxt->insn.entry ? &kemu::decode::opcode_of(ctxt->insn) : nullptr;
}

int decoded_has(const kemu_ctxt *ctxt, kemu::u32 attr)
{
	const kemu::decode::Opcode *op = decoded(ctxt);
	return op && op->has(attr) ? 1 : 0;
}

} // namespace

// KVM's x86_page_table_writing_insn: may the decoded instruction write a
// page-table entry?
extern "C" int kemu_page_table_writing(const kemu_ctxt *ctxt)
{
	return decoded_has(ctxt, kemu::decode::kPageTable);
}

extern "C" int kemu_can_use_gpa(const kemu_ctxt *ctxt)
{
	using kemu::decode::Handler;
	const kemu::decode::Opcode *op = decoded(ctxt);
	if (!op)
		return 0;
	if (ctxt->insn.rep_prefix && op->has(kemu::decode::kString))
		return 0;
	// KVM's TwoMemOp: a memory source and a memory destination.  It is a
	// flag of the entries, so PUSH r/m (FF /6) and POP r/m (8F /0) have it
	// with a register operand too.
	switch (op->handler) {
	case Handler::Movs:
	case Handler::Cmps:
		return 0;
	case Handler::Push:
	case Handler::Pop:
		return ctxt->insn.has_modrm ? 0 : 1;
	default:
		return 1;
	}
}

extern "C" int kemu_is_branch(const kemu_ctxt *ctxt)
{
	using kemu::decode::Handler;
	const kemu::decode::Opcode *op = decoded(ctxt);
	if (!op)
		return 0;
	switch (op->handler) {
	case Handler::Jcc:
	case Handler::Jmp:
	case Handler::Call:
	case Handler::Ret:
	case Handler::Loop:
	case Handler::Jcxz:
	case Handler::Enter:
	case Handler::Leave:
	case Handler::JmpFar:
	case Handler::CallFar:
	case Handler::RetFar:
	case Handler::Iret:
	case Handler::Int:
	case Handler::Syscall:
	case Handler::Sysenter:
	case Handler::Sysexit:
		return 1;
	default:
		return 0;
	}
}

// SYSCALL: its SFMASK may clear TF, and KVM's em_syscall sets ctxt->tf from
// the flags it leaves.
extern "C" int kemu_single_step_from_result(const kemu_ctxt *ctxt)
{
	const kemu::decode::Opcode *op = decoded(ctxt);
	return op && op->handler == kemu::decode::Handler::Syscall ? 1 : 0;
}

extern "C" const char *kemu_mnemonic(const kemu_ctxt *ctxt)
{
	const kemu::decode::Opcode *op = decoded(ctxt);
	return op ? op->mnemonic : nullptr;
}

extern "C" int kemu_emulate_on_ud(const kemu_ctxt *ctxt)
{
	return decoded_has(ctxt, kemu::decode::kEmulateOnUD);
}

extern "C" int kemu_decode_rejects(const kemu_ctxt *ctxt)
{
	const kemu::decode::Opcode *op = decoded(ctxt);
	if (op == nullptr || kemu::executes(*ctxt, *op))
		return 0;
	// KVM's table keeps the entries it does not execute only for their
	// nested intercept check (VMRUN, MONITOR, RDTSCP, ...).
	return op->intercept == kemu::decode::Intercept::None ? 1 : 0;
}

extern "C" int kemu_task_switch(kemu_ctxt *ctxt, kemu_u16 tss_selector, int idt_index, int reason,
                                int has_error_code, kemu_u32 error_code)
{
	kemu::begin_event(*ctxt);
	return static_cast<int>(kemu::exec::task_switch(*ctxt, tss_selector, idt_index, reason,
	                                                has_error_code != 0, error_code));
}

// KVM's emulate_int_real: deliver `vector` as a real-mode interrupt with
// rIP as the return address (injected events; not an instruction).
extern "C" int kemu_interrupt_real(kemu_ctxt *ctxt, unsigned int vector)
{
	kemu_ctxt &c = *ctxt;
	kemu::begin_event(c);
	kemu::u64 rip = c.rip, gprs[KEMU_NR_GPRS];
	kemu::copy_bytes(gprs, c.gprs, sizeof(gprs));
	kemu::exec::Operands o;
	o.rflags = c.rflags;
	kemu::Status s = kemu::exec::interrupt_real(c, o, static_cast<kemu::u8>(vector));
	if (s == kemu::Status::Continue) {
		c.rflags = o.rflags;
	} else {
		c.rip = rip;
		kemu::copy_bytes(c.gprs, gprs, sizeof(gprs));
	}
	return static_cast<int>(s);
}

extern "C" int kemu_emulate(kemu_ctxt *ctxt, const kemu_u8 *bytes, unsigned int len)
{
	int rc = kemu_decode(ctxt, bytes, len);
	return rc == KEMU_CONTINUE ? kemu_execute(ctxt) : rc;
}
