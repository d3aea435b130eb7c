/* A model of the Protected Execution Ultravisor (Linux
 * Documentation/arch/powerpc/ultravisor.rst; ultracall numbers and return
 * codes from asm/ultravisor-api.h, see ../shared/reference/ppc64.md).
 *
 * - Guest memory is tracked per 4 KiB page. Before UV_ESM the partition is
 *   normal and the hypervisor half of the shim may touch all of it. A
 *   successful UV_ESM makes every page secure; UV_SHARE_PAGE and
 *   UV_UNSHARE_PAGE move pages between secure and shared, zeroing them on
 *   each change (as real ultravisors do, so nothing leaks either way).
 * - The hypervisor half (console, XICS/XIVE, virtio models, RTAS, OF client)
 *   reaches guest memory only through guest_mem.c, which asks
 *   uv_access_ok() first. A refused access is logged as a protection
 *   violation naming the page and the device, and the caller fails the way
 *   hardware would (no event written, I/O error).
 * - Ultracall delivery: real hardware takes `sc 2` to the ultravisor.
 *   QEMU TCG has no ultravisor mode and runs `sc 2` as a system call to
 *   the guest's own 0xc00 vector, so the guest's vector forwards it here
 *   with `sc 1` and the same token (a QEMU TCG limitation, not PAPR). */
#include <string.h>

#include <shim/trace.h>

#include "pnv.h"

#define UV_PAGE_SHIFT 12
#define UV_MAX_PAGES (UV_MAX_GUEST_BYTES >> UV_PAGE_SHIFT)
#define VIOLATIONS_LOGGED 16

static uint8_t shared[UV_MAX_PAGES / 8];
static bool secure;
static const char *actor = "hypervisor";
static uint64_t image_gpa, image_len, image_hash;
static unsigned long violations;

void uv_reset(void)
{
	memset(shared, 0, sizeof(shared));
	secure = false;
	violations = 0;
	actor = "hypervisor";
}

bool uv_is_secure(void)
{
	return secure;
}

unsigned long uv_violations(void)
{
	return violations;
}

const char *uv_set_actor(const char *who)
{
	const char *old = actor;

	actor = who ? who : "hypervisor";
	return old;
}

static uint64_t fnv1a(const uint8_t *p, uint64_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;

	while (n--)
		h = (h ^ *p++) * 0x100000001b3ull;
	return h;
}

/* The guest image as loaded, measured before the guest ever runs; UV_ESM
 * must name its start (the ESM operand) and logs the measurement. */
void uv_set_image(uint64_t gpa, uint64_t len)
{
	image_gpa = gpa;
	image_len = len;
	image_hash = gmem_ok(gpa, len) ? fnv1a(guest_mem.base + gpa, len) : 0;
}

uint64_t uv_image_measurement(void)
{
	return image_hash;
}

static bool page_shared(uint64_t pfn)
{
	return shared[pfn / 8] & (1u << (pfn % 8));
}

static void page_set(uint64_t pfn, bool on)
{
	if (on)
		shared[pfn / 8] |= (uint8_t)(1u << (pfn % 8));
	else
		shared[pfn / 8] &= (uint8_t)~(1u << (pfn % 8));
}

static uint64_t guest_pages(void)
{
	uint64_t n = guest_mem.size >> UV_PAGE_SHIFT;

	return n < UV_MAX_PAGES ? n : UV_MAX_PAGES;
}

/* Called by guest_mem.c for every access of the hypervisor half: every
 * page of a secure guest it touches must be shared. */
bool uv_access_ok(uint64_t gpa, uint64_t len)
{
	uint64_t first, last;

	if (!secure)
		return true;
	first = gpa >> UV_PAGE_SHIFT;
	last = (gpa + (len ? len - 1 : 0)) >> UV_PAGE_SHIFT;
	for (uint64_t pfn = first; pfn <= last; pfn++) {
		if (pfn < guest_pages() && page_shared(pfn))
			continue;
		if (violations++ >= VIOLATIONS_LOGGED)
			return false;
		pnv_printf("shim: uv: protection violation: %s access to private page 0x%llx "
			   "(gpa 0x%llx) of the secure guest refused\n", actor,
			   (unsigned long long)(pfn << UV_PAGE_SHIFT), (unsigned long long)gpa);
		/* the vCPU is not known down here: the event is the partition's */
		shim_trace(0, "event:ultravisor.PROTECTION_VIOLATION %s page=0x%llx -> refused", actor,
			   (unsigned long long)(pfn << UV_PAGE_SHIFT));
		return false;
	}
	return true;
}

bool uv_is_shared(uint64_t gpa, uint64_t len)
{
	uint64_t first = gpa >> UV_PAGE_SHIFT, last = (gpa + (len ? len - 1 : 0)) >> UV_PAGE_SHIFT;

	if (!gmem_ok(gpa, len))
		return false;
	for (uint64_t pfn = first; pfn <= last; pfn++)
		if (pfn >= guest_pages() || !page_shared(pfn))
			return false;
	return true;
}

uint64_t uv_shared_count(void)
{
	uint64_t n = 0;

	for (uint64_t pfn = 0; secure && pfn < guest_pages(); pfn++)
		n += page_shared(pfn);
	return n;
}

/* At power-off and reboot: what the guest left shared (it should have
 * unshared everything on teardown, ultravisor.rst UV_UNSHARE_ALL_PAGES
 * "needed ... during SVM reset"). The first few pages are named. */
void uv_report_shared(const char *when)
{
	uint64_t n = uv_shared_count(), listed = 0;

	if (!secure)
		return;
	pnv_printf("shim: uv: %llu pages still shared at %s", (unsigned long long)n, when);
	for (uint64_t pfn = 0; pfn < guest_pages() && listed < 8; pfn++)
		if (page_shared(pfn))
			pnv_printf("%s0x%llx", listed++ ? " " : ": ",
				   (unsigned long long)(pfn << UV_PAGE_SHIFT));
	pnv_printf("%s\n", n > listed ? " ..." : "");
}

static void zero_pages(uint64_t pfn, uint64_t num)
{
	/* the ultravisor's own access: not through the guarded accessor */
	for (uint64_t i = 0; i < num; i++)
		plat_zero_page(guest_mem.base + ((pfn + i) << UV_PAGE_SHIFT));
}

/* UV_ESM(esm_blob_addr, fdt): the operand must be where the shim loaded
 * the guest image, the tree inside guest memory. */
static long uv_esm(uint64_t blob, uint64_t fdt)
{
	if (!image_len || blob != image_gpa)
		return U_PARAMETER;
	if (!gmem_ok(fdt, 8))
		return U_P2;
	memset(shared, 0, sizeof(shared));
	secure = true;
	pnv_printf("shim: uv: UV_ESM: partition is now secure; guest image at 0x%llx, %llu bytes, "
		   "measurement fnv1a64 %016llx\n", (unsigned long long)image_gpa,
		   (unsigned long long)image_len, (unsigned long long)image_hash);
	return U_SUCCESS;
}

/* UV_SHARE_PAGE / UV_UNSHARE_PAGE(gfn, num) */
static long uv_share(uint64_t gfn, uint64_t num, bool share)
{
	if (gfn >= guest_pages())
		return U_PARAMETER;
	if (!num || num > guest_pages() - gfn)
		return U_P2;
	/* unsharing a page that was never shared is an error, all or nothing */
	if (!share)
		for (uint64_t i = 0; i < num; i++)
			if (!page_shared(gfn + i))
				return U_PARAMETER;
	for (uint64_t i = 0; i < num; i++) {
		if (page_shared(gfn + i) == share)
			continue;
		zero_pages(gfn + i, 1);
		page_set(gfn + i, share);
	}
	return U_SUCCESS;
}

static long uv_unshare_all(void)
{
	for (uint64_t pfn = 0; pfn < guest_pages(); pfn++)
		if (page_shared(pfn)) {
			zero_pages(pfn, 1);
			page_set(pfn, false);
		}
	return U_SUCCESS;
}

/* Who may make which call. ultravisor.rst ("Ultracalls used by Hypervisor",
 * "Ultracalls used by SVM", "Hypervisor calls to support Ultravisor") and
 * the reference ultravisor's dispatcher (open-power/ultravisor core/uvcall.c,
 * syscall_ultracall()) split them three ways; a partition is never the
 * hypervisor nor the ultravisor, so:
 * - UV_SHARE_PAGE, UV_UNSHARE_PAGE, UV_UNSHARE_ALL_PAGES: a secure VM only;
 *   from a normal VM U_INVALID ("if the VM is not secure").
 * - UV_ESM: a normal VM only. The document lets an already secure VM's
 *   UV_ESM succeed as a no-op; we refuse it with U_PERMISSION (the code the
 *   reference ultravisor gives every call from the wrong context), so that a
 *   guest that enters secure mode twice learns it.
 * - UV_WRITE_PATE, UV_REGISTER/UNREGISTER_MEM_SLOT, UV_PAGE_IN/OUT/INVAL,
 *   UV_SVM_TERMINATE: the hypervisor's; U_PERMISSION "if called from a
 *   context other than Hypervisor"; UV_RETURN: U_INVALID "if ultracall is
 *   not made from a Hypervisor context".
 * - H_SVM_INIT_START/DONE/ABORT, H_SVM_PAGE_IN/OUT: made by the ultravisor
 *   to the hypervisor, never by a VM of either kind; H_UNSUPPORTED "if
 *   called from the wrong context (e.g. from an SVM ...)" (H_SVM_INIT_DONE).
 * Everything else is open to both kinds of VM. H_RANDOM is not reflected to
 * the hypervisor for a secure VM (ultravisor.rst, "Protected Execution
 * Facility"): here the shim serves it from the same hardware source. */
enum uv_caller { NORMAL_VM = 1, SECURE_VM = 2 };
static const struct uv_rule {
	uint64_t token;
	const char *name;
	uint8_t allowed; /* enum uv_caller bits; 0 = no partition */
	long refusal;
	const char *whose;
} rules[] = {
	{ UV_ESM, "UV_ESM", NORMAL_VM, U_PERMISSION, "a normal VM's" },
	{ UV_SHARE_PAGE, "UV_SHARE_PAGE", SECURE_VM, U_INVALID, "a secure VM's" },
	{ UV_UNSHARE_PAGE, "UV_UNSHARE_PAGE", SECURE_VM, U_INVALID, "a secure VM's" },
	{ UV_UNSHARE_ALL_PAGES, "UV_UNSHARE_ALL_PAGES", SECURE_VM, U_INVALID, "a secure VM's" },
	{ UV_WRITE_PATE, "UV_WRITE_PATE", 0, U_PERMISSION, "the hypervisor's" },
	{ UV_RETURN, "UV_RETURN", 0, U_INVALID, "the hypervisor's" },
	{ UV_REGISTER_MEM_SLOT, "UV_REGISTER_MEM_SLOT", 0, U_PERMISSION, "the hypervisor's" },
	{ UV_UNREGISTER_MEM_SLOT, "UV_UNREGISTER_MEM_SLOT", 0, U_PERMISSION, "the hypervisor's" },
	{ UV_PAGE_IN, "UV_PAGE_IN", 0, U_PERMISSION, "the hypervisor's" },
	{ UV_PAGE_OUT, "UV_PAGE_OUT", 0, U_PERMISSION, "the hypervisor's" },
	{ UV_PAGE_INVAL, "UV_PAGE_INVAL", 0, U_PERMISSION, "the hypervisor's" },
	{ UV_SVM_TERMINATE, "UV_SVM_TERMINATE", 0, U_PERMISSION, "the hypervisor's" },
	{ H_SVM_PAGE_IN, "H_SVM_PAGE_IN", 0, H_UNSUPPORTED, "the ultravisor's" },
	{ H_SVM_PAGE_OUT, "H_SVM_PAGE_OUT", 0, H_UNSUPPORTED, "the ultravisor's" },
	{ H_SVM_INIT_START, "H_SVM_INIT_START", 0, H_UNSUPPORTED, "the ultravisor's" },
	{ H_SVM_INIT_DONE, "H_SVM_INIT_DONE", 0, H_UNSUPPORTED, "the ultravisor's" },
	{ H_SVM_INIT_ABORT, "H_SVM_INIT_ABORT", 0, H_UNSUPPORTED, "the ultravisor's" },
};

static const struct uv_rule *rule_of(uint64_t token)
{
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (rules[i].token == token)
			return &rules[i];
	return NULL;
}

long uv_mode_check(uint64_t token)
{
	const struct uv_rule *r = rule_of(token);

	if (!r || (r->allowed & (secure ? SECURE_VM : NORMAL_VM)))
		return 0;
	pnv_printf("shim: uv: %s from a %s VM refused (%s call): %ld\n", r->name,
		   secure ? "secure" : "normal", r->whose, r->refusal);
	shim_trace(0, "event:ultravisor.MODE_REFUSED %s from a %s VM -> %ld", r->name,
		   secure ? "secure" : "normal", r->refusal);
	return r->refusal;
}

bool uv_is_ultracall(uint64_t token)
{
	return (token & ~0xffull) == 0xf100 && rule_of(token);
}

const char *uv_call_name(uint64_t token)
{
	const struct uv_rule *r = rule_of(token);

	return r ? r->name : "UV_unknown";
}

/* Only after uv_mode_check() allowed the call (hcall_dispatch). */
long uv_call(uint64_t *r)
{
	switch (r[3]) {
	case UV_ESM:
		return uv_esm(r[4], r[5]);
	case UV_SHARE_PAGE:
		return uv_share(r[4], r[5], true);
	case UV_UNSHARE_PAGE:
		return uv_share(r[4], r[5], false);
	case UV_UNSHARE_ALL_PAGES:
		return uv_unshare_all();
	default:
		return U_FUNCTION;
	}
}
