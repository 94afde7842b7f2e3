# The real CPU as the oracle for the execution core (tests/native/README.md).
#   make test-native       CI-sized: NATIVE_COUNT generated variants (seed NATIVE_SEED)
#                          run natively and through kemu, compared; ends with
#                          "native: N passed, M failed" (one unit per instruction class)
#   make test-native-long  NATIVE_LONG_COUNT variants with seed NATIVE_LONG_SEED
#   make native-build      only build $(BUILD)/host/kemu-native
# Reproduce one case: $(BUILD)/host/kemu-native --case N --seed S
NATIVE_COUNT ?= 500000
NATIVE_SEED ?= 1
NATIVE_LONG_COUNT ?= 20000000
NATIVE_LONG_SEED ?= 2
NATIVE_BIN := $(BUILD)/host/kemu-native
NATIVE_SRCS := $(sort $(wildcard tests/native/*.cpp))
NATIVE_HDRS := $(wildcard tests/native/*.h)
NATIVE_OBJS := $(patsubst tests/native/%.cpp,$(BUILD)/host/native/%.o,$(NATIVE_SRCS))
NATIVE_REQUIRED := tests/native/required.txt

HELP_EXTRA += "  make test-native  the core against the real CPU: $(NATIVE_COUNT) generated instructions run" \
	"                  natively and in kemu, compared per class and mnemonic (test-native-long:" \
	"                  $(NATIVE_LONG_COUNT)); tests/native/README.md"

# $(CORE_HDRS): the flag table (exec/flag_effects.h) is compiled into the oracle.
$(BUILD)/host/native/%.o: tests/native/%.cpp $(NATIVE_HDRS) emulator/include/kemu/kemu.h $(CORE_HDRS)
	@mkdir -p $(dir $@)
	$(HOST_CXX) $(TEST_CXXFLAGS) -Itests/native -c $< -o $@

$(NATIVE_BIN): $(NATIVE_OBJS) $(HOST_LIB)
	$(HOST_CXX) $(NATIVE_OBJS) $(HOST_LIB) -o $@

.PHONY: test-native test-native-long native-build
native-build: $(NATIVE_BIN)

# Then again through kemu's decoded-instruction cache, cold and warm: the same
# verdicts (the last summary line is the one counted).
test-native: deps $(NATIVE_BIN)
	$(NATIVE_BIN) --seed $(NATIVE_SEED) --count $(NATIVE_COUNT) --required $(NATIVE_REQUIRED)
	$(NATIVE_BIN) --seed $(NATIVE_SEED) --count $(NATIVE_COUNT) --required $(NATIVE_REQUIRED) \
		--brief --decode-cache cold
	$(NATIVE_BIN) --seed $(NATIVE_SEED) --count $(NATIVE_COUNT) --required $(NATIVE_REQUIRED) \
		--brief --decode-cache warm

test-native-long: deps $(NATIVE_BIN)
	$(NATIVE_BIN) --seed $(NATIVE_LONG_SEED) --count $(NATIVE_LONG_COUNT) \
		--required $(NATIVE_REQUIRED) --show 10
