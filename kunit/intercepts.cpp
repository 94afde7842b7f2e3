// SPDX-License-Identifier: GPL-2.0
// kemu's intercept ids for the KVM ABI test (abi_test.c): the core's enum is
// C++ (decode/opcode.h), so its values reach the C test through this table.
#include "decode/opcode.h"

#include "intercepts.h"

using kemu::decode::Intercept;

#define KEMU_KUNIT_ID(kvm, kemu) static_cast<unsigned char>(Intercept::kemu),
extern "C" const unsigned char kemu_kunit_intercept_ids[] = {KEMU_KUNIT_INTERCEPTS(KEMU_KUNIT_ID)};
#undef KEMU_KUNIT_ID

extern "C" const unsigned int kemu_kunit_intercept_list_len =
    sizeof(kemu_kunit_intercept_ids) / sizeof(kemu_kunit_intercept_ids[0]);
extern "C" const unsigned int kemu_kunit_intercept_count = static_cast<unsigned>(Intercept::Count);
