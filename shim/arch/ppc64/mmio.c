/* Emulated device registers in the partition's real address space: a
 * guest load or store there has no partition-scoped translation, raises a
 * hypervisor data storage interrupt, and is carried out here. The
 * instruction is fetched from guest memory at HSRR0 (translated through the
 * guest's radix tree when its MMU is on) and decoded: the fixed-point loads and stores of Power ISA v3.0B
 * Book I 3.3.2-3.3.5 (D, DS and X forms, with update, algebraic and
 * byte-reverse variants). Devices see memory bytes; the value is assembled
 * in the guest's byte order (MSR[LE]), reversed for the *brx forms.
 * Groundwork for XIVE TIMA/ESB pages and PCI BARs (issue 7). */
#include <string.h>

#include "pnv.h"

#define MAX_REGIONS 8
#define MSR_LE_BIT 1ull
#define MSR_IR_BIT (1ull << 5)
#define MSR_DR_BIT (1ull << 4)

struct region {
	uint64_t base, size;
	const struct mmio_ops *ops;
	void *ctx;
};

static struct region regions[MAX_REGIONS];
static unsigned nregions;

int mmio_register(uint64_t base, uint64_t size, const struct mmio_ops *ops, void *ctx)
{
	if (nregions == MAX_REGIONS || !size || base + size < base)
		return -1;
	for (unsigned i = 0; i < nregions; i++)
		if (base < regions[i].base + regions[i].size && regions[i].base < base + size)
			return -1;
	regions[nregions++] = (struct region){ base, size, ops, ctx };
	return 0;
}

void mmio_reset(void)
{
	nregions = 0;
}

static const struct region *find(uint64_t addr, unsigned size)
{
	for (unsigned i = 0; i < nregions; i++)
		if (addr >= regions[i].base && size <= regions[i].size &&
		    addr - regions[i].base <= regions[i].size - size)
			return &regions[i];
	return NULL;
}

/* X-form extended opcodes under primary opcode 31 */
static const struct {
	uint16_t xo;
	uint8_t size, store, update, sign, rev;
} xforms[] = {
	{ 87, 1, 0, 0, 0, 0 },  { 119, 1, 0, 1, 0, 0 }, /* lbzx lbzux */
	{ 279, 2, 0, 0, 0, 0 }, { 311, 2, 0, 1, 0, 0 }, /* lhzx lhzux */
	{ 343, 2, 0, 0, 1, 0 }, { 375, 2, 0, 1, 1, 0 }, /* lhax lhaux */
	{ 23, 4, 0, 0, 0, 0 },  { 55, 4, 0, 1, 0, 0 },  /* lwzx lwzux */
	{ 341, 4, 0, 0, 1, 0 }, { 373, 4, 0, 1, 1, 0 }, /* lwax lwaux */
	{ 21, 8, 0, 0, 0, 0 },  { 53, 8, 0, 1, 0, 0 },  /* ldx ldux */
	{ 215, 1, 1, 0, 0, 0 }, { 247, 1, 1, 1, 0, 0 }, /* stbx stbux */
	{ 407, 2, 1, 0, 0, 0 }, { 439, 2, 1, 1, 0, 0 }, /* sthx sthux */
	{ 151, 4, 1, 0, 0, 0 }, { 183, 4, 1, 1, 0, 0 }, /* stwx stwux */
	{ 149, 8, 1, 0, 0, 0 }, { 181, 8, 1, 1, 0, 0 }, /* stdx stdux */
	{ 790, 2, 0, 0, 0, 1 }, { 534, 4, 0, 0, 0, 1 }, /* lhbrx lwbrx */
	{ 532, 8, 0, 0, 0, 1 }, { 918, 2, 1, 0, 0, 1 }, /* ldbrx sthbrx */
	{ 662, 4, 1, 0, 0, 1 }, { 660, 8, 1, 0, 0, 1 }, /* stwbrx stdbrx */
};

int mmio_decode(uint32_t insn, struct mmio_insn *d)
{
	unsigned op = insn >> 26;

	memset(d, 0, sizeof(*d));
	d->rt = (insn >> 21) & 31;
	d->ra = (insn >> 16) & 31;
	switch (op) {
	case 32: case 33: d->size = 4; break;                   /* lwz lwzu */
	case 34: case 35: d->size = 1; break;                   /* lbz lbzu */
	case 40: case 41: d->size = 2; break;                   /* lhz lhzu */
	case 42: case 43: d->size = 2; d->sign = 1; break;      /* lha lhau */
	case 36: case 37: d->size = 4; d->store = 1; break;     /* stw stwu */
	case 38: case 39: d->size = 1; d->store = 1; break;     /* stb stbu */
	case 44: case 45: d->size = 2; d->store = 1; break;     /* sth sthu */
	case 58: /* DS form: ld ldu lwa */
	case 62: /* std stdu */
		switch (insn & 3) {
		case 0: d->size = 8; break;
		case 1: d->size = 8; d->update = 1; break;
		case 2:
			if (op == 62)
				return -1; /* stq: not for devices */
			d->size = 4;
			d->sign = 1;
			break;
		default:
			return -1;
		}
		d->store = op == 62;
		d->imm = (int64_t)(int16_t)(insn & 0xfffc);
		return (d->update && (d->ra == 0 || (!d->store && d->ra == d->rt))) ? -1 : 0;
	case 31: {
		unsigned xo = (insn >> 1) & 0x3ff;

		d->rb = (insn >> 11) & 31;
		d->indexed = 1;
		for (size_t i = 0; i < sizeof(xforms) / sizeof(xforms[0]); i++)
			if (xforms[i].xo == xo) {
				d->size = xforms[i].size;
				d->store = xforms[i].store;
				d->update = xforms[i].update;
				d->sign = xforms[i].sign;
				d->rev = xforms[i].rev;
				return (d->update && (d->ra == 0 || (!d->store && d->ra == d->rt))) ? -1 : 0;
			}
		return -1;
	}
	default:
		return -1;
	}
	/* D form: odd primary opcodes are the update forms */
	d->update = op & 1;
	d->imm = (int64_t)(int16_t)(insn & 0xffff);
	/* update forms with RA = 0, or loads with RA = RT, are invalid forms */
	return (d->update && (d->ra == 0 || (!d->store && d->ra == d->rt))) ? -1 : 0;
}

/* Carry out the access the guest tried at addr (HDAR). 0 = done, HSRR0
 * advanced; -1 = not an emulated register or not an instruction we
 * emulate: the caller reflects a data storage interrupt. */
int mmio_emulate(struct pnv_frame *f, uint64_t addr)
{
	const struct region *r;
	struct mmio_insn d;
	uint32_t insn;
	uint8_t b[8];
	uint64_t v = 0, ea, pc = f->hsrr0, gra = addr;
	bool le;

	/* with the guest's MMU on, HSRR0 and HDAR are effective addresses: the
	 * instruction is found through its process-scoped tree (proc_tbl.c),
	 * the register by the guest-real address of the access (ASDR holds its
	 * page; Book III "Hypervisor Data Storage Interrupt") */
	if (f->hsrr1 & MSR_IR_BIT) {
		if (proc_tbl_translate(f->hsrr0, true, &pc))
			return -1;
	}
	if (f->hsrr1 & MSR_DR_BIT)
		gra = (f->asdr & ~0xfffull) | (addr & 0xfff);
	if (gmem_uv_read(pc, &insn, 4)) /* the ultravisor decodes (secure guests too) */
		return -1;
	le = f->hsrr1 & MSR_LE_BIT;
	if (!le)
		insn = __builtin_bswap32(insn);
	if (mmio_decode(insn, &d) || !(r = find(gra, d.size)))
		return -1;
	ea = (d.ra ? f->gpr[d.ra] : 0) + (d.indexed ? f->gpr[d.rb] : (uint64_t)d.imm);
	if (ea != addr)
		return -1; /* the decoded address must be the faulting one */
	if (d.rev)
		le = !le;
	if (d.store) {
		v = f->gpr[d.rt];
		for (unsigned i = 0; i < d.size; i++)
			b[le ? i : d.size - 1 - i] = (uint8_t)(v >> (8 * i));
		if (r->ops->write(r->ctx, (unsigned)f->vcpu, gra - r->base, b, d.size))
			return -1;
	} else {
		if (r->ops->read(r->ctx, (unsigned)f->vcpu, gra - r->base, b, d.size))
			return -1;
		for (unsigned i = 0; i < d.size; i++)
			v |= (uint64_t)b[le ? i : d.size - 1 - i] << (8 * i);
		if (d.sign && d.size < 8 && (v >> (8 * d.size - 1)) & 1)
			v |= ~0ull << (8 * d.size);
		f->gpr[d.rt] = v;
	}
	if (d.update)
		f->gpr[d.ra] = ea;
	f->hsrr0 += 4;
	return 0;
}
