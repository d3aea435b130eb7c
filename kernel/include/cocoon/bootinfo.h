/* What the kernel learns from the (validated) device tree at boot. */
#ifndef COCOON_BOOTINFO_H
#define COCOON_BOOTINFO_H

#include <stddef.h>
#include <stdint.h>

#define BOOTINFO_MAX_MEM 8
#define BOOTINFO_MAX_RSV 16
/* Physical addresses beyond 2^52 exist on no target we run on (Arm LPA, Power ISA
 * real address and RISC-V Sv57 all stop at or below 56 bits; QEMU uses <= 52). */
#define BOOTINFO_PHYS_LIMIT (1ull << 52)

struct mem_range {
	uint64_t base, size;
};

struct bootinfo {
	const void *fdt;
	size_t fdt_size;
	const char *model;      /* "" when absent */
	const char *compatible; /* first string of the root compatible, "" when absent */
	const char *bootargs;   /* "" when absent */
	size_t bootargs_len;
	const char *stdout_path;
	struct mem_range mem[BOOTINFO_MAX_MEM];
	unsigned nmem;
	uint64_t mem_total;
	struct mem_range rsv[BOOTINFO_MAX_RSV]; /* memreserve + /reserved-memory */
	unsigned nrsv;
	unsigned ncpus;
};

/* Fill bi from a blob that passed fdt_validate(). Returns 0, or -1 with a
 * message in err: missing /chosen, no or absurd memory nodes, bad cells. */
int bootinfo_parse(struct bootinfo *bi, const void *fdt, char *err, size_t errlen);

/* Index of the memory range that fully contains [base, base+size), or -1. */
int bootinfo_find_mem(const struct bootinfo *bi, uint64_t base, uint64_t size);

/* Read one address/size value of `cells` 32-bit cells (1 or 2) at p. */
uint64_t fdt_read_cells(const void *p, int cells);

extern struct bootinfo boot_info;

#endif
