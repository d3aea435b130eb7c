/* System-register and MMIO accessors for arm64 code at any exception level:
 * the guest (kernel/arch/arm64, EL1) and the shim (shim/arch/arm64, EL2)
 * both use them (Arm ARM DDI 0487, MRS/MSR, ISB, DSB). */
#ifndef COCOON_ARM64_SYSREG_H
#define COCOON_ARM64_SYSREG_H

#include <stdint.h>

#define read_sysreg(r)                                                       \
	({                                                                   \
		uint64_t __v;                                                \
		__asm__ volatile("mrs %0, " #r : "=r"(__v));                 \
		__v;                                                         \
	})
#define write_sysreg(r, v) __asm__ volatile("msr " #r ", %0" ::"r"((uint64_t)(v)))
#define isb() __asm__ volatile("isb" ::: "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt ::: "memory")

/* Single-instruction MMIO accesses: a split or merged access to a device
 * register is wrong, and a hypervisor can only emulate a plain ldr/str whose
 * syndrome it gets in ESR_EL2.ISS (ISV=1). */
static inline uint32_t mmio_read32(uintptr_t a)
{
	uint32_t v;
	__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return v;
}
static inline uint64_t mmio_read64(uintptr_t a)
{
	uint64_t v;
	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return v;
}
static inline void mmio_write8(uintptr_t a, uint8_t v)
{
	__asm__ volatile("strb %w0, [%1]" ::"rZ"(v), "r"(a) : "memory");
}
static inline void mmio_write32(uintptr_t a, uint32_t v)
{
	__asm__ volatile("str %w0, [%1]" ::"rZ"(v), "r"(a) : "memory");
}
static inline void mmio_write64(uintptr_t a, uint64_t v)
{
	__asm__ volatile("str %0, [%1]" ::"rZ"(v), "r"(a) : "memory");
}

#endif
