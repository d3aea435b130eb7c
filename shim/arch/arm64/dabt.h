/* Decoding a trapped guest load or store from its syndrome (ESR_EL2 ISS for a
 * data abort, Arm ARM DDI 0487 D24.2.40 "ISS encoding for an exception from a
 * Data Abort"), so the shim can perform it on the guest's behalf. Pure
 * functions: host-tested and fuzzed (tests/unit/test_arm64_dabt.c,
 * tests/fuzz/fuzz_arm64_dabt.c). */
#ifndef SHIM_ARM64_DABT_H
#define SHIM_ARM64_DABT_H

#include <stdbool.h>
#include <stdint.h>

struct dabt_access {
	unsigned size; /* 1, 2, 4 or 8 bytes (SAS) */
	unsigned reg;  /* SRT: 0-30, or 31 = xzr/wzr */
	bool write;    /* WnR */
	bool sign;     /* SSE: a load that sign-extends (LDRSB, LDRSH, LDRSW) */
	bool wide;     /* SF: the register is Xt (64 bits), else Wt */
};

/* false when ISV is 0: the instruction is not described by the syndrome
 * (e.g. a load pair or a writeback form) and cannot be emulated */
bool dabt_decode(uint64_t esr, struct dabt_access *a);

/* The value a load of a->size bytes at byte offset off (0-3, aligned) of the
 * 32-bit word dword leaves in the 64-bit register: zero- or sign-extended to
 * the register's width, and a 32-bit register's upper half cleared. */
uint64_t dabt_load_value(const struct dabt_access *a, uint32_t dword, unsigned off);

/* The bytes a store writes, from the register's value (xzr reads 0). */
uint32_t dabt_store_value(const struct dabt_access *a, uint64_t reg_value);

#endif
