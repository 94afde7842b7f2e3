# kemu vs KVM's emulate.c side by side (bench/side_by_side.cpp, bench/side-by-side.sh):
# callgrind instructions per decode and per decode+emulate of each form, both
# emulators through the kvm-oracle harness's backends, one table with kemu/KVM.
# Needs tests/kvm-oracle/kvm-oracle.mk (KVM_ORACLE_DIR, KVM_ORACLE_LIB) included first.
#   make bench-side-by-side [SIDE_BY_SIDE_COUNT=1000] [SIDE_BY_SIDE_FORM=substring]
SIDE_BY_SIDE_BIN := $(BUILD)/host/kemu-side-by-side
SIDE_BY_SIDE_COUNT ?= 1000
SIDE_BY_SIDE_FORM ?=
HELP_EXTRA += "  make bench-side-by-side  kemu vs KVM's emulate.c: callgrind instructions per decode" \
	"                  and decode+emulate of each form and a mix, with the ratio kemu/KVM;" \
	"                  kemu with its decode cache warm; the recorded mix ($(RECORDED_MIX))" \
	"  make bench-timed  the same forms timed (ns), both built with and without the kernel's" \
	"                  retpolines and return thunks (docs/performance.md)" \
	"  make bench-smoke  the benchmarks run once (in make check): kemu and KVM end every form" \
	"                  in the same state" \
	"  make record-mix  record the side-by-side's recorded mix again ($(RECORDED_MIX)): one" \
	"                  L1 boot, what KVM has kemu emulate in the L2 suite and the stress loop"

# The recorded mix: what KVM had kemu emulate in L1 during one run of the L2
# suite and 4 s of the stress loop (bench/record-mix.sh, make record-mix).
RECORDED_MIX := bench/recorded-mix.rec.gz
RECORDED_MIX_SRCS := bench/recorded_mix.cpp tools/replay/record.cpp tools/replay/calls.cpp \
	tools/replay/text.cpp

$(SIDE_BY_SIDE_BIN): bench/side_by_side.cpp $(KVM_ORACLE_DIR)/obj/kemu_backend.o \
		$(KVM_ORACLE_LIB) $(HOST_LIB) tests/kvm-oracle/harness/oracle_abi.h \
		tests/kvm-oracle/harness/kemu_backend.h tests/kvm-oracle/kvm/kvm_backend.h \
		$(RECORDED_MIX_SRCS) bench/recorded_mix.h $(wildcard tools/replay/*.h)
	@mkdir -p $(dir $@)
	$(HOST_CXX) $(TEST_CXXFLAGS) -Itests/kvm-oracle/harness -Itests/kvm-oracle/kvm -Itools $< \
		$(RECORDED_MIX_SRCS) $(KVM_ORACLE_DIR)/obj/kemu_backend.o $(KVM_ORACLE_LIB) \
		$(HOST_LIB) -o $@

# The benchmarks' smoke run in make check: every side-by-side form once per
# emulator (both must end in the same state; the times are printed, never
# judged), the recorded mix (kemu with its decode cache warm must end every
# record as kemu without it, and kemu-replay must reproduce every record) and
# the Google Benchmark binary for a moment.
bench-smoke: deps $(SIDE_BY_SIDE_BIN) $(BENCH_BIN) $(BUILD)/tools/kemu-replay
	$(SIDE_BY_SIDE_BIN) 20
	zcat $(RECORDED_MIX) >$(BUILD)/recorded-mix.rec
	KEMU_RECORDED_MIX=$(BUILD)/recorded-mix.rec $(SIDE_BY_SIDE_BIN) 1 'recorded mix'
	@$(BUILD)/tools/kemu-replay $(BUILD)/recorded-mix.rec >$(BUILD)/recorded-mix.replay || \
		{ grep -B3 'NOT reproduced' $(BUILD)/recorded-mix.replay | head -20; exit 1; }
	@tail -1 $(BUILD)/recorded-mix.replay
	$(BENCH_BIN) --benchmark_min_time=0.01

.PHONY: bench-side-by-side bench-timed bench-smoke
bench-timed: deps
	bench/timed.sh


bench-side-by-side: deps $(SIDE_BY_SIDE_BIN)
	KEMU_RECORDED_MIX=$(RECORDED_MIX) bench/side-by-side.sh $(SIDE_BY_SIDE_BIN) \
		$(SIDE_BY_SIDE_COUNT) $(if $(SIDE_BY_SIDE_FORM),'$(SIDE_BY_SIDE_FORM)')

# Record the mix again (one L1 boot of 6.12 under TCG, ~5 minutes).
.PHONY: record-mix
record-mix: deps module
	bench/record-mix.sh $(BUILD)/6.12/kemu.ko $(RECORDED_MIX)
