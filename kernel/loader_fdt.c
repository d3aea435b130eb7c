/* Where a loader-provided device tree may lie (see cocoon/loader_fdt.h). The
 * address is untrusted. DTSpec 5.1 asks for 8-byte alignment. A blob that
 * overlaps our image would sit in BSS (cleared) or on the stack, and change
 * under us after fdt_validate() has checked it: refused, and a blob below the
 * image may not reach into it. */
#include <cocoon/arch.h>
#include <cocoon/kernel.h>
#include <cocoon/loader_fdt.h>

const void *loader_fdt(uint64_t addr, uint64_t limit, size_t *max_size)
{
	uint64_t start = (uintptr_t)__image_start, end = (uintptr_t)__image_end;

	*max_size = 0;
	if (!addr)
		return NULL;
	if (addr % 8) {
		kprintf("cocoon: device tree address 0x%llx is not 8-byte aligned\n",
			(unsigned long long)addr);
		return NULL;
	}
	if (addr >= start && addr < end) {
		kprintf("cocoon: device tree address 0x%llx lies inside the kernel image\n",
			(unsigned long long)addr);
		return NULL;
	}
	if (addr < start)
		*max_size = (size_t)(start - addr);
	else if (limit > addr)
		*max_size = (size_t)(limit - addr);
	return (const void *)(uintptr_t)addr;
}
