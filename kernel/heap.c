/* Kernel heap: a first-fit free list in one arena from the page allocator.
 * Every block carries a header with a magic value and its state, so kfree()
 * of a pointer that is not a live allocation is detected and refused. */
#include <string.h>

#include <cocoon/kernel.h>
#include <cocoon/mm.h>

#define HEAP_ALIGN 16
#define MAGIC_USED 0xc0c0a110c47edull
#define MAGIC_FREE 0xc0c0a11f4eeull

struct block {
	uint64_t magic;
	size_t size;        /* payload bytes */
	struct block *next; /* address-ordered list of all blocks */
	uint64_t pad;       /* keeps the payload 16-byte aligned */
};

static struct block *heap_head;
static uintptr_t heap_start, heap_end;

int heap_init(size_t pages)
{
	void *arena = page_alloc(pages);

	if (!arena)
		return -1;
	heap_start = (uintptr_t)arena;
	heap_end = heap_start + pages * PAGE_SIZE;
	heap_head = arena;
	*heap_head = (struct block){ MAGIC_FREE, pages * PAGE_SIZE - sizeof(struct block), NULL, 0 };
	return 0;
}

void *kmalloc(size_t size)
{
	if (!size || size > heap_end - heap_start)
		return NULL;
	size = ALIGN_UP(size, HEAP_ALIGN);
	for (struct block *b = heap_head; b; b = b->next) {
		if (b->magic != MAGIC_FREE || b->size < size)
			continue;
		if (b->size >= size + sizeof(struct block) + HEAP_ALIGN) {
			struct block *rest = (struct block *)((char *)(b + 1) + size);
			*rest = (struct block){ MAGIC_FREE, b->size - size - sizeof(struct block),
						b->next, 0 };
			b->next = rest;
			b->size = size;
		}
		b->magic = MAGIC_USED;
		return b + 1;
	}
	return NULL;
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

bool kfree(void *p)
{
	struct block *b, *prev = NULL;

	if (!p)
		return true;
	/* find the block by walking the list: a forged header cannot fool us */
	for (b = heap_head; b && (void *)(b + 1) != p; b = b->next)
		prev = b;
	if (!b || b->magic != MAGIC_USED) {
		kprintf("kfree: %p is %s\n", p, b ? "already free (double free)" : "not a heap block");
		return false;
	}
	b->magic = MAGIC_FREE;
	/* merge with the following and the preceding free neighbours */
	if (b->next && b->next->magic == MAGIC_FREE) {
		b->size += sizeof(struct block) + b->next->size;
		b->next = b->next->next;
	}
	if (prev && prev->magic == MAGIC_FREE) {
		prev->size += sizeof(struct block) + b->size;
		prev->next = b->next;
	}
	return true;
}

size_t heap_free_bytes(void)
{
	size_t n = 0;

	for (struct block *b = heap_head; b; b = b->next)
		if (b->magic == MAGIC_FREE)
			n += b->size;
	return n;
}
