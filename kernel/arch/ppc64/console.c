/* Console: the PAPR virtual terminal through H_PUT_TERM_CHAR (LoPAPR, virtual
 * terminal hcalls).
 * Works from the first instruction under SLOF and VOF, needs no setup and no
 * memory access by the hypervisor: up to 16 bytes travel in r6/r7, first
 * byte in the most significant byte of r6. Terminal number 0: QEMU falls back
 * to the default vty (its reg is 0x71000000).
 * The hypervisor is untrusted (issue 10): its answer is H_SUCCESS, H_BUSY or
 * a long-busy hint (retried, a bounded number of times), H_PARAMETER or
 * H_HARDWARE (the bytes are lost), or anything else, which PAPR does not
 * define (the bytes may or may not have gone out: not retried, so nothing is
 * printed twice). Either kind of trouble is reported once, on the console
 * itself, as soon as it takes output again; it never stops the boot. */
#include <cocoon/arch.h>
#include <cocoon/format.h>

#include "ppc64.h"

#define VTY_TERMNO 0
#define BUSY_RETRIES 1000
#define H_HARDWARE (-1)
#define H_PARAMETER (-4)
#define H_LONG_BUSY_FIRST 9900 /* H_LONG_BUSY_ORDER_1_MSEC */
#define H_LONG_BUSY_LAST 9905  /* H_LONG_BUSY_ORDER_100_SEC */

static struct {
	long first_bad;	    /* the first return that lost or may have lost output */
	unsigned dropped;   /* 16-byte chunks given up (busy too long, or a defined failure) */
	unsigned busy_max;  /* the most busy answers one chunk needed */
	bool bad_reported, busy_reported, reporting;
} con;

static bool is_busy(long rc)
{
	return rc == H_BUSY || (rc >= H_LONG_BUSY_FIRST && rc <= H_LONG_BUSY_LAST);
}

/* One chunk of at most 16 bytes: the hypervisor's final answer. */
static long put_chunk(const char *s, size_t len)
{
	uint64_t w[2] = { 0, 0 };
	unsigned busy = 0;
	long rc;

	for (size_t i = 0; i < len; i++)
		w[i / 8] |= (uint64_t)(unsigned char)s[i] << (56 - 8 * (i % 8));
	do
		rc = ppc64_hcall(H_PUT_TERM_CHAR, VTY_TERMNO, len, w[0], w[1]);
	while (is_busy(rc) && ++busy < BUSY_RETRIES);
	if (rc == H_SUCCESS && busy > con.busy_max)
		con.busy_max = busy;
	if (rc != H_SUCCESS && !con.first_bad)
		con.first_bad = rc;
	if (is_busy(rc) || rc == H_PARAMETER || rc == H_HARDWARE)
		con.dropped++;
	return rc;
}

static long put(const char *s, size_t n)
{
	long rc = H_SUCCESS;

	while (n) {
		size_t len = n < 16 ? n : 16;

		rc = put_chunk(s, len);
		s += len;
		n -= len;
	}
	return rc;
}

static size_t slen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/* Say what went wrong, once, through the terminal that just took output
 * (or answered something undefined, which may well have printed it). */
static void report(long last)
{
	char msg[200];

	if (con.reporting || is_busy(last) || last == H_PARAMETER || last == H_HARDWARE)
		return;
	con.reporting = true;
	if (con.first_bad && !con.bad_reported) {
		con.bad_reported = true;
		if (is_busy(con.first_bad))
			fmt_snprintf(msg, sizeof(msg),
				     "\nppc64: console: H_PUT_TERM_CHAR still busy after %u tries: "
				     "%u chunk(s) of output dropped\n",
				     BUSY_RETRIES, con.dropped);
		else if (con.first_bad == H_PARAMETER || con.first_bad == H_HARDWARE)
			fmt_snprintf(msg, sizeof(msg),
				     "\nppc64: console: H_PUT_TERM_CHAR failed with %s: %u chunk(s) "
				     "of output dropped\n",
				     con.first_bad == H_HARDWARE ? "H_HARDWARE" : "H_PARAMETER",
				     con.dropped);
		else
			fmt_snprintf(msg, sizeof(msg),
				     "\nppc64: console: H_PUT_TERM_CHAR returned %ld, not a PAPR "
				     "return code: output may be lost; not retried\n",
				     con.first_bad);
		put(msg, slen(msg));
	}
	if (con.busy_max && !con.busy_reported) {
		con.busy_reported = true;
		fmt_snprintf(msg, sizeof(msg),
			     "\nppc64: console: hypervisor busy: one write needed %u retries (bound "
			     "%u)\n",
			     con.busy_max, BUSY_RETRIES);
		put(msg, slen(msg));
	}
	con.reporting = false;
}

void arch_console_write(const char *s, size_t n)
{
	long last = put(s, n);

	if ((con.first_bad && !con.bad_reported) || (con.busy_max && !con.busy_reported))
		report(last);
}
