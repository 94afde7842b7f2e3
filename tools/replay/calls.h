// kemu-replay: the callbacks a record holds: their keys, how a call line is
// read, checked and printed (tools/RECORD-FORMAT.md).
#pragma once

#include <cstring>

#include "text.h"

namespace kemu_replay {

// A field of a call or result line.
enum class Type {
	Dec,    // a number, written in decimal
	Hex,    // a number, written 0x-hexadecimal
	Bytes,  // hex bytes, no prefix
	Fault,  // vector,ecv,error code,address
	List4,  // four numbers (cpuid's out=)
	List16, // sixteen numbers (gprs=)
};

struct Key {
	const char *name;
	Type type;
	bool arg; // passed by the core (compared); else an answer
	u64 max = ~0ull;
};

enum Kind {
	kFetch,
	kReadMem,
	kReadSystem,
	kWriteMem,
	kWriteSystem,
	kCmpxchg,
	kPioIn,
	kPioOut,
	kGetSegment,
	kSetSegment,
	kCpl,
	kGetCr,
	kGetDr,
	kSetCr,
	kSetDr,
	kGetMsr,
	kGetMsrFiltered,
	kSetMsr,
	kCpuid,
	kGetDtable,
	kSetDtable,
	kInvlpg,
	kWbinvd,
	kHalt,
	kTripleFault,
	kSetXcr,
	kReadPmc,
	kSetNmiMask,
	kIntercept,
	kFixHypercall,
	kGetVreg,
	kSetVreg,
	kX87,
	kFxsave,
	kFxrstor,
	kIsSmm,
	kLeaveSmm,
	kNrKinds,
};

struct Spec {
	const char *name;
	std::vector<Key> keys;
};

const std::vector<Spec> &specs();

struct Field {
	bool present = false;
	u64 num = 0;
	std::vector<u8> bytes;
	std::vector<u64> list;
	kemu_exception fault{};
};

struct Call {
	unsigned line = 0;
	int kind = -1;
	std::vector<Field> f; // by the spec's key order

	const Spec &spec() const { return specs()[kind]; }
	int index(const char *key) const
	{
		const auto &keys = spec().keys;
		for (size_t i = 0; i < keys.size(); i++)
			if (!strcmp(keys[i].name, key))
				return static_cast<int>(i);
		return -1;
	}
	bool has(const char *key) const
	{
		int i = index(key);
		return i >= 0 && f[i].present;
	}
	const Field &get(const char *key) const
	{
		static const Field none;
		int i = index(key);
		return i >= 0 ? f[i] : none;
	}
	u64 num(const char *key) const { return get(key).num; }
	Field &set(const char *key)
	{
		Field &x = f[index(key)];
		x.present = true;
		return x;
	}
};

std::string format_fault(const kemu_exception &e);
std::string format_field(const Key &k, const Field &x);
// "read_mem addr=0x1000 len=0x4" (arguments), with " | rc=0 data=..." (answers).
std::string format_call(const Call &c, bool answers);
bool parse_fault(const std::string &v, kemu_exception &e);
bool parse_list(const std::string &v, std::vector<u64> &out, size_t count, u64 max);
// A "call ..." line, checked: malformed() if it is not one.
Call parse_call(const std::string &text, unsigned line);

} // namespace kemu_replay
