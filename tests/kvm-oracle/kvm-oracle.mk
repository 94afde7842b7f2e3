# The KVM oracle: KVM's own emulate.c (Linux 6.12, from Debian's linux-source,
# built unmodified in userspace) against kemu, case by case
# (tests/kvm-oracle/README.md).
#   make test-kvm-oracle       CI-sized: KVM_ORACLE_PASSES sweep pass(es) of every opcode of
#                              the 1-byte/0F/0F38/0F3A maps x ModRM forms x prefixes x 4 modes,
#                              plus KVM_ORACLE_RANDOM random byte strings; fails on an unlisted
#                              MISMATCH, a crash or a deviation that never occurs;
#                              ends with "kvm-oracle: N passed, M failed"; then twice more
#                              through kemu's decoded-instruction cache (cold, warm), whose
#                              statistics must equal the first run's (same-counts.sh)
#   make test-kvm-oracle-long  millions of variants (KVM_ORACLE_LONG_PASSES, ..._LONG_RANDOM)
#   make coverage-report       per KVM decode entry (kvm-table.csv): does kemu emulate it
#                              identically?  From the last run's statistics.
#   make kvm-oracle            build only; reproduce a case with
#                              $(BUILD)/kvm-oracle/kvm-oracle --case N
#   make kvm-table             KVM's decode table, $(BUILD)/kvm-oracle/kvm-table.csv, dumped
#                              from the compiled emulate.c (tests/kvm-oracle/table); the
#                              oracle names its leaves with it, test-host checks kemu's maps
#                              against it
KVM_ORACLE_DIR := $(BUILD)/kvm-oracle
KVM_ORACLE_LIB := $(KVM_ORACLE_DIR)/libkvm-oracle.a
KVM_ORACLE_BIN := $(KVM_ORACLE_DIR)/kvm-oracle
KVM_ORACLE_STATS := $(KVM_ORACLE_DIR)/stats.tsv
KVM_ORACLE_SRCS := $(wildcard tests/kvm-oracle/harness/*.cpp)
KVM_ORACLE_OBJS := $(patsubst tests/kvm-oracle/harness/%.cpp,$(KVM_ORACLE_DIR)/obj/%.o,\
	$(KVM_ORACLE_SRCS))
KVM_ORACLE_HDRS := $(wildcard tests/kvm-oracle/harness/*.h) tests/kvm-oracle/kvm/kvm_backend.h \
	tests/kvm-oracle/kvm/kvm_runtime.h
KVM_ORACLE_KVM_SRCS := tests/kvm-oracle/build-kvm.sh tests/kvm-oracle/harness/oracle_abi.h \
	$(wildcard tests/kvm-oracle/kvm/*.c tests/kvm-oracle/kvm/*.h tests/kvm-oracle/kvm/shims/*.h \
		tests/kvm-oracle/kvm/shims/*/*.h)
KVM_ORACLE_SEED ?= 1
KVM_ORACLE_PASSES ?= 2
KVM_ORACLE_RANDOM ?= 400000
KVM_ORACLE_LONG_PASSES ?= 32
KVM_ORACLE_LONG_RANDOM ?= 16000000
KVM_ORACLE_JOBS ?= 2
HELP_EXTRA += "  make test-kvm-oracle  kemu against KVM's own emulate.c (6.12, built in userspace):" \
	"                  $(KVM_ORACLE_PASSES) opcode-sweep passes + $(KVM_ORACLE_RANDOM) random cases (~1.4 million)," \
	"                  classes and gaps per mnemonic (test-kvm-oracle-long: ~33 million);" \
	"                  tests/kvm-oracle/README.md" \
	"  make coverage-report  per KVM decode entry: does kemu emulate it identically (from the" \
	"                  last test-kvm-oracle run); 'kemu: X/473 KVM entries emulated'" \
	"  make kvm-table  KVM's decode table, dumped from its compiled emulate.c:" \
	"                  $(BUILD)/kvm-oracle/kvm-table.csv (test-host checks kemu's maps against it)"

KVM_TABLE := $(KVM_ORACLE_DIR)/kvm-table.csv
KVM_TABLE_BIN := $(KVM_ORACLE_DIR)/kvm-table
KVM_TABLE_SRCS := $(wildcard tests/kvm-oracle/table/*.cpp)

KVM_ORACLE_RUN := $(KVM_ORACLE_BIN) --seed $(KVM_ORACLE_SEED) --jobs $(KVM_ORACLE_JOBS) \
	--deviations tests/kvm-oracle/deviations.txt --report $(KVM_ORACLE_DIR)/report.txt \
	--table $(KVM_TABLE)

# KVM's emulate.c and its shims (the kernel source comes from scripts/kernel.sh).
$(KVM_ORACLE_LIB): $(KVM_ORACLE_KVM_SRCS)
	tests/kvm-oracle/build-kvm.sh $(KVM_ORACLE_DIR)

$(KVM_ORACLE_DIR)/obj/%.o: tests/kvm-oracle/harness/%.cpp $(KVM_ORACLE_HDRS) \
		emulator/include/kemu/kemu.h $(CORE_HDRS) tests/kvm-oracle/kvm-oracle.mk
	@mkdir -p $(dir $@)
	$(HOST_CXX) $(TEST_CXXFLAGS) -Itests/kvm-oracle/harness -Itests/kvm-oracle/kvm -c $< -o $@

$(KVM_ORACLE_BIN): $(KVM_ORACLE_OBJS) $(KVM_ORACLE_LIB) $(HOST_LIB)
	$(HOST_CXX) $(KVM_ORACLE_OBJS) $(KVM_ORACLE_LIB) $(HOST_LIB) -o $@

# KVM's decode table from the build itself: the walk of the compiled tables,
# the symbols of their functions, the switch cases of the emulate.c compiled.
$(KVM_TABLE_BIN): $(KVM_TABLE_SRCS) $(wildcard tests/kvm-oracle/table/*.h) $(KVM_ORACLE_LIB) \
		tests/kvm-oracle/kvm/kvm_backend.h
	$(HOST_CXX) $(TEST_CXXFLAGS) -Itests/kvm-oracle/kvm -Itests/kvm-oracle/harness \
		$(KVM_TABLE_SRCS) $(KVM_ORACLE_LIB) -o $@

$(KVM_TABLE): $(KVM_TABLE_BIN)
	$(KVM_TABLE_BIN) $(KVM_ORACLE_DIR)/src/emulate.c >$@.tmp && mv $@.tmp $@

# test-host asks KVM's table walk which encodings it decodes
# (tests/decode_rejects_test.cpp).
$(TEST_BIN): $(KVM_ORACLE_LIB)
$(TEST_BIN): TEST_CXXFLAGS += -Itests/kvm-oracle/harness
$(TEST_BIN): TEST_LIBS += $(KVM_ORACLE_LIB)

# The table test of test-host reads it (tests/kvm_table_test.cpp).
test-host: $(KVM_TABLE)
test-host: export KEMU_KVM_TABLE := $(KVM_TABLE)

.PHONY: kvm-oracle kvm-table test-kvm-oracle test-kvm-oracle-long coverage-report
kvm-oracle: $(KVM_ORACLE_BIN) $(KVM_TABLE)
kvm-table: $(KVM_TABLE)

# --list-leaves: the walk of KVM's tables names exactly the table's leaves.
test-kvm-oracle: deps $(KVM_ORACLE_BIN) $(KVM_TABLE)
	@$(KVM_ORACLE_BIN) --list-leaves --table $(KVM_TABLE) >/dev/null || \
		{ echo "kvm-oracle: KVM's decode tables and $(KVM_TABLE) disagree (--list-leaves)"; exit 1; }
	@$(KVM_ORACLE_RUN) --passes $(KVM_ORACLE_PASSES) --random $(KVM_ORACLE_RANDOM) \
		--stats $(KVM_ORACLE_STATS)
	@for cache in cold warm; do \
		log=$(KVM_ORACLE_DIR)/decode-cache-$$cache.log; \
		$(KVM_ORACLE_RUN) --passes $(KVM_ORACLE_PASSES) --random $(KVM_ORACLE_RANDOM) \
			--decode-cache $$cache --stats $(KVM_ORACLE_DIR)/stats-decode-cache-$$cache.tsv \
			--report $(KVM_ORACLE_DIR)/report-decode-cache-$$cache.txt >$$log 2>&1 || \
			{ cat $$log; exit 1; }; \
		grep 'decode cache' $$log | awk -v c=$$cache '{ h += $$6; m += $$8 } \
			END { printf "kvm-oracle (decode cache %s): %d hits, %d misses\n", c, h, m }'; \
		tests/kvm-oracle/same-counts.sh $(KVM_ORACLE_STATS) \
			$(KVM_ORACLE_DIR)/stats-decode-cache-$$cache.tsv || exit 1; \
	done

test-kvm-oracle-long: deps $(KVM_ORACLE_BIN) $(KVM_TABLE)
	@$(KVM_ORACLE_RUN) --passes $(KVM_ORACLE_LONG_PASSES) --random $(KVM_ORACLE_LONG_RANDOM) \
		--stats $(KVM_ORACLE_DIR)/stats-long.tsv

# The statistics of the last CI-sized run; made by one if there is none.
$(KVM_ORACLE_STATS): | $(KVM_ORACLE_BIN) $(KVM_TABLE)
	-@$(KVM_ORACLE_RUN) --passes $(KVM_ORACLE_PASSES) --random $(KVM_ORACLE_RANDOM) \
		--stats $@ >/dev/null

# Only reads the statistics: an existing binary will do (order-only).
coverage-report: $(KVM_ORACLE_STATS) | $(KVM_ORACLE_BIN) $(KVM_TABLE)
	@$(KVM_ORACLE_BIN) --coverage-report --stats $(KVM_ORACLE_STATS) \
		--deviations tests/kvm-oracle/deviations.txt --table $(KVM_TABLE)
