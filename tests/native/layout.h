// Where the oracle puts things in the process: one fixed low region shared by
// the real CPU and kemu, so a memory operand's address is the same number on
// both sides (kemu's linear address == the host address in the buffer).
//
//   0x0ffff000  guard page below the data (PROT_NONE)
//   0x10000000  data buffer, kDataPages pages: memory operands, the stack, strings
//   0x10002000  guard page above the data (PROT_NONE)
//   0x10100000  code page: trampoline, the instruction at +0x800, landing
//               pads for control transfers (native_cpu.cpp)
//   0x10101000  scratch page: register blocks the trampoline loads and stores
//
// Everything sits below 2 GiB so RIP-relative operands of the instruction
// reach the buffer, and below 4 GiB so 32-bit address-size forms (67) do.
#pragma once

#include <cstdint>

namespace native {

constexpr uint64_t kPage = 0x1000;
constexpr uint64_t kDataBase = 0x10000000;
constexpr unsigned kDataPages = 2;
constexpr uint64_t kDataSize = kDataPages * kPage;
constexpr uint64_t kDataEnd = kDataBase + kDataSize;
constexpr uint64_t kGuardLow = kDataBase - kPage; // [kGuardLow, kDataBase)
constexpr uint64_t kGuardHigh = kDataEnd;         // [kGuardHigh, kGuardHigh + kPage)
constexpr uint64_t kCodeBase = 0x10100000;
constexpr uint64_t kScratchBase = kCodeBase + kPage;

// Every address a generated case touches lies in [kReachLow, kReachHigh): the
// data buffer or one of its guard pages, so a wrong guess faults cleanly
// instead of scribbling on the host.
constexpr uint64_t kReachLow = kGuardLow;
constexpr uint64_t kReachHigh = kGuardHigh + kPage;

// The instruction under test, and where a control transfer may land: a
// 5-byte landing pad at the target must stay clear of the trampoline and of
// the instruction with its fall-through jump (native_cpu.cpp).
constexpr uint64_t kInsnAddress = kCodeBase + 0x800;
constexpr uint64_t kLandingLow = kCodeBase + 0x100, kLandingHigh = kCodeBase + 0xbf0;
constexpr unsigned kLandingPad = 5;

constexpr bool landing_ok(uint64_t target, unsigned len)
{
	return target >= kLandingLow && target + kLandingPad <= kLandingHigh &&
	       (target + kLandingPad <= kInsnAddress || target >= kInsnAddress + len + kLandingPad);
}

constexpr bool in_data(uint64_t addr, uint64_t bytes)
{
	return addr >= kDataBase && addr + bytes <= kDataEnd && addr + bytes >= addr;
}

} // namespace native
