/* __stringify(): expands its argument before turning it into a string. */
#ifndef KVM_ORACLE_LINUX_STRINGIFY_H
#define KVM_ORACLE_LINUX_STRINGIFY_H
#define __kvm_oracle_str(x...) #x
#define __stringify(x...) __kvm_oracle_str(x)
#endif
