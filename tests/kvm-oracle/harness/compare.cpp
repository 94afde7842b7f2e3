// Field-by-field comparison and classification.
#include "compare.h"

#include <map>

#include <cstdio>
#include <cstring>
#include <sstream>

namespace oracle {

namespace {

const char *const kFieldNames[kFieldCount] = {
    "status", "fault", "gpr",    "rip",      "rflags",    "segments",
    "tables", "cr",    "dr",     "shadow",   "fpu",       "ram",
    "mmio",   "ports", "system", "gpr-high", "intercept", "intercept-rip",
};

bool same_seg(const oracle_seg &a, const oracle_seg &b)
{
	return a.base == b.base && a.limit == b.limit && a.sel == b.sel && a.type == b.type &&
	       a.s == b.s && a.dpl == b.dpl && a.present == b.present && a.avl == b.avl &&
	       a.l == b.l && a.db == b.db && a.g == b.g && a.unusable == b.unusable;
}

// FCW, FSW, FTW, MXCSR and the data registers; FOP/FIP/FDP record the host's
// last x87 instruction when KVM swaps the image through the hardware, and the
// reserved bytes 10-15 of each ST/MM slot are whatever FXSAVE stores.
bool fpu_byte_compared(unsigned at)
{
	if (at < 5)
		return true;
	if (at < 24)
		return false;
	if (at < 28)
		return true;
	if (at < 32)
		return false;
	if (at < 160)
		return (at - 32) % 16 < 10;
	return at < 416;
}

bool same_fpu(const uint8_t *a, const uint8_t *b)
{
	if (memcmp(a + 160, b + 160, 416 - 160) != 0)
		return false;
	for (unsigned at = 0; at < 160; at++)
		if (a[at] != b[at] && fpu_byte_compared(at))
			return false;
	return true;
}

std::vector<LogEntry> filtered(const Machine &m, bool (*keep)(LogEntry::Kind))
{
	std::vector<LogEntry> out;
	for (const LogEntry &e : m.log())
		if (keep(e.kind))
			out.push_back(e);
	return out;
}

bool is_mmio(LogEntry::Kind k)
{
	return k == LogEntry::MmioRead || k == LogEntry::MmioWrite;
}
bool is_port(LogEntry::Kind k)
{
	return k == LogEntry::PortIn || k == LogEntry::PortOut;
}
bool is_system(LogEntry::Kind k)
{
	return k == LogEntry::MsrWrite || k == LogEntry::CrWrite || k == LogEntry::DrWrite ||
	       k == LogEntry::XcrWrite || k == LogEntry::Event;
}
bool is_intercept(LogEntry::Kind k)
{
	return k == LogEntry::Intercept || k == LogEntry::InterceptOperands;
}
bool is_intercept_rip(LogEntry::Kind k)
{
	return k == LogEntry::InterceptNextRip;
}

// Whether `more` is `base` with MMIO reads inserted.
bool only_reads_added(const std::vector<LogEntry> &base, const std::vector<LogEntry> &more)
{
	size_t j = 0;
	for (const LogEntry &e : more) {
		if (j < base.size() && e == base[j])
			j++;
		else if (e.kind != LogEntry::MmioRead)
			return false;
	}
	return j == base.size();
}

// The MMIO bytes a log's writes leave (the last write of each byte).
std::map<uint64_t, uint8_t> mmio_written(const std::vector<LogEntry> &log)
{
	std::map<uint64_t, uint8_t> bytes;
	for (const LogEntry &e : log)
		for (unsigned i = 0; e.kind == LogEntry::MmioWrite && i < e.size && i < 16; i++)
			bytes[e.addr + i] = static_cast<uint8_t>(
			    (i < 8 ? e.value >> (8 * i) : e.value_hi >> (8 * (i - 8))));
	return bytes;
}

bool writes_kept(const std::vector<LogEntry> &base, const std::vector<LogEntry> &more)
{
	const std::map<uint64_t, uint8_t> a = mmio_written(base), b = mmio_written(more);
	for (const auto &[addr, value] : a) {
		auto it = b.find(addr);
		if (it == b.end() || it->second != value)
			return false;
	}
	return true;
}

// RAM differs if a page either side wrote has different bytes.
bool ram_differs(const Machine &a, const Machine &b, uint64_t *first = nullptr)
{
	static thread_local uint8_t x[kPageSize], y[kPageSize];
	for (const Machine *m : {&a, &b})
		for (uint64_t page : m->dirty_pages()) {
			const uint8_t *pa = a.written_page(page), *pb = b.written_page(page);
			if (!pa)
				a.read_page(page, x), pa = x;
			if (!pb)
				b.read_page(page, y), pb = y;
			if (memcmp(pa, pb, kPageSize) == 0)
				continue;
			if (first)
				for (uint64_t i = 0; i < kPageSize; i++)
					if (pa[i] != pb[i]) {
						*first = page * kPageSize + i;
						break;
					}
			return true;
		}
	return false;
}

bool same_exit(const oracle_exit &a, const oracle_exit &b)
{
	if (a.outcome != b.outcome)
		return false;
	if (a.outcome != ORACLE_OUT_FAULT)
		return true;
	return a.fault.vector == b.fault.vector &&
	       a.fault.error_code_valid == b.fault.error_code_valid &&
	       a.fault.error_code == b.fault.error_code && a.fault.address == b.fault.address;
}

} // namespace

const char *field_name(unsigned bit)
{
	return bit < kFieldCount ? kFieldNames[bit] : "?";
}

uint32_t field_mask(const std::string &list)
{
	if (list == "*")
		return (1u << kFieldCount) - 1;
	uint32_t mask = 0;
	std::stringstream in(list);
	std::string item;
	while (std::getline(in, item, ','))
		for (unsigned i = 0; i < kFieldCount; i++)
			if (item == kFieldNames[i])
				mask |= 1u << i;
	return mask;
}

Diff compare(int mode, const RunResult &k, const Machine &km, const RunResult &e, const Machine &em)
{
	Diff d;
	const oracle_cpu &a = k.cpu, &b = e.cpu;
	if (k.exit.outcome != e.exit.outcome)
		d.fields |= kFieldStatus;
	else if (!same_exit(k.exit, e.exit))
		d.fields |= kFieldFault;
	for (int i = 0; i < 16; i++) {
		if (a.gpr[i] == b.gpr[i])
			continue;
		// Outside 64-bit mode the upper halves are architecturally undefined.
		bool high_only =
		    mode != 4 && static_cast<uint32_t>(a.gpr[i]) == static_cast<uint32_t>(b.gpr[i]);
		d.fields |= high_only ? kFieldGprHigh : kFieldGpr;
	}
	if (a.rip != b.rip)
		d.fields |= kFieldRip;
	if (a.rflags != b.rflags)
		d.fields |= kFieldRflags, d.rflags_xor = a.rflags ^ b.rflags;
	for (int i = 0; i < ORACLE_NSEG; i++)
		if (!same_seg(a.seg[i], b.seg[i]))
			d.fields |= kFieldSegments;
	if (a.gdt.base != b.gdt.base || a.gdt.limit != b.gdt.limit || a.idt.base != b.idt.base ||
	    a.idt.limit != b.idt.limit)
		d.fields |= kFieldTables;
	if (a.cr0 != b.cr0 || a.cr2 != b.cr2 || a.cr3 != b.cr3 || a.cr4 != b.cr4 ||
	    a.cr8 != b.cr8 || a.efer != b.efer || a.xcr0 != b.xcr0)
		d.fields |= kFieldCr;
	if (memcmp(a.dr, b.dr, sizeof(a.dr)) != 0)
		d.fields |= kFieldDr;
	if (a.interruptibility != b.interruptibility || a.nmi_masked != b.nmi_masked)
		d.fields |= kFieldShadow;
	if (!same_fpu(a.fx, b.fx))
		d.fields |= kFieldFpu;
	if (ram_differs(km, em))
		d.fields |= kFieldRam;
	const std::vector<LogEntry> kvm_mmio = filtered(km, is_mmio),
	                            kemu_mmio = filtered(em, is_mmio);
	if (kvm_mmio != kemu_mmio)
		d.fields |= kFieldMmio;
	d.mmio_extra_reads_only = only_reads_added(kvm_mmio, kemu_mmio);
	d.mmio_kvm_writes_kept = writes_kept(kvm_mmio, kemu_mmio);
	if (filtered(km, is_port) != filtered(em, is_port))
		d.fields |= kFieldPorts;
	if (filtered(km, is_system) != filtered(em, is_system))
		d.fields |= kFieldSystem;
	if (filtered(km, is_intercept) != filtered(em, is_intercept))
		d.fields |= kFieldIntercept;
	if (filtered(km, is_intercept_rip) != filtered(em, is_intercept_rip))
		d.fields |= kFieldInterceptRip;
	return d;
}

const char *outcome_name(int outcome)
{
	switch (outcome) {
	case ORACLE_OUT_OK:
		return "ok";
	case ORACLE_OUT_FAULT:
		return "fault";
	case ORACLE_OUT_UNHANDLEABLE:
		return "unhandleable";
	case ORACLE_OUT_INTERCEPTED:
		return "intercepted";
	default:
		return "other";
	}
}

std::string short_exit(const oracle_exit &e)
{
	static const char *const names[32] = {"#DE", "#DB", "NMI", "#BP", "#OF", "#BR",
	                                      "#UD", "#NM", "#DF", "#9",  "#TS", "#NP",
	                                      "#SS", "#GP", "#PF", "#15", "#MF", "#AC"};
	char buf[32];
	switch (e.outcome) {
	case ORACLE_OUT_OK:
		return "ok";
	case ORACLE_OUT_UNHANDLEABLE:
		return "refused";
	case ORACLE_OUT_INTERCEPTED:
		return "intercepted";
	case ORACLE_OUT_FAULT: {
		const char *n =
		    e.fault.vector < 32 && names[e.fault.vector] ? names[e.fault.vector] : "#?";
		if (e.fault.error_code_valid)
			snprintf(buf, sizeof(buf), "%s(%#x)", n, e.fault.error_code);
		else
			snprintf(buf, sizeof(buf), "%s", n);
		return buf;
	}
	default:
		return "other";
	}
}

std::string mismatch_signature(const RunResult &kvm, const RunResult &kemu, const Diff &diff)
{
	std::string s = short_exit(kvm.exit) + " vs " + short_exit(kemu.exit);
	if (diff.fields & kFieldFault && s.substr(0, s.find(' ')) == short_exit(kemu.exit))
		s += kvm.exit.fault.address != kemu.exit.fault.address ? " (CR2 differs)"
		                                                       : " (other fault detail)";
	uint32_t rest = diff.fields & ~(kFieldStatus | kFieldFault);
	if (rest) {
		s += ":";
		for (unsigned i = 0; i < kFieldCount; i++)
			if (rest & (1u << i))
				s += std::string(" ") + kFieldNames[i];
	}
	return s;
}

std::string describe_run(const char *who, const RunResult &r, const Machine &m)
{
	std::string out =
	    std::string(who) + ": " + describe_exit(r.exit) + "\n" + describe_state(r.cpu);
	for (const LogEntry &e : m.log())
		out += "  log: " + e.text() + "\n";
	return out;
}

std::string describe_exit(const oracle_exit &e)
{
	char buf[160];
	if (e.outcome == ORACLE_OUT_FAULT)
		snprintf(buf, sizeof(buf), "fault vector %u%s error %#x address %#llx%s (len %d)",
		         e.fault.vector, e.fault.error_code_valid ? "" : " (no error code)",
		         e.fault.error_code, (unsigned long long)e.fault.address,
		         e.decode_failed ? " during decode" : "", e.insn_len);
	else
		snprintf(buf, sizeof(buf), "%s (code %d%s, len %d, restarts %d%s)",
		         outcome_name(e.outcome), e.code, e.decode_failed ? ", decode" : "",
		         e.insn_len, e.restarts, e.warnings ? ", KVM WARNED" : "");
	return buf;
}

std::string describe_diff(const RunResult &k, const Machine &km, const RunResult &e,
                          const Machine &em)
{
	static const char *const gpr[] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
	                                  "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15"};
	std::ostringstream out;
	char buf[200];
	const oracle_cpu &a = k.cpu, &b = e.cpu;
	if (!same_exit(k.exit, e.exit))
		out << "  exit:   kvm " << describe_exit(k.exit) << "\n          kemu "
		    << describe_exit(e.exit) << "\n";
	for (int i = 0; i < 16; i++)
		if (a.gpr[i] != b.gpr[i]) {
			snprintf(buf, sizeof(buf), "  %-6s  kvm %016llx  kemu %016llx\n", gpr[i],
			         (unsigned long long)a.gpr[i], (unsigned long long)b.gpr[i]);
			out << buf;
		}
	if (a.rip != b.rip) {
		snprintf(buf, sizeof(buf), "  rip     kvm %016llx  kemu %016llx\n",
		         (unsigned long long)a.rip, (unsigned long long)b.rip);
		out << buf;
	}
	if (a.rflags != b.rflags) {
		snprintf(buf, sizeof(buf), "  rflags  kvm %08llx  kemu %08llx  (differ %#llx)\n",
		         (unsigned long long)a.rflags, (unsigned long long)b.rflags,
		         (unsigned long long)(a.rflags ^ b.rflags));
		out << buf;
	}
	for (int i = 0; i < ORACLE_NSEG; i++)
		if (!same_seg(a.seg[i], b.seg[i])) {
			snprintf(buf, sizeof(buf),
			         "  seg %d   kvm sel %04x base %llx limit %x type %x  kemu sel "
			         "%04x base "
			         "%llx limit %x type %x\n",
			         i, a.seg[i].sel, (unsigned long long)a.seg[i].base, a.seg[i].limit,
			         a.seg[i].type, b.seg[i].sel, (unsigned long long)b.seg[i].base,
			         b.seg[i].limit, b.seg[i].type);
			out << buf;
		}
	if (a.cr0 != b.cr0 || a.cr4 != b.cr4 || a.cr8 != b.cr8 || a.efer != b.efer ||
	    a.xcr0 != b.xcr0 || a.cr2 != b.cr2 || a.cr3 != b.cr3)
		out << "  control registers differ\n";
	if (memcmp(a.dr, b.dr, sizeof(a.dr)) != 0)
		out << "  debug registers differ\n";
	if (a.gdt.base != b.gdt.base || a.gdt.limit != b.gdt.limit || a.idt.base != b.idt.base ||
	    a.idt.limit != b.idt.limit)
		out << "  descriptor-table registers differ\n";
	if (a.interruptibility != b.interruptibility || a.nmi_masked != b.nmi_masked) {
		snprintf(buf, sizeof(buf), "  shadow  kvm %u nmi %u  kemu %u nmi %u\n",
		         a.interruptibility, a.nmi_masked, b.interruptibility, b.nmi_masked);
		out << buf;
	}
	if (!same_fpu(a.fx, b.fx)) {
		// the compared bytes (same_fpu): FCW/FSW/FTW, MXCSR, the registers
		unsigned at = 0;
		while (at < 416 && (a.fx[at] == b.fx[at] || !fpu_byte_compared(at)))
			at++;
		snprintf(
		    buf, sizeof(buf),
		    "  x87/MMX/SSE registers differ, first at FXSAVE byte %u: kvm %02x kemu %02x\n",
		    at, at < 416 ? a.fx[at] : 0, at < 416 ? b.fx[at] : 0);
		out << buf;
	}
	uint64_t addr = 0;
	if (ram_differs(km, em, &addr)) {
		snprintf(buf, sizeof(buf),
		         "  ram     first difference at %#llx: kvm %02x kemu %02x\n",
		         (unsigned long long)addr, km.ram_byte(addr), em.ram_byte(addr));
		out << buf;
	}
	auto logs = [&](const char *what, bool (*keep)(LogEntry::Kind)) {
		auto x = filtered(km, keep), y = filtered(em, keep);
		if (x == y)
			return;
		out << "  " << what << " log differs:\n";
		for (size_t i = 0; i < x.size() || i < y.size(); i++)
			out << "    " << (i < x.size() ? x[i].text() : std::string("-")) << "  |  "
			    << (i < y.size() ? y[i].text() : std::string("-")) << "\n";
	};
	logs("mmio", is_mmio);
	logs("port", is_port);
	logs("system", is_system);
	logs("intercept", is_intercept);
	logs("intercept next_rip", is_intercept_rip);
	return out.str();
}

const char *class_name(unsigned c)
{
	static const char *const names[kClassCount] = {
	    "match",    "same-fault", "undef-flags", "deviation",   "MISMATCH",
	    "kemu-gap", "beyond-kvm", "kemu-raises", "both-refuse",
	};
	return c < kClassCount ? names[c] : "?";
}

Class classify(const RunResult &kvm, const RunResult &kemu, const Diff &diff,
               const UndefinedFlags &undef)
{
	const auto handled = [](int o) {
		return o == ORACLE_OUT_OK || o == ORACLE_OUT_FAULT || o == ORACLE_OUT_INTERCEPTED;
	};
	// L1's decision does not depend on whether the emulator executes the
	// instruction: an intercept only one of them reports is a mismatch.
	if ((kvm.exit.outcome == ORACLE_OUT_INTERCEPTED) !=
	    (kemu.exit.outcome == ORACLE_OUT_INTERCEPTED))
		return kMismatch;
	const bool k = handled(kvm.exit.outcome), e = handled(kemu.exit.outcome);
	if (!k && kemu.exit.outcome == ORACLE_OUT_UNHANDLEABLE)
		return kBothRefuse;
	if (!k && !e)
		return kBothRefuse;
	if (k && kemu.exit.outcome == ORACLE_OUT_UNHANDLEABLE)
		return kKemuGap;
	if (!k)
		return kemu.exit.outcome == ORACLE_OUT_FAULT &&
		               (kemu.exit.fault.vector == 6 || kemu.exit.decode_failed)
		           ? kKemuRaises
		           : kBeyondKvm;
	if (diff.empty())
		return kvm.exit.outcome == ORACLE_OUT_FAULT ? kSameFault : kMatch;
	if (kvm.exit.outcome == kemu.exit.outcome &&
	    !(diff.fields & (kFieldStatus | kFieldFault))) {
		if (undef.result_undefined)
			return kUndefFlags;
		if (diff.fields == kFieldRflags && !(diff.rflags_xor & ~undef.mask))
			return kUndefFlags;
	}
	return kMismatch;
}

} // namespace oracle
