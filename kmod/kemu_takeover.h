/* SPDX-License-Identifier: GPL-2.0 */
#ifndef KEMU_TAKEOVER_H
#define KEMU_TAKEOVER_H

/* Enable the livepatch on kvm.ko (unless takeover=0); from module init. */
int kemu_takeover_init(void);

#endif /* KEMU_TAKEOVER_H */
