/* Embeds the stress guest (built by qemu-tests/Makefile) into kemu-stress. */
	.section .rodata
	.globl stress_payload, stress_payload_end
stress_payload:
	.incbin "stress-payload.bin"
stress_payload_end:
	.section .note.GNU-stack, "", @progbits
