/* H_REGISTER_PROC_TBL (LoPAPR / PAPR ISA v3.00 extensions; the flags as
 * Linux pseries_lpar_register_process_table() passes them): tell the
 * hypervisor where our radix process table is. Provider side:
 * shim/arch/ppc64/proc_tbl.c. Entry layout: Power ISA v3.0B Book III,
 * "Process Table": dw0 = RTS (split in bits 1:2 and 56:58) | RPDB | RPDS,
 * dw1 unused for radix. PID 0 is the only entry we use: quadrant 0 with
 * PIDR = 0, and quadrant 3 always. */
#include <stdbool.h>
#include <stdint.h>

#include "radix.h"

#define H_REGISTER_PROC_TBL 0x37c
#define PROC_TBL_MODIFY 0x10   /* change the registration */
#define PROC_TBL_REGISTER 0x08 /* register (else deregister) */
#define PROC_TBL_RADIX 0x04
#define PROC_TBL_GTSE 0x01     /* we may issue tlbie ourselves */
#define PROC_TBL_PRTS 0        /* size 2^(12 + PRTS) bytes: 256 entries */

/* aligned to its size, as the process-table base must be */
static uint64_t proc_tbl[512] __attribute__((aligned(4096)));

uint64_t ppc64_proc_tbl_entry0(void)
{
	return __builtin_bswap64(proc_tbl[0]);
}

long ppc64_proc_tbl_register(const uint64_t *root, bool gtse)
{
	uint64_t rts = RADIX_RTS_BITS - 31; /* encoded as size - 31 */
	uint64_t flags = PROC_TBL_MODIFY | PROC_TBL_REGISTER | PROC_TBL_RADIX;

	proc_tbl[0] = __builtin_bswap64((rts >> 3) << 61 | (uint64_t)(uintptr_t)root |
					(rts & 7) << 5 | RADIX_ROOT_BITS);
	proc_tbl[1] = 0;
	__asm__ volatile("ptesync" ::: "memory");
	if (gtse)
		flags |= PROC_TBL_GTSE;
	return ppc64_hcall(H_REGISTER_PROC_TBL, flags, (uint64_t)(uintptr_t)proc_tbl, 0,
			   PROC_TBL_PRTS);
}
