/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kemu's version, the one place it is written: kemu.ko's MODULE_VERSION
 * (modinfo kemu), the tools' --version and the Debian packages' version
 * (make deb) all take it from here.
 */
#ifndef KEMU_VERSION_H
#define KEMU_VERSION_H

#define KEMU_VERSION "0.1.0"

#endif
