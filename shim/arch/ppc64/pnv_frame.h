/* The register frame the vectors of start.S fill (one, at HSPRG0: the shim
 * runs the guest on one thread). Offsets shared by C and assembly. */
#ifndef PNV_FRAME_H
#define PNV_FRAME_H

#define F_VEC 256
#define F_SRR0 264
#define F_SRR1 272
#define F_HSRR0 280
#define F_HSRR1 288
#define F_LR 296
#define F_CTR 304
#define F_CR 312
#define F_XER 320
#define F_HDAR 328
#define F_HDSISR 336
#define F_ASDR 344
#define F_DAR 352
#define F_DSISR 360
#define F_SP 368
#define F_TOC 376
#define F_SIZE 384

#define SMP_MAX_SECONDARY 3
#define SMP_STACK_SHIFT 14 /* 16 KiB per secondary */

#ifndef __ASSEMBLY__
#include <stdint.h>

struct pnv_frame {
	uint64_t gpr[32];
	uint64_t vec, srr0, srr1, hsrr0, hsrr1, lr, ctr, cr, xer;
	uint64_t hdar, hdsisr, asdr, dar, dsisr;
	uint64_t sp, toc; /* the shim's own stack and TOC for the handler */
	uint64_t vcpu;    /* the partition's virtual processor on this thread */
	uint64_t busy;    /* inside the handler: a nested interrupt is fatal */
};
#endif
#endif
