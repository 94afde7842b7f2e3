// SPDX-License-Identifier: GPL-2.0
// Internal vocabulary of the core: integer types, status, guest-state access.
// Freestanding: no libc, no libstdc++, no kernel headers.
#pragma once

#include <kemu/kemu.h>

namespace kemu {

using u8 = kemu_u8;
using u16 = kemu_u16;
using u32 = kemu_u32;
using u64 = kemu_u64;
using s8 = __INT8_TYPE__;
using s16 = __INT16_TYPE__;
using s32 = __INT32_TYPE__;
using s64 = __INT64_TYPE__;

// Errors are values: every step returns one of these, equal to X86EMUL_*.
// clang-format off
enum class [[nodiscard]] Status : int {
	Continue = KEMU_CONTINUE,
	Unhandleable = KEMU_UNHANDLEABLE,
	PropagateFault = KEMU_PROPAGATE_FAULT,
	RetryInstr = KEMU_RETRY_INSTR,
	CmpxchgFailed = KEMU_CMPXCHG_FAILED,
	IoNeeded = KEMU_IO_NEEDED,
	Intercepted = KEMU_INTERCEPTED,
};
// clang-format on

inline constexpr u64 kRflagsRF = 1ull << 16;
inline constexpr u32 kPfWrite = 1u << 1; // #PF error code: the access was a write

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "x86 hosts only");

// Zero all of `obj` (at most 128 bytes) as plain stores: GCC makes one
// clear of more than 32 or so bytes a `rep stos` (an Ir per 8 bytes and its
// set-up, and a string instruction's start-up on the CPU), one of 32 bytes
// two vector or four 8-byte stores.
template <class T>
inline void zero_in_parts(T &obj)
{
	constexpr unsigned n = sizeof(T);
	static_assert(n <= 128, "zero_in_parts: four 32-byte parts at most");
	u8 *p = reinterpret_cast<u8 *>(&obj);
	if constexpr (n >= 32)
		__builtin_memset(p, 0, 32);
	if constexpr (n >= 64)
		__builtin_memset(p + 32, 0, 32);
	if constexpr (n >= 96)
		__builtin_memset(p + 64, 0, 32);
	if constexpr (n >= 128)
		__builtin_memset(p + 96, 0, 32);
	if constexpr (n % 32 != 0)
		__builtin_memset(p + n / 32 * 32, 0, n % 32);
}

// Operand-sized copies (1, 2, 4, 8 bytes) are most of them: a fixed-size
// copy is one load and one store, one of variable size a call.
inline void copy_bytes(void *dst, const void *src, unsigned n)
{
	switch (n) {
	case 1:
		__builtin_memcpy(dst, src, 1);
		break;
	case 2:
		__builtin_memcpy(dst, src, 2);
		break;
	case 4:
		__builtin_memcpy(dst, src, 4);
		break;
	case 8:
		__builtin_memcpy(dst, src, 8);
		break;
	default:
		__builtin_memcpy(dst, src, n);
		break;
	}
}

// The `n` (at most 8) bytes at `p` as a little-endian value, and back.
inline u64 load_le(const u8 *p, unsigned n)
{
	u64 v = 0;
	switch (n) {
	case 1:
		v = *p;
		break;
	case 2:
		__builtin_memcpy(&v, p, 2);
		break;
	case 4:
		__builtin_memcpy(&v, p, 4);
		break;
	case 8:
		__builtin_memcpy(&v, p, 8);
		break;
	default:
		for (unsigned i = 0; i < n && i < 8; i++)
			v |= static_cast<u64>(p[i]) << (8 * i);
		break;
	}
	return v;
}

// load_le where `n` is an operand's, address's or displacement's size (1, 2,
// 4 or 8): without the loop for the other sizes, which these callers never
// pass.
inline u64 load_le_sized(const u8 *p, unsigned n)
{
	u64 v = 0;
	switch (n) {
	case 1:
		v = *p;
		break;
	case 2:
		__builtin_memcpy(&v, p, 2);
		break;
	case 4:
		__builtin_memcpy(&v, p, 4);
		break;
	default:
		__builtin_memcpy(&v, p, 8);
		break;
	}
	return v;
}

inline void store_le(u8 *p, unsigned n, u64 v)
{
	copy_bytes(p, &v, n < 8 ? n : 8);
}
// store_le where `n` is 2, 4 or 8 (a push's size): the fixed-size copies only.
inline void store_le_wide(u8 *p, unsigned n, u64 v)
{
	switch (n) {
	case 2:
		__builtin_memcpy(p, &v, 2);
		break;
	case 4:
		__builtin_memcpy(p, &v, 4);
		break;
	default:
		__builtin_memcpy(p, &v, 8);
		break;
	}
}

// Value truncated to `bytes` (1, 2, 4 or 8).
constexpr u64 truncate(u64 v, unsigned bytes)
{
	return bytes >= 8 ? v : v & ((1ull << (bytes * 8)) - 1);
}

// truncate where the width is below 8 bytes (a port's, or an operand or
// stack size outside 64-bit mode): without truncate's test for 8.
constexpr u64 truncate_below8(u64 v, unsigned bytes)
{
	return v & ((1ull << (bytes * 8)) - 1);
}

// Value of the low `bytes` sign-extended to 64 bits.
constexpr u64 sign_extend(u64 v, unsigned bytes)
{
	unsigned shift = 64 - bytes * 8;
	return bytes >= 8 ? v : static_cast<u64>(static_cast<s64>(v << shift) >> shift);
}

// Record a guest exception in the context; the status that reports it.
inline Status raise(kemu_ctxt &c, u8 vector, bool has_error_code = false, u32 error_code = 0,
                    u64 address = 0)
{
	c.exception = {};
	c.exception.vector = vector;
	c.exception.error_code_valid = has_error_code;
	c.exception.error_code = error_code;
	c.exception.address = address;
	c.have_exception = 1;
	return Status::PropagateFault;
}

inline Status raise_gp0(kemu_ctxt &c)
{
	return raise(c, KEMU_GP, true, 0);
}
inline Status raise_ud(kemu_ctxt &c)
{
	return raise(c, KEMU_UD);
}

// The `fault` a callback is given: unfilled until the callback fills it.
inline kemu_exception no_fault()
{
	kemu_exception f = {};
	f.vector = KEMU_NO_VECTOR;
	return f;
}

// The one translator of a callback's answer (kemu.h's convention): a fault
// it filled becomes the context's exception; a value outside the statuses,
// or a fault it did not fill, is not trusted and ends in Unhandleable.
// Success is the inline test at each call site; every other answer goes to
// one out-of-line copy of the checks (status.cpp), which takes the fault by
// value (two registers) so that no call site keeps its address.
[[gnu::cold]] Status callback_failure(kemu_ctxt &c, int rc, kemu_exception fault);
inline Status from_callback(kemu_ctxt &c, int rc, const kemu_exception &fault)
{
	if (rc == KEMU_CONTINUE) [[likely]]
		return Status::Continue;
	return callback_failure(c, rc, fault);
}

// Call fallible callback `fn` with `args` and a fresh fault; its status.
template <typename Fn, typename... Args>
inline Status host_call(kemu_ctxt &c, Fn fn, Args... args)
{
	kemu_exception fault = no_fault();
	return from_callback(c, fn(c.opaque, args..., &fault), fault);
}

inline bool long_mode(const kemu_ctxt &c)
{
	return c.mode == KEMU_MODE_PROT64;
}

} // namespace kemu
