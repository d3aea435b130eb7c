/* System-register and MMIO accessors, and the architectural constants the
 * arm64 port shares (Arm ARM DDI 0487, chapter D23 register descriptions). */
#ifndef ARM64_SYSREG_H
#define ARM64_SYSREG_H

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

/* Single-instruction MMIO accesses (a split or merged access to a device
 * register is wrong, and hypervisors can only emulate plain ldr/str). */
static inline uint32_t mmio_read32(uintptr_t a)
{
	uint32_t v;
	__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return v;
}
static inline void mmio_write32(uintptr_t a, uint32_t v)
{
	__asm__ volatile("str %w0, [%1]" ::"rZ"(v), "r"(a) : "memory");
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

/* SCTLR_EL1 (D23.2.158) */
#define SCTLR_M (1ul << 0)
#define SCTLR_C (1ul << 2)
#define SCTLR_SA (1ul << 3)
#define SCTLR_SA0 (1ul << 4)
#define SCTLR_I (1ul << 12)
#define SCTLR_WXN (1ul << 19) /* writable implies execute-never */
/* bits that are RES1 in Armv8.0 (EOS, TSCXT, EIS, SPAN, nTLSMD, LSMAOE) */
#define SCTLR_EL1_RES1 0x30d00800ul

/* ID_AA64PFR0_EL1 fields (D23.2.80) */
#define PFR0_EL2(v) (((v) >> 8) & 0xf)
#define PFR0_EL3(v) (((v) >> 12) & 0xf)
#define PFR0_GIC(v) (((v) >> 24) & 0xf)

#endif
