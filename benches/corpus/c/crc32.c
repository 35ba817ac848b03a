/* CRC-32 (IEEE, reflected, table-driven slice-by-1) over a generated buffer: byte loads,
 * table lookups, shifts and xors. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    size_t len = argc > 1 ? (size_t)atoi(argv[1]) : (size_t)8 << 20;
    int rounds = 12;
    uint32_t table[256];
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    uint8_t *buf = malloc(len);
    uint32_t x = 123456789u;
    for (size_t i = 0; i < len; i++) { x = x * 1664525u + 1013904223u; buf[i] = (uint8_t)(x >> 24); }
    uint32_t crc = 0;
    for (int r = 0; r < rounds; r++) {
        uint32_t c = ~crc;
        for (size_t i = 0; i < len; i++) c = table[(c ^ buf[i]) & 0xff] ^ (c >> 8);
        crc = ~c;
        buf[r] ^= (uint8_t)crc;
    }
    printf("crc32 x%d of %zu bytes: %08x\n", rounds, len, crc);
    free(buf);
    return 0;
}
