/* Every access the shim makes to guest memory goes through here: guest real
 * addresses are checked against the partition's size (with overflow-safe
 * arithmetic) before they become host addresses. Guest memory can change
 * under us at any time, so callers copy in once and use the copy. */
#include <string.h>

#include "pnv.h"

struct guest_mem guest_mem;

bool gmem_ok(uint64_t gpa, uint64_t len)
{
	return guest_mem.base && gpa <= guest_mem.size && len <= guest_mem.size - gpa;
}

/* The hypervisor half's window: in range, and (for a secure guest) only
 * pages the guest shared (uv.c logs a refusal as a protection violation). */
static uint8_t *gmem_ptr(uint64_t gpa, uint64_t len)
{
	return gmem_ok(gpa, len) && uv_access_ok(gpa, len) ? guest_mem.base + gpa : NULL;
}

int gmem_uv_read(uint64_t gpa, void *dst, uint64_t len)
{
	if (!gmem_ok(gpa, len))
		return -1;
	memcpy(dst, guest_mem.base + gpa, len);
	return 0;
}

int gmem_read(uint64_t gpa, void *dst, uint64_t len)
{
	const uint8_t *p = gmem_ptr(gpa, len);

	if (!p)
		return -1;
	memcpy(dst, p, len);
	return 0;
}

int gmem_write(uint64_t gpa, const void *src, uint64_t len)
{
	uint8_t *p = gmem_ptr(gpa, len);

	if (!p)
		return -1;
	memcpy(p, src, len);
	return 0;
}

int gmem_zero(uint64_t gpa, uint64_t len)
{
	uint8_t *p = gmem_ptr(gpa, len);

	if (!p)
		return -1;
	memset(p, 0, len);
	return 0;
}

/* A NUL-terminated string of at most max - 1 bytes; -1 if it leaves guest
 * memory or does not end in time. Byte by byte: the guest may change it. */
int gmem_read_str(uint64_t gpa, char *dst, size_t max)
{
	for (size_t i = 0; i < max; i++) {
		const uint8_t *p = gmem_ptr(gpa + i, 1);

		if (!p || gpa + i < gpa)
			return -1;
		dst[i] = (char)*p;
		if (!dst[i])
			return (int)i;
	}
	if (max)
		dst[max - 1] = 0;
	return -1;
}

int gmem_read_be32(uint64_t gpa, uint32_t *v)
{
	uint8_t b[4];

	if (gmem_read(gpa, b, 4))
		return -1;
	*v = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
	return 0;
}

int gmem_write_be32(uint64_t gpa, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };

	return gmem_write(gpa, b, 4);
}

/* Make stores to guest memory visible to instruction fetch (Power ISA
 * Book II, "Instruction Cache Instructions": dcbst, sync, icbi, isync). */
int gmem_sync_icache(uint64_t gpa, uint64_t len)
{
	uint8_t *p = gmem_ptr(gpa, len);

	if (!p)
		return -1;
#ifdef __powerpc64__
	for (uint64_t off = 0; off < len; off += 128)
		__asm__ volatile("dcbst 0, %0" ::"r"(p + off) : "memory");
	__asm__ volatile("sync" ::: "memory");
	for (uint64_t off = 0; off < len; off += 128)
		__asm__ volatile("icbi 0, %0" ::"r"(p + off) : "memory");
	__asm__ volatile("sync; isync" ::: "memory");
#endif
	return 0;
}
