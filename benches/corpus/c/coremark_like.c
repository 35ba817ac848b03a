/* A CoreMark-style mixed workload of our own: linked-list search, reverse and merge sort;
 * small integer matrix operations; a state machine that scans numbers in text; all results
 * folded into a CRC-16. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint16_t crc16_byte(uint8_t b, uint16_t crc) {
    for (int i = 0; i < 8; i++) {
        uint8_t x = (b ^ crc) & 1;
        b >>= 1;
        crc = x ? (crc >> 1) ^ 0xA001 : crc >> 1;
    }
    return crc;
}
static uint16_t crc16_u32(uint32_t v, uint16_t crc) {
    for (int i = 0; i < 4; i++) crc = crc16_byte((uint8_t)(v >> (8 * i)), crc);
    return crc;
}

/* ---- lists */
typedef struct Node { struct Node *next; int16_t key; int16_t value; } Node;

static Node *list_reverse(Node *head) {
    Node *prev = NULL;
    while (head) { Node *next = head->next; head->next = prev; prev = head; head = next; }
    return prev;
}
static Node *list_find(Node *head, int16_t key) {
    while (head && head->key != key) head = head->next;
    return head;
}
static Node *list_merge_sort(Node *list, int by_value) {
    /* bottom-up merge sort, O(n log n) without recursion */
    if (!list) return list;
    for (int insize = 1;; insize *= 2) {
        Node *p = list, *tail = NULL;
        list = NULL;
        int merges = 0;
        while (p) {
            merges++;
            Node *q = p;
            int psize = 0;
            for (int i = 0; i < insize && q; i++) { psize++; q = q->next; }
            int qsize = insize;
            while (psize > 0 || (qsize > 0 && q)) {
                Node *e;
                if (psize == 0) { e = q; q = q->next; qsize--; }
                else if (qsize == 0 || !q) { e = p; p = p->next; psize--; }
                else {
                    int cmp = by_value ? p->value - q->value : p->key - q->key;
                    if (cmp <= 0) { e = p; p = p->next; psize--; }
                    else { e = q; q = q->next; qsize--; }
                }
                if (tail) tail->next = e; else list = e;
                tail = e;
            }
            p = q;
        }
        tail->next = NULL;
        if (merges <= 1) return list;
    }
}

static uint16_t bench_list(Node *nodes, int n, uint32_t seed, uint16_t crc) {
    Node *head = NULL;
    for (int i = n - 1; i >= 0; i--) {
        seed = seed * 1103515245u + 12345u;
        nodes[i].key = (int16_t)i;
        nodes[i].value = (int16_t)(seed >> 16);
        nodes[i].next = head;
        head = &nodes[i];
    }
    for (int i = 0; i < n / 4; i++) {
        Node *found = list_find(head, (int16_t)((i * 7) % (n + n / 8)));
        crc = crc16_u32(found ? (uint32_t)(uint16_t)found->value : 0xffffu, crc);
        head = list_reverse(head);
    }
    head = list_merge_sort(head, 1);
    for (Node *p = head; p; p = p->next) crc = crc16_u32((uint32_t)(uint16_t)p->value, crc);
    head = list_merge_sort(head, 0);
    crc = crc16_u32((uint32_t)(uint16_t)head->key, crc);
    return crc;
}

/* ---- matrix */
static uint16_t bench_matrix(int n, int16_t *a, int16_t *b, int32_t *c, uint32_t seed, uint16_t crc) {
    for (int i = 0; i < n * n; i++) {
        seed = seed * 1664525u + 1013904223u;
        a[i] = (int16_t)((seed >> 16) & 0xff);
        b[i] = (int16_t)((seed >> 8) & 0xff) - 128;
    }
    for (int i = 0; i < n * n; i++) a[i] += 3; /* add constant */
    for (int i = 0; i < n * n; i++) c[i] = (int32_t)a[i] * 5; /* multiply constant */
    for (int i = 0; i < n; i++) /* matrix times vector */
    {
        int32_t acc = 0;
        for (int j = 0; j < n; j++) acc += (int32_t)a[i * n + j] * b[j];
        c[i] = acc;
    }
    for (int i = 0; i < n; i++) /* matrix times matrix */
        for (int j = 0; j < n; j++) {
            int32_t acc = 0;
            for (int k = 0; k < n; k++) acc += (int32_t)a[i * n + k] * b[k * n + j];
            c[i * n + j] = acc;
        }
    int32_t sum = 0;
    for (int i = 0; i < n * n; i++) sum += (c[i] >> 2) & 0xfff;
    crc = crc16_u32((uint32_t)sum, crc);
    return crc;
}

/* ---- state machine: classify comma-separated tokens as int, float, scientific or invalid */
enum State { START, INT, S1, FLOAT, EXP, S2, SCI, INVALID, NSTATES };

static enum State step(enum State s, char ch) {
    int digit = ch >= '0' && ch <= '9';
    switch (s) {
    case START: return digit ? INT : ch == '+' || ch == '-' ? S1 : ch == '.' ? FLOAT : INVALID;
    case S1: return digit ? INT : ch == '.' ? FLOAT : INVALID;
    case INT: return digit ? INT : ch == '.' ? FLOAT : ch == 'e' || ch == 'E' ? S2 : INVALID;
    case FLOAT: return digit ? FLOAT : ch == 'e' || ch == 'E' ? S2 : INVALID;
    case S2: return ch == '+' || ch == '-' ? EXP : digit ? SCI : INVALID;
    case EXP: return digit ? SCI : INVALID;
    case SCI: return digit ? SCI : INVALID;
    default: return INVALID;
    }
}

static uint16_t bench_state(char *text, int len, uint32_t seed, uint16_t crc) {
    static const char *pieces[] = {"5012", "1234", "-874", "+122", "35.54400", ".1234500", "-110.700",
                                   "+0.64400", "5.500e+3", "-.123e-2", "-87e+832", "+0.6e-12",
                                   "T0.3e-1F", "-T.T++Tq", "1T3.4e4z", "34.0e-T^"};
    int pos = 0;
    while (pos + 10 < len) {
        seed = seed * 1103515245u + 12345u;
        const char *p = pieces[(seed >> 16) & 15];
        size_t l = strlen(p);
        memcpy(text + pos, p, l);
        pos += (int)l;
        text[pos++] = ',';
    }
    text[pos] = 0;
    uint32_t counts[NSTATES] = {0};
    for (int round = 0; round < 4; round++) {
        enum State s = START;
        for (int i = 0; i < pos; i++) {
            if (text[i] == ',') { counts[s]++; s = START; continue; }
            s = step(s, text[i]);
        }
        /* corrupt a few characters so the next round differs */
        for (int i = round; i < pos; i += 97) text[i] ^= 0x21;
    }
    for (int i = 0; i < NSTATES; i++) crc = crc16_u32(counts[i], crc);
    return crc;
}

int main(int argc, char **argv) {
    int iterations = argc > 1 ? atoi(argv[1]) : 400;
    enum { LIST = 600, MAT = 40, TEXT = 8000 };
    Node *nodes = malloc(sizeof(Node) * LIST);
    int16_t *a = malloc(sizeof(int16_t) * MAT * MAT), *b = malloc(sizeof(int16_t) * MAT * MAT);
    int32_t *c = malloc(sizeof(int32_t) * MAT * MAT);
    char *text = malloc(TEXT + 1);
    uint16_t crc = 0;
    for (int it = 0; it < iterations; it++) {
        crc = bench_list(nodes, LIST, (uint32_t)it, crc);
        crc = bench_matrix(MAT, a, b, c, (uint32_t)it * 3, crc);
        crc = bench_state(text, TEXT, (uint32_t)it * 5, crc);
    }
    printf("coremark-like %d iterations: crc %04x\n", iterations, crc);
    free(nodes); free(a); free(b); free(c); free(text);
    return 0;
}
