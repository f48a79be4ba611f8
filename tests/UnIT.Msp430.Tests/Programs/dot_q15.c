/* Q15 dot product on the memory-mapped multiplier, with a layer-boundary hook between the two halves. */
#include <stdint.h>
#include "mpy.h"

#define DOT_LENGTH 16

int16_t dot_a[DOT_LENGTH];
int16_t dot_b[DOT_LENGTH];
int32_t dot_sum;
int16_t dot_q15;

__attribute__((noinline)) void dot_half(void) { __asm__ volatile(""); }

void dot_entry(void)
{
    MPYS = (uint16_t)dot_a[0];
    OP2 = (uint16_t)dot_b[0];
    for (int i = 1; i < DOT_LENGTH / 2; i++) {
        MACS = (uint16_t)dot_a[i];
        OP2 = (uint16_t)dot_b[i];
    }
    dot_half();
    for (int i = DOT_LENGTH / 2; i < DOT_LENGTH; i++) {
        MACS = (uint16_t)dot_a[i];
        OP2 = (uint16_t)dot_b[i];
    }
    uint32_t sum = ((uint32_t)RESHI << 16) | RESLO;
    dot_sum = (int32_t)sum;
    dot_q15 = (int16_t)(dot_sum >> 15);
}
