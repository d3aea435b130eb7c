/* QEMU powernv (POWER9/POWER10) addresses and HV special-purpose registers
 * the shim uses. SPR numbers: Power ISA v3.0B Book III; LPC I/O space:
 * LPCM base 0x0006030000000000 + OPB I/O window 0xd0010000 (QEMU
 * hw/ppc/pnv_lpc.c; verified in ../shared/reference/ppc64.md). */
#ifndef PNV_HW_H
#define PNV_HW_H

#include <stdint.h>

#define PNV_LPC_IO (0x0006030000000000ull + 0xd0010000ull)

#define SPRN_DEC 22
#define SPRN_PIDR 48
#define SPRN_PVR 287
#define SPRN_HSPRG0 304
#define SPRN_HDEC 310
#define SPRN_LPCR 318
#define SPRN_LPIDR 319
#define SPRN_PTCR 464
#define SPRN_HID0 1008

#define MSR_HV (1ull << 60)
#define MSR_ME (1ull << 12)
#define MSR_LE 1ull

#define PPC_BIT(b) (1ull << (63 - (b)))
#define LPCR_ILE PPC_BIT(38)
#define LPCR_AIL (3ull << (63 - 40))
#define LPCR_UPRT PPC_BIT(41)
#define LPCR_HR PPC_BIT(43)
#define LPCR_LD PPC_BIT(46)
#define LPCR_GTSE PPC_BIT(53)
#define LPCR_HVICE PPC_BIT(62)
#define LPCR_HDICE PPC_BIT(63)
#define HID0_HILE PPC_BIT(4)

#define mfspr(n)                                                         \
	({                                                               \
		uint64_t v_;                                             \
		__asm__ volatile("mfspr %0, %1" : "=r"(v_) : "i"(n));    \
		v_;                                                      \
	})
#define mtspr(n, v) __asm__ volatile("mtspr %0, %1" ::"i"(n), "r"((uint64_t)(v)) : "memory")

static inline uint64_t mftb(void)
{
	uint64_t t;

	__asm__ volatile("mftb %0" : "=r"(t));
	return t;
}

#endif
