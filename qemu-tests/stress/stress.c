/* kemu-stress: N vCPUs of one L2 VM emulating concurrently for a bounded time
 * (see payload.S).
 *
 *   kemu-stress [-n VCPUS] [-t SECONDS] [-d MICROSECONDS]
 *
 * Each vCPU thread runs its guest until the deadline and checks every device
 * access it serves: the counter a vCPU writes to its MMIO block and to its
 * port must be the previous one plus 1 (a lost or repeated emulation shows
 * as a gap or a repeat), REP STOSB must write offsets 0x20, 0x21, 0x22 in
 * order with the counter's low byte, reads get fixed patterns the guest
 * checks (a failed check arrives on port 0xee).  An emulation failure
 * (KVM_EXIT_INTERNAL_ERROR) is counted as lost and the vCPU resumes.
 * -d makes the VMM take that long to serve each port input: the vCPUs'
 * emulated IN instructions then spend most of the run waiting in userspace,
 * half-finished.  SIGTERM ends the run before its time, with the report.
 * Prints one line per vCPU and a total:
 *   KEMU-STRESS: total iterations=N wrong=W lost=L
 * Exit status 0 when nothing was wrong (lost is judged by the caller), 1 if
 * anything was, 2 on a setup error. */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define RAM_SIZE 0xa0000
#define LOAD_ADDR 0x8000
#define MMIO_BASE 0xa0000
#define PORT_BASE 0x300
#define PORT_FAIL 0xee
#define MAX_VCPUS 8

extern const uint8_t stress_payload[], stress_payload_end[];

static unsigned in_delay_us; /* -d: time to serve a port input */

struct vcpu {
	pthread_t thread;
	int fd;
	unsigned index;
	struct kvm_run *run;
	/* what the vCPU did, as the VMM saw it */
	long mmio_counter; /* last counter written to MMIO; -1 before the first */
	long port_counter;
	unsigned stos_next; /* next REP STOSB offset expected, 0x20..0x22 */
	unsigned long iterations, wrong, lost, exits;
	char first_wrong[160];
};

static int vm_fd;
static size_t run_size;
static struct timespec deadline;

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "KEMU-STRESS: setup: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, " (%s)\n", strerror(errno));
	va_end(ap);
	exit(2);
}

static void wrong(struct vcpu *v, const char *fmt, ...)
{
	va_list ap;

	if (!v->wrong++) {
		va_start(ap, fmt);
		vsnprintf(v->first_wrong, sizeof(v->first_wrong), fmt, ap);
		va_end(ap);
	}
}

/* SIGTERM ends the run early, with the usual report. */
static volatile sig_atomic_t stop;

static void on_sigterm(int sig)
{
	(void)sig;
	stop = 1;
}

static int past_deadline(void)
{
	struct timespec now;

	if (stop)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > deadline.tv_sec ||
	       (now.tv_sec == deadline.tv_sec && now.tv_nsec >= deadline.tv_nsec);
}

/* A write of the iteration counter: exactly one more than the last one. */
static void counter(struct vcpu *v, long *last, uint64_t value, const char *where)
{
	long expect = (*last + 1) & 0xffff;

	if (*last >= 0 && (long)value != expect)
		wrong(v, "%s counter %#lx after %#lx", where, (long)value, *last);
	*last = (long)value;
}

static void handle_mmio(struct vcpu *v)
{
	struct kvm_run *r = v->run;
	uint64_t off = r->mmio.phys_addr - MMIO_BASE;
	unsigned owner = off >> 8, sub = off & 0xff;
	uint64_t value = 0;

	if (r->mmio.phys_addr < MMIO_BASE || owner != v->index) {
		wrong(v, "MMIO %s at %#llx outside its block", r->mmio.is_write ? "write" : "read",
		      (unsigned long long)r->mmio.phys_addr);
		return;
	}
	if (!r->mmio.is_write) {
		for (unsigned i = 0; i < r->mmio.len; i++)
			r->mmio.data[i] = (uint8_t)(((off + i) & 0xff) ^ 0x80);
		return;
	}
	memcpy(&value, r->mmio.data, r->mmio.len > 8 ? 8 : r->mmio.len);
	if (sub == 0 && r->mmio.len == 2) {
		counter(v, &v->mmio_counter, value, "MMIO");
		v->iterations++;
	} else if (sub >= 0x20 && sub <= 0x22 && r->mmio.len == 1) {
		if (sub != v->stos_next)
			wrong(v, "REP STOSB wrote offset %#x, expected %#x", sub, v->stos_next);
		if (value != (uint64_t)(v->mmio_counter & 0xff))
			wrong(v, "REP STOSB wrote %#llx in iteration %#lx",
			      (unsigned long long)value, v->mmio_counter);
		v->stos_next = sub == 0x22 ? 0x20 : sub + 1;
	} else {
		wrong(v, "unexpected MMIO write of %u bytes at offset %#x", r->mmio.len, sub);
	}
}

static void handle_io(struct vcpu *v)
{
	struct kvm_run *r = v->run;
	uint8_t *data = (uint8_t *)r + r->io.data_offset;
	uint64_t value = 0;

	if (r->io.port == PORT_FAIL && r->io.direction == KVM_EXIT_IO_OUT) {
		wrong(v, "the guest's check %u failed", data[0]);
		return;
	}
	if (r->io.port != PORT_BASE + v->index || r->io.size != 2 || r->io.count != 1) {
		wrong(v, "unexpected port access %#x size %u count %u", r->io.port, r->io.size,
		      r->io.count);
		return;
	}
	if (r->io.direction == KVM_EXIT_IO_IN) {
		if (in_delay_us)
			usleep(in_delay_us);
		data[0] = 0xc0;
		data[1] = 0xc1;
		return;
	}
	memcpy(&value, data, 2);
	counter(v, &v->port_counter, value, "port");
}

static void *run_vcpu(void *arg)
{
	struct vcpu *v = arg;

	while (!past_deadline() && v->wrong < 100) {
		if (ioctl(v->fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			wrong(v, "KVM_RUN failed: %s", strerror(errno));
			break;
		}
		v->exits++;
		switch (v->run->exit_reason) {
		case KVM_EXIT_MMIO:
			handle_mmio(v);
			break;
		case KVM_EXIT_IO:
			handle_io(v);
			break;
		case KVM_EXIT_INTERNAL_ERROR:
			/* an emulation failure: the instruction runs again */
			v->lost++;
			break;
		default:
			wrong(v, "unexpected exit %u", v->run->exit_reason);
			return NULL;
		}
	}
	return NULL;
}

static void setup_vcpu(struct vcpu *v, int kvm_fd)
{
	struct kvm_sregs s;
	struct kvm_regs g = { .rflags = 2, .rip = LOAD_ADDR };

	v->fd = ioctl(vm_fd, KVM_CREATE_VCPU, v->index);
	if (v->fd < 0)
		die("KVM_CREATE_VCPU %u", v->index);
	v->run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED, v->fd, 0);
	if (v->run == MAP_FAILED)
		die("mmap kvm_run");
	if (ioctl(v->fd, KVM_GET_SREGS, &s) < 0)
		die("KVM_GET_SREGS");
	/* real mode: CS = DS = SS = 0, ES = 0xa000 (the MMIO) */
	s.cs.base = 0;
	s.cs.selector = 0;
	s.ds.base = s.ss.base = s.fs.base = s.gs.base = 0;
	s.ds.selector = s.ss.selector = s.fs.selector = s.gs.selector = 0;
	s.es.base = MMIO_BASE;
	s.es.selector = MMIO_BASE >> 4;
	if (ioctl(v->fd, KVM_SET_SREGS, &s) < 0)
		die("KVM_SET_SREGS");
	g.rsi = v->index * 0x100;
	g.rbx = 0x7000 + 2 * v->index;
	if (ioctl(v->fd, KVM_SET_REGS, &g) < 0)
		die("KVM_SET_REGS");
	v->mmio_counter = v->port_counter = -1;
	v->stos_next = 0x20;
	(void)kvm_fd;
}

int main(int argc, char **argv)
{
	struct vcpu vcpus[MAX_VCPUS] = {};
	unsigned n = 4, seconds = 10;
	unsigned long iterations = 0, wrongs = 0, lost = 0;
	int opt, kvm_fd;
	uint8_t *ram;

	while ((opt = getopt(argc, argv, "n:t:d:")) != -1) {
		if (opt == 'n')
			n = (unsigned)atoi(optarg);
		else if (opt == 't')
			seconds = (unsigned)atoi(optarg);
		else if (opt == 'd')
			in_delay_us = (unsigned)atoi(optarg);
		else
			return 2;
	}
	if (n < 1 || n > MAX_VCPUS) {
		fprintf(stderr, "usage: kemu-stress [-n 1..%d] [-t SECONDS] [-d MICROSECONDS]\n",
			MAX_VCPUS);
		return 2;
	}
	signal(SIGTERM, on_sigterm);
	kvm_fd = open("/dev/kvm", O_RDWR);
	if (kvm_fd < 0)
		die("open /dev/kvm");
	vm_fd = ioctl(kvm_fd, KVM_CREATE_VM, 0);
	if (vm_fd < 0)
		die("KVM_CREATE_VM");
	run_size = (size_t)ioctl(kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ram == MAP_FAILED)
		die("mmap RAM");
	memcpy(ram + LOAD_ADDR, stress_payload, (size_t)(stress_payload_end - stress_payload));
	struct kvm_userspace_memory_region slot = {
		.slot = 0, .guest_phys_addr = 0, .memory_size = RAM_SIZE,
		.userspace_addr = (uint64_t)(uintptr_t)ram,
	};
	if (ioctl(vm_fd, KVM_SET_USER_MEMORY_REGION, &slot) < 0)
		die("KVM_SET_USER_MEMORY_REGION");
	for (unsigned i = 0; i < n; i++) {
		vcpus[i].index = i;
		setup_vcpu(&vcpus[i], kvm_fd);
	}
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += seconds;
	for (unsigned i = 0; i < n; i++)
		if (pthread_create(&vcpus[i].thread, NULL, run_vcpu, &vcpus[i]))
			die("pthread_create");
	for (unsigned i = 0; i < n; i++) {
		struct vcpu *v = &vcpus[i];
		uint16_t ram_counter;

		pthread_join(v->thread, NULL);
		/* iteration k writes k to MMIO, then makes the RAM counter k + 1 */
		memcpy(&ram_counter, ram + 0x7000 + 2 * i, 2);
		if (ram_counter != (uint16_t)(v->mmio_counter + 1) &&
		    ram_counter != (uint16_t)v->mmio_counter)
			wrong(v, "RAM counter %#x after MMIO counter %#lx", ram_counter,
			      v->mmio_counter);
		printf("KEMU-STRESS: vcpu %u: iterations=%lu exits=%lu wrong=%lu lost=%lu%s%s\n", i,
		       v->iterations, v->exits, v->wrong, v->lost, v->wrong ? " first: " : "",
		       v->first_wrong);
		iterations += v->iterations;
		wrongs += v->wrong;
		lost += v->lost;
	}
	printf("KEMU-STRESS: total vcpus=%u seconds=%u iterations=%lu wrong=%lu lost=%lu\n", n,
	       seconds, iterations, wrongs, lost);
	return wrongs || !iterations ? 1 : 0;
}
