/* The TEE device-interface model: TDI states and transitions (PCIe 6.x
 * 11.2.x: LOCK_INTERFACE moves CONFIG_UNLOCKED -> CONFIG_LOCKED, START_INTERFACE
 * with the lock's nonce -> RUN, STOP_INTERFACE -> CONFIG_UNLOCKED from any
 * state; a change of the locked configuration -> ERROR), the
 * DEVICE_INTERFACE_REPORT (11.3.11) built from the function's real BARs, and
 * the checks of the guest's config writes. The guest is untrusted: every
 * argument is checked, every guest buffer goes through the copy hooks. */
#include <string.h>

#include <shim/tdisp.h>
#include <shim/trace.h>

#define PCI_COMMAND 0x04
#define CMD_MSE 0x2
#define CMD_BME 0x4
#define PCI_BAR0 0x10
#define PCI_BAR_END 0x28
#define MSIX_CTRL_ENABLE 0x8000
#define MSIX_CTRL_MASKALL 0x4000

static const char *const fault_names[TDISP_FAULT_NR] = {
	"none", "outside", "overlap", "unordered", "nonce", "count", "truncated",
};

const char *tdisp_fault_name(enum tdisp_fault f)
{
	return (unsigned)f < TDISP_FAULT_NR ? fault_names[f] : "?";
}

int tdisp_fault_parse(const char *s, size_t len)
{
	for (int i = 0; i < TDISP_FAULT_NR; i++)
		if (strlen(fault_names[i]) == len && !memcmp(fault_names[i], s, len))
			return i;
	return -1;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

struct range {
	uint64_t first; /* page-aligned byte address */
	uint64_t pages;
	uint16_t attr, id;
};

static uint64_t page_down(uint64_t a)
{
	return a & ~(uint64_t)(TDISP_PAGE - 1);
}

static uint64_t page_up(uint64_t a)
{
	return page_down(a + TDISP_PAGE - 1);
}

/* One BAR as ranges: the pages holding the MSI-X table and PBA get their
 * own (non-TEE: the host programs the vectors) ranges, the rest is TEE. */
static unsigned bar_ranges(const struct tdisp_fn_info *fi, unsigned bar, struct range *r,
			   unsigned max)
{
	uint64_t lo = page_down(fi->bar_base[bar]);
	uint64_t hi = page_up(fi->bar_base[bar] + fi->bar_size[bar]);
	struct range sp[2];
	unsigned nsp = 0, n = 0;
	uint64_t at = lo;

	if (fi->msix_cap && fi->msix_table_bir == bar && fi->msix_table_len)
		sp[nsp++] = (struct range){
			page_down(fi->bar_base[bar] + fi->msix_table_off),
			page_up(fi->bar_base[bar] + fi->msix_table_off + fi->msix_table_len),
			TDISP_ATTR_MSIX_TABLE | TDISP_ATTR_NON_TEE, (uint16_t)bar };
	if (fi->msix_cap && fi->msix_pba_bir == bar && fi->msix_pba_len)
		sp[nsp++] = (struct range){
			page_down(fi->bar_base[bar] + fi->msix_pba_off),
			page_up(fi->bar_base[bar] + fi->msix_pba_off + fi->msix_pba_len),
			TDISP_ATTR_MSIX_PBA | TDISP_ATTR_NON_TEE, (uint16_t)bar };
	/* here .pages holds the end address until the emit loop */
	if (nsp == 2 && sp[1].first < sp[0].pages && sp[0].first < sp[1].pages) {
		sp[0].first = sp[0].first < sp[1].first ? sp[0].first : sp[1].first;
		sp[0].pages = sp[0].pages > sp[1].pages ? sp[0].pages : sp[1].pages;
		sp[0].attr |= sp[1].attr;
		nsp = 1;
	} else if (nsp == 2 && sp[1].first < sp[0].first) {
		struct range tmp = sp[0];
		sp[0] = sp[1];
		sp[1] = tmp;
	}
	for (unsigned i = 0; i <= nsp && n < max; i++) {
		uint64_t end = i < nsp ? sp[i].first : hi;

		if (end > hi)
			end = hi;
		if (end > at)
			r[n++] = (struct range){ at, (end - at) / TDISP_PAGE, 0, (uint16_t)bar };
		if (i < nsp && n < max) {
			uint64_t s = sp[i].first < at ? at : sp[i].first;
			uint64_t e = sp[i].pages > hi ? hi : sp[i].pages;

			if (e > s)
				r[n++] = (struct range){ s, (e - s) / TDISP_PAGE, sp[i].attr,
							 (uint16_t)bar };
			if (e > at)
				at = e;
		}
	}
	return n;
}

size_t tdisp_report_build(const struct tdisp_fn_info *fi, uint64_t mmio_offset,
			  const uint8_t nonce[TDISP_NONCE_SIZE], enum tdisp_fault fault,
			  uint8_t *out, size_t cap)
{
	struct range r[TDISP_MAX_RANGES];
	unsigned n = 0;
	size_t len;

	if (cap < TDISP_REPORT_MAX)
		return 0;
	for (unsigned b = 0; b < 6; b++)
		if (fi->bar_size[b] && n < TDISP_MAX_RANGES)
			n += bar_ranges(fi, b, r + n, TDISP_MAX_RANGES - n);
	/* ascending addresses (11.3.11: ranges are reported in order) */
	for (unsigned i = 1; i < n; i++)
		for (unsigned j = i; j > 0 && r[j].first < r[j - 1].first; j--) {
			struct range tmp = r[j];
			r[j] = r[j - 1];
			r[j - 1] = tmp;
		}
	if (fault == TDISP_FAULT_OUTSIDE && n)
		r[n - 1].pages += 16; /* the last range: nothing follows it */
	if (fault == TDISP_FAULT_OVERLAP && n >= 2)
		r[0].pages = (r[1].first - r[0].first) / TDISP_PAGE + 1;
	if (fault == TDISP_FAULT_UNORDERED && n >= 2) {
		struct range tmp = r[0];
		r[0] = r[1];
		r[1] = tmp;
	}
	memset(out, 0, TDISP_REPORT_MAX);
	put16(out + 0, 0x2); /* interface_info: DMA requests without PASID */
	put16(out + 4, fi->msix_ctrl);
	put32(out + 12, fault == TDISP_FAULT_COUNT ? 0xffffffffu : n);
	for (unsigned i = 0; i < n; i++) {
		uint8_t *p = out + TDISP_REPORT_HDR + i * TDISP_RANGE_SIZE;

		put64(p, r[i].first + mmio_offset);
		put32(p + 8, (uint32_t)r[i].pages);
		put16(p + 12, r[i].attr);
		put16(p + 14, r[i].id);
	}
	len = TDISP_REPORT_HDR + (size_t)n * TDISP_RANGE_SIZE;
	put32(out + len, TDISP_NONCE_SIZE);
	memcpy(out + len + 4, nonce, TDISP_NONCE_SIZE);
	if (fault == TDISP_FAULT_NONCE)
		out[len + 4] ^= 0x5a;
	len += 4 + TDISP_NONCE_SIZE;
	if (fault == TDISP_FAULT_TRUNCATED)
		len = TDISP_REPORT_HDR + 8;
	return len;
}

void tdisp_tdi_init(struct tdisp_tdi *t, uint16_t rid, enum tdisp_fault fault, uint64_t seed)
{
	memset(t, 0, sizeof(*t));
	t->rid = rid;
	t->fault = fault;
	t->state = TDISP_STATE_CONFIG_UNLOCKED;
	t->rng = seed | 1;
}

static uint64_t next_rand(struct tdisp_tdi *t)
{
	/* xorshift64*: a model TSM's nonce only has to differ per lock */
	t->rng ^= t->rng >> 12;
	t->rng ^= t->rng << 25;
	t->rng ^= t->rng >> 27;
	return t->rng * 0x2545F4914F6CDD1Dull;
}

int tdisp_lock(struct tdisp_tdi *t, const struct tdisp_fn_info *fi, uint16_t cmd,
	       uint64_t mmio_offset, uint8_t nonce_out[TDISP_NONCE_SIZE])
{
	if (t->state != TDISP_STATE_CONFIG_UNLOCKED)
		return TDISP_E_STATE;
	/* the locked configuration is what the report describes: nothing may
	 * be decoding or mastering yet (11.2.2, LOCK_INTERFACE checks) */
	if (cmd & (CMD_MSE | CMD_BME))
		return TDISP_E_CONFIG;
	if (mmio_offset % TDISP_PAGE)
		return TDISP_E_INVALID;
	/* every reported address (a BAR's pages plus the offset) must exist:
	 * an offset that wraps them past 2^64 makes a report no client can
	 * use (found by fuzz_tdisp_trap: base + size + offset wrapped to just
	 * above base and passed the old check) */
	for (unsigned b = 0; b < 6; b++) {
		uint64_t base = fi->bar_base[b], size = fi->bar_size[b];

		if (size && (base + size < base || base + size > UINT64_MAX - (TDISP_PAGE - 1) ||
			     mmio_offset > UINT64_MAX - page_up(base + size)))
			return TDISP_E_INVALID;
	}
	for (unsigned i = 0; i < TDISP_NONCE_SIZE; i += 8)
		put64(t->nonce + i, next_rand(t));
	t->info = *fi;
	t->mmio_offset = mmio_offset;
	t->cmd = cmd;
	t->report_len = tdisp_report_build(fi, mmio_offset, t->nonce, t->fault, t->report,
					   sizeof(t->report));
	t->error_why = NULL;
	t->state = TDISP_STATE_CONFIG_LOCKED;
	memcpy(nonce_out, t->nonce, TDISP_NONCE_SIZE);
	return TDISP_OK;
}

int tdisp_report_get(const struct tdisp_tdi *t, size_t off, uint8_t *buf, size_t len,
		     size_t *portion, size_t *remainder)
{
	size_t n;

	if (t->state != TDISP_STATE_CONFIG_LOCKED && t->state != TDISP_STATE_RUN)
		return TDISP_E_STATE;
	if (off > t->report_len)
		return TDISP_E_INVALID;
	n = t->report_len - off < len ? t->report_len - off : len;
	memcpy(buf, t->report + off, n);
	*portion = n;
	*remainder = t->report_len - off - n;
	return TDISP_OK;
}

int tdisp_start(struct tdisp_tdi *t, const uint8_t nonce[TDISP_NONCE_SIZE])
{
	uint8_t diff = 0;

	if (t->state != TDISP_STATE_CONFIG_LOCKED)
		return TDISP_E_STATE;
	for (unsigned i = 0; i < TDISP_NONCE_SIZE; i++)
		diff |= (uint8_t)(nonce[i] ^ t->nonce[i]);
	if (diff)
		return TDISP_E_NONCE; /* 11.3.9: INVALID_NONCE, the TDI stays locked */
	t->state = TDISP_STATE_RUN;
	return TDISP_OK;
}

int tdisp_stop(struct tdisp_tdi *t)
{
	t->state = TDISP_STATE_CONFIG_UNLOCKED;
	t->error_why = NULL;
	memset(t->nonce, 0, sizeof(t->nonce));
	return TDISP_OK;
}

/* One model for all vCPUs: a guest racing calls and config accesses from
 * two vCPUs must not see (or make) a half-updated TDI. Every arch's conduit
 * and config-space trap takes this lock around the model. */
static int model_lock_word;

void tdisp_model_lock(void)
{
	while (__atomic_exchange_n(&model_lock_word, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&model_lock_word, __ATOMIC_RELAXED))
			;
}

void tdisp_model_unlock(void)
{
	__atomic_store_n(&model_lock_word, 0, __ATOMIC_RELEASE);
}

static void to_error(struct tdisp_tdi *t, const char *why)
{
	t->state = TDISP_STATE_ERROR;
	t->error_why = why;
	shim_trace(0, "event:TDISP.ERROR rid=0x%x %s -> bus mastering cleared", (unsigned)t->rid, why);
}

bool tdisp_cfg_write(struct tdisp_tdi *t, unsigned off, unsigned size, uint32_t *val,
		     uint32_t dword)
{
	unsigned shift = (off & 3) * 8, at = off & ~3u;
	uint32_t mask, neu;

	if ((size != 1 && size != 2 && size != 4) || off % size || off >= 4096)
		return false;
	mask = size == 4 ? 0xffffffffu : ((1u << (size * 8)) - 1) << shift;
	neu = (dword & ~mask) | ((*val << shift) & mask);
	if (t->state == TDISP_STATE_ERROR) {
		/* keep the device's DMA off whatever the guest writes */
		if (at == PCI_COMMAND && (mask & CMD_BME))
			*val &= ~(uint32_t)CMD_BME;
		return true;
	}
	if (t->state != TDISP_STATE_CONFIG_LOCKED && t->state != TDISP_STATE_RUN)
		return true;
	if (at == PCI_COMMAND && (mask & 0xffff)) {
		unsigned was = dword & (CMD_MSE | CMD_BME), now = neu & (CMD_MSE | CMD_BME);

		if (now == was)
			return true;
		/* the one transition a locked TDI accepts: both on in one write */
		if (was == 0 && now == (CMD_MSE | CMD_BME))
			return true;
		to_error(t, was & ~now ? "command write cleared Memory Space or Bus Master Enable "
					 "while locked"
				       : "Memory Space and Bus Master Enable not set in one "
					 "write while locked");
		return false;
	}
	if (at >= PCI_BAR0 && at < PCI_BAR_END) {
		to_error(t, "BAR write while locked");
		return false;
	}
	if (t->info.msix_cap && at == t->info.msix_cap && (mask & 0xffff0000u) &&
	    ((neu ^ dword) >> 16) & (MSIX_CTRL_ENABLE | MSIX_CTRL_MASKALL)) {
		to_error(t, "MSI-X control change while locked");
		return false;
	}
	return true;
}

bool tdisp_needs_bme_off(const struct tdisp_tdi *t)
{
	return t->state == TDISP_STATE_ERROR;
}

uint32_t tdisp_cfg_read_dword(const struct tdisp_tdi *t, unsigned off, uint32_t dword)
{
	if (t->pcie_cap && off == t->pcie_cap + PCI_EXP_DEVCAP)
		return dword | PCI_EXP_DEVCAP_TEE_IO;
	return dword;
}

struct tdisp_tdi *tdisp_find(const struct tdisp_call_env *env, uint64_t rid)
{
	for (unsigned i = 0; i < env->ntdis; i++)
		if (env->tdis[i].rid == rid)
			return &env->tdis[i];
	return NULL;
}

static long tdisp_call_inner(const struct tdisp_call_env *env, unsigned fn, uint64_t rid,
			     const uint64_t a[4], uint64_t *r1, uint64_t *r2)
{
	struct tdisp_tdi *t;
	uint8_t nonce[TDISP_NONCE_SIZE], buf[TDISP_REPORT_MAX];
	struct tdisp_fn_info fi;
	size_t portion, remainder;
	uint16_t cmd;
	int rc;

	*r1 = *r2 = 0;
	if (fn == TDISP_FN_VERSION) {
		*r1 = 0x10000;
		return TDISP_OK;
	}
	if (fn >= TDISP_FN_COUNT)
		return TDISP_E_NOT_SUPPORTED;
	if (rid > 0xffff || !(t = tdisp_find(env, rid)))
		return TDISP_E_INVALID;
	switch (fn) {
	case TDISP_FN_LOCK:
		if (t->state != TDISP_STATE_CONFIG_UNLOCKED)
			return TDISP_E_STATE;
		memset(&fi, 0, sizeof(fi));
		if (env->read_fn(t, &fi, &cmd))
			return TDISP_E_CONFIG;
		rc = tdisp_lock(t, &fi, cmd, a[1], nonce);
		if (rc)
			return rc;
		if (env->copy_to_guest(a[0], nonce, sizeof(nonce))) {
			tdisp_stop(t);
			return TDISP_E_INVALID;
		}
		return TDISP_OK;
	case TDISP_FN_REPORT:
		if (a[0] > TDISP_REPORT_MAX)
			return TDISP_E_INVALID;
		rc = tdisp_report_get(t, (size_t)a[0], buf, a[2] < sizeof(buf) ? (size_t)a[2]
									 : sizeof(buf),
				      &portion, &remainder);
		if (rc)
			return rc;
		if (portion && env->copy_to_guest(a[1], buf, portion))
			return TDISP_E_INVALID;
		*r1 = portion;
		*r2 = remainder;
		return TDISP_OK;
	case TDISP_FN_STATE:
		*r1 = t->state;
		return TDISP_OK;
	case TDISP_FN_START:
		if (t->state != TDISP_STATE_CONFIG_LOCKED)
			return TDISP_E_STATE;
		if (env->copy_from_guest(nonce, a[0], sizeof(nonce)))
			return TDISP_E_INVALID;
		return tdisp_start(t, nonce);
	default: /* TDISP_FN_STOP */
		return tdisp_stop(t);
	}
}

long tdisp_call(const struct tdisp_call_env *env, unsigned fn, uint64_t rid, const uint64_t a[4],
		uint64_t *r1, uint64_t *r2)
{
	static const char *const names[TDISP_FN_COUNT] = { "VERSION", "LOCK", "REPORT", "STATE",
							    "START", "STOP" };
	long rc = tdisp_call_inner(env, fn, rid, a, r1, r2);

	shim_trace(0, "TDISP.%s rid=0x%llx -> %ld (0x%llx)", fn < TDISP_FN_COUNT ? names[fn] : "?",
		   (unsigned long long)rid, rc, (unsigned long long)*r1);
	return rc;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int tdisp_parse_devices(const char *s, size_t len, uint16_t *rids, unsigned max)
{
	unsigned n = 0;
	size_t i = 0;

	while (i < len) {
		int b1, b0, d1, d0, f;

		/* bb:dd.f */
		if (len - i < 7 || s[i + 2] != ':' || s[i + 5] != '.')
			return -1;
		b1 = hexval(s[i]), b0 = hexval(s[i + 1]);
		d1 = hexval(s[i + 3]), d0 = hexval(s[i + 4]);
		f = hexval(s[i + 6]);
		if (b1 < 0 || b0 < 0 || d1 < 0 || d0 < 0 || f < 0 || f > 7 || d1 * 16 + d0 > 31 ||
		    n == max)
			return -1;
		rids[n++] = (uint16_t)((b1 * 16 + b0) << 8 | (d1 * 16 + d0) << 3 | f);
		i += 7;
		if (i < len && s[i++] != ',')
			return -1;
		if (i == len && s[i - 1] == ',')
			return -1;
	}
	return (int)n;
}

unsigned tdisp_find_cap(const struct tdisp_cfg_io *io, uint8_t id)
{
	unsigned pos, budget = 48;

	if (!(io->rd(io->ctx, 0x04) >> 16 & 0x10)) /* Status: Capabilities List */
		return 0;
	pos = io->rd(io->ctx, 0x34) & 0xfc;
	while (budget-- && pos >= 0x40) {
		uint32_t hdr = io->rd(io->ctx, pos);

		if ((hdr & 0xff) == id)
			return pos;
		pos = (hdr >> 8) & 0xfc;
	}
	return 0;
}

int tdisp_fn_probe(const struct tdisp_cfg_io *io, struct tdisp_fn_info *fi, uint16_t *cmd)
{
	unsigned msix;

	memset(fi, 0, sizeof(*fi));
	*cmd = (uint16_t)io->rd(io->ctx, PCI_COMMAND);
	if (*cmd & (CMD_MSE | CMD_BME))
		return -1;
	if ((io->rd(io->ctx, 0x0c) >> 16 & 0x7f) != 0)
		return -1; /* type 0 header only */
	for (unsigned b = 0; b < 6; b++) {
		unsigned off = PCI_BAR0 + 4 * b;
		uint32_t lo = io->rd(io->ctx, off), hi = 0, mlo, mhi = 0xffffffffu;
		bool is64 = (lo & 0x7) == 0x4;
		uint64_t mask;

		if (lo & 1)
			continue; /* I/O space: not part of the report */
		io->wr(io->ctx, off, 0xffffffffu);
		mlo = io->rd(io->ctx, off) & 0xfffffff0u;
		io->wr(io->ctx, off, lo);
		if (is64 && b < 5) {
			hi = io->rd(io->ctx, off + 4);
			io->wr(io->ctx, off + 4, 0xffffffffu);
			mhi = io->rd(io->ctx, off + 4);
			io->wr(io->ctx, off + 4, hi);
		}
		mask = (uint64_t)mhi << 32 | mlo;
		if (mlo || (is64 && mhi)) {
			fi->bar_size[b] = ~mask + 1;
			fi->bar_base[b] = ((uint64_t)hi << 32 | lo) & ~0xfull;
			if (fi->bar_size[b] & (fi->bar_size[b] - 1))
				fi->bar_size[b] = 0;
		}
		if (is64)
			b++;
	}
	msix = tdisp_find_cap(io, 0x11);
	if (msix) {
		uint32_t ctl = io->rd(io->ctx, msix), tbl = io->rd(io->ctx, msix + 4);
		uint32_t pba = io->rd(io->ctx, msix + 8), n = ((ctl >> 16) & 0x7ff) + 1;

		fi->msix_cap = msix;
		fi->msix_ctrl = (uint16_t)(ctl >> 16);
		fi->msix_table_bir = tbl & 7;
		fi->msix_table_off = tbl & ~7u;
		fi->msix_table_len = n * 16;
		fi->msix_pba_bir = pba & 7;
		fi->msix_pba_off = pba & ~7u;
		fi->msix_pba_len = ((n + 63) / 64) * 8;
		if (fi->msix_table_bir > 5 || fi->msix_pba_bir > 5)
			fi->msix_cap = 0;
	}
	return 0;
}

/* value of key= in a space-separated command line, or NULL */
static const char *arg_value(const char *args, size_t len, const char *key, size_t *vlen)
{
	size_t klen = strlen(key), i = 0;

	while (i < len) {
		size_t j = i;

		while (j < len && args[j] != ' ' && args[j])
			j++;
		if (j - i > klen && !memcmp(args + i, key, klen) && args[i + klen] == '=') {
			*vlen = j - i - klen - 1;
			return args + i + klen + 1;
		}
		i = j + 1;
	}
	return NULL;
}

int tdisp_setup(const char *args, size_t len, struct tdisp_tdi *tdis, unsigned max,
		uint64_t seed, const char **err)
{
	uint16_t rids[TDISP_MAX_TDIS];
	size_t vlen = 0, flen = 0;
	const char *v = args ? arg_value(args, len, "shim.tdisp", &vlen) : NULL;
	const char *fv = args ? arg_value(args, len, "shim.tdisp_fault", &flen) : NULL;
	int n;

	*err = NULL;
	if (!v)
		return 0;
	n = tdisp_parse_devices(v, vlen, rids, max < TDISP_MAX_TDIS ? max : TDISP_MAX_TDIS);
	if (n <= 0) {
		*err = "shim.tdisp= wants bb:dd.f[,bb:dd.f...] (at most 8)";
		return -1;
	}
	for (int i = 0; i < n; i++) {
		int f = TDISP_FAULT_NONE;

		/* shim.tdisp_fault=f1[,f2...]: one per device, in order */
		if (fv && flen) {
			size_t k = 0;

			while (k < flen && fv[k] != ',')
				k++;
			f = tdisp_fault_parse(fv, k);
			if (f < 0) {
				*err = "shim.tdisp_fault= wants none|outside|overlap|unordered|nonce|"
				       "count|truncated per device";
				return -1;
			}
			fv += k < flen ? k + 1 : k;
			flen -= k < flen ? k + 1 : k;
		}
		tdisp_tdi_init(&tdis[i], rids[i], (enum tdisp_fault)f, seed + (uint64_t)i * 0x9e37);
	}
	return n;
}
