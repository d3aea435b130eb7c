/* Host tests of the shim's ultravisor model (shim/arch/ppc64/uv.c): the
 * per-page state machine, the ultracall error codes, and the guard on the
 * hypervisor half's guest-memory accessor. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "pnv_host_stubs.h"

#define IMAGE 0x10000
#define IMAGE_LEN 0x3000
#define FDT 0x20000
#define PAGES (GUEST_RAM >> 12)

static int setup(void **state)
{
	(void)state;
	pnv_test_setup();
	memset(guest_ram + IMAGE, 0x42, IMAGE_LEN);
	uv_set_image(IMAGE, IMAGE_LEN);
	return 0;
}

static long ucall(uint64_t token, uint64_t a1, uint64_t a2)
{
	struct pnv_frame f;

	memset(&f, 0, sizeof(f));
	f.gpr[3] = token, f.gpr[4] = a1, f.gpr[5] = a2;
	hcall_dispatch(&f);
	return (long)f.gpr[3];
}

static void normal_guest(void **state)
{
	uint8_t b[4];
	(void)state;

	assert_false(uv_is_secure());
	assert_int_equal(ucall(UV_SHARE_PAGE, 1, 1), U_INVALID);
	assert_int_equal(ucall(UV_UNSHARE_PAGE, 1, 1), U_INVALID);
	assert_int_equal(ucall(UV_UNSHARE_ALL_PAGES, 0, 0), U_INVALID);
	/* a normal guest's memory is open to the hypervisor half */
	assert_int_equal(gmem_read(0x5000, b, 4), 0);
	assert_int_equal(uv_violations(), 0);
}

static void esm(void **state)
{
	(void)state;
	assert_int_equal(ucall(UV_ESM, IMAGE + 0x1000, FDT), U_PARAMETER); /* not the image */
	assert_int_equal(ucall(UV_ESM, IMAGE, GUEST_RAM), U_P2);          /* fdt outside */
	assert_false(uv_is_secure());
	assert_int_equal(ucall(UV_ESM, IMAGE, FDT), U_SUCCESS);
	assert_true(uv_is_secure());
	assert_non_null(strstr(shim_log, "measurement fnv1a64"));
	assert_int_equal(ucall(UV_ESM, IMAGE, FDT), U_PERMISSION); /* twice */
	assert_true(uv_is_secure());
}

static void share_unshare(void **state)
{
	uint8_t b[8];
	(void)state;

	assert_int_equal(ucall(UV_ESM, IMAGE, FDT), U_SUCCESS);
	guest_ram[0x5000] = 0x77; /* a secret in a private page */
	uv_set_actor("test-device");
	assert_int_equal(gmem_read(0x5000, b, 1), -1);
	assert_int_equal(uv_violations(), 1);
	assert_non_null(strstr(shim_log, "protection violation: test-device access to private page 0x5000"));
	/* errors: gfn outside, count zero or overflowing, unshare never shared */
	assert_int_equal(ucall(UV_SHARE_PAGE, PAGES, 1), U_PARAMETER);
	assert_int_equal(ucall(UV_SHARE_PAGE, 5, 0), U_P2);
	assert_int_equal(ucall(UV_SHARE_PAGE, 5, PAGES), U_P2);
	assert_int_equal(ucall(UV_SHARE_PAGE, 5, ~0ull), U_P2);
	assert_int_equal(ucall(UV_UNSHARE_PAGE, 6, 1), U_PARAMETER);
	/* share: zeroed (the secret does not leak), then open to the device */
	assert_int_equal(ucall(UV_SHARE_PAGE, 5, 2), U_SUCCESS);
	assert_int_equal(guest_ram[0x5000], 0);
	guest_ram[0x5001] = 0x99;
	assert_int_equal(gmem_read(0x5000, b, 8), 0);
	assert_int_equal(b[1], 0x99);
	assert_int_equal(gmem_write(0x6ff8, b, 8), 0); /* second shared page */
	assert_int_equal(gmem_write(0x6ffc, b, 8), -1); /* straddles into a private one */
	/* sharing twice is harmless; unshare zeroes and closes */
	assert_int_equal(ucall(UV_SHARE_PAGE, 5, 1), U_SUCCESS);
	assert_int_equal(guest_ram[0x5001], 0x99);
	assert_int_equal(ucall(UV_UNSHARE_PAGE, 5, 1), U_SUCCESS);
	assert_int_equal(guest_ram[0x5001], 0);
	assert_int_equal(gmem_read(0x5000, b, 1), -1);
	assert_int_equal(gmem_read(0x6000, b, 1), 0);
	/* partly never shared: refused as a whole, nothing changes */
	assert_int_equal(ucall(UV_UNSHARE_PAGE, 5, 2), U_PARAMETER);
	assert_int_equal(gmem_read(0x6000, b, 1), 0);
	assert_int_equal(ucall(UV_UNSHARE_ALL_PAGES, 0, 0), U_SUCCESS);
	assert_int_equal(gmem_read(0x6000, b, 1), -1);
}

/* The mode rules (uv.c uv_mode_check, after ultravisor.rst): each call
 * refused from the wrong kind of VM with its documented code, in both
 * directions, and nothing changes when it is. */
static void mode_rules(void **state)
{
	static const uint64_t hv_only[] = { UV_WRITE_PATE, UV_REGISTER_MEM_SLOT,
					    UV_UNREGISTER_MEM_SLOT, UV_PAGE_IN, UV_PAGE_OUT,
					    UV_PAGE_INVAL, UV_SVM_TERMINATE };
	static const uint64_t uv_only[] = { H_SVM_PAGE_IN, H_SVM_PAGE_OUT, H_SVM_INIT_START,
					    H_SVM_INIT_DONE, H_SVM_INIT_ABORT };
	(void)state;

	/* U_* values: asm/ultravisor-api.h (U_PERMISSION = H_PERMISSION) */
	assert_int_equal(U_PERMISSION, -11);
	assert_int_equal(U_INVALID, U_PERMISSION);
	assert_int_equal(U_P2, -55);
	assert_int_equal(H_UNSUPPORTED, -67);
	for (int pass = 0; pass < 2; pass++) { /* normal VM, then secure VM */
		for (size_t i = 0; i < sizeof(hv_only) / sizeof(hv_only[0]); i++)
			assert_int_equal(ucall(hv_only[i], 1, 1), U_PERMISSION);
		assert_int_equal(ucall(UV_RETURN, 0, 0), U_INVALID);
		for (size_t i = 0; i < sizeof(uv_only) / sizeof(uv_only[0]); i++)
			assert_int_equal(ucall(uv_only[i], 0x5000, 0), H_UNSUPPORTED);
		if (!pass) {
			/* a normal VM: the secure VM's calls refused, state unchanged */
			assert_int_equal(ucall(UV_SHARE_PAGE, 5, 1), U_INVALID);
			assert_int_equal(ucall(UV_UNSHARE_PAGE, 5, 1), U_INVALID);
			assert_int_equal(ucall(UV_UNSHARE_ALL_PAGES, 0, 0), U_INVALID);
			assert_non_null(strstr(shim_log, "UV_SHARE_PAGE from a normal VM refused"));
			assert_int_equal(ucall(UV_ESM, IMAGE, FDT), U_SUCCESS);
		} else {
			/* a secure VM: the normal VM's call refused, still secure */
			assert_int_equal(ucall(UV_ESM, IMAGE, FDT), U_PERMISSION);
			assert_non_null(strstr(shim_log, "UV_ESM from a secure VM refused"));
			assert_true(uv_is_secure());
			assert_int_equal(ucall(UV_SHARE_PAGE, 5, 1), U_SUCCESS);
		}
	}
	assert_int_equal(uv_shared_count(), 1);
	/* the same token family, a number nobody defined: H_FUNCTION */
	assert_int_equal(ucall(0xf1fc, 0, 0), H_FUNCTION);
	assert_int_equal(ucall(0xef10, 0, 0), H_FUNCTION);
}

static void devices_fail_visibly(void **state)
{
	struct pnv_frame f;
	(void)state;

	/* RTAS with a private argument buffer: refused, H_PARAMETER */
	assert_int_equal(ucall(UV_ESM, IMAGE, FDT), U_SUCCESS);
	memset(&f, 0, sizeof(f));
	f.gpr[3] = KVMPPC_H_RTAS, f.gpr[4] = 0x8000;
	hcall_dispatch(&f);
	assert_int_equal((long)f.gpr[3], H_PARAMETER);
	assert_non_null(strstr(shim_log, "rtas access to private page 0x8000"));
	/* the MMIO decoder (the ultravisor's side) still reads instructions */
	assert_int_equal(gmem_uv_read(0x8000, &f.gpr[0], 4), 0);
}

static long rtas_at(uint64_t gpa, uint32_t token, uint32_t nargs, uint32_t nret)
{
	struct pnv_frame f;

	put_be32(gpa, token);
	put_be32(gpa + 4, nargs);
	put_be32(gpa + 8, nret);
	memset(&f, 0, sizeof(f));
	f.gpr[3] = KVMPPC_H_RTAS, f.gpr[4] = gpa;
	hcall_dispatch(&f);
	return (long)f.gpr[3];
}

/* Teardown and the end of the partition: what is left shared is counted
 * and named; power-off and system-reboot from a private buffer are read by
 * the ultravisor half (no violation), any other RTAS call is refused. */
static void end_of_partition(void **state)
{
	unsigned long v;
	(void)state;

	assert_int_equal(ucall(UV_ESM, IMAGE, FDT), U_SUCCESS);
	assert_int_equal(uv_shared_count(), 0);
	assert_int_equal(ucall(UV_SHARE_PAGE, 5, 2), U_SUCCESS);
	assert_int_equal(ucall(UV_SHARE_PAGE, 9, 1), U_SUCCESS);
	uv_report_shared("power-off");
	assert_non_null(strstr(shim_log, "3 pages still shared at power-off: 0x5000 0x6000 0x9000\n"));
	assert_int_equal(ucall(UV_UNSHARE_PAGE, 5, 2), U_SUCCESS);
	assert_int_equal(uv_shared_count(), 1);
	assert_int_equal(ucall(UV_UNSHARE_ALL_PAGES, 0, 0), U_SUCCESS);
	assert_int_equal(uv_shared_count(), 0);
	/* a private RTAS buffer at 0x8000 */
	v = uv_violations();
	assert_int_equal(rtas_at(0x8000, RTAS_TOKEN_POWER_OFF, 2, 1), H_HARDWARE); /* stub returns */
	assert_int_equal(power_offs, 1);
	assert_non_null(strstr(shim_log, "0 pages still shared at power-off\n"));
	assert_int_equal(rtas_at(0x8000, RTAS_TOKEN_SYSTEM_REBOOT, 0, 1), H_HARDWARE);
	assert_int_equal(reboots, 1);
	assert_int_equal(uv_violations(), v);
	/* wrong counts, or any other call: the hypervisor half, refused */
	assert_int_equal(rtas_at(0x8000, RTAS_TOKEN_POWER_OFF, 3, 1), H_PARAMETER);
	assert_int_equal(rtas_at(0x8000, RTAS_TOKEN_QUERY_CPU_STOPPED_STATE, 1, 2), H_PARAMETER);
	assert_int_equal(power_offs, 1);
	assert_int_equal(uv_violations(), v + 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(normal_guest, setup),
		cmocka_unit_test_setup(esm, setup),
		cmocka_unit_test_setup(share_unshare, setup),
		cmocka_unit_test_setup(devices_fail_visibly, setup),
		cmocka_unit_test_setup(mode_rules, setup),
		cmocka_unit_test_setup(end_of_partition, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
