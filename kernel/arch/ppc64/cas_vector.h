/* PAPR client-architecture-support (CAS): the pure, host-testable half.
 * LoPAPR appendix B, "Root Node Methods" (ibm,client-architecture-support), and
 * B.6.2.3.x option vectors. Builds the architecture vector the guest hands
 * to firmware, parses /chosen "ibm,arch-vec-5-platform-support" (what the
 * platform offers, asked before CAS) and "ibm,architecture-vec-5" (what was
 * granted, read after CAS), and decides what to ask for.
 * Every input here comes from the (untrusted) host: lengths are checked
 * against the property's real length and a bad property is an error with a
 * reason, never an out-of-bounds read. No OF, no hardware: see cas.c. */
#ifndef COCOON_PPC64_CAS_VECTOR_H
#define COCOON_PPC64_CAS_VECTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* OV5 byte numbers (1-based, as in LoPAPR's option vector 5 table) */
#define OV5_BYTE_INTC 23  /* interrupt controller: 0x40 = XIVE exploitation */
#define OV5_BYTE_MMU 24   /* 0x40 = radix */
#define OV5_BYTE_HASH 25  /* hash extensions (segment tables...) */
#define OV5_BYTE_RADIX 26 /* radix extensions: 0x40 = GTSE */
#define OV5_LEN 26        /* bytes of OV5 we send */
#define OV5_XIVE_EXPLOIT 0x40
#define OV5_MMU_RADIX 0x40
#define OV5_RADIX_GTSE 0x40

/* Upper bounds for what the host may hand us. */
#define CAS_PLATFORM_SUPPORT_MAX 64 /* index/value pairs are few */
#define CAS_VEC5_MAX 257            /* length byte + at most 256 bytes */
#define CAS_VECTOR_MAX 512          /* our own vector always fits */

/* What the platform offers (ibm,arch-vec-5-platform-support). */
struct cas_platform {
	bool present;      /* property found (absent = legacy only: XICS + hash) */
	bool xics, xive;   /* OV5 byte 23 */
	bool hash, radix;  /* OV5 byte 24 */
	bool gtse;         /* OV5 byte 26 */
};

/* The guest's own policy, from bootargs. */
struct cas_policy {
	bool xive_allowed;  /* false with xive=off */
	bool svm;           /* svm=on: will become a Secure VM */
	bool svm_can_share; /* the ultravisor can share the XIVE pages */
};

/* What the guest asks for (and, after CAS, what it got). */
struct cas_choice {
	bool xive, radix, gtse;
};

/* Parse the platform-support property: pairs (OV5 byte index, value).
 * Returns 0, or -1 with *why set (odd or over-long length, duplicate index);
 * on error *out describes the legacy platform (XICS + hash), which every
 * PAPR platform must accept. len 0 / NULL = property absent (not an error). */
int cas_parse_platform_support(const uint8_t *p, size_t len, struct cas_platform *out,
			       const char **why);

/* Decide the request. *note explains a policy-driven choice (or NULL). */
void cas_decide(const struct cas_platform *plat, const struct cas_policy *pol,
		struct cas_choice *req, const char **note);

/* Build the architecture vector into buf. Returns its length, or 0 if cap
 * is too small. os_id: the OV7 string (truncated to 255 bytes). */
size_t cas_build_vector(uint8_t *buf, size_t cap, const struct cas_choice *req,
			uint32_t max_cpus, const char *os_id);

/* Parse /chosen ibm,architecture-vec-5 after CAS: a length byte, then OV5
 * bytes 1..n, cut after the last non-zero byte. Returns 0 or -1 with *why
 * (empty, too long, longer than its own length byte says). */
int cas_parse_vec5(const uint8_t *p, size_t len, struct cas_choice *got, const char **why);

/* Byte n (1-based) of a parsed-and-checked vec-5 property, 0 beyond its end. */
uint8_t cas_vec5_byte(const uint8_t *p, size_t len, unsigned n);

#endif
