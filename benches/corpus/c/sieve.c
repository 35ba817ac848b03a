/* Sieve of Eratosthenes over a byte array: tight loops with strided memory stores. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
    unsigned limit = argc > 1 ? (unsigned)atoi(argv[1]) : 4000000u;
    unsigned rounds = 12;
    unsigned char *composite = malloc(limit + 1);
    unsigned long long checksum = 0;
    unsigned count = 0;
    for (unsigned round = 0; round < rounds; round++) {
        memset(composite, 0, limit + 1);
        count = 0;
        for (unsigned i = 2; i <= limit; i++) {
            if (composite[i]) continue;
            count++;
            checksum = checksum * 31 + i;
            for (unsigned long long j = (unsigned long long)i * i; j <= limit; j += i) composite[j] = 1;
        }
    }
    printf("primes below %u: %u, checksum %016llx\n", limit, count, checksum);
    free(composite);
    return 0;
}
