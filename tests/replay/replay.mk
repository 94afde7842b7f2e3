# kemu-replay over hand-checked records (tests/replay/run.sh; part of test-host).
REPLAY_TOOL := $(BUILD)/tools/kemu-replay

.PHONY: test-replay
test-replay: $(REPLAY_TOOL)
	tests/replay/run.sh $(REPLAY_TOOL)
