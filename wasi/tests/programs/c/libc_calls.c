/* Exercises WASI through wasi-libc, the way C programs use it, and prints `ok NAME` per
 * check (or `FAIL NAME: detail`). Run with args `one two`, env `FIXTURE=c`, and a writable
 * preopen named `sandbox`. Exits 0 when every check passes. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

static int failures = 0;

static void check(const char *name, int ok, const char *detail) {
    if (ok) {
        printf("ok %s\n", name);
    } else {
        failures++;
        printf("FAIL %s: %s (errno %d)\n", name, detail, errno);
    }
}

int main(int argc, char **argv) {
    check("argv", argc == 3 && strcmp(argv[1], "one") == 0 && strcmp(argv[2], "two") == 0, "args");
    const char *fixture = getenv("FIXTURE");
    check("getenv", fixture && strcmp(fixture, "c") == 0, "FIXTURE");

    struct timespec ts, res;
    check("clock_gettime", clock_gettime(CLOCK_REALTIME, &ts) == 0 && ts.tv_sec > 1600000000, "realtime");
    check("clock_getres", clock_getres(CLOCK_MONOTONIC, &res) == 0 && (res.tv_sec > 0 || res.tv_nsec > 0), "res");
    struct timespec nap = {0, 2000000}, t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    nanosleep(&nap, NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long long slept = (t1.tv_sec - t0.tv_sec) * 1000000000LL + (t1.tv_nsec - t0.tv_nsec);
    check("nanosleep", slept >= 2000000, "slept too little");
    unsigned char rnd[32] = {0};
    int any = 0;
    check("getentropy", getentropy(rnd, sizeof rnd) == 0, "getentropy");
    for (unsigned i = 0; i < sizeof rnd; i++) any |= rnd[i];
    check("getentropy bytes", any != 0, "all zero");
    check("sched_yield", sched_yield() == 0, "yield");

    check("chdir", chdir("/sandbox") == 0, "chdir");
    check("mkdir", mkdir("cdir", 0755) == 0, "mkdir");
    FILE *f = fopen("cdir/file.txt", "w+");
    check("fopen", f != NULL, "fopen");
    check("fprintf", fprintf(f, "hello from c\n") == 13, "fprintf");
    check("fflush", fflush(f) == 0, "fflush");
    rewind(f);
    char line[64] = {0};
    check("fgets", fgets(line, sizeof line, f) && strcmp(line, "hello from c\n") == 0, line);
    int fd = fileno(f);
    check("fsync", fsync(fd) == 0, "fsync");
    check("fdatasync", fdatasync(fd) == 0, "fdatasync");
    check("pwrite", pwrite(fd, "HELLO", 5, 0) == 5, "pwrite");
    char five[6] = {0};
    check("pread", pread(fd, five, 5, 0) == 5 && strcmp(five, "HELLO") == 0, five);
    check("lseek", lseek(fd, 0, SEEK_END) == 13, "lseek");
    check("ftruncate", ftruncate(fd, 4) == 0, "ftruncate");
    check("posix_fallocate", posix_fallocate(fd, 0, 100) == 0, "fallocate");
    check("posix_fadvise", posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL) == 0, "fadvise");
    struct stat st;
    check("fstat", fstat(fd, &st) == 0 && st.st_size == 100 && S_ISREG(st.st_mode), "fstat");
    struct timespec times[2] = {{1000, 0}, {2000, 0}};
    check("futimens", futimens(fd, times) == 0, "futimens");
    check("stat mtime", stat("cdir/file.txt", &st) == 0 && st.st_mtim.tv_sec == 2000, "mtime");
    int flags = fcntl(fd, F_GETFL);
    check("fcntl F_SETFL", fcntl(fd, F_SETFL, flags | O_APPEND) == 0 && (fcntl(fd, F_GETFL) & O_APPEND), "append");
    check("isatty on a file", !isatty(fd), "isatty");
    check("fclose", fclose(f) == 0, "fclose");

    check("symlink", symlink("file.txt", "cdir/link") == 0, "symlink");
    char target[64] = {0};
    check("readlink", readlink("cdir/link", target, sizeof target) == 8 && strcmp(target, "file.txt") == 0, target);
    check("lstat", lstat("cdir/link", &st) == 0 && S_ISLNK(st.st_mode), "lstat");
    check("link", link("cdir/file.txt", "cdir/hard") == 0, "link");
    check("rename", rename("cdir/hard", "cdir/hard2") == 0, "rename");
    check("utimensat", utimensat(AT_FDCWD, "cdir/hard2", times, 0) == 0, "utimensat");
    DIR *d = opendir("cdir");
    int count = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) count++;
    check("readdir", d && count == 5, "count");
    if (d) closedir(d);
    check("unlink", unlink("cdir/link") == 0 && unlink("cdir/hard2") == 0 && unlink("cdir/file.txt") == 0, "unlink");
    check("rmdir", rmdir("cdir") == 0, "rmdir");
    errno = 0;
    check("escape refused", open("../../etc/passwd", O_RDONLY) < 0 && errno == EPERM, "escape");

    struct pollfd p = {.fd = 1, .events = POLLOUT};
    check("poll", poll(&p, 1, 100) == 1 && (p.revents & POLLOUT), "poll");
    __wasi_fd_t a = 0;
    int fa = open("/sandbox/r1", O_CREAT | O_RDWR, 0644), fb = open("/sandbox/r2", O_CREAT | O_RDWR, 0644);
    check("fd_renumber", fa >= 0 && fb >= 0 && __wasi_fd_renumber(fa, fb) == 0, "renumber");
    close(fb);
    unlink("/sandbox/r1");
    unlink("/sandbox/r2");
    check("sock_accept", __wasi_sock_accept(1, 0, &a) == __WASI_ERRNO_NOTSOCK, "accept");

    printf("%d failures\n", failures);
    return failures == 0 ? 0 : 1;
}
