/* kemu L2 mini-VMM: runs the guest payloads of payload-*.S in real mode,
 * 32-bit protected mode and 64-bit long mode on /dev/kvm and checks what the
 * guest did against cases.c. The payloads put the forced emulation prefix in
 * front of the instructions under test, so the L1 kernel's x86 emulator (stock
 * KVM's or kemu's) executes them; MMIO (no memslot) and port I/O exits let us
 * see every access the emulator made.
 *
 *   kemu-vmm [-v] [-l LABEL] [-t SECONDS] [--record FILE | --compare FILE]
 *            [--kemu] [MODE...]            run all (or the named) modes; LABEL
 *                                          replaces "L2" in output
 *     --record FILE   write every case's guest-visible result (GPRs, RFLAGS,
 *                     RIP, segments, control registers, exception, device
 *                     events, RAM/XMM hashes) to FILE, one line per case
 *     --compare FILE  FAIL every case whose result differs from FILE's (cases
 *                     marked as deviations excepted), printing both values
 *     --kemu          kemu's emulator is active: deviation cases are checked
 *                     against their kemu-side expectation
 *   kemu-vmm --qemu-exit N                 outl(N, 0xf4): leave QEMU through
 *                                          isa-debug-exit (used by /init)
 * Output: one "L2 <mode> <case>: PASS|FAIL: ..." line per case (a deviation
 * case: "PASS (deviation ...)"), exit counts and KVM's own statistics per mode,
 * a summary line, case counts per family and mode ("KEMU-L2-FAMILIES:",
 * "KEMU-L2-MODES:"). Exit status 0 iff all passed. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/kvm.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include "vmm.h"

static int verbose;
static const char *label = "L2";	/* -l: tells runs apart in one log */
static volatile sig_atomic_t timed_out;
static int kvm_fd;
static unsigned total_pass, total_fail, total_dev, total_exc;
static FILE *rec_out;			/* --record */
static char **rec_in;			/* --compare: the recorded lines */
static size_t nrec_in;
static const char *rec_in_name;
static int kemu_active;			/* --kemu */

static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("kemu-vmm: ", stdout);
	vprintf(fmt, ap);
	printf(": %s\n", strerror(errno));
	va_end(ap);
	exit(2);
}

/* ---- per-run state ---- */
struct vm {
	const struct mode *m;
	int vm_fd, vcpu_fd, stats_fd;
	struct kvm_run *run;
	uint8_t *ram;
	const struct kcase *cur;	/* case between BEGIN and END */
	uint64_t resume;		/* EBX at BEGIN: the case's case_end */
	struct { int seen; uint8_t vec, has_err; uint32_t err; uint64_t ip; } exc;	/* this case */
	struct kvm_sregs sregs0;	/* the mode's initial segments and tables */
	unsigned char *seen;		/* per case: ran to END */
	struct ev log[64];
	unsigned nlog;
	struct { uint64_t a; uint8_t v; } ovl[256];	/* MMIO bytes written this case */
	unsigned novl;
	unsigned long exits_io_harness, exits_io_test, exits_mmio, exits_other;
	unsigned pass, fail;
	const char *abort_why;	/* set: stop running this mode */
	int64_t emul_off, exits_off;	/* offsets of insn_emulation and exits in the stats fd, or -1 */
	int64_t emul_fail_off;	/* ... of insn_emulation_fail */
	uint64_t emul_at_begin, exits_at_begin, emul_fail_at_begin;
	unsigned long io_exits_at_begin;
	/* RAM and XMM at a deviation case's case_begin, put back at its end:
	 * its results differ between stock KVM and kemu by design, and must not
	 * make the later cases differ from the recorded run. */
	uint8_t *ram_at_begin;
	struct kvm_fpu fpu_at_begin;
	char why[3072];
};

static void case_result(struct vm *v, const struct kcase *c, const char *fmt, ...)
{
	va_list ap;
	printf("%s %s %s: ", label, v->m->name, c ? c->name : "?");
	if (!fmt) {
		if (c && c->deviation)
			printf("PASS (deviation, %s expectation: %s)\n", kemu_active ? "kemu" : "stock KVM",
			       c->deviation);
		else
			printf("PASS\n");
		v->pass++;
		return;
	}
	printf("FAIL: ");
	if (c && c->deviation)
		printf("(deviation, %s expectation) ", kemu_active ? "kemu" : "stock KVM");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	v->fail++;
}

/* A u64 counter of this vCPU's KVM statistics (0 if the stats fd is missing). */
static uint64_t stat_count(struct vm *v, int64_t off)
{
	uint64_t val = 0;
	if (off >= 0 && pread(v->stats_fd, &val, 8, off) != 8)
		val = 0;
	return val;
}
#define emul_count(v) stat_count(v, (v)->emul_off)

static void reset_case_state(struct vm *v)
{
	for (unsigned i = 0; i < SCRATCH_SZ; i++)
		v->ram[SCRATCH_A + i] = (uint8_t)(SCRATCH_A + i);
	memset(v->ram + SCRATCH_B, 0, SCRATCH_A - SCRATCH_B);
	v->nlog = 0;
	v->novl = 0;
	v->exc.seen = 0;
}

static void log_ev(struct vm *v, char kind, uint64_t addr, unsigned size, uint64_t data)
{
	if (v->nlog < sizeof(v->log) / sizeof(v->log[0]))
		v->log[v->nlog++] = (struct ev){ kind, addr, (uint8_t)size, data };
}

static uint8_t mmio_byte(struct vm *v, uint64_t a)
{
	for (unsigned i = v->novl; i-- > 0;)
		if (v->ovl[i].a == a)
			return v->ovl[i].v;
	return mmio_pattern(a);
}

static void handle_mmio(struct vm *v)
{
	struct kvm_run *r = v->run;
	uint64_t a = r->mmio.phys_addr, val = 0;
	unsigned len = r->mmio.len;

	v->exits_mmio++;
	if (r->mmio.is_write) {
		for (unsigned i = 0; i < len; i++) {
			val |= (uint64_t)r->mmio.data[i] << (8 * i);
			if (v->novl < 256)
				v->ovl[v->novl++] = (typeof(v->ovl[0])){ a + i, r->mmio.data[i] };
		}
		log_ev(v, 'W', a, len, val);
	} else {
		for (unsigned i = 0; i < len; i++) {
			r->mmio.data[i] = mmio_byte(v, a + i);
			val |= (uint64_t)r->mmio.data[i] << (8 * i);
		}
		log_ev(v, 'R', a, len, val);
	}
}

static const char *regname[] = { "-", "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "rflags" };

static uint64_t reg_value(const struct kvm_regs *g, enum reg r)
{
	const uint64_t vals[] = { 0, g->rax, g->rbx, g->rcx, g->rdx, g->rsi, g->rdi, g->rbp, g->rsp,
		g->r8, g->r9, g->r10, g->r11, g->r12, g->r13, g->r14, g->r15, g->rflags };
	return vals[r];
}

static int fmt_ev(char *buf, size_t n, const struct ev *e)
{
	return snprintf(buf, n, "%c %#" PRIx64 "/%u=%#" PRIx64, e->kind, e->addr, e->size, e->data);
}

static void fmt_log(char *buf, size_t n, const struct ev *e, unsigned count)
{
	size_t off = 0;
	snprintf(buf, n, "(none)");
	for (unsigned i = 0; i < count && off + 40 < n; i++) {
		if (i)
			off += snprintf(buf + off, n - off, ", ");
		off += fmt_ev(buf + off, n - off, &e[i]);
	}
}

static const char *excname(unsigned vec)
{
	static const char *names[32] = { "DE", "DB", "NMI", "BP", "OF", "BR", "UD", "NM", "DF", "MO",
		"TS", "NP", "SS", "GP", "PF", "15", "MF", "AC", "MC", "XM" };
	if (vec == VEC_EMUL_FAIL)
		return "emulation failure (KVM_EXIT_INTERNAL_ERROR)";
	return vec < 32 && names[vec] ? names[vec] : "?";
}

/* Check the finished case against one expectation; NULL = all matched, else
 * the reason (in v->why). */
static const char *check_expect(struct vm *v, const struct kvm_regs *g, const struct regchk *regs,
				const struct memchk *mem, const struct ev *evs, const struct excchk *exc)
{
	char exp[1024], got[1024];
	unsigned nexp = 0;

	if (exc->set != v->exc.seen || (exc->set && (exc->vec != v->exc.vec || exc->has_err != v->exc.has_err ||
						     (exc->has_err && exc->err != v->exc.err)))) {
		if (!exc->set)
			snprintf(exp, sizeof(exp), "no exception");
		else
			snprintf(exp, sizeof(exp), "#%s (vector %u) error code %#x", excname(exc->vec), exc->vec,
				 exc->err);
		if (exc->set && !exc->has_err)
			*strstr(exp, " error code") = 0;
		if (!v->exc.seen)
			snprintf(got, sizeof(got), "none");
		else
			snprintf(got, sizeof(got), "#%s (vector %u) at ip %#" PRIx64 " error code %#x",
				 excname(v->exc.vec), v->exc.vec, v->exc.ip, v->exc.err);
		if (v->exc.seen && !v->exc.has_err)
			*strstr(got, " error code") = 0;
		snprintf(v->why, sizeof(v->why), "expected %s, got guest exception %s", exp, got);
		return v->why;
	}
	/* An expected exception comes from the emulated instruction: its IP is
	 * the instruction after the forced-emulation prefix. */
	if (exc->set) {
		uint64_t lin = v->exc.ip;	/* CS base is 0 in all three modes */
		static const uint8_t sig[5] = { 0x0f, 0x0b, 0x6b, 0x76, 0x6d };
		if (lin < 5 || lin > RAM_SIZE || memcmp(v->ram + lin - 5, sig, 5)) {
			snprintf(v->why, sizeof(v->why), "exception #%s at ip %#" PRIx64 ", which does not follow a "
				 "forced-emulation prefix", excname(v->exc.vec), v->exc.ip);
			return v->why;
		}
	}
	for (int i = 0; i < MAX_REGCHK && regs[i].reg; i++) {
		const struct regchk *rc = &regs[i];
		uint64_t mask = rc->mask ? rc->mask : ~0ull, val;

		if (rc->reg == R_RFLAGS)	/* only the flags the SDM defines */
			mask &= ~v->cur->undefined_flags;
		val = reg_value(g, rc->reg) & mask;
		if (val != (rc->val & mask)) {
			snprintf(v->why, sizeof(v->why), "expected %s=%#" PRIx64 " got %#" PRIx64 " (mask %#" PRIx64 ")",
				 regname[rc->reg], rc->val & mask, val, mask);
			return v->why;
		}
	}
	for (int i = 0; i < MAX_MEMCHK && mem[i].size; i++) {
		const struct memchk *mc = &mem[i];
		uint64_t val = 0;
		memcpy(&val, v->ram + mc->gpa, mc->size);
		if (val != mc->val) {
			snprintf(v->why, sizeof(v->why), "expected mem[%#" PRIx64 "/%u]=%#" PRIx64 " got %#" PRIx64,
				 mc->gpa, mc->size, mc->val, val);
			return v->why;
		}
	}
	while (nexp < MAX_EV && evs[nexp].kind)
		nexp++;
	int same = nexp == v->nlog;
	for (unsigned i = 0; same && i < nexp; i++)
		same = (evs[i].kind == v->log[i].kind || evs[i].kind - 0x20 == v->log[i].kind) &&
		       evs[i].addr == v->log[i].addr && evs[i].size == v->log[i].size &&
		       (evs[i].data == v->log[i].data || evs[i].kind >= 'a');
	if (!same) {
		fmt_log(exp, sizeof(exp), evs, nexp);
		fmt_log(got, sizeof(got), v->log, v->nlog);
		snprintf(v->why, sizeof(v->why), "expected events [%s] got [%s]", exp, got);
		return v->why;
	}
	return NULL;
}

/* 64-bit FNV-1a: RAM and XMM contents go into the record as hashes. */
static uint64_t fnv(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint64_t h = 0xcbf29ce484222325ull;
	while (n--)
		h = (h ^ *b++) * 0x100000001b3ull;
	return h;
}

/* The case's whole guest-visible result as one line of space-separated
 * key=value fields (the record format): "<mode> <id> <field>...". */
static void result_line(struct vm *v, const struct kvm_regs *g, char *buf, size_t n)
{
	struct kvm_sregs s;
	struct kvm_fpu fpu;
	size_t o = 0;
	const struct kvm_segment *segs[] = { &s.cs, &s.ds, &s.es, &s.fs, &s.gs, &s.ss, &s.tr, &s.ldt };
	static const char *segn[] = { "cs", "ds", "es", "fs", "gs", "ss", "tr", "ldt" };

	if (ioctl(v->vcpu_fd, KVM_GET_SREGS, &s) < 0)
		die("KVM_GET_SREGS");
	if (ioctl(v->vcpu_fd, KVM_GET_FPU, &fpu) < 0)
		memset(&fpu, 0, sizeof(fpu));
	o += snprintf(buf + o, n - o, "%s %u", v->m->name, v->cur->id);
	for (int r = R_RAX; r <= R_RFLAGS; r++)
		o += snprintf(buf + o, n - o, " %s=%" PRIx64, regname[r],
			      reg_value(g, r) & (r == R_RFLAGS ? ~v->cur->undefined_flags : ~(uint64_t)0));
	o += snprintf(buf + o, n - o, " rip=%llx", g->rip);
	for (int i = 0; i < 8; i++)
		o += snprintf(buf + o, n - o, " %s=%x/%llx/%x/%x", segn[i], segs[i]->selector, segs[i]->base,
			      segs[i]->limit, segs[i]->type | segs[i]->s << 4 | segs[i]->dpl << 5 |
			      segs[i]->present << 7 | segs[i]->db << 8 | segs[i]->l << 9 | segs[i]->g << 10);
	o += snprintf(buf + o, n - o, " cr0=%llx cr2=%llx cr3=%llx cr4=%llx efer=%llx gdt=%llx/%x idt=%llx/%x",
		      s.cr0, s.cr2, s.cr3, s.cr4, s.efer, s.gdt.base, s.gdt.limit, s.idt.base, s.idt.limit);
	if (v->exc.seen)
		o += snprintf(buf + o, n - o, " exc=%u/%x/%" PRIx64, v->exc.vec, v->exc.has_err ? v->exc.err : 0,
			      v->exc.ip);
	else
		o += snprintf(buf + o, n - o, " exc=none");
	o += snprintf(buf + o, n - o, " scratch=%" PRIx64 " stack=%" PRIx64 " ram=%" PRIx64 " xmm=%" PRIx64,
		      fnv(v->ram + SCRATCH_B, SCRATCH_A + SCRATCH_SZ - SCRATCH_B), fnv(v->ram + 0x7000, 0x1000),
		      fnv(v->ram, RAM_SIZE), fnv(fpu.xmm, sizeof(fpu.xmm)));
	/* What the case cost the VMM and KVM (the guest does not see it): exits
	 * for its port I/O (each MMIO access is an event below) and KVM's
	 * insn_emulation and insn_emulation_fail, so stock KVM and kemu are
	 * compared on them too. */
	o += snprintf(buf + o, n - o, " pio-exits=%lu emulations=%" PRIu64 " emulation-failures=%" PRIu64,
		      v->exits_io_test - v->io_exits_at_begin, emul_count(v) - v->emul_at_begin,
		      stat_count(v, v->emul_fail_off) - v->emul_fail_at_begin);
	o += snprintf(buf + o, n - o, " ev=");
	for (unsigned i = 0; i < v->nlog && o + 48 < n; i++)
		o += snprintf(buf + o, n - o, "%s%c:%" PRIx64 "/%u=%" PRIx64, i ? "," : "", v->log[i].kind,
			      v->log[i].addr, v->log[i].size, v->log[i].data);
	if (!v->nlog)
		o += snprintf(buf + o, n - o, "none");
}

/* --compare: NULL if LINE equals the recorded result of the same case, else
 * the differing fields with both values (in v->why). */
static const char *compare_record(struct vm *v, const char *line)
{
	char key[64], mine[2048], theirs[2048], *sm, *st;
	const char *rec = NULL;
	size_t o = 0;

	snprintf(key, sizeof(key), "%s %u ", v->m->name, v->cur->id);
	for (size_t i = 0; i < nrec_in && !rec; i++)
		if (!strncmp(rec_in[i], key, strlen(key)))
			rec = rec_in[i];
	if (!rec) {
		snprintf(v->why, sizeof(v->why), "no recorded result in %s to compare with", rec_in_name);
		return v->why;
	}
	if (!strcmp(rec, line))
		return NULL;
	snprintf(mine, sizeof(mine), "%s", line);
	snprintf(theirs, sizeof(theirs), "%s", rec);
	o += snprintf(v->why + o, sizeof(v->why) - o, "differs from the recorded run:");
	char *a = strtok_r(mine, " ", &sm), *b = strtok_r(theirs, " ", &st);
	for (; a || b; a = strtok_r(NULL, " ", &sm), b = strtok_r(NULL, " ", &st)) {
		if (a && b && !strcmp(a, b))
			continue;
		const char *eq = b ? strchr(b, '=') : NULL;
		if (o + 8 < sizeof(v->why))
			o += snprintf(v->why + o, sizeof(v->why) - o, " %.*s recorded %s now %s;",
				      eq ? (int)(eq - b) : 5, eq ? b : "field", eq ? eq + 1 : (b ? b : "-"),
				      a ? (strchr(a, '=') ? strchr(a, '=') + 1 : a) : "-");
	}
	return v->why;
}

/* Check the finished case: its table entry (the kemu-side one for a
 * deviation when kemu is active), then record or compare its result. */
static void check_case(struct vm *v)
{
	const struct kcase *c = v->cur;
	struct kvm_regs g;
	static char line[2048];
	const char *why;

	if (ioctl(v->vcpu_fd, KVM_GET_REGS, &g) < 0)
		die("KVM_GET_REGS");
	if (c->deviation && kemu_active)
		why = check_expect(v, &g, c->kemu.regs, c->kemu.mem, c->kemu.ev, &c->kemu.exc);
	else
		why = check_expect(v, &g, c->regs, c->mem, c->ev, &c->exc);
	unsigned int want_io_exits = kemu_active ? c->kemu_io_exits : c->io_exits;
	unsigned long io_exits = v->exits_io_test - v->io_exits_at_begin;

	if (!why && want_io_exits && io_exits != want_io_exits) {
		snprintf(v->why, sizeof(v->why), "expected %u port I/O exits, got %lu",
			 want_io_exits, io_exits);
		why = v->why;
	}
	if (rec_out || rec_in)
		result_line(v, &g, line, sizeof(line));
	if (rec_out)
		fprintf(rec_out, "%s\n", line);
	if (rec_in && !c->deviation) {	/* also when the table check failed */
		static char both[sizeof(v->why) + 16];
		snprintf(both, sizeof(both), "%s", why ? why : "");
		const char *cmp = compare_record(v, line);
		if (cmp)
			snprintf(both + strlen(both), sizeof(both) - strlen(both), "%s%s", why ? "; " : "", cmp);
		why = why || cmp ? both : NULL;
	}
	if (why)
		case_result(v, c, "%s", why);
	else
		case_result(v, c, NULL);
	if (c->deviation)
		total_dev++;
	if (c->exc.set)
		total_exc++;
	if (verbose) {	/* for --demo: what the emulator did in this case */
		char got[512];
		fmt_log(got, sizeof(got), v->log, v->nlog);
		printf("  events: %s; kvm insn_emulation +%" PRIu64 ", exits +%" PRIu64 "\n", got,
		       emul_count(v) - v->emul_at_begin, stat_count(v, v->exits_off) - v->exits_at_begin);
	}
}

/* An exception stub ran (OUT to PORT_EXC_BASE + vector): read the frame off
 * the guest stack. Inside a case: note the exception, pop the frame (RSP and
 * RFLAGS as they were at the fault) and resume at the case's case_end, where
 * the case is checked. Outside a case, or with an unreadable frame: stop
 * this mode. */
static void guest_exception(struct vm *v, unsigned vec)
{
	struct kvm_regs g;
	struct kvm_sregs s;
	uint64_t ip = 0, err = 0, fl = 0, rsp = 0, sp;
	int has_err = vec == 8 || (vec >= 10 && vec <= 14) || vec == 17;
	unsigned w = v->m->cpu == MODE_REAL ? 2 : v->m->cpu == MODE_PROT32 ? 4 : 8;

	if (v->m->cpu == MODE_REAL)
		has_err = 0;
	if (ioctl(v->vcpu_fd, KVM_GET_REGS, &g) < 0 || ioctl(v->vcpu_fd, KVM_GET_SREGS, &s) < 0)
		die("KVM_GET_REGS/SREGS");
	sp = s.ss.base + (v->m->cpu == MODE_REAL ? (g.rsp & 0xffff) : v->m->cpu == MODE_PROT32 ? (uint32_t)g.rsp : g.rsp);
	int ok = sp + 6 * w <= RAM_SIZE;
	if (ok) {
		if (has_err)
			memcpy(&err, v->ram + sp, w), sp += w;
		memcpy(&ip, v->ram + sp, w);
		memcpy(&fl, v->ram + sp + 2 * w, w);
		if (v->m->cpu == MODE_LONG64)
			memcpy(&rsp, v->ram + sp + 3 * w, w);
		else
			rsp = g.rsp + (has_err ? 4 : 3) * w;
	}
	int o = snprintf(v->why, sizeof(v->why), "guest exception #%s (vector %u) at ip %#" PRIx64, excname(vec),
			 vec, ip);
	if (has_err)
		snprintf(v->why + o, sizeof(v->why) - o, ", error code %#" PRIx64, err);
	if (!ok || !v->cur || v->exc.seen) {
		v->abort_why = v->why;
		return;
	}
	v->exc.seen = 1;
	v->exc.vec = vec;
	v->exc.has_err = has_err;
	v->exc.err = err;
	v->exc.ip = ip;
	if (v->m->cpu == MODE_REAL)
		rsp = (g.rsp & ~0xffffull) | ((g.rsp + 6) & 0xffff);
	g.rsp = rsp;
	g.rflags = fl;
	g.rip = v->resume;	/* the pending OUT is not skipped: RIP moved */
	if (ioctl(v->vcpu_fd, KVM_SET_REGS, &g) < 0)
		die("KVM_SET_REGS");
}

/* At case_begin: data segments, GDT/IDT, CR0/CR4 back to the mode's initial
 * state if an earlier case changed them (CS is the payload's business). */
static void reset_sregs(struct vm *v)
{
	struct kvm_sregs s;
	const struct kvm_sregs *z = &v->sregs0;

	if (ioctl(v->vcpu_fd, KVM_GET_SREGS, &s) < 0)
		die("KVM_GET_SREGS");
#define SAME(f) !memcmp(&s.f, &z->f, sizeof(s.f))
	if (SAME(ds) && SAME(es) && SAME(fs) && SAME(gs) && SAME(ss) && SAME(gdt) && SAME(idt) && SAME(ldt) &&
	    SAME(tr) && s.cr0 == z->cr0 && s.cr4 == z->cr4 && s.cr3 == z->cr3)
		return;
#undef SAME
	s.ds = z->ds, s.es = z->es, s.fs = z->fs, s.gs = z->gs, s.ss = z->ss;
	s.gdt = z->gdt, s.idt = z->idt, s.ldt = z->ldt, s.tr = z->tr;
	s.cr0 = z->cr0, s.cr3 = z->cr3, s.cr4 = z->cr4;
	if (ioctl(v->vcpu_fd, KVM_SET_SREGS, &s) < 0)
		die("KVM_SET_SREGS (reset)");
}

/* Returns 1 when the payload said DONE. */
static int handle_io(struct vm *v)
{
	struct kvm_run *r = v->run;
	uint8_t *data = (uint8_t *)r + r->io.data_offset;
	unsigned port = r->io.port, size = r->io.size;

	if (port >= PORT_EXC_BASE && port < PORT_EXC_BASE + 32) {
		guest_exception(v, port - PORT_EXC_BASE);
		return 0;
	}
	if (port == PORT_BEGIN || port == PORT_END || port == PORT_DONE) {
		uint32_t val = 0;
		v->exits_io_harness++;
		memcpy(&val, data, size < 4 ? size : 4);
		if (r->io.direction != KVM_EXIT_IO_OUT)
			return 0;
		if (port == PORT_BEGIN) {
			if (v->cur)
				case_result(v, v->cur, "no case_end before case %u began", val);
			v->cur = NULL;
			for (size_t i = 0; i < v->m->ncases; i++)
				if (v->m->cases[i].id == val) {
					v->cur = &v->m->cases[i];
					if (v->seen[i]++)
						case_result(v, v->cur, "id %u ran twice", val);
				}
			if (!v->cur)
				printf("%s %s id%u: FAIL: no such case in the table\n", label, v->m->name, val), v->fail++;
			struct kvm_regs g;
			if (ioctl(v->vcpu_fd, KVM_GET_REGS, &g) < 0)
				die("KVM_GET_REGS");
			v->resume = (uint32_t)g.rbx;
			reset_sregs(v);
			reset_case_state(v);
			if (v->cur && v->cur->deviation) {
				memcpy(v->ram_at_begin, v->ram, RAM_SIZE);
				if (ioctl(v->vcpu_fd, KVM_GET_FPU, &v->fpu_at_begin) < 0)
					die("KVM_GET_FPU");
			}
			v->emul_at_begin = emul_count(v);
			v->exits_at_begin = stat_count(v, v->exits_off);
			v->emul_fail_at_begin = stat_count(v, v->emul_fail_off);
			v->io_exits_at_begin = v->exits_io_test;
		} else if (port == PORT_END) {
			if (v->cur)
				check_case(v);
			if (v->cur && v->cur->deviation) {	/* undo it: see ram_at_begin */
				memcpy(v->ram, v->ram_at_begin, RAM_SIZE);
				if (ioctl(v->vcpu_fd, KVM_SET_FPU, &v->fpu_at_begin) < 0)
					die("KVM_SET_FPU");
			}
			v->cur = NULL;
		} else
			return 1;
		return 0;
	}
	v->exits_io_test++;
	for (unsigned n = 0; n < r->io.count; n++, data += size) {
		uint64_t val = 0;
		if (r->io.direction == KVM_EXIT_IO_OUT) {
			memcpy(&val, data, size);
			if (port != PORT_TEST_BULK)
				log_ev(v, 'O', port, size, val);
		} else {
			for (unsigned k = 0; k < size; k++)
				data[k] = pio_pattern(k), val |= (uint64_t)pio_pattern(k) << (8 * k);
			if (port != PORT_TEST_BULK)
				log_ev(v, 'I', port, size, val);
		}
	}
	return 0;
}

/* ---- machine setup ---- */
static void seg(struct kvm_segment *s, uint16_t sel, uint64_t base, uint32_t limit, uint8_t type,
		int db, int l, int g)
{
	*s = (struct kvm_segment){ .base = base, .limit = limit, .selector = sel, .type = type,
				   .present = 1, .dpl = 0, .db = db, .s = 1, .l = l, .g = g };
}

static void setup_cpu(struct vm *v)
{
	struct kvm_sregs s;
	struct kvm_regs g = { .rflags = 2, .rip = LOAD_ADDR, .rsp = 0x7ff0 };
	uint64_t *gdt = (uint64_t *)(v->ram + 0x1000);

	if (ioctl(v->vcpu_fd, KVM_GET_SREGS, &s) < 0)
		die("KVM_GET_SREGS");
	/* Exception stubs for vectors 0-31 at 0x500 + 8*n: "out
	 * %al,$(PORT_EXC_BASE+n); hlt" encodes the same in all three modes. */
	for (unsigned n = 0; n < 32; n++) {
		uint8_t *p = v->ram + 0x500 + 8 * n;
		uint64_t stub = 0x500 + 8 * n;
		const uint8_t code[] = { 0xe6, (uint8_t)(PORT_EXC_BASE + n), 0xf4 };
		memcpy(p, code, sizeof(code));
		((uint32_t *)v->ram)[n] = (uint32_t)stub;		/* real-mode IVT: 0000:stub */
		uint64_t *gate = (uint64_t *)(v->ram + 0x1800 + (v->m->cpu == MODE_LONG64 ? 16 : 8) * n);
		uint16_t cs = v->m->cpu == MODE_LONG64 ? 0x18 : 0x08;
		gate[0] = (stub & 0xffff) | ((uint64_t)cs << 16) | (0x8eull << 40) | ((stub >> 16) << 48);
		if (v->m->cpu == MODE_LONG64)
			gate[1] = stub >> 32;
	}
	s.idt.base = v->m->cpu == MODE_REAL ? 0 : 0x1800;
	s.idt.limit = v->m->cpu == MODE_REAL ? 0x3ff : 32 * (v->m->cpu == MODE_LONG64 ? 16 : 8) - 1;
	/* GDT: flat code/data, plus descriptors for the segment-load cases. */
	gdt[1] = 0x00cf9b000000ffffull;	/* 0x08 code32 */
	gdt[2] = 0x00cf93000000ffffull;	/* 0x10 data */
	gdt[3] = 0x00af9b000000ffffull;	/* 0x18 code64 */
	gdt[4] = 0x0040930100000fffull;	/* 0x20 data, base SCRATCH_A, limit 0xfff (bytes) */
	gdt[5] = 0x00cf91000000ffffull;	/* 0x28 read-only data, flat */
	gdt[6] = 0x00cf9b000000ffffull;	/* 0x30 code32, a second selector for far transfers */
	gdt[7] = 0x00cff3000000ffffull;	/* 0x38 data, DPL 3 */
	gdt[8] = 0x00cf13000000ffffull;	/* 0x40 data, not present */
	gdt[9] = 0x00af9b000000ffffull;	/* 0x48 code64, a second selector */
	gdt[10] = 0x00008b0011000067ull;	/* 0x50 TSS32 at 0x1100, busy: prot32's TR */
	gdt[11] = 0x0000890012000067ull;	/* 0x58 TSS32 at 0x1200, available: task-switch case */
	gdt[12] = 0x00cffb000000ffffull;	/* 0x60 code32, DPL 3: user-mode cases */
	s.gdt.base = 0x1000;
	s.gdt.limit = GDT_ENTRIES * 8 - 1;
	switch (v->m->cpu) {
	case MODE_REAL:
		/* CS=0 IP=0x8000; DS=0x1000 -> scratch A; ES=0xa000 -> MMIO_LO;
		 * SS=0x0f00 -> scratch B, so [bp+...] forms are told apart from DS. */
		s.cs.selector = 0, s.cs.base = 0;
		s.ds.selector = 0x1000, s.ds.base = 0x10000;
		s.es.selector = 0xa000, s.es.base = 0xa0000;
		s.ss.selector = 0x0f00, s.ss.base = 0xf000;
		s.fs.selector = s.gs.selector = 0, s.fs.base = s.gs.base = 0;
		g.rsp = 0xff0;
		break;
	case MODE_PROT32:
		s.cr0 = 0x11;	/* PE|ET, no paging */
		seg(&s.cs, 0x08, 0, 0xffffffff, 0xb, 1, 0, 1);
		seg(&s.ds, 0x10, 0, 0xffffffff, 0x3, 1, 0, 1);
		s.es = s.fs = s.gs = s.ss = s.ds;
		s.tr = (struct kvm_segment){ .base = 0x1100, .limit = 0x67, .selector = 0x50, .type = 0xb,
					     .present = 1 };
		break;
	case MODE_LONG64: {
		/* Identity map with 2 MiB pages: 0-1G (RAM, MMIO_LO), 3G-4G (MMIO_HI),
		 * 4G-5G (MMIO_4G). PML4 0x2000, PDPT 0x3000, PDs 0x4000/0x5000/0x6000. */
		uint64_t *pml4 = (uint64_t *)(v->ram + 0x2000), *pdpt = (uint64_t *)(v->ram + 0x3000);
		const struct { int slot; uint64_t pd; } map[] = { { 0, 0x4000 }, { 3, 0x5000 }, { 4, 0x6000 } };
		pml4[0] = 0x3000 | 3;
		for (int m = 0; m < 3; m++) {
			uint64_t *pd = (uint64_t *)(v->ram + map[m].pd);
			pdpt[map[m].slot] = map[m].pd | 3;
			for (uint64_t i = 0; i < 512; i++)
				pd[i] = (((uint64_t)map[m].slot << 30) + (i << 21)) | 0x83;	/* P|RW|PS */
		}
		s.cr3 = 0x2000;
		s.cr4 = 0x620;			/* PAE|OSFXSR|OSXMMEXCPT: SSE cases */
		s.cr0 = 0x80000011;		/* PG|ET|PE */
		s.efer = 0x500;			/* LME|LMA */
		seg(&s.cs, 0x18, 0, 0xffffffff, 0xb, 0, 1, 1);
		seg(&s.ds, 0x10, 0, 0xffffffff, 0x3, 1, 0, 1);
		s.es = s.fs = s.gs = s.ss = s.ds;
		break;
	}
	}
	if (ioctl(v->vcpu_fd, KVM_SET_SREGS, &s) < 0)
		die("KVM_SET_SREGS (%s)", v->m->name);
	if (ioctl(v->vcpu_fd, KVM_SET_REGS, &g) < 0)
		die("KVM_SET_REGS");
	if (ioctl(v->vcpu_fd, KVM_GET_SREGS, &v->sregs0) < 0)
		die("KVM_GET_SREGS");
}

static void set_cpuid(int vcpu_fd)
{
	/* Long mode needs CPUID.LM in the guest's CPUID, else KVM rejects EFER.LME. */
	for (int n = 64;; n *= 2) {
		struct kvm_cpuid2 *c = calloc(1, sizeof(*c) + n * sizeof(c->entries[0]));
		c->nent = n;
		if (ioctl(kvm_fd, KVM_GET_SUPPORTED_CPUID, c) == 0) {
			if (ioctl(vcpu_fd, KVM_SET_CPUID2, c) < 0)
				die("KVM_SET_CPUID2");
			free(c);
			return;
		}
		free(c);
		if (errno != E2BIG)
			die("KVM_GET_SUPPORTED_CPUID");
	}
}

/* Offset of the u64 value of stat NAME in the vCPU stats fd, or -1. */
static int64_t stat_offset(int fd, const char *name)
{
	struct kvm_stats_header h;
	int64_t off = -1;

	if (fd < 0 || pread(fd, &h, sizeof(h), 0) != sizeof(h))
		return -1;
	size_t dsz = sizeof(struct kvm_stats_desc) + h.name_size;
	char *d = malloc(dsz * h.num_desc);
	if (pread(fd, d, dsz * h.num_desc, h.desc_offset) == (ssize_t)(dsz * h.num_desc))
		for (uint32_t i = 0; i < h.num_desc && off < 0; i++) {
			struct kvm_stats_desc *sd = (void *)(d + i * dsz);
			if (!strcmp(sd->name, name))
				off = h.data_offset + sd->offset;
		}
	free(d);
	return off;
}

/* KVM's binary statistics of this vCPU (kernel >= 5.14): the per-VM truth for
 * how many instructions the L1 emulator ran, independent of debugfs. */
static void print_kvm_stats(struct vm *v)
{
	static const char *want[] = { "exits", "insn_emulation", "insn_emulation_fail",
				      "mmio_exits", "io_exits", "halt_exits" };
	char line[512];
	size_t off = 0;

	if (v->stats_fd < 0)
		return;
	off += snprintf(line + off, sizeof(line) - off, "%s %s kvm-stats:", label, v->m->name);
	for (size_t w = 0; w < sizeof(want) / sizeof(want[0]); w++) {
		int64_t o = stat_offset(v->stats_fd, want[w]);
		uint64_t val;
		if (o >= 0 && pread(v->stats_fd, &val, 8, o) == 8)
			off += snprintf(line + off, sizeof(line) - off, " %s=%" PRIu64, want[w], val);
	}
	/* debugfs sums over live VMs; ours is the only one, so it must agree. */
	FILE *f = fopen("/sys/kernel/debug/kvm/insn_emulation", "r");
	unsigned long long dbg;
	if (f && fscanf(f, "%llu", &dbg) == 1)
		off += snprintf(line + off, sizeof(line) - off, " (debugfs insn_emulation=%llu)", dbg);
	if (f)
		fclose(f);
	printf("%s\n", line);
}

static void run_mode(const struct mode *m)
{
	struct vm v = { .m = m, .stats_fd = -1 };
	int mmap_size, done = 0;

	v.seen = calloc(m->ncases, 1);
	if ((v.vm_fd = ioctl(kvm_fd, KVM_CREATE_VM, 0)) < 0)
		die("KVM_CREATE_VM");
	v.ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (v.ram == MAP_FAILED)
		die("mmap guest RAM");
	if (!(v.ram_at_begin = malloc(RAM_SIZE)))
		die("malloc");
	struct kvm_userspace_memory_region reg = { .slot = 0, .guest_phys_addr = 0,
		.memory_size = RAM_SIZE, .userspace_addr = (uintptr_t)v.ram };
	if (ioctl(v.vm_fd, KVM_SET_USER_MEMORY_REGION, &reg) < 0)
		die("KVM_SET_USER_MEMORY_REGION");
	if (m->blob_end - m->blob > SCRATCH_B - LOAD_ADDR)
		errno = EFBIG, die("payload %s too big", m->name);
	memcpy(v.ram + LOAD_ADDR, m->blob, m->blob_end - m->blob);
	if ((v.vcpu_fd = ioctl(v.vm_fd, KVM_CREATE_VCPU, 0)) < 0)
		die("KVM_CREATE_VCPU");
	if ((mmap_size = ioctl(kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0)) < 0)
		die("KVM_GET_VCPU_MMAP_SIZE");
	v.run = mmap(NULL, mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED, v.vcpu_fd, 0);
	if (v.run == MAP_FAILED)
		die("mmap kvm_run");
	set_cpuid(v.vcpu_fd);
	setup_cpu(&v);
	v.stats_fd = ioctl(v.vcpu_fd, KVM_GET_STATS_FD, 0);
	v.emul_off = stat_offset(v.stats_fd, "insn_emulation");
	v.exits_off = stat_offset(v.stats_fd, "exits");
	v.emul_fail_off = stat_offset(v.stats_fd, "insn_emulation_fail");

	while (!done && !v.abort_why) {
		if (timed_out) {
			v.abort_why = "time budget exhausted (guest hang?)";
			break;
		}
		if (ioctl(v.vcpu_fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR)
				continue;
			snprintf(v.why, sizeof(v.why), "KVM_RUN: %s", strerror(errno));
			v.abort_why = v.why;
			break;
		}
		switch (v.run->exit_reason) {
		case KVM_EXIT_IO:
			handle_io(&v);	/* DONE is followed by HLT */
			break;
		case KVM_EXIT_MMIO:
			handle_mmio(&v);
			break;
		case KVM_EXIT_HLT:
			v.exits_other++;
			done = 1;
			break;
		case KVM_EXIT_INTR:
			v.exits_other++;
			break;
		case KVM_EXIT_INTERNAL_ERROR: {
			struct kvm_regs g;
			ioctl(v.vcpu_fd, KVM_GET_REGS, &g);
			/* The emulator gave up on an instruction inside a case: note
			 * it like an exception and go on at the case's case_end (the
			 * instruction did nothing, the vCPU can run on). */
			if (v.run->internal.suberror == KVM_INTERNAL_ERROR_EMULATION && v.cur && !v.exc.seen) {
				v.exc.seen = 1, v.exc.vec = VEC_EMUL_FAIL, v.exc.has_err = 0, v.exc.ip = g.rip;
				g.rip = v.resume;
				if (ioctl(v.vcpu_fd, KVM_SET_REGS, &g) < 0)
					die("KVM_SET_REGS");
				break;
			}
			int o = snprintf(v.why, sizeof(v.why), "KVM internal error suberror %u at rip %#llx, data:",
					 v.run->internal.suberror, g.rip);
			for (unsigned i = 0; i < v.run->internal.ndata && i < 8 && o < 200; i++)
				o += snprintf(v.why + o, sizeof(v.why) - o, " %#llx", v.run->internal.data[i]);
			v.abort_why = v.why;
			break;
		}
		default: {
			struct kvm_regs g;
			ioctl(v.vcpu_fd, KVM_GET_REGS, &g);
			snprintf(v.why, sizeof(v.why), "unexpected exit reason %u%s at rip %#llx", v.run->exit_reason,
				 v.run->exit_reason == KVM_EXIT_SHUTDOWN ? " (shutdown: triple fault)" : "", g.rip);
			v.abort_why = v.why;
		}
		}
	}
	if (v.abort_why) {
		if (v.cur)
			case_result(&v, v.cur, "%s", v.abort_why);
		else
			printf("%s %s: FAIL: %s (outside a case)\n", label, m->name, v.abort_why), v.fail++;
	}
	for (size_t i = 0; i < m->ncases; i++)
		if (!v.seen[i])
			case_result(&v, &m->cases[i], "did not run");
	printf("%s %s exits: io-harness=%lu io-test=%lu mmio=%lu other=%lu\n", label, m->name,
	       v.exits_io_harness, v.exits_io_test, v.exits_mmio, v.exits_other);
	print_kvm_stats(&v);
	printf("%s %s: %u passed, %u failed\n", label, m->name, v.pass, v.fail);
	total_pass += v.pass;
	total_fail += v.fail;
	if (v.stats_fd >= 0)
		close(v.stats_fd);
	munmap(v.run, mmap_size);
	close(v.vcpu_fd);
	close(v.vm_fd);
	munmap(v.ram, RAM_SIZE);
	free(v.ram_at_begin);
	free(v.seen);
}

static void on_alarm(int sig) { (void)sig; timed_out = 1; }

/* Instruction families for the summary: a case's family follows from the
 * mnemonic its name starts with. */
static const struct { const char *fam, *mn; } families[] = {
	{ "alu", "add adc sub sbb and or xor cmp test inc dec neg not" },
	{ "shift", "shl sal shr sar rol ror rcl rcr shld shrd" },
	{ "muldiv", "mul imul div idiv" },
	{ "bit", "bt bts btr btc bsf bsr tzcnt lzcnt popcnt" },
	{ "mov", "mov movzx movsx movsxd movbe moffs moffs32 moffs64 ea16 addr16 rip cmov setcc mmio" },
	{ "xchg", "xchg xadd cmpxchg cmpxchg8b cmpxchg16b" },
	{ "stack", "push pop pushf popf enter leave pusha popa" },
	{ "branch", "call ret jmp jcc loop jcxz" },
	{ "string", "movs stos lods cmps scas ins outs rep movsb movsw movsl movsq stosb stosw stosl stosq" },
	{ "io", "in out" },
	{ "far", "ljmp lcall lret iret int task" },
	{ "seg", "sreg lds les lss lfs lgs" },
	{ "sys", "crmov drmov rdmsr wrmsr cpuid sgdt sidt sldt str smsw lmsw lgdt lidt lldt ltr clts wbinvd invd invlpg rdtscp rdpid" },
	{ "bcd", "daa das aaa aas aam aad" },
	{ "misc", "cbw cwde cdqe cwd cdq cqo lahf sahf clc stc cmc cld std lea nop xlat bswap sahf ud1 ud2" },
	{ "fpu", "fninit fnstcw fnstsw fxsave fxrstor" },
	{ "sse", "movups movaps movupd movapd movdqa movdqu movq movd movnti movntps movntdq movss movsd movhps movlps" },
};
#define NFAM (sizeof(families) / sizeof(families[0]))
static unsigned fam_count[NFAM + 1];	/* last: "other" */

static void count_family(const char *name)
{
	char mn[32];
	size_t k = strcspn(name, "-");
	snprintf(mn, sizeof(mn), "%.*s", (int)(k < sizeof(mn) ? k : sizeof(mn) - 1), name);
	for (size_t f = 0; f < NFAM; f++) {
		const char *p = families[f].mn;
		size_t l = strlen(mn);
		while ((p = strstr(p, mn))) {
			if ((p == families[f].mn || p[-1] == ' ') && (p[l] == ' ' || !p[l])) {
				fam_count[f]++;
				return;
			}
			p += l;
		}
	}
	fam_count[NFAM]++;
}

static void load_record(const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (!f)
		die("open %s", path);
	while ((n = getline(&line, &cap, f)) > 0) {
		if (line[n - 1] == '\n')
			line[n - 1] = 0;
		rec_in = realloc(rec_in, (nrec_in + 1) * sizeof(*rec_in));
		rec_in[nrec_in++] = strdup(line);
	}
	free(line);
	fclose(f);
	rec_in_name = path;
}

int main(int argc, char **argv)
{
	unsigned budget = 60;
	int first = 1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 3 && !strcmp(argv[1], "--qemu-exit")) {
		if (ioperm(0xf4, 4, 1) < 0)
			die("ioperm");
		outl(strtoul(argv[2], NULL, 0), 0xf4);
		return 3;	/* not reached under QEMU with isa-debug-exit */
	}
	for (; first < argc && argv[first][0] == '-'; first++) {
		if (!strcmp(argv[first], "-v"))
			verbose = 1;
		else if (!strcmp(argv[first], "-l") && first + 1 < argc)
			label = argv[++first];
		else if (!strcmp(argv[first], "-t") && first + 1 < argc)
			budget = strtoul(argv[++first], NULL, 0);
		else if (!strcmp(argv[first], "--record") && first + 1 < argc) {
			if (!(rec_out = fopen(argv[++first], "w")))
				die("open %s", argv[first]);
		} else if (!strcmp(argv[first], "--compare") && first + 1 < argc)
			load_record(argv[++first]);
		else if (!strcmp(argv[first], "--kemu"))
			kemu_active = 1;
		else {
			fprintf(stderr, "usage: kemu-vmm [-v] [-l LABEL] [-t SECONDS] [--record FILE | --compare FILE] "
					"[--kemu] [MODE...] | --qemu-exit N\n");
			return 2;
		}
	}
	/* No SA_RESTART: a signal must make a blocked KVM_RUN return EINTR. */
	struct sigaction sa = { .sa_handler = on_alarm };
	sigaction(SIGALRM, &sa, NULL);
	alarm(budget);

	if ((kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC)) < 0)
		die("open /dev/kvm");
	if (ioctl(kvm_fd, KVM_GET_API_VERSION, 0) != KVM_API_VERSION)
		die("KVM API version");
	for (size_t i = 0; i < nmodes; i++) {
		int want = first == argc;
		for (int a = first; a < argc; a++)
			want |= !strcmp(argv[a], modes[i].name);
		if (want)
			run_mode(&modes[i]);
	}
	printf("%s summary: %u cases, %u passed, %u failed%s\n", label, total_pass + total_fail, total_pass,
	       total_fail, timed_out ? " (time budget exhausted)" : "");
	/* Table sizes (not results): cases per family and per mode. */
	char line[512];
	size_t o = snprintf(line, sizeof(line), "KEMU-L2-FAMILIES: %s", label);
	for (size_t i = 0; i < nmodes; i++)
		for (size_t c = 0; c < modes[i].ncases; c++)
			count_family(modes[i].cases[c].name);
	for (size_t f = 0; f <= NFAM; f++)
		if (fam_count[f])
			o += snprintf(line + o, sizeof(line) - o, " %s=%u", f < NFAM ? families[f].fam : "other",
				      fam_count[f]);
	printf("%s\n", line);
	o = snprintf(line, sizeof(line), "KEMU-L2-MODES: %s", label);
	size_t tot = 0;
	for (size_t i = 0; i < nmodes; i++)
		o += snprintf(line + o, sizeof(line) - o, " %s=%zu", modes[i].name, modes[i].ncases), tot += modes[i].ncases;
	printf("%s total=%zu; this run: %u expected-exception cases, %u deviation cases%s%s\n", line, tot, total_exc,
	       total_dev, rec_out ? ", recorded" : "", rec_in ? ", compared with the recorded run" : "");
	if (rec_out && fclose(rec_out))
		die("writing the record");
	return total_fail || !total_pass ? 1 : 0;
}
