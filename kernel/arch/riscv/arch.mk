# riscv64 (S-mode under SBI firmware). Soft-float: the kernel never touches FP
# state, so traps need not save it.
ARCH_CFLAGS := --target=riscv64-unknown-elf -march=rv64imac_zicsr_zifencei -mabi=lp64 \
	-mcmodel=medany -mno-relax -Ikernel/arch/riscv
ARCH_LDFLAGS := --no-relax
ARCH_IMAGES := $(O)/Image
DEFAULT_CONFIG := riscv64-opensbi

# Linux-style RISC-V Image (Documentation/arch/riscv/boot-image-header.rst): the
# header is part of the linked image, so the raw binary is the Image.
$(O)/Image: $(O)/cocoon.elf
	$(Q)$(OBJCOPY) -O binary $< $@

# The HS-mode shim (shim/arch/riscv) as a raw image too: QEMU -kernel loads it
# at RAM base + 2 MiB, where shim.ld links it; the ELF works as well.
SHIM_IMAGES := $(O)/shim.Image
$(O)/shim.Image: $(O)/shim.elf
	$(Q)$(OBJCOPY) -O binary $< $@
