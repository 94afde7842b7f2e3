# Differential test of the decoder against GNU objdump (tests/objdump/POLICY.md)
# and LLVM's MC disassembler (tests/llvm-mc/, its own POLICY.md).
#   make test-decode        CI-sized sweep: every opcode of every map x 16 ModRM
#                           classes x prefix sets, plus DECODE_RANDOM random
#                           strings, in 16-, 32- and 64-bit mode
#   make test-decode-long   the same with DECODE_LONG_RANDOM random strings and
#                           several seeds
DECODE_RANDOM ?= 80000
DECODE_LONG_RANDOM ?= 2000000
DECODE_SEEDS_LONG ?= 1 2 3
DECODE_DIFF := $(BUILD)/host/decode-vs-objdump
DECODE_POLICY_TESTS := $(BUILD)/host/objdump-policy-tests
OBJDUMP_HDRS := $(wildcard tests/objdump/*.h)

$(DECODE_DIFF): tests/objdump/decode_vs_objdump.cpp $(OBJDUMP_HDRS) $(HOST_LIB)
	$(HOST_CXX) $(TEST_CXXFLAGS) -Itests/objdump $< $(HOST_LIB) -o $@

$(DECODE_POLICY_TESTS): tests/objdump/policy_test.cpp $(OBJDUMP_HDRS) $(HOST_LIB)
	$(HOST_CXX) $(TEST_CXXFLAGS) -Itests/objdump $< $(HOST_LIB) -lgtest -lgtest_main \
		-pthread -o $@

.PHONY: test-decode test-decode-long
test-decode: deps $(DECODE_DIFF) $(DECODE_POLICY_TESTS) $(DECODE_LLVM) $(LLVM_POLICY_TESTS) \
		$(DECODE_CPU)
	$(DECODE_POLICY_TESTS) --gtest_brief=1 && $(LLVM_POLICY_TESTS) --gtest_brief=1
	@rc=0; for m in 16 32 64; do \
		$(DECODE_DIFF) --mode $$m --random $(DECODE_RANDOM) --seed 1 || rc=1; \
		$(DECODE_LLVM) --mode $$m --random $(DECODE_RANDOM) --seed 1 || rc=1; \
	done; $(DECODE_CPU) || rc=1; exit $$rc

test-decode-long: deps $(DECODE_DIFF) $(DECODE_LLVM)
	@rc=0; for s in $(DECODE_SEEDS_LONG); do for m in 16 32 64; do \
		$(DECODE_DIFF) --mode $$m --random $(DECODE_LONG_RANDOM) --seed $$s || rc=1; \
		$(DECODE_LLVM) --mode $$m --random $(DECODE_LONG_RANDOM) --seed $$s || rc=1; \
	done; done; exit $$rc
