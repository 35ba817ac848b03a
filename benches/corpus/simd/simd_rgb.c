/* RGBA8 pixels (held out: written after the SIMD tuning, not used to choose fast paths): a
 * sprite layer alpha-blended over a background at a moving offset, then the frame converted to
 * 8-bit greyscale, frame after frame.
 *
 * Blend, per channel: x = src a + dst (255 - a) + 128, out = (x + (x >> 8)) >> 8 (the rounded
 * division by 255), with a the source pixel's alpha. Grey: (77 R + 150 G + 29 B + 128) >> 8.
 * Built with -msimd128 both use wasm_simd128.h intrinsics: the alpha is spread to its pixel's
 * four bytes with i8x16.swizzle, the channels are de-interleaved with i8x16.shuffle, bytes are
 * widened with u16x8.extend_{low,high}_u8x16, weighted with i16x8.mul, shifted with
 * u16x8.shr and narrowed back with u8x16.narrow_i16x8. Otherwise (scalar and native builds)
 * plain C of the same arithmetic (every intermediate fits in 16 bits), so every build prints the
 * same checksum. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

#ifndef W
#define W 320 /* frame width in pixels (a multiple of 16) */
#endif
#ifndef H
#define H 240
#endif
#ifndef SW
#define SW 128 /* sprite width (a multiple of 16) */
#endif
#ifndef SH
#define SH 96
#endif
#ifndef ROUNDS
#define ROUNDS 64
#endif

/* dst[0..4 n) = blend of src over dst, n pixels (a multiple of 4). */
static void blend_row(const uint8_t *src, uint8_t *dst, int n) {
    int i = 0;
#ifdef __wasm_simd128__
    const v128_t alpha_index = wasm_i8x16_make(3, 3, 3, 3, 7, 7, 7, 7, 11, 11, 11, 11, 15, 15,
                                               15, 15);
    const v128_t k255 = wasm_i16x8_splat(255), k128 = wasm_i16x8_splat(128);
    for (; i + 4 <= n; i += 4) {
        v128_t s = wasm_v128_load(src + 4 * i), d = wasm_v128_load(dst + 4 * i);
        v128_t a = wasm_i8x16_swizzle(s, alpha_index);
        v128_t a_lo = wasm_u16x8_extend_low_u8x16(a), a_hi = wasm_u16x8_extend_high_u8x16(a);
        v128_t x_lo = wasm_i16x8_add(
            wasm_i16x8_add(wasm_i16x8_mul(wasm_u16x8_extend_low_u8x16(s), a_lo),
                           wasm_i16x8_mul(wasm_u16x8_extend_low_u8x16(d),
                                          wasm_i16x8_sub(k255, a_lo))),
            k128);
        v128_t x_hi = wasm_i16x8_add(
            wasm_i16x8_add(wasm_i16x8_mul(wasm_u16x8_extend_high_u8x16(s), a_hi),
                           wasm_i16x8_mul(wasm_u16x8_extend_high_u8x16(d),
                                          wasm_i16x8_sub(k255, a_hi))),
            k128);
        x_lo = wasm_u16x8_shr(wasm_i16x8_add(x_lo, wasm_u16x8_shr(x_lo, 8)), 8);
        x_hi = wasm_u16x8_shr(wasm_i16x8_add(x_hi, wasm_u16x8_shr(x_hi, 8)), 8);
        wasm_v128_store(dst + 4 * i, wasm_u8x16_narrow_i16x8(x_lo, x_hi));
    }
#endif
    for (; i < n; i++) {
        unsigned a = src[4 * i + 3];
        for (int c = 0; c < 4; c++) {
            unsigned x = src[4 * i + c] * a + dst[4 * i + c] * (255 - a) + 128;
            dst[4 * i + c] = (uint8_t)((x + (x >> 8)) >> 8);
        }
    }
}

/* grey[0..n) from rgba[0..4 n), n a multiple of 16. */
static void to_grey(const uint8_t *rgba, uint8_t *grey, int n) {
    int i = 0;
#ifdef __wasm_simd128__
    const v128_t wr = wasm_i16x8_splat(77), wg = wasm_i16x8_splat(150);
    const v128_t wb = wasm_i16x8_splat(29), k128 = wasm_i16x8_splat(128);
    for (; i + 16 <= n; i += 16) {
        v128_t y[2];
        for (int h = 0; h < 2; h++) {
            v128_t p0 = wasm_v128_load(rgba + 4 * i + 32 * h);
            v128_t p1 = wasm_v128_load(rgba + 4 * i + 32 * h + 16);
            /* R of 8 pixels, then their G; B, then A. */
            v128_t rg = wasm_i8x16_shuffle(p0, p1, 0, 4, 8, 12, 16, 20, 24, 28, 1, 5, 9, 13, 17,
                                           21, 25, 29);
            v128_t ba = wasm_i8x16_shuffle(p0, p1, 2, 6, 10, 14, 18, 22, 26, 30, 3, 7, 11, 15,
                                           19, 23, 27, 31);
            v128_t sum = wasm_i16x8_add(
                wasm_i16x8_add(wasm_i16x8_mul(wasm_u16x8_extend_low_u8x16(rg), wr),
                               wasm_i16x8_mul(wasm_u16x8_extend_high_u8x16(rg), wg)),
                wasm_i16x8_add(wasm_i16x8_mul(wasm_u16x8_extend_low_u8x16(ba), wb), k128));
            y[h] = wasm_u16x8_shr(sum, 8);
        }
        wasm_v128_store(grey + i, wasm_u8x16_narrow_i16x8(y[0], y[1]));
    }
#endif
    for (; i < n; i++)
        grey[i] = (uint8_t)((77 * rgba[4 * i] + 150 * rgba[4 * i + 1] + 29 * rgba[4 * i + 2] +
                             128) >> 8);
}

int main(void) {
    uint8_t *background = malloc(4 * W * H), *frame = malloc(4 * W * H);
    uint8_t *sprite = malloc(4 * SW * SH), *grey = malloc(W * H);
    uint32_t x = 2654435761u;
    /* Background: gradients and noise. Sprite: a disc, opaque in the middle, fading to
     * transparent at its edge, with some noise in every channel. */
    for (int y = 0; y < H; y++)
        for (int i = 0; i < W; i++) {
            x ^= x << 13; x ^= x >> 17; x ^= x << 5;
            uint8_t *p = background + 4 * (y * W + i);
            p[0] = (uint8_t)(i * 255 / W + (x & 15));
            p[1] = (uint8_t)(y * 255 / H + (x >> 4 & 15));
            p[2] = (uint8_t)((i + y) * 2 + (x >> 8 & 31));
            p[3] = 255;
        }
    for (int y = 0; y < SH; y++)
        for (int i = 0; i < SW; i++) {
            x ^= x << 13; x ^= x >> 17; x ^= x << 5;
            uint8_t *p = sprite + 4 * (y * SW + i);
            int dx = 2 * i - SW, dy = 2 * y - SH, r2 = dx * dx + dy * dy, edge = SH * SH;
            int a = r2 >= edge ? 0 : 255 - 255 * r2 / edge + (int)(x & 7);
            p[0] = (uint8_t)(200 + (x >> 3 & 31));
            p[1] = (uint8_t)(40 + i + (x >> 8 & 15));
            p[2] = (uint8_t)(90 + y + (x >> 12 & 15));
            p[3] = (uint8_t)(a > 255 ? 255 : a);
        }
    uint32_t hash = 2166136261u, total = 0;
    for (int round = 0; round < ROUNDS; round++) {
        memcpy(frame, background, 4 * W * H);
        /* Four copies of the sprite, moving across the frame (any pixel offset: unaligned). */
        for (int s = 0; s < 4; s++) {
            int ox = (round * 7 + s * 53) % (W - SW), oy = (round * 3 + s * 31) % (H - SH);
            for (int y = 0; y < SH; y++)
                blend_row(sprite + 4 * y * SW, frame + 4 * ((oy + y) * W + ox), SW);
        }
        to_grey(frame, grey, W * H);
        for (int i = 0; i < W * H; i++) total += grey[i];
        for (int i = round; i < W * H; i += 499) hash = (hash ^ grey[i]) * 16777619u;
        for (int i = round; i < 4 * W * H; i += 997) hash = (hash ^ frame[i]) * 16777619u;
        /* The background takes a little of each frame, so rounds differ. */
        background[4 * (round * 131 % (W * H))] ^= grey[round * 257 % (W * H)];
    }
    printf("simd_rgb %dx%d, sprite %dx%d x%d: grey sum %u fnv %08x\n", W, H, SW, SH, ROUNDS,
           total, hash);
    free(background); free(frame); free(sprite); free(grey);
    return 0;
}
