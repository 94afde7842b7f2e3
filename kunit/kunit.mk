# KUnit suites in a KUnit test kernel under QEMU (kunit/README.md).
#   make test-kunit     build (or reuse) the test kernel, build kemu.ko and
#                       kemu_kunit.ko against it, boot it under QEMU TCG, run the
#                       suites; ends with "kunit: N passed, M failed"
#   make kunit-kernel   only build (or find) the cached test kernel
KUNIT_TIMEOUT ?= 300

.PHONY: test-kunit kunit-kernel
HELP_EXTRA += "  make test-kunit  KUnit suites (core vectors, KVM ABI, bridge, routing) in a KASAN/UBSAN/lockdep" \
	"                  test kernel from linux-source-6.12, under QEMU TCG; kunit/README.md" \
	"  make kunit-kernel  build (about 5 min on 2 cores) or find that kernel in ~/.cache/kemu"

kunit-kernel: deps
	@scripts/kunit-kernel.sh

test-kunit: deps
	@kunit/run.sh --timeout $(KUNIT_TIMEOUT)
