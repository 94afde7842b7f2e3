# SPDX-License-Identifier: GPL-2.0
# ---------------------------------------------------------------------------
# Kbuild.cxx: freestanding C++ objects in an out-of-tree kernel module.
#
# kbuild knows C, assembler and Rust, not C++.  This file adds one pattern
# rule, $(obj)/%.o from $(src)/%.cpp, built like a kernel C object:
#
#   - the kernel's own KBUILD_CFLAGS, minus the options that are C-only, so
#     every code-generation flag stays (retpoline / return thunks / SLS / IBT
#     / -mcmodel=kernel / -mno-red-zone / no SSE / fentry / stack protector /
#     -fno-jump-tables ...);
#   - a freestanding C++ dialect: no exceptions, RTTI, thread-safe statics or
#     atexit, no unwind tables, no libc or libstdc++ headers;
#   - objtool, exactly when kbuild would run it on a C object (per object, or
#     on the linked composite object when the kernel delays it, as with IBT);
#   - check-cxx-obj.sh on every object: no static constructors, EH/unwind
#     or TLS sections, and no undefined symbol outside a small allowlist
#     (C++ runtime, libgcc helpers).  A failing object is deleted, so the next
#     build cannot silently reuse it.
#
# Usage, in a module's Kbuild:
#     include $(src)/scripts/Kbuild.cxx
#     cxxflags-y += -I$(src)/include            (flags for every C++ object)
#     CXXFLAGS_dir/file.o += ...                 (flags for one object)
#     foo-y := main.o dir/file.o                 (dir/file.o from dir/file.cpp)
#
# Only kbuild interfaces present in both the 6.1 and 6.12 trees are used:
# cmd_objtool / objtool-enabled, cmd_gen_objtooldep, if_changed_rule,
# cmd_and_fixdep, depfile, target-stem.
# ---------------------------------------------------------------------------

# The C++ compiler matching the kernel's $(CC): same version, same target
# (gcc-12 -> g++-12, x86_64-linux-gnu-gcc-12 -> x86_64-linux-gnu-g++-12).
KCXX ?= $(subst gcc,g++,$(CC))

# Options found in KBUILD_CFLAGS that are valid for C only: g++ rejects them
# or warns "valid for C/ObjC but not for C++".
cxx-c-only := -std=gnu% \
	-Wstrict-prototypes -Werror=strict-prototypes \
	-Wmissing-prototypes -Wno-missing-prototypes \
	-Wold-style-definition -Wno-old-style-declaration \
	-Wnested-externs -Wmissing-parameter-type \
	-Wdeclaration-after-statement -Werror=declaration-after-statement \
	-Wimplicit-int -Werror=implicit-int \
	-Werror=implicit-function-declaration \
	-Werror=incompatible-pointer-types -Werror=designated-init \
	-Werror=int-conversion -Wenum-conversion \
	-Wno-pointer-sign -Wno-override-init

# Full DWARF of C++ (reference types, template parameters) makes pahole fail
# the module's BTF step; -g1 (line tables and function names) keeps stack
# traces and addr2line usable.
cxx-c-only += -g -gdwarf-4 -gdwarf-5

# The freestanding dialect.  -nostdinc/-nostdinc++: only the core's own
# headers; -ffreestanding also stops g++ from assuming a hosted libc.
cxx-dialect := -std=gnu++20 -nostdinc -nostdinc++ -ffreestanding \
	-fno-exceptions -fno-rtti -fno-threadsafe-statics -fno-use-cxa-atexit \
	-fno-asynchronous-unwind-tables -fno-unwind-tables \
	-fno-sized-deallocation -fno-common -g1 -fno-gnu-unique

# Diagnostics: missing returns and VLAs are errors; these three are noisy
# for C++ code written to the kernel's conventions.
cxx-diag := -Werror=return-type -Werror=vla \
	-Wno-missing-field-initializers -Wno-unused-parameter -Wno-sign-compare

# The kernel's sanitizers, applied to C++ as scripts/Makefile.lib applies them
# to C (same flags, same KASAN_SANITIZE_x.o / UBSAN_SANITIZE_x.o opt-outs).
# Only the KUnit test kernel (scripts/kunit-kernel.sh) has them; Debian's
# kernels have neither, so production objects do not change.  Under KASAN,
# stack redzones make frames larger (the 512-byte bound is enforced by the
# production builds), and globals are not instrumented: KASAN registers them
# from a module constructor, which check-cxx-obj.sh rightly refuses.
cxx-san-kasan = $(if $(patsubst n%,,$(KASAN_SANITIZE_$(target-stem).o)$(KASAN_SANITIZE)y), \
	$(CFLAGS_KASAN) --param asan-globals=0 -Wno-frame-larger-than, \
	$(CFLAGS_KASAN_NOSANITIZE))
cxx-san-ubsan = $(if $(patsubst n%,,$(UBSAN_SANITIZE_$(target-stem).o)$(UBSAN_SANITIZE)y), \
	$(CFLAGS_UBSAN))
cxx-san = $(if $(filter y,$(CONFIG_KASAN_GENERIC)),$(cxx-san-kasan)) \
	$(if $(filter y,$(CONFIG_UBSAN)),$(cxx-san-ubsan))
# what instrumented objects call: the sanitizers' runtime
cxx-san-undef := $(if $(filter y,$(CONFIG_KASAN_GENERIC) $(CONFIG_UBSAN)), \
	KEMU_CXX_ALLOWED_UNDEF='^__(asan|ubsan)_')

cxx_flags = -Wp,-MMD,$(depfile) \
	$(filter-out $(cxx-c-only) $(CFLAGS_REMOVE_$(target-stem).o),$(KBUILD_CFLAGS)) \
	$(KBUILD_CFLAGS_MODULE) $(CFLAGS_MODULE) \
	$(cxx-dialect) $(cxx-diag) $(cxxflags-y) $(CXXFLAGS_$(target-stem).o) $(cxx-san)

# No COMDAT groups in the objects: every inline function, template and inline
# variable the compiler emits out of line stays a plain weak definition
# (-fno-gnu-unique: weak, not STB_GNU_UNIQUE), and the linker keeps every copy
# and binds all references to one.  Groups break three ways in a kernel module:
#  - objtool, when it adds a local symbol (the __pfx_ symbols of call padding),
#    moves the first global symbol to a new index and fixes relocations but
#    not the .group sections whose signature it was: two groups end up with
#    the same signature and the final link of the .ko drops one as a
#    duplicate, so its symbols are undefined at load (check-ko.sh catches it);
#  - gcc's __mcount_loc (ftrace) is outside the groups: when the linker drops
#    a duplicate group, the entry points into a discarded section and the
#    link fails;
#  - objtool's per-object .return_sites/.retpoline_sites entries of a dropped
#    copy point at the kept copy: the kernel patches that site twice and
#    warns "missing return thunk" at load.
quiet_cmd_cxx_o_cpp = CXX [M]  $@
      cmd_cxx_o_cpp = $(KCXX) $(cxx_flags) -c -o $@ $< && \
		$(OBJCOPY) --remove-section=.group $@ $(cmd_objtool)

# The checker lives next to this file.  It is told which mitigations the
# kernel was built with (the options were renamed MITIGATION_* in 6.9).
kbuild-cxx-dir := $(dir $(lastword $(MAKEFILE_LIST)))
cxx-retpoline := $(if $(or $(CONFIG_RETPOLINE),$(CONFIG_MITIGATION_RETPOLINE)),y,n)
cxx-rethunk := $(if $(or $(CONFIG_RETHUNK),$(CONFIG_MITIGATION_RETHUNK)),y,n)

quiet_cmd_cxx_check = CXXCHK  $@
      cmd_cxx_check = KEMU_CXX_RETPOLINE=$(cxx-retpoline) KEMU_CXX_RETHUNK=$(cxx-rethunk) \
		$(cxx-san-undef) \
		$(CONFIG_SHELL) $(kbuild-cxx-dir)check-cxx-obj.sh $@ || \
		{ rm -f $@; false; }

define rule_cxx_o_cpp
	$(call cmd_and_fixdep,cxx_o_cpp)
	$(call cmd,gen_objtooldep)
	$(call cmd,cxx_check)
endef

$(obj)/%.o: $(src)/%.cpp FORCE
	$(call if_changed_rule,cxx_o_cpp)
