/* Guest RAM bookkeeping: the single range the guest owns, and the checks the
 * shim applies to every guest-supplied address before keeping or using it. */
#include <shim/shim.h>

static struct guest_ram ram;

void guest_ram_set(uint64_t ipa_base, uint64_t size, uint64_t pa_base)
{
	ram.ipa_base = ipa_base;
	ram.size = size;
	ram.pa_base = pa_base;
}

const struct guest_ram *guest_ram_get(void)
{
	return &ram;
}

bool guest_ipa_range_ok(uint64_t ipa, uint64_t len)
{
	uint64_t off;

	if (ipa < ram.ipa_base)
		return false;
	off = ipa - ram.ipa_base;
	if (off >= ram.size)
		return false;
	return len <= ram.size - off;
}

uint64_t guest_ipa_to_pa(uint64_t ipa)
{
	return ipa - ram.ipa_base + ram.pa_base;
}
