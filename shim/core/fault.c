/* Hostile-host mode (issue 10): `shim.fault=<name>` on the kernel command line
 * (the host tree's /chosen/bootargs, which the guest also sees) makes the shim
 * lie to the guest in one named way, so the harness can check that the guest
 * notices each lie and stops cleanly or degrades correctly. Names are listed
 * per arch in tests/qemu/configs.py (HOSTILE_HOST). Without the option the
 * shim behaves normally; nothing here trusts the option's contents. */
#include <string.h>

#include <libfdt.h>
#include <shim/shim.h>

#define FAULT_NAME_MAX 32

static char fault_name[FAULT_NAME_MAX];

void shim_fault_init(const void *host_fdt)
{
	static const char key[] = "shim.fault=";
	int chosen = fdt_path_offset(host_fdt, "/chosen"), len;
	const char *p = chosen >= 0 ? fdt_getprop(host_fdt, chosen, "bootargs", &len) : NULL;
	const char *t;
	size_t n = 0;

	if (!p || len <= 0 || p[len - 1])
		return;
	for (t = p; (t = strstr(t, key)) != NULL; t++)
		if (t == p || t[-1] == ' ')
			break;
	if (!t)
		return;
	t += sizeof(key) - 1;
	while (t[n] && t[n] != ' ' && n < FAULT_NAME_MAX - 1)
		n++;
	memcpy(fault_name, t, n);
	fault_name[n] = 0;
	if (n)
		shim_printf("hostile-host mode: fault '%s' injected\n", fault_name);
	shim_fault_smash();
}

bool shim_fault(const char *name)
{
	return fault_name[0] && !strcmp(fault_name, name);
}

const char *shim_fault_active(void)
{
	return fault_name[0] ? fault_name : NULL;
}
