/* The device-tree address a loader hands over in a register (arm64 x0,
 * riscv64 a1), checked before the blob is read. */
#ifndef COCOON_LOADER_FDT_H
#define COCOON_LOADER_FDT_H

#include <stddef.h>
#include <stdint.h>

/* addr as a blob pointer, or NULL (with a message unless addr is 0) when it is
 * not 8-byte aligned or lies inside the kernel image. *max_size = the bytes
 * the blob may occupy: up to the image when below it, else up to limit (the
 * first address past usable memory; 0 = unknown, *max_size 0). */
const void *loader_fdt(uint64_t addr, uint64_t limit, size_t *max_size);

#endif
