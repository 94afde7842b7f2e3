/* Kernel integer types for the userspace build of KVM's emulate.c.
 * Also satisfies the verbatim copies of desc_defs.h and fpu/types.h. */
#ifndef KVM_ORACLE_LINUX_TYPES_H
#define KVM_ORACLE_LINUX_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef unsigned long long u64; /* the kernel's u64 is unsigned long long */
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef long long s64;
typedef u8 __u8;
typedef u16 __u16;
typedef u32 __u32;
typedef u64 __u64;
typedef s8 __s8;
typedef s16 __s16;
typedef s32 __s32;
typedef s64 __s64;
typedef unsigned long ulong;
typedef unsigned int uint;
typedef u64 gva_t; /* linux/kvm_types.h */
typedef u64 gpa_t;
typedef u64 gfn_t;

#endif
