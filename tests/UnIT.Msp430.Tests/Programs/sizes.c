/* Objects of known sizes in each section: constants (FRAM), initialised data and zero-initialised buffers (SRAM). */
#include <stdint.h>

const int16_t sizes_table[100] = { 1, 2, 3 };
int16_t sizes_initialised[3] = { 7, 8, 9 };
int16_t sizes_buffer[50];

void sizes_entry(uint16_t i)
{
    /* Masks, not %: a remainder is a runtime-library call the image cannot link. */
    sizes_buffer[i & 31] = (int16_t)(sizes_table[i & 63] + sizes_initialised[i & 1]);
    sizes_initialised[0] = 0;
}
