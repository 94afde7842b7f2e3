// SPDX-License-Identifier: GPL-2.0
// Decoding for emulation: bytes come through the ops table (decode/fetch.h).
#include "decode/decoder.h"

#include "decode/decode_cache.h"
#include "decode/decode_core.h"
#include "decode/fetch.h"

namespace kemu::decode {

unsigned width_bytes_of(Width w, const kemu_insn &insn, bool long_mode)
{
	return width_bytes(w, insn, long_mode);
}

namespace {

// A decode the cache did not answer: the decoder's walk (inline here), after
// the first fetch, from byte 0 with insn.fetched bytes in hand.  Its own
// function, reached by a tail call: a cache hit does not pay its frame, and
// a fresh decode no return more than the host's call (under the kernel's
// return thunks every return is dear).
[[gnu::noinline]] Status decode_fresh(kemu_ctxt &c)
{
	Fetcher f(c);
	const DecodeEnv env{static_cast<u8>(c.mode), c.gprs, c.rip};
	const Status s = decode_insn(env, f, c.insn);
	// Only a complete decode names an entry: kemu_execute refuses without one.
	if (s != Status::Continue)
		c.insn.entry = nullptr;
	else if (c.decode_cache != nullptr)
		keep_decoded(c);
	return s;
}

// Decode the instruction at CS:rip into c.insn (bytes/len: already known
// bytes).
[[gnu::always_inline]] inline Status decode(kemu_ctxt &c, const u8 *bytes, unsigned len)
{
	kemu_insn &insn = c.insn;
	zero_in_parts(insn);
	c.have_exception = 0;
	if (bytes != nullptr && len > 0) {
		if (len > KEMU_MAX_INSN_LEN)
			len = KEMU_MAX_INSN_LEN;
		copy_bytes(insn.bytes, bytes, len);
		insn.fetched = static_cast<u8>(len);
	}
	// The decoder's first fetch, made here for every decode (its first byte
	// then comes from the fast path), and before the cache is asked: a fault
	// there leaves the instruction as the decoder would (no entry, no
	// segment).
	insn.seg_override = KEMU_SEG_NONE;
	{
		Fetcher f(c);
		const Status s = f.first_fetch();
		if (s != Status::Continue || (c.decode_cache != nullptr && reuse_cached(c)))
			return s;
	}
	return decode_fresh(c);
}

} // namespace

} // namespace kemu::decode

extern "C" int kemu_decode(kemu_ctxt *ctxt, const kemu_u8 *bytes, unsigned int len)
{
	ctxt->read_cache.pos = ctxt->read_cache.end = 0; // a new instruction
	ctxt->read_cache.port_run = 0;
	return static_cast<int>(kemu::decode::decode(*ctxt, bytes, len));
}
