/* libFuzzer target: the arm64 shim's data-abort decoder (shim/arch/arm64/dabt.c)
 * with arbitrary syndromes, config-space words and register values, against
 * the architecture's rules restated here: a load's result fits the register
 * (a Wt destination never has bits 63:32 set), its low size*8 bits are the
 * bytes read, the rest are copies of the top bit read when it sign-extends
 * and zero otherwise; a store writes only size bytes, and nothing from xzr.
 * Input: esr (8 bytes), dword (4), register value (8), offset (1). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dabt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t esr, reg;
	uint32_t dword;
	struct dabt_access a;
	unsigned off;

	if (size < 21)
		return 0;
	memcpy(&esr, data, 8);
	memcpy(&dword, data + 8, 4);
	memcpy(&reg, data + 12, 8);
	off = data[20] & 3;

	if (!dabt_decode(esr, &a)) {
		if (esr & (1ull << 24))
			abort(); /* ISV set but refused */
		return 0;
	}
	/* the fields, restated from the ISS layout (Arm ARM D24.2.40) */
	if (a.size != 1u << ((esr >> 22) & 3) || a.reg != ((esr >> 16) & 31) ||
	    a.write != !!(esr & (1ull << 6)) || a.wide != !!(esr & (1ull << 15)) ||
	    a.sign != (!a.write && a.size < 8 && (esr & (1ull << 21))))
		abort();
	if (a.write) {
		uint32_t v = dabt_store_value(&a, reg);

		if (a.sign || (a.reg == 31 && v) ||
		    (a.size < 4 && (v >> (a.size * 8))) ||
		    (a.reg != 31 && a.size < 4 && v != ((uint32_t)reg & ((1u << (a.size * 8)) - 1))))
			abort();
		return 0;
	}
	if (a.size == 8 || off % a.size)
		return 0; /* the trap refuses these before loading */
	{
		uint64_t v = dabt_load_value(&a, dword, off);
		unsigned bits = a.size * 8, width = a.wide ? 64 : 32;
		uint64_t low = bits == 32 ? 0xffffffffull : (1ull << bits) - 1;
		uint64_t read = (dword >> (off * 8)) & low;
		bool top = (read >> (bits - 1)) & 1;
		uint64_t rest = v >> bits;
		uint64_t want_rest = a.sign && top ? (width == 64 ? ~0ull >> bits
								  : (0xffffffffull >> bits))
						  : 0;

		if ((v & low) != read || (!a.wide && (v >> 32)) || (bits < width && rest != want_rest) ||
		    (bits == width && rest))
			abort();
	}
	return 0;
}
