// SPDX-License-Identifier: GPL-2.0
#include "operands.h"

#include "decode/decoder.h"
#include "segmentation.h"

namespace kemu {

namespace {

// read_bytes and write_bytes, inlined into read_memory and write_memory,
// which every operand and string element goes through: a call less each
// (the write: memory_write.h).
//
// A write the host accepted but still has to hand to userspace
// (exit_pending: KVM's MMIO write fragments) must be the pass's last
// emulated-memory access: KVM's emulator_read_write() starts every access
// by forgetting the fragments of the one before, so any later access would
// lose the write.  Such an access is refused (Unhandleable) rather than
// made; the instructions that push several values merge the later pushes
// into the waiting one instead (push_values), and ENTER does not probe.
// (System accesses, read_std/write_std, do not touch the fragments.)
[[gnu::always_inline]] inline Status read_access(kemu_ctxt &c, u8 seg, u64 ea, unsigned bytes,
                                                 u8 *buf)
{
	u64 linear;
	Status s = linearize(c, seg, ea, bytes, KEMU_ACCESS_READ, linear);
	if (s != Status::Continue)
		return s;
	if (c.exit_pending)
		return Status::Unhandleable; // it would drop the waiting write
	// Executed again after IO_NEEDED: the reads that already happened replay.
	kemu_read_cache &cache = c.read_cache;
	if (cache.pos + bytes <= cache.end) {
		copy_bytes(buf, cache.data + cache.pos, bytes);
		cache.pos = static_cast<u16>(cache.pos + bytes);
		return Status::Continue;
	}
	// The read lands in the context, not on the stack: a host may keep the
	// buffer across an exit and fill it when the access completes (KVM's
	// read_emulated hands it to userspace MMIO and expects the same buffer
	// when the instruction runs again).
	bool cached = cache.end + bytes <= KEMU_READ_CACHE_BYTES;
	u8 *into = cached ? cache.data + cache.end : buf;
	kemu_exception fault = no_fault();
	int rc = c.ops->read_mem(c.opaque, linear, into, bytes, &fault);
	if (rc != KEMU_CONTINUE)
		return from_callback(c, rc, fault);
	if (cached) {
		copy_bytes(buf, into, bytes);
		cache.end = static_cast<u16>(cache.end + bytes);
		cache.pos = cache.end;
	}
	return Status::Continue;
}

} // namespace

Status read_bytes(kemu_ctxt &c, u8 seg, u64 ea, unsigned bytes, u8 *buf)
{
	return read_access(c, seg, ea, bytes, buf);
}

Status write_bytes(kemu_ctxt &c, u8 seg, u64 ea, unsigned bytes, const u8 *buf)
{
	return write_access(c, seg, ea, bytes, buf);
}

Status exchange_memory(kemu_ctxt &c, u8 seg, u64 ea, unsigned bytes, const u8 *old,
                       const u8 *new_val)
{
	if (!c.ops->cmpxchg_mem)
		return write_bytes(c, seg, ea, bytes, new_val);
	u64 linear;
	Status s = write_target(c, seg, ea, bytes, linear);
	if (s != Status::Continue)
		return s;
	kemu_exception fault = no_fault();
	int rc = c.ops->cmpxchg_mem(c.opaque, linear, old, new_val, bytes, &fault);
	if (rc != KEMU_CONTINUE)
		return from_callback(c, rc, fault);
	return Status::Continue;
}

// x86 is little-endian: an operand of n bytes is the low n bytes of a u64,
// read into and written from the u64 itself (as port I/O does).
Status read_memory(kemu_ctxt &c, u8 seg, u64 ea, unsigned bytes, u64 &value)
{
	u64 read = 0;
	value = 0;
	Status s = read_access(c, seg, ea, bytes, reinterpret_cast<u8 *>(&read));
	if (s != Status::Continue)
		return s;
	value = read;
	return Status::Continue;
}

Status write_memory(kemu_ctxt &c, u8 seg, u64 ea, unsigned bytes, u64 value)
{
	return write_value(c, seg, ea, bytes, value);
}

// A system structure's linear address: canonical in 64-bit mode (#GP(0)
// otherwise: a descriptor table or TSS base the host let through), 32 bits
// elsewhere.  (Compatibility mode with structures above 4G is not modelled.)
namespace {

Status system_address(kemu_ctxt &c, u64 &linear)
{
	if (!long_mode(c)) {
		linear = static_cast<u32>(linear);
		return Status::Continue;
	}
	return is_canonical(linear) ? Status::Continue : raise_gp0(c);
}

} // namespace

Status read_system(kemu_ctxt &c, u64 linear, unsigned bytes, void *buf)
{
	if (!c.ops->read_system)
		return Status::Unhandleable;
	Status s = system_address(c, linear);
	if (s != Status::Continue)
		return s;
	kemu_exception fault = no_fault();
	int rc = c.ops->read_system(c.opaque, linear, buf, bytes, &fault);
	return rc == KEMU_CONTINUE ? Status::Continue : from_callback(c, rc, fault);
}

Status write_system(kemu_ctxt &c, u64 linear, unsigned bytes, const void *buf)
{
	if (!c.ops->write_system)
		return Status::Unhandleable;
	Status s = system_address(c, linear);
	if (s != Status::Continue)
		return s;
	kemu_exception fault = no_fault();
	int rc = c.ops->write_system(c.opaque, linear, buf, bytes, &fault);
	return rc == KEMU_CONTINUE ? Status::Continue : from_callback(c, rc, fault);
}

unsigned privilege_from_ss(kemu_ctxt &c)
{
	kemu_segment ss{};
	c.ops->get_segment(c.opaque, KEMU_SEG_SS, &ss);
	return ss.dpl;
}

unsigned stack_bytes(kemu_ctxt &c)
{
	if (long_mode(c))
		return 8;
	kemu_segment ss{};
	c.ops->get_segment(c.opaque, KEMU_SEG_SS, &ss);
	return ss.db ? 4 : 2;
}

Status push_value(kemu_ctxt &c, u64 value, unsigned bytes)
{
	unsigned sp_bytes = stack_bytes(c);
	u64 sp = truncate(c.gprs[KEMU_RSP] - bytes, sp_bytes);
	Status s = write_memory(c, KEMU_SEG_SS, sp, bytes, value);
	if (s == Status::Continue)
		set_address_reg(c, KEMU_RSP, sp_bytes, sp);
	return s;
}

namespace {

// push_values, once values[0] was pushed and waits for userspace: it and the
// rest, as one write from the final rSP up (KVM sends both pages' fragments
// of one access).  Not when that range wraps around the stack width.
Status push_with_waiting(kemu_ctxt &c, const u64 *values, unsigned count, unsigned bytes)
{
	unsigned sp_bytes = stack_bytes(c);
	u64 waiting = address_reg(c, KEMU_RSP, sp_bytes);
	u64 total = static_cast<u64>(count) * bytes;
	u64 bottom = waiting - (total - bytes);
	if (waiting < total - bytes || truncate(waiting + bytes - 1, sp_bytes) < waiting)
		return Status::Unhandleable;
	u8 frame[kMaxPushes * 8];
	for (unsigned i = 0; i < count; i++)
		store_le_wide(frame + (count - 1 - i) * bytes, bytes, values[i]);
	c.exit_pending = 0; // this write replaces the waiting one (the host sets it again)
	Status s = write_bytes(c, KEMU_SEG_SS, bottom, static_cast<unsigned>(total), frame);
	if (s == Status::Continue)
		set_stack_reg(c, KEMU_RSP, sp_bytes, bottom);
	return s;
}

} // namespace

Status push_values(kemu_ctxt &c, const u64 *values, unsigned count, unsigned bytes)
{
	if (count > kMaxPushes || bytes > 8)
		return Status::Unhandleable;
	for (unsigned i = 0; i < count; i++) {
		if (i > 0 && c.exit_pending)
			return push_with_waiting(c, values + i - 1, count - i + 1, bytes);
		Status s = push_value(c, values[i], bytes);
		if (s != Status::Continue)
			return s;
	}
	return Status::Continue;
}

Status pop_value(kemu_ctxt &c, unsigned bytes, u64 &value)
{
	unsigned sp_bytes = stack_bytes(c);
	u64 sp = address_reg(c, KEMU_RSP, sp_bytes);
	Status s = read_memory(c, KEMU_SEG_SS, sp, bytes, value);
	if (s == Status::Continue)
		advance_stack_reg(c, KEMU_RSP, sp_bytes, bytes);
	return s;
}

} // namespace kemu
