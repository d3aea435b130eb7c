/* Shared between drivers/pci files only. */
#ifndef DRIVERS_PCI_INTERNAL_H
#define DRIVERS_PCI_INTERNAL_H

#include <cocoon/pci.h>

int pci_ecam_hosts(const void *fdt, struct pci_host *hosts, int max);

#endif
