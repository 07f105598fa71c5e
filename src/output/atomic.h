/* Atomic file output: write to a temporary file in the target's directory,
 * then rename it into place. A failure never leaves a partial file and never
 * touches an existing one. */
#ifndef IC_OUTPUT_ATOMIC_H
#define IC_OUTPUT_ATOMIC_H

#include <stdio.h>
#include "infochart.h"

typedef struct ic_atomic {
    FILE *f;
    char *path;     /* final path */
    char *tmp;      /* temporary path */
} ic_atomic;

/* Opens a temporary file beside `path`. Returns 0 or -1 (IC_ERR_IO). */
int ic_atomic_open(ic_atomic *a, const char *path, ic_error *err);
/* Flushes, closes and renames into place. On failure the temporary file is
 * removed. Returns 0 or -1. */
int ic_atomic_commit(ic_atomic *a, ic_error *err);
/* Closes and removes the temporary file. Safe after a failed open. */
void ic_atomic_abort(ic_atomic *a);

/* Writes `len` bytes to `path` atomically. */
int ic_atomic_write(const char *path, const void *data, size_t len, ic_error *err);

#endif
