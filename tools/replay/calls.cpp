// kemu-replay: the callbacks a record holds (calls.h).
#include "calls.h"

#include <cinttypes>

namespace kemu_replay {

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
		v[kPioIn] = {"pio_in", {size, port, count, rc, data_in, fault}};
		v[kPioOut] = {"pio_out", {size, port, count, data_out, rc, fault, pending}};
		v[kGetSegment] = {"get_segment", segment_keys(false)};
		v[kSetSegment] = {"set_segment", segment_keys(true)};
		const Key value_in{"value", Type::Hex, false}, value_out{"value", Type::Hex, true};
		const Key n{"n", Type::Dec, true, 15};
		v[kCpl] = {"cpl", {{"value", Type::Dec, false, 3}}};
		v[kGetCr] = {"get_cr", {n, value_in}};
		v[kGetDr] = {"get_dr", {n, value_in}};
		v[kSetCr] = {"set_cr", {n, value_out, rc, fault}};
		v[kSetDr] = {"set_dr", {n, value_out, rc, fault}};
		const Key msr{"msr", Type::Hex, true, k32};
		v[kGetMsr] = {"get_msr", {msr, rc, value_in, fault}};
		v[kGetMsrFiltered] = {"get_msr_filtered", {msr, rc, value_in, fault}};
		v[kSetMsr] = {"set_msr", {msr, value_out, rc, fault}};
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
		v[kSetXcr] = {"set_xcr", {{"index", Type::Hex, true, k32}, value_out, rc, fault}};
		v[kReadPmc] = {"read_pmc",
		               {{"counter", Type::Hex, true, k32}, rc, value_in, fault}};
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
		                 fault,
		                 {"rip", Type::Hex, false},
		                 {"rflags", Type::Hex, false},
		                 {"gprs", Type::List16, false}}};
		return v;
	}();
	return s;
}

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

namespace {

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

} // namespace

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
} // namespace kemu_replay
