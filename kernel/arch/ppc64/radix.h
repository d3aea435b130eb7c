/* Radix tree entry formats (Power ISA v3.0B Book III, "Radix Tree
 * Translation": process-table entry, PDE and PTE). The tables are
 * big-endian doublewords; these values are in host order (IBM bit k of a
 * doubleword is 1 << (63 - k)). */
#ifndef COCOON_PPC64_RADIX_H
#define COCOON_PPC64_RADIX_H

#include "ppc64.h"

#define RADIX_V PPC_BIT(63)            /* bit 0: valid */
#define RADIX_L PPC_BIT(62)            /* bit 1: leaf (PTE), else PDE */
#define RADIX_RPN 0x01fffffffffff000ull /* PTE bits 7:51: real page number */
#define RADIX_NLB 0x0fffffffffffff00ull /* PDE bits 4:55: next-level base */
#define RADIX_NLS 0x1full              /* PDE bits 59:63: log2(entries) below */
#define RADIX_R 0x100ull               /* bit 55: reference */
#define RADIX_C 0x080ull               /* bit 56: change */
#define RADIX_ATT 0x030ull             /* bits 58:59: storage attributes */
#define RADIX_ATT_IO 0x020ull          /* 0b10: non-idempotent I/O (cache-inhibited, guarded) */
#define RADIX_PRIV 0x008ull            /* EAA bit 0: privileged (MSR[PR] = 0) only */
#define RADIX_READ 0x004ull            /* EAA bit 1: read */
#define RADIX_RW 0x002ull              /* EAA bit 2: read and write */
#define RADIX_EXEC 0x001ull            /* EAA bit 3: execute */
#define RADIX_ATTRS (RADIX_R | RADIX_C | RADIX_ATT | RADIX_PRIV | RADIX_READ | RADIX_RW | RADIX_EXEC)

/* The configuration POWER9/POWER10 support for a 52-bit space with 4 KiB
 * pages (and the only one QEMU accepts): a 2^13-entry root, then three
 * 2^9-entry levels; leaves at level 1 (1 GiB), 2 (2 MiB) or 3 (4 KiB). */
#define RADIX_RTS_BITS 52
#define RADIX_ROOT_BITS 13
#define RADIX_LEVEL_BITS 9
#define RADIX_LEVELS 4

/* proc_tbl.c: H_REGISTER_PROC_TBL of a one-entry radix process table
 * whose entry 0 (PID 0) points at root. Returns the hcall status. */
long ppc64_proc_tbl_register(const uint64_t *root, bool gtse);
uint64_t ppc64_proc_tbl_entry0(void);

#endif
