# The CPU as a decoder oracle for VEX map-1 validity (tests/cpu-decode/
# vex_on_cpu.cpp); make test-decode runs it after the disassembler sweeps.
DECODE_CPU := $(BUILD)/host/vex-on-cpu

$(DECODE_CPU): tests/cpu-decode/vex_on_cpu.cpp $(HOST_LIB)
	$(HOST_CXX) $(TEST_CXXFLAGS) $< $(HOST_LIB) -o $@
