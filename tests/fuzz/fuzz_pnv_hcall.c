/* Fuzz target: a hostile guest against the powernv shim's dispatchers. The
 * input becomes the start of guest memory; its first bytes choose the hcall
 * and its arguments (argument arrays then point into the input itself), and
 * the same bytes go through the CAS vector parser, the guest loader (as an
 * ELF image) and the MMIO emulator (as instructions hitting a device). */
#include <stdint.h>
#include <string.h>

#include "../unit/pnv_host_stubs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint64_t opcodes[] = { KVMPPC_H_VOF_CLIENT, KVMPPC_H_RTAS, H_PUT_TERM_CHAR,
				    H_GET_TERM_CHAR, H_SET_MODE, H_PAGE_INIT, H_CEDE, H_PROD,
				    H_RANDOM, 0xf110, H_CPPR, H_EOI, H_IPI, H_IPOLL,
				    H_XIRR, H_XIRR_X, H_INT_GET_SOURCE_INFO,
				    H_INT_SET_SOURCE_CONFIG, H_INT_GET_SOURCE_CONFIG,
				    H_INT_GET_QUEUE_INFO, H_INT_SET_QUEUE_CONFIG,
				    H_INT_GET_QUEUE_CONFIG, H_INT_ESB, H_INT_SYNC, H_INT_RESET };
/* with PCI config access through RTAS reached by KVMPPC_H_RTAS */

static uint8_t dev_regs[64];
static uint8_t fuzz_disk[8192];

static int dev_read(void *ctx, unsigned vcpu, uint64_t off, uint8_t *b, unsigned n)
{
	(void)ctx;
	(void)vcpu;
	memcpy(b, dev_regs + off, n);
	return 0;
}

static int dev_write(void *ctx, unsigned vcpu, uint64_t off, const uint8_t *b, unsigned n)
{
	(void)ctx;
	(void)vcpu;
	memcpy(dev_regs + off, b, n);
	return 0;
}

static const struct mmio_ops dev_ops = { dev_read, dev_write };

static uint64_t take64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	struct pnv_frame f;
	const char *why;
	uint8_t ov5[33];
	uint64_t end;

	if (size < 40)
		return 0;
	if (!ready) {
		pnv_test_setup();
		mmio_register(0x100000000ull, sizeof(dev_regs), &dev_ops, NULL);
		mmio_register(XIVE_TIMA_OS_PAGE, 1ull << XIVE_TIMA_PAGE_SHIFT, &xive_tima_ops, NULL);
		mmio_register(PCI_MMIO_BASE, PCI_MMIO_SIZE, &pci_window_ops, NULL);
		virtio_blk_attach(fuzz_disk, sizeof(fuzz_disk));
		ready = true;
	}
	memset(guest_ram, 0, size < GUEST_RAM ? size + 64 : GUEST_RAM);
	memcpy(guest_ram, data, size < GUEST_RAM ? size : GUEST_RAM);
	memset(&f, 0, sizeof(f));
	f.gpr[3] = opcodes[data[0] % (sizeof(opcodes) / sizeof(opcodes[0]))];
	/* mostly small addresses (inside the input), sometimes anything */
	for (int i = 0; i < 4; i++) {
		uint64_t v = take64(data + 8 + 8 * i);
		f.gpr[4 + i] = (data[1] >> i) & 1 ? v : v % (size + 16);
	}
	hcall_dispatch(&f);
	cas_parse(take64(data + 8) % (size + 16), plat_pvr(), ov5, &why);
	xive_set_enabled(data[1] & 0x80);
	f.gpr[9] = take64(data + 8) % 1024; /* xive: 5th argument */
	memcpy(f.gpr, data, size < sizeof(f.gpr) ? size : sizeof(f.gpr));
	f.hsrr0 = take64(data + 24) % (size + 16);
	f.hsrr1 = data[2] & 0x21; /* LE, IR */
	mmio_emulate(&f, 0x100000000ull + data[3] % 72);
	mmio_emulate(&f, XIVE_TIMA_OS_PAGE + take64(data + 16) % 0x1000);
	mmio_emulate(&f, PCI_MMIO_BASE + take64(data + 16) % 0x4000);
	{ /* the virtio device straight: registers, then a notification */
		uint8_t v[8];
		memcpy(v, data + 32, 8);
		struct virtio_dev *d = data[5] & 1 ? &virtio_blk : &virtio_rng;

		virtio_write(d, take64(data + 24) % 0x40, v, 1u << (data[4] % 4));
		virtio_write(d, VIRTIO_NOTIFY_OFF, (const uint8_t *)"\0\0", 2);
	}
	elf_load(data, size, take64(data + 16) % GUEST_RAM, &end, &why);
	console_len = 0;
	return 0;
}
