// One case: both emulators on identical machines, then the comparison.
#include "evaluate.h"

#include "insn_info.h"
#include "kemu_backend.h"
#include "kvm_runtime.h"

#include <cstdio>
#include <cstdlib>
#include <vector>

namespace oracle {

Evaluator::Evaluator(const DeviationList &deviations)
    : deviations_(deviations), counts_(deviations.entries().size())
{
	kvm_ = static_cast<kvm_backend *>(aligned_alloc(64, kvm_backend_size()));
	kvm_backend_init(kvm_, &Machine::host_ops, &kvm_machine_);
}

Evaluator::~Evaluator()
{
	free(kvm_);
}

std::string leaf_key(const kvm_leaf &leaf)
{
	char buf[64];
	snprintf(buf, sizeof(buf), "%s %02X%s%s", leaf.map, leaf.opcode, leaf.path[0] ? " " : "",
	         leaf.path);
	return buf;
}

namespace {

// The descriptor the task switch's selector names in the GDT: a 16-bit TSS?
// (Type bit 3 clear: how both emulators choose the format; the CPU checked
// the descriptor before the exit, so neither checks S or the type.)
bool new_tss_is_16bit(const Machine &m, const TestCase &tc)
{
	const uint8_t access = m.ram_byte(tc.cpu.gdt.base + (tc.tss_selector & ~7u) + 5);
	return !(access & 0x08);
}

// The new task's descriptor (as read from the GDT) is not a TSS of the kind
// the switch needs: busy for IRET, available otherwise (SDM; KVM checks
// neither).
bool new_tss_is_wrong_kind(const Machine &m, const TestCase &tc)
{
	constexpr int kReasonIret = 1; // KVM's TASK_SWITCH_IRET
	const uint8_t access = m.ram_byte(tc.cpu.gdt.base + (tc.tss_selector & ~7u) + 5);
	const bool tss = !(access & 0x10) && (access & 0x5) == 1; // S = 0, type 1, 3, 9 or B
	const bool busy = access & 0x2;
	return (tc.tss_selector & 4) || !tss || busy != (tc.reason == kReasonIret);
}

} // namespace

// A MISMATCH is a deviation when the entries that select it and accept its
// class together allow every differing field (e.g. flags from one KVM bug and
// upper register halves from another); other classes take the first entry.
void Evaluator::apply_deviations(const TestCase &tc, Evaluation &ev)
{
	const InsnInfo in = parse_insn(tc.code, sizeof(tc.code), tc.mode);
	const auto &entries = deviations_.entries();
	std::vector<size_t> contributing;
	uint32_t covered = 0;
	for (size_t i = 0; i < entries.size(); i++) {
		if (!deviations_.selects(i, tc, in, ev.leaf, ev.kvm, kvm_machine_.notes(),
		                         kemu_machine_.notes()))
			continue;
		counts_[i].selected++;
		const oracle_exit &e = ev.kemu.exit;
		if (e.outcome == ORACLE_OUT_OK ||
		    (e.outcome == ORACLE_OUT_FAULT && e.fault.vector != 6 && !e.decode_failed))
			counts_[i].kemu_handled++;
		if (!deviations_.accepts(i, ev.cls, ev.kemu))
			continue;
		if ((entries[i].kemu_extra_reads && !ev.diff.mmio_extra_reads_only) ||
		    (entries[i].kemu_keeps_writes && !ev.diff.mmio_kvm_writes_kept))
			continue;
		if (ev.cls != kMismatch) {
			if (contributing.empty())
				contributing.push_back(i);
		} else if (ev.diff.fields & entries[i].fields) {
			covered |= ev.diff.fields & entries[i].fields;
			contributing.push_back(i);
		}
	}
	if (contributing.empty() || (ev.cls == kMismatch && covered != ev.diff.fields))
		return;
	for (size_t i : contributing)
		counts_[i].occurred++;
	ev.deviation = static_cast<int>(contributing[0]);
	if (ev.cls == kMismatch)
		ev.cls = kDeviation;
}

void Evaluator::queries(const TestCase &tc, oracle_queries *kvm, oracle_queries *kemu)
{
	oracle_cpu cpu = tc.cpu;
	kvm_backend_init(kvm_, &Machine::host_ops, &kvm_machine_);
	load(kvm_machine_, tc);
	kvm_machine_.cpu = &cpu;
	kvm_backend_queries(kvm_, &cpu, kvm);
	kvm_machine_.cpu = nullptr;
	cpu = tc.cpu;
	load(kemu_machine_, tc);
	kemu_machine_.cpu = &cpu;
	kemu_backend_queries(&Machine::host_ops, &kemu_machine_, &cpu, kemu);
	kemu_machine_.cpu = nullptr;
}

Evaluation Evaluator::run(const TestCase &tc)
{
	Evaluation ev;
	ev.kvm.cpu = tc.cpu;
	ev.kemu.cpu = tc.cpu;

	// A fresh KVM context per case (as after alloc_emulate_ctxt), so that a
	// case never depends on the one before: --case N reproduces it alone.
	kvm_backend_init(kvm_, &Machine::host_ops, &kvm_machine_);
	kvm_oracle_set_vmware_backdoor(tc.vmware_backdoor);
	kemu_backend_set_vmware_backdoor(tc.vmware_backdoor);
	load(kvm_machine_, tc);
	kvm_machine_.cpu = &ev.kvm.cpu;
	switch (tc.event) {
	case Event::Instruction:
		kvm_backend_step(kvm_, &ev.kvm.cpu, nullptr, 0, &ev.kvm.exit);
		break;
	case Event::TaskSwitch:
		if (new_tss_is_16bit(kvm_machine_, tc))
			kvm_machine_.note_task_to_tss16();
		if (new_tss_is_wrong_kind(kvm_machine_, tc))
			kvm_machine_.note_task_to_not_tss();
		kvm_backend_task_switch(kvm_, &ev.kvm.cpu, tc.tss_selector, tc.idt_index, tc.reason,
		                        tc.has_error_code, tc.error_code, &ev.kvm.exit);
		break;
	case Event::RealInterrupt:
		kvm_backend_int_real(kvm_, &ev.kvm.cpu, tc.vector, tc.inc_eip, &ev.kvm.exit);
		break;
	}
	kvm_machine_.cpu = nullptr;

	load(kemu_machine_, tc);
	kemu_machine_.cpu = &ev.kemu.cpu;
	const oracle_host *host = &Machine::host_ops;
	switch (tc.event) {
	case Event::Instruction:
		kemu_backend_step(host, &kemu_machine_, &ev.kemu.cpu, &ev.kemu.exit);
		break;
	case Event::TaskSwitch:
		kemu_backend_task_switch(host, &kemu_machine_, &ev.kemu.cpu, tc.tss_selector,
		                         tc.idt_index, tc.reason, tc.has_error_code, tc.error_code,
		                         &ev.kemu.exit);
		break;
	case Event::RealInterrupt:
		kemu_backend_int_real(host, &kemu_machine_, &ev.kemu.cpu, tc.vector, tc.inc_eip,
		                      &ev.kemu.exit);
		break;
	}
	kemu_machine_.cpu = nullptr;

	if (kvm_leaf_of(tc.code, sizeof(tc.code), tc.mode, &ev.leaf) != 0)
		snprintf(ev.leaf.map, sizeof(ev.leaf.map), "--");
	ev.diff = compare(tc.mode, ev.kvm, kvm_machine_, ev.kemu, kemu_machine_);
	// An event has no instruction, so no flags it leaves undefined.
	if (tc.event == Event::Instruction)
		ev.undef = undefined_flags(tc);
	ev.cls = classify(ev.kvm, ev.kemu, ev.diff, ev.undef);

	if (!deviations_.entries().empty())
		apply_deviations(tc, ev);
	return ev;
}

} // namespace oracle
