/* Clearing a 4 KiB page of guest memory for the ultravisor model (uv.c
 * zeroes every page whose secure/shared state changes). dcbz clears one
 * whole data cache block per instruction (Power ISA v3.0 Book II, 4.3.2
 * "Data Cache Instructions"), as Linux's clear_page does on ppc64: for a
 * 128-byte block that is about a tenth of the instructions of a store loop
 * (make bench: UV_SHARE_PAGE of one private page 3.6x a null hcall with the
 * store loop). The block size is measured once, never assumed: dcbz on a
 * buffer of 0xff bytes and count what it cleared. Only dcbz writes zeros
 * there, so the count can be smaller than the block (a smaller stride
 * clears the page all the same) but never larger; anything but a power of
 * two from 32 to 4096 bytes falls back to memset. */
#include <string.h>

#include "pnv.h"

#define ZERO_PAGE_BYTES 4096u

static unsigned block; /* 0: not probed yet; 1: use memset */
static uint8_t probe[2 * ZERO_PAGE_BYTES] __attribute__((aligned(ZERO_PAGE_BYTES)));

static unsigned probe_block(void)
{
	unsigned n = 0;

	memset(probe, 0xff, sizeof(probe));
	__asm__ volatile("dcbz 0, %0" ::"r"(probe) : "memory");
	while (n < sizeof(probe) && !probe[n])
		n++;
	return n >= 32 && n <= ZERO_PAGE_BYTES && !(n & (n - 1)) ? n : 1;
}

void plat_zero_page(void *page)
{
	uint8_t *p = page, *end = p + ZERO_PAGE_BYTES;
	unsigned b;

	if (!block)
		block = probe_block();
	b = block;
	if (b == 1 || ((uintptr_t)p & (ZERO_PAGE_BYTES - 1))) {
		memset(p, 0, ZERO_PAGE_BYTES);
		return;
	}
	for (; p < end; p += b)
		__asm__ volatile("dcbz 0, %0" ::"r"(p) : "memory");
}
