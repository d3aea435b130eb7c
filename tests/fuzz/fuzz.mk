# libFuzzer targets (issue: fuzz every parser and dispatcher). Host builds of
# the same sources as the guest, with ASan + UBSan. tests/fuzz/fuzz_<name>.c
# links the kernel files in FUZZ_DEPS_fuzz_<name> and starts from the committed
# seed corpus tests/fuzz/corpus/<name>/.
#   make fuzz [FUZZ_SECONDS=60]      every target for FUZZ_SECONDS each
#   make fuzz-smoke                  every target for a few seconds (make check)
FUZZ_O := $(BUILD)/fuzz
FUZZ_TARGETS := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 3
FUZZ_CFLAGS := -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-Ikernel/include -I$(LIBFDT_SRC) -D_DEFAULT_SOURCE -DCOCOON_HOST_TEST $(WARN)
FUZZ_CFLAGS += -Ishim/include # the shim providers include <shim/trace.h>

FUZZ_DEPS_fuzz_fdt := kernel/fdt_check.c kernel/bootinfo.c kernel/lib/format.c
FUZZ_DEPS_fuzz_cmdline := kernel/cmdline.c
FUZZ_DEPS_fuzz_kv := kernel/app/kv_store.c kernel/app/kv_proto.c kernel/lib/format.c tests/unit/host_shims.c
FUZZ_DEPS_fuzz_sbi_ret := kernel/arch/riscv/sbi_fwft_policy.c kernel/arch/riscv/sbi_errors.c \
	kernel/arch/riscv/misaligned.c
FUZZ_DEPS_fuzz_sdei_dispatch := shim/arch/arm64/sdei.c
FUZZ_DEPS_fuzz_vec5 := kernel/arch/ppc64/cas_vector.c
FUZZ_DEPS_fuzz_tdisp := drivers/pci/tdisp_report.c kernel/lib/format.c

$(FUZZ_O)/libfdt/%.o: $(LIBFDT_SRC)/%.c | $(SETUP_STAMP)
	@mkdir -p $(dir $@)
	$(Q)$(HOST_CC) -std=gnu11 -g -O1 -fsanitize=fuzzer-no-link,address,undefined -w -I$(LIBFDT_SRC) -c $< -o $@

$(FUZZ_O)/libfdt.a: | $(SETUP_STAMP)
	$(Q)$(MAKE) --no-print-directory $(FUZZ_O)/libfdt.stamp
	$(Q)rm -f $@ && llvm-ar-19 rcs $@ $(FUZZ_O)/libfdt/*.o

$(FUZZ_O)/libfdt.stamp: $(patsubst $(LIBFDT_SRC)/%.c,$(FUZZ_O)/libfdt/%.o,$(wildcard $(LIBFDT_SRC)/fdt*.c))
	$(Q)touch $@

.SECONDEXPANSION:
$(FUZZ_O)/fuzz_%: tests/fuzz/fuzz_%.c $$(FUZZ_DEPS_fuzz_$$*) $(FUZZ_O)/libfdt.a | $(SETUP_STAMP)
	@mkdir -p $(dir $@)
	$(Q)$(HOST_CC) $(FUZZ_CFLAGS) -o $@ $< $(FUZZ_DEPS_fuzz_$*) $(FUZZ_O)/libfdt.a

fuzz-build: $(addprefix $(FUZZ_O)/,$(FUZZ_TARGETS))

fuzz: fuzz-build
	$(Q)$(PYTHON) tests/fuzz/run-fuzz --seconds $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-smoke: fuzz-build
	$(Q)$(PYTHON) tests/fuzz/run-fuzz --seconds $(FUZZ_SMOKE_SECONDS) \
		--junit $(BUILD)/test-results/fuzz.xml $(FUZZ_TARGETS)
.PHONY: fuzz fuzz-build fuzz-smoke
FUZZ_DEPS_fuzz_sbi_dispatch := shim/arch/riscv/sbi.c shim/arch/riscv/sbi_hsm.c \
	shim/arch/riscv/sbi_dbcn.c shim/arch/riscv/sbi_fwft.c shim/arch/riscv/sbi_time.c \
	shim/arch/riscv/sbi_ipi.c shim/arch/riscv/sbi_rfence.c shim/arch/riscv/sbi_srst.c \
	shim/arch/riscv/vcpu.c
FUZZ_DEPS_fuzz_virtq_used := drivers/virtio/virtq.c kernel/lib/format.c
FUZZ_DEPS_fuzz_pci_dt := drivers/pci/pci_ecam.c drivers/pci/pci_intx.c kernel/bootinfo.c kernel/lib/format.c
FUZZ_DEPS_fuzz_virtio_pci := drivers/virtio/virtio_pci.c drivers/virtio/virtq.c drivers/dma/dma.c \
	drivers/dma/dma_pool.c kernel/lib/format.c tests/unit/virtio_host_stubs.c
FUZZ_DEPS_fuzz_psci_dispatch := shim/arch/arm64/psci.c shim/core/guest_mem.c
$(FUZZ_O)/fuzz_psci_dispatch: FUZZ_CFLAGS += -Ishim/include -Ishim/arch/arm64
FUZZ_DEPS_fuzz_arm64_dabt := shim/arch/arm64/dabt.c
$(FUZZ_O)/fuzz_arm64_dabt: FUZZ_CFLAGS += -Ishim/arch/arm64
FUZZ_DEPS_fuzz_of_flatten := kernel/fdt_check.c kernel/lib/format.c
FUZZ_DEPS_fuzz_intc_node := kernel/arch/ppc64/intc_node.c
FUZZ_DEPS_fuzz_pci_enum := drivers/pci/pci.c drivers/pci/pci_ecam.c kernel/bootinfo.c kernel/lib/format.c
FUZZ_DEPS_fuzz_pnv_hcall := shim/arch/ppc64/guest_mem.c shim/arch/ppc64/of_client.c \
	shim/arch/ppc64/cas.c shim/arch/ppc64/dt_build.c shim/arch/ppc64/hcall.c \
	shim/arch/ppc64/rtas.c shim/arch/ppc64/elf_load.c shim/arch/ppc64/xics.c shim/arch/ppc64/mmio.c shim/arch/ppc64/xive.c shim/arch/ppc64/pci.c \
	shim/arch/ppc64/virtio_rng.c shim/arch/ppc64/virtio_pci.c shim/arch/ppc64/virtio_blk.c \
	shim/arch/ppc64/uv.c shim/arch/ppc64/tdisp_call.c shim/core/tdisp.c shim/arch/ppc64/proc_tbl.c \
	kernel/lib/format.c tests/unit/pnv_host_stubs.c
FUZZ_DEPS_fuzz_sdei_context := kernel/arch/arm64/sdei_context.c kernel/lib/format.c
FUZZ_DEPS_fuzz_tdisp_trap := $(FUZZ_DEPS_fuzz_pnv_hcall) drivers/pci/tdisp_report.c
