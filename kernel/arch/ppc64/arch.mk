# ppc64le on QEMU pseries (PAPR guest, real mode). Soft-float, no VMX/VSX: the
# kernel never touches FP/vector state, so traps need not save it.
# Position independent: pseries loads the ELF at (p_paddr & 0x0fffffff) +
# kernel-addr (0x400000 by default), so it is linked at 0 as a PIE and
# relocates itself (kernel/arch/ppc64/reloc.c).
ARCH_CFLAGS := --target=powerpc64le-unknown-none-elf -mcpu=power9 -msoft-float \
	-mno-altivec -mno-vsx -fPIE -Ikernel/arch/ppc64 -Idrivers
ARCH_LDFLAGS := -pie --no-dynamic-linker -z norelro -z notext -z max-page-size=4096 \
	--hash-style=sysv --build-id=none
ARCH_IMAGES :=
DEFAULT_CONFIG := ppc64-vof

# The powernv HV shim (shim/arch/ppc64): a raw image for -bios, linked at 0.
SHIM_LDFLAGS := --no-dynamic-linker -static -z norelro -z max-page-size=4096 --build-id=none
SHIM_IMAGES := $(O)/shim.bin
$(O)/shim.bin: $(O)/shim.elf
	$(Q)$(OBJCOPY) -O binary $< $@
