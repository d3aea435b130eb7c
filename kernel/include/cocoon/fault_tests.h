/* Deliberate faults requested on the command line (kernel/fault_tests.c):
 * each shows one protection working (stack protector, W^X, stack guards). */
#ifndef COCOON_FAULT_TESTS_H
#define COCOON_FAULT_TESTS_H

/* test.smash, test.wx, test.stack_overflow...: run the one asked for. */
void run_requested_faults(void);

/* Recurse with a 256-byte live buffer per level until the stack runs into
 * its guard page (never returns where a guard exists). */
unsigned long stack_recurse(unsigned long depth);

#endif
