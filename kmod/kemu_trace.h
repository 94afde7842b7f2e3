/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kemu's tracepoints: one event per emulation pass, with the instruction
 * decoded as text (trace-cmd record -e kemu, perf, bpftrace
 * tracepoint:kemu:kemu_emulation), and one per shadow-decode mismatch
 * (kemu_shadow_mismatch).
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM kemu

#if !defined(KEMU_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define KEMU_TRACE_H

#include <linux/tracepoint.h>
#include <linux/version.h>

/* __assign_str lost its source argument in 6.10. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
#define kemu_assign_str(dst, src) __assign_str(dst)
#else
#define kemu_assign_str(dst, src) __assign_str(dst, src)
#endif

/* Enabling the event turns the accounting on (kemu_stats.c, kemu_stats.h). */
int kemu_trace_reg(void);
void kemu_trace_unreg(void);

TRACE_EVENT_FN(kemu_emulation,
	TP_PROTO(u32 vcpu_id, u64 rip, u32 mode, const u8 *bytes, u8 len, const char *text,
		 u32 emulation_type, const char *reason, const char *outcome, int vector,
		 bool first, u64 ns),
	TP_ARGS(vcpu_id, rip, mode, bytes, len, text, emulation_type, reason, outcome, vector,
		first, ns),

	TP_STRUCT__entry(
		__field(u32, vcpu_id)
		__field(u64, rip)
		__field(u32, mode)
		__array(u8, bytes, 15)
		__field(u8, len)
		__string(text, text)
		__field(u32, emulation_type)
		__string(reason, reason)
		__string(outcome, outcome)
		__field(int, vector)
		__field(bool, first)
		__field(u64, ns)
	),

	TP_fast_assign(
		__entry->vcpu_id = vcpu_id;
		__entry->rip = rip;
		__entry->mode = mode;
		memset(__entry->bytes, 0, sizeof(__entry->bytes));
		memcpy(__entry->bytes, bytes, min_t(u8, len, 15));
		__entry->len = min_t(u8, len, 15);
		kemu_assign_str(text, text);
		__entry->emulation_type = emulation_type;
		kemu_assign_str(reason, reason);
		kemu_assign_str(outcome, outcome);
		__entry->vector = vector;
		__entry->first = first;
		__entry->ns = ns;
	),

	TP_printk("vcpu %u rip 0x%llx mode %s insn %*phN \"%s\" emultype [%s] reason %s%s outcome %s vector %d ns %llu",
		  __entry->vcpu_id, __entry->rip,
		  __print_symbolic(__entry->mode, { 0, "real" }, { 1, "vm86" }, { 2, "prot16" },
				   { 3, "prot32" }, { 4, "prot64" }),
		  __entry->len, __entry->bytes, __get_str(text),
		  __print_flags(__entry->emulation_type, "|",
				{ 1 << 0, "NO_DECODE" }, { 1 << 1, "TRAP_UD" }, { 1 << 2, "SKIP" },
				{ 1 << 3, "ALLOW_RETRY_PF" }, { 1 << 4, "TRAP_UD_FORCED" },
				{ 1 << 5, "VMWARE_GP" }, { 1 << 6, "PF" },
				{ 1 << 7, "COMPLETE_USER_EXIT" }, { 1 << 8, "WRITE_PF_TO_SP" },
				{ 1 << 9, "SKIP_SOFT_INT" }),
		  __get_str(reason), __entry->first ? "" : " (completion)",
		  __get_str(outcome), __entry->vector, __entry->ns),

	kemu_trace_reg, kemu_trace_unreg
);

/* A decode that differs from stock KVM's (shadow decode, kemu_shadow.c). */
TRACE_EVENT(kemu_shadow_mismatch,
	TP_PROTO(u64 rip, u32 mode, const u8 *bytes, u8 len, int kemu_rc, int stock_rc,
		 const char *fields),
	TP_ARGS(rip, mode, bytes, len, kemu_rc, stock_rc, fields),

	TP_STRUCT__entry(
		__field(u64, rip)
		__field(u32, mode)
		__array(u8, bytes, 15)
		__field(u8, len)
		__field(int, kemu_rc)
		__field(int, stock_rc)
		__string(fields, fields)
	),

	TP_fast_assign(
		__entry->rip = rip;
		__entry->mode = mode;
		memset(__entry->bytes, 0, sizeof(__entry->bytes));
		memcpy(__entry->bytes, bytes, min_t(u8, len, 15));
		__entry->len = min_t(u8, len, 15);
		__entry->kemu_rc = kemu_rc;
		__entry->stock_rc = stock_rc;
		kemu_assign_str(fields, fields);
	),

	TP_printk("rip 0x%llx mode %u insn %*phN kemu %d stock %d:%s", __entry->rip,
		  __entry->mode, __entry->len, __entry->bytes, __entry->kemu_rc,
		  __entry->stock_rc, __get_str(fields))
);

#endif /* KEMU_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE kemu_trace
#include <trace/define_trace.h>
