/* PAPR client-architecture-support while Open Firmware is alive (LoPAPR
 * appendix B, ibm,client-architecture-support; the order follows Linux
 * prom_init): read /chosen bootargs for the policy (xive=off, svm=on), read
 * what the platform offers (/chosen ibm,arch-vec-5-platform-support), decide,
 * call the method on the root node, then re-read /chosen
 * ibm,architecture-vec-5: QEMU rebuilds the tree during CAS and both SLOF and
 * VOF hand out the new one, so the tree is flattened only after this. */
#include <string.h>

#include <cocoon/cmdline.h>
#include <cocoon/kernel.h>
#include <cocoon/trace.h>

#include "ppc64.h"

#define OF_FAILED 0xffffffffu
#define MAX_CPUS 64

static struct cas_state cas;
static struct cmdline of_bootargs;
static uint8_t vector[CAS_VECTOR_MAX] __attribute__((aligned(8)));
static uint8_t platform_support[CAS_PLATFORM_SUPPORT_MAX];

const struct cas_state *ppc64_cas(void)
{
	return &cas;
}

bool ppc64_cas_granted_xive(void)
{
	return cas.ok && cas.got.xive;
}

static void read_policy(uint32_t chosen)
{
	static char args[CMDLINE_MAX];
	char v[8];
	int len;

	memset(args, 0, sizeof(args));
	len = of_getprop(chosen, "bootargs", args, sizeof(args) - 1);
	if (len < 0)
		len = 0;
	if (cmdline_parse(&of_bootargs, args, MIN((size_t)len, sizeof(args) - 1)))
		kprintf("cas: bootargs too long, using the defaults\n");
	cas.pol.xive_allowed = true;
	if (cmdline_get(&of_bootargs, "xive", v, sizeof(v)) &&
	    (!strcmp(v, "off") || !strcmp(v, "0") || !strcmp(v, "no")))
		cas.pol.xive_allowed = false;
	cas.pol.svm = cmdline_flag(&of_bootargs, "svm");
	/* CAS runs before main() reads the command line: take `trace` here */
	trace_enabled = cmdline_flag(&of_bootargs, "trace");
	/* Sharing the XIVE event-queue pages with the host needs an ultravisor
	 * (UV_SHARE_PAGE): present when the platform names one (/ibm,ultravisor,
	 * e.g. the powernv shim; not stock pseries under TCG), unless sharing is
	 * switched off with svm.share=off. Without it a Secure VM uses XICS. */
	cas.pol.svm_can_share = of_finddevice("/ibm,ultravisor") != 0xffffffffu &&
				!(cmdline_get(&of_bootargs, "svm.share", v, sizeof(v)) &&
				  !strcmp(v, "off"));
}

static void read_platform_support(uint32_t chosen)
{
	int len = of_getproplen(chosen, "ibm,arch-vec-5-platform-support");

	if (len <= 0) {
		cas_parse_platform_support(NULL, 0, &cas.plat, &cas.plat_err);
		return;
	}
	if ((size_t)len > sizeof(platform_support)) {
		cas_parse_platform_support(NULL, 0, &cas.plat, &cas.plat_err);
		cas.plat_err = "longer than any known platform-support list";
		return;
	}
	if (of_getprop(chosen, "ibm,arch-vec-5-platform-support", platform_support,
		       (uint32_t)len) != len) {
		cas_parse_platform_support(NULL, 0, &cas.plat, &cas.plat_err);
		cas.plat_err = "length changed between getproplen and getprop";
		return;
	}
	cas_parse_platform_support(platform_support, (size_t)len, &cas.plat, &cas.plat_err);
}

static void read_vec5(void)
{
	uint32_t chosen = of_finddevice("/chosen");
	int len = chosen == OF_FAILED ? -1 : of_getproplen(chosen, "ibm,architecture-vec-5");

	cas.vec5_len = len;
	if (len <= 0) {
		cas.vec5_err = "missing";
		return;
	}
	if ((size_t)len > sizeof(cas.vec5)) {
		cas.vec5_err = "longer than an option vector can be";
		return;
	}
	if (of_getprop(chosen, "ibm,architecture-vec-5", cas.vec5, (uint32_t)len) != len) {
		cas.vec5_err = "length changed between getproplen and getprop";
		return;
	}
	if (cas_parse_vec5(cas.vec5, (size_t)len, &cas.got, &cas.vec5_err))
		return;
	/* LoPAPR B.5.2.3: the host picks among what was asked; granting the other
	 * interrupt controller when ours was offered contradicts the offer, and
	 * the two controllers share no hcalls: run without external interrupts */
	if (cas.got.xive != cas.req.xive && (cas.req.xive ? cas.plat.xive : cas.plat.xics)) {
		cas.vec5_err = cas.got.xive ? "grants XIVE, but XICS was asked and offered"
					    : "grants XICS, but XIVE was asked and offered";
		return;
	}
	cas.ok = true;
}

static const char *offer(bool a, const char *an, bool b, const char *bn)
{
	return a && b ? "both" : a ? an : b ? bn : "none";
}

void ppc64_cas_negotiate(void)
{
	uint32_t chosen = of_finddevice("/chosen"), root, a[3], r[2];

	if (chosen == OF_FAILED) {
		kprintf("cas: no /chosen node; not negotiating\n");
		return;
	}
	read_policy(chosen);
	read_platform_support(chosen);
	trace_call("guest", "firmware", "getprop /chosen ibm,arch-vec-5-platform-support");
	trace_ret("firmware", "guest", "offers interrupts %s, MMU %s%s",
		  offer(cas.plat.xive, "XIVE", cas.plat.xics, "XICS"),
		  offer(cas.plat.radix, "radix", cas.plat.hash, "hash"),
		  cas.plat_err ? " (unusable: legacy assumed)" : "");
	if (cas.plat_err)
		kprintf("cas: ibm,arch-vec-5-platform-support rejected (%s); assuming XICS + hash\n",
			cas.plat_err);
	cas_decide(&cas.plat, &cas.pol, &cas.req, &cas.note);
	if (cas.note)
		kprintf("cas: %s\n", cas.note);
	trace_call("guest", "guest", "policy: %s%s", cas.pol.svm ? "secure VM, " : "",
		   cas.note ? cas.note : "take what is offered");
	cas.vector_len = cas_build_vector(vector, sizeof(vector), &cas.req, MAX_CPUS,
					  "cocoon");
	if (!cas.vector_len) {
		kprintf("cas: architecture vector does not fit\n");
		return;
	}
	kprintf("cas: asking for %s, %s%s (offered: interrupts %s, MMU %s)\n",
		cas.req.xive ? "XIVE" : "XICS", cas.req.radix ? "radix" : "hash",
		cas.req.gtse ? "+GTSE" : "",
		offer(cas.plat.xive, "XIVE", cas.plat.xics, "XICS"),
		offer(cas.plat.radix, "radix", cas.plat.hash, "hash"));

	/* call-method on the root node's ihandle (IEEE 1275 6.3.2.3) */
	root = 0;
	{
		uint32_t oa[1] = { of_ptr("/") }, orr[1];

		if (!of_call("open", 1, 1, oa, orr))
			root = orr[0];
	}
	if (!root || root == OF_FAILED) {
		kprintf("cas: cannot open the root node\n");
		return;
	}
	a[0] = of_ptr("ibm,client-architecture-support");
	a[1] = root;
	a[2] = of_ptr(vector);
	cas.called = true;
	trace_call("guest", "firmware", "call-method ibm,client-architecture-support: %s, %s%s "
		   "(%zu-byte vector)", cas.req.xive ? "XIVE" : "XICS",
		   cas.req.radix ? "radix" : "hash", cas.req.gtse ? "+GTSE" : "", cas.vector_len);
	if (of_call("call-method", 3, 2, a, r)) {
		trace_ret("firmware", "guest", "call-method failed");
		kprintf("cas: call-method failed\n");
		return;
	}
	trace_ret("firmware", "guest", "catch-result %u, status %u", r[0], r[1]);
	cas.catch_result = r[0];
	cas.status = r[1];
	{
		uint32_t ca[1] = { root };

		of_call("close", 1, 0, ca, NULL);
	}
	if (cas.catch_result)
		kprintf("cas: firmware threw %d\n", (int)cas.catch_result);
	read_vec5();
	trace_call("guest", "firmware", "getprop /chosen ibm,architecture-vec-5");
	if (cas.ok)
		trace_ret("firmware", "guest", "granted %s, %s%s", cas.got.xive ? "XIVE" : "XICS",
			  cas.got.radix ? "radix" : "hash", cas.got.gtse ? "+GTSE" : "");
	else
		trace_ret("firmware", "guest", "unusable: %s", cas.vec5_err);
	if (!cas.ok)
		kprintf("cas: /chosen ibm,architecture-vec-5 unusable (%s): nothing negotiated\n",
			cas.vec5_err);
}

void ppc64_cas_print(void)
{
	if (!cas.called) {
		kprintf("  cas      : not negotiated\n");
		return;
	}
	kprintf("  cas      : asked %s %s%s%s%s -> ", cas.req.xive ? "XIVE" : "XICS",
		cas.req.radix ? "radix" : "hash", cas.req.gtse ? "+GTSE" : "",
		cas.pol.xive_allowed ? "" : " (xive=off)", cas.pol.svm ? " (svm=on)" : "");
	if (cas.ok)
		kprintf("granted %s %s%s (vec-5 %d bytes, byte 23 = 0x%02x, 24 = 0x%02x)\n",
			cas.got.xive ? "XIVE" : "XICS", cas.got.radix ? "radix" : "hash",
			cas.got.gtse ? "+GTSE" : "", cas.vec5_len,
			cas_vec5_byte(cas.vec5, (size_t)cas.vec5_len, OV5_BYTE_INTC),
			cas_vec5_byte(cas.vec5, (size_t)cas.vec5_len, OV5_BYTE_MMU));
	else
		kprintf("no usable answer (%s)\n", cas.vec5_err ? cas.vec5_err : "call failed");
}
