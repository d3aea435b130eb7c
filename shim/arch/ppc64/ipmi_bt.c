/* Power-off and reboot of the whole machine, as OPAL does on powernv: an
 * IPMI "Chassis Control" request (IPMI v2.0 28.3: NetFn Chassis 0x00, cmd
 * 0x02, data 0x00 = power down, 0x03 = hard reset) to the BMC over the BT
 * interface (IPMI v2.0 11.6) at LPC I/O port 0xe4 (QEMU isa-ipmi-bt's
 * default). QEMU's ipmi-bmc-sim turns power down into a clean shutdown
 * (exit status 0), so the machine must be started with
 * -device ipmi-bmc-sim,id=bmc0 -device isa-ipmi-bt,bmc=bmc0,irq=10.
 * Without a BMC the shim says so and halts. */
#include "pnv.h"
#include "pnv_hw.h"

#define BT_BASE 0xe4
#define BT_CTRL 0
#define BT_BUF 1
#define CTRL_CLR_WR_PTR 0x01
#define CTRL_H2B_ATN 0x04
#define CTRL_B2H_ATN 0x08
#define CTRL_B_BUSY 0x80
#define BT_SPINS 1000000
#define NETFN_CHASSIS 0x00
#define CMD_CHASSIS_CONTROL 0x02

static volatile uint8_t *const bt = (volatile uint8_t *)(PNV_LPC_IO + BT_BASE);

static int chassis_control(uint8_t action)
{
	const uint8_t msg[] = { 4, NETFN_CHASSIS << 2, 1, CMD_CHASSIS_CONTROL, action };
	int i;

	if (bt[BT_CTRL] == 0xff)
		return -1; /* nothing decodes the port: no BMC */
	for (i = 0; i < BT_SPINS && (bt[BT_CTRL] & (CTRL_B_BUSY | CTRL_H2B_ATN)); i++)
		;
	if (i == BT_SPINS)
		return -1;
	bt[BT_CTRL] = CTRL_CLR_WR_PTR;
	for (unsigned k = 0; k < sizeof(msg); k++)
		bt[BT_BUF] = msg[k];
	bt[BT_CTRL] = CTRL_H2B_ATN;
	/* a BMC answers (B2H_ATN); an empty bus never does */
	for (i = 0; i < BT_SPINS && !(bt[BT_CTRL] & CTRL_B2H_ATN); i++)
		;
	return i == BT_SPINS ? -1 : 0;
}

static void halt(void)
{
	for (;;)
		__asm__ volatile("or 1, 1, 1" ::: "memory");
}

void plat_power_off(void)
{
	if (chassis_control(0x00))
		pnv_printf("shim: power-off: no IPMI BMC answered on the LPC bus; halting\n");
	halt(); /* QEMU exits at its next main-loop iteration */
}
