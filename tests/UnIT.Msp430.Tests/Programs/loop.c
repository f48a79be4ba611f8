/* A loop of n iterations between two hooks, so its cost per iteration can be read off the simulator's counts. */
#include <stdint.h>

volatile uint16_t loop_sink;

__attribute__((noinline)) void loop_begin(void) { __asm__ volatile(""); }
__attribute__((noinline)) void loop_end(void) { __asm__ volatile(""); }

void loop_entry(uint16_t n)
{
    loop_begin();
    for (uint16_t i = 0; i < n; i++) {
        loop_sink = (uint16_t)(loop_sink + i);
    }
    loop_end();
}
