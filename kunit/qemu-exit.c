// SPDX-License-Identifier: GPL-2.0
/*
 * qemu-exit CODE: leave QEMU through its isa-debug-exit device (port 0xf4):
 * QEMU exits with status (CODE << 1) | 1.  Static, for the KUnit initramfs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/io.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: qemu-exit CODE\n");
		return 2;
	}
	if (ioperm(0xf4, 4, 1)) {
		perror("qemu-exit: ioperm");
		return 1;
	}
	outl((unsigned int)strtoul(argv[1], NULL, 0), 0xf4);
	fprintf(stderr, "qemu-exit: no isa-debug-exit device at 0xf4\n");
	return 1;
}
