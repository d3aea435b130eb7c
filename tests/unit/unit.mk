# Host unit tests (cmocka), built with ASan + UBSan from the same sources the
# guest uses. Each tests/unit/test_*.c links the kernel files it names in
# UNIT_DEPS_<name> below, plus libfdt compiled for the host.
HOST_O := $(BUILD)/host
UNIT_TESTS := $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))

UNIT_DEPS_test_format := kernel/lib/format.c
UNIT_DEPS_test_printable := kernel/lib/printable.c
UNIT_DEPS_test_cmdline := kernel/cmdline.c
UNIT_DEPS_test_kv := kernel/app/kv_store.c kernel/app/kv_proto.c kernel/lib/format.c tests/unit/host_shims.c
UNIT_DEPS_test_fdt_check := kernel/fdt_check.c kernel/bootinfo.c kernel/lib/format.c
UNIT_DEPS_test_sbi_fwft := kernel/arch/riscv/sbi_fwft_policy.c kernel/arch/riscv/sbi_errors.c
UNIT_DEPS_test_misaligned := kernel/arch/riscv/misaligned.c
UNIT_DEPS_test_sv39 := kernel/arch/riscv/sv39.c
UNIT_DEPS_test_tagalloc := kernel/tagalloc.c
UNIT_DEPS_test_sdei_dispatch := shim/arch/arm64/sdei.c
UNIT_DEPS_test_arm64_dabt := shim/arch/arm64/dabt.c
$(HOST_O)/test_arm64_dabt: HOST_CFLAGS += -Ishim/arch/arm64
UNIT_DEPS_test_shim_core := shim/core/guest_mem.c shim/core/fdt_build.c
# the shim core (shim/include) is tested on the host too
HOST_CFLAGS += -Ishim/include
# includes kernel/arch/ppc64/of_flatten.c itself (to reach its static buffers)
UNIT_DEPS_test_of_flatten := kernel/fdt_check.c
$(HOST_O)/test_of_flatten: kernel/arch/ppc64/of_flatten.c kernel/arch/ppc64/ppc64.h
UNIT_DEPS_test_cas := kernel/arch/ppc64/cas_vector.c kernel/arch/ppc64/intc_node.c

HOST_LIBFDT_OBJS = $(patsubst $(LIBFDT_SRC)/%.c,$(HOST_O)/libfdt/%.o,$(wildcard $(LIBFDT_SRC)/fdt*.c))

$(HOST_O)/libfdt/%.o: $(LIBFDT_SRC)/%.c | $(SETUP_STAMP)
	@mkdir -p $(dir $@)
	$(Q)$(HOST_CC) $(HOST_LIBFDT_CFLAGS) -I$(LIBFDT_SRC) -c $< -o $@

$(HOST_O)/libfdt.a: | $(SETUP_STAMP)
	$(Q)$(MAKE) --no-print-directory $(HOST_O)/libfdt.stamp
	$(Q)rm -f $@ && llvm-ar-19 rcs $@ $(HOST_O)/libfdt/*.o

$(HOST_O)/libfdt.stamp: $(HOST_LIBFDT_OBJS)
	$(Q)touch $@

.SECONDEXPANSION:
$(HOST_O)/%: tests/unit/%.c $$(UNIT_DEPS_$$*) $(HOST_O)/libfdt.a | $(SETUP_STAMP)
	@mkdir -p $(dir $@)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -o $@ $< $(UNIT_DEPS_$*) $(HOST_O)/libfdt.a -lcmocka

unit-build: $(addprefix $(HOST_O)/,$(UNIT_TESTS))

# Each binary writes JUnit XML next to the QEMU results (CMOCKA_XML_FILE).
test-unit: unit-build
	$(Q)mkdir -p $(BUILD)/test-results; rc=0; \
	for t in $(UNIT_TESTS); do \
		rm -f $(BUILD)/test-results/unit-$$t.xml; \
		CMOCKA_MESSAGE_OUTPUT=xml CMOCKA_XML_FILE=$(BUILD)/test-results/unit-$$t.xml \
			$(HOST_O)/$$t >/dev/null 2>$(BUILD)/test-results/unit-$$t.log || rc=1; \
		test -s $(BUILD)/test-results/unit-$$t.xml || { echo "$$t produced no results"; cat $(BUILD)/test-results/unit-$$t.log; rc=1; }; \
	done; \
	$(PYTHON) tools/test-summary --prefix unit $(BUILD)/test-results/unit-*.xml; exit $$rc
.PHONY: unit-build
SHIM_RISCV_SBI := shim/arch/riscv/sbi.c shim/arch/riscv/sbi_hsm.c shim/arch/riscv/sbi_dbcn.c \
	shim/arch/riscv/sbi_fwft.c shim/arch/riscv/sbi_time.c shim/arch/riscv/sbi_ipi.c \
	shim/arch/riscv/sbi_rfence.c shim/arch/riscv/sbi_srst.c shim/arch/riscv/vcpu.c
UNIT_DEPS_test_sbi_dispatch := $(SHIM_RISCV_SBI)
UNIT_DEPS_test_guest_fdt := shim/arch/riscv/guest_fdt.c $(SHIM_RISCV_SBI) kernel/lib/format.c
UNIT_DEPS_test_gstage := shim/arch/riscv/gstage.c
UNIT_DEPS_test_virtq := drivers/virtio/virtq.c kernel/lib/format.c
UNIT_DEPS_test_dma := drivers/dma/dma.c drivers/dma/dma_pool.c kernel/lib/format.c
UNIT_DEPS_test_pci_intx := drivers/pci/pci_intx.c
UNIT_DEPS_test_pci := drivers/pci/pci.c drivers/pci/pci_ecam.c kernel/bootinfo.c kernel/lib/format.c
UNIT_DEPS_test_virtio_pci := drivers/virtio/virtio_pci.c drivers/virtio/virtq.c drivers/dma/dma.c drivers/dma/dma_pool.c kernel/lib/format.c tests/unit/virtio_host_stubs.c
UNIT_DEPS_test_tdisp := shim/core/tdisp.c drivers/pci/tdisp_report.c kernel/lib/format.c
UNIT_DEPS_test_lsi_spec := kernel/arch/ppc64/lsi_spec.c drivers/pci/pci_intx.c
PNV_SHIM_HOST_SRCS := shim/arch/ppc64/guest_mem.c shim/arch/ppc64/of_client.c \
	shim/arch/ppc64/cas.c shim/arch/ppc64/dt_build.c shim/arch/ppc64/hcall.c \
	shim/arch/ppc64/rtas.c shim/arch/ppc64/elf_load.c shim/arch/ppc64/xics.c shim/arch/ppc64/mmio.c shim/arch/ppc64/xive.c shim/arch/ppc64/pci.c \
	shim/arch/ppc64/virtio_rng.c shim/arch/ppc64/virtio_pci.c shim/arch/ppc64/virtio_blk.c \
	shim/arch/ppc64/uv.c shim/arch/ppc64/tdisp_call.c shim/core/tdisp.c shim/arch/ppc64/proc_tbl.c \
	kernel/lib/format.c tests/unit/pnv_host_stubs.c
UNIT_DEPS_test_pnv_ofclient := $(PNV_SHIM_HOST_SRCS)
UNIT_DEPS_test_pnv_hcall := $(PNV_SHIM_HOST_SRCS) kernel/fdt_check.c kernel/bootinfo.c
UNIT_DEPS_test_pnv_mmio := $(PNV_SHIM_HOST_SRCS)
UNIT_DEPS_test_pnv_uv := $(PNV_SHIM_HOST_SRCS)
UNIT_DEPS_test_pnv_tdisp := $(PNV_SHIM_HOST_SRCS)
UNIT_DEPS_test_sdei_context := kernel/arch/arm64/sdei_context.c kernel/lib/format.c
