// kvm-table: KVM's x86 decode table (Linux 6.12's emulate.c, built by
// build-kvm.sh) as CSV, one row per leaf of its opcode tables:
//
//   kvm-table EMULATE_C > kvm-table.csv
//
//   map,opcode,path   the leaf, as the oracle's walk names it (kvm_tables.c)
//   mnemonic          objdump's name for the leaf's encoding (objdump_names.h)
//   status            E emulated (an execute function, or a case of
//                     x86_emulate_insn's opcode switch), UD (Undefined),
//                     I (decoded for its intercept check only), F (decoded,
//                     then refused), N (NotImpl: not decoded)
//   handler, fastop   the execute function's symbol; Y when it is a fastop
//   intercept, check_perm   the leaf's intercept and permission check
//   flags             emulate.c's names of the leaf's decode flags
//
// Everything but the mnemonic comes from the compiled tables themselves; the
// switch cases (switch_cases.h) are read from EMULATE_C, the file that was
// compiled.  Any value the program cannot name is an error, not a blank.
#include "elf_symbols.h"
#include "kvm_backend.h"
#include "objdump_names.h"
#include "switch_cases.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

// The flag bits of emulate.c the status needs (checked against the flag names
// the build compiled: kvm_flag_names).
bool has_flag(const kvm_leaf &l, const char *name)
{
	char names[512];
	kvm_flag_names(l.flags, names, sizeof(names));
	std::istringstream in(names);
	std::string w;
	while (in >> w)
		if (w == name)
			return true;
	return false;
}

// The bytes of a leaf: prefix, escape, opcode, a ModRM that selects the path,
// and zeros for any displacement or immediate.
Encoding encoding_of(const kvm_leaf &l)
{
	Encoding e;
	const std::string path = l.path, map = l.map;
	std::istringstream words(path);
	std::string w;
	uint8_t modrm = 0, prefix = 0;
	bool has_modrm = has_flag(l, "ModRM");
	e.mode64 = false;
	while (words >> w) {
		if (w == "pfx=66")
			prefix = 0x66;
		else if (w == "pfx=F2")
			prefix = 0xf2;
		else if (w == "pfx=F3")
			prefix = 0xf3;
		else if (w == "64bit")
			e.mode64 = true;
		else if (w == "reg")
			modrm |= 0xc0;
		else if (w.size() == 2 && w[0] == '/')
			modrm |= uint8_t((w[1] - '0') << 3);
		else if (w.rfind("rm=", 0) == 0)
			modrm |= uint8_t(w[3] - '0');
		else if (w.rfind("modrm=", 0) == 0)
			modrm = uint8_t(strtoul(w.c_str() + 6, nullptr, 16));
		has_modrm |= w != "pfx=none" && w != "pfx=66" && w != "pfx=F2" && w != "pfx=F3" &&
		             w != "64bit" && w != "non64";
	}
	if (prefix)
		e.bytes.push_back(prefix);
	if (map != "1B")
		e.bytes.push_back(0x0f);
	if (map == "0F38")
		e.bytes.push_back(0x38);
	e.bytes.push_back(l.opcode);
	if (has_modrm)
		e.bytes.push_back(modrm);
	e.bytes.resize(e.bytes.size() + 12, 0);
	return e;
}

const char *status_of(const kvm_leaf &l, const std::set<std::pair<int, int>> &switch_cases)
{
	const std::string map = l.map;
	const int length = map == "1B" ? 1 : map == "0F" ? 2 : 3;
	if (l.not_impl)
		return "N";
	if (l.undefined)
		return "UD";
	if (l.execute || switch_cases.count({length, l.opcode}))
		return "E";
	return has_flag(l, "Intercept") ? "I" : "F";
}

} // namespace

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: kvm-table EMULATE_C > kvm-table.csv\n");
		return 2;
	}
	auto fail = [](const std::string &why) {
		fprintf(stderr, "kvm-table: %s\n", why.c_str());
		return 1;
	};
	std::ifstream in(argv[1]);
	std::stringstream source;
	source << in.rdbuf();
	if (!in)
		return fail(std::string("cannot read ") + argv[1]);
	std::set<std::pair<int, int>> switch_cases;
	std::string error;
	if (!emulated_by_switch(source.str(), &switch_cases, &error))
		return fail(std::string(argv[1]) + ": " + error);
	ElfSymbols symbols;
	if (!symbols.load())
		return fail("no symbol table in this program (stripped?)");

	std::vector<kvm_leaf> leaves(kvm_leaf_count());
	std::vector<Encoding> encodings;
	for (size_t i = 0; i < leaves.size(); i++) {
		kvm_leaf_at(int(i), &leaves[i]);
		encodings.push_back(encoding_of(leaves[i]));
	}
	std::vector<std::string> mnemonics;
	if (!objdump_mnemonics(encodings, &mnemonics, &error))
		return fail(error);

	printf("map,opcode,path,mnemonic,status,handler,fastop,intercept,check_perm,flags\n");
	for (size_t i = 0; i < leaves.size(); i++) {
		const kvm_leaf &l = leaves[i];
		char where[64], flags[512];
		snprintf(where, sizeof(where), "%s %02X %s", l.map, l.opcode, l.path);
		if (uint64_t unnamed = kvm_flag_names(l.flags, flags, sizeof(flags)))
			return fail(std::string(where) +
			            ": flag bits without a name: " + std::to_string(unnamed));
		const std::string handler = l.execute ? symbols.name_at(l.execute) : "";
		const std::string check = l.check_perm ? symbols.name_at(l.check_perm) : "";
		const char *intercept = l.intercept ? kvm_intercept_name(l.intercept) : "";
		if ((l.execute && handler.empty()) || (l.check_perm && check.empty()))
			return fail(std::string(where) + ": a function without a symbol");
		if (!intercept)
			return fail(std::string(where) + ": unknown intercept " +
			            std::to_string(l.intercept));
		printf("%s,%02X,%s,%s,%s,%s,%s,%s,%s,%s\n", l.map, l.opcode, l.path,
		       mnemonics[i].c_str(), status_of(l, switch_cases), handler.c_str(),
		       has_flag(l, "Fastop") ? "Y" : "", intercept, check.c_str(), flags);
	}
	return 0;
}
