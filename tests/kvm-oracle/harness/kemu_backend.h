// kemu behind the oracle interface: a kemu_ops table over the oracle host,
// and one step the way the kernel module's bridge runs it (kemu_emulate,
// then x86.c's writeback policy: RIP/RFLAGS only when the instruction
// retired or raised a trap-like exception).
#pragma once

#include "oracle_abi.h"

#include <kemu/kemu.h>

#include <cstdint>

namespace oracle {

int kemu_backend_step(const oracle_host *host, void *host_opaque, oracle_cpu *cpu,
                      oracle_exit *exit);

// kvm.ko's enable_vmware_backdoor for the next steps (kemu_ctxt.vmware_backdoor).
void kemu_backend_set_vmware_backdoor(bool on);

// The decoded-instruction cache every later context uses (nullptr: none);
// `warm`: a step decodes its instruction once before (so that the step's own
// decode is taken from the cache when the first fetch holds it).  And the
// one in use.
void kemu_backend_set_decode_cache(kemu_decode_cache *cache, bool warm);
const kemu_decode_cache *kemu_backend_decode_cache();

// The differential fuzzer's contract mode: kemu_ops broken in one member, as
// a host may break kemu.h's contract.  `callback` is the member's place in
// struct kemu_ops (0 fetch ... 36 get_msr_filtered); `removed`: it is NULL;
// else it answers `answer` (a status outside enum kemu_status, or
// KEMU_PROPAGATE_FAULT without filling *fault) on its `nth` call (from 1)
// instead of reaching the host.
struct ContractBreak {
	int callback = 0;
	bool removed = false;
	int answer = 0;
	unsigned nth = 1;
};
// Every later step uses the broken table (nullptr: the full one again).
// False, and the full table, when the member cannot be broken so: a
// required one (the first four) removed, an answer from one without a status.
bool kemu_backend_set_contract(const ContractBreak *b);
// Whether the broken member has answered since the contract was set.
bool kemu_backend_contract_answered();
// kemu_ops' members: how many, and each one's name.
int kemu_backend_callbacks();
const char *kemu_backend_callback_name(int callback);

// Decode only, with the context kemu_backend_step sets up: the instruction
// length, or -1 when decoding does not succeed.
int kemu_backend_decode(const oracle_host *host, void *host_opaque, oracle_cpu *cpu);

// Decode only, then the bridge's queries (kemu_page_table_writing,
// kemu_can_use_gpa, kemu_is_branch, kemu_emulate_on_ud; oracle_abi.h).
void kemu_backend_queries(const oracle_host *host, void *host_opaque, oracle_cpu *cpu,
                          oracle_queries *out);

// The events x86.c emulates without an instruction (kvm_backend.h):
// kvm_task_switch() and kvm_inject_realmode_interrupt() driving kemu.
int kemu_backend_task_switch(const oracle_host *host, void *host_opaque, oracle_cpu *cpu,
                             uint16_t tss_selector, int idt_index, int reason, int has_error_code,
                             uint32_t error_code, oracle_exit *exit);
int kemu_backend_int_real(const oracle_host *host, void *host_opaque, oracle_cpu *cpu,
                          unsigned vector, unsigned inc_eip, oracle_exit *exit);

} // namespace oracle
