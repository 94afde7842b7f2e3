// Reading and matching deviations.txt.
#include "deviations.h"

#include <cstdio>
#include <fstream>
#include <sstream>

namespace oracle {

namespace {

std::vector<std::string> split(const std::string &s, char sep)
{
	std::vector<std::string> out;
	std::stringstream in(s);
	std::string item;
	while (std::getline(in, item, sep))
		if (!item.empty())
			out.push_back(item);
	return out;
}

uint32_t segment_bits(const std::string &list)
{
	static const char *const names[] = {"es", "cs", "ss", "ds", "fs", "gs"};
	uint32_t bits = 0;
	for (const std::string &s : split(list, ','))
		for (int i = 0; i < 6; i++)
			if (s == names[i])
				bits |= 1u << i;
	return bits;
}

bool outcome_matches(const std::string &want, const oracle_exit &e)
{
	if (want.empty())
		return true;
	if (want.rfind("fault:", 0) == 0)
		return e.outcome == ORACLE_OUT_FAULT &&
		       std::to_string(e.fault.vector) == want.substr(6);
	return want == outcome_name(e.outcome);
}

} // namespace

bool DeviationList::load(const std::string &path, std::string *error)
{
	std::ifstream in(path);
	if (!in) {
		*error = "cannot read " + path;
		return false;
	}
	std::string line;
	int number = 0;
	while (std::getline(in, line)) {
		number++;
		if (auto hash = line.find('#'); hash != std::string::npos)
			line.resize(hash);
		std::istringstream words(line);
		Deviation d;
		std::string cls, word;
		if (!(words >> d.id))
			continue;
		d.line = number;
		auto bad = [&](const std::string &why) {
			*error = path + ":" + std::to_string(number) + ": " + why;
			return false;
		};
		if (!(words >> cls))
			return bad("missing class");
		if (cls == "mismatch")
			d.cls = kMismatch;
		else if (cls == "beyond")
			d.cls = kBeyondKvm;
		else if (cls == "gap")
			d.cls = kKemuGap;
		else
			return bad("unknown class '" + cls + "'");
		while (words >> word) {
			if (word == "stackmismatch" || word == "fuzzonly" || word == "nested" ||
			    word == "compat") {
				(word == "fuzzonly" ? d.fuzz_only
				 : word == "nested" ? d.nested
				 : word == "compat" ? d.compat
				                    : d.stack_mismatch) = true;
				continue;
			}
			if (word == "rereadsave" || word == "tss16" || word == "nottss") {
				(word == "tss16"    ? d.tss16
				 : word == "nottss" ? d.not_tss
				                    : d.reread_save) = true;
				continue;
			}
			if (word == "kvmwarned" || word == "kvmwrap4g" || word == "kvmtsslimit" ||
			    word == "kvmstdmmio") {
				(word == "kvmwarned"     ? d.kvm_warned
				 : word == "kvmwrap4g"   ? d.kvm_wrap4g
				 : word == "kvmtsslimit" ? d.kvm_tss_limit
				                         : d.kvm_std_mmio) = true;
				continue;
			}
			if (word == "kvmldtlimit16" || word == "kvmsystem4g") {
				(word == "kvmldtlimit16" ? d.kvm_ldt_limit16 : d.kvm_system_4g) =
				    true;
				continue;
			}
			if (word == "kemutocompat") {
				d.kemu_to_compat = true;
				continue;
			}
			if (word == "rspnot32") {
				d.rsp_not_32 = true;
				continue;
			}
			if (word == "kemuextrareads" || word == "kemukeepswrites") {
				(word == "kemuextrareads" ? d.kemu_extra_reads
				                          : d.kemu_keeps_writes) = true;
				continue;
			}
			if (word == "kvmdroppedwrite" || word == "kvmreadexit") {
				(word == "kvmdroppedwrite" ? d.kvm_dropped_write
				                           : d.kvm_read_exit) = true;
				continue;
			}
			auto eq = word.find('=');
			if (eq == std::string::npos)
				return bad("expected key=value, got '" + word + "'");
			std::string key = word.substr(0, eq), value = word.substr(eq + 1);
			if (key == "event") {
				if (value == "task-switch")
					d.event = Event::TaskSwitch;
				else if (value == "real-interrupt")
					d.event = Event::RealInterrupt;
				else
					return bad("event is task-switch or real-interrupt");
			} else if (key == "leaf") {
				d.leaves = split(value, ',');
			} else if (key == "reg") {
				for (const std::string &r : split(value, ','))
					d.regs |= 1u << (std::stoi(r) & 7);
			} else if (key == "modrm") {
				if (value != "mem" && value != "reg")
					return bad("modrm is mem or reg");
				d.modrm_mem = value == "mem";
			} else if (key == "lastseg" || key == "anyseg" || key == "noseg") {
				uint32_t bits = segment_bits(value);
				if (!bits)
					return bad("no segment register in '" + value + "'");
				(key == "lastseg"  ? d.last_seg
				 : key == "anyseg" ? d.any_seg
				                   : d.no_seg) = bits;
			} else if (key == "vme") {
				if (value != "0" && value != "1")
					return bad("vme is 0 or 1");
				d.vme = value == "1";
			} else if (key == "mode") {
				static const char *const names[] = {"real", "vm86", "prot16",
				                                    "prot32", "prot64"};
				for (const std::string &m : split(value, ','))
					for (int i = 0; i < 5; i++)
						if (m == names[i])
							d.modes |= 1u << i;
			} else if (key == "prefix" || key == "anyprefix" || key == "noprefix") {
				for (const std::string &p : split(value, ','))
					(key == "prefix"      ? d.prefixes
					 : key == "anyprefix" ? d.any_prefixes
					                      : d.absent_prefixes)
					    .push_back(
					        static_cast<uint8_t>(std::stoul(p, nullptr, 16)));
			} else if (key == "opsize") {
				for (const std::string &n : split(value, ','))
					d.op_sizes |= 1u << (std::stoi(n) & 15);
			} else if (key == "stackopsize") {
				for (const std::string &n : split(value, ','))
					d.stack_op_sizes |= 1u << (std::stoi(n) & 15);
			} else if (key == "nextbyte") {
				auto dash = value.find('-');
				if (dash == std::string::npos)
					return bad("nextbyte is lo-hi");
				d.next_lo = static_cast<int>(
				    std::stoul(value.substr(0, dash), nullptr, 16));
				d.next_hi = static_cast<int>(
				    std::stoul(value.substr(dash + 1), nullptr, 16));
			} else if (key == "setflag") {
				static const std::pair<const char *, uint64_t> flags[] = {
				    {"cf", 1u << 0},  {"pf", 1u << 2},  {"af", 1u << 4},
				    {"zf", 1u << 6},  {"sf", 1u << 7},  {"tf", 1u << 8},
				    {"if", 1u << 9},  {"df", 1u << 10}, {"of", 1u << 11},
				    {"nt", 1u << 14}, {"rf", 1u << 16}, {"ac", 1u << 18}};
				for (const std::string &f : split(value, ',')) {
					uint64_t bit = 0;
					for (const auto &[name, mask] : flags)
						if (f == name)
							bit = mask;
					if (!bit)
						return bad("unknown flag '" + f + "'");
					d.set_flags |= bit;
				}
			} else if (key == "kvm") {
				d.kvm_outcome = value;
			} else if (key == "kemu") {
				d.kemu_outcome = value;
			} else if (key == "fields") {
				d.fields = field_mask(value);
				if (!d.fields)
					return bad("no known field in '" + value + "'");
			} else {
				return bad("unknown key '" + key + "'");
			}
		}
		entries_.push_back(d);
	}
	return true;
}

// KVM's get_descriptor_table_ptr() keeps the LDT's limit in a u16 (struct
// desc_ptr's size): #GP for an LDT selector that the limit covers only above
// 64 KiB.
static bool gp_within_ldt_limit_past_16_bits(const RunResult &kvm)
{
	const oracle_fault &f = kvm.exit.fault;
	if (kvm.exit.outcome != ORACLE_OUT_FAULT || f.vector != 13 || !(f.error_code & 4))
		return false;
	const uint32_t end = (f.error_code & 0xfff8) + 7, limit = kvm.cpu.seg[ORACLE_LDTR].limit;
	return end > (limit & 0xffff) && end <= limit;
}

bool DeviationList::selects(size_t i, const TestCase &tc, const InsnInfo &in, const kvm_leaf &leaf,
                            const RunResult &kvm, const HostNotes &kvm_notes,
                            const HostNotes &kemu_notes) const
{
	const Deviation &d = entries_[i];
	if (d.event != tc.event)
		return false;
	if (!d.leaves.empty()) {
		char key[16];
		snprintf(key, sizeof(key), "%s:%02X", leaf.map, leaf.opcode);
		bool any = false;
		for (const std::string &l : d.leaves)
			any |= l == key;
		if (!any)
			return false;
	}
	if (d.regs && !(d.regs & (1u << in.reg())))
		return false;
	if (d.modrm_mem >= 0 && in.mem() != (d.modrm_mem == 1))
		return false;
	if (d.last_seg && (in.last_seg < 0 || !(d.last_seg & (1u << in.last_seg))))
		return false;
	if (d.any_seg && !(d.any_seg & in.seg_mask))
		return false;
	if (d.no_seg & in.seg_mask)
		return false;
	if (!d.any_prefixes.empty()) {
		bool any = false;
		for (uint8_t p : d.any_prefixes)
			any |= in.has_prefix(p);
		if (!any)
			return false;
	}
	if (d.modes && !(d.modes & (1u << tc.mode)))
		return false;
	for (uint8_t p : d.prefixes)
		if (!in.has_prefix(p))
			return false;
	for (uint8_t p : d.absent_prefixes)
		if (in.has_prefix(p))
			return false;
	if (d.kvm_warned && !kvm.exit.warnings)
		return false;
	if (d.nested && !tc.nested)
		return false;
	if (d.compat && !(tc.mode != 4 && (tc.cpu.efer & (1u << 10))))
		return false;
	if (d.kvm_wrap4g && !kvm_notes.wrapped_4g)
		return false;
	if (d.stack_mismatch || d.stack_op_sizes) {
		const bool mode64 = tc.mode == 4;
		const unsigned op =
		    mode64 ? (in.opsize && !(in.rex & 8) ? 2 : 8) : in.operand_bytes(tc.mode);
		const unsigned stack = mode64 ? 8 : tc.cpu.seg[ORACLE_SS].db ? 4 : 2;
		if (d.stack_mismatch && op == stack)
			return false;
		if (d.stack_op_sizes && !(d.stack_op_sizes & (1u << op)))
			return false;
	}
	if (d.op_sizes && !(d.op_sizes & (1u << in.operand_bytes(tc.mode))))
		return false;
	if (d.next_lo >= 0 && (in.modrm < d.next_lo || in.modrm > d.next_hi))
		return false;
	if (d.kvm_tss_limit && !kvm_notes.tss_past_limit)
		return false;
	if (d.reread_save && !kvm_notes.system_reread && !kemu_notes.system_reread)
		return false;
	if (d.tss16 && !kvm_notes.task_to_tss16)
		return false;
	if (d.not_tss && !kvm_notes.task_to_not_tss)
		return false;
	if (d.kvm_ldt_limit16 && !gp_within_ldt_limit_past_16_bits(kvm))
		return false;
	if (d.kvm_system_4g && !kvm_notes.system_above_4g)
		return false;
	if (d.kvm_std_mmio && !kvm_notes.std_mmio)
		return false;
	if (d.kvm_dropped_write && !kvm_notes.mmio_write_dropped)
		return false;
	if (d.kvm_read_exit && !kvm_notes.mmio_read_reentered)
		return false;
	if ((tc.cpu.rflags & d.set_flags) != d.set_flags)
		return false;
	if (d.vme >= 0 && static_cast<int>(tc.cpu.cr4 & 1) != d.vme)
		return false;
	if (d.rsp_not_32 && !(tc.cpu.gpr[4] >> 32) &&
	    tc.cpu.gpr[4] >= 2u * in.operand_bytes(tc.mode))
		return false;
	if (d.kemu_to_compat && !kemu_notes.compat_code_descriptor)
		return false;
	return outcome_matches(d.kvm_outcome, kvm.exit);
}

bool DeviationList::accepts(size_t i, Class cls, const RunResult &kemu) const
{
	const Deviation &d = entries_[i];
	return d.cls == cls && outcome_matches(d.kemu_outcome, kemu.exit);
}

} // namespace oracle
