# cocoon — top-level build.
#   make run [ARCH=riscv64|arm64|ppc64] [CONFIG=name] [APPEND="bootargs"]
#   make check      every test; ends with "N passed, N failed"
#   make [ARCH=..]  build one architecture;  make all  builds all three
# tools/setup installs what is missing; it runs by itself when its stamp is missing.

ARCH ?= riscv64
.DEFAULT_GOAL := default
ARCHS := riscv64 arm64 ppc64
ifeq ($(filter $(ARCH),$(ARCHS)),)
$(error ARCH must be one of: $(ARCHS))
endif
# directory name of the arch under kernel/arch, boot/, linker/, tests/guest/
ARCH_DIR := $(patsubst riscv64,riscv,$(ARCH))

BUILD := build
O := $(BUILD)/$(ARCH)
DEPS := $(BUILD)/deps
SETUP_STAMP := $(DEPS)/.setup-stamp
LIBFDT_SRC := $(DEPS)/libfdt

CC := clang-19
LD := ld.lld-19
OBJCOPY := llvm-objcopy-19
PYTHON := python3

Q := $(if $(V),,@)

# ---- guest (freestanding) flags ------------------------------------------------
WARN := -Wall -Wextra -Werror
GUEST_CFLAGS := -std=c11 -ffreestanding -nostdlibinc -fno-stack-protector \
	-fno-common -ffunction-sections -fdata-sections -O2 -g \
	-isystem kernel/include/libc -Ikernel/include -I$(LIBFDT_SRC) \
	-DCOCOON_ARCH=\"$(ARCH)\"
GUEST_ASFLAGS := -Ikernel/include -D__ASSEMBLY__
LIBFDT_CFLAGS := -std=gnu11 -ffreestanding -nostdlibinc -fno-stack-protector \
	-ffunction-sections -fdata-sections -O2 -g -isystem kernel/include/libc -I$(LIBFDT_SRC) \
	-Wall -Wno-sign-compare -Wno-unused-parameter

# the arch fragment sets ARCH_CFLAGS, ARCH_LDFLAGS, ARCH_IMAGES and may add rules
include kernel/arch/$(ARCH_DIR)/arch.mk

CORE_SRCS := $(wildcard kernel/*.c kernel/lib/*.c kernel/app/*.c tests/guest/*.c)
ARCH_SRCS := $(wildcard kernel/arch/$(ARCH_DIR)/*.c kernel/arch/$(ARCH_DIR)/*.S \
	boot/$(ARCH_DIR)/*.S tests/guest/$(ARCH_DIR)/*.c drivers/*/*.c)
LIBFDT_SRCS = $(wildcard $(LIBFDT_SRC)/fdt*.c)

OBJS := $(patsubst %,$(O)/obj/%.o,$(ARCH_SRCS) $(CORE_SRCS))
LIBFDT_OBJS = $(patsubst $(LIBFDT_SRC)/%.c,$(O)/libfdt/%.o,$(LIBFDT_SRCS))
LDSCRIPT := linker/$(ARCH_DIR).ld


.PHONY: docs
.PHONY: default kernel all run check test-unit test-qemu bench fuzz clean distclean setup help
default: kernel

kernel: $(O)/cocoon.elf $(ARCH_IMAGES)

setup $(SETUP_STAMP): tools/setup
	$(Q)./tools/setup

# the kernel proper is built with the stack protector (kernel/stack_protector.c).
# No frame above 2 KiB and no VLA: the stack pointer then never moves past a
# 4 KiB guard page in one step, so the next frame's first store lands in the
# guard (stack clash protection by construction; clang 19 has no probing for
# bare-metal riscv64).
KERNEL_HARDEN_CFLAGS := -fstack-protector-strong -Wframe-larger-than=2048 -Wvla

$(O)/obj/%.c.o: %.c | $(SETUP_STAMP)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ARCH_CFLAGS) $(GUEST_CFLAGS) $(KERNEL_HARDEN_CFLAGS) $(WARN) -MMD -MP -c $< -o $@

$(O)/obj/%.S.o: %.S | $(SETUP_STAMP)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ARCH_CFLAGS) $(GUEST_ASFLAGS) -MMD -MP -c $< -o $@

$(O)/libfdt/%.o: $(LIBFDT_SRC)/%.c | $(SETUP_STAMP)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ARCH_CFLAGS) $(LIBFDT_CFLAGS) -c $< -o $@

$(O)/libfdt.a: $(SETUP_STAMP)
	$(Q)$(MAKE) --no-print-directory ARCH=$(ARCH) $(O)/libfdt.stamp
	$(Q)rm -f $@ && llvm-ar-19 rcs $@ $(LIBFDT_OBJS)

$(O)/libfdt.stamp: $(LIBFDT_OBJS)
	$(Q)touch $@

$(O)/cocoon.elf: $(OBJS) $(O)/libfdt.a $(LDSCRIPT)
	$(Q)$(LD) $(ARCH_LDFLAGS) -T $(LDSCRIPT) --gc-sections -o $@ $(OBJS) $(O)/libfdt.a
	@echo "  LD      $@ ($$(stat -c %s $@) bytes)"

# ---- shim (the per-arch hypervisor: shim/core + shim/arch/<dir>) ----------------
# Built when the arch has shim sources; links our kernel/lib and libfdt. The arch
# fragment sets SHIM_LDSCRIPT and may set SHIM_CFLAGS, SHIM_IMAGES and rules.
SHIM_ARCH_SRCS := $(wildcard shim/arch/$(ARCH_DIR)/*.c shim/arch/$(ARCH_DIR)/*.S)
ifneq ($(SHIM_ARCH_SRCS),)
SHIM_SRCS := $(SHIM_ARCH_SRCS) $(wildcard shim/core/*.c) kernel/lib/format.c \
	kernel/lib/string.c kernel/lib/strtoul.c
SHIM_OBJS := $(patsubst %,$(O)/shim/%.o,$(SHIM_SRCS))
SHIM_LDSCRIPT ?= shim/arch/$(ARCH_DIR)/shim.ld

$(O)/shim/%.c.o: %.c | $(SETUP_STAMP)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ARCH_CFLAGS) $(GUEST_CFLAGS) $(KERNEL_HARDEN_CFLAGS) -Ishim/include \
		-Ishim/arch/$(ARCH_DIR) -DCOCOON_SHIM $(SHIM_CFLAGS) $(WARN) -MMD -MP -c $< -o $@

$(O)/shim/%.S.o: %.S | $(SETUP_STAMP)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(ARCH_CFLAGS) $(GUEST_ASFLAGS) -Ishim/include -Ishim/arch/$(ARCH_DIR) \
		-DCOCOON_SHIM $(SHIM_CFLAGS) -MMD -MP -c $< -o $@

$(O)/shim.elf: $(SHIM_OBJS) $(O)/libfdt.a $(SHIM_LDSCRIPT)
	$(Q)$(LD) $(SHIM_LDFLAGS) -T $(SHIM_LDSCRIPT) --gc-sections -o $@ $(SHIM_OBJS) $(O)/libfdt.a
	@echo "  LD      $@ ($$(stat -c %s $@) bytes)"

kernel: $(O)/shim.elf $(SHIM_IMAGES)
-include $(SHIM_OBJS:.o=.d)
endif

all:
	$(Q)for a in $(ARCHS); do $(MAKE) --no-print-directory ARCH=$$a kernel || exit 1; done

# ---- running ------------------------------------------------------------------
# Boots the default configuration of ARCH with the console on this terminal;
# APP=kv boots the key-value appliance (configuration <ARCH>-kv) with its
# virtio-console on build/<APP>.sock; the boot log stays on this terminal.
run: kernel
	$(Q)$(PYTHON) tests/run-qemu --run $(or $(CONFIG),$(if $(APP),$(ARCH)-$(APP),$(DEFAULT_CONFIG))) \
		$(if $(APP),--append "$(if $(CONFIG),app=$(APP) )$(APPEND)" --socket $(BUILD)/$(APP).sock --timeout 3600,\
		$(if $(APPEND),--append "$(APPEND)"))

# ---- tests --------------------------------------------------------------------
HOST_CC := clang-19
HOST_CFLAGS := -std=c11 -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -Ikernel/include -I$(LIBFDT_SRC) -DCOCOON_HOST_TEST -D_DEFAULT_SOURCE $(WARN)
HOST_LIBFDT_CFLAGS := -std=gnu11 -g -O1 -fsanitize=address,undefined -w
-include tests/unit/unit.mk
-include tests/fuzz/fuzz.mk

check: $(SETUP_STAMP)
	$(Q)./tools/check

# regenerate docs/diagrams from real traced runs
docs: all
	$(Q)$(PYTHON) tools/make-docs

# one flow: make trace FLOW=sdei (fwft, cas, xive, virtio, boot); log in build/docs/
.PHONY: trace
trace: all
	$(Q)$(PYTHON) tools/make-docs $(if $(FLOW),--flow $(FLOW))

test-qemu: all
	$(Q)$(PYTHON) tests/run-qemu --all --junit $(BUILD)/test-results/qemu.xml

# ---- benchmarks (bench/; never part of make check) -----------------------------
# Deterministic counts under QEMU -icount; fetches the Linux peer's kernels.
bench: $(SETUP_STAMP)
	$(Q)$(MAKE) --no-print-directory all
	$(Q)./bench/setup
	$(Q)$(PYTHON) bench/bench.py

clean:
	rm -rf $(addprefix $(BUILD)/,$(ARCHS) host test-results)

distclean:
	rm -rf $(BUILD)

help:
	@sed -n '1,6p' Makefile

-include $(OBJS:.o=.d)
