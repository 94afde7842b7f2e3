# kemu: KVM's x86 instruction emulator in freestanding C++, as a module for a stock kernel.
# `make help` lists the targets.

SHELL := /bin/bash
BUILD ?= build
KVER ?= 6.12 6.1
HOST_CXX ?= g++
JOBS ?= $(shell nproc)

# The core, built as a userspace static library with the same freestanding
# dialect as in the kernel (no libc, no libstdc++ headers).
CORE_SRCS := $(shell find emulator -name '*.cpp' | sort)
# The handler list (KEMU_HANDLERS), generated from the handlers' registrations
# in the sources (scripts/gen-handler-list.sh); everything that includes the
# core's headers finds it through -I$(GEN_INC) and depends on it in CORE_HDRS.
GEN_INC := $(BUILD)/include
HANDLER_LIST := $(GEN_INC)/generated/kemu_handler_list.h
CORE_HDRS := $(shell find emulator -name '*.h') $(HANDLER_LIST)
CORE_CXXFLAGS := -std=gnu++20 -O2 -g -Wall -Wextra -Werror -Wno-missing-field-initializers \
	-Wframe-larger-than=512 -Wmissing-declarations -Wimplicit-fallthrough=5 -Wundef \
	-ffreestanding -fno-exceptions -fno-rtti -fno-threadsafe-statics \
	-nostdinc -nostdinc++ -Iemulator -Iemulator/include -I$(GEN_INC)
HOST_LIB := $(BUILD)/host/libkemu.a
HOST_OBJS := $(patsubst emulator/%.cpp,$(BUILD)/host/core/%.o,$(CORE_SRCS))

TEST_SRCS := $(wildcard tests/*.cpp tests/cves/*.cpp)
TEST_BIN := $(BUILD)/host/kemu-tests
TEST_CXXFLAGS := -std=gnu++20 -O2 -g -Wall -Wextra -Werror -Wno-missing-field-initializers \
	-Iemulator/include -Iemulator -I$(GEN_INC) -Itests

BENCH_BIN := $(BUILD)/host/kemu-bench
TOOLS := $(BUILD)/tools/kemu-disasm $(BUILD)/tools/kemu-replay

.PHONY: FORCE tools deb bench help deps kernels host-lib test-host module test-qemu test-guest check run clean format format-check profile-l1

help:
	@echo "kemu targets:"
	@echo "  make run        set up, build, boot the 6.12 L1 kernel under QEMU; Debian's QEMU in L1"
	@echo "                  boots it as an L2 Linux guest under stock KVM, kemu, stock again; one"
	@echo "                  screen: what kemu emulated for it, why, where (KVER=6.1 for the other)"
	@echo "  make check      every test: test-host, test-decode, fuzz, test-native, test-kvm-oracle,"
	@echo "                  bench-smoke, format-check, module, the Debian packages (deb/test.sh),"
	@echo "                  test-qemu (both kernels; 6.12 with the DKMS-built kemu.ko), test-guest"
	@echo "                  (both kernels), test-kunit;"
	@echo "                  ends with 'N passed, N failed'"
	@echo "  make deps       install build/test dependencies from Debian's packages (idempotent)"
	@echo "  make kernels    discover, download and unpack the Debian kernels (KVER='$(KVER)')"
	@echo "  make host-lib   build the core as a userspace static library ($(HOST_LIB))"
	@echo "  make test-host  GoogleTest unit tests of the core in userspace, and kemu-replay over"
	@echo "                  the hand-checked records of tests/replay (test-replay: those alone)"
	@echo "  make test-decode  the decoder against GNU objdump and LLVM's llvm-mc, ~900,000"
	@echo "                  encodings each in 16/32/64-bit modes (test-decode-long: millions;"
	@echo "                  policies in tests/objdump/POLICY.md, tests/llvm-mc/POLICY.md), and"
	@echo "                  VEX map-1 validity against this CPU (tests/cpu-decode)"
	@echo "  make module     build kemu.ko for each KVER into $(BUILD)/<ver>/kemu.ko"
	@echo "  make test-qemu  boot each KVER under QEMU TCG, load KVM + kemu, run the L2 suite under"
	@echo "                  stock KVM and kemu (compared), a 4-vCPU stress, shadow decode (verify=1),"
	@echo "                  the stress while kemu is switched on/off 60 times (ftrace routing:"
	@echo "                  each instruction finishes on the emulator that decoded it), rmmod under"
	@echo "                  load; qemu-tests/README.md"
	@echo "  make test-guest boot each KVER as L1; Debian's QEMU in L1 boots the same kernel as an L2"
	@echo "                  Linux guest (virtio disk, HPET, xAPIC; q35, and pc with an IDE disk) under"
	@echo "                  stock KVM and kemu: same console, data round-trip, counts against KVM's;"
	@echo "                  qemu-tests/guest/README.md"
	@echo "  make profile-l1 where L1's kernel time goes in the forced-emulation loop, stock KVM"
	@echo "                  against kemu: PROFILE_BOOTS boots (default 5), timing rounds, calls of"
	@echo "                  the routed functions, perf's symbols; PROFILE_BASE=KO also times a"
	@echo "                  second kemu.ko (docs/performance.md)"
	@echo "  make tools      user tools: $(BUILD)/tools/kemu-disasm (Intel-syntax disassembler),"
	@echo "                  $(BUILD)/tools/kemu-replay (runs kemu.ko's emulation records again);"
	@echo "                  tools/kemu-stat and tools/kemu-trace need no build (tools/README.md)"
	@echo "  make deb        Debian packages in $(BUILD)/deb/: kemu-dkms (DKMS builds kemu.ko for each"
	@echo "                  kernel with headers) and kemu-tools (the tools with man pages; README)"
	@echo "  make fuzz       libFuzzer harnesses (ASan/UBSan), FUZZ_CI_SECONDS each (part of check),"
	@echo "                  kvm-diff among them: kemu against KVM's emulate.c on one structured"
	@echo "                  input; fuzz-long: FUZZ_SECONDS each (hours); fuzz-coverage: the core's"
	@echo "                  edges kvm-diff reaches after FUZZ_COV_SECONDS (600) without sanitizers"
	@echo "  make bench      Google Benchmark (ns) and callgrind (instructions) of the core's"
	@echo "                  decode and decode+execute, and side by side with KVM's emulate.c"
	@echo "  make format     clang-format the C++ sources (format-check: verify only)"
	@echo "  make clean      remove $(BUILD)/ (the kernel cache in ~/.cache/kemu stays)"
	@printf '%s\n' $(HELP_EXTRA)

deps:
	@scripts/setup-deps.sh

# Suites with their own make fragments (targets, and their help lines in HELP_EXTRA).
include $(sort $(wildcard kunit/*.mk tests/*/*.mk))
# (after the oracle's fragment: the side-by-side benchmark links its KVM build)
include bench/bench.mk

kernels: deps
	@for v in $(KVER); do scripts/kernel.sh fetch $$v >/dev/null || exit 1; done

# Run at every make (a few milliseconds); rewritten only when its content
# changes, so that an edited source rebuilds only its own object.
$(HANDLER_LIST): FORCE
	@mkdir -p $(dir $@)
	@scripts/gen-handler-list.sh $(CORE_SRCS) >$@.tmp
	@cmp -s $@.tmp $@ && rm $@.tmp || mv $@.tmp $@

FORCE:

$(BUILD)/host/core/%.o: emulator/%.cpp $(CORE_HDRS) Makefile
	@mkdir -p $(dir $@)
	$(HOST_CXX) $(CORE_CXXFLAGS) -c $< -o $@

$(HOST_LIB): $(HOST_OBJS)
	@rm -f $@
	ar rcs $@ $^

host-lib: $(HOST_LIB)

$(TEST_BIN): $(TEST_SRCS) $(wildcard tests/*.h tests/cves/*.h) $(HOST_LIB)
	$(HOST_CXX) $(TEST_CXXFLAGS) $(TEST_SRCS) $(HOST_LIB) $(TEST_LIBS) -lgtest -lgtest_main -pthread -o $@

# (the replay checks run even when a unit test failed: both count in make check;
# the unit tests run again with one decoded-instruction cache for all of them)
test-host: deps $(TEST_BIN) $(TOOLS)
	@rc=0; $(TEST_BIN) || rc=1; KEMU_TEST_DECODE_CACHE=1 $(TEST_BIN) --gtest_brief=1 || rc=1; \
		tests/replay/run.sh $(BUILD)/tools/kemu-replay || rc=1; exit $$rc

$(BENCH_BIN): bench/mov_bench.cpp $(wildcard bench/*.h tests/*.h) $(HOST_LIB)
	$(HOST_CXX) $(TEST_CXXFLAGS) -Ibench $< $(HOST_LIB) -lbenchmark -pthread -o $@

DECODE_IR_BIN := $(BUILD)/host/kemu-decode-ir
$(DECODE_IR_BIN): bench/decode_ir.cpp $(wildcard bench/*.h) $(HOST_LIB)
	$(HOST_CXX) $(TEST_CXXFLAGS) -Ibench $< $(HOST_LIB) -o $@

$(BUILD)/tools/%: tools/%.c $(HOST_LIB)
	@mkdir -p $(dir $@)
	$(CC) -O2 -Wall -Wextra -Werror -Iemulator/include $< $(HOST_LIB) -o $@

# (C++: the standard library is fine in a userspace tool)
REPLAY_SRCS := tools/kemu-replay.cpp $(sort $(wildcard tools/replay/*.cpp))
REPLAY_DEPS := $(REPLAY_SRCS) $(wildcard tools/replay/*.h) emulator/include/kemu/kemu.h $(HOST_LIB)
$(BUILD)/tools/kemu-replay: $(REPLAY_DEPS)
	@mkdir -p $(dir $@)
	$(HOST_CXX) -std=gnu++20 -O2 -Wall -Wextra -Werror -Iemulator/include -Itools $(REPLAY_SRCS) $(HOST_LIB) -o $@

# The same, static, for the L1 initramfs (qemu-tests/mkinitramfs.sh), where the
# records kemu.ko makes are replayed on the spot.
$(BUILD)/tools/kemu-replay-static: $(REPLAY_DEPS)
	@mkdir -p $(dir $@)
	$(HOST_CXX) -std=gnu++20 -O2 -Wall -Wextra -Werror -static -Iemulator/include -Itools $(REPLAY_SRCS) $(HOST_LIB) -o $@

# kemu-disasm, static, for the L1 initramfs of the real-guest boot (kemu-trace --stock).
$(BUILD)/tools/kemu-disasm-static: tools/kemu-disasm.c $(HOST_LIB)
	@mkdir -p $(dir $@)
	$(CC) -O2 -Wall -Wextra -Werror -static -Iemulator/include $< $(HOST_LIB) -o $@

tools: $(TOOLS)

deb: deps tools
	@deb/build.sh $(BUILD)/deb $(BUILD)/tools

bench: deps $(BENCH_BIN) $(DECODE_IR_BIN) $(SIDE_BY_SIDE_BIN)
	$(BENCH_BIN)
	bench/callgrind.sh $(DECODE_IR_BIN)
	bench/side-by-side.sh $(SIDE_BY_SIDE_BIN)


module: deps
	@for v in $(KVER); do scripts/build-module.sh $$v $(BUILD)/$$v || exit 1; done

test-qemu: module kernels
	@for v in $(KVER); do qemu-tests/run-l1.sh $$v --kemu $(BUILD)/$$v/kemu.ko || exit 1; done

# Where L1's kernel time goes: stock KVM against kemu (qemu-tests/profile-l1.sh).
PROFILE_BOOTS ?= 5
PROFILE_BASE ?=
profile-l1: module kernels
	@qemu-tests/profile-l1.sh $(firstword $(KVER)) $(BUILD)/$(firstword $(KVER))/kemu.ko \
		--boots $(PROFILE_BOOTS) $(if $(PROFILE_BASE),--base $(PROFILE_BASE))

# The L2 Linux guest under Debian's QEMU in L1: stock KVM, kemu, stock again.
test-guest: module kernels
	@for v in $(KVER); do \
		qemu-tests/run-l1.sh $$v --guest --machine q35,pc --kemu $(BUILD)/$$v/kemu.ko || exit 1; done

check: deps
	@scripts/check.sh

run: deps
	@scripts/run.sh $(firstword $(KVER))

FORMATTED := $(filter-out emulator/include/% $(HANDLER_LIST),$(CORE_SRCS) $(CORE_HDRS)) $(TEST_SRCS) \
	$(wildcard tests/*.h tests/objdump/*.cpp tests/objdump/*.h tests/llvm-mc/*.cpp tests/llvm-mc/*.h tests/cpu-decode/*.cpp tests/fuzz/*.cpp tests/fuzz/*.h \
		tests/native/*.cpp tests/native/*.h tests/kvm-oracle/harness/*.cpp tests/kvm-oracle/harness/*.h \
		tests/kvm-oracle/table/*.cpp tests/kvm-oracle/table/*.h \
		tests/cves/*.h \
		bench/*.cpp bench/*.h tools/*.cpp tools/replay/*.cpp tools/replay/*.h qemu-tests/vmm/*.cpp)

format:
	clang-format -i $(FORMATTED)

format-check:
	clang-format --dry-run -Werror $(FORMATTED)

clean:
	rm -rf $(BUILD)
