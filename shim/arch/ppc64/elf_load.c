/* Load the guest's ELF image into guest memory as QEMU pseries does: each
 * PT_LOAD segment at (p_paddr & 0x0fffffff) + the load address (spapr's
 * kernel-addr translation), so the unchanged PIE guest finds itself at
 * 0x400000. ELF-64 layout: System V gABI, "ELF Header" and "Program Header";
 * the image is untrusted input, every offset and size is checked. */
#include <string.h>

#include "pnv.h"

#define EI_NIDENT 16
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define ET_EXEC 2
#define ET_DYN 3
#define EM_PPC64 21
#define PT_LOAD 1
#define MAX_PHDRS 64
#define PADDR_MASK 0x0fffffffull

struct elf64_ehdr {
	uint8_t ident[EI_NIDENT];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

_Static_assert(sizeof(struct elf64_ehdr) == 64, "ehdr");
_Static_assert(sizeof(struct elf64_phdr) == 56, "phdr");

static bool in_image(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

static int bad(const char **why, const char *msg)
{
	*why = msg;
	return -1;
}

int elf_load(const uint8_t *img, uint64_t img_size, uint64_t load_gpa, uint64_t *end_gpa,
	     const char **why)
{
	struct elf64_ehdr eh;
	unsigned loaded = 0;
	uint64_t end = load_gpa;

	if (!img || img_size < sizeof(eh))
		return bad(why, "image smaller than an ELF header");
	memcpy(&eh, img, sizeof(eh));
	if (memcmp(eh.ident, "\177ELF", 4))
		return bad(why, "no ELF magic");
	if (eh.ident[4] != ELFCLASS64 || eh.ident[5] != ELFDATA2LSB)
		return bad(why, "not a little-endian ELF-64 image");
	if ((eh.type != ET_EXEC && eh.type != ET_DYN) || eh.machine != EM_PPC64)
		return bad(why, "not a ppc64 executable");
	if (eh.phentsize != sizeof(struct elf64_phdr) || eh.phnum == 0 || eh.phnum > MAX_PHDRS)
		return bad(why, "bad program header table size");
	if (!in_image(eh.phoff, (uint64_t)eh.phnum * sizeof(struct elf64_phdr), img_size))
		return bad(why, "program headers outside the image");
	for (unsigned i = 0; i < eh.phnum; i++) {
		struct elf64_phdr ph;
		uint64_t dest;

		memcpy(&ph, img + eh.phoff + i * sizeof(ph), sizeof(ph));
		if (ph.type != PT_LOAD)
			continue;
		if (ph.filesz > ph.memsz)
			return bad(why, "segment file size above its memory size");
		if (!in_image(ph.offset, ph.filesz, img_size))
			return bad(why, "segment data outside the image");
		dest = load_gpa + (ph.paddr & PADDR_MASK);
		if (dest < load_gpa || !gmem_ok(dest, ph.memsz))
			return bad(why, "segment outside guest memory");
		if (gmem_write(dest, img + ph.offset, ph.filesz) ||
		    gmem_zero(dest + ph.filesz, ph.memsz - ph.filesz))
			return bad(why, "segment copy failed");
		if (dest + ph.memsz > end)
			end = dest + ph.memsz;
		loaded++;
	}
	if (!loaded)
		return bad(why, "no loadable segment");
	*end_gpa = end;
	return 0;
}
