// The decoded-instruction cache (kemu_ctxt.decode_cache): every decode with
// the cache must equal the decode without it (status, kemu_insn, exception,
// and the callbacks made, fetches included), whatever the cache holds; and a
// decode taken from it must execute as a fresh one.  Each test runs the same
// steps on two machines, one with a cache and one without, and compares.
//
// KEMU_TEST_DECODE_CACHE=1 in the environment also gives every other test of
// this binary on the fake host one cache for all of them (make test-host runs
// the binary once without it, once with it).
#include <gtest/gtest.h>
#include <kemu/kemu.h>

#include "fakehost/fake_host.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <random>
#include <vector>

namespace {

kemu_decode_cache g_shared_cache;

// How much the shared cache served, printed after the run.
struct SharedCacheReport : testing::Environment {
	void TearDown() override
	{
		printf("decode cache shared by the tests: %llu hits, %llu misses\n",
		       static_cast<unsigned long long>(g_shared_cache.hits),
		       static_cast<unsigned long long>(g_shared_cache.misses));
	}
};

const bool g_shared_cache_on = [] {
	const char *on = getenv("KEMU_TEST_DECODE_CACHE");
	if (!on || !*on || strcmp(on, "0") == 0)
		return false;
	kemu::FakeHost::shared_decode_cache = &g_shared_cache;
	testing::AddGlobalTestEnvironment(new SharedCacheReport);
	return true;
}();

constexpr uint64_t kRam = 0x10000, kRamSize = 0x20000, kCode = 0x11000;
constexpr uint64_t kLowCode = 0x1000; // reachable in every mode

// The fake host with every callback, RAM at 0 and kRam, code at kCode.
struct Machine : kemu::FakeHost {
	std::vector<uint8_t> ram = std::vector<uint8_t>(kRamSize);
	std::vector<uint8_t> low = std::vector<uint8_t>(kRam);

	Machine(kemu_mode mode, kemu_decode_cache *cache)
	{
		reset(mode);
		map(0, low.size(), low.data());
		map(kRam, ram.size(), ram.data());
		ctxt.decode_cache = cache;
		ctxt.rip = kCode;
	}
	Machine(const Machine &) = delete; // ctxt.opaque points here

	void set_mode(kemu_mode mode, unsigned cpl = 0)
	{
		ctxt.mode = mode;
		flat_segments(mode, cpl);
	}
	void code(std::initializer_list<uint8_t> bytes, uint64_t at = kCode)
	{
		memcpy(at < kRam ? &low[at] : &ram[at - kRam], bytes.begin(), bytes.size());
	}
};

// The same steps on a machine with a cache and one without.
struct Twins {
	kemu_decode_cache cache = {};
	Machine with{KEMU_MODE_PROT64, &cache};
	Machine without{KEMU_MODE_PROT64, nullptr};

	template <typename F>
	void both(F f)
	{
		f(with);
		f(without);
	}

	// Decode on both (bytes: what the host passes in); the outcomes and the
	// callbacks must be the same.  The status.
	int decode(const uint8_t *bytes = nullptr, unsigned len = 0)
	{
		with.clear_log();
		without.clear_log();
		int a = with.decode(bytes, len);
		int b = without.decode(bytes, len);
		EXPECT_EQ(b, a);
		same_insn();
		EXPECT_EQ(without.ctxt.have_exception, with.ctxt.have_exception);
		if (with.ctxt.have_exception && without.ctxt.have_exception) {
			EXPECT_EQ(0, memcmp(&with.ctxt.exception, &without.ctxt.exception,
			                    sizeof(kemu_exception)));
		}
		same_calls();
		return a;
	}
	int execute(bool compare_ram = true)
	{
		with.clear_log();
		without.clear_log();
		int a = with.execute();
		int b = without.execute();
		EXPECT_EQ(b, a);
		EXPECT_EQ(0, memcmp(with.ctxt.gprs, without.ctxt.gprs, sizeof(with.ctxt.gprs)));
		EXPECT_EQ(without.ctxt.rip, with.ctxt.rip);
		EXPECT_EQ(without.ctxt.rflags, with.ctxt.rflags);
		EXPECT_EQ(without.ctxt.have_exception, with.ctxt.have_exception);
		if (with.ctxt.have_exception) {
			EXPECT_EQ(without.ctxt.exception.vector, with.ctxt.exception.vector);
		}
		if (compare_ram) {
			EXPECT_EQ(without.ram, with.ram);
		}
		same_calls();
		return a;
	}
	void same_insn()
	{
		const kemu_insn &a = with.ctxt.insn, &b = without.ctxt.insn;
		if (memcmp(&a, &b, sizeof(a)) == 0)
			return;
		const uint8_t *x = reinterpret_cast<const uint8_t *>(&a);
		const uint8_t *y = reinterpret_cast<const uint8_t *>(&b);
		for (size_t i = 0; i < sizeof(a); i++)
			if (x[i] != y[i])
				ADD_FAILURE()
				    << "kemu_insn byte " << i << ": " << unsigned(x[i])
				    << " with the cache, " << unsigned(y[i]) << " without";
	}
	void same_calls()
	{
		ASSERT_EQ(without.ncalls, with.ncalls);
		const unsigned logged =
		    with.ncalls < kemu::FakeHost::kLogSize ? with.ncalls : kemu::FakeHost::kLogSize;
		for (unsigned i = 0; i < logged; i++) {
			const kemu::FakeHost::Call &a = with.log[i], &b = without.log[i];
			EXPECT_TRUE(a.kind == b.kind && a.status == b.status &&
			            a.bytes == b.bytes && a.where == b.where && a.value == b.value)
			    << "call " << i;
		}
	}
	uint64_t hits() const { return cache.hits; }
};

TEST(DecodeCache, ReusesTheDecodeWithTheCurrentRegisters)
{
	Twins t;
	t.both([](Machine &m) {
		m.code({0x8b, 0x44, 0x8b, 0x10}); // mov eax,[rbx+rcx*4+0x10]
		m.ctxt.gprs[KEMU_RBX] = kRam + 0x100;
		m.ctxt.gprs[KEMU_RCX] = 2;
		m.poke(kRam + 0x100 + 8 + 0x10, "\x11\x22\x33\x44", 4);
		m.poke(kRam + 0x200 + 12 + 0x10, "\x55\x66\x77\x88", 4);
	});
	ASSERT_EQ(KEMU_CONTINUE, t.decode());
	EXPECT_EQ(0u, t.hits());
	ASSERT_EQ(KEMU_CONTINUE, t.execute());
	EXPECT_EQ(0x44332211u, t.with.ctxt.gprs[KEMU_RAX]);
	// The same instruction again, other registers: the address is theirs.
	t.both([](Machine &m) {
		m.ctxt.rip = kCode;
		m.ctxt.gprs[KEMU_RBX] = kRam + 0x200;
		m.ctxt.gprs[KEMU_RCX] = 3;
	});
	ASSERT_EQ(KEMU_CONTINUE, t.decode());
	EXPECT_EQ(1u, t.hits());
	EXPECT_EQ(kRam + 0x200 + 12 + 0x10, t.with.ctxt.insn.ea);
	ASSERT_EQ(KEMU_CONTINUE, t.execute());
	EXPECT_EQ(0x88776655u, t.with.ctxt.gprs[KEMU_RAX]);
}

TEST(DecodeCache, RipRelativeAndMoffsAddressesFollowTheirRip)
{
	Twins t;
	t.both([](Machine &m) { m.code({0x8b, 0x05, 0x00, 0x01, 0x00, 0x00}); }); // [rip+0x100]
	ASSERT_EQ(KEMU_CONTINUE, t.decode());
	// The same bytes elsewhere, in the entry the first one left (found by
	// rIP: the lookup goes by bytes within the entry).
	for (uint64_t rip = kCode + 0x40; rip < kCode + 0x40 + 64 * 8; rip += 8) {
		t.both([rip](Machine &m) {
			m.code({0x8b, 0x05, 0x00, 0x01, 0x00, 0x00}, rip);
			m.ctxt.rip = rip;
		});
		ASSERT_EQ(KEMU_CONTINUE, t.decode());
		EXPECT_EQ(rip + 6 + 0x100, t.with.ctxt.insn.ea);
		ASSERT_EQ(KEMU_CONTINUE, t.decode()); // and again: a hit
	}
	EXPECT_GE(t.hits(), 64u);
	// moffs: a constant address, no register.
	t.both([](Machine &m) {
		m.code({0xa1, 0x40, 0x20, 0x01, 0, 0, 0, 0, 0}); // mov eax,[0x12040]
		m.ctxt.rip = kCode;
		m.ctxt.gprs[KEMU_RAX] = 0x1234;
	});
	ASSERT_EQ(KEMU_CONTINUE, t.decode());
	const uint64_t hits = t.hits();
	t.both([](Machine &m) { m.ctxt.gprs[KEMU_RAX] = 0x5678; });
	ASSERT_EQ(KEMU_CONTINUE, t.decode());
	EXPECT_EQ(hits + 1, t.hits());
	EXPECT_EQ(0x12040u, t.with.ctxt.insn.ea);
}

TEST(DecodeCache, SelfModifyingCodeAtTheSameRip)
{
	Twins t;
	t.both([](Machine &m) {
		m.code({0x8b, 0x03}); // mov eax,[rbx]
		m.ctxt.gprs[KEMU_RBX] = kRam + 0x100;
		m.ctxt.gprs[KEMU_RCX] = kRam + 0x200;
		m.poke(kRam + 0x100, "\x01\x00\x00\x00", 4);
		m.poke(kRam + 0x200, "\x02\x00\x00\x00", 4);
	});
	ASSERT_EQ(KEMU_CONTINUE, t.decode());
	ASSERT_EQ(KEMU_CONTINUE, t.execute());
	EXPECT_EQ(1u, t.with.ctxt.gprs[KEMU_RAX]);
	// The guest rewrites the instruction in place (the same length): now
	// mov eax,[rcx].
	t.both([](Machine &m) {
		m.code({0x8b, 0x01});
		m.ctxt.rip = kCode;
	});
	ASSERT_EQ(KEMU_CONTINUE, t.decode());
	EXPECT_EQ(0u, t.hits());
	ASSERT_EQ(KEMU_CONTINUE, t.execute());
	EXPECT_EQ(2u, t.with.ctxt.gprs[KEMU_RAX]);
	// One byte past the old instruction changes: a longer one now.
	t.both([](Machine &m) {
		m.code({0x8b, 0x41, 0x04}); // mov eax,[rcx+4]
		m.ctxt.rip = kCode;
	});
	ASSERT_EQ(KEMU_CONTINUE, t.decode());
	EXPECT_EQ(3, t.with.ctxt.insn.length);
	// The instruction rewrites its own first byte (mov byte [rip-7],4 is
	// 7 bytes long): run from the same rIP again, the new bytes decode.
	t.both([](Machine &m) {
		m.code({0xc6, 0x05, 0xf9, 0xff, 0xff, 0xff, 0x04}); // mov byte [rip-7],4
		m.ctxt.rip = kCode;
	});
	ASSERT_EQ(KEMU_CONTINUE, t.decode());
	ASSERT_EQ(KEMU_CONTINUE, t.execute());
	EXPECT_EQ(0x04, t.with.ram[kCode - kRam]); // its first byte is now 04: add al,imm8
	t.both([](Machine &m) { m.ctxt.rip = kCode; });
	ASSERT_EQ(KEMU_CONTINUE, t.decode());
	EXPECT_EQ(0x04, t.with.ctxt.insn.opcode);
	EXPECT_EQ(2, t.with.ctxt.insn.length);
	EXPECT_EQ(0u, t.hits());
}

TEST(DecodeCache, SameBytesInAnotherModeDecodeAfresh)
{
	Twins t;
	t.both([](Machine &m) {
		m.code({0x48, 0x8b, 0x03}, kLowCode); // 64-bit: mov rax,[rbx]
		m.ctxt.rip = kLowCode;
	});
	ASSERT_EQ(KEMU_CONTINUE, t.decode());
	EXPECT_EQ(3, t.with.ctxt.insn.length);
	// 32-bit protected mode (CS.L=0, CS.D=1): 48 is DEC EAX.
	t.both([](Machine &m) {
		m.set_mode(KEMU_MODE_PROT32);
		m.ctxt.rip = kLowCode;
	});
	ASSERT_EQ(KEMU_CONTINUE, t.decode());
	EXPECT_EQ(1, t.with.ctxt.insn.length);
	EXPECT_EQ(0x48, t.with.ctxt.insn.opcode);
	EXPECT_EQ(0u, t.hits());
	// 8B 03 in each mode: operand and address sizes from the mode's defaults.
	const kemu_mode modes[] = {KEMU_MODE_PROT32, KEMU_MODE_PROT16, KEMU_MODE_REAL,
	                           KEMU_MODE_VM86,   KEMU_MODE_PROT64, KEMU_MODE_PROT16,
	                           KEMU_MODE_PROT32};
	const uint8_t op_bytes[] = {4, 2, 2, 2, 4, 2, 4}, ad_bytes[] = {4, 2, 2, 2, 8, 2, 4};
	for (unsigned i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		t.both([&](Machine &m) {
			m.code({0x8b, 0x03}, kLowCode); // mov eax,[ebx] / mov ax,[bp+di]
			m.set_mode(modes[i]);
			m.ctxt.rip = kLowCode;
		});
		ASSERT_EQ(KEMU_CONTINUE, t.decode()) << "mode " << modes[i];
		EXPECT_EQ(op_bytes[i], t.with.ctxt.insn.op_bytes) << "mode " << modes[i];
		EXPECT_EQ(ad_bytes[i], t.with.ctxt.insn.ad_bytes) << "mode " << modes[i];
		EXPECT_EQ(0u, t.hits()) << "mode " << modes[i];
	}
	// The same mode again: taken from the cache.
	t.both([](Machine &m) { m.ctxt.rip = kLowCode; });
	ASSERT_EQ(KEMU_CONTINUE, t.decode());
	EXPECT_EQ(1u, t.hits());
}

TEST(DecodeCache, PrivilegedInstructionFaultsAtCpl3AfterACpl0Hit)
{
	Twins t;
	t.both([](Machine &m) {
		m.code({0x0f, 0x20, 0xc0}); // mov rax,cr0
		m.cr[0] = 0x80050033;
	});
	for (int round = 0; round < 2; round++) { // a miss, then a hit
		t.both([](Machine &m) { m.ctxt.rip = kCode; });
		ASSERT_EQ(KEMU_CONTINUE, t.decode());
		ASSERT_EQ(KEMU_CONTINUE, t.execute());
		EXPECT_EQ(0x80050033u, t.with.ctxt.gprs[KEMU_RAX]);
	}
	EXPECT_EQ(1u, t.hits());
	// User mode, the same bytes at the same rIP: the decode is the cache's,
	// the privilege check is the execution's.
	t.both([](Machine &m) {
		m.set_mode(KEMU_MODE_PROT64, 3);
		m.ctxt.rip = kCode;
		m.ctxt.gprs[KEMU_RAX] = 0;
	});
	ASSERT_EQ(KEMU_CONTINUE, t.decode());
	EXPECT_EQ(2u, t.hits());
	ASSERT_EQ(KEMU_PROPAGATE_FAULT, t.execute());
	EXPECT_EQ(KEMU_GP, t.with.ctxt.exception.vector);
	EXPECT_EQ(0u, t.with.ctxt.gprs[KEMU_RAX]);
	EXPECT_EQ(kCode, t.with.ctxt.rip);
}

TEST(DecodeCache, FetchFaultsAreTheDecodersOnAHitPath)
{
	Twins t;
	t.both([](Machine &m) { m.code({0x89, 0x18}); }); // mov [rax],ebx
	ASSERT_EQ(KEMU_CONTINUE, t.decode());
	ASSERT_EQ(KEMU_CONTINUE, t.decode());
	EXPECT_EQ(1u, t.hits());
	// The fetch faults (the host's #PF on the code page): no decode.
	t.both([](Machine &m) {
		m.script(kemu::FakeCall::Fetch, m.calls_of[unsigned(kemu::FakeCall::Fetch)],
		         KEMU_PROPAGATE_FAULT, kemu::FakeHost::page_fault(kCode, 0x10));
	});
	ASSERT_EQ(KEMU_PROPAGATE_FAULT, t.decode());
	EXPECT_EQ(KEMU_PF, t.with.ctxt.exception.vector);
	EXPECT_EQ(nullptr, t.with.ctxt.insn.entry);
	// The fetch fails otherwise: the same status.
	t.both([](Machine &m) {
		m.nscripts = 0;
		m.script(kemu::FakeCall::Fetch, m.calls_of[unsigned(kemu::FakeCall::Fetch)],
		         KEMU_UNHANDLEABLE);
	});
	ASSERT_EQ(KEMU_UNHANDLEABLE, t.decode());
	t.both([](Machine &m) { m.nscripts = 0; });
	ASSERT_EQ(KEMU_CONTINUE, t.decode());
	EXPECT_EQ(2u, t.hits());
}

TEST(DecodeCache, CsLimitInsideACachedInstruction)
{
	Twins t;
	t.both([](Machine &m) {
		m.set_mode(KEMU_MODE_PROT32);
		// mov [eax],al: its second byte is what an unfetched byte reads as
		m.code({0x88, 0x00});
	});
	ASSERT_EQ(KEMU_CONTINUE, t.decode());
	ASSERT_EQ(KEMU_CONTINUE, t.decode());
	EXPECT_EQ(1u, t.hits());
	// The limit ends after its first byte: the first fetch gets that byte
	// alone, the entry is not taken, the decoder's next fetch is #GP(0).
	t.both([](Machine &m) { m.segs[KEMU_SEG_CS].limit = static_cast<uint32_t>(kCode); });
	ASSERT_EQ(KEMU_PROPAGATE_FAULT, t.decode());
	EXPECT_EQ(KEMU_GP, t.with.ctxt.exception.vector);
	EXPECT_EQ(1u, t.hits());
}

TEST(DecodeCache, PageCrossingInstructionsAreFetchedAsWithout)
{
	Twins t;
	const uint64_t at = kCode + 0xfff; // 88 | 00 across the page boundary
	t.both([at](Machine &m) {
		m.code({0x88, 0x00}, at); // mov [rax],al
		m.ctxt.rip = at;
	});
	for (int i = 0; i < 3; i++) {
		ASSERT_EQ(KEMU_CONTINUE, t.decode());
		EXPECT_EQ(2u, t.with.fetch_calls / (i + 1));
	}
	EXPECT_EQ(0u, t.hits()); // the first fetch never holds it
	// The second page faults: as without the cache.
	t.both([](Machine &m) {
		m.script(kemu::FakeCall::Fetch, m.calls_of[unsigned(kemu::FakeCall::Fetch)] + 1,
		         KEMU_PROPAGATE_FAULT, kemu::FakeHost::page_fault(kCode + 0x1000, 0x10));
	});
	ASSERT_EQ(KEMU_PROPAGATE_FAULT, t.decode());
	EXPECT_EQ(kCode + 0x1000, t.with.ctxt.exception.address);
}

TEST(DecodeCache, FifteenByteLimitAfterACachedPrefix)
{
	Twins t;
	t.both([](Machine &m) { m.code({0x66, 0x90}); }); // xchg ax,ax
	ASSERT_EQ(KEMU_CONTINUE, t.decode());
	ASSERT_EQ(KEMU_CONTINUE, t.decode());
	EXPECT_EQ(1u, t.hits());
	// Fifteen 66 prefixes, then 90: sixteen bytes, #GP(0).
	t.both([](Machine &m) {
		memset(&m.ram[kCode - kRam], 0x66, 15);
		m.ram[kCode - kRam + 15] = 0x90;
	});
	ASSERT_EQ(KEMU_PROPAGATE_FAULT, t.decode());
	EXPECT_EQ(KEMU_GP, t.with.ctxt.exception.vector);
	// Fourteen and 90: fifteen bytes, an instruction, cached like any other.
	t.both([](Machine &m) { m.ram[kCode - kRam + 14] = 0x90; });
	ASSERT_EQ(KEMU_CONTINUE, t.decode());
	ASSERT_EQ(KEMU_CONTINUE, t.decode());
	EXPECT_EQ(15, t.with.ctxt.insn.length);
	EXPECT_EQ(2u, t.hits());
}

TEST(DecodeCache, BytesTheHostPassesIn)
{
	Twins t;
	const uint8_t insn[] = {0x89, 0x18, 0x90};
	t.both([](Machine &m) { m.code({0x89, 0x18}); });
	ASSERT_EQ(KEMU_CONTINUE, t.decode(insn, 3));
	EXPECT_EQ(0u, t.with.fetch_calls);
	ASSERT_EQ(KEMU_CONTINUE, t.decode(insn, 3)); // a hit, and no fetch either
	EXPECT_EQ(1u, t.hits());
	EXPECT_EQ(0u, t.with.fetch_calls);
	// One byte passed: the rest is fetched, as without the cache.
	ASSERT_EQ(KEMU_CONTINUE, t.decode(insn, 1));
	EXPECT_EQ(1u, t.hits());
}

TEST(DecodeCache, ReexecutionAfterAnExitStartsFromTheDecode)
{
	// rep stosb into a page whose writes exit to userspace: each pass
	// stops after an element and the host executes again without a decode;
	// a later decode of the same instruction (the next exit) is a hit.
	Twins t;
	t.both([](Machine &m) {
		m.map(0x40000, 0x1000, nullptr, true);
		m.exit_after_mmio_write = true;
		m.code({0xf3, 0xaa});
		m.ctxt.gprs[KEMU_RDI] = 0x40000;
		m.ctxt.gprs[KEMU_RCX] = 3;
		m.ctxt.gprs[KEMU_RAX] = 0x5a;
	});
	unsigned passes = 0;
	while (t.with.ctxt.rip == kCode && passes < 8) {
		passes++;
		ASSERT_EQ(KEMU_CONTINUE, t.decode());
		ASSERT_EQ(KEMU_CONTINUE, t.execute());
		EXPECT_EQ(passes < 3 ? 3 - passes : 0, t.with.ctxt.gprs[KEMU_RCX]);
	}
	EXPECT_EQ(kCode + 2, t.with.ctxt.rip);
	EXPECT_EQ(passes - 1, t.hits());
	EXPECT_GE(passes, 3u);
}

TEST(DecodeCache, RandomBytesDecodeAsWithout)
{
	// Random byte strings at a few rIPs in every mode, each decoded twice
	// (the second often from the cache) and executed: the same everything.
	Twins t;
	std::mt19937_64 rng(7);
	const kemu_mode modes[] = {KEMU_MODE_REAL, KEMU_MODE_VM86, KEMU_MODE_PROT16,
	                           KEMU_MODE_PROT32, KEMU_MODE_PROT64};
	for (int i = 0; i < 20000; i++) {
		uint8_t bytes[16];
		for (uint8_t &b : bytes)
			b = static_cast<uint8_t>(rng());
		const kemu_mode mode = modes[rng() % 5];
		const unsigned cpl = mode == KEMU_MODE_VM86 ? 3 : rng() % 4 == 0 ? 3 : 0;
		const uint64_t rip = kCode + (rng() % 4) * 0x10;
		uint64_t gprs[KEMU_NR_GPRS];
		for (uint64_t &r : gprs)
			r = kRam + rng() % 0x8000;
		t.both([&](Machine &m) {
			memcpy(&m.ram[rip - kRam], bytes, sizeof(bytes));
			m.set_mode(mode, cpl);
			memcpy(m.ctxt.gprs, gprs, sizeof(gprs));
			m.ctxt.rip = rip;
			m.ctxt.rflags = 2;
		});
		for (int again = 0; again < 2; again++) {
			t.both([&](Machine &m) {
				memcpy(m.ctxt.gprs, gprs, sizeof(gprs));
				m.ctxt.rip = rip;
			});
			if (t.decode() == KEMU_CONTINUE)
				t.execute(false);
		}
		if (HasFailure())
			FAIL() << "case " << i;
	}
	EXPECT_GT(t.hits(), 5000u);
}

} // namespace
