/* The register part of an arm64 exception frame, as the guest's EL1 vectors
 * (kernel/arch/arm64/vectors.S) and the shim's EL2 vectors
 * (shim/arch/arm64/vectors.S) both lay it out: x0-x30 at [base + 8 * n].
 * Assembly only. */
#ifndef COCOON_ARM64_FRAME_H
#define COCOON_ARM64_FRAME_H

#ifdef __ASSEMBLY__
/* op = stp or ldp: x2-x29, the pairs between x0/x1 (which the vector entry
 * and the exit handle themselves) and x30 (stored with the return address). */
	.macro	FRAME_X2_X29 op, base
	\op	x2, x3, [\base, #16]
	\op	x4, x5, [\base, #32]
	\op	x6, x7, [\base, #48]
	\op	x8, x9, [\base, #64]
	\op	x10, x11, [\base, #80]
	\op	x12, x13, [\base, #96]
	\op	x14, x15, [\base, #112]
	\op	x16, x17, [\base, #128]
	\op	x18, x19, [\base, #144]
	\op	x20, x21, [\base, #160]
	\op	x22, x23, [\base, #176]
	\op	x24, x25, [\base, #192]
	\op	x26, x27, [\base, #208]
	\op	x28, x29, [\base, #224]
	.endm
#endif

#endif
