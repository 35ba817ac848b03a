/* A small stack-based bytecode VM with switch dispatch (the shape of an interpreter running
 * inside wasm). The guest program sums Collatz sequence lengths for 1..n. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum Op { PUSH, LOAD, STORE, ADD, SUB, MUL, DIVU, AND, SHR, LT, EQ, JMP, JZ, JNZ, DUP, POP, HALT };

/* Registers: r0 = i, r1 = n, r2 = x, r3 = total, r4 = steps. The guest program is emitted
 * by assemble(), which resolves its jump targets. */
static int32_t code[128];

static void assemble(void) {
    int pc = 0;
#define EMIT(x) (code[pc++] = (x))
    int outer, inner, even, inner_end, end, jz_end_at, jnz_inner_end_at, jz_even_at, jmp_join_at, join;
    EMIT(PUSH); EMIT(1); EMIT(STORE); EMIT(0);
    EMIT(PUSH); EMIT(0); EMIT(STORE); EMIT(3);
    outer = pc;
    EMIT(LOAD); EMIT(0); EMIT(LOAD); EMIT(1); EMIT(LT); EMIT(JZ); jz_end_at = pc; EMIT(0);
    EMIT(LOAD); EMIT(0); EMIT(STORE); EMIT(2); EMIT(PUSH); EMIT(0); EMIT(STORE); EMIT(4);
    inner = pc;
    EMIT(LOAD); EMIT(2); EMIT(PUSH); EMIT(1); EMIT(EQ); EMIT(JNZ); jnz_inner_end_at = pc; EMIT(0);
    EMIT(LOAD); EMIT(2); EMIT(PUSH); EMIT(1); EMIT(AND); EMIT(JZ); jz_even_at = pc; EMIT(0);
    EMIT(LOAD); EMIT(2); EMIT(PUSH); EMIT(3); EMIT(MUL); EMIT(PUSH); EMIT(1); EMIT(ADD); EMIT(STORE); EMIT(2);
    EMIT(JMP); jmp_join_at = pc; EMIT(0);
    even = pc;
    EMIT(LOAD); EMIT(2); EMIT(PUSH); EMIT(1); EMIT(SHR); EMIT(STORE); EMIT(2);
    join = pc;
    EMIT(LOAD); EMIT(4); EMIT(PUSH); EMIT(1); EMIT(ADD); EMIT(STORE); EMIT(4);
    EMIT(JMP); EMIT(inner);
    inner_end = pc;
    EMIT(LOAD); EMIT(3); EMIT(LOAD); EMIT(4); EMIT(ADD); EMIT(STORE); EMIT(3);
    EMIT(LOAD); EMIT(0); EMIT(PUSH); EMIT(1); EMIT(ADD); EMIT(STORE); EMIT(0);
    EMIT(JMP); EMIT(outer);
    end = pc;
    EMIT(HALT);
    code[jz_end_at] = end; code[jnz_inner_end_at] = inner_end;
    code[jz_even_at] = even; code[jmp_join_at] = join;
#undef EMIT
}

static uint64_t run(const int32_t *code, int64_t *regs, uint64_t *executed) {
    int64_t stack[64];
    int sp = 0, pc = 0;
    uint64_t count = 0;
    for (;;) {
        count++;
        switch (code[pc++]) {
        case PUSH: stack[sp++] = code[pc++]; break;
        case LOAD: stack[sp++] = regs[code[pc++]]; break;
        case STORE: regs[code[pc++]] = stack[--sp]; break;
        case ADD: sp--; stack[sp - 1] += stack[sp]; break;
        case SUB: sp--; stack[sp - 1] -= stack[sp]; break;
        case MUL: sp--; stack[sp - 1] *= stack[sp]; break;
        case DIVU: sp--; stack[sp - 1] = (uint64_t)stack[sp - 1] / (uint64_t)stack[sp]; break;
        case AND: sp--; stack[sp - 1] &= stack[sp]; break;
        case SHR: sp--; stack[sp - 1] = (uint64_t)stack[sp - 1] >> stack[sp]; break;
        case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; break;
        case EQ: sp--; stack[sp - 1] = stack[sp - 1] == stack[sp]; break;
        case JMP: pc = code[pc]; break;
        case JZ: pc = stack[--sp] ? pc + 1 : code[pc]; break;
        case JNZ: pc = stack[--sp] ? code[pc] : pc + 1; break;
        case DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case POP: sp--; break;
        case HALT: *executed = count; return (uint64_t)regs[3];
        default: printf("bad opcode at %d\n", pc - 1); exit(1);
        }
    }
}

int main(int argc, char **argv) {
    int64_t n = argc > 1 ? atoll(argv[1]) : 60000;
    assemble();
    int64_t regs[8] = {0};
    regs[1] = n;
    uint64_t executed = 0;
    uint64_t total = run(code, regs, &executed);
    printf("collatz steps for 1..%lld: %llu (%llu bytecodes executed)\n", (long long)(n - 1),
           (unsigned long long)total, (unsigned long long)executed);
    return 0;
}
