/* Host tests of the virtio modern PCI transport (drivers/virtio/virtio_pci.c)
 * against a fake function: capabilities that point outside their BAR or at
 * the wrong BAR, a bad notify multiplier, legacy-only devices, missing
 * VERSION_1 / ACCESS_PLATFORM, queue parameters out of range. The "BAR" is
 * host memory; the transport's register accesses land there. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <cocoon/cmdline.h>
#include <cocoon/dma.h>
#include <cocoon/mm.h>
#include <cocoon/virtio.h>

#include "virtio_host_stubs.h"

/* ---- the fake function: config space (virtio_host_stubs.c) + one 16 KiB memory BAR (index 4) ---- */
static uint8_t *bar;
#define BAR_SIZE 0x4000u
#define COMMON 0x0000u
#define ISR 0x1000u
#define DEVCFG 0x2000u
#define NOTIFY 0x3000u

static unsigned next_cap;
static void add_cap(uint8_t type, uint8_t barno, uint32_t off, uint32_t len, uint32_t extra)
{
	unsigned pos = next_cap, clen = type == 2 ? 20 : 16;
	fake_cfg[pos] = PCI_CAP_ID_VNDR;
	fake_cfg[pos + 1] = 0;
	fake_cfg[pos + 2] = (uint8_t)clen;
	fake_cfg[pos + 3] = type;
	fake_cfg[pos + 4] = barno;
	memcpy(fake_cfg + pos + 8, &off, 4);
	memcpy(fake_cfg + pos + 12, &len, 4);
	if (type == 2)
		memcpy(fake_cfg + pos + 16, &extra, 4);
	if (pos == 0x40)
		fake_cfg[PCI_CAP_PTR] = 0x40;
	else
		fake_cfg[pos - 0x18 + 1] = (uint8_t)pos; /* link from the previous one */
	next_cap += 0x18;
}

static struct pci_dev pd;
static struct virtio_dev vd;

/* common fields the tests set up as the "device" */
static void set16(unsigned off, uint16_t v) { memcpy(bar + COMMON + off, &v, 2); }
static void set32(unsigned off, uint32_t v) { memcpy(bar + COMMON + off, &v, 4); }

static int setup(void **state)
{
	(void)state;
	memset(fake_cfg, 0, sizeof(fake_cfg));
	bar = aligned_alloc(4096, BAR_SIZE);
	memset(bar, 0, BAR_SIZE);
	memset(&pd, 0, sizeof(pd));
	pd.vendor = VIRTIO_PCI_VENDOR;
	pd.device = 0x1044;
	pd.bar[4] = (struct pci_bar){ (uint64_t)(uintptr_t)bar, BAR_SIZE, false, false, false };
	fake_cfg[PCI_STATUS] = PCI_STATUS_CAP_LIST;
	next_cap = 0x40;
	dma_init_pool(DMA_MODE_DIRECT, NULL, 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(bar);
	return 0;
}

static void good_caps(void)
{
	add_cap(1, 4, COMMON, 0x38, 0);
	add_cap(3, 4, ISR, 1, 0);
	add_cap(4, 4, DEVCFG, 0x10, 0);
	add_cap(2, 4, NOTIFY, 0x1000, 4);
}

static void offer(uint32_t hi) /* features 63:32 as the device reads them */
{
	set32(4, hi); /* device_feature: the fake ignores the select register */
}

static void attaches_and_negotiates(void **state)
{
	(void)state;
	good_caps();
	offer(0x3); /* bits 32, 33 (and 0, 1 in the low word) */
	set16(18, 1);  /* num_queues */
	set16(24, 8);  /* queue_size */
	set16(30, 2);  /* queue_notify_off */
	assert_int_equal(virtio_pci_attach(&pd, &vd), 0);
	assert_int_equal(vd.type, VIRTIO_ID_RNG);
	assert_int_equal(vd.notify_mult, 4);
	assert_int_equal(virtio_negotiate(&vd, 0), 0);
	assert_true(vd.features & VIRTIO_BIT(VIRTIO_F_ACCESS_PLATFORM));
	assert_int_equal(virtio_queue_setup(&vd, 0, 8), 0);
	assert_int_equal(vd.vq_notify[0], (uintptr_t)bar + NOTIFY + 8);
	assert_int_equal(bar[COMMON + 28], 1); /* queue_enable */
	assert_int_equal(pci_cfg_read(&pd, PCI_COMMAND, 2),
			 PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	kfree(vd.vq[0]);
	page_free(vd.vq_ring[0], 1);
}

static void legacy_only_refused(void **state)
{
	(void)state;
	pd.device = 0x1005;
	fake_cfg[PCI_STATUS] = 0; /* no capabilities at all */
	assert_int_equal(virtio_pci_attach(&pd, &vd), -1);
	assert_int_equal(pci_cfg_read(&pd, PCI_COMMAND, 2), 0); /* never enabled */
}

static void common_cap_outside_bar(void **state)
{
	(void)state;
	add_cap(1, 4, BAR_SIZE - 0x20, 0x38, 0);
	add_cap(3, 4, ISR, 1, 0);
	add_cap(2, 4, NOTIFY, 0x1000, 4);
	assert_int_equal(virtio_pci_attach(&pd, &vd), -1);
}

static void cap_length_wraps(void **state)
{
	(void)state;
	add_cap(1, 4, COMMON, 0x38, 0);
	add_cap(3, 4, 0x10, 0xfffffff8u, 0); /* offset + length wraps 32 bits */
	add_cap(2, 4, NOTIFY, 0x1000, 4);
	assert_int_equal(virtio_pci_attach(&pd, &vd), -1);
}

static void cap_names_bad_bar(void **state)
{
	(void)state;
	add_cap(1, 7, COMMON, 0x38, 0); /* no BAR 7 */
	assert_int_equal(virtio_pci_attach(&pd, &vd), -1);
	teardown(state);
	setup(state);
	add_cap(1, 2, COMMON, 0x38, 0); /* BAR 2 not assigned */
	assert_int_equal(virtio_pci_attach(&pd, &vd), -1);
}

static void common_cap_too_short(void **state)
{
	(void)state;
	add_cap(1, 4, COMMON, 0x20, 0);
	add_cap(3, 4, ISR, 1, 0);
	add_cap(2, 4, NOTIFY, 0x1000, 4);
	assert_int_equal(virtio_pci_attach(&pd, &vd), -1);
}

static void bad_notify_multiplier(void **state)
{
	(void)state;
	add_cap(1, 4, COMMON, 0x38, 0);
	add_cap(3, 4, ISR, 1, 0);
	add_cap(2, 4, NOTIFY, 0x1000, 3);
	assert_int_equal(virtio_pci_attach(&pd, &vd), -1);
}

static void no_access_platform(void **state)
{
	(void)state;
	good_caps();
	offer(0x1); /* VERSION_1 only: iommu_platform=off */
	assert_int_equal(virtio_pci_attach(&pd, &vd), 0);
	assert_int_equal(virtio_negotiate(&vd, 0), -1);
	assert_true(vd.broken);
	assert_non_null(strstr(vd.why, "ACCESS_PLATFORM"));
	assert_int_equal(bar[COMMON + 20], VIRTIO_STATUS_FAILED);
	assert_false(pci_cfg_read(&pd, PCI_COMMAND, 2) & PCI_COMMAND_MASTER);
}

static void no_version_1(void **state)
{
	(void)state;
	good_caps();
	offer(0x2);
	assert_int_equal(virtio_pci_attach(&pd, &vd), 0);
	assert_int_equal(virtio_negotiate(&vd, 0), -1);
	assert_non_null(strstr(vd.why, "VERSION_1"));
}

static void queue_parameters_checked(void **state)
{
	(void)state;
	good_caps();
	offer(0x3);
	set16(18, 1);
	set16(24, 8);
	set16(30, 0x400); /* 0x400 * 4 beyond the 0x1000-byte notify region */
	assert_int_equal(virtio_pci_attach(&pd, &vd), 0);
	assert_int_equal(virtio_negotiate(&vd, 0), 0);
	assert_int_equal(virtio_queue_setup(&vd, 0, 8), -1);
	assert_true(vd.broken);
}

static void queue_missing_or_busy(void **state)
{
	(void)state;
	good_caps();
	offer(0x3);
	set16(18, 1);
	assert_int_equal(virtio_pci_attach(&pd, &vd), 0);
	assert_int_equal(virtio_queue_setup(&vd, 1, 8), -1); /* only one queue */
	teardown(state);
	setup(state);
	good_caps();
	set16(18, 1);
	set16(24, 8);
	set16(28, 1); /* already enabled */
	assert_int_equal(virtio_pci_attach(&pd, &vd), 0);
	assert_int_equal(virtio_queue_setup(&vd, 0, 8), -1);
}

static void config_read_bounded(void **state)
{
	uint64_t cap = 0;
	uint8_t b;
	(void)state;
	good_caps();
	memcpy(bar + DEVCFG, &(uint64_t){ 0x1122334455667788ull }, 8);
	assert_int_equal(virtio_pci_attach(&pd, &vd), 0);
	assert_int_equal(virtio_config_read(&vd, 0, &cap, 8), 0);
	assert_int_equal(cap, 0x1122334455667788ull);
	assert_int_equal(virtio_config_read(&vd, 0x10, &b, 1), -1); /* past the 0x10 bytes */
	assert_int_equal(virtio_config_read(&vd, 0xc, &cap, 8), -1);
	assert_int_equal(virtio_config_read(&vd, 0xffffffffu, &b, 1), -1);
}

/* A vendor capability whose next pointer leads back to itself: the walk
 * must end with a refusal (regression: fuzz_virtio_pci hung here). */
static void vendor_cap_self_loop(void **state)
{
	(void)state;
	good_caps();
	fake_cfg[0x40 + 3 * 0x18 + 1] = 0x40 + 3 * 0x18; /* the notify cap points to itself */
	assert_int_equal(virtio_pci_attach(&pd, &vd), -1);
	assert_int_equal(pci_cfg_read(&pd, PCI_COMMAND, 2), 0); /* never enabled */
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(attaches_and_negotiates), T(legacy_only_refused), T(common_cap_outside_bar),
		T(cap_length_wraps), T(cap_names_bad_bar), T(common_cap_too_short),
		T(bad_notify_multiplier), T(no_access_platform), T(no_version_1),
		T(queue_parameters_checked), T(queue_missing_or_busy), T(config_read_bounded),
		T(vendor_cap_self_loop),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
