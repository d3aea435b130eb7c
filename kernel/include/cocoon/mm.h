/* Physical page allocator and kernel heap. */
#ifndef COCOON_MM_H
#define COCOON_MM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PAGE_SIZE 4096u
#define PAGE_POOL_MAX_PAGES 16384u /* 64 MiB managed at most: a unikernel needs less */

/* Manage [start, end) (page-aligned inwards). Returns the number of pages. */
size_t page_alloc_init(uintptr_t start, uintptr_t end);
/* Take [start, end) out of the pool (firmware, the FDT, reserved memory). */
void page_reserve(uintptr_t start, uintptr_t end);
/* n physically contiguous zeroed pages, or NULL. */
void *page_alloc(size_t n);
/* Give back n pages from page_alloc(). A double free or a foreign pointer is
 * refused (returns false) and reported, never corrupts the pool. */
bool page_free(void *p, size_t n);
size_t page_free_count(void);
size_t page_total_count(void);

/* Kernel heap on top of the page allocator: first fit, headers with a magic
 * value so a bad or double kfree is detected. */
int heap_init(size_t pages);
void *kmalloc(size_t size);
void *kzalloc(size_t size);
bool kfree(void *p);
size_t heap_free_bytes(void);

#endif
