/* Two call chains whose frames differ by a known number of bytes, for the stack high-water mark. */
#include <stdint.h>

int16_t stack_result;

__attribute__((noinline)) static int16_t stack_frame(volatile int16_t *scratch, uint16_t count)
{
    int16_t sum = 0;
    for (uint16_t i = 0; i < count; i++) {
        scratch[i] = (int16_t)i;
        sum = (int16_t)(sum + scratch[i]);
    }
    return sum;
}

__attribute__((noinline)) static void stack_small(void)
{
    volatile int16_t scratch[8];
    stack_result = stack_frame(scratch, 8);
}

__attribute__((noinline)) static void stack_large(void)
{
    volatile int16_t scratch[48];
    stack_result = stack_frame(scratch, 48);
}

void stack_entry_small(void) { stack_small(); }
void stack_entry_large(void) { stack_large(); }
