/* Plain C loops that a compiler vectorises by itself: saxpy (f32), the sum, minimum and
 * maximum of an i32 array, a u8 saturating add (brightening an image) and an i16 absolute
 * difference. No intrinsics: built with -msimd128, clang's loop vectoriser turns them into
 * v128 code; the scalar build is the same source without it.
 *
 * Each loop's per-element operations are independent (saxpy's results do not depend on the
 * order of evaluation) or integer, so every build prints the same checksum. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#pragma STDC FP_CONTRACT OFF

#ifndef LEN
#define LEN (1 << 16)
#endif
#ifndef ROUNDS
#define ROUNDS 144
#endif

/* noinline keeps each loop a loop of its own (and visible in a disassembly). */
#define KERNEL static __attribute__((noinline))

KERNEL void saxpy(float a, const float *restrict x, float *restrict y) {
    for (int i = 0; i < LEN; i++) y[i] = a * x[i] + y[i];
}

KERNEL int32_t sum_min_max(const int32_t *restrict v, int32_t *min, int32_t *max) {
    int32_t s = 0, lo = INT32_MAX, hi = INT32_MIN;
    for (int i = 0; i < LEN; i++) {
        s += v[i];
        lo = v[i] < lo ? v[i] : lo;
        hi = v[i] > hi ? v[i] : hi;
    }
    *min = lo;
    *max = hi;
    return s;
}

KERNEL void add_saturate(const uint8_t *restrict a, const uint8_t *restrict b,
                         uint8_t *restrict out) {
    for (int i = 0; i < LEN; i++) {
        unsigned s = a[i] + b[i];
        out[i] = s > 255 ? 255 : (uint8_t)s;
    }
}

KERNEL void abs_diff(const int16_t *restrict a, const int16_t *restrict b,
                     int16_t *restrict out) {
    for (int i = 0; i < LEN; i++) {
        int d = a[i] - b[i];
        out[i] = (int16_t)(d < 0 ? -d : d);
    }
}

int main(void) {
    float *x = malloc(sizeof(float) * LEN), *y = malloc(sizeof(float) * LEN);
    int32_t *v = malloc(sizeof(int32_t) * LEN);
    uint8_t *p = malloc(LEN), *q = malloc(LEN), *bright = malloc(LEN);
    int16_t *s = malloc(sizeof(int16_t) * LEN), *t = malloc(sizeof(int16_t) * LEN);
    int16_t *d = malloc(sizeof(int16_t) * LEN);
    uint32_t seed = 7u;
    for (int i = 0; i < LEN; i++) {
        seed = seed * 1103515245u + 12345u;
        x[i] = (float)(int)(seed >> 20 & 1023) / 512.0f - 1.0f;
        y[i] = (float)(i % 97) / 64.0f;
        v[i] = (int32_t)(seed >> 8) - (1 << 23);
        p[i] = (uint8_t)(seed >> 3);
        q[i] = (uint8_t)(i * 7);
        s[i] = (int16_t)(seed >> 12);
        t[i] = (int16_t)(i * 37);
    }
    uint32_t checksum = 0;
    for (int r = 0; r < ROUNDS; r++) {
        saxpy(0.5f + (float)r / 64.0f, x, y);
        int32_t lo, hi;
        int32_t sum = sum_min_max(v, &lo, &hi);
        add_saturate(p, q, bright);
        abs_diff(s, t, d);
        checksum = checksum * 31u + (uint32_t)sum + (uint32_t)lo * 3u + (uint32_t)hi * 7u;
        checksum = checksum * 31u + bright[r * 101 % LEN] + (uint32_t)d[r * 211 % LEN];
        /* Feed results back so that no round repeats the previous one. */
        v[r] += sum;
        p[r] = bright[LEN - 1 - r];
        s[r] = d[r];
    }
    double ysum = 0.0;
    uint32_t bsum = 0, dsum = 0;
    for (int i = 0; i < LEN; i++) {
        ysum += y[i];
        bsum += bright[i];
        dsum += (uint16_t)d[i];
    }
    printf("simd_autovec %d x%d: y %.6f bright %u absdiff %u checksum %08x\n", LEN, ROUNDS, ysum,
           bsum, dsum, checksum);
    free(x); free(y); free(v); free(p); free(q); free(bright); free(s); free(t); free(d);
    return 0;
}
