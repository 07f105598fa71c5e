/* Internals of `infochart build`: content hashes, the cache of up-to-date
 * charts, the thread pool, progress display, the JSON report and --watch.
 * Only src/cli prints. */
#ifndef IC_CLI_BATCH_H
#define IC_CLI_BATCH_H

#include "infochart.h"
#include "core/util.h"

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

/* ---- hash.c: content hashes (ic_hash_bytes, FNV-1a 64) and a finaliser ---- */
/* Folds a NUL-terminated string and its terminator into `h`. */
uint64_t cli_hash_str(uint64_t h, const char *s);
/* Folds the file's length and contents into *h. Returns 0, or -1 when it
 * cannot be read or is not a regular file (*h is then unchanged). */
int cli_hash_file(uint64_t *h, const char *path);
/* Avalanche (murmur3 fmix64), so that every bit of the result depends on
 * every input bit: used before `% N` for shards. */
uint64_t cli_hash_mix(uint64_t h);

/* The running program's build ID (see build_id.c): its length (at most
 * `max` bytes copied to `out`), 0 when the program has none or the system
 * does not expose one (not ELF), or INFOCHART_NO_BUILD_ID is set (tests). */
size_t cli_build_id(unsigned char *out, size_t max);
/* The running program's executable file: /proc/self/exe where it exists,
 * else argv[0] (cli_set_argv0), looked up through PATH when it has no '/'.
 * Returns 0 with the path in buf, or -1. */
int cli_program_path(char *buf, size_t size);

/* ---- one chart of a build ---- */
typedef enum cli_job_status { JOB_PENDING, JOB_RENDERED, JOB_UPTODATE, JOB_FAILED } cli_job_status;

typedef struct cli_job {
    char *spec;        /* path as found under DIR (owned) */
    const char *rel;   /* the same, relative to DIR (points into spec) */
    char *target;      /* directory its outputs go to: OUTDIR/<sub-dir> (owned) */
    char *data;        /* the spec's CSV resolved like the library does, or NULL */
    uint64_t key;      /* hash of everything the output depends on */
    int key_ok;        /* 0: an input could not be read; always rendered */
    cli_job_status status;
    char *error;       /* formatted "file:line:col: error: ..." when failed */
    char **outputs;    /* files written (or, up to date, present) */
    size_t noutputs;
    double ms;         /* wall time spent on this chart */
} cli_job;

/* ---- cache.c: OUTDIR/.infochart-cache ---- */
typedef struct cli_cache cli_cache;
/* "OUTDIR/.infochart-cache" (free()); NULL when out of memory. */
char *cli_cache_path(const char *out);
/* Reads OUTDIR/.infochart-cache; a missing or foreign file gives an empty cache. */
cli_cache *cli_cache_load(const char *out);
void cli_cache_free(cli_cache *c);
/* The outputs recorded for `rel` when its key is `key` and every output still
 * exists: fills a new array of OUTDIR-prefixed paths and returns 1; else 0. */
int cli_cache_fresh(const cli_cache *c, const char *out, const char *rel, uint64_t key, char ***outputs,
                    size_t *n);
/* Merges this pass's jobs into OUTDIR/.infochart-cache under an exclusive
 * lock (other shards may share OUTDIR) and replaces it atomically. Entries of
 * specs that no longer exist under `dir` are dropped. */
int cli_cache_save(const char *out, const char *dir, const cli_job *jobs, size_t n, ic_error *err);
/* Appends the entry of one chart just drawn (key `key`, `outputs` under
 * OUTDIR) to the cache file, under the same lock, so that a build killed
 * later keeps it. A chart that cannot be cached is skipped (0). Returns 0 or
 * -1 with err set. */
int cli_cache_append(const char *out, const char *rel, uint64_t key, char *const *outputs, size_t n,
                     ic_error *err);

/* ---- a build: configuration and the charts of the current pass ---- */
typedef struct cli_batch {
    const char *dir, *out, *fonts_dir;
    const char *report;   /* --report: a file name, "-" (stdout) or NULL */
    FILE *progress;       /* where progress and the summary go: stdout, or
                           * stderr when the report takes stdout */
    char **skipped;       /* JSON files under DIR that are not chart specs */
    size_t nskipped;
    int nthreads, force, quiet, tty, watching, first_pass;
    int shard_k, shard_n; /* 0/0: no sharding */
    uint64_t salt;        /* program version and binary */
    uint64_t fonts_hash;  /* of the font files, at font loading */
    ic_fonts *fonts;
    ic_limits limits;     /* --limit NAME=VALUE (fields left 0: defaults) */
    cli_job *jobs;
    size_t njobs;
    size_t rendered, uptodate, failed;
    int stop_fd;          /* readable when SIGINT/SIGTERM arrived (watch), else -1 */
    volatile int stop;    /* set when stop_fd fired */
} cli_batch;

void cli_jobs_free(cli_batch *b);
/* The report's file: NULL when there is no report or it goes to stdout. */
const char *cli_report_file(const cli_batch *b);
/* One build pass: scan DIR, skip what is up to date, remove the temporary
 * files dead builds left in OUTDIR, render the rest on the pool (each chart
 * recorded in the cache as it finishes), save the cache, write the report,
 * print failures and the summary. Returns EXIT_OK, EXIT_FAIL when a chart
 * failed, or EXIT_USAGE (printed, nothing drawn) when --report names an
 * input of the build. */
int cli_batch_pass(cli_batch *b);

/* ---- pool.c: renders the JOB_PENDING jobs on b->nthreads threads, with
 * progress (a live line on a terminal, a line per chart otherwise). ---- */
void cli_pool_run(cli_batch *b);

/* ---- report.c ---- */
int cli_report_write(const cli_batch *b, ic_error *err);

/* ---- watch.c: runs passes until SIGINT/SIGTERM; returns EXIT_OK then
 * (EXIT_USAGE when the first pass refused --report). When DIR is deleted
 * and made again, its watches are set again. ---- */
int cli_watch(cli_batch *b);

/* ---- helpers ---- */
double cli_now_ms(void);
void cli_strv_free(char **v, size_t n);

/* ---- sweep.c ---- */
/* Removes the temporary files of the atomic writer (see output/atomic.h)
 * under OUTDIR whose process is gone (a build killed mid-write); those of a
 * live process, e.g. a concurrent shard, are kept. Symlinks and hidden
 * directories are not followed. */
void cli_sweep_temps(const char *out);

#endif
