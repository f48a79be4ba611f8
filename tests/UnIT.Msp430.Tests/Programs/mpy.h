/* The memory-mapped 16x16 multiplier: the FR5994's MPY32 by default, mspdebug's hwmult (0x0130) for the simulator. */
#ifndef MPY_H
#define MPY_H
#include <stdint.h>

#ifndef UNIT_MPY_BASE
#define UNIT_MPY_BASE 0x04C0
#endif

#define UNIT_MPY_REG(offset) (*(volatile uint16_t *)(UNIT_MPY_BASE + (offset)))
#define MPYS  UNIT_MPY_REG(0x2)
#define MACS  UNIT_MPY_REG(0x6)
#define OP2   UNIT_MPY_REG(0x8)
#define RESLO UNIT_MPY_REG(0xA)
#define RESHI UNIT_MPY_REG(0xC)

#endif
