/* See dabt.h: the ISS fields of a data abort (Arm ARM D24.2.40). */
#include "dabt.h"

#define ISS_ISV (1ull << 24)
#define ISS_SAS(e) (((e) >> 22) & 3)
#define ISS_SSE (1ull << 21)
#define ISS_SRT(e) (((e) >> 16) & 31)
#define ISS_SF (1ull << 15)
#define ISS_WNR (1ull << 6)

bool dabt_decode(uint64_t esr, struct dabt_access *a)
{
	if (!(esr & ISS_ISV))
		return false;
	a->size = 1u << ISS_SAS(esr);
	a->reg = (unsigned)ISS_SRT(esr);
	a->write = esr & ISS_WNR;
	/* SSE is RES0 for stores; a 64-bit load has nothing to extend */
	a->sign = !a->write && a->size < 8 && (esr & ISS_SSE);
	a->wide = esr & ISS_SF;
	return true;
}

uint64_t dabt_load_value(const struct dabt_access *a, uint32_t dword, unsigned off)
{
	unsigned bits = a->size * 8;
	uint64_t v = dword >> ((off & 3) * 8);

	if (bits < 32)
		v &= (1u << bits) - 1;
	if (a->sign && bits < 64 && (v >> (bits - 1)) & 1)
		v |= ~0ull << bits; /* sign-extend to 64 bits ... */
	if (!a->wide)
		v &= 0xffffffffull; /* ... then a Wt destination clears the upper half */
	return v;
}

uint32_t dabt_store_value(const struct dabt_access *a, uint64_t reg_value)
{
	uint32_t v = a->reg == 31 ? 0 : (uint32_t)reg_value;

	if (a->size < 4)
		v &= (1u << (a->size * 8)) - 1;
	return v;
}
