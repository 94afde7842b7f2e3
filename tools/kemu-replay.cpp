// kemu-replay: run emulation records of kemu.ko (tools/RECORD-FORMAT.md) again
// on the userspace build of the core, answering every callback from the
// record, and show where the run departs from it.
//
//   kemu-replay [-v] [-n N] FILE       FILE "-" is standard input
//   kemu-replay --help | --version
//
// Exit status: 0 every replayed record reproduced, 1 one did not, 2 the file
// is malformed (or the usage is wrong).  The file comes from a guest-driven
// situation: every length is bounded and checked before the core sees it.
//
// How this tool reads RECORD-FORMAT.md where it leaves room:
//  - A number is hexadecimal with "0x", decimal without, in every field
//    (the writer uses 0x where the format says hex; rc, the 0/1 flags and the
//    exception's vector and ecv may be plain decimal: they read the same).
//  - Empty lines and lines starting with '#' are skipped anywhere; keys may
//    come in any order, each once; an unknown key is malformed.
//  - Every result has rip=, rflags=, gprs= and exception=; decode= in pass 1
//    only.  status= is required from pass 2 on; in pass 1 it is absent after
//    a failed decode, or after a decode the host refused to execute (KVM on
//    a #UD exit): the replay executes only when its decode succeeded and the
//    record has a status.
//  - fault= appears exactly when rc=2; reads (and pio_in, get_vreg, fxsave)
//    carry data= of exactly their length when rc=0; value= is required where
//    the host always answers one (cpl, get_cr, get_dr, is_smm; get_msr,
//    get_msr_filtered, read_pmc when rc=0; x87 FNSTCW/FNSTSW).
//  - Limits: lines of 4096 characters, 15 instruction bytes, 1024 data bytes
//    (len=, size * count), 65536 calls a pass, 4096 passes numbered 1, 2, ...
//  - -n N selects by the record's own number (kemu-record N).  Records
//    before a malformed line are replayed and reported, then exit status 2.
//  - Every callback is given, as kemu.ko's bridge on 6.12 does.
#include <kemu/kemu.h>
#include <kemu/version.h>

#include <cerrno>
#include <cinttypes>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

using u8 = kemu_u8;
using u64 = kemu_u64;

constexpr size_t kMaxLine = 4096; // characters of one line
constexpr size_t kMaxData = 1024; // bytes of one data= (a REP INS run)
constexpr size_t kMaxCallsPerPass = 65536;
constexpr unsigned kMaxPasses = 4096;

// --- input ---------------------------------------------------------------

const char *g_file = "-";

[[noreturn]] void malformed(unsigned line, const char *fmt, ...)
{
	fflush(stdout);
	fprintf(stderr, "kemu-replay: %s:%u: ", g_file, line);
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

// Lines of the input, one at a time: bounded length, no NUL, trailing
// blanks (and a CR) dropped; empty lines and '#' comments skipped.
struct Reader {
	FILE *f = nullptr;
	unsigned line = 0;
	bool have_peek = false;
	std::string peeked;
	unsigned peeked_line = 0;

	bool raw(std::string &out)
	{
		out.clear();
		int ch;
		bool any = false;
		line++;
		while ((ch = getc(f)) != EOF) {
			any = true;
			if (ch == '\n')
				break;
			if (ch == 0)
				malformed(line, "a NUL byte in the line");
			if (out.size() >= kMaxLine)
				malformed(line, "line longer than %zu characters", kMaxLine);
			out.push_back(static_cast<char>(ch));
		}
		if (!any) {
			line--; // (the last line stays the one errors name)
			return false;
		}
		while (!out.empty() &&
		       (out.back() == ' ' || out.back() == '\t' || out.back() == '\r'))
			out.pop_back();
		return true;
	}
	// The next meaningful line; false at the end of the input.
	bool next(std::string &out, unsigned &at)
	{
		if (have_peek) {
			have_peek = false;
			out = peeked;
			at = peeked_line;
			return true;
		}
		while (raw(out)) {
			size_t i = out.find_first_not_of(" \t");
			if (i == std::string::npos || out[i] == '#')
				continue;
			out.erase(0, i);
			at = line;
			return true;
		}
		return false;
	}
	void unread(const std::string &s, unsigned at)
	{
		have_peek = true;
		peeked = s;
		peeked_line = at;
	}
};

std::vector<std::string> split(const std::string &s, char sep)
{
	std::vector<std::string> out;
	size_t start = 0;
	for (;;) {
		size_t at = s.find(sep, start);
		out.push_back(s.substr(start, at == std::string::npos ? at : at - start));
		if (at == std::string::npos)
			return out;
		start = at + 1;
	}
}

std::vector<std::string> words(const std::string &s)
{
	std::vector<std::string> out;
	size_t i = 0;
	while (i < s.size()) {
		while (i < s.size() && (s[i] == ' ' || s[i] == '\t'))
			i++;
		size_t start = i;
		while (i < s.size() && s[i] != ' ' && s[i] != '\t')
			i++;
		if (i > start)
			out.push_back(s.substr(start, i - start));
	}
	return out;
}

// A number: "0x" hexadecimal, or decimal without it (the prefix decides).
bool parse_number(const std::string &s, u64 &v)
{
	v = 0;
	bool hex = s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
	size_t i = hex ? 2 : 0;
	if (i >= s.size())
		return false;
	for (; i < s.size(); i++) {
		char c = s[i];
		unsigned d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (hex && c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (hex && c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return false;
		unsigned base = hex ? 16 : 10;
		if (v > (~0ull - d) / base)
			return false; // over 64 bits
		v = v * base + d;
	}
	return true;
}

int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool parse_bytes(const std::string &s, std::vector<u8> &out, size_t max)
{
	out.clear();
	if (s.size() % 2 || s.size() / 2 > max)
		return false;
	for (size_t i = 0; i < s.size(); i += 2) {
		int hi = hex_digit(s[i]), lo = hex_digit(s[i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		out.push_back(static_cast<u8>(hi << 4 | lo));
	}
	return true;
}

std::string hex_bytes(const u8 *p, size_t n)
{
	std::string s;
	char b[3];
	for (size_t i = 0; i < n; i++) {
		snprintf(b, sizeof(b), "%02x", p[i]);
		s += b;
	}
	return s;
}

std::string hex(u64 v)
{
	char b[24];
	snprintf(b, sizeof(b), "0x%" PRIx64, v);
	return b;
}

// --- the calls -------------------------------------------------------------

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

constexpr u64 kRcMax = 0x7fffffff;
constexpr u64 k32 = 0xffffffff;

// get_segment's answer and set_segment's arguments: the hidden part of a register.
std::vector<Key> segment_keys(bool arg)
{
	return {{"seg", Type::Dec, true, KEMU_NR_SEGS - 1},
	        {"sel", Type::Hex, arg, 0xffff},
	        {"base", Type::Hex, arg},
	        {"limit", Type::Hex, arg, k32},
	        {"type", Type::Hex, arg, 15},
	        {"s", Type::Dec, arg, 1},
	        {"dpl", Type::Dec, arg, 3},
	        {"p", Type::Dec, arg, 1},
	        {"avl", Type::Dec, arg, 1},
	        {"l", Type::Dec, arg, 1},
	        {"db", Type::Dec, arg, 1},
	        {"g", Type::Dec, arg, 1},
	        {"unusable", Type::Dec, arg, 0xff}};
}

const std::vector<Spec> &specs()
{
	static const std::vector<Spec> s = [] {
		std::vector<Spec> v(kNrKinds);
		const Key rc{"rc", Type::Dec, false, kRcMax}, fault{"fault", Type::Fault, false},
		    pending{"exit_pending", Type::Dec, false, 1};
		const Key addr{"addr", Type::Hex, true}, len{"len", Type::Hex, true, kMaxData};
		const Key data_in{"data", Type::Bytes, false}, data_out{"data", Type::Bytes, true};
		v[kFetch] = {
		    "fetch",
		    {addr, {"len", Type::Hex, true, KEMU_MAX_INSN_LEN}, rc, data_in, fault}};
		v[kReadMem] = {"read_mem", {addr, len, rc, data_in, fault}};
		v[kReadSystem] = {"read_system", {addr, len, rc, data_in, fault}};
		v[kWriteMem] = {"write_mem", {addr, len, data_out, rc, fault, pending}};
		v[kWriteSystem] = {"write_system", {addr, len, data_out, rc, fault, pending}};
		v[kCmpxchg] = {
		    "cmpxchg_mem",
		    {addr, len, {"old", Type::Bytes, true}, data_out, rc, fault, pending}};
		const Key size{"size", Type::Hex, true, 8}, port{"port", Type::Hex, true, 0xffff},
		    count{"count", Type::Hex, true, kMaxData};
		v[kPioIn] = {"pio_in", {size, port, count, rc, data_in}};
		v[kPioOut] = {"pio_out", {size, port, count, data_out, rc, pending}};
		v[kGetSegment] = {"get_segment", segment_keys(false)};
		v[kSetSegment] = {"set_segment", segment_keys(true)};
		const Key value_in{"value", Type::Hex, false}, value_out{"value", Type::Hex, true};
		const Key n{"n", Type::Dec, true, 15};
		v[kCpl] = {"cpl", {{"value", Type::Dec, false, 3}}};
		v[kGetCr] = {"get_cr", {n, value_in}};
		v[kGetDr] = {"get_dr", {n, value_in}};
		v[kSetCr] = {"set_cr", {n, value_out, rc}};
		v[kSetDr] = {"set_dr", {n, value_out, rc}};
		const Key msr{"msr", Type::Hex, true, k32};
		v[kGetMsr] = {"get_msr", {msr, rc, value_in}};
		v[kGetMsrFiltered] = {"get_msr_filtered", {msr, rc, value_in}};
		v[kSetMsr] = {"set_msr", {msr, value_out, rc}};
		v[kCpuid] = {"cpuid",
		             {{"eax", Type::Hex, true, k32},
		              {"ecx", Type::Hex, true, k32},
		              {"out", Type::List4, false, k32}}};
		const Key reg{"reg", Type::Dec, true, 1};
		v[kGetDtable] = {
		    "get_dtable",
		    {reg, {"base", Type::Hex, false}, {"limit", Type::Hex, false, 0xffff}}};
		v[kSetDtable] = {
		    "set_dtable",
		    {reg, {"base", Type::Hex, true}, {"limit", Type::Hex, true, 0xffff}}};
		v[kInvlpg] = {"invlpg", {addr}};
		v[kWbinvd] = {"wbinvd", {}};
		v[kHalt] = {"halt", {}};
		v[kTripleFault] = {"triple_fault", {}};
		v[kSetXcr] = {"set_xcr", {{"index", Type::Hex, true, k32}, value_out, rc}};
		v[kReadPmc] = {"read_pmc", {{"counter", Type::Hex, true, k32}, rc, value_in}};
		v[kSetNmiMask] = {"set_nmi_mask", {{"masked", Type::Dec, true, 1}}};
		v[kIntercept] = {"intercept",
		                 {{"stage", Type::Dec, true, 2},
		                  {"intercept", Type::Dec, true, 0xff},
		                  {"rep", Type::Hex, true, 0xff},
		                  {"mod", Type::Hex, true, 3},
		                  {"reg", Type::Hex, true, 0xff},
		                  {"rm", Type::Hex, true, 0xff},
		                  {"src", Type::Hex, true},
		                  {"dst", Type::Hex, true},
		                  {"srcb", Type::Hex, true, 0xff},
		                  {"dstb", Type::Hex, true, 0xff},
		                  {"adb", Type::Hex, true, 0xff},
		                  {"next", Type::Hex, true},
		                  rc,
		                  fault}};
		v[kFixHypercall] = {"fix_hypercall", {rc, fault}};
		const Key kind{"kind", Type::Dec, true, 2}, index{"index", Type::Dec, true, 31};
		v[kGetVreg] = {"get_vreg", {kind, index, data_in}};
		v[kSetVreg] = {"set_vreg", {kind, index, data_out}};
		v[kX87] = {"x87",
		           {{"op", Type::Dec, true, 2}, {"value", Type::Hex, false, 0xffff}}};
		v[kFxsave] = {"fxsave", {len, data_in}};
		v[kFxrstor] = {"fxrstor", {len, data_out}};
		v[kIsSmm] = {"is_smm", {{"value", Type::Dec, false, kRcMax}}};
		v[kLeaveSmm] = {"leave_smm",
		                {rc,
		                 {"rip", Type::Hex, false},
		                 {"rflags", Type::Hex, false},
		                 {"gprs", Type::List16, false}}};
		return v;
	}();
	return s;
}

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

std::string format_fault(const kemu_exception &e)
{
	char b[96];
	snprintf(b, sizeof(b), "%u,%u,%s,%s", e.vector, e.error_code_valid,
	         hex(e.error_code).c_str(), hex(e.address).c_str());
	return b;
}

std::string format_field(const Key &k, const Field &x)
{
	switch (k.type) {
	case Type::Dec:
		return std::to_string(x.num);
	case Type::Hex:
		return hex(x.num);
	case Type::Bytes:
		return hex_bytes(x.bytes.data(), x.bytes.size());
	case Type::Fault:
		return format_fault(x.fault);
	case Type::List4:
	case Type::List16: {
		std::string s;
		for (size_t i = 0; i < x.list.size(); i++)
			s += (i ? "," : "") + hex(x.list[i]);
		return s;
	}
	}
	return "";
}

// "read_mem addr=0x1000 len=0x4" (arguments), with " | rc=0 data=..." (answers).
std::string format_call(const Call &c, bool answers)
{
	const Spec &s = c.spec();
	std::string out = s.name, ans;
	for (size_t i = 0; i < s.keys.size(); i++) {
		if (!c.f[i].present)
			continue;
		std::string kv =
		    std::string(s.keys[i].name) + "=" + format_field(s.keys[i], c.f[i]);
		if (s.keys[i].arg)
			out += " " + kv;
		else if (answers)
			ans += " " + kv;
	}
	if (!ans.empty())
		out += " |" + ans;
	return out;
}

bool parse_fault(const std::string &v, kemu_exception &e)
{
	auto parts = split(v, ',');
	u64 n[4];
	if (parts.size() != 4)
		return false;
	for (int i = 0; i < 4; i++)
		if (!parse_number(parts[i], n[i]))
			return false;
	if (n[0] > 31 || n[1] > 1 || n[2] > k32)
		return false;
	e = {};
	e.vector = static_cast<u8>(n[0]);
	e.error_code_valid = static_cast<u8>(n[1]);
	e.error_code = static_cast<kemu_u32>(n[2]);
	e.address = n[3];
	return true;
}

bool parse_list(const std::string &v, std::vector<u64> &out, size_t count, u64 max)
{
	auto parts = split(v, ',');
	if (parts.size() != count)
		return false;
	out.assign(count, 0);
	for (size_t i = 0; i < count; i++)
		if (!parse_number(parts[i], out[i]) || out[i] > max)
			return false;
	return true;
}

const char *type_text(Type t)
{
	switch (t) {
	case Type::Dec:
		return "a decimal number";
	case Type::Hex:
		return "a number";
	case Type::Bytes:
		return "hex bytes";
	case Type::Fault:
		return "<vector>,<ecv>,<error code>,<address>";
	case Type::List4:
		return "4 comma-separated numbers";
	case Type::List16:
		return "16 comma-separated numbers";
	}
	return "?";
}

void parse_field(unsigned line, const char *what, const Key &k, const std::string &v, Field &x)
{
	bool ok = false;
	switch (k.type) {
	case Type::Dec:
	case Type::Hex:
		ok = parse_number(v, x.num) && x.num <= k.max;
		break;
	case Type::Bytes:
		ok = parse_bytes(v, x.bytes, kMaxData);
		break;
	case Type::Fault:
		ok = parse_fault(v, x.fault);
		break;
	case Type::List4:
		ok = parse_list(v, x.list, 4, k.max);
		break;
	case Type::List16:
		ok = parse_list(v, x.list, KEMU_NR_GPRS, k.max);
		break;
	}
	if (!ok) {
		if ((k.type == Type::Dec || k.type == Type::Hex) && k.max != ~0ull)
			malformed(line, "%s: %s=: expected %s up to %s, got \"%.40s\"", what,
			          k.name, type_text(k.type), hex(k.max).c_str(), v.c_str());
		malformed(line, "%s: %s=: expected %s%s, got \"%.40s\"", what, k.name,
		          type_text(k.type), k.type == Type::Bytes ? " (at most 1024)" : "",
		          v.c_str());
	}
	x.present = true;
}

// The bytes a data-carrying call must hold, from its other arguments.
size_t expected_data(const Call &c)
{
	switch (c.kind) {
	case kPioIn:
	case kPioOut:
		return c.num("size") * c.num("count");
	case kGetVreg:
	case kSetVreg:
		return c.num("kind") == KEMU_VREG_XMM   ? 16
		       : c.num("kind") == KEMU_VREG_MMX ? 8
		                                        : 32;
	default:
		return c.num("len");
	}
}

// Which answers a call line must carry, by its kind and rc.
void check_call(const Call &c)
{
	const Spec &s = c.spec();
	for (const Key &k : s.keys)
		if (k.arg && !c.has(k.name))
			malformed(c.line, "call %s: expected %s=", s.name, k.name);
	bool has_rc = c.index("rc") >= 0;
	if (has_rc && !c.has("rc"))
		malformed(c.line, "call %s: expected rc=", s.name);
	u64 rc = c.num("rc");
	if (c.has("fault") != (rc == KEMU_PROPAGATE_FAULT))
		malformed(c.line, "call %s: fault= goes with rc=2, and only with it", s.name);
	if (c.kind == kPioIn || c.kind == kPioOut) {
		if (c.num("size") == 0 || c.num("count") == 0 || expected_data(c) > kMaxData)
			malformed(
			    c.line,
			    "call %s: expected size and count of 1 or more, %zu bytes at most",
			    s.name, kMaxData);
	}
	bool data_answer = c.index("data") >= 0 && !s.keys[c.index("data")].arg;
	if (data_answer && rc == KEMU_CONTINUE && !c.has("data"))
		malformed(c.line, "call %s: expected data= with rc=0", s.name);
	if (c.has("data") && (!data_answer || rc == KEMU_CONTINUE) &&
	    c.get("data").bytes.size() != expected_data(c))
		malformed(c.line, "call %s: data= has %zu bytes, expected %zu", s.name,
		          c.get("data").bytes.size(), expected_data(c));
	if (c.has("old") && c.get("old").bytes.size() != expected_data(c))
		malformed(c.line, "call %s: old= has %zu bytes, expected %zu", s.name,
		          c.get("old").bytes.size(), expected_data(c));
	switch (c.kind) {
	case kGetSegment:
		for (const Key &k : s.keys)
			if (!c.has(k.name))
				malformed(c.line, "call get_segment: expected %s=", k.name);
		break;
	case kCpl:
	case kGetCr:
	case kGetDr:
	case kIsSmm:
		if (!c.has("value"))
			malformed(c.line, "call %s: expected value=", s.name);
		break;
	case kGetMsr:
	case kGetMsrFiltered:
	case kReadPmc:
		if (rc == 0 && !c.has("value"))
			malformed(c.line, "call %s: expected value= with rc=0", s.name);
		break;
	case kCpuid:
		if (!c.has("out"))
			malformed(c.line, "call cpuid: expected out=");
		break;
	case kGetDtable:
		if (!c.has("base") || !c.has("limit"))
			malformed(c.line, "call get_dtable: expected base= and limit=");
		break;
	case kX87:
		if (c.num("op") != KEMU_X87_FNINIT && !c.has("value"))
			malformed(c.line, "call x87: expected value= for op=%" PRIu64, c.num("op"));
		break;
	case kLeaveSmm:
		if (rc == 0 && (!c.has("rip") || !c.has("rflags") || !c.has("gprs")))
			malformed(c.line,
			          "call leave_smm: expected rip=, rflags= and gprs= with rc=0");
		break;
	default:
		break;
	}
}

Call parse_call(const std::string &text, unsigned line)
{
	auto w = words(text);
	Call c;
	c.line = line;
	if (w.size() < 2)
		malformed(line, "expected \"call <name> ...\"");
	for (int k = 0; k < kNrKinds; k++)
		if (w[1] == specs()[k].name)
			c.kind = k;
	if (c.kind < 0)
		malformed(line, "unknown call \"%.40s\"", w[1].c_str());
	c.f.resize(c.spec().keys.size());
	for (size_t i = 2; i < w.size(); i++) {
		size_t eq = w[i].find('=');
		std::string key = w[i].substr(0, eq);
		int at = eq == std::string::npos ? -1 : c.index(key.c_str());
		if (at < 0)
			malformed(line, "call %s: unexpected \"%.40s\"", c.spec().name,
			          w[i].c_str());
		if (c.f[at].present)
			malformed(line, "call %s: %s= twice", c.spec().name, key.c_str());
		std::string what = std::string("call ") + c.spec().name;
		parse_field(line, what.c_str(), c.spec().keys[at], w[i].substr(eq + 1), c.f[at]);
	}
	check_call(c);
	return c;
}

// --- records ---------------------------------------------------------------

struct Result {
	unsigned line = 0;
	bool has_decode = false, has_status = false;
	u64 decode = 0, status = 0, rip = 0, rflags = 0;
	u64 gprs[KEMU_NR_GPRS] = {};
	bool exception = false;
	kemu_exception exc{};
};

struct Pass {
	unsigned line = 0;
	std::vector<Call> calls;
	Result result;
};

struct Record {
	unsigned line = 0;
	u64 number = 0, vcpu = 0, emultype = 0, mode = 0, intercepts = 0, rip = 0, rflags = 0;
	u64 vmware_backdoor = 0; // kvm.ko's enable_vmware_backdoor (absent: 0)
	u64 gprs[KEMU_NR_GPRS] = {};
	std::vector<u8> insn;
	std::vector<Pass> passes;
};

// key=value words, each key known and given once, the required ones present.
struct KeyValues {
	std::vector<std::string> keys, values;
	const std::string *find(const char *k) const
	{
		for (size_t i = 0; i < keys.size(); i++)
			if (keys[i] == k)
				return &values[i];
		return nullptr;
	}
};

KeyValues key_values(const std::vector<std::string> &w, size_t from, unsigned line,
                     const char *what, const std::vector<const char *> &allowed)
{
	KeyValues kv;
	for (size_t i = from; i < w.size(); i++) {
		size_t eq = w[i].find('=');
		std::string k = w[i].substr(0, eq);
		bool known = false;
		for (const char *a : allowed)
			known |= k == a;
		if (eq == std::string::npos || !known)
			malformed(line, "%s: unexpected \"%.40s\"", what, w[i].c_str());
		if (kv.find(k.c_str()))
			malformed(line, "%s: %s= twice", what, k.c_str());
		kv.keys.push_back(k);
		kv.values.push_back(w[i].substr(eq + 1));
	}
	return kv;
}

u64 need_number(const KeyValues &kv, const char *key, unsigned line, const char *what,
                u64 max = ~0ull)
{
	const std::string *v = kv.find(key);
	u64 n;
	if (!v)
		malformed(line, "%s: expected %s=", what, key);
	if (!parse_number(*v, n) || n > max)
		malformed(line, "%s: %s=: expected a number%s%s, got \"%.40s\"", what, key,
		          max == ~0ull ? "" : " up to ", max == ~0ull ? "" : hex(max).c_str(),
		          v->c_str());
	return n;
}

void need_gprs(const KeyValues &kv, unsigned line, const char *what, u64 *gprs)
{
	const std::string *v = kv.find("gprs");
	std::vector<u64> list;
	if (!v)
		malformed(line, "%s: expected gprs=", what);
	if (!parse_list(*v, list, KEMU_NR_GPRS, ~0ull))
		malformed(line, "%s: gprs=: expected 16 comma-separated numbers", what);
	for (int i = 0; i < KEMU_NR_GPRS; i++)
		gprs[i] = list[i];
}

// One line, which must be there.
std::string expect_line(Reader &in, unsigned &at, const char *what)
{
	std::string s;
	if (!in.next(s, at))
		malformed(in.line, "the file ends here; expected %s", what);
	return s;
}

Result parse_result(const std::string &s, unsigned line, bool first)
{
	Result r;
	r.line = line;
	auto kv = key_values(words(s), 1, line, "result",
	                     {"decode", "status", "rip", "rflags", "gprs", "exception"});
	if (first) {
		r.has_decode = true;
		r.decode = need_number(kv, "decode", line, "result", 6);
	} else if (kv.find("decode")) {
		malformed(line, "result: decode= only in pass 1");
	}
	// (Pass 1 may have no status after a decode that succeeded: the host
	// refused the instruction without executing it, as KVM on #UD.)
	if (kv.find("status")) {
		r.has_status = true;
		r.status = need_number(kv, "status", line, "result", 6);
	} else if (!first) {
		malformed(line, "result: expected status=");
	}
	if (first && r.decode != KEMU_CONTINUE && r.has_status)
		malformed(line, "result: status= after a decode that failed");
	r.rip = need_number(kv, "rip", line, "result");
	r.rflags = need_number(kv, "rflags", line, "result");
	need_gprs(kv, line, "result", r.gprs);
	const std::string *e = kv.find("exception");
	if (!e)
		malformed(line, "result: expected exception=");
	if (*e != "none") {
		r.exception = true;
		if (!parse_fault(*e, r.exc))
			malformed(line, "result: exception=: expected none or "
			                "<vector>,<ecv>,<error code>,<address>");
	}
	return r;
}

bool starts_with(const std::string &s, const char *p)
{
	return s.compare(0, strlen(p), p) == 0 &&
	       (s.size() == strlen(p) || s[strlen(p)] == ' ' || s[strlen(p)] == '\t');
}

// The next record; false at the end of the input.
bool parse_record(Reader &in, Record &r)
{
	std::string s;
	unsigned at;
	r = Record{};
	if (!in.next(s, at))
		return false;
	auto w = words(s);
	if (w.size() != 2 || w[0] != "kemu-record" || !parse_number(w[1], r.number))
		malformed(at, "expected \"kemu-record <n>\"");
	r.line = at;

	s = expect_line(in, at, "vcpu= emultype= mode= intercepts=");
	auto kv = key_values(words(s), 0, at, "record header",
	                     {"vcpu", "emultype", "mode", "intercepts", "vmware_backdoor"});
	r.vcpu = need_number(kv, "vcpu", at, "record header");
	r.emultype = need_number(kv, "emultype", at, "record header");
	r.mode = need_number(kv, "mode", at, "record header", KEMU_MODE_PROT64);
	r.intercepts = need_number(kv, "intercepts", at, "record header", 1);
	if (kv.find("vmware_backdoor"))
		r.vmware_backdoor = need_number(kv, "vmware_backdoor", at, "record header", 1);

	s = expect_line(in, at, "rip= rflags=");
	kv = key_values(words(s), 0, at, "record header", {"rip", "rflags"});
	r.rip = need_number(kv, "rip", at, "record header");
	r.rflags = need_number(kv, "rflags", at, "record header");

	s = expect_line(in, at, "gprs=");
	kv = key_values(words(s), 0, at, "record header", {"gprs"});
	need_gprs(kv, at, "record header", r.gprs);

	s = expect_line(in, at, "insn=");
	if (s.compare(0, 5, "insn=") != 0 || words(s).size() != 1)
		malformed(at, "expected \"insn=<bytes>\"");
	if (!parse_bytes(s.substr(5), r.insn, KEMU_MAX_INSN_LEN))
		malformed(at, "insn=: expected at most 15 hex bytes");

	for (;;) {
		s = expect_line(in, at, r.passes.empty() ? "pass 1" : "pass <n> or end");
		if (s == "end" && !r.passes.empty())
			break;
		w = words(s);
		u64 n;
		unsigned want = static_cast<unsigned>(r.passes.size() + 1);
		if (w.size() != 2 || w[0] != "pass" || !parse_number(w[1], n) || n != want)
			malformed(at, "expected \"pass %u\"%s", want,
			          r.passes.empty() ? "" : " or \"end\"");
		if (want > kMaxPasses)
			malformed(at, "more than %u passes", kMaxPasses);
		Pass p;
		p.line = at;
		for (;;) {
			s = expect_line(in, at, "call or result");
			if (starts_with(s, "call")) {
				if (p.calls.size() >= kMaxCallsPerPass)
					malformed(at, "more than %zu calls in a pass",
					          kMaxCallsPerPass);
				p.calls.push_back(parse_call(s, at));
			} else if (starts_with(s, "result")) {
				p.result = parse_result(s, at, want == 1);
				break;
			} else {
				malformed(at, "expected \"call ...\" or \"result ...\"");
			}
		}
		r.passes.push_back(std::move(p));
	}
	return true;
}

// --- replay ----------------------------------------------------------------

bool g_verbose = false;

struct Replay {
	kemu_ctxt *ctxt = nullptr;
	const Pass *pass = nullptr;
	size_t next = 0;       // the pass's next recorded call
	unsigned made = 0;     // calls made in this pass
	bool departed = false; // a call did not match: UNHANDLEABLE from now on
	std::string first_difference;
	std::vector<std::string> pass_differences;

	unsigned pass_number = 0;

	// A difference: in this pass's line, and the record's first one.
	void difference(const std::string &d)
	{
		if (first_difference.empty())
			first_difference = "pass " + std::to_string(pass_number) + " " + d;
		pass_differences.push_back(d);
	}

	// The recorded call to answer `made` with, or null (a difference).
	const Call *take(Call &c)
	{
		made++;
		if (departed) {
			if (g_verbose)
				printf("    call %u: %s  (after the departure: unhandleable)\n",
				       made, format_call(c, false).c_str());
			return nullptr;
		}
		if (next >= pass->calls.size()) {
			departed = true;
			difference("extra call " + std::to_string(made) + ": " +
			           format_call(c, false) +
			           " (not in the record, whose result is at line " +
			           std::to_string(pass->result.line) + ")");
			if (g_verbose)
				printf("    call %u: made     %s\n             recorded none\n",
				       made, format_call(c, false).c_str());
			return nullptr;
		}
		const Call &r = pass->calls[next++];
		std::string why;
		if (r.kind != c.kind) {
			why = std::string("made ") + c.spec().name + ", recorded " + r.spec().name;
		} else {
			const Spec &s = r.spec();
			for (size_t i = 0; i < s.keys.size(); i++) {
				const Key &k = s.keys[i];
				if (!k.arg)
					continue;
				const Field &a = c.f[i], &b = r.f[i];
				if (a.num == b.num && a.bytes == b.bytes)
					continue;
				if (!why.empty())
					why += ", ";
				why += std::string(k.name) + "=" + format_field(k, a) +
				       " (recorded " + format_field(k, b) + ")";
			}
			if (!why.empty())
				why = std::string(s.name) + " " + why;
		}
		if (g_verbose) {
			if (why.empty())
				printf("    call %u: %s  (line %u)\n", made,
				       format_call(r, true).c_str(), r.line);
			else
				printf("    call %u: made     %s\n             recorded %s  (line "
				       "%u)\n",
				       made, format_call(c, false).c_str(),
				       format_call(r, true).c_str(), r.line);
		}
		if (why.empty())
			return &r;
		departed = true;
		difference("call " + std::to_string(made) + " (line " + std::to_string(r.line) +
		           "): " + why);
		return nullptr;
	}
};

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

int answer_rc(const Call *r)
{
	return r ? static_cast<int>(r->num("rc")) : KEMU_UNHANDLEABLE;
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
	if (r->has("fault"))
		*fault = r->get("fault").fault;
	return answer_rc(r);
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
	if (r->has("fault"))
		*fault = r->get("fault").fault;
	if (r->num("exit_pending"))
		rp.ctxt->exit_pending = 1;
	return answer_rc(r);
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

int op_pio_in(void *opaque, unsigned size, kemu_u16 port, void *val, unsigned count)
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
	return answer_rc(r);
}

int op_pio_out(void *opaque, unsigned size, kemu_u16 port, const void *val, unsigned count)
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
	return answer_rc(r);
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

int set_reg(void *opaque, int kind, const char *key, u64 n, u64 value)
{
	Call c = made_call(kind);
	c.set(key).num = n;
	c.set("value").num = value;
	return answer_rc(of(opaque).take(c));
}
int op_set_cr(void *o, unsigned n, u64 v)
{
	return set_reg(o, kSetCr, "n", n, v);
}
int op_set_dr(void *o, unsigned n, u64 v)
{
	return set_reg(o, kSetDr, "n", n, v);
}
int op_set_msr(void *o, kemu_u32 msr, u64 v)
{
	return set_reg(o, kSetMsr, "msr", msr, v);
}
int op_set_xcr(void *o, kemu_u32 index, u64 v)
{
	return set_reg(o, kSetXcr, "index", index, v);
}

int get_value(void *opaque, int kind, const char *key, u64 n, u64 *value)
{
	Call c = made_call(kind);
	c.set(key).num = n;
	const Call *r = of(opaque).take(c);
	*value = r ? r->num("value") : 0;
	return answer_rc(r);
}
int op_get_msr(void *o, kemu_u32 msr, u64 *v)
{
	return get_value(o, kGetMsr, "msr", msr, v);
}
int op_get_msr_filtered(void *o, kemu_u32 msr, u64 *v)
{
	return get_value(o, kGetMsrFiltered, "msr", msr, v);
}
int op_read_pmc(void *o, kemu_u32 counter, u64 *v)
{
	return get_value(o, kReadPmc, "counter", counter, v);
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

// intercept and fix_hypercall report a fault through the context, as the
// kernel's bridge does with the fault KVM filled in (kemu.h).
int answer_context_fault(void *opaque, const Call *r)
{
	if (r && r->has("fault")) {
		of(opaque).ctxt->exception = r->get("fault").fault;
		of(opaque).ctxt->have_exception = 1;
	}
	return answer_rc(r);
}

int op_intercept(void *opaque, const kemu_intercept_info *info, kemu_intercept_stage stage)
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
	return answer_context_fault(opaque, of(opaque).take(c));
}

int op_fix_hypercall(void *opaque)
{
	Call c = made_call(kFixHypercall);
	return answer_context_fault(opaque, of(opaque).take(c));
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

int op_leave_smm(void *opaque)
{
	Call c = made_call(kLeaveSmm);
	Replay &rp = of(opaque);
	const Call *r = rp.take(c);
	if (!r)
		return 1;
	if (r->num("rc") == 0) { // the state KVM loaded, into ctxt (as the bridge)
		for (int i = 0; i < KEMU_NR_GPRS; i++)
			rp.ctxt->gprs[i] = r->get("gprs").list[i];
		rp.ctxt->rip = r->num("rip");
		rp.ctxt->rflags = r->num("rflags");
	}
	return answer_rc(r);
}

// Every callback, as kemu.ko's bridge gives them (on 6.12).
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

const char *mode_name(u64 mode)
{
	static const char *const names[] = {"real", "vm86", "prot16", "prot32", "prot64"};
	return mode < 5 ? names[mode] : "?";
}

const char *reg_name(int i)
{
	static const char *const names[] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
	                                    "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15"};
	return names[i];
}

std::string status_text(int s)
{
	return std::to_string(s) + " " + kemu_status_name(s);
}

std::string exception_text(bool have, const kemu_exception &e)
{
	return have ? format_fault(e) : "none";
}

// Compare the context with the pass's result; the differences.
std::vector<std::string> compare(const kemu_ctxt &c, const Result &r, int decode, int status)
{
	std::vector<std::string> d;
	if (r.has_decode && decode != static_cast<int>(r.decode))
		d.push_back("decode " + status_text(decode) + " (recorded " +
		            status_text(static_cast<int>(r.decode)) + ")");
	if (status >= 0 || r.has_status) {
		std::string mine = status >= 0 ? status_text(status) : "none (not executed)";
		std::string theirs =
		    r.has_status ? status_text(static_cast<int>(r.status)) : "none (not executed)";
		if (mine != theirs)
			d.push_back("status " + mine + " (recorded " + theirs + ")");
	}
	if (c.rip != r.rip)
		d.push_back("rip=" + hex(c.rip) + " (recorded " + hex(r.rip) + ")");
	if (c.rflags != r.rflags)
		d.push_back("rflags=" + hex(c.rflags) + " (recorded " + hex(r.rflags) + ")");
	for (int i = 0; i < KEMU_NR_GPRS; i++)
		if (c.gprs[i] != r.gprs[i])
			d.push_back(std::string(reg_name(i)) + "=" + hex(c.gprs[i]) +
			            " (recorded " + hex(r.gprs[i]) + ")");
	bool have = c.have_exception;
	bool same = have == r.exception;
	if (same && have)
		same = c.exception.vector == r.exc.vector &&
		       c.exception.error_code_valid == r.exc.error_code_valid &&
		       c.exception.error_code == r.exc.error_code &&
		       c.exception.address == r.exc.address;
	if (!same)
		d.push_back("exception=" + exception_text(have, c.exception) + " (recorded " +
		            exception_text(r.exception, r.exc) + ")");
	return d;
}

// The instruction's bytes: as KVM passed them, else what pass 1 fetched.
std::vector<u8> instruction_bytes(const Record &r)
{
	if (!r.insn.empty() || r.passes.empty())
		return r.insn;
	std::vector<u8> b;
	for (const Call &c : r.passes[0].calls) {
		if (c.kind != kFetch || c.num("rc") != KEMU_CONTINUE)
			continue;
		for (u8 x : c.get("data").bytes)
			if (b.size() < KEMU_MAX_INSN_LEN)
				b.push_back(x);
	}
	return b;
}

bool replay(const Record &r)
{
	std::vector<u8> bytes = instruction_bytes(r);
	kemu_disasm d{};
	int dr = kemu_disassemble(static_cast<unsigned>(r.mode), bytes.data(),
	                          static_cast<unsigned>(bytes.size()), &d);
	std::string text = d.text;
	if (dr != KEMU_CONTINUE && text.empty())
		text = "(bad)";
	printf("record %" PRIu64 ": vcpu %" PRIu64 " mode %" PRIu64 " (%s) emultype %s rip %s: %s%s"
	       "  [%s%s]\n",
	       r.number, r.vcpu, r.mode, mode_name(r.mode), hex(r.emultype).c_str(),
	       hex(r.rip).c_str(), text.c_str(),
	       dr == KEMU_PROPAGATE_FAULT ? (d.vector == KEMU_UD ? " (#UD)" : " (#GP)") : "",
	       hex_bytes(bytes.data(), bytes.size()).c_str(),
	       r.insn.empty() ? (bytes.empty() ? "no bytes" : " fetched") : "");

	static kemu_ctxt ctxt; // (large: the read cache)
	memset(&ctxt, 0, sizeof(ctxt));
	Replay rp;
	rp.ctxt = &ctxt;
	ctxt.ops = &kReplayOps;
	ctxt.opaque = &rp;
	ctxt.mode = static_cast<kemu_u32>(r.mode);
	for (int i = 0; i < KEMU_NR_GPRS; i++)
		ctxt.gprs[i] = r.gprs[i];
	ctxt.rip = r.rip;
	ctxt.rflags = r.rflags;
	ctxt.check_intercepts = static_cast<u8>(r.intercepts);
	ctxt.vmware_backdoor = static_cast<u8>(r.vmware_backdoor);

	for (size_t i = 0; i < r.passes.size(); i++) {
		const Pass &p = r.passes[i];
		rp.pass = &p;
		rp.next = 0;
		rp.made = 0;
		rp.pass_differences.clear();
		rp.pass_number = static_cast<unsigned>(i + 1);
		int decode = -1, status = -1;
		if (i == 0) {
			decode = kemu_decode(&ctxt, r.insn.empty() ? nullptr : r.insn.data(),
			                     static_cast<unsigned>(r.insn.size()));
			// The host executes after a decode that succeeded, unless it
			// refused the instruction (no status recorded).
			if (decode == KEMU_CONTINUE && p.result.has_status)
				status = kemu_execute(&ctxt);
		} else {
			ctxt.exit_pending = 0;
			status = kemu_execute(&ctxt);
		}
		if (rp.next < p.calls.size()) {
			const Call &left = p.calls[rp.next];
			std::string what = std::to_string(p.calls.size() - rp.next) +
			                   " recorded call(s) not made, from line " +
			                   std::to_string(left.line) + ": " +
			                   format_call(left, true);
			if (!rp.departed) // (after a departure they are expected)
				rp.difference("missing call " + std::to_string(rp.next + 1) + ": " +
				              what);
			else
				rp.pass_differences.push_back(what);
		}
		for (auto &x : compare(ctxt, p.result, decode, status))
			rp.difference(x);
		std::string head = "pass " + std::to_string(i + 1) + ": ";
		if (decode >= 0)
			head += "decode " + status_text(decode) + " (recorded " +
			        status_text(static_cast<int>(p.result.decode)) + "), ";
		head += "status " + (status >= 0 ? status_text(status) : std::string("none")) +
		        " (recorded " +
		        (p.result.has_status ? status_text(static_cast<int>(p.result.status))
		                             : std::string("none")) +
		        "), " + std::to_string(rp.made) + (rp.made == 1 ? " call" : " calls") +
		        " (recorded " + std::to_string(p.calls.size()) + "): ";
		std::string diffs;
		for (auto &x : rp.pass_differences)
			diffs += (diffs.empty() ? "" : "; ") + x;
		printf("  %s%s%s\n", head.c_str(),
		       diffs.empty() ? "same" : "DIFFERS: ", diffs.c_str());
	}
	if (rp.first_difference.empty()) {
		printf("record %" PRIu64 ": reproduced\n", r.number);
		return true;
	}
	printf("record %" PRIu64 ": NOT reproduced: %s\n", r.number, rp.first_difference.c_str());
	return false;
}

[[noreturn]] void usage()
{
	fprintf(stderr, "usage: kemu-replay [-v] [-n N] FILE   (FILE - is standard input)\n");
	exit(2);
}

} // namespace

int main(int argc, char **argv)
{
	bool only = false;
	u64 wanted = 0;
	const char *file = nullptr;
	if (argc == 2 && !strcmp(argv[1], "--help")) {
		printf("usage: kemu-replay [-v] [-n N] FILE   (FILE - is standard input)\n"
		       "Run kemu.ko's emulation records again on the userspace core, answering\n"
		       "each callback from the record; -v shows every call, -n only record N.\n"
		       "Exit status: 0 all reproduced, 1 one not, 2 a malformed file.\n"
		       "See kemu-replay(1).\n");
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "--version")) {
		printf("kemu-replay %s\n", KEMU_VERSION);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-v")) {
			g_verbose = true;
		} else if (!strcmp(argv[i], "-n")) {
			if (++i == argc || !parse_number(argv[i], wanted))
				usage();
			only = true;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			usage();
		} else if (!file) {
			file = argv[i];
		} else {
			usage();
		}
	}
	if (!file)
		usage();
	g_file = file;
	FILE *f = strcmp(file, "-") ? fopen(file, "r") : stdin;
	if (!f) {
		fprintf(stderr, "kemu-replay: %s: %s\n", file, strerror(errno));
		return 2;
	}
	Reader in;
	in.f = f;
	Record r;
	unsigned replayed = 0, failed = 0;
	while (parse_record(in, r)) {
		if (only && r.number != wanted)
			continue;
		if (replayed)
			printf("\n");
		replayed++;
		if (!replay(r))
			failed++;
		fflush(stdout);
	}
	if (only && !replayed) {
		fprintf(stderr, "kemu-replay: %s: no record %" PRIu64 "\n", file, wanted);
		return 2;
	}
	if (!only && !replayed) {
		fprintf(stderr, "kemu-replay: %s: no records\n", file);
		return 2;
	}
	if (replayed > 1)
		printf("\n%u records: %u reproduced, %u not\n", replayed, replayed - failed,
		       failed);
	return failed ? 1 : 0;
}
