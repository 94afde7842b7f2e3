/* BIT() and GENMASK(), used by emulate.c and the verbatim msr-index.h. */
#ifndef KVM_ORACLE_LINUX_BITS_H
#define KVM_ORACLE_LINUX_BITS_H
#include <linux/const.h>
#define BIT(n) (1UL << (n))
#define BIT_ULL(n) (1ULL << (n))
/* bits h..l set; written with shifts that stay defined for h == 63 */
#define GENMASK(h, l) ((~0UL >> (63 - (h))) & (~0UL << (l)))
#define GENMASK_ULL(h, l) ((~0ULL >> (63 - (h))) & (~0ULL << (l)))
#endif
