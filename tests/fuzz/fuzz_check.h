/* CHECK for the fuzz targets: a failed check names itself on stderr, then
 * traps, so libFuzzer reports a crash and saves the input. */
#ifndef IC_FUZZ_CHECK_H
#define IC_FUZZ_CHECK_H

#include <stdio.h>

#define CHECK(cond)                                                                         \
    do {                                                                                    \
        if (!(cond)) {                                                                      \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);        \
            __builtin_trap();                                                               \
        }                                                                                   \
    } while (0)

#endif
