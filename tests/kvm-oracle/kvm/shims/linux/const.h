/* The _AC/_BITUL family used by the verbatim uapi processor-flags.h. */
#ifndef KVM_ORACLE_LINUX_CONST_H
#define KVM_ORACLE_LINUX_CONST_H
#define _AC(X, Y) (X##Y)
#define _AT(T, X) ((T)(X))
#define _UL(x) (_AC(x, UL))
#define _ULL(x) (_AC(x, ULL))
#define _BITUL(x) (_UL(1) << (x))
#define _BITULL(x) (_ULL(1) << (x))
#define UL(x) (_UL(x))
#define ULL(x) (_ULL(x))
#endif
