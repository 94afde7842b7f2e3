// kemu behind the oracle interface: a kemu_ops table over the oracle host,
// and one step the way the kernel module's bridge runs it (kemu_emulate,
// then x86.c's writeback policy: RIP/RFLAGS only when the instruction
// retired or raised a trap-like exception).
#pragma once

#include "oracle_abi.h"

namespace oracle {

int kemu_backend_step(const oracle_host *host, void *host_opaque, oracle_cpu *cpu,
                      oracle_exit *exit);

// kvm.ko's enable_vmware_backdoor for the next steps (kemu_ctxt.vmware_backdoor).
void kemu_backend_set_vmware_backdoor(bool on);

// Decode only, with the context kemu_backend_step sets up: the instruction
// length, or -1 when decoding does not succeed.
int kemu_backend_decode(const oracle_host *host, void *host_opaque, oracle_cpu *cpu);

} // namespace oracle
