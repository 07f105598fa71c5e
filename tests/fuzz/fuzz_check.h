/* Shared by the fuzz targets. CHECK: a failed check names itself on stderr,
 * then traps, so libFuzzer reports a crash and saves the input. */
#ifndef IC_FUZZ_CHECK_H
#define IC_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond)                                                                         \
    do {                                                                                    \
        if (!(cond)) {                                                                      \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);        \
            __builtin_trap();                                                               \
        }                                                                                   \
    } while (0)

/* Writes `len` bytes to `path`; 0 or -1. */
static inline int fuzz_write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    int ok = fwrite(data, 1, len, f) == len;
    ok &= fclose(f) == 0;
    return ok ? 0 : -1;
}

/* A new directory $TMPDIR/ic-fuzz-NAME-XXXXXX (or under /tmp) in `dir`;
 * aborts when it cannot be made (the target cannot run without it). */
static inline void fuzz_temp_dir(char *dir, size_t size, const char *name)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, size, "%s/ic-fuzz-%s-XXXXXX", tmp && *tmp ? tmp : "/tmp", name);
    if (!mkdtemp(dir)) {
        perror("fuzz: mkdtemp");
        abort();
    }
}

#endif
