# Differential test of the decoder against LLVM's MC disassembler, the second
# oracle beside objdump (tests/llvm-mc/POLICY.md): the same encodings and
# modes; make test-decode runs it after the objdump sweeps.
DECODE_LLVM := $(BUILD)/host/decode-vs-llvm
LLVM_POLICY_TESTS := $(BUILD)/host/llvm-policy-tests
LLVM_MC_HDRS := $(wildcard tests/llvm-mc/*.h) $(OBJDUMP_HDRS)

$(DECODE_LLVM): tests/llvm-mc/decode_vs_llvm.cpp $(LLVM_MC_HDRS) $(HOST_LIB)
	$(HOST_CXX) $(TEST_CXXFLAGS) -Itests/objdump -Itests/llvm-mc $< $(HOST_LIB) -o $@

$(LLVM_POLICY_TESTS): tests/llvm-mc/llvm_policy_test.cpp $(LLVM_MC_HDRS) $(HOST_LIB)
	$(HOST_CXX) $(TEST_CXXFLAGS) -Itests/objdump -Itests/llvm-mc $< $(HOST_LIB) -lgtest \
		-lgtest_main -pthread -o $@
