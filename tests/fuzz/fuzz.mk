# libFuzzer harnesses over the userspace core (tests/fuzz/README.md).
#   make fuzz        each harness for FUZZ_CI_SECONDS (CI-sized, part of make check),
#                    starting from the committed seeds and the regression inputs;
#                    ends with "fuzz: N passed, M failed" (one unit per harness)
#   make fuzz-long   each harness for FUZZ_SECONDS (an hour), FUZZ_JOBS at a time
#   make fuzz-build  only build them (build/fuzz/fuzz-<harness>)
#   make fuzz-coverage  kvm-diff without sanitizers for FUZZ_COV_SECONDS (one
#                    process), then the core's edges its corpus reaches
# The core is rebuilt with clang, ASan, UBSan and libFuzzer's coverage
# instrumentation in $(BUILD)/fuzz/core; the harnesses are not instrumented for
# coverage, so "cov" counts the core's edges only.  kvm-diff also links KVM's
# emulate.c as the KVM oracle builds it (from linux-source-6.12).
FUZZ_CXX ?= clang++
FUZZ_CI_SECONDS ?= 20
FUZZ_SECONDS ?= 3600
FUZZ_JOBS ?= $(JOBS)
FUZZ_DIR := $(BUILD)/fuzz
FUZZ_RAW_MODES := real prot16 prot32 prot64
FUZZ_HARNESSES := $(addprefix raw-,$(FUZZ_RAW_MODES)) state kvm-diff
FUZZ_BINS := $(addprefix $(FUZZ_DIR)/fuzz-,$(FUZZ_HARNESSES))

FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize=vptr -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
# The core's own dialect, minus what is GCC-only, fatal or meaningless under
# ASan (frames grow with redzones); -Werror stays with the GCC build.
FUZZ_CORE_CXXFLAGS := $(filter-out -Werror -Wimplicit-fallthrough=% -Wframe-larger-than=% -O2, \
	$(CORE_CXXFLAGS)) -Wimplicit-fallthrough -O1 \
	$(FUZZ_SAN) -fsanitize=fuzzer-no-link
FUZZ_HARNESS_CXXFLAGS := -std=gnu++20 -O1 -g -Wall -Wextra -Werror \
	-Wno-missing-field-initializers -Iemulator/include -Itests/fuzz $(FUZZ_SAN)
FUZZ_OBJS := $(patsubst emulator/%.cpp,$(FUZZ_DIR)/core/%.o,$(CORE_SRCS))
FUZZ_LIB := $(FUZZ_DIR)/libkemu-fuzz.a
FUZZ_HDRS := $(wildcard tests/fuzz/*.h)
mode_real := KEMU_MODE_REAL
mode_prot16 := KEMU_MODE_PROT16
mode_prot32 := KEMU_MODE_PROT32
mode_prot64 := KEMU_MODE_PROT64

$(FUZZ_DIR)/core/%.o: emulator/%.cpp $(CORE_HDRS) tests/fuzz/fuzz.mk
	@mkdir -p $(dir $@)
	$(FUZZ_CXX) $(FUZZ_CORE_CXXFLAGS) -c $< -o $@

$(FUZZ_LIB): $(FUZZ_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(FUZZ_DIR)/raw-%.o: tests/fuzz/raw_fuzzer.cpp $(FUZZ_HDRS) emulator/include/kemu/kemu.h
	@mkdir -p $(dir $@)
	$(FUZZ_CXX) $(FUZZ_HARNESS_CXXFLAGS) -DKEMU_FUZZ_MODE=$(mode_$*) -c $< -o $@

$(FUZZ_DIR)/state.o: tests/fuzz/state_fuzzer.cpp $(FUZZ_HDRS) emulator/include/kemu/kemu.h
	@mkdir -p $(dir $@)
	$(FUZZ_CXX) $(FUZZ_HARNESS_CXXFLAGS) -c $< -o $@

$(FUZZ_DIR)/fuzz-%: $(FUZZ_DIR)/%.o $(FUZZ_LIB)
	$(FUZZ_CXX) $(FUZZ_SAN) -fsanitize=fuzzer $^ -o $@

# kvm-diff: kemu against KVM's emulate.c through the KVM oracle's backends and
# host (tests/kvm-oracle/harness, compiled like a harness: sanitizers, no
# coverage) and KVM as the oracle builds it (kernel code generation, no
# sanitizers: its fastops and exception fixups are inline assembly).
FUZZ_ORACLE_SRCS := $(filter-out %/main.cpp,$(wildcard tests/kvm-oracle/harness/*.cpp))
FUZZ_ORACLE_OBJS := $(patsubst tests/kvm-oracle/harness/%.cpp,$(FUZZ_DIR)/oracle/%.o,\
	$(FUZZ_ORACLE_SRCS))
FUZZ_ORACLE_INC := -Iemulator -I$(GEN_INC) -Itests/kvm-oracle/harness -Itests/kvm-oracle/kvm
FUZZ_KVM_LIB := $(BUILD)/kvm-oracle/libkvm-oracle.a

$(FUZZ_DIR)/oracle/%.o: tests/kvm-oracle/harness/%.cpp $(wildcard tests/kvm-oracle/harness/*.h) \
		tests/kvm-oracle/kvm/kvm_backend.h emulator/include/kemu/kemu.h $(CORE_HDRS)
	@mkdir -p $(dir $@)
	$(FUZZ_CXX) $(FUZZ_HARNESS_CXXFLAGS) $(FUZZ_ORACLE_INC) -c $< -o $@

$(FUZZ_DIR)/kvm-diff.o: tests/fuzz/kvm_diff_fuzzer.cpp $(wildcard tests/kvm-oracle/harness/*.h) \
		tests/kvm-oracle/kvm/kvm_runtime.h emulator/include/kemu/kemu.h
	@mkdir -p $(dir $@)
	$(FUZZ_CXX) $(FUZZ_HARNESS_CXXFLAGS) $(FUZZ_ORACLE_INC) -c $< -o $@

$(FUZZ_DIR)/fuzz-kvm-diff: $(FUZZ_DIR)/kvm-diff.o $(FUZZ_ORACLE_OBJS) $(FUZZ_KVM_LIB) $(FUZZ_LIB)
	$(FUZZ_CXX) $(FUZZ_SAN) -fsanitize=fuzzer $^ -o $@

.SECONDARY: $(patsubst %,$(FUZZ_DIR)/%.o,$(FUZZ_HARNESSES))
# The coverage measurement: the same harness built without sanitizers (their
# check branches are not the core's edges), in its own directory.
FUZZ_COV_DIR := $(BUILD)/fuzz-cov
FUZZ_COV_SECONDS ?= 600

.PHONY: fuzz fuzz-long fuzz-build fuzz-coverage
fuzz-coverage: deps
	@$(MAKE) --no-print-directory FUZZ_DIR=$(FUZZ_COV_DIR) FUZZ_SAN= $(FUZZ_COV_DIR)/fuzz-kvm-diff
	@tests/fuzz/coverage.sh --bin $(FUZZ_COV_DIR)/fuzz-kvm-diff --seconds $(FUZZ_COV_SECONDS) \
		--dir $(FUZZ_COV_DIR) tests/fuzz/corpus/kvm-diff

fuzz-build: $(FUZZ_BINS)

fuzz: deps fuzz-build
	@tests/fuzz/run-fuzz.sh --seconds $(FUZZ_CI_SECONDS) --jobs 2 --dir $(FUZZ_DIR) \
		$(FUZZ_HARNESSES)

fuzz-long: deps fuzz-build
	@tests/fuzz/run-fuzz.sh --seconds $(FUZZ_SECONDS) --jobs $(FUZZ_JOBS) --dir $(FUZZ_DIR) \
		$(FUZZ_HARNESSES)
