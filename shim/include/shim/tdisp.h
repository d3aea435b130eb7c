/* The shim's TEE device-interface model (shim/core/tdisp.c): one TDI per
 * device named by the boot option, its state machine (PCIe 6.x 11.2), the
 * DEVICE_INTERFACE_REPORT it hands the guest, and the checks on the guest's
 * config-space writes. Pure C: the arch code does the trapping and the real
 * config accesses (shim/arch/<dir>/tdisp_call.c). */
#ifndef SHIM_TDISP_H
#define SHIM_TDISP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cocoon/tdisp_abi.h>

#define TDISP_MAX_TDIS 8

/* Hostile-report fault injection (shim.tdisp_fault=) */
enum tdisp_fault {
	TDISP_FAULT_NONE,
	TDISP_FAULT_OUTSIDE,   /* a range runs past the end of its BAR */
	TDISP_FAULT_OVERLAP,   /* the second range starts inside the first */
	TDISP_FAULT_UNORDERED, /* the first two ranges swapped */
	TDISP_FAULT_NONCE,     /* the report carries another lock's nonce */
	TDISP_FAULT_COUNT,     /* mmio_range_count = 0xffffffff */
	TDISP_FAULT_TRUNCATED, /* the report ends inside its range table */
	TDISP_FAULT_NR
};
const char *tdisp_fault_name(enum tdisp_fault f);
/* "none", "outside", ...: the fault, or -1 */
int tdisp_fault_parse(const char *s, size_t len);

/* What the shim read from the real function when the guest locked it. */
struct tdisp_fn_info {
	uint64_t bar_base[6], bar_size[6]; /* PCI addresses; size 0 = none/IO */
	unsigned msix_cap;                 /* 0 = no MSI-X */
	unsigned msix_table_bir, msix_pba_bir;
	uint32_t msix_table_off, msix_table_len, msix_pba_off, msix_pba_len;
	uint16_t msix_ctrl;
};

struct tdisp_tdi {
	uint16_t rid; /* bus << 8 | devfn */
	enum tdisp_fault fault;
	uint8_t state;
	uint8_t nonce[TDISP_NONCE_SIZE];
	uint64_t mmio_offset;
	struct tdisp_fn_info info;
	uint8_t report[TDISP_REPORT_MAX];
	size_t report_len;
	uint16_t cmd;           /* command register value at lock / last allowed */
	unsigned pcie_cap;      /* where Device Capabilities gets TEE-IO */
	const char *error_why;  /* why the TDI went to ERROR */
	uint64_t rng;           /* nonce generator state */
};

/* Report of the locked function (fault applied). Returns its length. */
size_t tdisp_report_build(const struct tdisp_fn_info *fi, uint64_t mmio_offset,
			  const uint8_t nonce[TDISP_NONCE_SIZE], enum tdisp_fault fault,
			  uint8_t *out, size_t cap);

void tdisp_tdi_init(struct tdisp_tdi *t, uint16_t rid, enum tdisp_fault fault, uint64_t seed);
/* LOCK_INTERFACE: CONFIG_UNLOCKED -> CONFIG_LOCKED; cmd = the command
 * register now (Memory Space must be off: the BARs were just read). */
int tdisp_lock(struct tdisp_tdi *t, const struct tdisp_fn_info *fi, uint16_t cmd,
	       uint64_t mmio_offset, uint8_t nonce_out[TDISP_NONCE_SIZE]);
/* GET_DEVICE_INTERFACE_REPORT in pieces: copies up to len bytes from off. */
int tdisp_report_get(const struct tdisp_tdi *t, size_t off, uint8_t *buf, size_t len,
		     size_t *portion, size_t *remainder);
int tdisp_start(struct tdisp_tdi *t, const uint8_t nonce[TDISP_NONCE_SIZE]);
int tdisp_stop(struct tdisp_tdi *t);

/* A guest config write to the TDI: (off, size, val) as the guest issued it,
 * dword = the aligned dword's current value in the real device. Returns
 * true when the write may go to the device (possibly with *val changed:
 * in ERROR, Bus Master stays off). May move the TDI to ERROR; the caller
 * then clears the real Bus Master Enable (tdisp_needs_bme_off). */
/* Serialise every use of the model across vCPUs (calls and config traps). */
void tdisp_model_lock(void);
void tdisp_model_unlock(void);

bool tdisp_cfg_write(struct tdisp_tdi *t, unsigned off, unsigned size, uint32_t *val,
		     uint32_t dword);
bool tdisp_needs_bme_off(const struct tdisp_tdi *t);
/* A guest config read of the aligned dword at off: TEE-IO advertised. */
uint32_t tdisp_cfg_read_dword(const struct tdisp_tdi *t, unsigned off, uint32_t dword);

/* The call interface, arch-neutral: fn = TDISP_FN_*, args a[0..3] after the
 * interface id; guest buffers through the copy hooks (0 or -1). */
struct tdisp_call_env {
	struct tdisp_tdi *tdis;
	unsigned ntdis;
	int (*copy_to_guest)(uint64_t gaddr, const void *src, size_t len);
	int (*copy_from_guest)(void *dst, uint64_t gaddr, size_t len);
	/* read the function's BARs, MSI-X and command register (lock time) */
	int (*read_fn)(struct tdisp_tdi *t, struct tdisp_fn_info *fi, uint16_t *cmd);
	/* the TDI went to ERROR: stop the real device's DMA */
	void (*bme_off)(struct tdisp_tdi *t);
};
long tdisp_call(const struct tdisp_call_env *env, unsigned fn, uint64_t rid, const uint64_t a[4],
		uint64_t *r1, uint64_t *r2);
struct tdisp_tdi *tdisp_find(const struct tdisp_call_env *env, uint64_t rid);

/* Dword config access to one real function (arch code behind it). */
struct tdisp_cfg_io {
	uint32_t (*rd)(void *ctx, unsigned off);
	void (*wr)(void *ctx, unsigned off, uint32_t v);
	void *ctx;
};
/* Capability offset of id in the function (bounded walk), or 0. */
unsigned tdisp_find_cap(const struct tdisp_cfg_io *io, uint8_t id);
/* BARs (sized with decoding off), MSI-X layout and the command register of
 * the function. -1 when decoding is on (sizing would disturb it). */
int tdisp_fn_probe(const struct tdisp_cfg_io *io, struct tdisp_fn_info *fi, uint16_t *cmd);

/* "bb:dd.f[,bb:dd.f...]" -> rids; returns the count or -1 */
int tdisp_parse_devices(const char *s, size_t len, uint16_t *rids, unsigned max);

/* The TDIs named on the command line: shim.tdisp=bb:dd.f[,...] and
 * optionally shim.tdisp_fault=<fault>[,...] (one per device, in order).
 * Returns the count (0 = none), or -1 with *err set. */
int tdisp_setup(const char *args, size_t len, struct tdisp_tdi *tdis, unsigned max,
		uint64_t seed, const char **err);

#endif
