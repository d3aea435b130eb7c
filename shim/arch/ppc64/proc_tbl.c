/* The guest's radix process table. Client: kernel/arch/ppc64/proc_tbl.c.
 * - H_REGISTER_PROC_TBL (PAPR ISA v3.00 extensions; flags as Linux
 *   pseries_lpar_register_process_table passes them): r4 = flags, r5 = the
 *   table's guest-real base, r6 = page size (0 for radix), r7 = PRTS (size
 *   2^(12 + PRTS) bytes). Every argument is checked like any guest input;
 *   a good one goes into dw1 of the partition's PATE (lpar.c) with GR set,
 *   then the cached translations of LPID 1 are invalidated.
 * - proc_tbl_translate(): an effective address of the guest to a guest-real
 *   one through its process-scoped tree, for MMIO emulation (mmio.c) once
 *   the guest runs with MSR[IR|DR] = 1. Entry formats: Power ISA v3.0B
 *   Book III, "Radix Tree Translation" (big-endian doublewords).
 * The table and the tree are ordinary (for a Secure VM: private) guest
 * memory walked by the MMU; the hcall only range-checks the base, and the
 * walk reads through the ultravisor's window (gmem_uv_read), as the
 * instruction decode already does, never through the hypervisor's. */
#include <shim/shim.h>

#include "pnv.h"

#define PROC_TBL_MODIFY 0x10
#define PROC_TBL_REGISTER 0x08
#define PROC_TBL_RADIX 0x04
#define PROC_TBL_HASH_SEG 0x02 /* hash with segment tables: not offered */
#define PROC_TBL_GTSE 0x01     /* guest tlbie: not offered at CAS (cas.c) */
#define PROC_TBL_FLAGS 0x1full
#define PRTS_MAX 24
#define PATE1_GR (1ull << 63)  /* guest uses radix */

#define R_V (1ull << 63)
#define R_L (1ull << 62)
#define R_RPN 0x01fffffffffff000ull
#define R_NLB 0x0fffffffffffff00ull
#define R_NLS 0x1full
#define R_EXEC 0x1ull
#define R_READ 0x4ull
#define R_RW 0x2ull

static uint64_t registered; /* the PATE dw1 we set, host order; 0 = none */

static uint64_t be64(uint64_t v)
{
	return __builtin_bswap64(v);
}

long proc_tbl_hcall(const uint64_t *r)
{
	uint64_t flags = r[4], base = r[5], psize = r[6], prts = r[7];

	if (shim_fault("proc-tbl-refused"))
		return H_HARDWARE; /* hostile host: the guest must stay in real mode, and say so */
	if (flags & ~PROC_TBL_FLAGS)
		return H_PARAMETER;
	if (!(flags & PROC_TBL_MODIFY)) /* keep the registration: it must be radix */
		return flags & PROC_TBL_RADIX ? H_SUCCESS : H_PARAMETER;
	if (!(flags & PROC_TBL_REGISTER)) {
		registered = 0;
		lpar_set_proc_tbl(0);
		return H_SUCCESS;
	}
	/* the partition is radix only, without guest tlbie (what CAS offered) */
	if (!(flags & PROC_TBL_RADIX) || (flags & (PROC_TBL_HASH_SEG | PROC_TBL_GTSE)))
		return H_PARAMETER;
	if (prts > PRTS_MAX)
		return H_P4;
	if (base & 0xfff || base & ((1ull << (12 + prts)) - 1) || !gmem_ok(base, 1ull << (12 + prts)))
		return H_P2;
	if (psize)
		return H_P3;
	if (shim_fault("proc-tbl-ignored"))
		return H_SUCCESS; /* hostile host: a success that installs nothing */
	registered = PATE1_GR | base | prts;
	lpar_set_proc_tbl(registered);
	return H_SUCCESS;
}

void proc_tbl_reset(void)
{
	registered = 0;
}

static int read_entry(uint64_t gpa, uint64_t *v)
{
	if (gmem_uv_read(gpa, v, 8))
		return -1;
	*v = be64(*v);
	return 0;
}

/* ea -> guest real through the registered table, as the MMU would for the
 * guest's current PIDR; exec: the leaf must allow execution. -1 if there is
 * no valid translation (the guest may change its tree at any time: the
 * caller checks what it finds there anyway). */
int proc_tbl_translate(uint64_t ea, bool exec, uint64_t *gra)
{
	uint64_t pid, prtb, e, base, nls, size, pte = 0;
	unsigned quadrant = (unsigned)(ea >> 62);

	if (!registered || quadrant == 1 || quadrant == 2 || (ea << 2) >> 54)
		return -1; /* no table; quadrants 1-2 and EA bits 2:11 are invalid for a guest */
	pid = quadrant == 3 ? 0 : plat_guest_pid();
	prtb = registered & 0x0ffffffffffff000ull;
	if (pid >= (1ull << (12 + (registered & 0x1f))) / 16 || read_entry(prtb + pid * 16, &e))
		return -1;
	size = (((e >> 61) & 3) << 3 | ((e >> 5) & 7)) + 31;
	base = e & R_NLB;
	nls = e & R_NLS;
	ea &= (1ull << 52) - 1;
	if (size != 52)
		return -1;
	for (unsigned level = 0; level < 4; level++) {
		if (nls < 5 || nls > 13 || nls + 12 > size ||
		    read_entry(base + ((ea >> (size - nls)) & ((1ull << nls) - 1)) * 8, &e) ||
		    !(e & R_V))
			return -1;
		size -= nls;
		if (e & R_L) {
			pte = e;
			break;
		}
		base = e & R_NLB;
		nls = e & R_NLS;
	}
	if (!pte || (exec && !(pte & R_EXEC)) || (!exec && !(pte & (R_READ | R_RW))))
		return -1;
	*gra = ((pte & R_RPN) & ~((1ull << size) - 1)) | (ea & ((1ull << size) - 1));
	return 0;
}
