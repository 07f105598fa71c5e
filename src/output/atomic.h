/* Atomic file output: each file is written to a temporary file in its
 * target's directory, synced, then renamed into place. A set of files is
 * committed together: all are renamed, or (when a rename fails) those
 * already renamed are rolled back to the files they replaced, so a failure
 * never leaves a partial file, a partial set, or a lost earlier file.
 *
 * Temporary names are `.<name>.ic-tmp-<pid>-<6 characters>` (IC_ATOMIC_TAG):
 * a later run may remove those whose process is gone (killed mid-write).
 * New files get the mode 0666 less the umask; a file that is replaced keeps
 * its mode; a read-only file (no write bit) is never replaced. */
#ifndef IC_OUTPUT_ATOMIC_H
#define IC_OUTPUT_ATOMIC_H

#include <stdio.h>
#include "infochart.h"

#define IC_ATOMIC_TAG ".ic-tmp-"

typedef struct ic_atomic {
    FILE *f;
    char *path;     /* final path */
    char *tmp;      /* temporary path */
    char *backup;   /* hard link to the replaced file while committing, or NULL */
    int renamed;    /* the temporary file is in place */
    int keep_backup; /* a roll-back failed: the backup holds the previous file */
} ic_atomic;

/* Opens a temporary file beside `path`. Refuses (IC_ERR_IO) when `path`
 * exists and is not a regular file or is read-only. Returns 0 or -1. */
int ic_atomic_open(ic_atomic *a, const char *path, ic_error *err);

/* The rename step, replaceable so tests can inject failures. */
typedef int (*ic_rename_fn)(const char *from, const char *to);

/* Flushes, syncs and closes all `n` files, then renames them into place with
 * `rename_fn` (NULL: rename(2)). On any failure nothing changes on disk: the
 * temporary files are removed and renamed files are rolled back. Every file
 * is finished (closed) afterwards either way. Returns 0 or -1. */
int ic_atomic_commit_all(ic_atomic *files, size_t n, ic_rename_fn rename_fn, ic_error *err);

/* Closes and removes the temporary file. Safe after a failed open. */
void ic_atomic_abort(ic_atomic *a);

/* Writes `len` bytes to `path` atomically. */
int ic_atomic_write(const char *path, const void *data, size_t len, ic_error *err);

#endif
