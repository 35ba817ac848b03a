/* 16-bit fixed-point audio (held out: written after the SIMD tuning, not used to choose fast
 * paths): two channels each through a 32-tap Q15 FIR filter, mixed to one with Q15 gains,
 * scaled by a Q15 volume and added with saturation into a bus, block after block.
 *
 * Built with -msimd128 the three stages use wasm_simd128.h intrinsics: the filter computes 8
 * outputs at a time with i32x4.extmul_{low,high}_i16x8_s against a splatted tap and
 * i16x8.narrow_i32x4_s; the mix interleaves the channels with i8x16.shuffle and weights them
 * with i32x4.dot_i16x8_s; the volume is i16x8.q15mulr_sat_s and the bus i16x8.add_sat_s.
 * Otherwise (scalar and native builds) plain C of the same integer arithmetic (no overflow:
 * the taps' magnitudes sum to at most 1.0 in Q15), so every build prints the same checksum. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

#ifndef N
#define N 16384 /* samples per block (a multiple of 8) */
#endif
#ifndef TAPS
#define TAPS 32
#endif
#ifndef ROUNDS
#define ROUNDS 12
#endif

static int16_t sat16(int32_t v) { return (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v); }

/* y[n] = sat16((sum_k h[k] x[n + k] + 2^14) >> 15) for n in 0..N; x has N + TAPS samples. */
static void fir(const int16_t *x, const int16_t *h, int16_t *y) {
#ifdef __wasm_simd128__
    const v128_t round = wasm_i32x4_splat(1 << 14);
    /* The taps splatted once, kept in memory: clang then multiplies with extmul (given the
     * splat itself, it sign-extends the tap and uses i32x4.mul). */
    v128_t taps[TAPS];
    for (int k = 0; k < TAPS; k++) taps[k] = wasm_i16x8_splat(h[k]);
    for (int n = 0; n < N; n += 8) {
        v128_t lo = round, hi = round;
        for (int k = 0; k < TAPS; k++) {
            v128_t xs = wasm_v128_load(x + n + k), t = taps[k];
            lo = wasm_i32x4_add(lo, wasm_i32x4_extmul_low_i16x8(xs, t));
            hi = wasm_i32x4_add(hi, wasm_i32x4_extmul_high_i16x8(xs, t));
        }
        wasm_v128_store(y + n, wasm_i16x8_narrow_i32x4(wasm_i32x4_shr(lo, 15),
                                                       wasm_i32x4_shr(hi, 15)));
    }
#else
    for (int n = 0; n < N; n++) {
        int32_t acc = 1 << 14;
        for (int k = 0; k < TAPS; k++) acc += h[k] * x[n + k];
        y[n] = sat16(acc >> 15);
    }
#endif
}

/* m[n] = sat16((l[n] gl + r[n] gr + 2^14) >> 15), with |gl| + |gr| <= 2^15. */
static void mix(const int16_t *l, const int16_t *r, int16_t gl, int16_t gr, int16_t *m) {
#ifdef __wasm_simd128__
    const v128_t gains = wasm_i16x8_make(gl, gr, gl, gr, gl, gr, gl, gr);
    const v128_t round = wasm_i32x4_splat(1 << 14);
    for (int n = 0; n < N; n += 8) {
        v128_t a = wasm_v128_load(l + n), b = wasm_v128_load(r + n);
        v128_t lr_lo = wasm_i16x8_shuffle(a, b, 0, 8, 1, 9, 2, 10, 3, 11);
        v128_t lr_hi = wasm_i16x8_shuffle(a, b, 4, 12, 5, 13, 6, 14, 7, 15);
        v128_t s0 = wasm_i32x4_add(wasm_i32x4_dot_i16x8(lr_lo, gains), round);
        v128_t s1 = wasm_i32x4_add(wasm_i32x4_dot_i16x8(lr_hi, gains), round);
        wasm_v128_store(m + n, wasm_i16x8_narrow_i32x4(wasm_i32x4_shr(s0, 15),
                                                       wasm_i32x4_shr(s1, 15)));
    }
#else
    for (int n = 0; n < N; n++) m[n] = sat16((l[n] * gl + r[n] * gr + (1 << 14)) >> 15);
#endif
}

/* bus[n] = sat16(bus[n] + sat16((m[n] vol + 2^14) >> 15)). */
static void add_to_bus(const int16_t *m, int16_t vol, int16_t *bus) {
#ifdef __wasm_simd128__
    const v128_t v = wasm_i16x8_splat(vol);
    for (int n = 0; n < N; n += 8)
        wasm_v128_store(bus + n, wasm_i16x8_add_sat(wasm_v128_load(bus + n),
                                                    wasm_i16x8_q15mulr_sat(wasm_v128_load(m + n),
                                                                           v)));
#else
    for (int n = 0; n < N; n++) bus[n] = sat16(bus[n] + sat16((m[n] * vol + (1 << 14)) >> 15));
#endif
}

static uint32_t seed = 12345u;
static uint32_t next(void) {
    seed = seed * 1664525u + 1013904223u;
    return seed;
}

/* Taps of a smoothing (or, with alternating signs, a sharpening) filter whose magnitudes sum
 * to just under 2^15. */
static void make_taps(int16_t *h, int sharpen) {
    int32_t w[TAPS], total = 0;
    for (int k = 0; k < TAPS; k++) {
        int d = k < TAPS / 2 ? k + 1 : TAPS - k;
        w[k] = d * d + (int32_t)(next() >> 28);
        total += w[k];
    }
    for (int k = 0; k < TAPS; k++) {
        int32_t t = w[k] * 32000 / total;
        h[k] = (int16_t)(sharpen && (k & 1) ? -t : t);
    }
}

int main(void) {
    int16_t *left = malloc(sizeof(int16_t) * (N + TAPS)), *right = malloc(sizeof(int16_t) * (N + TAPS));
    int16_t *fl = malloc(sizeof(int16_t) * N), *fr = malloc(sizeof(int16_t) * N);
    int16_t *m = malloc(sizeof(int16_t) * N), *bus = calloc(N, sizeof(int16_t));
    int16_t hl[TAPS], hr[TAPS];
    /* Two voices: a sawtooth and a triangle at different pitches, plus noise, near full
     * scale so that the saturating steps saturate now and then. */
    uint32_t phase_l = 0, phase_r = 0;
    uint32_t hash = 2166136261u;
    int64_t energy = 0;
    for (int round = 0; round < ROUNDS; round++) {
        for (int n = 0; n < N + TAPS; n++) {
            phase_l += 2900u + (uint32_t)round * 17u;
            phase_r += 4100u;
            int32_t saw = (int32_t)(phase_l >> 16 & 0xffff) - 32768;
            int32_t tri = (int32_t)(phase_r >> 15 & 0xffff);
            tri = (tri < 32768 ? tri : 65535 - tri) * 2 - 32768;
            int32_t noise = (int32_t)(next() >> 20) - 2048;
            left[n] = sat16(saw * 7 / 8 + noise);
            right[n] = sat16(tri * 7 / 8 - noise);
        }
        make_taps(hl, 0);
        make_taps(hr, round & 1);
        for (int pass = 0; pass < 4; pass++) {
            fir(left, hl, fl);
            fir(right, hr, fr);
            int16_t gl = (int16_t)(8000 + (int)(next() >> 19)), gr = (int16_t)(32767 - gl);
            if (pass & 1) gr = (int16_t)-gr;
            mix(fl, fr, gl, gr, m);
            add_to_bus(m, (int16_t)(7000 + pass * 1000 - round * 200), bus);
            /* The bus feeds the next pass's left input. */
            for (int n = 0; n < N; n += 64) left[n + TAPS / 2] = bus[n];
        }
        for (int n = 0; n < N; n++) {
            energy += bus[n] < 0 ? -bus[n] : bus[n];
            hash = (hash ^ (uint16_t)bus[n]) * 16777619u;
        }
        /* Decay the bus so it does not sit at full scale. */
        for (int n = 0; n < N; n++) bus[n] = (int16_t)(bus[n] / 2);
    }
    printf("simd_fir %d samples, %d taps x%d: energy %lld fnv %08x\n", N, TAPS, ROUNDS,
           (long long)energy, hash);
    free(left); free(right); free(fl); free(fr); free(m); free(bus);
    return 0;
}
