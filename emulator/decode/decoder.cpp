// SPDX-License-Identifier: GPL-2.0
// Decoding for emulation: bytes come through the ops table (decode/fetch.h).
#include "decode/decoder.h"

#include "decode/decode_core.h"
#include "decode/fetch.h"

namespace kemu::decode {

Status decode(kemu_ctxt &c, const u8 *bytes, unsigned len)
{
	kemu_insn &insn = c.insn;
	insn = {};
	c.have_exception = 0;
	if (bytes != nullptr && len > 0) {
		if (len > KEMU_MAX_INSN_LEN)
			len = KEMU_MAX_INSN_LEN;
		copy_bytes(insn.bytes, bytes, len);
		insn.fetched = static_cast<u8>(len);
	}
	Fetcher f(c);
	const DecodeEnv env{static_cast<u8>(c.mode), c.gprs, c.rip};
	const Status s = decode_insn(env, f, insn);
	// Only a complete decode names an entry: kemu_execute refuses without one.
	if (s != Status::Continue)
		insn.entry = nullptr;
	return s;
}

} // namespace kemu::decode
