/* The irq core (see irq.h): a small handler table, the claim/handle/EOI
 * loop, and forwarding to the active back end. Arch-neutral. */
#include <stddef.h>
#include <string.h>

#include <cocoon/kernel.h>

#include "irq.h"

#define IRQ_SLOTS 32
#define CLAIMS_PER_DISPATCH 64 /* a controller that never runs dry cannot livelock us */

struct irq_slot {
	bool used;
	unsigned hwirq;
	irq_handler_fn fn;
	void *arg;
	unsigned long count;
};

static const struct irq_chip *chip;
static struct irq_slot slots[IRQ_SLOTS];
static struct irq_stats stats;

int irq_chip_register(const struct irq_chip *c)
{
	if (!c || !c->claim || !c->eoi || !c->route || !c->mask || !c->unmask)
		return -1;
	chip = c;
	memset(slots, 0, sizeof(slots));
	memset(&stats, 0, sizeof(stats));
	return 0;
}

const struct irq_chip *irq_chip_active(void)
{
	return chip;
}

const char *irq_chip_name(void)
{
	return chip ? chip->name : "none";
}

static struct irq_slot *find(unsigned hwirq)
{
	for (size_t i = 0; i < IRQ_SLOTS; i++)
		if (slots[i].used && slots[i].hwirq == hwirq)
			return &slots[i];
	return NULL;
}

int irq_register(unsigned hwirq, irq_handler_fn fn, void *arg)
{
	struct irq_slot *s = NULL;

	if (!chip || !fn || find(hwirq))
		return -1;
	for (size_t i = 0; i < IRQ_SLOTS && !s; i++)
		if (!slots[i].used)
			s = &slots[i];
	if (!s)
		return -1;
	if (chip->route(hwirq))
		return -1;
	*s = (struct irq_slot){ .used = true, .hwirq = hwirq, .fn = fn, .arg = arg };
	if (chip->unmask(hwirq)) {
		s->used = false;
		return -1;
	}
	return 0;
}

int irq_unregister(unsigned hwirq)
{
	struct irq_slot *s = find(hwirq);

	if (!s)
		return -1;
	chip->mask(hwirq);
	s->used = false;
	return 0;
}

int irq_mask(unsigned hwirq)
{
	return chip ? chip->mask(hwirq) : -1;
}

int irq_unmask(unsigned hwirq)
{
	return chip ? chip->unmask(hwirq) : -1;
}

int irq_eoi(unsigned hwirq)
{
	return chip ? chip->eoi(hwirq) : -1;
}

int irq_send_ipi(unsigned cpu)
{
	return chip && chip->send_ipi ? chip->send_ipi(cpu) : -1;
}

int irq_ipi_hwirq(unsigned cpu)
{
	return chip && chip->ipi_hwirq ? chip->ipi_hwirq(cpu) : -1;
}

int irq_trigger(unsigned hwirq)
{
	return chip && chip->trigger ? chip->trigger(hwirq) : -1;
}

int irq_cpu_init(unsigned cpu, uint32_t hwid)
{
	return chip && chip->cpu_init ? chip->cpu_init(cpu, hwid) : -1;
}

unsigned long irq_count(unsigned hwirq)
{
	struct irq_slot *s = find(hwirq);

	return s ? s->count : 0;
}

void irq_dispatch(void)
{
	int n = 0, hwirq;

	stats.dispatches++;
	if (!chip)
		return;
	while (n < CLAIMS_PER_DISPATCH && (hwirq = chip->claim()) != IRQ_NONE) {
		struct irq_slot *s = find((unsigned)hwirq);

		n++;
		if (!s) {
			/* nobody asked for it: complete it so it cannot block the priority */
			stats.unknown++;
			chip->eoi((unsigned)hwirq);
			continue;
		}
		s->count++;
		stats.handled++;
		if (s->fn((unsigned)hwirq, s->arg) == IRQ_EOI)
			chip->eoi((unsigned)hwirq);
	}
	if (n == CLAIMS_PER_DISPATCH)
		stats.truncated++;
	if (n == 0)
		stats.spurious++;
	if (chip->claim_done)
		chip->claim_done();
}

void irq_get_stats(struct irq_stats *out)
{
	*out = stats;
}
