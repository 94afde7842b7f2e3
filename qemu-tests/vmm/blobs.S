/* Embeds the flat payloads (built by the Makefile) into the VMM binary. */
	.section .rodata
	.macro blob name, file
	.globl \name, \name\()_end
\name:	.incbin "\file"
\name\()_end:
	.endm
	blob payload_real, "payload-real.bin"
	blob payload_prot32, "payload-prot32.bin"
	blob payload_long64, "payload-long64.bin"
	.section .note.GNU-stack, "", @progbits
