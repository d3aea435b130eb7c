/* What kernel code expects from the kernel, provided on the host for unit
 * tests and fuzz targets: the heap maps to malloc. Counting allocations lets tests prove nothing leaks. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <cocoon/mm.h>

long host_live_allocations;

void *kmalloc(size_t size)
{
	void *p = size ? malloc(size) : NULL;

	if (p)
		host_live_allocations++;
	return p;
}

bool kfree(void *p)
{
	if (p) {
		host_live_allocations--;
		free(p);
	}
	return true;
}
