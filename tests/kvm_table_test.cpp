// Every entry of KVM's 6.12 decode table has a counterpart in kemu's maps:
// the same encoding decodes (or is #UD where KVM's is Undefined, or where
// KVM marks it No64 in 64-bit mode), with the same mnemonic (objdump's name
// for the encoding) and the same Lock/Priv/Prot/No64/Stack/String/... attributes
// and intercept.  The table is dumped from KVM's compiled emulate.c by
// `make kvm-table` (tests/kvm-oracle/table); make test-host makes it first.
#include <gtest/gtest.h>

#include "decode/decoder.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

using kemu::decode::Opcode;

struct Row {
	std::map<std::string, std::string> f;
	const std::string &operator[](const char *k) const
	{
		static const std::string empty;
		auto it = f.find(k);
		return it == f.end() ? empty : it->second;
	}
};

std::vector<std::string> split_csv_line(const std::string &line)
{
	std::vector<std::string> out(1);
	bool quoted = false;
	for (char ch : line) {
		if (ch == '\r')
			continue;
		if (ch == '"')
			quoted = !quoted;
		else if (ch == ',' && !quoted)
			out.emplace_back();
		else
			out.back() += ch;
	}
	return out;
}

std::string table_path()
{
	const char *env = getenv("KEMU_KVM_TABLE");
	return env ? env : "build/kvm-oracle/kvm-table.csv";
}

std::vector<Row> load_rows()
{
	std::ifstream in(table_path());
	std::vector<Row> rows;
	std::string line;
	if (!std::getline(in, line))
		return rows;
	const std::vector<std::string> header = split_csv_line(line);
	while (std::getline(in, line)) {
		const std::vector<std::string> cells = split_csv_line(line);
		Row r;
		for (size_t i = 0; i < header.size() && i < cells.size(); i++)
			r.f[header[i]] = cells[i];
		if (r["status"] != "N") // NotImpl leaves: KVM does not decode them
			rows.push_back(r);
	}
	return rows;
}

bool has_word(const std::string &s, const std::string &w)
{
	std::istringstream in(s);
	std::string t;
	while (in >> t)
		if (t == w)
			return true;
	return false;
}

// The encoding a row describes: prefix, escape, opcode, ModRM from its path.
std::vector<uint8_t> encode(const Row &r)
{
	std::vector<uint8_t> b;
	const std::string &path = r["path"];
	const auto pfx = path.find("pfx=");
	if (pfx != std::string::npos) {
		const std::string p = path.substr(pfx + 4, 4);
		if (p.rfind("66", 0) == 0)
			b.push_back(0x66);
		else if (p.rfind("F3", 0) == 0)
			b.push_back(0xf3);
		else if (p.rfind("F2", 0) == 0)
			b.push_back(0xf2);
	}
	if (r["map"] == "0F")
		b.push_back(0x0f);
	if (r["map"] == "0F38") {
		b.push_back(0x0f);
		b.push_back(0x38);
	}
	b.push_back(uint8_t(strtoul(r["opcode"].c_str(), nullptr, 16)));
	const bool modrm = has_word(r["flags"], "ModRM") || path.find('/') != std::string::npos ||
	                   path.find("mem") != std::string::npos ||
	                   path.find("modrm=") != std::string::npos;
	if (modrm) {
		uint8_t m = 0;
		const auto slash = path.find('/');
		if (slash != std::string::npos)
			m |= uint8_t((path[slash + 1] - '0') << 3);
		if (path.find("reg") != std::string::npos)
			m |= 0xc0;
		const auto rm = path.find("rm=");
		if (rm != std::string::npos)
			m |= uint8_t(path[rm + 3] - '0');
		const auto fixed = path.find("modrm=");
		if (fixed != std::string::npos)
			m = uint8_t(strtoul(path.substr(fixed + 6, 2).c_str(), nullptr, 16));
		b.push_back(m);
	}
	for (int i = 0; i < 12; i++) // displacement/immediate bytes
		b.push_back(0);
	return b;
}

std::string lower(std::string s)
{
	for (char &c : s)
		c = char(tolower(static_cast<unsigned char>(c)));
	return s;
}

// Spellings of one instruction that differ only by operand or address size:
// objdump names the table's encoding in 32-bit mode, kemu in each mode.
const std::vector<std::set<std::string>> kSpellings = {
    {"cbw", "cwde", "cdqe"},
    {"cwd", "cdq", "cqo"},
    {"jcxz", "jecxz", "jrcxz"},
    {"shl", "sal"},
    {"sgdt", "sgdtd"},
    {"sidt", "sidtd"},
    {"lgdt", "lgdtd"},
    {"lidt", "lidtd"},
    {"pushf", "pushfd", "pushfq"},
    {"popf", "popfd", "popfq"},
    {"iret", "iretd", "iretq"},
    {"pusha", "pushad"},
    {"popa", "popad"},
};

// The names kemu may give the table's mnemonic column.
std::set<std::string> kvm_names(const std::string &m)
{
	const std::string name = lower(m);
	for (const std::set<std::string> &s : kSpellings)
		if (s.count(name))
			return s;
	return {name};
}

struct Attr {
	const char *kvm;
	uint32_t kemu;
};
const Attr kAttrs[] = {
    {"Lock", kemu::decode::kLock},
    {"Priv", kemu::decode::kPriv},
    {"Prot", kemu::decode::kProt},
    {"No64", kemu::decode::kI64},
    {"Stack", kemu::decode::kStack},
    {"String", kemu::decode::kString},
    {"EmulateOnUD", kemu::decode::kEmulateOnUD},
    {"PageTable", kemu::decode::kPageTable},
};

// KVM's enum x86_intercept names, in kemu's Intercept order.
const char *const kInterceptNames[] = {
    "",         "cr_read", "cr_write", "clts",   "lmsw",    "smsw",    "dr_read",
    "dr_write", "lidt",    "sidt",     "lgdt",   "sgdt",    "lldt",    "sldt",
    "ltr",      "str",     "rdtsc",    "rdpmc",  "pushf",   "popf",    "cpuid",
    "rsm",      "iret",    "intn",     "invd",   "pause",   "hlt",     "invlpg",
    "invlpga",  "vmrun",   "vmload",   "vmsave", "vmmcall", "stgi",    "clgi",
    "skinit",   "rdtscp",  "rdpid",    "icebp",  "wbinvd",  "monitor", "mwait",
    "rdmsr",    "wrmsr",   "in",       "ins",    "out",     "outs",    "xsetbv",
};
static_assert(sizeof(kInterceptNames) / sizeof(kInterceptNames[0]) ==
                  static_cast<size_t>(kemu::decode::Intercept::Count),
              "one name per intercept");

// The map entry the core decodes for these bytes, through the emulation decoder.
const Opcode *entry_for(unsigned mode, const std::vector<uint8_t> &b)
{
	static kemu_ops ops = {};
	ops.fetch = [](void *, uint64_t, void *, unsigned, kemu_exception *) {
		return int(KEMU_UNHANDLEABLE);
	};
	ops.get_segment = [](void *, kemu_seg, kemu_segment *s) {
		*s = {};
		s->limit = 0xffffffff;
		s->type = 0xb;
	};
	static kemu_ctxt c;
	c = {};
	c.ops = &ops;
	c.mode = mode;
	if (kemu_decode(&c, b.data(), unsigned(b.size())) != KEMU_CONTINUE || !c.insn.entry)
		return nullptr;
	return &kemu::decode::opcode_of(c.insn);
}

TEST(KvmDecodeTable, EveryEntryHasACounterpart)
{
	const std::vector<Row> rows = load_rows();
	ASSERT_FALSE(rows.empty()) << "KVM's decode table not found at " << table_path()
	                           << " (make kvm-table, or set KEMU_KVM_TABLE)";
	EXPECT_EQ(rows.size(), 503u) << "473 emulated + 15 #UD + 11 intercept-only + 4 decode-only";

	unsigned checked = 0;
	for (const Row &r : rows) {
		const std::vector<uint8_t> bytes = encode(r);
		const bool no64 = has_word(r["flags"], "No64");
		const bool only64 = r["path"] == "64bit";
		for (unsigned mode : {unsigned(KEMU_MODE_PROT16), unsigned(KEMU_MODE_PROT32),
		                      unsigned(KEMU_MODE_PROT64)}) {
			if (only64 && mode != KEMU_MODE_PROT64)
				continue;
			const unsigned op = unsigned(strtoul(r["opcode"].c_str(), nullptr, 16));
			// Encodings that are other instructions in 64-bit mode, where KVM
			// never reaches these rows: 40-4F are REX, C4/C5 are VEX.
			if (r["map"] == "1B" && mode == KEMU_MODE_PROT64 &&
			    ((op >= 0x40 && op <= 0x4f) || op == 0xc4 || op == 0xc5))
				continue;
			if (r["path"] == "" && r["opcode"] == "63" && r["map"] == "1B" &&
			    mode == KEMU_MODE_PROT64)
				continue; // ARPL row: 63 is MOVSXD in 64-bit mode (its own row)
			std::ostringstream where;
			where << r["map"] << " " << r["opcode"] << " [" << r["path"] << "] "
			      << r["mnemonic"] << " in " << (mode == KEMU_MODE_PROT64 ? "64" : "32")
			      << "-bit mode";
			kemu_disasm d;
			const int rc =
			    kemu_disassemble(mode, bytes.data(), unsigned(bytes.size()), &d);
			const bool expect_ud =
			    r["status"] == "UD" || (no64 && mode == KEMU_MODE_PROT64);
			if (expect_ud) {
				EXPECT_EQ(rc, KEMU_PROPAGATE_FAULT)
				    << where.str() << ": " << d.text;
				EXPECT_EQ(d.vector, KEMU_UD) << where.str();
				checked++;
				continue;
			}
			EXPECT_EQ(rc, KEMU_CONTINUE) << where.str() << ": " << d.text;
			const Opcode *o = entry_for(mode, bytes);
			EXPECT_NE(o, nullptr) << where.str();
			if (rc != KEMU_CONTINUE || o == nullptr)
				continue;
			const std::string name =
			    lower(std::string(d.text).substr(0, std::string(d.text).find(' ')));
			const std::set<std::string> names = kvm_names(r["mnemonic"]);
			// objdump has no name for SALC (1B D6): nothing to compare
			if (r["mnemonic"] != "(bad)") {
				EXPECT_TRUE(names.count(name) || names.count(o->mnemonic))
				    << where.str() << ": kemu says " << d.text;
			}
			for (const Attr &a : kAttrs) {
				// KVM's 40-4F rows carry no No64: it takes them as REX before
				// looking at its table.  kemu marks them i64, as the SDM does.
				if (a.kemu == kemu::decode::kI64 && r["map"] == "1B" &&
				    op >= 0x40 && op <= 0x4f)
					continue;
				EXPECT_EQ(has_word(r["flags"], a.kvm), o->has(a.kemu))
				    << where.str() << ": attribute " << a.kvm;
			}
			const std::string icpt =
			    kInterceptNames[static_cast<unsigned>(o->intercept)];
			EXPECT_EQ(r["intercept"], icpt.empty() ? icpt : "x86_intercept_" + icpt)
			    << where.str() << ": intercept";
			checked++;
		}
	}
	EXPECT_GT(checked, 1400u);
}

} // namespace
