/* Shared by the host test and the fuzz target of the virtio modern PCI
 * transport (tests/unit/test_virtio_pci.c, tests/fuzz/fuzz_virtio_pci.c):
 * the kernel services around drivers/virtio/virtio_pci.c, and a fake PCI
 * function whose 256-byte config space is fake_cfg. */
#ifndef VIRTIO_HOST_STUBS_H
#define VIRTIO_HOST_STUBS_H

#include <stdint.h>

extern uint8_t fake_cfg[256];

#endif
