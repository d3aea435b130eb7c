/* TCE-based DMA translation on pseries (tce.c). */
#ifndef COCOON_PPC64_TCE_H
#define COCOON_PPC64_TCE_H

/* Take the default DMA window of a PHB node ("ibm,dma-window") and install
 * the TCE backend of the DMA layer. 0, or -1 when the window is unusable. */
int tce_init_from_phb(const void *fdt, int node);

#endif
