/* The irq core: one API above every interrupt controller back end (ppc64
 * XIVE exploitation and XICS today), so drivers never know which one is
 * active. Interrupt numbers are the controller's hardware numbers (XIVE
 * LISN / XICS XISR source number), as found in the device tree.
 * The arch's external-interrupt vector calls irq_dispatch() with interrupts
 * off; handlers run there, one at a time. */
#ifndef COCOON_DRIVERS_IRQ_H
#define COCOON_DRIVERS_IRQ_H

#include <stdbool.h>
#include <stdint.h>

/* A handler's answer: let the core EOI now, or EOI later with irq_eoi()
 * (the source stays "in service" until then). */
enum irq_ret { IRQ_EOI, IRQ_DEFER_EOI };
typedef enum irq_ret (*irq_handler_fn)(unsigned hwirq, void *arg);

#define IRQ_NONE (-1)

/* A back end. Every operation returns 0 or a negative error unless noted. */
struct irq_chip {
	const char *name;
	int (*claim)(void);               /* next pending hwirq, or IRQ_NONE */
	void (*claim_done)(void);         /* after the last claim of a dispatch */
	int (*eoi)(unsigned hwirq);
	int (*route)(unsigned hwirq);     /* deliver to this CPU (left masked) */
	int (*mask)(unsigned hwirq);
	int (*unmask)(unsigned hwirq);
	int (*send_ipi)(unsigned cpu);
	int (*ipi_hwirq)(unsigned cpu);   /* hwirq of cpu's IPI, or negative */
	int (*trigger)(unsigned hwirq);   /* software trigger, tests only */
	int (*cpu_init)(unsigned cpu, uint32_t hwid); /* on that CPU, once */
};

struct irq_stats {
	unsigned long dispatches; /* irq_dispatch() calls */
	unsigned long handled;    /* handler invocations */
	unsigned long spurious;   /* dispatches that found nothing pending */
	unsigned long unknown;    /* claims of an interrupt without a handler */
	unsigned long truncated;  /* dispatches stopped at the claim bound */
};

int irq_chip_register(const struct irq_chip *chip);
const struct irq_chip *irq_chip_active(void);
const char *irq_chip_name(void); /* "none" without a back end */

/* Install a handler, route the interrupt to this CPU and unmask it. */
int irq_register(unsigned hwirq, irq_handler_fn fn, void *arg);
int irq_unregister(unsigned hwirq); /* masks it first */
int irq_mask(unsigned hwirq);
int irq_unmask(unsigned hwirq);
int irq_eoi(unsigned hwirq);
int irq_send_ipi(unsigned cpu);
int irq_ipi_hwirq(unsigned cpu);
int irq_trigger(unsigned hwirq);
/* On a secondary CPU, before it enables interrupts: set up its presenter.
 * hwid is the CPU's interrupt server number. */
int irq_cpu_init(unsigned cpu, uint32_t hwid);
unsigned long irq_count(unsigned hwirq); /* handler invocations for hwirq */

/* From the arch's external interrupt entry, interrupts disabled. */
void irq_dispatch(void);
void irq_get_stats(struct irq_stats *out);

#endif
