/* G-stage (guest physical -> host physical) translation, Sv39x4
 * (privileged spec v1.13 section 18.5.1). */
#ifndef SHIM_RISCV_GSTAGE_H
#define SHIM_RISCV_GSTAGE_H

#include <stdint.h>

#define GSTAGE_R (1ull << 1)
#define GSTAGE_W (1ull << 2)
#define GSTAGE_X (1ull << 3)
#define GSTAGE_GPA_BITS 41

/* Map [gpa, gpa+size) -> [hpa, ...) with 1 GiB / 2 MiB / 4 KiB leaves as
 * alignment allows. 0 on success, -1 on a bad range or no table left. */
int gstage_map(uint64_t gpa, uint64_t hpa, uint64_t size, uint64_t perms);
/* Walk the tables: 0 and the HPA + leaf permissions of gpa, or -1 when
 * unmapped (what the hardware would fault on). */
int gstage_lookup(uint64_t gpa, uint64_t *hpa, uint64_t *perms);
/* Forget every mapping (boot starts from zeroed tables anyway). */
void gstage_reset(void);
/* hgatp value: MODE = Sv39x4, VMID 0, the root table */
uint64_t gstage_hgatp(void);

#endif
