/* Objects of known sizes in each section: constants (FRAM), initialised data and zero-initialised buffers (SRAM). */
#include <stdint.h>

const int16_t sizes_table[100] = { 1, 2, 3 };
int16_t sizes_initialised[3] = { 7, 8, 9 };
int16_t sizes_buffer[50];

void sizes_entry(uint16_t i)
{
    sizes_buffer[i % 50] = (int16_t)(sizes_table[i % 100] + sizes_initialised[i % 3]);
    sizes_initialised[0] = 0;
}
