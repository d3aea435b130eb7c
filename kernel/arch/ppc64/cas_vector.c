/* PAPR CAS architecture vector builder and vec-5 parsers (see cas_vector.h).
 * Layout (LoPAPR appendix B, "Root Node Methods", ibm,client-architecture-support): a list of
 * 32-bit big-endian (PVR mask, PVR value) pairs ended by an entry whose
 * value has a bit outside its mask; then one byte "number of option vectors
 * - 1"; then each option vector as a "length - 1" byte and its bytes. */
#include <string.h>

#include "cas_vector.h"

/* OV5 byte 23 / 24 values in ibm,arch-vec-5-platform-support (LoPAPR appendix B,
 * "ibm,arch-vec-5-platform-support"): bits 0-1 of the value byte. */
#define PS_SEL_MASK 0xc0
#define PS_INTC_XICS 0x00   /* legacy only */
#define PS_INTC_XIVE 0x40   /* exploitation only */
#define PS_MMU_HASH 0x00
#define PS_MMU_RADIX 0x40

/* Logical PVRs (Power ISA "architected" processor compatibility levels):
 * 0x0f000006 = ISA 3.1, 0x0f000005 = ISA 3.0, 0x0f000004 = ISA 2.07. */
static const uint32_t pvr_list[][2] = {
	{ 0xffff0000u, 0x00800000u }, /* POWER10 raw */
	{ 0xffff0000u, 0x004e0000u }, /* POWER9 raw */
	{ 0xffffffffu, 0x0f000006u },
	{ 0xffffffffu, 0x0f000005u },
	{ 0xffffffffu, 0x0f000004u },
	{ 0xfffffffeu, 0x0f000001u }, /* end: value bit 31 lies outside the mask */
};

struct cursor {
	uint8_t *buf;
	size_t cap, pos;
	bool overflow;
};

static void put8(struct cursor *c, uint8_t v)
{
	if (c->pos >= c->cap) {
		c->overflow = true;
		return;
	}
	c->buf[c->pos++] = v;
}

static void put32(struct cursor *c, uint32_t v)
{
	put8(c, (uint8_t)(v >> 24));
	put8(c, (uint8_t)(v >> 16));
	put8(c, (uint8_t)(v >> 8));
	put8(c, (uint8_t)v);
}

/* An option vector: its "length - 1" byte then len bytes of body. */
static void put_vector(struct cursor *c, const uint8_t *body, size_t len)
{
	put8(c, (uint8_t)(len - 1));
	for (size_t i = 0; i < len; i++)
		put8(c, body[i]);
}

size_t cas_build_vector(uint8_t *buf, size_t cap, const struct cas_choice *req,
			uint32_t max_cpus, const char *os_id)
{
	struct cursor c = { buf, cap, 0, false };
	/* OV1 (processor architecture levels): byte 2 = ISA 2.00..2.07, byte 3 = 3.0 | 3.1 */
	const uint8_t ov1[3] = { 0x00, 0xff, 0x80 | 0x40 };
	/* OV2: byte 1 0x20 = real mode; bases/sizes 0xffffffff = no requirement;
	 * minimum RMA 512 MiB (our image and stacks run in real mode); max PFT 2^48 */
	uint8_t ov2[33] = { 0x20 };
	/* OV3 (processor options): FP; OV4: minimum VP capacity */
	const uint8_t ov3[2] = { 0x00, 0x80 };
	const uint8_t ov4[2] = { 0x00, 0x01 };
	uint8_t ov5[OV5_LEN] = { 0 };
	/* OV6: no secondary PTEG, OS name 0 = not AIX/Linux */
	const uint8_t ov6[3] = { 0 };
	uint8_t ov7[256];
	size_t idlen;

	if (!buf || !req)
		return 0;
	for (size_t i = 0; i < sizeof(pvr_list) / sizeof(pvr_list[0]); i++) {
		put32(&c, pvr_list[i][0]);
		put32(&c, pvr_list[i][1]);
	}
	put8(&c, 7 - 1);

	put_vector(&c, ov1, sizeof(ov1));
	for (int i = 3; i < 3 + 5 * 4; i++)
		ov2[i] = 0xff; /* real/virt base and size, load base */
	ov2[23] = 0x00, ov2[24] = 0x00, ov2[25] = 0x02, ov2[26] = 0x00; /* min RMA 512 */
	for (int i = 27; i < 31; i++)
		ov2[i] = 0xff; /* min load */
	ov2[31] = 0;      /* min RMA percent */
	ov2[32] = 48;     /* max PFT size */
	put_vector(&c, ov2, sizeof(ov2));
	put_vector(&c, ov3, sizeof(ov3));
	put_vector(&c, ov4, sizeof(ov4));

	/* OV5 bytes 9-12: maximum number of processors */
	ov5[8] = (uint8_t)(max_cpus >> 24);
	ov5[9] = (uint8_t)(max_cpus >> 16);
	ov5[10] = (uint8_t)(max_cpus >> 8);
	ov5[11] = (uint8_t)max_cpus;
	ov5[OV5_BYTE_INTC - 1] = req->xive ? OV5_XIVE_EXPLOIT : 0;
	ov5[OV5_BYTE_MMU - 1] = req->radix ? OV5_MMU_RADIX : 0;
	ov5[OV5_BYTE_RADIX - 1] = req->radix && req->gtse ? OV5_RADIX_GTSE : 0;
	put_vector(&c, ov5, sizeof(ov5));
	put_vector(&c, ov6, sizeof(ov6));

	/* OV7: OS identification, NUL-terminated */
	idlen = os_id ? strnlen(os_id, sizeof(ov7) - 1) : 0;
	if (idlen)
		memcpy(ov7, os_id, idlen);
	ov7[idlen] = 0;
	put_vector(&c, ov7, idlen + 1);
	return c.overflow ? 0 : c.pos;
}

static void legacy(struct cas_platform *out, bool present)
{
	memset(out, 0, sizeof(*out));
	out->present = present;
	out->xics = true;
	out->hash = true;
}

int cas_parse_platform_support(const uint8_t *p, size_t len, struct cas_platform *out,
			       const char **why)
{
	bool seen23 = false, seen24 = false, seen26 = false;

	*why = NULL;
	legacy(out, false);
	if (!p || len == 0)
		return 0;
	if (len % 2) {
		*why = "odd length (must be index/value pairs)";
		return -1;
	}
	if (len > CAS_PLATFORM_SUPPORT_MAX) {
		*why = "longer than any known platform-support list";
		return -1;
	}
	out->present = true;
	for (size_t i = 0; i < len; i += 2) {
		uint8_t idx = p[i], val = p[i + 1];

		switch (idx) {
		case OV5_BYTE_INTC:
			if (seen23)
				goto dup;
			seen23 = true;
			val &= PS_SEL_MASK;
			out->xics = val != PS_INTC_XIVE;
			out->xive = val != PS_INTC_XICS;
			break;
		case OV5_BYTE_MMU:
			if (seen24)
				goto dup;
			seen24 = true;
			val &= PS_SEL_MASK;
			out->hash = val != PS_MMU_RADIX;
			out->radix = val != PS_MMU_HASH;
			break;
		case OV5_BYTE_RADIX:
			if (seen26)
				goto dup;
			seen26 = true;
			out->gtse = (val & OV5_RADIX_GTSE) != 0;
			break;
		default:
			break; /* features we do not negotiate */
		}
	}
	return 0;
dup:
	*why = "an OV5 byte index appears twice";
	legacy(out, true);
	return -1;
}

void cas_decide(const struct cas_platform *plat, const struct cas_policy *pol,
		struct cas_choice *req, const char **note)
{
	bool xive_ok = pol->xive_allowed && (!pol->svm || pol->svm_can_share);

	*note = NULL;
	memset(req, 0, sizeof(*req));
	/* Interrupt controller: a Secure VM that cannot share the XIVE pages
	 * behaves like a kernel without XIVE and lets the host decide. */
	req->xive = plat->xive && xive_ok;
	if (plat->xive && !xive_ok)
		*note = !pol->xive_allowed ? "XIVE offered but disabled (xive=off)"
					   : "XIVE offered but a Secure VM cannot share its pages";
	if (!req->xive && !plat->xics)
		*note = "the platform offers only XIVE and policy forbids it: asking for XICS, "
			"the host decides";
	/* MMU: radix with GTSE when offered; hash otherwise; radix alone only
	 * when hash is not offered at all. The kernel runs in real mode and
	 * supports both. */
	if (plat->radix && (plat->gtse || !plat->hash)) {
		req->radix = true;
		req->gtse = plat->gtse;
	}
}

int cas_parse_vec5(const uint8_t *p, size_t len, struct cas_choice *got, const char **why)
{
	*why = NULL;
	memset(got, 0, sizeof(*got));
	if (!p || len == 0) {
		*why = "empty";
		return -1;
	}
	if (len > CAS_VEC5_MAX) {
		*why = "longer than an option vector can be";
		return -1;
	}
	/* p[0] = number of OV5 bytes - 1; trailing zero bytes may be cut */
	if (len - 1 > (size_t)p[0] + 1) {
		*why = "longer than its own length byte says";
		return -1;
	}
	got->xive = cas_vec5_byte(p, len, OV5_BYTE_INTC) == OV5_XIVE_EXPLOIT;
	got->radix = cas_vec5_byte(p, len, OV5_BYTE_MMU) == OV5_MMU_RADIX;
	got->gtse = (cas_vec5_byte(p, len, OV5_BYTE_RADIX) & OV5_RADIX_GTSE) != 0;
	return 0;
}

uint8_t cas_vec5_byte(const uint8_t *p, size_t len, unsigned n)
{
	return p && n >= 1 && n < len ? p[n] : 0;
}
