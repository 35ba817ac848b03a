/* Byte search over a text buffer: counts newlines, and finds every occurrence of a few bytes
 * (summing their positions), 16 bytes at a time with i8x16.eq and i8x16.bitmask.
 *
 * Built with -msimd128 the searches use wasm_simd128.h intrinsics; otherwise (scalar and
 * native builds) a plain byte loop. Integer results: every build prints the same checksum. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

#ifndef LEN
#define LEN (1 << 20) /* buffer bytes (a multiple of 16) */
#endif
#ifndef ROUNDS
#define ROUNDS 8
#endif

/* Occurrences of `needle` in buf[0..LEN), and the sum of their positions (mod 2^32). */
static uint32_t find_all(const uint8_t *buf, uint8_t needle, uint32_t *position_sum) {
    uint32_t count = 0, sum = 0;
#ifdef __wasm_simd128__
    const v128_t n = wasm_i8x16_splat((int8_t)needle);
    for (uint32_t i = 0; i < LEN; i += 16) {
        uint32_t mask = wasm_i8x16_bitmask(wasm_i8x16_eq(wasm_v128_load(buf + i), n));
        while (mask) {
            sum += i + (uint32_t)__builtin_ctz(mask);
            count++;
            mask &= mask - 1;
        }
    }
#else
    for (uint32_t i = 0; i < LEN; i++)
        if (buf[i] == needle) {
            sum += i;
            count++;
        }
#endif
    *position_sum = sum;
    return count;
}

/* Lines: the count of '\n' (no positions: the popcount form, as a line counter does). */
static uint32_t count_newlines(const uint8_t *buf) {
    uint32_t count = 0;
#ifdef __wasm_simd128__
    const v128_t nl = wasm_i8x16_splat('\n');
    for (uint32_t i = 0; i < LEN; i += 16)
        count += (uint32_t)__builtin_popcount(
            wasm_i8x16_bitmask(wasm_i8x16_eq(wasm_v128_load(buf + i), nl)));
#else
    for (uint32_t i = 0; i < LEN; i++) count += buf[i] == '\n';
#endif
    return count;
}

int main(void) {
    uint8_t *buf = malloc(LEN);
    uint32_t x = 88172645u;
    /* Pseudo-text: lowercase letters in words of 1-8 letters, lines of 40-100 bytes. */
    int line = 0, word = 0;
    for (uint32_t i = 0; i < LEN; i++) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        if (line >= 40 + (int)(x % 61)) { buf[i] = '\n'; line = 0; word = 0; continue; }
        line++;
        if (word >= 1 + (int)((x >> 8) % 8)) { buf[i] = ' '; word = 0; continue; }
        word++;
        buf[i] = (uint8_t)('a' + (x >> 16) % 26);
    }
    const uint8_t needles[] = {'q', 'z', 'x', 'j', 'e'};
    uint32_t lines = 0, found = 0, positions = 0;
    for (int r = 0; r < ROUNDS; r++) {
        lines += count_newlines(buf);
        for (unsigned k = 0; k < sizeof needles; k++) {
            uint32_t s;
            found += find_all(buf, needles[k], &s);
            positions = positions * 31u + s;
        }
        buf[(uint32_t)r * 7919u % LEN] = '\n'; /* each round sees a slightly different text */
    }
    printf("simd_memchr %u bytes x%d: lines %u found %u positions %08x\n", (unsigned)LEN, ROUNDS,
           lines, found, positions);
    free(buf);
    return 0;
}
