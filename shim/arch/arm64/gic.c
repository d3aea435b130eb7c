/* The GICv3 operations behind bound SDEI events (Arm IHI 0069).
 * The guest owns the GIC (its Group 1 interface stays physical: IMO = 0).
 * The shim takes an interrupt bound with SDEI_INTERRUPT_BIND into Group 0,
 * which the GIC signals as FIQ, and HCR_EL2.FMO routes every physical FIQ to
 * EL2 whatever the guest's PSTATE.F/I say: that is how an event reaches a
 * guest that runs with interrupts masked. SGI 15 in Group 0 is the kick that
 * makes another PE look at its pending events. */
#include <libfdt.h>
#include <shim/shim.h>

#include "hyp.h"

#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ICPENDR 0x0280
#define GICD_IPRIORITYR 0x0400
#define GICD_IROUTER 0x6000
#define GICD_CTLR_GRP0 (1u << 0) /* EnableGrp0 (single security state) */

#define GICR_WAKER 0x0014
#define GICR_WAKER_SLEEP (1u << 1)
#define GICR_WAKER_ASLEEP (1u << 2)
#define GICR_TYPER 0x0008
#define GICR_TYPER_VLPIS (1ull << 1)
#define GICR_TYPER_LAST (1ull << 4)
#define GICR_SGI 0x10000
#define GICR_IGROUPR0 (GICR_SGI + 0x0080)
#define GICR_ISENABLER0 (GICR_SGI + 0x0100)
#define GICR_ICENABLER0 (GICR_SGI + 0x0180)
#define GICR_ICPENDR0 (GICR_SGI + 0x0280)
#define GICR_IPRIORITYR (GICR_SGI + 0x0400)

#define KICK_SGI 15
#define EVENT_PRIORITY 0x80 /* above the guest's (it uses 0xa0..0xf0 ranges) */

static uint64_t gicd, gicr[MAX_CPUS];
static unsigned nr_intids;

static uint64_t aff_of(uint64_t mpidr)
{
	return (mpidr >> 8 & 0xff000000ull) | (mpidr & 0xffffff);
}

int gic_probe(const void *fdt)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3"), len;
	const fdt64_t *reg;
	uint64_t rb, rs;

	if (node < 0 || !((read_sysreg(id_aa64pfr0_el1) >> 24) & 0xf))
		return -1;
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg || len < 32 || fdt_address_cells(fdt, fdt_parent_offset(fdt, node)) != 2 ||
	    fdt_size_cells(fdt, fdt_parent_offset(fdt, node)) != 2)
		return -1;
	gicd = fdt64_ld(&reg[0]);
	rb = fdt64_ld(&reg[2]);
	rs = fdt64_ld(&reg[3]);
	if (gicd >= (1ull << 30) || rb >= (1ull << 30) || rs > (1ull << 30))
		return -1; /* MMIO is below 1 GiB on virt */
	nr_intids = ((mmio_read32(gicd + GICD_TYPER) & 0x1f) + 1) * 32;
	for (uint64_t p = rb; p < rb + rs;) {
		uint64_t typer = mmio_read64(p + GICR_TYPER);

		for (unsigned c = 0; c < nr_vcpus; c++)
			if ((typer >> 32) == aff_of(vcpus[c].mpidr))
				gicr[c] = p;
		if (typer & GICR_TYPER_LAST)
			break;
		p += typer & GICR_TYPER_VLPIS ? 0x40000 : 0x20000;
	}
	for (unsigned c = 0; c < nr_vcpus; c++)
		if (!gicr[c])
			return -1;
	return 0;
}

static void kick_sgi_setup(unsigned cpu)
{
	uint64_t r = gicr[cpu];

	mmio_write32(r + GICR_IGROUPR0, mmio_read32(r + GICR_IGROUPR0) & ~(1u << KICK_SGI));
	mmio_write8(r + GICR_IPRIORITYR + KICK_SGI, EVENT_PRIORITY);
	mmio_write32(r + GICR_ISENABLER0, 1u << KICK_SGI);
}

void gic_cpu_setup(void)
{
	unsigned cpu = this_cpu();

	/* wake this PE's redistributor (IHI 0069 9.11.44): a secondary's is
	 * asleep from reset, and the guest only wakes the boot CPU's */
	mmio_write32(gicr[cpu] + GICR_WAKER, mmio_read32(gicr[cpu] + GICR_WAKER) & ~GICR_WAKER_SLEEP);
	for (unsigned i = 0; i < 1000000 && (mmio_read32(gicr[cpu] + GICR_WAKER) & GICR_WAKER_ASLEEP); i++)
		;
	write_sysreg(icc_pmr_el1, 0xff); /* the guest's PMR is virtual (FMO) */
	write_sysreg(icc_igrpen0_el1, 1);
	mmio_write32(gicd + GICD_CTLR, mmio_read32(gicd + GICD_CTLR) | GICD_CTLR_GRP0);
	kick_sgi_setup(cpu);
	isb();
}

/* Disable intid where it is configured: this PE's redistributor or the distributor. */
static void set_enable(unsigned cpu, unsigned intid, bool on)
{
	uint32_t bit = 1u << (intid % 32);

	if (intid < 32)
		mmio_write32(gicr[cpu] + (on ? GICR_ISENABLER0 : GICR_ICENABLER0), bit);
	else
		mmio_write32(gicd + (on ? GICD_ISENABLER : GICD_ICENABLER) + 4 * (intid / 32), bit);
}

void gic_kick(unsigned cpu)
{
	uint64_t m = vcpus[cpu].mpidr;

	if (cpu >= nr_vcpus || !gicr[cpu])
		return;
	kick_sgi_setup(cpu); /* the guest may have reset its redistributor */
	dsb(ish);
	/* ICC_SGI0R_EL1: Aff3 [55:48], Aff2 [39:32], INTID [27:24], Aff1 [23:16], list [15:0] */
	write_sysreg(icc_sgi0r_el1, ((m >> 32) & 0xff) << 48 | ((m >> 16) & 0xff) << 32 |
					    (uint64_t)KICK_SGI << 24 | ((m >> 8) & 0xff) << 16 |
					    1ull << (m & 0xf));
	isb();
}

void gic_handle_fiq(unsigned cpu)
{
	uint32_t intid = (uint32_t)read_sysreg(icc_iar0_el1) & 0xffffff;

	if (intid >= 1020)
		return; /* spurious */
	if (intid != KICK_SGI)
		set_enable(cpu, intid, false); /* until the handler completes */
	write_sysreg(icc_eoir0_el1, intid);
	isb();
	if (intid != KICK_SGI)
		sdei_interrupt(cpu, intid);
}

/* ---- sdei_arch_* hooks for interrupts (sdei.h) ----------------------------- */
extern bool shim_gic_ok;

int sdei_arch_irq_claim(unsigned intid)
{
	unsigned cpu = this_cpu();
	uint32_t bit = 1u << (intid % 32);

	if (!shim_gic_ok || intid < 16 || intid >= nr_intids || intid == KICK_SGI)
		return -1;
	set_enable(cpu, intid, false);
	if (intid < 32) {
		/* a PPI is per PE: configure every PE's copy */
		for (unsigned c = 0; c < nr_vcpus; c++) {
			mmio_write32(gicr[c] + GICR_ICENABLER0, bit);
			mmio_write32(gicr[c] + GICR_IGROUPR0,
				     mmio_read32(gicr[c] + GICR_IGROUPR0) & ~bit);
			mmio_write8(gicr[c] + GICR_IPRIORITYR + intid, EVENT_PRIORITY);
		}
	} else {
		mmio_write32(gicd + GICD_IGROUPR + 4 * (intid / 32),
			     mmio_read32(gicd + GICD_IGROUPR + 4 * (intid / 32)) & ~bit);
		mmio_write8(gicd + GICD_IPRIORITYR + intid, EVENT_PRIORITY);
		mmio_write64(gicd + GICD_IROUTER + 8 * intid, aff_of(vcpus[cpu].mpidr) & 0xffffff);
	}
	dsb(sy);
	return 0;
}

void sdei_arch_irq_release(unsigned intid)
{
	uint32_t bit = 1u << (intid % 32);

	if (intid < 32) {
		for (unsigned c = 0; c < nr_vcpus; c++) {
			mmio_write32(gicr[c] + GICR_ICENABLER0, bit);
			mmio_write32(gicr[c] + GICR_ICPENDR0, bit);
			mmio_write32(gicr[c] + GICR_IGROUPR0,
				     mmio_read32(gicr[c] + GICR_IGROUPR0) | bit);
		}
	} else if (intid < nr_intids) {
		mmio_write32(gicd + GICD_ICENABLER + 4 * (intid / 32), bit);
		mmio_write32(gicd + GICD_ICPENDR + 4 * (intid / 32), bit);
		mmio_write32(gicd + GICD_IGROUPR + 4 * (intid / 32),
			     mmio_read32(gicd + GICD_IGROUPR + 4 * (intid / 32)) | bit);
	}
	dsb(sy);
}

void sdei_arch_irq_enable(unsigned intid, bool on)
{
	if (shim_gic_ok && intid < nr_intids)
		set_enable(this_cpu(), intid, on);
}

void sdei_arch_kick(unsigned cpu)
{
	if (shim_gic_ok && cpu < nr_vcpus && __atomic_load_n(&vcpus[cpu].on, __ATOMIC_ACQUIRE))
		gic_kick(cpu);
}
