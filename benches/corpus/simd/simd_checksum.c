/* Two checksums over a generated buffer: Adler-32 (u8 -> u16 -> u32 widening sums and an
 * i16x8 dot product for the position weights) and xxHash32 (four i32 lanes: multiply, rotate,
 * multiply, the stripe loop of the reference algorithm in one v128).
 *
 * Built with -msimd128 the inner loops use wasm_simd128.h intrinsics; otherwise (scalar and
 * native builds) the textbook byte and word loops. Both are integer functions of the bytes:
 * every build prints the same checksums. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

#ifndef LEN
#define LEN (1 << 20) /* buffer bytes (a multiple of 16) */
#endif
#ifndef ROUNDS
#define ROUNDS 48
#endif

#define ADLER_MOD 65521u
#define ADLER_CHUNK 4096u /* bytes summed before reducing mod 65521 (a multiple of 16) */

static uint32_t adler32(const uint8_t *p, uint32_t len) {
    uint32_t s1 = 1, s2 = 0;
    while (len) {
        uint32_t n = len < ADLER_CHUNK ? len : ADLER_CHUNK;
        len -= n;
#ifdef __wasm_simd128__
        /* Per 16-byte block: prev += sums (the bytes before it, counted 16 times below),
         * sums += the bytes, weighted += (16 - k) * byte k. */
        uint32_t blocks = n / 16;
        v128_t sums = wasm_i32x4_splat(0), prev = sums, weighted = sums;
        const v128_t w_lo = wasm_i16x8_make(16, 15, 14, 13, 12, 11, 10, 9);
        const v128_t w_hi = wasm_i16x8_make(8, 7, 6, 5, 4, 3, 2, 1);
        for (uint32_t b = 0; b < blocks; b++, p += 16) {
            v128_t v = wasm_v128_load(p);
            prev = wasm_i32x4_add(prev, sums);
            sums = wasm_i32x4_add(
                sums, wasm_u32x4_extadd_pairwise_u16x8(wasm_u16x8_extadd_pairwise_u8x16(v)));
            weighted = wasm_i32x4_add(
                weighted,
                wasm_i32x4_add(wasm_i32x4_dot_i16x8(wasm_u16x8_extend_low_u8x16(v), w_lo),
                               wasm_i32x4_dot_i16x8(wasm_u16x8_extend_high_u8x16(v), w_hi)));
        }
        uint64_t s = 0, pr = 0, wt = 0;
        uint32_t ls[4], lp[4], lw[4];
        wasm_v128_store(ls, sums);
        wasm_v128_store(lp, prev);
        wasm_v128_store(lw, weighted);
        for (int l = 0; l < 4; l++) { s += ls[l]; pr += lp[l]; wt += lw[l]; }
        s2 = (uint32_t)((s2 + (uint64_t)blocks * 16 * s1 + 16 * pr + wt) % ADLER_MOD);
        s1 = (uint32_t)((s1 + s) % ADLER_MOD);
        for (uint32_t k = blocks * 16; k < n; k++) { s1 += *p++; s2 += s1; }
#else
        for (uint32_t k = 0; k < n; k++) { s1 += *p++; s2 += s1; }
#endif
        s1 %= ADLER_MOD;
        s2 %= ADLER_MOD;
    }
    return s2 << 16 | s1;
}

#define P1 2654435761u
#define P2 2246822519u
#define P3 3266489917u
#define P4 668265263u
#define P5 374761393u

static uint32_t rotl(uint32_t x, int r) { return x << r | x >> (32 - r); }

static uint32_t read32(const uint8_t *p) {
    uint32_t v;
    memcpy(&v, p, 4); /* little-endian on every target we build for */
    return v;
}

static uint32_t xxh32(const uint8_t *p, uint32_t len, uint32_t seed) {
    const uint8_t *end = p + len;
    uint32_t h;
    if (len >= 16) {
        uint32_t v[4] = {seed + P1 + P2, seed + P2, seed, seed - P1};
#ifdef __wasm_simd128__
        v128_t acc = wasm_v128_load(v);
        const v128_t p1 = wasm_i32x4_splat((int32_t)P1), p2 = wasm_i32x4_splat((int32_t)P2);
        for (; p + 16 <= end; p += 16) {
            acc = wasm_i32x4_add(acc, wasm_i32x4_mul(wasm_v128_load(p), p2));
            acc = wasm_v128_or(wasm_i32x4_shl(acc, 13), wasm_u32x4_shr(acc, 19));
            acc = wasm_i32x4_mul(acc, p1);
        }
        wasm_v128_store(v, acc);
#else
        for (; p + 16 <= end; p += 16)
            for (int l = 0; l < 4; l++) v[l] = rotl(v[l] + read32(p + 4 * l) * P2, 13) * P1;
#endif
        h = rotl(v[0], 1) + rotl(v[1], 7) + rotl(v[2], 12) + rotl(v[3], 18);
    } else {
        h = seed + P5;
    }
    h += len;
    for (; p + 4 <= end; p += 4) h = rotl(h + read32(p) * P3, 17) * P4;
    for (; p < end; p++) h = rotl(h + *p * P5, 11) * P1;
    h ^= h >> 15; h *= P2; h ^= h >> 13; h *= P3; h ^= h >> 16;
    return h;
}

int main(void) {
    uint8_t *buf = malloc(LEN);
    uint32_t x = 123456789u;
    for (uint32_t i = 0; i < LEN; i++) { x = x * 1664525u + 1013904223u; buf[i] = (uint8_t)(x >> 24); }
    uint32_t adler = 0, xxh = 0;
    for (int r = 0; r < ROUNDS; r++) {
        adler ^= adler32(buf, LEN);
        xxh ^= xxh32(buf, LEN, (uint32_t)r);
        buf[r] ^= (uint8_t)(adler ^ xxh); /* each round hashes a slightly different buffer */
    }
    /* Reference values of the short forms, for a reader checking the algorithms. */
    printf("simd_checksum %u bytes x%d: adler32 %08x xxh32 %08x (\"abc\": %08x %08x)\n",
           (unsigned)LEN, ROUNDS, adler, xxh, adler32((const uint8_t *)"abc", 3),
           xxh32((const uint8_t *)"abc", 3, 0));
    free(buf);
    return 0;
}
