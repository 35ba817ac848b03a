/* 3x3 Gaussian blur ([1 2 1; 2 4 2; 1 2 1] / 16, rounded) of a u8 greyscale image, applied
 * repeatedly: u8 -> u16 widening, u16x8 adds and shifts, u16 -> u8 narrowing.
 *
 * Separable: a vertical pass (top + 2 mid + bottom, at most 1020: u16) into a row of u16, then a
 * horizontal pass ((left + 2 centre + right + 8) >> 4). Built with -msimd128 both passes use
 * wasm_simd128.h intrinsics; otherwise (scalar and native builds) plain C. Integer arithmetic:
 * every build prints the same checksum. Border pixels are copied unchanged. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

#ifndef W
#define W 640
#endif
#ifndef H
#define H 480
#endif
#ifndef ROUNDS
#define ROUNDS 48
#endif

/* v[x] = top[x] + 2 * mid[x] + bot[x] for x in 0..W. */
static void vertical(const uint8_t *top, const uint8_t *mid, const uint8_t *bot, uint16_t *v) {
    int x = 0;
#ifdef __wasm_simd128__
    for (; x + 16 <= W; x += 16) {
        v128_t t = wasm_v128_load(top + x), m = wasm_v128_load(mid + x);
        v128_t b = wasm_v128_load(bot + x);
        v128_t lo = wasm_i16x8_add(
            wasm_i16x8_add(wasm_u16x8_extend_low_u8x16(t), wasm_u16x8_extend_low_u8x16(b)),
            wasm_i16x8_shl(wasm_u16x8_extend_low_u8x16(m), 1));
        v128_t hi = wasm_i16x8_add(
            wasm_i16x8_add(wasm_u16x8_extend_high_u8x16(t), wasm_u16x8_extend_high_u8x16(b)),
            wasm_i16x8_shl(wasm_u16x8_extend_high_u8x16(m), 1));
        wasm_v128_store(v + x, lo);
        wasm_v128_store(v + x + 8, hi);
    }
#endif
    for (; x < W; x++) v[x] = (uint16_t)(top[x] + 2 * mid[x] + bot[x]);
}

/* out[x] = (v[x-1] + 2 v[x] + v[x+1] + 8) >> 4 for x in 1..W-1 (at most 4088: u16). */
static void horizontal(const uint16_t *v, uint8_t *out) {
    int x = 1;
#ifdef __wasm_simd128__
    const v128_t eight = wasm_i16x8_splat(8);
    for (; x + 16 <= W - 1; x += 16) {
        v128_t s0 = wasm_i16x8_add(
            wasm_i16x8_add(wasm_v128_load(v + x - 1), wasm_v128_load(v + x + 1)),
            wasm_i16x8_add(wasm_i16x8_shl(wasm_v128_load(v + x), 1), eight));
        v128_t s1 = wasm_i16x8_add(
            wasm_i16x8_add(wasm_v128_load(v + x + 7), wasm_v128_load(v + x + 9)),
            wasm_i16x8_add(wasm_i16x8_shl(wasm_v128_load(v + x + 8), 1), eight));
        wasm_v128_store(out + x, wasm_u8x16_narrow_i16x8(wasm_u16x8_shr(s0, 4),
                                                         wasm_u16x8_shr(s1, 4)));
    }
#endif
    for (; x < W - 1; x++) out[x] = (uint8_t)((v[x - 1] + 2 * v[x] + v[x + 1] + 8) >> 4);
}

static void blur(const uint8_t *in, uint8_t *out, uint16_t *v) {
    memcpy(out, in, W);
    memcpy(out + (H - 1) * W, in + (H - 1) * W, W);
    for (int y = 1; y < H - 1; y++) {
        vertical(in + (y - 1) * W, in + y * W, in + (y + 1) * W, v);
        horizontal(v, out + y * W);
        out[y * W] = in[y * W];
        out[y * W + W - 1] = in[y * W + W - 1];
    }
}

int main(void) {
    uint8_t *a = malloc(W * H), *b = malloc(W * H);
    uint16_t *v = malloc(sizeof(uint16_t) * W);
    uint32_t seed = 2463534242u;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            seed ^= seed << 13; seed ^= seed >> 17; seed ^= seed << 5;
            /* Smooth gradients, a checkerboard and noise: something for the filter to do. */
            int g = (x * 255 / W + y * 128 / H) & 255;
            int check = ((x >> 5) ^ (y >> 5)) & 1 ? 60 : 0;
            a[y * W + x] = (uint8_t)((g + check + (int)(seed & 63)) & 255);
        }
    uint32_t hash = 2166136261u;
    for (int r = 0; r < ROUNDS; r++) {
        blur(a, b, v);
        uint8_t *t = a; a = b; b = t;
        /* Fold a few pixels of each round's image into the hash, and disturb one row so that
         * the image does not converge. */
        for (int i = r; i < W * H; i += 997) hash = (hash ^ a[i]) * 16777619u;
        a[(r * 37 % H) * W + r] ^= 0xff;
    }
    uint32_t sum = 0;
    for (int i = 0; i < W * H; i++) { sum += a[i]; hash = (hash ^ a[i]) * 16777619u; }
    printf("simd_blur %dx%d x%d: sum %u fnv %08x\n", W, H, ROUNDS, sum, hash);
    free(a); free(b); free(v);
    return 0;
}
