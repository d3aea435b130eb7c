/* Decoding of the scalar loads and stores a misaligned-access exception can
 * come from (RISC-V unprivileged spec v20240411: RV64I LOAD/STORE, and the
 * RVC C.LW/C.LD/C.SW/C.SD and their SP-relative forms). Pure, host-tested. */
#ifndef COCOON_RISCV_MISALIGNED_H
#define COCOON_RISCV_MISALIGNED_H

#include <stdbool.h>
#include <stdint.h>

struct rv_memop {
	uint8_t len;    /* instruction bytes: 2 or 4 */
	uint8_t width;  /* access bytes: 1, 2, 4, 8 */
	bool store;
	bool sign;      /* loads: sign-extend */
	uint8_t reg;    /* rd (loads) or rs2 (stores) */
	uint8_t base;   /* rs1 */
	int32_t imm;    /* address = x[base] + imm */
};

/* insn: the 32 bits at the faulting pc (a 16-bit instruction in the low half
 * when bits 1:0 != 3). False for anything else (FP, atomics, Zcb, illegal). */
bool rv_decode_memop(uint32_t insn, struct rv_memop *op);

/* The value a load of `width` bytes read as raw little-endian bits becomes in
 * the destination register. */
uint64_t rv_load_extend(uint64_t raw, unsigned width, bool sign);

#endif
