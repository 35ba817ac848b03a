/* Plain C loops that a compiler vectorises by itself, unlike simd_autovec's (held out: written
 * after the SIMD tuning, not used to choose fast paths): a cubic polynomial over an f32 array
 * converted to i32 (f32x4 mul/add, i32x4.trunc_sat_f32x4_s), i16 saturating mixing
 * (i16x8.add_sat_s), a rounding u8 average (i8x16.avgr_u), a u8 maximum and a count over a
 * threshold (reductions), and an i16 dot product widened to i32.
 * No intrinsics: built with -msimd128, clang's loop vectoriser turns them into v128 code; the
 * scalar build is the same source without it.
 *
 * Each loop's per-element operations are independent of the order of evaluation (the
 * polynomial is evaluated per element, without contraction into fused multiply-adds) or
 * integer, so every build prints the same checksum. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#pragma STDC FP_CONTRACT OFF

#ifndef LEN
#define LEN (1 << 15)
#endif
#ifndef ROUNDS
#define ROUNDS 160
#endif

/* noinline keeps each loop a loop of its own (and visible in a disassembly). */
#define KERNEL static __attribute__((noinline))

/* q[i] = (int)(p(x[i]) * 1024), p(x) = ((c3 x + c2) x + c1) x + c0, |p(x)| small. */
KERNEL void poly(const float *restrict x, int32_t *restrict q, float c0, float c1, float c2,
                 float c3) {
    for (int i = 0; i < LEN; i++) {
        float v = x[i];
        q[i] = (int32_t)((((c3 * v + c2) * v + c1) * v + c0) * 1024.0f);
    }
}

KERNEL void mix_saturate(const int16_t *restrict a, const int16_t *restrict b,
                         int16_t *restrict out) {
    for (int i = 0; i < LEN; i++) {
        int s = a[i] + b[i];
        out[i] = (int16_t)(s > 32767 ? 32767 : s < -32768 ? -32768 : s);
    }
}

KERNEL void average(const uint8_t *restrict a, const uint8_t *restrict b,
                    uint8_t *restrict out) {
    for (int i = 0; i < LEN; i++) out[i] = (uint8_t)((a[i] + b[i] + 1) >> 1);
}

KERNEL uint8_t max_u8(const uint8_t *restrict a) {
    uint8_t m = 0;
    for (int i = 0; i < LEN; i++) m = a[i] > m ? a[i] : m;
    return m;
}

KERNEL int32_t count_above(const int32_t *restrict q, int32_t threshold) {
    int32_t n = 0;
    for (int i = 0; i < LEN; i++) n += q[i] > threshold;
    return n;
}

/* Each product fits in an int; the sum wraps modulo 2^32 (unsigned: defined in C). */
KERNEL uint32_t dot_i16(const int16_t *restrict a, const int16_t *restrict b) {
    uint32_t s = 0;
    for (int i = 0; i < LEN; i++) s += (uint32_t)(a[i] * b[i]);
    return s;
}

int main(void) {
    float *x = malloc(sizeof(float) * LEN);
    int32_t *q = malloc(sizeof(int32_t) * LEN);
    int16_t *a = malloc(sizeof(int16_t) * LEN), *b = malloc(sizeof(int16_t) * LEN);
    int16_t *mixed = malloc(sizeof(int16_t) * LEN);
    uint8_t *p = malloc(LEN), *r = malloc(LEN), *avg = malloc(LEN);
    uint32_t seed = 99u;
    for (int i = 0; i < LEN; i++) {
        seed = seed * 1103515245u + 12345u;
        x[i] = (float)(int)(seed >> 16 & 4095) / 2048.0f - 1.0f;
        a[i] = (int16_t)(seed >> 8);
        b[i] = (int16_t)(i * 29 - 16000);
        p[i] = (uint8_t)(seed >> 13);
        r[i] = (uint8_t)(i * 3);
    }
    uint32_t checksum = 0;
    for (int round = 0; round < ROUNDS; round++) {
        float t = (float)(round % 32) / 32.0f;
        poly(x, q, 0.25f - t, 1.5f, -0.75f + t, 0.5f);
        mix_saturate(a, b, mixed);
        average(p, r, avg);
        uint8_t m = max_u8(avg);
        int32_t above = count_above(q, 256 * (round % 5) - 300);
        uint32_t dot = dot_i16(mixed, b);
        checksum = checksum * 31u + (uint32_t)q[round * 97 % LEN] + (uint32_t)above * 5u;
        checksum = checksum * 31u + (uint32_t)mixed[round * 89 % LEN] + m + dot;
        checksum = checksum * 31u + avg[round * 83 % LEN];
        /* Feed results back so that no round repeats the previous one. */
        a[round] = mixed[LEN - 1 - round];
        p[round] = avg[round * 7 % LEN];
        x[round] = (float)(q[round] % 2048) / 2048.0f;
    }
    int64_t qsum = 0, msum = 0;
    uint32_t asum = 0;
    for (int i = 0; i < LEN; i++) {
        qsum += q[i];
        msum += mixed[i];
        asum += avg[i];
    }
    printf("simd_autovec2 %d x%d: poly %lld mixed %lld avg %u checksum %08x\n", LEN, ROUNDS,
           (long long)qsum, (long long)msum, asum, checksum);
    free(x); free(q); free(a); free(b); free(mixed); free(p); free(r); free(avg);
    return 0;
}
