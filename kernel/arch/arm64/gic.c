/* GICv3 (Arm IHI 0069): distributor, this CPU's redistributor, and the
 * system-register CPU interface, enough to take one PPI (the timer) as a
 * Group 1 IRQ. Addresses come from the device tree node compatible
 * "arm,gic-v3" (Linux binding interrupt-controller/arm,gic-v3.yaml: reg =
 * GICD, then #redistributor-regions GICR regions); every value is checked. */
#include <libfdt.h>

#include <cocoon/bootinfo.h>
#include <cocoon/kernel.h>

#include "arm64.h"
#include "sysreg.h"

#define GICD_CTLR 0x0000
#define GICD_CTLR_RWP (1u << 31)
#define GICD_CTLR_ARE (1u << 4)	 /* affinity routing (ARE_NS in the NS view) */
#define GICD_CTLR_G1A (1u << 1)	 /* Group 1 (NS) enable */
#define GICD_CTLR_G1 (1u << 0)	 /* (Group 0 when there is one security state) */
#define GICD_ICENABLER 0x0180
#define GICD_TYPER 0x0004
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_IPRIORITYR 0x0400
#define GICD_ICFGR 0x0c00
#define GICD_IROUTER 0x6000
#define GICD_ISPENDR 0x0200
#define GIC_PIDR2 0xffe8	 /* ArchRev in bits [7:4]: 3 = GICv3, 4 = GICv4 */

#define GICR_TYPER 0x0008
#define GICR_TYPER_VLPIS (1ull << 1) /* GICv4 frames: 4 x 64 KiB instead of 2 */
#define GICR_TYPER_LAST (1ull << 4)
#define GICR_WAKER 0x0014
#define GICR_WAKER_SLEEP (1u << 1)
#define GICR_WAKER_ASLEEP (1u << 2)
#define GICR_SGI 0x10000 /* SGI_base frame */
#define GICR_IGROUPR0 (GICR_SGI + 0x0080)
#define GICR_ISENABLER0 (GICR_SGI + 0x0100)
#define GICR_ICENABLER0 (GICR_SGI + 0x0180)
#define GICR_IPRIORITYR (GICR_SGI + 0x0400)

#define GIC_FRAME 0x20000ul
#define GIC_MAX_REDIST_REGIONS 8
#define GIC_POLL_LIMIT 1000000u
#define GIC_IRQ_PRIORITY 0x80 /* below the 0xf0 mask: delivered */
#define INTID_SPURIOUS_FIRST 1020

volatile uint64_t gic_irq_count[32];

static uintptr_t gicd, gicr; /* gicr: RD_base of this CPU's redistributor */
static unsigned arch_rev;
static const char *absent_reason = "no arm,gic-v3 node in the device tree";

bool gic_present(void)
{
	return gicr != 0;
}

unsigned gic_arch_rev(void)
{
	return arch_rev;
}

/* Our identity map makes [0, 1 GiB) and [256, 512 GiB) Device memory (mmu.c) */
static bool mmio_range_ok(uint64_t base, uint64_t size)
{
	if (!size || base % 0x10000 || base >= (1ull << 48) || size > (1ull << 40))
		return false;
	if (base + size <= (1ull << 30))
		return true;
	return base >= (256ull << 30) && base + size <= (512ull << 30);
}

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	return -1;
}

static bool poll_clear(uintptr_t reg, uint32_t mask)
{
	for (unsigned i = 0; i < GIC_POLL_LIMIT; i++)
		if (!(mmio_read32(reg) & mask))
			return true;
	return false;
}

static uint32_t my_affinity(void)
{
	uint64_t mpidr = read_sysreg(mpidr_el1);

	return (uint32_t)(((mpidr >> 32) & 0xff) << 24 | (mpidr & 0xffffff));
}

/* Walk the redistributor frames of [base, base+size) for ours (GICR_TYPER
 * affinity). Bounded by the region size; GICR_TYPER.Last ends it early. */
static uintptr_t find_redist(uint64_t base, uint64_t size, unsigned *frames)
{
	uint32_t aff = my_affinity();

	for (uint64_t off = 0; off + GIC_FRAME <= size;) {
		uint64_t typer = mmio_read64((uintptr_t)(base + off + GICR_TYPER));

		++*frames;
		if ((uint32_t)(typer >> 32) == aff) {
			unsigned rev = (mmio_read32((uintptr_t)(base + off + GIC_PIDR2)) >> 4) & 0xf;
			if (rev == 3 || rev == 4)
				return (uintptr_t)(base + off);
			kprintf("arm64: frame at 0x%llx is not a GICv3/v4 redistributor\n",
				(unsigned long long)(base + off));
			return 0;
		}
		if (typer & GICR_TYPER_LAST)
			break;
		off += typer & GICR_TYPER_VLPIS ? 2 * GIC_FRAME : GIC_FRAME;
	}
	return 0;
}

static int parse_and_probe(const void *fdt, int node)
{
	int parent = fdt_parent_offset(fdt, node), ac, sc, len, nregions = 1, entry;
	const unsigned char *reg;
	const fdt32_t *p;
	unsigned frames = 0;
	uint64_t base, size;

	if (parent < 0)
		return fail("arm64: GIC node has no parent\n");
	if (fdt_parent_offset(fdt, parent) >= 0 && (!fdt_getprop(fdt, parent, "ranges", &len) || len))
		return fail("arm64: GIC sits behind a bus with address translation (unsupported)\n");
	ac = fdt_address_cells(fdt, parent);
	sc = fdt_size_cells(fdt, parent);
	if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
		return fail("arm64: GIC parent #address-cells %d / #size-cells %d unsupported\n",
			    ac, sc);
	p = fdt_getprop(fdt, node, "#redistributor-regions", &len);
	if (p) {
		if (len != 4 || !fdt32_to_cpu(*p) || fdt32_to_cpu(*p) > GIC_MAX_REDIST_REGIONS)
			return fail("arm64: GIC #redistributor-regions invalid\n");
		nregions = (int)fdt32_to_cpu(*p);
	}
	entry = (ac + sc) * 4;
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg || len <= 0 || len % entry || len / entry < 1 + nregions)
		return fail("arm64: GIC reg must hold GICD and %d GICR region%s\n", nregions,
			    nregions == 1 ? "" : "s");

	base = fdt_read_cells(reg, ac);
	size = fdt_read_cells(reg + ac * 4, sc);
	if (size < 0x10000 || !mmio_range_ok(base, size))
		return fail("arm64: GICD region 0x%llx+0x%llx is not usable MMIO\n",
			    (unsigned long long)base, (unsigned long long)size);
	arch_rev = (mmio_read32((uintptr_t)base + GIC_PIDR2) >> 4) & 0xf;
	if (arch_rev != 3 && arch_rev != 4)
		return fail("arm64: distributor at 0x%llx reports GIC architecture %u, not 3/4\n",
			    (unsigned long long)base, arch_rev);
	gicd = (uintptr_t)base;

	for (int i = 1; i <= nregions && !gicr; i++) {
		uint64_t rb = fdt_read_cells(reg + i * entry, ac);
		uint64_t rs = fdt_read_cells(reg + i * entry + ac * 4, sc);

		if (rs < GIC_FRAME || !mmio_range_ok(rb, rs))
			return fail("arm64: GICR region 0x%llx+0x%llx is not usable MMIO\n",
				    (unsigned long long)rb, (unsigned long long)rs);
		gicr = find_redist(rb, rs, &frames);
	}
	if (!gicr)
		return fail("arm64: none of %u redistributors matches this CPU (affinity 0x%x)\n",
			    frames, my_affinity());
	return 0;
}

static int cpu_interface_init(void)
{
	/* ICC_SRE_EL1.SRE: use the system registers, not the memory-mapped GICC */
	write_sysreg(icc_sre_el1, read_sysreg(icc_sre_el1) | 1);
	isb();
	if (!(read_sysreg(icc_sre_el1) & 1))
		return fail("arm64: ICC_SRE_EL1.SRE stuck at 0 (no GICv3 system registers)\n");
	write_sysreg(icc_pmr_el1, 0xf0);
	write_sysreg(icc_bpr1_el1, 0);
	write_sysreg(icc_ctlr_el1, read_sysreg(icc_ctlr_el1) & ~2ul); /* EOImode 0: EOI deactivates */
	write_sysreg(icc_igrpen1_el1, 1);
	isb();
	return 0;
}

int gic_init(const void *fdt)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3");

	if (node < 0)
		return 0; /* no GICv3: we boot without interrupts (gic_present() false) */
	if (!PFR0_GIC(read_sysreg(id_aa64pfr0_el1))) {
		absent_reason = "CPU has no GICv3 system-register interface";
		return 0;
	}
	if (parse_and_probe(fdt, node)) {
		gicr = 0;
		return -1;
	}

	/* Distributor: off, then affinity routing and Group 1 on (IHI 0069 4.1) */
	mmio_write32(gicd + GICD_CTLR, 0);
	if (!poll_clear(gicd + GICD_CTLR, GICD_CTLR_RWP))
		goto stuck;
	mmio_write32(gicd + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_G1A | GICD_CTLR_G1);
	if (!poll_clear(gicd + GICD_CTLR, GICD_CTLR_RWP))
		goto stuck;

	/* Redistributor: wake it (GICR_WAKER, IHI 0069 9.11.44), all PPIs/SGIs off */
	mmio_write32(gicr + GICR_WAKER, mmio_read32(gicr + GICR_WAKER) & ~GICR_WAKER_SLEEP);
	if (!poll_clear(gicr + GICR_WAKER, GICR_WAKER_ASLEEP))
		goto stuck;
	mmio_write32(gicr + GICR_ICENABLER0, 0xffffffffu);
	if (cpu_interface_init())
		goto fail;
	return 0;
stuck:
	kprintf("arm64: GIC does not complete a register write (RWP/ChildrenAsleep stuck)\n");
fail:
	gicr = 0;
	return -1;
}

int gic_enable_ppi(unsigned intid)
{
	uint32_t bit = 1u << (intid & 31);

	if (!gic_present() || intid < 16 || intid > 31)
		return -1;
	mmio_write32(gicr + GICR_IGROUPR0, mmio_read32(gicr + GICR_IGROUPR0) | bit);
	mmio_write8(gicr + GICR_IPRIORITYR + intid, GIC_IRQ_PRIORITY);
	mmio_write32(gicr + GICR_ISENABLER0, bit);
	return 0;
}

void gic_disable_ppi(unsigned intid)
{
	if (gic_present() && intid < 32)
		mmio_write32(gicr + GICR_ICENABLER0, 1u << intid);
}

/* SPIs with handlers (PCI INTx): level lines may be shared, so every
 * handler of the INTID runs. */
#define GIC_SPI_HANDLERS 16
static struct {
	unsigned intid;
	void (*fn)(void *);
	void *arg;
} spi_handlers[GIC_SPI_HANDLERS];

int gic_enable_spi(unsigned intid, bool level, void (*fn)(void *), void *arg)
{
	unsigned max = 32 * ((mmio_read32(gicd + GICD_TYPER) & 0x1f) + 1) - 1;
	uint32_t bit = 1u << (intid % 32), cfg;
	unsigned slot = GIC_SPI_HANDLERS;

	if (!gic_present() || intid < 32 || intid > max || intid >= INTID_SPURIOUS_FIRST || !fn)
		return -1;
	for (unsigned i = 0; i < GIC_SPI_HANDLERS && slot == GIC_SPI_HANDLERS; i++)
		if (!spi_handlers[i].fn)
			slot = i;
	if (slot == GIC_SPI_HANDLERS)
		return -1;
	spi_handlers[slot].intid = intid;
	spi_handlers[slot].arg = arg;
	spi_handlers[slot].fn = fn;
	/* IHI 0069 12.9: Group 1, priority, trigger (ICFGR bit 1 of the field:
	 * 1 = edge), routed to this PE (IROUTER = affinity, IRM = 0), enable */
	mmio_write32(gicd + GICD_IGROUPR + 4 * (intid / 32),
		     mmio_read32(gicd + GICD_IGROUPR + 4 * (intid / 32)) | bit);
	mmio_write8(gicd + GICD_IPRIORITYR + intid, GIC_IRQ_PRIORITY);
	cfg = mmio_read32(gicd + GICD_ICFGR + 4 * (intid / 16));
	cfg &= ~(2u << 2 * (intid % 16));
	cfg |= (level ? 0u : 2u) << 2 * (intid % 16);
	mmio_write32(gicd + GICD_ICFGR + 4 * (intid / 16), cfg);
	/* 64-bit register, written as two words (IHI 0069 12.1.3) */
	mmio_write32(gicd + GICD_IROUTER + 8 * intid, (uint32_t)(read_sysreg(mpidr_el1) & 0xffffff));
	mmio_write32(gicd + GICD_IROUTER + 8 * intid + 4,
		     (uint32_t)((read_sysreg(mpidr_el1) >> 32) & 0xff));
	mmio_write32(gicd + GICD_ISENABLER + 4 * (intid / 32), bit);
	return 0;
}

/* An LPI (INTID >= 8192, delivered through the ITS) to fn(arg). */
int gic_register_lpi(unsigned intid, void (*fn)(void *), void *arg)
{
	if (!gic_present() || intid < 8192 || !fn)
		return -1;
	for (unsigned i = 0; i < GIC_SPI_HANDLERS; i++)
		if (!spi_handlers[i].fn) {
			spi_handlers[i].intid = intid;
			spi_handlers[i].arg = arg;
			spi_handlers[i].fn = fn;
			return 0;
		}
	return -1;
}

/* LPIs on this redistributor (IHI 0069 5.1, 12.11.18/19/21): property table
 * for idbits INTID bits, pending table (64 KiB aligned), then EnableLPIs.
 * Once on, LPIs cannot be turned off again: done once, by its.c. */
#define GICR_CTLR 0x0000
#define GICR_PROPBASER 0x0070
#define GICR_PENDBASER 0x0078
#define GICD_TYPER_LPIS (1u << 17)
int gic_lpi_enable(uint64_t prop, unsigned idbits, uint64_t pend)
{
	if (!gic_present() || !(mmio_read32(gicd + GICD_TYPER) & GICD_TYPER_LPIS) ||
	    (mmio_read32(gicr + GICR_CTLR) & 1) || pend % 0x10000 || prop % 4096 ||
	    idbits < 14 || idbits > 1 + ((mmio_read32(gicd + GICD_TYPER) >> 19) & 0x1f))
		return -1;
	mmio_write32(gicr + GICR_PROPBASER, (uint32_t)prop | (idbits - 1));
	mmio_write32(gicr + GICR_PROPBASER + 4, (uint32_t)(prop >> 32));
	mmio_write32(gicr + GICR_PENDBASER, (uint32_t)pend);
	mmio_write32(gicr + GICR_PENDBASER + 4, (uint32_t)(pend >> 32) | 1u << 30); /* PTZ */
	dsb(sy);
	mmio_write32(gicr + GICR_CTLR, mmio_read32(gicr + GICR_CTLR) | 1);
	isb();
	return 0;
}

/* GICR_TYPER.Processor_Number: the ITS target when GITS_TYPER.PTA = 0 */
unsigned gic_processor_number(void)
{
	return (unsigned)(mmio_read64(gicr + GICR_TYPER) >> 8) & 0xffff;
}

static bool spi_dispatch(unsigned intid)
{
	bool any = false;

	for (unsigned i = 0; i < GIC_SPI_HANDLERS; i++)
		if (spi_handlers[i].fn && spi_handlers[i].intid == intid) {
			spi_handlers[i].fn(spi_handlers[i].arg);
			any = true;
		}
	return any;
}

void gic_handle_irq(void)
{
	uint32_t intid = (uint32_t)read_sysreg(icc_iar1_el1) & 0xffffff;

	if (intid >= INTID_SPURIOUS_FIRST && intid <= 1023)
		return; /* spurious: nothing to acknowledge */
	if (intid < 32)
		gic_irq_count[intid]++;
	if (intid == timer_intid()) {
		timer_irq();
	} else if (intid >= 32 && spi_dispatch(intid)) {
		/* handled */
	} else {
		/* we enabled nothing else: mask it so it cannot storm, and say so */
		kprintf("arm64: unexpected interrupt INTID %u, masked\n", intid);
		if (intid < 32)
			gic_disable_ppi(intid);
		else if (intid < INTID_SPURIOUS_FIRST)
			mmio_write32(gicd + GICD_ICENABLER + 4 * (intid / 32), 1u << (intid % 32));
	}
	write_sysreg(icc_eoir1_el1, intid);
	isb();
}

void gic_print_summary(void)
{
	if (gic_present())
		kprintf("  gic      : GICv%u (distributor 0x%lx, redistributor 0x%lx)\n", arch_rev,
			(unsigned long)gicd, (unsigned long)gicr);
	else
		kprintf("  gic      : none (%s): no interrupts\n", absent_reason);
}

/* Make an SPI pending by software (GICD_ISPENDR<n>, IHI 0069): lets a test
 * raise an interrupt that has no device behind it. */
int gic_set_spi_pending(unsigned intid)
{
	if (!gic_present() || intid < 32 || intid > 1019)
		return -1;
	mmio_write32(gicd + GICD_ISPENDR + 4 * (intid / 32), 1u << (intid % 32));
	return 0;
}
