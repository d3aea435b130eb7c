/* Host tests of the key-value appliance: store semantics and the protocol,
 * including hostile requests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <cocoon/kv.h>

extern long host_live_allocations;
static struct kv_store kv;
static char out[KV_LINE_MAX + 32];

static const char *req(const char *line)
{
	kv_handle_line(&kv, line, strlen(line), out, sizeof(out));
	return out;
}

static int setup(void **state)
{
	(void)state;
	kv_init(&kv);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	kv_clear(&kv);
	assert_int_equal(host_live_allocations, 0);
	return 0;
}

static void put_get_del(void **state)
{
	(void)state;
	assert_string_equal(req("PUT k1 hello world"), "OK");
	assert_string_equal(req("GET k1"), "VALUE hello world");
	assert_string_equal(req("PUT k1 again"), "OK");
	assert_string_equal(req("GET k1"), "VALUE again");
	assert_string_equal(req("COUNT"), "COUNT 1");
	assert_string_equal(req("PUT empty"), "OK");
	assert_string_equal(req("GET empty"), "VALUE ");
	assert_string_equal(req("DEL k1"), "OK");
	assert_string_equal(req("GET k1"), "NOT_FOUND");
	assert_string_equal(req("DEL k1"), "NOT_FOUND");
	assert_string_equal(req("COUNT"), "COUNT 1");
	assert_string_equal(req("PUT crlf yes\r"), "OK");
	assert_string_equal(req("GET crlf"), "VALUE yes");
}

static void hostile_requests(void **state)
{
	char big[KV_VALUE_MAX + 20];
	(void)state;
	assert_string_equal(req(""), "ERR unknown command");
	assert_string_equal(req("FROB x"), "ERR unknown command");
	assert_string_equal(req("PUTX a b"), "ERR unknown command");
	assert_string_equal(req("GET"), "ERR bad key");
	assert_string_equal(req("PUT a/b c"), "ERR bad key");
	assert_string_equal(req("PUT a \x01"), "ERR bad value");
	memset(big, 'k', sizeof(big));
	big[sizeof(big) - 1] = '\0';
	memcpy(big, "GET ", 4);
	assert_string_equal(req(big), "ERR bad key"); /* key longer than KV_KEY_MAX */
	memcpy(big, "PUT v ", 6);
	assert_string_equal(req(big), "ERR bad value"); /* value longer than KV_VALUE_MAX */
	{
		const char nul[] = "PUT a b\0c";
		kv_handle_line(&kv, nul, sizeof(nul) - 1, out, sizeof(out));
		assert_string_equal(out, "ERR NUL byte in request");
	}
	assert_true(kv_handle_line(&kv, "QUIT", 4, out, sizeof(out)));
	assert_string_equal(out, "BYE");
}

static void full_store(void **state)
{
	char line[64];
	(void)state;
	for (int i = 0; i < KV_ENTRIES_MAX; i++) {
		snprintf(line, sizeof(line), "PUT key%d v", i);
		assert_string_equal(req(line), "OK");
	}
	assert_string_equal(req("PUT one.more v"), "ERR store full");
	assert_string_equal(req("PUT key7 replaced"), "OK"); /* replacing still works */
	assert_string_equal(req("DEL key0"), "OK");
	assert_string_equal(req("PUT one.more v"), "OK");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(put_get_del, setup, teardown),
		cmocka_unit_test_setup_teardown(hostile_requests, setup, teardown),
		cmocka_unit_test_setup_teardown(full_store, setup, teardown),
	};
	return cmocka_run_group_tests_name("kv", tests, NULL, NULL);
}
