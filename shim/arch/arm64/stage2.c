/* Stage-2 translation (Arm ARM DDI 0487, VMSAv8-64 stage 2 translation; VTCR_EL2).
 * 40-bit IPA space, 4 KiB granule, walk starting at level 1 with two
 * concatenated level-1 tables (1024 x 1 GiB: stage 2 may concatenate
 * up to 16 tables at the initial level):
 *   GiB 0 and GiB >= 256   identity, Device-nGnRE, execute-never: the UART,
 *                          GIC, PCIe ECAM and BAR windows pass through
 *   guest RAM              2 MiB Normal blocks, IPA base .. + size mapped to
 *                          the host range above the shim (which stays unmapped)
 *   anything else          invalid: a guest access is a stage-2 fault */
#include <string.h>

#include <shim/shim.h>

#include "hyp.h"

#define S2_BLOCK 0x1ull
#define S2_TABLE 0x3ull
#define S2_MEM_DEVICE (0x1ull << 2) /* MemAttr 0b0001 Device-nGnRE */
#define S2_MEM_NORMAL (0xfull << 2) /* MemAttr 0b1111 Normal WB */
#define S2_AP_RW (3ull << 6)
#define S2_SH_INNER (3ull << 8)
#define S2_AF (1ull << 10)
#define S2_XN (1ull << 54)

#define GiB (1ull << 30)
#define MiB2 (2ull << 20)
#define RAM_TABLES 4 /* guest RAM up to 4 GiB */

#define VTCR_T0SZ 24ull	       /* 2^40 bytes of IPA */
#define VTCR_SL0_L1 (1ull << 6) /* start at level 1 (4 KiB granule) */
#define VTCR_IRGN0_WBWA (1ull << 8)
#define VTCR_ORGN0_WBWA (1ull << 10)
#define VTCR_SH0_INNER (3ull << 12)
#define VTCR_PS_40 (2ull << 16)
#define VTCR_RES1 (1ull << 31)

static uint64_t l1[1024] __attribute__((aligned(8192)));
static uint64_t l2[RAM_TABLES][512] __attribute__((aligned(4096)));

int stage2_init(uint64_t guest_ipa, uint64_t guest_size, uint64_t guest_pa)
{
	unsigned used = 0;

	if ((read_sysreg(id_aa64mmfr0_el1) & 0xf) < 2) {
		shim_printf("stage 2: the CPU has fewer than 40 physical address bits\n");
		return -1;
	}
	if (guest_ipa % GiB || guest_size % MiB2 || guest_pa % MiB2 || guest_ipa < GiB ||
	    guest_size > (uint64_t)RAM_TABLES * GiB || guest_ipa + guest_size > 256 * GiB) {
		shim_printf("stage 2: unsupported guest RAM layout\n");
		return -1;
	}
	memset(l1, 0, sizeof(l1));
	l1[0] = 0 | S2_BLOCK | S2_AF | S2_AP_RW | S2_MEM_DEVICE | S2_XN;
	for (uint64_t g = 256; g < 1024; g++)
		l1[g] = g * GiB | S2_BLOCK | S2_AF | S2_AP_RW | S2_MEM_DEVICE | S2_XN;
	for (uint64_t off = 0; off < guest_size; off += MiB2) {
		uint64_t ipa = guest_ipa + off, g = ipa / GiB;

		if (!l1[g]) {
			memset(l2[used], 0, sizeof(l2[used]));
			l1[g] = (uint64_t)(uintptr_t)l2[used++] | S2_TABLE;
		}
		((uint64_t *)(uintptr_t)(l1[g] & ~0xfffull))[(ipa % GiB) / MiB2] =
			(guest_pa + off) | S2_BLOCK | S2_AF | S2_AP_RW | S2_SH_INNER |
			S2_MEM_NORMAL;
	}
	dsb(ishst);
	return 0;
}

void stage2_enable(void)
{
	write_sysreg(vtcr_el2, VTCR_RES1 | VTCR_PS_40 | VTCR_SH0_INNER | VTCR_ORGN0_WBWA |
				       VTCR_IRGN0_WBWA | VTCR_SL0_L1 | VTCR_T0SZ);
	write_sysreg(vttbr_el2, (uint64_t)(uintptr_t)l1 | 1ull << 48); /* VMID 1 */
	isb();
	__asm__ volatile("tlbi vmalls12e1is\n\tdsb ish\n\tisb" ::: "memory");
}

/* Hide one 4 KiB page of the identity-mapped device space (a TDI's ECAM
 * page): its 1 GiB block becomes 2 MiB blocks, the 2 MiB block holding the
 * page becomes 4 KiB pages, and the page itself is left invalid, so guest
 * accesses fault to EL2 (data abort, EC 0x24) for emulation. Before
 * stage2_enable(). */
#define S2_PAGE 0x3ull /* level-3 page descriptor */
#define DEV_L2_MAX 2
#define DEV_L3_MAX 8
static uint64_t dev_l2[DEV_L2_MAX][512] __attribute__((aligned(4096)));
static uint64_t dev_l3[DEV_L3_MAX][512] __attribute__((aligned(4096)));
static unsigned dev_l2_used, dev_l3_used;

int stage2_hide_page(uint64_t pa)
{
	const uint64_t dev = S2_AF | S2_AP_RW | S2_MEM_DEVICE | S2_XN;
	uint64_t g = pa / GiB, *l2t, *l3t, i2, i3;

	if (g >= 1024 || (g != 0 && g < 256))
		return -1; /* not device space */
	if ((l1[g] & 3) == S2_BLOCK) {
		if (dev_l2_used == DEV_L2_MAX)
			return -1;
		l2t = dev_l2[dev_l2_used++];
		for (uint64_t i = 0; i < 512; i++)
			l2t[i] = (g * GiB + i * MiB2) | S2_BLOCK | dev;
		l1[g] = (uint64_t)(uintptr_t)l2t | S2_TABLE;
	}
	l2t = (uint64_t *)(uintptr_t)(l1[g] & ~0xfffull);
	i2 = (pa % GiB) / MiB2;
	if ((l2t[i2] & 3) == S2_BLOCK) {
		if (dev_l3_used == DEV_L3_MAX)
			return -1;
		l3t = dev_l3[dev_l3_used++];
		for (uint64_t i = 0; i < 512; i++)
			l3t[i] = (g * GiB + i2 * MiB2 + i * 4096) | S2_PAGE | dev;
		l2t[i2] = (uint64_t)(uintptr_t)l3t | S2_TABLE;
	}
	l3t = (uint64_t *)(uintptr_t)(l2t[i2] & ~0xfffull);
	i3 = (pa % MiB2) / 4096;
	l3t[i3] = 0;
	dsb(ishst);
	return 0;
}
