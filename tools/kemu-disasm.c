// kemu-disasm: disassemble hex bytes with kemu's decoder (the same code that
// runs in kemu.ko), one instruction per argument or a stream from stdin.
//
//   kemu-disasm [-16|-32|-64] HEX...        e.g. kemu-disasm -64 8918 48a14020000000000000
//   echo 89184801c3 | kemu-disasm -s -64    a stream: instruction after instruction
//   kemu-disasm --help | --version
#include <kemu/kemu.h>
#include <kemu/version.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_hex(const char *s, kemu_u8 *out, unsigned max)
{
	unsigned n = 0;
	while (*s) {
		if (*s == ' ' || *s == '\n' || *s == '\t') {
			s++;
			continue;
		}
		char byte[3] = {s[0], s[1], 0};
		char *end;
		if (!s[1] || n == max)
			return -1;
		out[n++] = (kemu_u8)strtoul(byte, &end, 16);
		if (*end)
			return -1;
		s += 2;
	}
	return (int)n;
}

static void show(unsigned mode, const kemu_u8 *b, unsigned len, unsigned offset)
{
	struct kemu_disasm d;
	int rc = kemu_disassemble(mode, b, len, &d);
	unsigned shown = rc == KEMU_CONTINUE ? d.length : (len < 15 ? len : 15);
	printf("%6x:  ", offset);
	for (unsigned i = 0; i < 15; i++)
		printf(i < shown ? "%02x" : "  ", b[i]);
	if (rc == KEMU_CONTINUE)
		printf("  %s\n", d.text);
	else if (rc == KEMU_PROPAGATE_FAULT)
		printf("  %s  (#%s)\n", d.text, d.vector == KEMU_UD ? "UD" : "GP");
	else
		printf("  %s\n", d.text);
}

int main(int argc, char **argv)
{
	unsigned mode = KEMU_MODE_PROT64;
	int stream = 0, i = 1;
	if (argc == 2 && !strcmp(argv[1], "--help")) {
		printf("usage: kemu-disasm [-16|-32|-64] [-s] [HEX...]\n"
		       "Disassemble each HEX argument (or, with -s or no HEX, a hex stream on\n"
		       "standard input) with kemu's decoder, Intel syntax; default -64.\n"
		       "See kemu-disasm(1).\n");
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "--version")) {
		printf("kemu-disasm %s\n", KEMU_VERSION);
		return 0;
	}
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-16"))
			mode = KEMU_MODE_PROT16;
		else if (!strcmp(argv[i], "-32"))
			mode = KEMU_MODE_PROT32;
		else if (!strcmp(argv[i], "-64"))
			mode = KEMU_MODE_PROT64;
		else if (!strcmp(argv[i], "-s"))
			stream = 1;
		else {
			fprintf(stderr, "usage: kemu-disasm [-16|-32|-64] [-s] [HEX...]\n");
			return 2;
		}
	}
	static kemu_u8 buf[1 << 16];
	if (stream || i == argc) {
		static char text[1 << 17];
		size_t n = fread(text, 1, sizeof(text) - 1, stdin);
		text[n] = 0;
		int len = parse_hex(text, buf, sizeof(buf));
		if (len < 0) {
			fprintf(stderr, "kemu-disasm: input is not hex bytes\n");
			return 2;
		}
		for (unsigned off = 0; off < (unsigned)len;) {
			struct kemu_disasm d;
			unsigned left = (unsigned)len - off;
			show(mode, buf + off, left, off);
			off += kemu_disassemble(mode, buf + off, left, &d) == KEMU_CONTINUE ? d.length : 1;
		}
		return 0;
	}
	for (; i < argc; i++) {
		int len = parse_hex(argv[i], buf, 64);
		if (len < 0) {
			fprintf(stderr, "kemu-disasm: '%s' is not hex bytes\n", argv[i]);
			return 2;
		}
		show(mode, buf, (unsigned)len, 0);
	}
	return 0;
}
