/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KEMU_TAKEOVER_H
#define KEMU_TAKEOVER_H

/* Route kvm.ko's emulator calls (unless takeover=0); from module init. */
int kemu_takeover_init(void);
/* Give kvm.ko its emulator back and wait for calls inside kemu; module exit. */
void kemu_takeover_exit(void);

#endif /* KEMU_TAKEOVER_H */
