/* kemu L2 mini-VMM: the test-table types shared by vmm.c and cases.c. */
#ifndef KEMU_VMM_H
#define KEMU_VMM_H
#include <stdint.h>
#include <stddef.h>
#include "payload.h"

enum reg { R_NONE, R_RAX, R_RBX, R_RCX, R_RDX, R_RSI, R_RDI, R_RBP, R_RSP,
	   R_R8, R_R9, R_R10, R_R11, R_R12, R_R13, R_R14, R_R15, R_RFLAGS };

/* One guest-visible device event, in the order the VMM saw it.
 * kind: 'W'/'R' MMIO write/read, 'O'/'I' port out/in (harness ports excluded);
 * in an expectation, lowercase 'w'/'r' leave the data unchecked; 0 ends a list. */
struct ev { char kind; uint64_t addr; uint8_t size; uint64_t data; };
struct regchk { enum reg reg; uint64_t val; uint64_t mask; };	/* mask 0: all bits */
struct memchk { uint64_t gpa; uint8_t size; uint64_t val; };	/* guest RAM after the case */

/* An exception the emulated instruction is expected to raise (KVM injects it
 * into L2; the VMM's stub reports it and resumes the payload at case_end),
 * or an emulation failure (vec VEC_EMUL_FAIL, below). */
struct excchk { uint8_t set, vec, has_err; uint32_t err; };

#define MAX_REGCHK 6
#define MAX_MEMCHK 6
#define MAX_EV 12
#define EXPECT_FIELDS \
	struct regchk regs[MAX_REGCHK]; \
	struct memchk mem[MAX_MEMCHK]; \
	struct ev ev[MAX_EV];	/* the exact device-event sequence expected */ \
	struct excchk exc;	/* set: the case must end in this guest exception */
struct expect { EXPECT_FIELDS };
struct kcase {
	uint32_t id;		/* what the payload passes to case_begin */
	const char *name;	/* "<mnemonic>-...": the mnemonic picks the family */
	struct { EXPECT_FIELDS };	/* expected result (under stock KVM, for a deviation) */
	/* A deliberate difference between stock KVM's emulator and kemu's: the
	 * case is left out of the stock-vs-kemu comparison; the stock run checks
	 * the fields above, a run with kemu active (kemu-vmm --kemu) checks .kemu. */
	const char *deviation;
	struct expect kemu;
	/* RFLAGS bits the SDM leaves undefined for this case's instruction: not
	 * part of the recorded result, so emulators may differ in them (the
	 * hand-checked .regs check only defined flags).  Named, not spelled:
	 * UNDEFINED_FLAGS(Bsf), SHIFT_UNDEFINED_FLAGS(Shr, width, count) (below). */
	uint64_t undefined_flags;
	/* Exits to the VMM for the case's port I/O under stock KVM and under
	 * kemu (0: not checked): how many round trips through userspace the
	 * emulator needed, which the guest does not see. */
	uint8_t io_exits, kemu_io_exits;
};

enum cpu_mode { MODE_REAL, MODE_PROT32, MODE_LONG64 };
struct mode {
	const char *name;
	enum cpu_mode cpu;
	const uint8_t *blob, *blob_end;	/* flat payload, loaded at LOAD_ADDR */
	const struct kcase *cases;
	size_t ncases;
};

extern const struct mode modes[];
extern const size_t nmodes;

/* Helpers for writing the table compactly. */
#define REG(r, v)	{ R_##r, (v), 0 }
#define FLAGS(v)	{ R_RFLAGS, (v), 0x8d5 }	/* CF PF AF ZF SF OF (add, sub, ...) */
#define FLAGS_LOGIC(v)	{ R_RFLAGS, (v), 0x8c5 }	/* and/or/xor/test leave AF undefined */
#define MEM(a, s, v)	{ (a), (s), (v) }
#define MW(a, s, v)	{ 'W', (a), (s), (v) }
#define MR(a, s, v)	{ 'R', (a), (s), (v) }
#define PO(p, s, v)	{ 'O', (p), (s), (v) }
#define PI(p, s, v)	{ 'I', (p), (s), (v) }
#define MWX(a, s)	{ 'w', (a), (s), 0 }	/* data not checked by hand (e.g. a code address; */
#define MRX(a, s)	{ 'r', (a), (s), 0 }	/* the stock-vs-kemu comparison still checks it) */
#define FLAGSM(v, m)	{ R_RFLAGS, (v), (m) }
/* .undefined_flags from kemu's flag table (the handlers' KEMU_HANDLER
 * registrations), which the build's kemu-undefined-flags writes into
 * undefined_flags.h for the uses in cases.c: a handler's undefined flags,
 * or a shift's or rotate's for its operand width and (masked) count. */
#include "undefined_flags.h"
#define UNDEFINED_FLAGS(handler)	UNDEFINED_FLAGS_##handler
#define SHIFT_UNDEFINED_FLAGS(handler, width, count)	SHIFT_UNDEFINED_FLAGS_##handler##_##width##_##count
/* The device models below as constant expressions: MMIO read pattern and
 * scratch A contents of SIZE bytes at address A (little endian). */
#define PAT8(a)		((uint64_t)((((a) & 0xff) ^ 0x80)))
#define PAT16(a)	(PAT8(a) | PAT8((a) + 1) << 8)
#define PAT32(a)	(PAT16(a) | PAT16((a) + 2) << 16)
#define PAT64(a)	(PAT32(a) | PAT32((a) + 4) << 32)
#define SA8(a)		((uint64_t)((a) & 0xff))
#define SA16(a)		(SA8(a) | SA8((a) + 1) << 8)
#define SA32(a)		(SA16(a) | SA16((a) + 2) << 16)
#define SA64(a)		(SA32(a) | SA32((a) + 4) << 32)
#define EXC(v)		{ 1, (v), 0, 0 }	/* vector without error code */
#define EXCE(v, e)	{ 1, (v), 1, (e) }	/* vector with its error code */
/* Pseudo-vector: the emulator gave up on the instruction (KVM_EXIT_INTERNAL_ERROR,
 * emulation suberror); the VMM resumes at case_end, the instruction did nothing. */
#define VEC_EMUL_FAIL	0xff
#define EMUL_FAIL	{ 1, VEC_EMUL_FAIL, 0, 0 }
enum { DE = 0, DB = 1, BP = 3, UD = 6, NM = 7, TS = 10, NP = 11, SS = 12, GP = 13, PF = 14, MF = 16, AC = 17 };

/* Device models (the expected values in cases.c follow from these):
 *  - MMIO reads return byte (addr & 0xff) ^ 0x80 unless the same case wrote
 *    that byte (then the written value);
 *  - scratch A RAM is refilled with byte (addr & 0xff), scratch B with 0, at
 *    every case_begin;
 *  - test-port IN returns bytes 0xc0 0xc1 0xc2 0xc3. */
static inline uint8_t mmio_pattern(uint64_t a) { return (uint8_t)((a & 0xff) ^ 0x80); }
static inline uint8_t pio_pattern(unsigned k) { return (uint8_t)(0xc0 + k); }

#endif
