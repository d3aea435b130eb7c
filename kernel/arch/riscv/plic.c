/* RISC-V PLIC (riscv-plic-spec 1.0.0, "Memory Map"): enough to take level
 * interrupts of PCI INTx in S-mode on the boot hart. The controller and our
 * context come from the device tree (riscv,plic0 / sifive,plic-1.0.0 binding:
 * reg, riscv,ndev, interrupts-extended = <hart-intc cause> per context); the
 * S-mode context of the boot hart is the entry whose cause is 9 (supervisor
 * external interrupt) on the boot hart's interrupt controller. */
#include <libfdt.h>

#include <cocoon/bootinfo.h>
#include <cocoon/io.h>
#include <cocoon/kernel.h>
#include <cocoon/pci.h>

#include "mmu.h"
#include "trap.h"

#define PLIC_PRIORITY(src) (4u * (src))
#define PLIC_ENABLE(ctx, src) (0x2000u + 0x80u * (ctx) + 4u * ((src) / 32))
#define PLIC_THRESHOLD(ctx) (0x200000u + 0x1000u * (ctx))
#define PLIC_CLAIM(ctx) (0x200004u + 0x1000u * (ctx))
#define PLIC_MAX_SOURCES 1023
#define IRQ_S_EXT 9
#define SIE_SEIE (1ul << 9)
#define PLIC_HANDLERS 8

extern uint64_t riscv_boot_hartid;

static uintptr_t plic;
static uint32_t plic_phandle, ndev, ctx;
static bool plic_tried;
static struct {
	uint32_t src;
	void (*fn)(void *);
	void *arg;
} handlers[PLIC_HANDLERS];

static bool is_boot_hart_intc(const void *fdt, uint32_t phandle)
{
	int intc = fdt_node_offset_by_phandle(fdt, phandle), cpu, len;
	const fdt32_t *reg;

	if (intc < 0 || (cpu = fdt_parent_offset(fdt, intc)) < 0)
		return false;
	reg = fdt_getprop(fdt, cpu, "reg", &len);
	return reg && len >= 4 && fdt32_to_cpu(reg[len / 4 - 1]) == riscv_boot_hartid;
}

static int plic_init(const void *fdt, int node)
{
	int len, ac = 2, sc = 2, parent = fdt_parent_offset(fdt, node);
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len), *p;
	uint64_t base, size;

	if (parent >= 0) {
		if ((p = fdt_getprop(fdt, parent, "#address-cells", NULL)))
			ac = (int)fdt32_to_cpu(*p);
		if ((p = fdt_getprop(fdt, parent, "#size-cells", NULL)))
			sc = (int)fdt32_to_cpu(*p);
	}
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2 || !reg || len < 4 * (ac + sc))
		return -1;
	base = fdt_read_cells(reg, ac);
	size = fdt_read_cells(reg + ac, sc);
	p = fdt_getprop(fdt, node, "riscv,ndev", &len);
	if (!p || len != 4 || !fdt32_to_cpu(*p) || fdt32_to_cpu(*p) > PLIC_MAX_SOURCES)
		return -1;
	ndev = fdt32_to_cpu(*p);
	p = fdt_getprop(fdt, node, "interrupts-extended", &len);
	if (!p || len <= 0 || len % 8)
		return -1;
	ctx = ~0u;
	for (int i = 0; i < len / 8 && ctx == ~0u; i++)
		if (fdt32_to_cpu(p[2 * i + 1]) == IRQ_S_EXT &&
		    is_boot_hart_intc(fdt, fdt32_to_cpu(p[2 * i])))
			ctx = (uint32_t)i;
	if (ctx == ~0u || (uint64_t)PLIC_CLAIM(ctx) + 4 > size || base + size < base ||
	    base + size > riscv_mmu_map_end()) {
		kprintf("plic: no S-mode context for hart %llu inside the PLIC's registers\n",
			(unsigned long long)riscv_boot_hartid);
		return -1;
	}
	plic = (uintptr_t)base;
	io_write32(plic + PLIC_THRESHOLD(ctx), 0);
	return 0;
}

int pci_arch_irq_attach(const void *fdt, const struct pci_irq *irq, void (*fn)(void *),
			void *arg, char *desc, unsigned desclen)
{
	int node = fdt_node_offset_by_phandle(fdt, irq->phandle);
	unsigned slot = PLIC_HANDLERS;
	uint32_t src;

	if (node < 0 || irq->cells != 1 || !fn ||
	    (fdt_node_check_compatible(fdt, node, "riscv,plic0") &&
	     fdt_node_check_compatible(fdt, node, "sifive,plic-1.0.0")))
		return -1;
	if (!plic_tried) {
		plic_tried = true;
		if (!plic_init(fdt, node))
			plic_phandle = irq->phandle;
	}
	src = irq->spec[0];
	if (!plic || irq->phandle != plic_phandle || !src || src > ndev)
		return -1;
	for (unsigned i = 0; i < PLIC_HANDLERS && slot == PLIC_HANDLERS; i++)
		if (!handlers[i].fn)
			slot = i;
	if (slot == PLIC_HANDLERS)
		return -1;
	handlers[slot].src = src;
	handlers[slot].arg = arg;
	handlers[slot].fn = fn;
	io_write32(plic + PLIC_PRIORITY(src), 1);
	io_write32(plic + PLIC_ENABLE(ctx, src),
		   io_read32(plic + PLIC_ENABLE(ctx, src)) | 1u << (src % 32));
	__asm__ volatile("csrs sie, %0" ::"r"(SIE_SEIE));
	fmt_snprintf(desc, desclen, "PLIC source %u (context %u)", src, ctx);
	return 0;
}

/* Supervisor external interrupt: claim, run every handler of the source
 * (shared INTx), complete. A source nobody handles is masked. */
void riscv_plic_interrupt(void)
{
	uint32_t src;

	if (!plic)
		return;
	while ((src = io_read32(plic + PLIC_CLAIM(ctx))) != 0) {
		bool any = false;

		for (unsigned i = 0; i < PLIC_HANDLERS; i++)
			if (handlers[i].fn && handlers[i].src == src) {
				handlers[i].fn(handlers[i].arg);
				any = true;
			}
		if (!any && src <= ndev) {
			kprintf("plic: unexpected source %u, masked\n", src);
			io_write32(plic + PLIC_ENABLE(ctx, src),
				   io_read32(plic + PLIC_ENABLE(ctx, src)) & ~(1u << (src % 32)));
		}
		io_write32(plic + PLIC_CLAIM(ctx), src);
	}
}
