# arm64 (EL1, entered at EL1 or EL2). No FP/SIMD: -mgeneral-regs-only keeps the
# compiler off the vector registers, so traps need not save them and CPACR_EL1
# can leave FP trapped. -mstrict-align: until the MMU is on, every data access
# is Device memory, where unaligned accesses fault (Arm ARM B2.5.2).
ARCH_CFLAGS := --target=aarch64-none-elf -mgeneral-regs-only -mstrict-align -fno-pic \
	-Ikernel/arch/arm64
ARCH_LDFLAGS := -z max-page-size=4096 -z noexecstack
ARCH_IMAGES := $(O)/Image
DEFAULT_CONFIG := arm64-qemu

# Linux arm64 Image (Documentation/arch/arm64/booting.rst): the 64-byte header is
# the start of the linked image, so the raw binary is the Image.
$(O)/Image: $(O)/cocoon.elf
	$(Q)$(OBJCOPY) -O binary $< $@

# The EL2 shim (shim/arch/arm64) as an Image too: QEMU -kernel then passes
# the DTB in x0. The guest Image is loaded beside it with -device loader.
SHIM_IMAGES := $(O)/shim.Image
$(O)/shim.Image: $(O)/shim.elf
	$(Q)$(OBJCOPY) -O binary $< $@
