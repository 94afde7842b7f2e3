/* Included by the verbatim asm/fpu/types.h; nothing from it is needed. */
