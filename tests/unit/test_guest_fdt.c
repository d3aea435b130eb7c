/* Host tests of the riscv shim's guest device tree (shim/arch/riscv/
 * guest_fdt.c), built from QEMU's own riscv virt tree (the fuzz corpus):
 * what the guest sees of RAM, harts, ISA, /chosen and the passed-through
 * devices, and that bad host trees or small buffers fail cleanly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <libfdt.h>

#include "../../shim/arch/riscv/guest_fdt.h"

static char host[65536], out[65536];
static struct vm vm;

static int setup(void **state)
{
	FILE *f = fopen("tests/fuzz/corpus/fdt/qemu-riscv64-virt.dtb", "rb");
	(void)state;
	if (!f)
		return -1;
	size_t n = fread(host, 1, sizeof(host), f);
	fclose(f);
	if (n < 64 || fdt_check_header(host))
		return -1;
	/* writable, with room for the properties the tests add */
	if (fdt_open_into(host, host, sizeof(host)))
		return -1;
	memset(&vm, 0, sizeof(vm));
	vm.nr_vcpus = 1;
	vm.vcpus[0].hartid = 0;
	vm.ram_gpa = 0x80000000;
	vm.ram_size = 126ull << 20;
	vm.henvcfg_writable = 0xe0000003000000f5ull;
	vm.pmlen7 = vm.pmlen16 = true;
	return 0;
}

static bool has_ext(const void *fdt, const char *ext)
{
	int cpu = fdt_path_offset(fdt, "/cpus/cpu@0"), len;
	const char *p = fdt_getprop(fdt, cpu, "riscv,isa-extensions", &len);

	assert_non_null(p);
	for (const char *e = p; e < p + len; e += strlen(e) + 1)
		if (!strcmp(e, ext))
			return true;
	return false;
}

static void build_ok(void)
{
	char err[96] = "";
	int rc = guest_fdt_build(host, out, sizeof(out), &vm, err, sizeof(err));
	if (rc)
		fail_msg("guest_fdt_build: %s", err);
	assert_int_equal(fdt_check_header(out), 0);
	assert_true(fdt_totalsize(out) <= sizeof(out));
}

static void layout(void **state)
{
	int len, node;
	const void *reg;
	uint64_t cells[2];
	(void)state;
	fdt_setprop_string(host, fdt_path_offset(host, "/chosen"), "bootargs", "ktest=sbi quiet");
	build_ok();
	node = fdt_path_offset(out, "/memory@80000000");
	assert_true(node >= 0);
	reg = fdt_getprop(out, node, "reg", &len);
	assert_int_equal(len, 16);
	memcpy(cells, reg, sizeof(cells)); /* property data is only 4-byte aligned */
	assert_int_equal(fdt64_to_cpu(cells[0]), 0x80000000);
	assert_int_equal(fdt64_to_cpu(cells[1]), 126ull << 20);
	assert_string_equal(fdt_getprop(out, fdt_path_offset(out, "/chosen"), "bootargs", NULL),
			    "ktest=sbi quiet");
	assert_true(fdt_path_offset(out, "/cpus/cpu@0/interrupt-controller") >= 0);
	assert_non_null(fdt_getprop(out, fdt_path_offset(out, "/cpus"), "timebase-frequency", NULL));
	/* passed through, without interrupt wiring to a PLIC the guest lacks */
	node = fdt_path_offset(out, "/soc/serial@10000000");
	assert_true(node >= 0);
	assert_null(fdt_getprop(out, node, "interrupt-parent", NULL));
	node = fdt_path_offset(out, "/soc/pci@30000000");
	assert_true(node >= 0);
	assert_non_null(fdt_getprop(out, node, "ranges", NULL));
	assert_null(fdt_getprop(out, node, "interrupt-map", NULL));
	/* nothing else of the host's */
	assert_true(fdt_path_offset(out, "/soc/plic@c000000") < 0);
	assert_true(fdt_path_offset(out, "/soc/clint@2000000") < 0);
	assert_true(fdt_path_offset(out, "/fw-cfg@10100000") < 0);
	assert_true(fdt_path_offset(out, "/reserved-memory") < 0);
	assert_int_equal(fdt_num_mem_rsv(out), 0);
}

static void isa(void **state)
{
	(void)state;
	build_ok();
	const char *s = fdt_getprop(out, fdt_path_offset(out, "/cpus/cpu@0"), "riscv,isa", NULL);
	assert_non_null(s);
	assert_true(!strncmp(s, "rv64imafdc", 10));
	const char *u = strchr(s, '_');
	assert_true(!memchr(s, 'h', u ? (size_t)(u - s) : strlen(s))); /* no H for the guest */
	assert_null(strstr(s, "_sha_"));
	assert_false(has_ext(out, "h"));
	assert_false(has_ext(out, "smaia"));
	assert_false(has_ext(out, "ssaia"));
	assert_false(has_ext(out, "smstateen"));
	assert_false(has_ext(out, "shvstvala"));
	assert_true(has_ext(out, "i"));
	assert_true(has_ext(out, "sstc"));
	assert_true(has_ext(out, "zicboz"));
	assert_true(has_ext(out, "svadu"));
	assert_true(has_ext(out, "zicfilp"));  /* LPE writable */
	assert_false(has_ext(out, "zicfiss")); /* SSE is not */
	assert_true(has_ext(out, "smnpm"));    /* in the ISA = hardware has it, off until FWFT */
	assert_true(strstr(s, "_smnpm") != NULL);

	vm.hide_smnpm = true; /* the shim.nosmnpm boot option */
	build_ok();
	assert_false(has_ext(out, "smnpm"));
	assert_false(has_ext(out, "sspm"));
	assert_true(has_ext(out, "ssnpm")); /* U-mode masking via senvcfg stays */
	assert_null(strstr(fdt_getprop(out, fdt_path_offset(out, "/cpus/cpu@0"), "riscv,isa", NULL),
			   "smnpm"));
	vm.hide_smnpm = false;
	vm.henvcfg_writable = 0; /* no Sstc, no PMM: neither appears */
	vm.pmlen7 = vm.pmlen16 = false;
	build_ok();
	assert_false(has_ext(out, "sstc"));
	assert_false(has_ext(out, "smnpm"));
	assert_false(has_ext(out, "zicboz"));
}

static void isa_keep(void **state)
{
	(void)state;
	assert_true(guest_isa_keep("zba", &vm));
	assert_false(guest_isa_keep("h", &vm));
	assert_false(guest_isa_keep("shgatpa", &vm));
	assert_false(guest_isa_keep("smepmp", &vm));
	assert_true(guest_isa_keep("smnpm", &vm));
	vm.pm_quirk = true; /* quirk without the firmware's PMLEN: not usable */
	assert_false(guest_isa_keep("smnpm", &vm));
}

static void hostile(void **state)
{
	char err[96];
	(void)state;
	/* too small for the tree: an error, no overrun (ASan) */
	assert_int_equal(guest_fdt_build(host, out, 512, &vm, err, sizeof(err)), -1);
	/* a hart the host tree does not describe */
	vm.nr_vcpus = 2;
	vm.vcpus[1].hartid = 7;
	assert_int_equal(guest_fdt_build(host, out, sizeof(out), &vm, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "hart 7"));
	vm.nr_vcpus = 1;
	/* ISA strings that are not NUL-terminated or not rv64 */
	int cpu = fdt_path_offset(host, "/cpus/cpu@0");
	fdt_setprop(host, cpu, "riscv,isa-extensions", "imac", 4);
	fdt_setprop(host, cpu, "riscv,isa", "rv32imac", 9);
	assert_int_equal(guest_fdt_build(host, out, sizeof(out), &vm, err, sizeof(err)), -1);
	/* the legacy string alone still works, with odd names dropped */
	fdt_delprop(host, cpu, "riscv,isa-extensions");
	fdt_setprop_string(host, cpu, "riscv,isa", "rv64imach_zba_Z!x_sstc__smaia");
	build_ok();
	assert_string_equal(fdt_getprop(out, fdt_path_offset(out, "/cpus/cpu@0"), "riscv,isa", NULL),
			    "rv64imac_zba_sstc");
	/* no timebase */
	fdt_delprop(host, fdt_path_offset(host, "/cpus"), "timebase-frequency");
	assert_int_equal(guest_fdt_build(host, out, sizeof(out), &vm, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "timebase"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(layout, setup),
		cmocka_unit_test_setup(isa, setup),
		cmocka_unit_test_setup(isa_keep, setup),
		cmocka_unit_test_setup(hostile, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
