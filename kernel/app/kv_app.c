/* APP=kv: the key-value appliance on the console. Reads request lines,
 * answers each with one line, powers off on QUIT. Over-long lines are
 * answered with an error and skipped to their end, never overflow. */
#include <cocoon/arch.h>
#include <cocoon/kernel.h>
#include <cocoon/kv.h>
#include <cocoon/timer.h>

static struct kv_store store;

int kv_app_run(void)
{
	static char line[KV_LINE_MAX], reply[KV_LINE_MAX + 16];
	size_t len = 0;
	bool overlong = false;

	kv_init(&store);
	if (arch_console_read(line, 0) < 0) {
		kprintf("kv: this platform has no console input\n");
		return 1;
	}
	kprintf("kv: ready (PUT/GET/DEL/COUNT/QUIT, one request per line)\n");
	for (;;) {
		char c;
		int n = arch_console_read(&c, 1);

		if (n <= 0) {
			udelay(200); /* polled: the console has no interrupt wired yet */
			continue;
		}
		if (c != '\n') {
			if (len < sizeof(line))
				line[len++] = c;
			else
				overlong = true;
			continue;
		}
		if (overlong) {
			kprintf("ERR line too long\n");
		} else {
			bool quit = kv_handle_line(&store, line, len, reply, sizeof(reply));
			kprintf("%s\n", reply);
			if (quit)
				break;
		}
		len = 0;
		overlong = false;
	}
	kv_clear(&store);
	return 0;
}
