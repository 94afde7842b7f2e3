// kemu-replay: reading a record (record.h).
#include "record.h"

namespace kemu_replay {

namespace {

constexpr size_t kMaxCallsPerPass = 65536;
constexpr unsigned kMaxPasses = 4096;

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

} // namespace

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
} // namespace kemu_replay
