/* Fuzz target: untrusted ibm,arch-vec-5-platform-support and
 * ibm,architecture-vec-5 bytes through the CAS parsers and the decision;
 * the first input byte picks the policy. A built vector must always fit. */
#include <stdint.h>
#include <string.h>

#include "../../kernel/arch/ppc64/cas_vector.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cas_platform plat;
	struct cas_policy pol = { 0 };
	struct cas_choice req, got;
	const char *why, *note;
	uint8_t vec[CAS_VECTOR_MAX];
	size_t split;

	if (size < 1)
		return 0;
	pol.xive_allowed = data[0] & 1;
	pol.svm = data[0] & 2;
	pol.svm_can_share = data[0] & 4;
	split = size > 1 ? data[1] % size : 0;
	data++, size--;
	if (split > size)
		split = size;
	cas_parse_platform_support(data, split, &plat, &why);
	cas_decide(&plat, &pol, &req, &note);
	if (req.xive && (!plat.xive || !pol.xive_allowed))
		__builtin_trap(); /* XIVE asked for without offer or permission */
	if (!cas_build_vector(vec, sizeof(vec), &req, 64, "fuzz"))
		__builtin_trap();
	if (cas_parse_vec5(data + split, size - split, &got, &why) == 0)
		for (unsigned n = 0; n < 300; n++)
			(void)cas_vec5_byte(data + split, size - split, n);
	return 0;
}
