/* UTF-8 validation and character counting of generated text documents (held out: written after
 * the SIMD tuning, not used to choose fast paths).
 *
 * A buffer of mixed ASCII, 2-, 3- and 4-byte UTF-8 is cut into documents whose lengths are
 * multiples of 16; some documents are damaged (a byte overwritten, or cut in the middle of a
 * sequence). Each round validates every document, counts its characters (bytes that are not
 * continuation bytes) and its ASCII-only 16-byte blocks, then damages a few more bytes.
 *
 * Built with -msimd128: the validator is the lookup algorithm of simdjson (Keiser and Lemire,
 * "Validating UTF-8 in less than one instruction per byte"): three i8x16.swizzle table lookups
 * on the high and low nibbles of each byte and of the byte before it, i8x16.shuffle to see the
 * previous block's last bytes, u8x16.sub_sat for the third/fourth-byte checks, v128.any_true
 * for the ASCII fast path; the counts use i8x16.gt_s and pairwise widening adds. Otherwise
 * (scalar and native builds) a byte-at-a-time validator of the Unicode table of well-formed
 * sequences. Both compute the same well-defined answers, so every build prints the same
 * checksum. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

#ifndef LEN
#define LEN (1 << 19) /* buffer bytes (a multiple of 16) */
#endif
#ifndef ROUNDS
#define ROUNDS 20
#endif

#ifdef __wasm_simd128__
/* Error classes, one bit each (the names of the paper). */
#define TOO_SHORT (1 << 0)
#define TOO_LONG (1 << 1)
#define OVERLONG_3 (1 << 2)
#define TOO_LARGE (1 << 3)
#define SURROGATE (1 << 4)
#define OVERLONG_2 (1 << 5)
#define TOO_LARGE_1000 (1 << 6)
#define OVERLONG_4 (1 << 6)
#define TWO_CONTS (1 << 7)
#define CARRY (TOO_SHORT | TOO_LONG | TWO_CONTS)

/* The bytes before each byte of `input`: lanes 16-n.. of prev followed by input. */
#define PREV1(input, prev) \
    wasm_i8x16_shuffle(prev, input, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30)
#define PREV2(input, prev) \
    wasm_i8x16_shuffle(prev, input, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29)
#define PREV3(input, prev) \
    wasm_i8x16_shuffle(prev, input, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28)

static v128_t check_block(v128_t input, v128_t prev) {
    const v128_t byte_1_high_table = wasm_u8x16_make(
        TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
        TWO_CONTS, TWO_CONTS, TWO_CONTS, TWO_CONTS, TOO_SHORT | OVERLONG_2, TOO_SHORT,
        TOO_SHORT | OVERLONG_3 | SURROGATE, TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4);
    const v128_t byte_1_low_table = wasm_u8x16_make(
        CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4, CARRY | OVERLONG_2, CARRY, CARRY,
        CARRY | TOO_LARGE, CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE, CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000);
    const v128_t byte_2_high_table = wasm_u8x16_make(
        TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
        TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE, TOO_SHORT, TOO_SHORT,
        TOO_SHORT, TOO_SHORT);
    const v128_t low_nibble = wasm_i8x16_splat(0x0f);
    v128_t prev1 = PREV1(input, prev);
    v128_t byte_1_high = wasm_i8x16_swizzle(byte_1_high_table, wasm_u8x16_shr(prev1, 4));
    v128_t byte_1_low = wasm_i8x16_swizzle(byte_1_low_table, wasm_v128_and(prev1, low_nibble));
    v128_t byte_2_high = wasm_i8x16_swizzle(byte_2_high_table, wasm_u8x16_shr(input, 4));
    v128_t special = wasm_v128_and(wasm_v128_and(byte_1_high, byte_1_low), byte_2_high);
    /* A byte two after a 3- or 4-byte lead, or three after a 4-byte lead, must be a
     * continuation: bit 7 of `must23` says so, and TWO_CONTS (bit 7) in `special` says it is. */
    v128_t third = wasm_u8x16_sub_sat(PREV2(input, prev), wasm_u8x16_splat(0xe0 - 0x80));
    v128_t fourth = wasm_u8x16_sub_sat(PREV3(input, prev), wasm_u8x16_splat(0xf0 - 0x80));
    v128_t must23 = wasm_v128_and(wasm_v128_or(third, fourth), wasm_u8x16_splat(0x80));
    return wasm_v128_xor(must23, special);
}

/* Whether doc[0..len) (len a multiple of 16) is well-formed UTF-8. */
static int valid_utf8(const uint8_t *doc, uint32_t len) {
    /* Nonzero in a lane when the block ends inside a sequence begun in that lane. */
    const v128_t incomplete_max = wasm_u8x16_make(255, 255, 255, 255, 255, 255, 255, 255, 255,
                                                  255, 255, 255, 255, 0xf0 - 1, 0xe0 - 1,
                                                  0xc0 - 1);
    v128_t error = wasm_i64x2_splat(0), prev = wasm_i64x2_splat(0);
    v128_t prev_incomplete = wasm_i64x2_splat(0);
    for (uint32_t i = 0; i < len; i += 16) {
        v128_t input = wasm_v128_load(doc + i);
        if (!wasm_v128_any_true(wasm_v128_and(input, wasm_u8x16_splat(0x80)))) {
            /* ASCII: valid unless the previous block left a sequence unfinished. */
            error = wasm_v128_or(error, prev_incomplete);
        } else {
            error = wasm_v128_or(error, check_block(input, prev));
            prev_incomplete = wasm_u8x16_sub_sat(input, incomplete_max);
        }
        prev = input;
    }
    error = wasm_v128_or(error, prev_incomplete);
    return !wasm_v128_any_true(error);
}

/* Characters (bytes that are not 10xxxxxx) and ASCII-only 16-byte blocks of doc[0..len). */
static uint32_t count_chars(const uint8_t *doc, uint32_t len, uint32_t *ascii_blocks) {
    const v128_t last_continuation = wasm_i8x16_splat(-65); /* 0xbf */
    v128_t total = wasm_i64x2_splat(0);
    uint32_t ascii = 0;
    uint32_t i = 0;
    while (i < len) {
        /* Up to 255 blocks in u8 lanes (each adds at most 1 per lane), then widen. */
        uint32_t end = len - i > 255 * 16 ? i + 255 * 16 : len;
        v128_t bytes = wasm_i64x2_splat(0);
        for (; i < end; i += 16) {
            v128_t input = wasm_v128_load(doc + i);
            /* A lane is all ones when its byte starts a character: subtracting adds 1. */
            bytes = wasm_i8x16_sub(bytes, wasm_i8x16_gt(input, last_continuation));
            ascii += wasm_i8x16_bitmask(input) == 0;
        }
        total = wasm_i32x4_add(total, wasm_u32x4_extadd_pairwise_u16x8(
                                          wasm_u16x8_extadd_pairwise_u8x16(bytes)));
    }
    *ascii_blocks = ascii;
    return wasm_i32x4_extract_lane(total, 0) + wasm_i32x4_extract_lane(total, 1) +
           wasm_i32x4_extract_lane(total, 2) + wasm_i32x4_extract_lane(total, 3);
}
#else
/* Whether doc[0..len) is well-formed UTF-8 (Unicode 15, table 3-7). */
static int valid_utf8(const uint8_t *doc, uint32_t len) {
    uint32_t i = 0;
    while (i < len) {
        uint8_t b = doc[i];
        if (b < 0x80) { i++; continue; }
        uint32_t n;
        uint8_t lo = 0x80, hi = 0xbf; /* the allowed range of the second byte */
        if (b >= 0xc2 && b <= 0xdf) n = 2;
        else if (b >= 0xe0 && b <= 0xef) {
            n = 3;
            if (b == 0xe0) lo = 0xa0;
            if (b == 0xed) hi = 0x9f;
        } else if (b >= 0xf0 && b <= 0xf4) {
            n = 4;
            if (b == 0xf0) lo = 0x90;
            if (b == 0xf4) hi = 0x8f;
        } else return 0;
        if (len - i < n) return 0;
        if (doc[i + 1] < lo || doc[i + 1] > hi) return 0;
        for (uint32_t k = 2; k < n; k++)
            if ((doc[i + k] & 0xc0) != 0x80) return 0;
        i += n;
    }
    return 1;
}

static uint32_t count_chars(const uint8_t *doc, uint32_t len, uint32_t *ascii_blocks) {
    uint32_t count = 0, ascii = 0;
    for (uint32_t i = 0; i < len; i += 16) {
        uint8_t high = 0;
        for (uint32_t k = 0; k < 16; k++) {
            count += (doc[i + k] & 0xc0) != 0x80;
            high |= doc[i + k];
        }
        ascii += high < 0x80;
    }
    *ascii_blocks = ascii;
    return count;
}
#endif

static uint32_t x = 2463534242u;
static uint32_t next(void) {
    x ^= x << 13; x ^= x >> 17; x ^= x << 5;
    return x;
}

/* Writes code point c as UTF-8 at p; returns its length. */
static uint32_t encode(uint8_t *p, uint32_t c) {
    if (c < 0x80) { p[0] = (uint8_t)c; return 1; }
    if (c < 0x800) { p[0] = (uint8_t)(0xc0 | c >> 6); p[1] = (uint8_t)(0x80 | (c & 63)); return 2; }
    if (c < 0x10000) {
        p[0] = (uint8_t)(0xe0 | c >> 12); p[1] = (uint8_t)(0x80 | (c >> 6 & 63));
        p[2] = (uint8_t)(0x80 | (c & 63));
        return 3;
    }
    p[0] = (uint8_t)(0xf0 | c >> 18); p[1] = (uint8_t)(0x80 | (c >> 12 & 63));
    p[2] = (uint8_t)(0x80 | (c >> 6 & 63)); p[3] = (uint8_t)(0x80 | (c & 63));
    return 4;
}

#define MAX_DOCS (LEN / 256)

int main(void) {
    uint8_t *buf = malloc(LEN);
    uint32_t start[MAX_DOCS + 1];
    uint32_t docs = 0, pos = 0;
    /* Documents of 256..4096 bytes (multiples of 16); text mostly ASCII words, with runs of
     * Latin (2-byte), CJK (3-byte) and emoji (4-byte) characters; spaces pad each document. */
    while (docs < MAX_DOCS) {
        uint32_t len = 16 * (16 + next() % 241);
        if (pos + len > LEN) break;
        start[docs++] = pos;
        uint32_t end = pos + len;
        int script = 0;
        while (pos < end) {
            uint32_t r = next();
            if (r % 23 == 0) script = (int)(r >> 8) % 4;
            uint32_t c;
            if (r % 7 == 0) c = ' ';
            else if (script == 0) c = 'a' + (r >> 12) % 26;
            else if (script == 1) c = 0xc0 + (r >> 12) % 0x180;       /* Latin: 2 bytes */
            else if (script == 2) c = 0x4e00 + (r >> 12) % 0x5000;     /* CJK: 3 bytes */
            else c = 0x1f300 + (r >> 12) % 0x300;                     /* emoji: 4 bytes */
            uint8_t tmp[4];
            uint32_t n = encode(tmp, c);
            if (pos + n > end) { buf[pos++] = ' '; continue; }
            for (uint32_t k = 0; k < n; k++) buf[pos++] = tmp[k];
        }
        /* Damage one document in four: an overwritten byte (often, not always, invalid), or a
         * sequence cut by a lead byte at the very end. */
        uint32_t r = next();
        if (r % 4 == 0) buf[start[docs - 1] + (r >> 8) % len] = (uint8_t)(r >> 3);
        else if (r % 16 == 1) buf[end - 1] = 0xe4;
    }
    start[docs] = pos;
    uint8_t *pristine = malloc(pos);
    memcpy(pristine, buf, pos);

    uint32_t valid = 0, chars = 0, ascii = 0, hash = 2166136261u;
    for (int round = 0; round < ROUNDS; round++) {
        for (uint32_t d = 0; d < docs; d++) {
            const uint8_t *doc = buf + start[d];
            uint32_t len = start[d + 1] - start[d], blocks;
            int ok = valid_utf8(doc, len);
            uint32_t n = count_chars(doc, len, &blocks);
            valid += (uint32_t)ok;
            chars += n;
            ascii += blocks;
            hash = (hash ^ (n * 2u + (uint32_t)ok)) * 16777619u;
        }
        /* Each round sees slightly different text: the original with a few bytes overwritten
         * (not accumulated, so the share of valid documents stays about the same). */
        memcpy(buf, pristine, pos);
        for (int k = 0; k < 24; k++) {
            uint32_t r = next();
            buf[(r >> 8) % pos] = (uint8_t)(r % 3 == 0 ? r : 'a' + r % 26);
        }
    }
    printf("simd_utf8 %u bytes in %u documents x%d: valid %u chars %u ascii blocks %u "
           "fnv %08x\n",
           pos, docs, ROUNDS, valid, chars, ascii, hash);
    free(buf); free(pristine);
    return 0;
}
