/* APP=kv: the key-value appliance. Served on the first virtio-console when
 * one is present (virtio 1.2 section 5.3), else on the platform console.
 * Reads request lines, answers each with one line, powers off on QUIT.
 * Over-long lines are answered with an error and skipped to their end,
 * never overflow. Values live in private memory (kmalloc); in bounce DMA
 * mode the only memory a request or reply crosses on its way to and from
 * the host is the shared bounce pool, which the console driver checks for
 * every transfer (virtio_console_dma_check). */
#include <string.h>

#include <cocoon/arch.h>
#include <cocoon/dma.h>
#include <cocoon/kernel.h>
#include <cocoon/kv.h>
#include <cocoon/timer.h>
#include <cocoon/virtio.h>

static struct kv_store store;
static struct virtio_console *vcon;

static int io_read(char *c)
{
	return vcon ? virtio_console_read(vcon, c, 1) : arch_console_read(c, 1);
}

static void io_reply(const char *s)
{
	if (!vcon) {
		kprintf("%s\n", s);
		return;
	}
	if (virtio_console_write(vcon, s, (unsigned)strlen(s)) < 0 ||
	    virtio_console_write(vcon, "\n", 1) < 0)
		kprintf("kv: virtio-console write failed\n");
}

/* bounce mode: every transfer must have gone through the shared pool */
static int dma_verdict(void)
{
	unsigned transfers, bad;

	if (!vcon || dma_mode() != DMA_MODE_BOUNCE)
		return 0;
	virtio_console_dma_check(vcon, &transfers, &bad);
	if (bad || !transfers) {
		kprintf("kv: bounce check FAILED: %u of %u transfers outside the shared pool\n", bad,
			transfers);
		return 1;
	}
	kprintf("kv: bounce check: %u transfers, all through the shared pool, none from private "
		"memory\n", transfers);
	return 0;
}

int kv_app_run(void)
{
	static char line[KV_LINE_MAX], reply[KV_LINE_MAX + 16];
	size_t len = 0;
	bool overlong = false;

	kv_init(&store);
	vcon = virtio_console_get();
	if (vcon) {
		kprintf("kv: serving on virtio-console (DMA %s)\n", dma_mode_name());
	} else if (arch_console_read(line, 0) < 0) {
		kprintf("kv: this platform has no console input\n");
		return 1;
	}
	io_reply("kv: ready (PUT/GET/DEL/COUNT/QUIT, one request per line)");
	for (;;) {
		char c;
		int n = io_read(&c);

		if (n < 0) {
			kprintf("kv: console input failed\n");
			kv_clear(&store);
			return 1;
		}
		if (n == 0) {
			udelay(200); /* polled: no interrupt wired for console input */
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
			io_reply("ERR line too long");
		} else {
			bool quit = kv_handle_line(&store, line, len, reply, sizeof(reply));

			io_reply(reply);
			if (quit)
				break;
		}
		len = 0;
		overlong = false;
	}
	kv_clear(&store);
	return dma_verdict();
}
