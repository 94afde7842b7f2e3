// The bridge's decode fails (kemu_decode_rejects) exactly where KVM's does
// for an instruction kemu decodes: for every encoding of every map, with each
// mandatory prefix (and REX.W), ModRM byte and mode, the decode is rejected if and only if
// kemu does not execute it and KVM's decode table (walked by kvm_leaf_of, from
// the emulate.c the KVM oracle builds) has no entry for it.  KVM keeps
// entries it does not execute (VMRUN, MONITOR, RDTSCP, ...) for their nested
// intercept check, and nested SVM decodes them to skip them.
#include <gtest/gtest.h>

#include "decode/decoder.h"
#include "exec/handlers.h"
#include "kvm-oracle/kvm/kvm_backend.h"

#include <cstdio>
#include <string>
#include <vector>

namespace {

kemu_ops stub_ops()
{
	kemu_ops ops = {};
	ops.fetch = [](void *, uint64_t, void *, unsigned, kemu_exception *) {
		return int(KEMU_UNHANDLEABLE);
	};
	ops.get_segment = [](void *, kemu_seg, kemu_segment *s) {
		*s = {};
		s->limit = 0xffffffff;
		s->type = 0xb;
	};
	return ops;
}

// KVM's decode finds an entry it decodes (not NotImpl, not Undefined).
bool kvm_decodes(const std::vector<uint8_t> &b, unsigned mode)
{
	kvm_leaf leaf;
	if (kvm_leaf_of(b.data(), int(b.size()), int(mode), &leaf) != 0)
		return false;
	return !leaf.not_impl && !leaf.undefined;
}

std::string hex(const std::vector<uint8_t> &b, unsigned len)
{
	std::string s;
	char buf[4];
	for (unsigned i = 0; i < len && i < b.size(); i++) {
		snprintf(buf, sizeof(buf), "%02x ", b[i]);
		s += buf;
	}
	return s;
}

TEST(DecodeRejects, ExactlyWhatKvmCannotDecodeAndKemuDoesNotExecute)
{
	static kemu_ops ops = stub_ops();
	const std::vector<std::vector<uint8_t>> maps = {{}, {0x0f}, {0x0f, 0x38}, {0x0f, 0x3a}};
	const std::vector<std::vector<uint8_t>> prefixes = {{}, {0x66}, {0xf3}, {0xf2}, {0x48}};
	std::vector<uint8_t> modrms; // every ModRM byte (a SIB byte of 0 follows)
	for (unsigned m = 0; m < 256; m++)
		modrms.push_back(uint8_t(m));
	const unsigned modes[] = {KEMU_MODE_REAL, KEMU_MODE_PROT16, KEMU_MODE_PROT32,
	                          KEMU_MODE_PROT64};
	unsigned decoded = 0, rejected = 0, intercept_only = 0, undefined = 0, failures = 0;
	for (unsigned mode : modes)
		for (const auto &map : maps)
			for (const auto &prefix : prefixes)
				for (unsigned opcode = 0; opcode < 256; opcode++)
					for (uint8_t modrm : modrms) {
						std::vector<uint8_t> b = prefix;
						b.insert(b.end(), map.begin(), map.end());
						b.push_back(uint8_t(opcode));
						b.push_back(modrm);
						b.resize(b.size() + 12,
						         0); // displacement, immediates
						kemu_ctxt c = {};
						c.ops = &ops;
						c.mode = mode;
						if (kemu_decode(&c, b.data(), unsigned(b.size())) !=
						        KEMU_CONTINUE ||
						    !c.insn.entry)
							continue;
						// KVM has no VEX: its table walk does not model it.
						if (c.insn.vex)
							continue;
						decoded++;
						const kemu::decode::Opcode &op =
						    kemu::decode::opcode_of(c.insn);
						const bool executes =
						    op.handler != kemu::decode::Handler::None;
						const bool kvm = kvm_decodes(b, mode);
						const bool rejects = kemu_decode_rejects(&c) != 0;
						rejected += rejects;
						intercept_only += !executes && kvm;
						undefined +=
						    rejects && op.has(kemu::decode::kUndefined);
						if (rejects != (!executes && !kvm) &&
						    failures++ < 20)
							ADD_FAILURE()
							    << hex(b, c.insn.length) << "("
							    << op.mnemonic << ") in mode " << mode
							    << ": rejected " << rejects
							    << ", executed " << executes
							    << ", in KVM's table " << kvm;
					}
	EXPECT_EQ(failures, 0u);
	// Every map and mode was reached, and the rule has both sides to decide.
	EXPECT_GT(decoded, 200000u);
	EXPECT_GT(intercept_only, 0u);
	EXPECT_GT(undefined, 0u);
	printf("decode rejects: %u of %u decoded encodings (%u UD0/UD1/UD2); %u not executed "
	       "but in KVM's table\n",
	       rejected, decoded, undefined, intercept_only);
}

} // namespace
