/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kemu: records of emulations (kemu_record.c), in the text format of
 * tools/RECORD-FORMAT.md, for tools/kemu-replay.
 */
#ifndef KEMU_RECORD_H
#define KEMU_RECORD_H

#include <linux/compiler_attributes.h>
#include <linux/types.h>

struct dentry;
struct kemu_ops;
struct kemu_record;

/* A record for the instruction about to be decoded, or NULL (not armed). */
struct kemu_record *kemu_record_start(void);
void kemu_record_printf(struct kemu_record *rec, const char *fmt, ...) __printf(2, 3);
/* Up to 1024 bytes as hex digits. */
void kemu_record_hex(struct kemu_record *rec, const void *data, unsigned int len);
/* " key=<hex>" of up to 1024 bytes. */
void kemu_record_bytes(struct kemu_record *rec, const char *key, const void *data,
		       unsigned int len);
/* Forget a record (the instruction was not emulated after all). */
void kemu_record_drop(struct kemu_record *rec);
/*
 * The shadow decode of the record's instruction differed from stock KVM's
 * (decode statuses, then "; <field> kemu <v> stock <v>;" per field): an
 * annotation line, and the record is kept in "mismatches N" mode.
 */
void kemu_record_shadow_mismatch(struct kemu_record *rec, int rc, int stock_rc,
				 const char *differences);
/* The instruction is done: keep the record (failed: it ended in a failure) or drop it. */
void kemu_record_finish(struct kemu_record *rec, bool failed);

/* Record the next n instructions and keep them ("echo N > record"). */
void kemu_record_next(unsigned int n);
/* The newest kept record's text into buf (NUL-terminated): its length, 0 if none. */
size_t kemu_record_newest(char *buf, size_t size);

/* The recording layer over the bridge's callbacks (kemu_record_ops.c). */
void kemu_record_ops_init(void);
const struct kemu_ops *kemu_recording_ops(void);

int kemu_record_init(struct dentry *dir);
void kemu_record_exit(void);

#endif /* KEMU_RECORD_H */
