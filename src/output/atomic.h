/* Atomic file output: each file is written to a temporary file in its
 * target's directory, synced, then renamed into place. A set of files is
 * installed together: all are renamed, or (when a rename fails) those
 * already renamed are rolled back to the files they replaced, so a failure
 * never leaves a partial file, a partial set, or a lost earlier file.
 *
 * Temporary names are `.<name>.ic-tmp-<host>-<pid>-<6 characters>` (<host>:
 * ic_hash_hex8 of the host name); while a set is installed, each
 * replaced file is kept as `.<name>.ic-old-<host>-<pid>-<6>` (a
 * hard link, or the file itself moved where hard links are not supported)
 * until every rename succeeded. A later `build` sweeps both kinds left by
 * a process of this host that no longer runs (killed mid-write).
 * New files get the mode 0666 less the umask; a file that is replaced keeps
 * its mode; a read-only file (no write bit) is never replaced. */
#ifndef IC_OUTPUT_ATOMIC_H
#define IC_OUTPUT_ATOMIC_H

#include <stdio.h>
#include "infochart.h"

#define IC_ATOMIC_TAG ".ic-tmp-"
#define IC_ATOMIC_BACKUP_TAG ".ic-old-"

typedef struct ic_atomic {
    FILE *f;         /* open while being written; NULL once finished */
    char *path;      /* final path */
    char *tmp;       /* temporary path (NULL once renamed into place) */
    char *backup;    /* the replaced file while installing, or NULL */
    int moved;       /* the backup is the replaced file itself, moved (no hard links) */
    int renamed;     /* the temporary file is in place */
    int keep_backup; /* a roll-back failed: the backup holds the previous file */
} ic_atomic;

/* Opens a temporary file beside `path`. Refuses (IC_ERR_IO) when `path`
 * exists and is not a regular file or is read-only. Returns 0 or -1. */
int ic_atomic_open(ic_atomic *a, const char *path, ic_error *err);

/* Flushes, syncs and closes the temporary file. On failure it is removed
 * (the ic_atomic is then empty). Returns 0 or -1. */
int ic_atomic_finish(ic_atomic *a, ic_error *err);

/* The file-system steps of an install, replaceable so tests can inject
 * failures (a full disk, a file system without hard links). */
typedef struct ic_atomic_ops {
    int (*rename)(const char *from, const char *to);
    int (*link)(const char *from, const char *to);
} ic_atomic_ops;

/* Renames `n` finished files into place with `ops` (NULL: rename(2) and
 * link(2)): all, or none (renamed ones rolled back, temporary files
 * removed). Every ic_atomic is empty afterwards either way. 0 or -1. */
int ic_atomic_install_all(ic_atomic *files, size_t n, const ic_atomic_ops *ops, ic_error *err);

/* ic_atomic_finish on every file, then ic_atomic_install_all. */
int ic_atomic_commit_all(ic_atomic *files, size_t n, const ic_atomic_ops *ops, ic_error *err);

/* Closes and removes the temporary file. Safe after a failed open. */
void ic_atomic_abort(ic_atomic *a);

/* This host's tag in temporary names (8 hex digits and a NUL). */
void ic_atomic_host_tag(char out[9]);

/* When the directory entry `name` is a temporary or backup file of this
 * writer made on the host tagged `host` (ic_atomic_host_tag): its process
 * id, *backup (may be NULL) 1 for a backup, and *base_len (may be NULL) the
 * length of the final file's name, which starts at name + 1. Else 0. */
long ic_atomic_stray_owner(const char *name, const char *host, int *backup, size_t *base_len);

/* Writes `len` bytes to `path` atomically. */
int ic_atomic_write(const char *path, const void *data, size_t len, ic_error *err);

#endif
