/* arm64 stack guard pages: one unmapped 4 KiB page below the boot stack and
 * below the secondary PE's stack (mmu.c leaves them invalid at level 3), and
 * the way out of an overflow for the vectors (vectors.S). */
#ifndef ARM64_STACK_GUARD_H
#define ARM64_STACK_GUARD_H

/* struct arm64_stack_area, shared with vectors.S; TPIDR_EL1 points at the
 * PE's own one from its first instruction at EL1 (entry.S, smp_entry.S). */
#define SA_SP_MIN 0	/* the lowest SP that still takes a frame: bottom + frame */
#define SA_EMERG_TOP 8	/* the PE's emergency stack */
#define SA_KIND 16	/* scratch of the overflow path */
#define SA_SP 24
#define SA_SIZE 32
#define SA_FRAME_SIZE 288 /* vectors.S FRAME_SIZE */
#define ARM64_STACK_AREAS 2 /* the boot PE and the one secondary (smp.c) */

#ifndef __ASSEMBLY__
#include <stdint.h>

#include "arm64.h"

struct arm64_stack_area {
	char *sp_min, *emerg_top;
	uint64_t kind, sp;
};
_Static_assert(sizeof(struct arm64_stack_area) == SA_SIZE, "vectors.S layout");

extern struct arm64_stack_area arm64_stack_areas[ARM64_STACK_AREAS];
/* The top of the secondary PE's stack (smp.c hands it to smp_entry.S). */
uintptr_t arm64_secondary_stack_top(void);

/* Guard page i (i < ARM64_STACK_AREAS), its base address. */
uintptr_t arm64_stack_guard(unsigned i);
/* The overflow message; the caller dumps the frame and stops. */
void arm64_stack_overflow_report(const struct trap_frame *f);
#endif
#endif
