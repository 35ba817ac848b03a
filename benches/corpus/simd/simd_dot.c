/* f32 dot products and a small matrix multiply: f32x4 loads, multiplies and adds.
 *
 * Built with -msimd128 the kernels use wasm_simd128.h intrinsics; built without it (the scalar
 * build, and the native build) the same source takes the plain C branch, which performs the same
 * float operations in the same order (four lane accumulators, summed the same way at the end),
 * so every build prints the same bits. FP_CONTRACT off keeps a native compiler from fusing a
 * multiply and an add where wasm cannot. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif
#pragma STDC FP_CONTRACT OFF

#ifndef N
#define N 160 /* matrix side (a multiple of 4) */
#endif
#ifndef ROUNDS
#define ROUNDS 6 /* matrix multiplies, each followed by N*N dot products */
#endif

/* c = a * b, i-k-j order: each c[i][j..j+4] accumulates a[i][k] * b[k][j..j+4] in k order. */
static void matmul(const float *a, const float *b, float *c) {
    for (int i = 0; i < N; i++) {
        float *ci = c + i * N;
        for (int j = 0; j < N; j++) ci[j] = 0.0f;
        for (int k = 0; k < N; k++) {
            const float *bk = b + k * N;
#ifdef __wasm_simd128__
            v128_t aik = wasm_f32x4_splat(a[i * N + k]);
            for (int j = 0; j < N; j += 4) {
                v128_t p = wasm_f32x4_mul(aik, wasm_v128_load(bk + j));
                wasm_v128_store(ci + j, wasm_f32x4_add(wasm_v128_load(ci + j), p));
            }
#else
            float aik = a[i * N + k];
            for (int j = 0; j < N; j++) ci[j] = ci[j] + aik * bk[j];
#endif
        }
    }
}

/* Dot product of two length-N vectors: four lane sums, then (l0 + l1) + (l2 + l3). */
static float dot(const float *x, const float *y) {
#ifdef __wasm_simd128__
    v128_t acc = wasm_f32x4_splat(0.0f);
    for (int j = 0; j < N; j += 4)
        acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_v128_load(x + j), wasm_v128_load(y + j)));
    return (wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1)) +
           (wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3));
#else
    float l[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    for (int j = 0; j < N; j += 4)
        for (int k = 0; k < 4; k++) l[k] = l[k] + x[j + k] * y[j + k];
    return (l[0] + l[1]) + (l[2] + l[3]);
#endif
}

int main(void) {
    float *a = malloc(sizeof(float) * N * N), *b = malloc(sizeof(float) * N * N);
    float *c = malloc(sizeof(float) * N * N);
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            a[i * N + j] = (float)((i * 7 + j * 3) % 17) / 16.0f - 0.5f;
            b[i * N + j] = (float)((i * 5 + j * 11) % 13) / 12.0f - 0.25f;
        }
    double trace = 0.0, dots = 0.0;
    for (int r = 0; r < ROUNDS; r++) {
        matmul(a, b, c);
        for (int i = 0; i < N; i++) trace += c[i * N + i];
        /* Every row of c against every row of a (a Gram-like product). */
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) dots += dot(c + i * N, a + j * N);
        /* Feed the result back so that no round repeats the previous one. */
        for (int i = 0; i < N; i++) b[i * N + (i * 13 + r) % N] = c[i * N + i] * 0.125f;
    }
    uint32_t bits = 0;
    for (int i = 0; i < N * N; i++) {
        union { float f; uint32_t u; } v = {c[i]};
        bits = bits * 31u + v.u;
    }
    printf("simd_dot %dx%d x%d: trace %.6f dots %.6f bits %08x\n", N, N, ROUNDS, trace, dots,
           bits);
    free(a); free(b); free(c);
    return 0;
}
