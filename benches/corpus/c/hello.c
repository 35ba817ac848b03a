/* Hello world: the start-up case (time to first output, peak RSS of a whole run). */
#include <stdio.h>

int main(void) {
    puts("Hello, world!");
    return 0;
}
