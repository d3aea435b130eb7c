/* The guest as a Secure VM (svm=on) under an ultravisor (Linux
 * Documentation/arch/powerpc/ultravisor.rst; ultracall numbers from
 * asm/ultravisor-api.h, ../shared/reference/ppc64.md). Client side of
 * shim/arch/ppc64/uv.c.
 * - UV_ESM early in arch_late_init, once our vectors are in place, when
 *   the tree names an ultravisor (/ibm,ultravisor); without one the guest
 *   says so and stays a normal VM.
 * - Afterwards the hypervisor reaches only what we share with
 *   UV_SHARE_PAGE, and exactly that: the RTAS argument pages, each XIVE
 *   event-queue page (xive.c, before H_INT_SET_QUEUE_CONFIG), and the DMA
 *   bounce pool that holds the virtio rings and buffers (drivers/dma, before
 *   any device sees it: bounce mode is forced).
 * - Ultracalls are `sc 2`. Under QEMU TCG `sc 2` is a system call to our
 *   own 0xc00 vector (TCG has no ultravisor mode); ppc64_uv_forward() sees
 *   the `sc 2` at SRR0 - 4 and passes it on with `sc 1` and the same token.
 *   On hardware with the Protected Execution Facility it reaches the
 *   ultravisor directly and the forwarder is never entered.
 * Test knob: svm.unshared=eq|virtio leaves that resource private, so that
 * the negative configurations can show the device failing visibly. */
#include <libfdt.h>
#include <string.h>

#include <cocoon/cmdline.h>
#include <cocoon/dma.h>
#include <cocoon/kernel.h>
#include <cocoon/trace.h>

#include "ppc64.h"

#define SC2_INSN 0x44000042u /* sc 2 (LEV = 2) */
#define UV_PAGE 4096u

static bool secure;
static char unshared[16];

bool ppc64_uv_secure(void)
{
	return secure;
}

/* An ultracall: sc 2 with r3 = token, r4.. = arguments; r3 = status. */
long ppc64_ucall(uint64_t token, uint64_t a1, uint64_t a2)
{
	register uint64_t r3 __asm__("r3") = token;
	register uint64_t r4 __asm__("r4") = a1;
	register uint64_t r5 __asm__("r5") = a2;

	__asm__ volatile("sc 2"
			 : "+r"(r3), "+r"(r4), "+r"(r5)
			 :
			 : "r0", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "ctr", "lr", "xer",
			   "cr0", "cr1", "cr5", "cr6", "cr7", "memory");
	return (long)r3;
}

/* From ppc64_trap() at 0xc00: an `sc 2` that TCG delivered to us instead of
 * an ultravisor (QEMU TCG limitation): forward it with `sc 1`. */
bool ppc64_uv_forward(uint64_t *gpr, uint64_t srr0)
{
	uint64_t r[4];

	if (srr0 < 4 || *(const volatile uint32_t *)(uintptr_t)(srr0 - 4) != SC2_INSN)
		return false;
	gpr[3] = (uint64_t)ppc64_hcall_ret(r, gpr[3], gpr[4], gpr[5], gpr[6], gpr[7], gpr[8],
					   gpr[9]);
	gpr[4] = r[0], gpr[5] = r[1], gpr[6] = r[2], gpr[7] = r[3];
	return true;
}

static bool left_private(const char *what)
{
	return secure && unshared[0] && strstr(what, unshared);
}

bool ppc64_uv_shares(const char *what)
{
	return secure && !left_private(what);
}

/* Before a reboot (ultravisor.rst UV_UNSHARE_ALL_PAGES: "needed when kexec
 * is used to boot a different kernel. It may also be needed during SVM
 * reset"): nothing we shared outlives this kernel. */
int ppc64_uv_unshare_all(void)
{
	long rc;

	if (!secure)
		return 0;
	trace_call("guest", "ultravisor", "UV_UNSHARE_ALL_PAGES before reboot");
	rc = ppc64_ucall(UV_UNSHARE_ALL_PAGES, 0, 0);
	trace_ret("ultravisor", "guest", "%s: %ld", rc ? "refused" : "every page private", rc);
	kprintf("uv: UV_UNSHARE_ALL_PAGES before reboot = %ld\n", rc);
	return rc ? -1 : 0;
}

int ppc64_uv_share(const char *what, void *p, size_t pages)
{
	uint64_t a = (uint64_t)(uintptr_t)p;
	long rc;

	if (!secure)
		return 0;
	if (left_private(what)) {
		kprintf("uv: NOT sharing the %s at 0x%llx (svm.unshared=%s)\n", what,
			(unsigned long long)a, unshared);
		trace_call("guest", "guest", "NOT sharing the %s at 0x%llx (svm.unshared=%s)", what,
			   (unsigned long long)a, unshared);
		return 0;
	}
	if (a % UV_PAGE || !pages) {
		kprintf("uv: %s at 0x%llx is not whole pages: not shared\n", what,
			(unsigned long long)a);
		return -1;
	}
	trace_call("guest", "ultravisor", "UV_SHARE_PAGE %s gfn=0x%llx n=%lu", what,
		   (unsigned long long)(a / UV_PAGE), (unsigned long)pages);
	rc = ppc64_ucall(UV_SHARE_PAGE, a / UV_PAGE, pages);
	trace_ret("ultravisor", "guest", "%s: %ld", rc ? "refused" : "shared", rc);
	if (rc) {
		kprintf("uv: UV_SHARE_PAGE(%s, 0x%llx, %lu) = %ld\n", what,
			(unsigned long long)a, (unsigned long)pages, rc);
		return -1;
	}
	return 0;
}

int ppc64_uv_unshare(const char *what, void *p, size_t pages)
{
	uint64_t gfn = (uint64_t)(uintptr_t)p / UV_PAGE;
	long rc;

	if (!secure)
		return 0;
	trace_call("guest", "ultravisor", "UV_UNSHARE_PAGE %s gfn=0x%llx n=%lu", what,
		   (unsigned long long)gfn, (unsigned long)pages);
	rc = ppc64_ucall(UV_UNSHARE_PAGE, gfn, pages);
	trace_ret("ultravisor", "guest", "%s: %ld", rc ? "refused" : "private again", rc);
	if (rc)
		kprintf("uv: UV_UNSHARE_PAGE(%s, 0x%llx, %lu) = %ld\n", what,
			(unsigned long long)gfn * UV_PAGE, (unsigned long)pages, rc);
	return rc ? -1 : 0;
}

static int dma_share(uint64_t phys, size_t pages)
{
	return ppc64_uv_share("virtio DMA pool", (void *)(uintptr_t)phys, pages);
}

static int dma_unshare(uint64_t phys, size_t pages)
{
	return ppc64_uv_unshare("virtio DMA pool", (void *)(uintptr_t)phys, pages);
}

static const struct dma_share_ops uv_dma_ops = { "ultravisor (UV_SHARE_PAGE)", dma_share,
						 dma_unshare };

int ppc64_uv_init(const void *fdt)
{
	long rc;

	if (!cmdline_flag(&boot_cmdline, "svm"))
		return 0;
	cmdline_get(&boot_cmdline, "svm.unshared", unshared, sizeof(unshared));
	if (fdt_node_check_compatible(fdt, fdt_path_offset(fdt, "/ibm,ultravisor"),
				      "ibm,ultravisor")) {
		kprintf("uv: svm=on but no ultravisor: staying a normal VM\n");
		return 0;
	}
	trace_call("guest", "ultravisor", "UV_ESM image=0x%llx fdt=0x%llx",
		   (unsigned long long)ppc64_load_base, (unsigned long long)(uintptr_t)fdt);
	rc = ppc64_ucall(UV_ESM, ppc64_load_base, (uint64_t)(uintptr_t)fdt);
	trace_ret("ultravisor", "guest", "%s: %ld", rc ? "refused" : "secure, every page private",
		  rc);
	if (rc) {
		kprintf("uv: UV_ESM = %ld: staying a normal VM\n", rc);
		return -1;
	}
	secure = true;
	kprintf("uv: secure VM (UV_ESM done); sharing only RTAS, event queues, DMA pool\n");
	if (ppc64_uv_share("RTAS buffer", rtas_buffer_page(), 1))
		return -1;
	dma_set_share_ops(&uv_dma_ops);
	return 0;
}
