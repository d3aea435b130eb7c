/* Fuzz target: arbitrary firmware answers through the riscv SBI/FWFT
 * interpretation, and arbitrary instruction words through the misaligned
 * load/store decoder. Invariants the guest relies on are checked: a verdict
 * of "offered" only for a value the spec allows, PMLEN "done" only with a
 * real length >= the one asked for, a decoded access always well-formed. */
#include <stdint.h>
#include <string.h>

#include "../../kernel/arch/riscv/misaligned.h"
#include "../../kernel/arch/riscv/sbi_fwft.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) __builtin_trap(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct {
		uint32_t feature, insn;
		int64_t set_err, get_err, get_val;
		uint8_t tried;
	} in;
	struct sbiret set, get;
	struct rv_memop op;
	enum fwft_verdict v;
	enum pmlen_step step;
	unsigned tried;

	memset(&in, 0, sizeof(in));
	memcpy(&in, data, size < sizeof(in) ? size : sizeof(in));
	/* bias errors into the interesting range most of the time */
	if (in.tried & 0x80) {
		in.set_err = -(in.set_err & 15);
		in.get_err = -(in.get_err & 15);
	}
	set = (struct sbiret){ in.set_err, 0 };
	get = (struct sbiret){ in.get_err, in.get_val };

	v = fwft_classify_get(in.feature, get);
	CHECK(v <= FWFT_BAD_ERROR);
	if (v == FWFT_OFFERED)
		CHECK(in.get_err == 0 && fwft_value_valid(in.feature, (unsigned long)in.get_val));
	CHECK(fwft_verdict_name(v)[0] && fwft_feature_name(in.feature)[0]);
	CHECK(sbi_strerror(in.set_err)[0]);
	CHECK(sbi_error_known(in.set_err) == (in.set_err <= 0 && in.set_err >= -14));

	tried = in.tried & 0x1f;
	step = fwft_pmlen_step(tried, set, get);
	if (step == PMLEN_DONE)
		CHECK(set.error == 0 && get.error == 0 && (unsigned long)get.value >= tried &&
		      fwft_value_valid(FWFT_POINTER_MASKING_PMLEN, (unsigned long)get.value));
	if (step == PMLEN_TRY_NEXT)
		CHECK(set.error == SBI_ERR_INVALID_PARAM);

	if (rv_decode_memop(in.insn, &op)) {
		CHECK(op.len == 2 || op.len == 4);
		CHECK(op.len == ((in.insn & 3) == 3 ? 4 : 2));
		CHECK(op.width == 1 || op.width == 2 || op.width == 4 || op.width == 8);
		CHECK(op.reg < 32 && op.base < 32);
		CHECK(op.imm >= -2048 && op.imm < 2048);
		CHECK(op.store || op.len == 4 || op.reg != 0);
	}
	CHECK(rv_load_extend((uint64_t)in.get_val, 8, true) == (uint64_t)in.get_val);
	return 0;
}
