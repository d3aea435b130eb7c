/* Load/store decoding for the misaligned-access handler (see misaligned.h). */
#include "misaligned.h"

static uint32_t bits(uint32_t x, unsigned hi, unsigned lo)
{
	return x >> lo & ((1u << (hi - lo + 1)) - 1);
}

static int32_t sext(uint32_t x, unsigned nbits)
{
	uint32_t m = 1u << (nbits - 1);

	return (int32_t)((x ^ m) - m);
}

static bool decode32(uint32_t insn, struct rv_memop *op)
{
	uint32_t opcode = bits(insn, 6, 0), f3 = bits(insn, 14, 12);

	op->len = 4;
	op->base = (uint8_t)bits(insn, 19, 15);
	if (opcode == 0x03) { /* LOAD: LB LH LW LD LBU LHU LWU */
		if (f3 == 7)
			return false;
		op->width = (uint8_t)(1u << (f3 & 3));
		op->sign = !(f3 & 4);
		op->reg = (uint8_t)bits(insn, 11, 7);
		op->imm = sext(bits(insn, 31, 20), 12);
		return true;
	}
	if (opcode == 0x23) { /* STORE: SB SH SW SD */
		if (f3 > 3)
			return false;
		op->store = true;
		op->width = (uint8_t)(1u << f3);
		op->reg = (uint8_t)bits(insn, 24, 20);
		op->imm = sext(bits(insn, 31, 25) << 5 | bits(insn, 11, 7), 12);
		return true;
	}
	return false;
}

static bool decode16(uint32_t c, struct rv_memop *op)
{
	uint32_t quadrant = bits(c, 1, 0), f3 = bits(c, 15, 13);
	/* C.LW/C.SW offset: [5:3] = c[12:10], [2] = c[6], [6] = c[5];
	 * C.LD/C.SD offset: [5:3] = c[12:10], [7:6] = c[6:5] */
	uint32_t off_w = bits(c, 12, 10) << 3 | bits(c, 6, 6) << 2 | bits(c, 5, 5) << 6;
	uint32_t off_d = bits(c, 12, 10) << 3 | bits(c, 6, 5) << 6;

	op->len = 2;
	if (quadrant == 0) {
		op->base = (uint8_t)(8 + bits(c, 9, 7));
		op->reg = (uint8_t)(8 + bits(c, 4, 2));
		switch (f3) {
		case 2: op->width = 4; op->sign = true; op->imm = (int32_t)off_w; return true;
		case 3: op->width = 8; op->imm = (int32_t)off_d; return true;
		case 6: op->width = 4; op->store = true; op->imm = (int32_t)off_w; return true;
		case 7: op->width = 8; op->store = true; op->imm = (int32_t)off_d; return true;
		default: return false;
		}
	}
	if (quadrant == 2) {
		op->base = 2; /* sp */
		switch (f3) {
		case 2: /* C.LWSP: [5] = c[12], [4:2] = c[6:4], [7:6] = c[3:2]; rd != 0 */
			op->reg = (uint8_t)bits(c, 11, 7);
			op->width = 4;
			op->sign = true;
			op->imm = (int32_t)(bits(c, 12, 12) << 5 | bits(c, 6, 4) << 2 | bits(c, 3, 2) << 6);
			return op->reg != 0;
		case 3: /* C.LDSP: [5] = c[12], [4:3] = c[6:5], [8:6] = c[4:2]; rd != 0 */
			op->reg = (uint8_t)bits(c, 11, 7);
			op->width = 8;
			op->imm = (int32_t)(bits(c, 12, 12) << 5 | bits(c, 6, 5) << 3 | bits(c, 4, 2) << 6);
			return op->reg != 0;
		case 6: /* C.SWSP: [5:2] = c[12:9], [7:6] = c[8:7] */
			op->reg = (uint8_t)bits(c, 6, 2);
			op->width = 4;
			op->store = true;
			op->imm = (int32_t)(bits(c, 12, 9) << 2 | bits(c, 8, 7) << 6);
			return true;
		case 7: /* C.SDSP: [5:3] = c[12:10], [8:6] = c[9:7] */
			op->reg = (uint8_t)bits(c, 6, 2);
			op->width = 8;
			op->store = true;
			op->imm = (int32_t)(bits(c, 12, 10) << 3 | bits(c, 9, 7) << 6);
			return true;
		default:
			return false;
		}
	}
	return false;
}

bool rv_decode_memop(uint32_t insn, struct rv_memop *op)
{
	*op = (struct rv_memop){ 0 };
	if ((insn & 3) == 3)
		return decode32(insn, op);
	return decode16(insn & 0xffff, op);
}

uint64_t rv_load_extend(uint64_t raw, unsigned width, bool sign)
{
	unsigned shift;

	if (width >= 8)
		return raw;
	shift = 64 - 8 * width;
	raw = raw << shift;
	return sign ? (uint64_t)((int64_t)raw >> shift) : raw >> shift;
}
