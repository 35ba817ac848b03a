/* memcpy / memmove / memset heavy loop over a few buffers with varying sizes and alignments:
 * the bulk-memory path (built with -mbulk-memory, so these become memory.copy / memory.fill). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUF (1 << 20)

int main(int argc, char **argv) {
    int iterations = argc > 1 ? atoi(argv[1]) : 2000000;
    uint8_t *a = malloc(BUF), *b = malloc(BUF);
    for (int i = 0; i < BUF; i++) { a[i] = (uint8_t)(i * 131 + 7); b[i] = (uint8_t)(i * 17); }
    uint32_t x = 2463534242u;
    uint64_t checksum = 0;
    for (int it = 0; it < iterations; it++) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        size_t len = 16 + (x & 4095);
        size_t src = (x >> 12) % (BUF - len), dst = (x >> 5) % (BUF - len);
        switch (it & 3) {
        case 0: memcpy(b + dst, a + src, len); break;
        case 1: memmove(a + dst, a + src, len); break;
        case 2: memset(b + dst, (int)(x >> 24), len); break;
        default: memcpy(a + dst, b + src, len); break;
        }
        checksum = checksum * 31 + a[dst] + b[(dst + len - 1)];
    }
    for (int i = 0; i < BUF; i += 64) checksum = checksum * 7 + a[i] + b[i];
    printf("memops %d iterations: checksum %016llx\n", iterations, (unsigned long long)checksum);
    free(a); free(b);
    return 0;
}
