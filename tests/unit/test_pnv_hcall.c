/* Host tests of the powernv shim's hcall and RTAS dispatchers
 * (shim/arch/ppc64/hcall.c, rtas.c), its ELF loader (elf_load.c) and the
 * guest-memory accessor (guest_mem.c), with hostile arguments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <libfdt.h>

#include <cocoon/fdt_check.h>

#include "pnv_host_stubs.h"

#define RTAS_BUF 0x4000

static int setup(void **state)
{
	(void)state;
	pnv_test_setup();
	return 0;
}

static long hcall(struct pnv_frame *f, uint64_t op, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4)
{
	memset(f, 0, sizeof(*f));
	f->gpr[3] = op, f->gpr[4] = a1, f->gpr[5] = a2, f->gpr[6] = a3, f->gpr[7] = a4;
	hcall_dispatch(f);
	return (long)f->gpr[3];
}

static void unknown_and_console(void **state)
{
	struct pnv_frame f;
	(void)state;

	assert_int_equal(hcall(&f, 0x0, 0, 0, 0, 0), H_FUNCTION);
	assert_int_equal(hcall(&f, 0xf1fc, 0, 0, 0, 0), H_FUNCTION); /* no such ultracall */
	assert_int_equal(hcall(&f, 0xf104, 0, 0, 0, 0), U_PERMISSION); /* UV_WRITE_PATE: the HV's */
	assert_int_equal(hcall(&f, ~0ull, 0, 0, 0, 0), H_FUNCTION);
	/* "Hi there" in r6, most significant byte first */
	assert_int_equal(hcall(&f, H_PUT_TERM_CHAR, 0, 8, 0x4869207468657265ull, 0), H_SUCCESS);
	assert_string_equal(console_out, "Hi there");
	assert_int_equal(hcall(&f, H_PUT_TERM_CHAR, 0, 17, 0, 0), H_PARAMETER);
	assert_int_equal(hcall(&f, H_PUT_TERM_CHAR, 0, ~0ull, 0, 0), H_PARAMETER);
	assert_int_equal(hcall(&f, H_PUT_TERM_CHAR, 1, 1, 0, 0), H_PARAMETER);
	assert_int_equal(console_len, 8);
	assert_int_equal(hcall(&f, H_GET_TERM_CHAR, 0, 0, 0, 0), H_SUCCESS);
	assert_int_equal(f.gpr[4], 0);
	assert_int_equal(hcall(&f, H_GET_TERM_CHAR, 7, 0, 0, 0), H_PARAMETER);

	/* from the partition's problem state: H_PRIVILEGE, nothing done */
	memset(&f, 0, sizeof(f));
	f.srr1 = 1ull << 14;
	f.gpr[3] = H_PUT_TERM_CHAR, f.gpr[5] = 1, f.gpr[6] = 0x4100000000000000ull;
	hcall_dispatch(&f);
	assert_int_equal((long)f.gpr[3], H_PRIVILEGE);
	assert_int_equal(console_len, 8);
}

static void set_mode_and_cede(void **state)
{
	struct pnv_frame f;
	(void)state;

	assert_int_equal(hcall(&f, H_SET_MODE, 1, 2, 0, 0), H_P2);
	assert_int_equal(hcall(&f, H_SET_MODE, 0, 3, 0, 0), H_SUCCESS); /* AIL 0: as it is */
	assert_int_equal(hcall(&f, H_SET_MODE, 3, 3, 0, 0), H_UNSUPPORTED_FLAG);
	assert_int_equal(hcall(&f, H_SET_MODE, 0, 3, 1, 0), H_P3);
	assert_int_equal(hcall(&f, H_SET_MODE, 1, 4, 1, 0), H_P3);
	assert_int_equal(hcall(&f, H_SET_MODE, 1, 4, 0, 1), H_P4);
	assert_int_equal(hcall(&f, H_SET_MODE, 2, 4, 0, 0), H_UNSUPPORTED_FLAG);
	assert_int_equal(ile_state, -1);
	assert_int_equal(hcall(&f, H_SET_MODE, 1, 4, 0, 0), H_SUCCESS);
	assert_int_equal(ile_state, 1);
	assert_int_equal(hcall(&f, H_SET_MODE, 0, 4, 0, 0), H_SUCCESS);
	assert_int_equal(ile_state, 0);
	assert_int_equal(hcall(&f, H_CEDE, 0, 0, 0, 0), H_SUCCESS);
	assert_true(f.srr1 & PNV_MSR_EE);
	assert_int_equal(cedes, 1);
}

static void page_init_prod_random(void **state)
{
	struct pnv_frame f;
	const uint64_t zero = 1ull << 15, copy = 1ull << 14, isync = 1ull << 22;
	(void)state;

	memset(guest_ram + 0x2000, 0xab, 4096);
	assert_int_equal(hcall(&f, H_PAGE_INIT, copy | isync, 0x5000, 0x2000, 0), H_SUCCESS);
	assert_int_equal(guest_ram[0x5000], 0xab);
	assert_int_equal(guest_ram[0x5fff], 0xab);
	assert_int_equal(guest_ram[0x6000], 0);
	assert_int_equal(hcall(&f, H_PAGE_INIT, zero, 0x5000, 0, 0), H_SUCCESS);
	assert_int_equal(guest_ram[0x5fff], 0);
	/* misaligned, outside memory, unknown flags, bad source */
	assert_int_equal(hcall(&f, H_PAGE_INIT, zero, 0x5008, 0, 0), H_PARAMETER);
	assert_int_equal(hcall(&f, H_PAGE_INIT, zero, GUEST_RAM, 0, 0), H_PARAMETER);
	assert_int_equal(hcall(&f, H_PAGE_INIT, zero, ~0ull & ~4095ull, 0, 0), H_PARAMETER);
	assert_int_equal(hcall(&f, H_PAGE_INIT, 1, 0x5000, 0, 0), H_PARAMETER);
	assert_int_equal(hcall(&f, H_PAGE_INIT, copy, 0x5000, GUEST_RAM, 0), H_PARAMETER);
	assert_int_equal(hcall(&f, H_PAGE_INIT, copy, 0x5000, 0x2001, 0), H_PARAMETER);

	assert_int_equal(hcall(&f, H_PROD, 0, 0, 0, 0), H_SUCCESS);
	assert_int_equal(hcall(&f, H_PROD, 1, 0, 0, 0), H_PARAMETER);

	next_random = 0x1122334455667788ull;
	assert_int_equal(hcall(&f, H_RANDOM, 0, 0, 0, 0), H_SUCCESS);
	assert_int_equal(f.gpr[4], 0x1122334455667788ull);
	next_random = ~0ull; /* the generator failing */
	assert_int_equal(hcall(&f, H_RANDOM, 0, 0, 0, 0), H_HARDWARE);
}

/* XICS, one server, IPI only: presentation follows CPPR and MFRR */
static void xics_ipi(void **state)
{
	struct pnv_frame f;
	(void)state;

	assert_false(xics_pending());
	assert_int_equal(hcall(&f, H_IPI, 0, 5, 0, 0), H_SUCCESS);
	assert_false(xics_pending()); /* CPPR 0 at boot masks everything */
	assert_int_equal(hcall(&f, H_CPPR, 0xff, 0, 0, 0), H_SUCCESS);
	assert_true(xics_pending());
	assert_int_equal(hcall(&f, H_IPOLL, 0, 0, 0, 0), H_SUCCESS);
	assert_int_equal(f.gpr[4], 0xff000002);
	assert_int_equal(f.gpr[5], 5);
	assert_true(xics_pending()); /* polling does not accept */
	assert_int_equal(hcall(&f, H_XIRR, 0, 0, 0, 0), H_SUCCESS);
	assert_int_equal(f.gpr[4], 0xff000002);
	assert_false(xics_pending());
	assert_int_equal(hcall(&f, H_IPOLL, 0, 0, 0, 0), H_SUCCESS);
	assert_int_equal(f.gpr[4], 0x05000000); /* CPPR raised to the IPI's priority */
	/* EOI with MFRR still set: presented again; clearing MFRR first: not */
	assert_int_equal(hcall(&f, H_EOI, 0xff000002, 0, 0, 0), H_SUCCESS);
	assert_true(xics_pending());
	assert_int_equal(hcall(&f, H_XIRR_X, 0, 0, 0, 0), H_SUCCESS);
	assert_int_equal(f.gpr[4], 0xff000002);
	assert_int_equal(f.gpr[5], 0x123456789ull);
	assert_int_equal(hcall(&f, H_IPI, 0, 0xff, 0, 0), H_SUCCESS);
	assert_int_equal(hcall(&f, H_EOI, 0xff000002, 0, 0, 0), H_SUCCESS);
	assert_false(xics_pending());
	/* a CPPR below the pending priority withdraws it */
	assert_int_equal(hcall(&f, H_IPI, 0, 7, 0, 0), H_SUCCESS);
	assert_true(xics_pending());
	assert_int_equal(hcall(&f, H_CPPR, 6, 0, 0, 0), H_SUCCESS);
	assert_false(xics_pending());
	assert_int_equal(hcall(&f, H_CPPR, 0xff, 0, 0, 0), H_SUCCESS);
	assert_true(xics_pending());
	/* hostile: other servers, out-of-range values, unknown sources */
	assert_int_equal(hcall(&f, H_IPI, 1, 5, 0, 0), H_PARAMETER);
	assert_int_equal(hcall(&f, H_IPI, 0, 0x100, 0, 0), H_PARAMETER);
	assert_int_equal(hcall(&f, H_IPOLL, ~0ull, 0, 0, 0), H_PARAMETER);
	assert_int_equal(hcall(&f, H_CPPR, 0x1ff, 0, 0, 0), H_PARAMETER);
	assert_int_equal(hcall(&f, H_EOI, 0xff001234, 0, 0, 0), H_PARAMETER);
	assert_int_equal(hcall(&f, H_EOI, 1ull << 40, 0, 0, 0), H_PARAMETER);
	/* only processor 0 has a presentation controller */
	memset(&f, 0, sizeof(f));
	f.vcpu = 1;
	f.gpr[3] = H_XIRR;
	hcall_dispatch(&f);
	assert_int_equal((long)f.gpr[3], H_FUNCTION);
}

static long h5(struct pnv_frame *f, uint64_t op, uint64_t a1, uint64_t a2, uint64_t a3,
	       uint64_t a4, uint64_t a5)
{
	memset(f, 0, sizeof(*f));
	f->gpr[3] = op, f->gpr[4] = a1, f->gpr[5] = a2, f->gpr[6] = a3, f->gpr[7] = a4,
	f->gpr[8] = a5;
	hcall_dispatch(f);
	return (long)f->gpr[3];
}

#define SET_EISN (1ull << 1)
#define ESB_STORE 1ull

/* XIVE: dead until CAS chose it; routing, queue entries with the
 * generation bit across a wrap, PQ transitions, the TIMA OS ring */
static void xive_exploitation(void **state)
{
	struct pnv_frame f;
	uint8_t b[2];
	(void)state;

	assert_int_equal(h5(&f, H_INT_GET_SOURCE_INFO, 0, 0, 0, 0, 0), H_FUNCTION);
	xive_set_enabled(true);
	assert_int_equal(h5(&f, H_INT_GET_SOURCE_INFO, 0, 0, 0, 0, 0), H_SUCCESS);
	assert_int_equal(f.gpr[4], 1ull << 3); /* H_INT_ESB */
	assert_int_equal(h5(&f, H_IPI, 0, 5, 0, 0, 0), H_FUNCTION); /* XICS gone */
	/* queue: 4 KiB at 0x8000 for processor 1, priority 3; source 4 -> it */
	assert_int_equal(h5(&f, H_INT_SET_QUEUE_CONFIG, 0, 1, 3, 0x8000, 12), H_SUCCESS);
	assert_int_equal(h5(&f, H_INT_SET_SOURCE_CONFIG, SET_EISN, 4, 1, 3, 0x42), H_SUCCESS);
	assert_int_equal(h5(&f, H_INT_GET_SOURCE_CONFIG, 0, 4, 0, 0, 0), H_SUCCESS);
	assert_int_equal(f.gpr[4], 1);
	assert_int_equal(f.gpr[5], 3);
	assert_int_equal(f.gpr[6], 0x42);
	/* off until PQ 00: a trigger is dropped */
	assert_int_equal(h5(&f, H_INT_ESB, ESB_STORE, 4, 0, 0, 0), H_SUCCESS);
	assert_int_equal(get_be32(0x8000), 0);
	assert_int_equal(h5(&f, H_INT_ESB, 0, 4, 0xc00, 0, 0), H_SUCCESS);
	assert_int_equal(f.gpr[4], 1); /* old PQ: off */
	/* 1024 entries: fill the queue, the 1025th wraps with generation 0 */
	for (int i = 0; i < 1025; i++) {
		assert_int_equal(h5(&f, H_INT_ESB, ESB_STORE, 4, 0, 0, 0), H_SUCCESS);
		assert_int_equal(h5(&f, H_INT_ESB, 0, 4, 0, 0, 0), H_SUCCESS); /* load EOI */
		assert_int_equal(f.gpr[4], 0);
	}
	assert_int_equal(get_be32(0x8000), 0x00000042); /* overwritten after the wrap, gen 0 */
	assert_int_equal(get_be32(0x8004), 0x80000042);
	assert_int_equal(get_be32(0x8ffc), 0x80000042);
	assert_false(xive_pending(0));
	assert_false(xive_pending(1)); /* the ring starts with CPPR 0: everything held */
	b[0] = 0xff;
	assert_int_equal(xive_tima_ops.write(NULL, 1, 0x11, b, 1), 0); /* CPPR 0xff */
	assert_true(xive_pending(1));
	assert_false(xive_pending(0));
	kicks = 0;
	/* trigger twice: PQ 11, EOI re-notifies (returns 1) */
	assert_int_equal(h5(&f, H_INT_ESB, ESB_STORE, 4, 0, 0, 0), H_SUCCESS);
	assert_int_equal(h5(&f, H_INT_ESB, ESB_STORE, 4, 0, 0, 0), H_SUCCESS);
	assert_int_equal(h5(&f, H_INT_ESB, 0, 4, 0x800, 0, 0), H_SUCCESS);
	assert_int_equal(f.gpr[4], 3);
	assert_int_equal(h5(&f, H_INT_ESB, 0, 4, 0, 0, 0), H_SUCCESS);
	assert_int_equal(f.gpr[4], 1);
	assert_int_equal(kicks, 2); /* processor 1 told each time it had something */
	/* TIMA of processor 1: acknowledge takes priority 3 */
	assert_int_equal(xive_tima_ops.read(NULL, 1, 0x810, b, 2), 0);
	assert_int_equal(b[0], 0x80);
	assert_int_equal(b[1], 3);
	assert_false(xive_pending(1));
	b[0] = 0xff;
	assert_int_equal(xive_tima_ops.write(NULL, 1, 0x11, b, 1), 0); /* CPPR */
	assert_int_equal(xive_tima_ops.write(NULL, 1, 0x12, b, 1), -1); /* IPB: not writable */
	assert_int_equal(xive_tima_ops.read(NULL, 1, 0x820, b, 2), -1); /* other special ops */
	assert_int_equal(xive_tima_ops.read(NULL, 7, 0x810, b, 2), -1);  /* no such processor */
	/* hostile arguments, in the order the specification checks them */
	assert_int_equal(h5(&f, H_INT_SET_QUEUE_CONFIG, 2, 0, 3, 0x8000, 12), H_PARAMETER);
	assert_int_equal(h5(&f, H_INT_SET_QUEUE_CONFIG, 0, 5, 3, 0x8000, 12), H_P2);
	assert_int_equal(h5(&f, H_INT_SET_QUEUE_CONFIG, 0, 0, 7, 0x8000, 12), H_P3);
	assert_int_equal(h5(&f, H_INT_SET_QUEUE_CONFIG, 0, 0, 3, 0x8800, 12), H_P4);
	assert_int_equal(h5(&f, H_INT_SET_QUEUE_CONFIG, 0, 0, 3, GUEST_RAM - 4096 * 16, 24), H_P4);
	assert_int_equal(h5(&f, H_INT_SET_QUEUE_CONFIG, 0, 0, 3, ~0ull << 12, 12), H_P4);
	assert_int_equal(h5(&f, H_INT_SET_QUEUE_CONFIG, 0, 0, 3, 0x8000, 13), H_P5);
	assert_int_equal(h5(&f, H_INT_SET_SOURCE_CONFIG, 4, 4, 1, 3, 0), H_PARAMETER);
	assert_int_equal(h5(&f, H_INT_SET_SOURCE_CONFIG, 0, 16, 1, 3, 0), H_P2);
	assert_int_equal(h5(&f, H_INT_SET_SOURCE_CONFIG, 0, 4, 9, 3, 0), H_P3);
	assert_int_equal(h5(&f, H_INT_SET_SOURCE_CONFIG, 0, 4, 1, 7, 0), H_P4);
	assert_int_equal(h5(&f, H_INT_SET_SOURCE_CONFIG, SET_EISN, 4, 1, 3, 1ull << 31), H_P5);
	assert_int_equal(h5(&f, H_INT_ESB, 2, 4, 0, 0, 0), H_PARAMETER);
	assert_int_equal(h5(&f, H_INT_ESB, 0, ~0ull, 0, 0, 0), H_P2);
	assert_int_equal(h5(&f, H_INT_ESB, 0, 4, 0x1000, 0, 0), H_P3);
	assert_int_equal(h5(&f, H_INT_ESB, ESB_STORE, 4, 0x400, 0, 0), H_P3); /* no store EOI */
	assert_int_equal(h5(&f, H_INT_SET_OS_REPORTING_LINE, 0, 0, 0, 0, 0), H_FUNCTION);
	assert_int_equal(h5(&f, H_INT_RESET, 1, 0, 0, 0, 0), H_PARAMETER);
	assert_int_equal(h5(&f, H_INT_RESET, 0, 0, 0, 0, 0), H_SUCCESS);
	assert_int_equal(h5(&f, H_INT_GET_QUEUE_CONFIG, 0, 1, 3, 0, 0), H_SUCCESS);
	assert_int_equal(f.gpr[5], 0); /* reset: no queue */
	xive_set_enabled(false);
}

/* The device tree the guest gets: structurally valid, with the PHB */
static void tree_is_sound(void **state)
{
	void *fdt = of_client_tree();

	const char *why = NULL;
	(void)state;

	/* the guest's own validator (kernel/fdt_check.c) accepts it */
	assert_int_equal(fdt_validate(fdt, fdt_totalsize(fdt), &why), 0);
	assert_true(fdt_path_offset(fdt, "/pci@800000020000000/rng@1") >= 0);
	assert_true(fdt_path_offset(fdt, "/pci@800000020000000/disk@2") >= 0);
	assert_true(fdt_path_offset(fdt, "/cpus/PowerPC,POWER9@1") >= 0);
}

/* virtio-rng through its BAR registers: the device refuses rings outside
 * guest memory, unoffered features, and a looping descriptor chain */
static void virtio_rng_device(void **state)
{
	uint8_t b[8];
	(void)state;

#define W(off, val, n) do { uint64_t v_ = (val); memcpy(b, &v_, 8); \
	assert_int_equal(virtio_write(&virtio_rng, off, b, n), 0); } while (0)
#define R8(off) (virtio_read(&virtio_rng, off, b, 1), b[0])
	W(0x14, 3, 1);
	W(0x08, 0, 4);
	W(0x0c, 1, 4); /* a feature in word 0 that was not offered */
	W(0x08, 1, 4);
	W(0x0c, 1, 4);
	W(0x14, 3 | 8, 1);
	assert_false(R8(0x14) & 8); /* FEATURES_OK refused */
	W(0x08, 0, 4);
	W(0x0c, 0, 4);
	W(0x14, 3 | 8, 1);
	assert_true(R8(0x14) & 8);
	/* rings: used ring outside guest memory -> the queue does not enable */
	W(0x18, 4, 2);
	W(0x20, 0x1000, 8);
	W(0x28, 0x2000, 8);
	W(0x30, GUEST_RAM, 8);
	W(0x1c, 1, 2);
	virtio_read(&virtio_rng, 0x1c, b, 2);
	assert_int_equal(b[0], 0);
	W(0x30, 0x3000, 8);
	W(0x1c, 1, 2);
	virtio_read(&virtio_rng, 0x1c, b, 2);
	assert_int_equal(b[0], 1);
	W(0x14, 3 | 8 | 4, 1);
	/* a chain that loops: desc 0 -> 1 -> 0 */
	memset(guest_ram + 0x1000, 0, 64);
	guest_ram[0x1000 + 12] = 1 | 2, guest_ram[0x1000 + 14] = 1;   /* NEXT|WRITE, next 1 */
	guest_ram[0x1000 + 16 + 12] = 1 | 2, guest_ram[0x1000 + 16 + 14] = 0;
	guest_ram[0x1000 + 8] = 8, guest_ram[0x1000 + 16 + 8] = 8;    /* 8 bytes each at 0 */
	guest_ram[0x2000 + 2] = 1;                                    /* avail idx 1, ring[0] = 0 */
	W(VIRTIO_NOTIFY_OFF, 0, 2);
	assert_true(R8(0x14) & 0x40); /* DEVICE_NEEDS_RESET */
	assert_int_equal(guest_ram[0x3000 + 2], 0); /* nothing used */
	assert_non_null(strstr(shim_log, "loops"));
	W(0x14, 0, 1);
	assert_int_equal(R8(0x14), 0);
#undef W
#undef R8
}

/* virtio-blk requests straight to the device: bounds and malformed chains */
static void virtio_blk_device(void **state)
{
	static uint8_t disk[4096];
	struct virtio_desc v[3];
	uint8_t hdr[16] = { 0 };
	(void)state;

	virtio_blk_attach(disk, sizeof(disk)); /* 8 sectors */
	memset(disk, 0x5a, sizeof(disk));
	hdr[0] = 0; /* IN */
	hdr[8] = 7; /* last sector */
	memcpy(guest_ram + 0x1000, hdr, 16);
	v[0] = (struct virtio_desc){ 0x1000, 16, false };
	v[1] = (struct virtio_desc){ 0x2000, 512, true };
	v[2] = (struct virtio_desc){ 0x3000, 1, true };
	assert_int_equal(virtio_blk.serve(&virtio_blk, v, 3), 513);
	assert_int_equal(guest_ram[0x3000], 0);
	assert_int_equal(guest_ram[0x21ff], 0x5a);
	v[1].len = 1024; /* runs past the end */
	assert_int_equal(virtio_blk.serve(&virtio_blk, v, 3), 1);
	assert_int_equal(guest_ram[0x3000], 1); /* IOERR */
	hdr[8] = 0xff, hdr[15] = 0xff; /* absurd sector: no overflow */
	memcpy(guest_ram + 0x1000, hdr, 16);
	v[1].len = 512;
	virtio_blk.serve(&virtio_blk, v, 3);
	assert_int_equal(guest_ram[0x3000], 1);
	/* malformed: no status, header writable, data in the wrong direction */
	assert_int_equal(virtio_blk.serve(&virtio_blk, v, 1), -1);
	v[0].write = true;
	assert_int_equal(virtio_blk.serve(&virtio_blk, v, 3), -1);
	v[0].write = false;
	hdr[8] = 0, hdr[15] = 0, hdr[0] = 1; /* OUT with a device-writable buffer */
	memcpy(guest_ram + 0x1000, hdr, 16);
	assert_int_equal(virtio_blk.serve(&virtio_blk, v, 3), -1);
	virtio_blk_attach(NULL, 0);
}

static void rtas_args(uint32_t token, uint32_t nargs, uint32_t nret)
{
	put_be32(RTAS_BUF, token);
	put_be32(RTAS_BUF + 4, nargs);
	put_be32(RTAS_BUF + 8, nret);
	for (uint32_t i = 0; i < nargs + nret && i < 16; i++)
		put_be32(RTAS_BUF + 12 + 4 * i, 0x77777777);
}

static void rtas_dispatch(void **state)
{
	struct pnv_frame f;
	(void)state;

	rtas_args(RTAS_TOKEN_POWER_OFF, 2, 1);
	assert_int_equal(hcall(&f, KVMPPC_H_RTAS, RTAS_BUF, 0, 0, 0), H_SUCCESS);
	assert_int_equal(power_offs, 1);
	assert_int_equal((int32_t)get_be32(RTAS_BUF + 20), -1); /* the stub returned: failure */
	rtas_args(RTAS_TOKEN_POWER_OFF, 1, 1); /* wrong argument count */
	assert_int_equal(hcall(&f, KVMPPC_H_RTAS, RTAS_BUF, 0, 0, 0), H_SUCCESS);
	assert_int_equal((int32_t)get_be32(RTAS_BUF + 16), -3);
	assert_int_equal(power_offs, 1);
	rtas_args(0xdead, 0, 1); /* unknown token */
	assert_int_equal(hcall(&f, KVMPPC_H_RTAS, RTAS_BUF, 0, 0, 0), H_SUCCESS);
	assert_int_equal((int32_t)get_be32(RTAS_BUF + 12), -3);
	rtas_args(RTAS_TOKEN_SYSTEM_REBOOT, 0, 1);
	assert_int_equal(hcall(&f, KVMPPC_H_RTAS, RTAS_BUF, 0, 0, 0), H_SUCCESS);
	assert_int_equal(reboots, 1);
	/* hostile buffers: outside, straddling the end, wrapping, absurd counts, no status cell */
	assert_int_equal(hcall(&f, KVMPPC_H_RTAS, GUEST_RAM, 0, 0, 0), H_PARAMETER);
	assert_int_equal(hcall(&f, KVMPPC_H_RTAS, GUEST_RAM - 8, 0, 0, 0), H_PARAMETER);
	assert_int_equal(hcall(&f, KVMPPC_H_RTAS, ~0ull - 3, 0, 0, 0), H_PARAMETER);
	rtas_args(RTAS_TOKEN_POWER_OFF, 0xffffffff, 1);
	assert_int_equal(hcall(&f, KVMPPC_H_RTAS, RTAS_BUF, 0, 0, 0), H_PARAMETER);
	rtas_args(RTAS_TOKEN_POWER_OFF, 2, 0);
	assert_int_equal(hcall(&f, KVMPPC_H_RTAS, RTAS_BUF, 0, 0, 0), H_PARAMETER);
	memcpy(guest_ram + GUEST_RAM - 12, guest_ram + RTAS_BUF, 12); /* header fits, cells do not */
	rtas_args(RTAS_TOKEN_POWER_OFF, 2, 1);
	memcpy(guest_ram + GUEST_RAM - 12, guest_ram + RTAS_BUF, 12);
	assert_int_equal(hcall(&f, KVMPPC_H_RTAS, GUEST_RAM - 12, 0, 0, 0), H_PARAMETER);
	assert_int_equal(power_offs, 1);
	/* processors: query, start (once), stop-self refused on processor 0 */
	rtas_args(RTAS_TOKEN_QUERY_CPU_STOPPED_STATE, 1, 2);
	put_be32(RTAS_BUF + 12, 1);
	assert_int_equal(hcall(&f, KVMPPC_H_RTAS, RTAS_BUF, 0, 0, 0), H_SUCCESS);
	assert_int_equal(get_be32(RTAS_BUF + 16), 0);
	assert_int_equal(get_be32(RTAS_BUF + 20), 0); /* stopped */
	put_be32(RTAS_BUF + 12, 9);
	assert_int_equal(hcall(&f, KVMPPC_H_RTAS, RTAS_BUF, 0, 0, 0), H_SUCCESS);
	assert_int_equal((int32_t)get_be32(RTAS_BUF + 16), -3);
	rtas_args(RTAS_TOKEN_START_CPU, 3, 1);
	put_be32(RTAS_BUF + 12, 1);
	put_be32(RTAS_BUF + 16, 0x8000);
	put_be32(RTAS_BUF + 20, 0x1234);
	assert_int_equal(hcall(&f, KVMPPC_H_RTAS, RTAS_BUF, 0, 0, 0), H_SUCCESS);
	assert_int_equal(get_be32(RTAS_BUF + 24), 0);
	assert_int_equal(cpu1_entry, 0x8000);
	assert_int_equal(cpu1_r3, 0x1234);
	assert_int_equal(hcall(&f, KVMPPC_H_RTAS, RTAS_BUF, 0, 0, 0), H_SUCCESS); /* running already */
	assert_int_equal((int32_t)get_be32(RTAS_BUF + 24), -3);
	rtas_args(RTAS_TOKEN_STOP_SELF, 0, 1);
	assert_int_equal(hcall(&f, KVMPPC_H_RTAS, RTAS_BUF, 0, 0, 0), H_SUCCESS);
	assert_int_equal((int32_t)get_be32(RTAS_BUF + 12), -1);
	/* the OF client hcall with a hostile pointer */
	assert_int_equal(hcall(&f, KVMPPC_H_VOF_CLIENT, ~0ull, 0, 0, 0), H_PARAMETER);
}

static void guest_mem_bounds(void **state)
{
	char s[8];
	uint8_t b[4];
	(void)state;

	assert_true(gmem_ok(0, GUEST_RAM));
	assert_true(gmem_ok(GUEST_RAM, 0));
	assert_false(gmem_ok(GUEST_RAM, 1));
	assert_false(gmem_ok(1, GUEST_RAM));
	assert_false(gmem_ok(~0ull, 2));
	assert_false(gmem_ok(16, ~0ull - 8));
	assert_int_equal(gmem_read(GUEST_RAM - 2, b, 4), -1);
	assert_int_equal(gmem_write(~0ull, b, 1), -1);
	memcpy(guest_ram + 0x100, "abcdefghij", 11);
	assert_int_equal(gmem_read_str(0x100, s, sizeof(s)), -1); /* too long */
	assert_int_equal(s[7], 0);
	memcpy(guest_ram + GUEST_RAM - 3, "abc", 3); /* runs off the end */
	assert_int_equal(gmem_read_str(GUEST_RAM - 3, s, sizeof(s)), -1);
	assert_int_equal(gmem_read_str(0x105, s, sizeof(s)), 5);
	assert_string_equal(s, "fghij");
}

/* A minimal ELF-64 LE ppc64 image: header, one program header, 16 bytes */
static uint8_t elf[256];

static void make_elf(void)
{
	memset(elf, 0, sizeof(elf));
	memcpy(elf, "\177ELF", 4);
	elf[4] = 2, elf[5] = 1, elf[6] = 1;
	elf[16] = 3;  /* ET_DYN */
	elf[18] = 21; /* EM_PPC64 */
	elf[32] = 64; /* e_phoff */
	elf[54] = 56; /* e_phentsize */
	elf[56] = 1;  /* e_phnum */
	elf[64] = 1;  /* PT_LOAD */
	elf[64 + 8] = 128;  /* p_offset */
	elf[64 + 24] = 0x10; /* p_paddr (within the 0x0fffffff mask) */
	elf[64 + 32] = 16;  /* p_filesz */
	elf[64 + 40] = 32;  /* p_memsz */
	memcpy(elf + 128, "0123456789abcdef", 16);
}

static void elf_loader(void **state)
{
	const char *why;
	uint64_t end = 0;
	(void)state;

	make_elf();
	memset(guest_ram + 0x1010, 0xff, 64);
	assert_int_equal(elf_load(elf, sizeof(elf), 0x1000, &end, &why), 0);
	assert_memory_equal(guest_ram + 0x1010, "0123456789abcdef", 16);
	assert_int_equal(guest_ram[0x1020], 0);       /* memsz beyond filesz zeroed */
	assert_int_equal(guest_ram[0x1030], 0xff);    /* and no further */
	assert_int_equal(end, 0x1030);

	assert_int_equal(elf_load(elf, 63, 0x1000, &end, &why), -1);
	elf[18] = 20; /* EM_PPC */
	assert_int_equal(elf_load(elf, sizeof(elf), 0x1000, &end, &why), -1);
	make_elf();
	elf[5] = 2; /* big-endian */
	assert_int_equal(elf_load(elf, sizeof(elf), 0x1000, &end, &why), -1);
	make_elf();
	elf[56] = 0xff, elf[57] = 0xff; /* 65535 program headers */
	assert_int_equal(elf_load(elf, sizeof(elf), 0x1000, &end, &why), -1);
	make_elf();
	elf[32] = 250; /* program headers past the end */
	assert_int_equal(elf_load(elf, sizeof(elf), 0x1000, &end, &why), -1);
	make_elf();
	memset(elf + 64 + 8, 0xff, 8); /* p_offset wraps */
	assert_int_equal(elf_load(elf, sizeof(elf), 0x1000, &end, &why), -1);
	assert_non_null(strstr(why, "outside the image"));
	make_elf();
	elf[64 + 32] = 64; /* filesz > memsz */
	assert_int_equal(elf_load(elf, sizeof(elf), 0x1000, &end, &why), -1);
	make_elf();
	elf[64 + 43] = 0x10; /* memsz 2^44: beyond guest memory */
	assert_int_equal(elf_load(elf, sizeof(elf), 0x1000, &end, &why), -1);
	assert_non_null(strstr(why, "guest memory"));
	make_elf();
	assert_int_equal(elf_load(elf, sizeof(elf), GUEST_RAM - 0x18, &end, &why), -1);
	make_elf();
	elf[64] = 4; /* PT_NOTE only */
	assert_int_equal(elf_load(elf, sizeof(elf), 0x1000, &end, &why), -1);
	assert_non_null(strstr(why, "no loadable"));
}

static void put_be64(uint64_t gpa, uint64_t v)
{
	put_be32(gpa, (uint32_t)(v >> 32));
	put_be32(gpa + 4, (uint32_t)v);
}

/* H_REGISTER_PROC_TBL: every argument checked, the PATE only changed by a
 * good call; then the walk mmio.c uses on a small guest radix tree */
static void register_proc_tbl(void **state)
{
	struct pnv_frame f;
	const uint64_t reg = 0x10 | 0x08 | 0x04; /* MODIFY | REGISTER | RADIX */
	uint64_t gra = 0;
	(void)state;

	proc_tbl_reset();
	stub_proc_tbl_dw1 = 0xdead;
	assert_int_equal(hcall(&f, H_REGISTER_PROC_TBL, reg | 0x20, 0x8000, 0, 0), H_PARAMETER);
	assert_int_equal(hcall(&f, H_REGISTER_PROC_TBL, 0x18, 0x8000, 0, 0), H_PARAMETER); /* hash */
	assert_int_equal(hcall(&f, H_REGISTER_PROC_TBL, reg | 1, 0x8000, 0, 0), H_PARAMETER); /* GTSE */
	assert_int_equal(hcall(&f, H_REGISTER_PROC_TBL, reg | 2, 0x8000, 0, 0), H_PARAMETER);
	assert_int_equal(hcall(&f, H_REGISTER_PROC_TBL, reg, 0x8008, 0, 0), H_P2);
	assert_int_equal(hcall(&f, H_REGISTER_PROC_TBL, reg, 0x9000, 0, 1), H_P2); /* not size-aligned */
	assert_int_equal(hcall(&f, H_REGISTER_PROC_TBL, reg, GUEST_RAM, 0, 0), H_P2);
	assert_int_equal(hcall(&f, H_REGISTER_PROC_TBL, reg, GUEST_RAM - 0x1000, 0, 1), H_P2);
	assert_int_equal(hcall(&f, H_REGISTER_PROC_TBL, reg, ~0xfffull, 0, 0), H_P2);
	assert_int_equal(hcall(&f, H_REGISTER_PROC_TBL, reg, 0x8000, 1, 0), H_P3);
	assert_int_equal(hcall(&f, H_REGISTER_PROC_TBL, reg, 0x8000, 0, 25), H_P4);
	assert_int_equal(hcall(&f, H_REGISTER_PROC_TBL, reg, 0x8000, 0, ~0ull), H_P4);
	assert_int_equal(stub_proc_tbl_dw1, 0xdead);
	assert_int_equal(proc_tbl_translate(0x200000, true, &gra), -1); /* nothing registered */

	/* table at 0x8000 -> root 0x10000 -> L1 0x20000 -> L2 0x21000; EA 2..4 MiB is a
	 * 2 MiB R+X leaf at 6 MiB, 4..6 MiB an RW one at 8 MiB */
	memset(guest_ram + 0x8000, 0, 0x1a000);
	put_be64(0x8000, 2ull << 61 | 0x10000 | 5ull << 5 | 13);
	put_be64(0x10000, 1ull << 63 | 0x20000 | 9);
	put_be64(0x20000, 1ull << 63 | 0x21000 | 9);
	put_be64(0x21000 + 8, 3ull << 62 | 0x600000 | 0x180 | 0x8 | 0x4 | 0x1);
	put_be64(0x21000 + 16, 3ull << 62 | 0x800000 | 0x180 | 0x8 | 0x4 | 0x2);
	assert_int_equal(hcall(&f, H_REGISTER_PROC_TBL, reg, 0x8000, 0, 0), H_SUCCESS);
	assert_int_equal(stub_proc_tbl_dw1, 1ull << 63 | 0x8000);
	assert_int_equal(hcall(&f, H_REGISTER_PROC_TBL, 0x04, 0, 0, 0), H_SUCCESS); /* keep: radix */
	assert_int_equal(hcall(&f, H_REGISTER_PROC_TBL, 0, 0, 0, 0), H_PARAMETER);
	assert_int_equal(proc_tbl_translate(0x200123, true, &gra), 0);
	assert_int_equal(gra, 0x600123);
	assert_int_equal(proc_tbl_translate(0xc000000000200124ull, true, &gra), 0); /* quadrant 3 */
	assert_int_equal(gra, 0x600124);
	assert_int_equal(proc_tbl_translate(0x400010, false, &gra), 0);
	assert_int_equal(gra, 0x800010);
	assert_int_equal(proc_tbl_translate(0x400010, true, &gra), -1); /* not executable */
	assert_int_equal(proc_tbl_translate(0x600000, false, &gra), -1); /* no entry */
	assert_int_equal(proc_tbl_translate(0x4000000000200000ull, true, &gra), -1); /* quadrant 1 */
	assert_int_equal(proc_tbl_translate(0x0010000000200000ull, true, &gra), -1); /* EA bit 11 */
	stub_guest_pid = 256; /* past the 256-entry table */
	assert_int_equal(proc_tbl_translate(0x200000, true, &gra), -1);
	stub_guest_pid = 0;
	/* a root pointing outside guest memory, a loop of PDEs: bounded, refused */
	put_be64(0x10000, 1ull << 63 | 0x7ffffffff000ull | 9);
	assert_int_equal(proc_tbl_translate(0x200000, true, &gra), -1);
	put_be64(0x10000, 1ull << 63 | 0x20000 | 9);
	put_be64(0x21000 + 8, 1ull << 63 | 0x21000 | 9);
	assert_int_equal(proc_tbl_translate(0x200000, true, &gra), -1);
	put_be64(0x8000, 2ull << 61 | 0x10000 | 4ull << 5 | 13); /* 51-bit tree */
	assert_int_equal(proc_tbl_translate(0x200000, true, &gra), -1);

	assert_int_equal(hcall(&f, H_REGISTER_PROC_TBL, 0x10, 0, 0, 0), H_SUCCESS); /* deregister */
	assert_int_equal(stub_proc_tbl_dw1, 0);
	assert_int_equal(proc_tbl_translate(0x200000, true, &gra), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(unknown_and_console, setup),
		cmocka_unit_test_setup(set_mode_and_cede, setup),
		cmocka_unit_test_setup(page_init_prod_random, setup),
		cmocka_unit_test_setup(xics_ipi, setup),
		cmocka_unit_test_setup(xive_exploitation, setup),
		cmocka_unit_test_setup(tree_is_sound, setup),
		cmocka_unit_test_setup(virtio_rng_device, setup),
		cmocka_unit_test_setup(virtio_blk_device, setup),
		cmocka_unit_test_setup(rtas_dispatch, setup),
		cmocka_unit_test_setup(guest_mem_bounds, setup),
		cmocka_unit_test_setup(elf_loader, setup),
		cmocka_unit_test_setup(register_proc_tbl, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
