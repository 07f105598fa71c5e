/* OUTDIR/.infochart-cache: which charts are up to date.
 *
 * A text file, one chart a line after a header:
 *
 *     infochart-cache 1
 *     <key, 16 hex digits> <spec path relative to DIR>\t<output>\t<output>...
 *
 * The key hashes the program (version and binary), the font files, the spec
 * and its CSV; outputs are relative to OUTDIR. Paths with a tab or a newline
 * are never cached (such charts are simply always rendered).
 *
 * A build appends each chart's line as soon as the chart is drawn (so a
 * build that is killed keeps what it finished); a later line for the same
 * spec wins, and the save at the end of a pass writes the file compacted. */
#include "cli/batch.h"
#include "cli/cli.h"
#include "core/util.h"
#include "output/atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"

#define CACHE_NAME ".infochart-cache"
#define CACHE_HEADER "infochart-cache 1\n"
#define CACHE_MAX ((size_t)256 << 20) /* bytes; a larger file is ignored */

typedef struct entry {
    char *rel;
    uint64_t key;
    char **outputs; /* relative to OUTDIR */
    size_t noutputs;
    size_t seq;     /* its place in the file: among duplicates the last wins */
} entry;

struct cli_cache {
    entry *e;
    size_t n, cap;
};

static void entry_clear(entry *e)
{
    free(e->rel);
    cli_strv_free(e->outputs, e->noutputs);
    memset(e, 0, sizeof *e);
}

void cli_cache_free(cli_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++)
        entry_clear(&c->e[i]);
    free(c->e);
    free(c);
}

static int cmp_rel(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->rel, ((const entry *)b)->rel);
}

/* By path, then by place in the file (qsort is not stable). */
static int cmp_entry(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    int c = strcmp(x->rel, y->rel);
    return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

static entry *find(const cli_cache *c, const char *rel)
{
    entry k = { .rel = (char *)rel };
    return c->n ? bsearch(&k, c->e, c->n, sizeof *c->e, cmp_rel) : NULL;
}

/* Sorts by path and keeps the last entry of each path. */
static void sort_unique(cli_cache *c)
{
    if (c->n == 0)
        return; /* c->e may be NULL: no qsort(NULL, 0, ...) */
    qsort(c->e, c->n, sizeof *c->e, cmp_entry);
    size_t w = 0;
    for (size_t i = 0; i < c->n; i++) {
        if (w > 0 && strcmp(c->e[w - 1].rel, c->e[i].rel) == 0)
            entry_clear(&c->e[--w]);
        c->e[w++] = c->e[i];
    }
    c->n = w;
}

char *cli_cache_path(const char *out)
{
    size_t len = strlen(out) + sizeof CACHE_NAME + 2;
    char *p = malloc(len);
    if (p)
        snprintf(p, len, "%s/%s", out, CACHE_NAME);
    return p;
}

static int push(cli_cache *c, entry *e)
{
    if (c->n == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 64;
        entry *ne = realloc(c->e, nc * sizeof *ne);
        if (!ne)
            return -1;
        c->e = ne;
        c->cap = nc;
    }
    e->seq = c->n;
    c->e[c->n++] = *e;
    return 0;
}

/* Parses one line (modified in place); 0 when well formed. */
static int parse_line(char *line, entry *e)
{
    char *end;
    if (strlen(line) < 18 || line[16] != ' ')
        return -1;
    errno = 0;
    e->key = strtoull(line, &end, 16);
    if (errno || end != line + 16)
        return -1;
    char *field = line + 17, *save = field;
    size_t count = 1;
    for (char *p = field; *p; p++)
        count += *p == '\t';
    char **v = calloc(count, sizeof *v);
    if (!v)
        return -1;
    size_t k = 0;
    for (char *p = field;; p++) {
        if (*p == '\t' || *p == '\0') {
            int last = *p == '\0';
            *p = '\0';
            v[k++] = strdup(save);
            save = p + 1;
            if (last)
                break;
        }
    }
    for (size_t i = 0; i < k; i++)
        if (!v[i] || !v[i][0]) {
            cli_strv_free(v, k);
            return -1;
        }
    e->rel = v[0];
    e->noutputs = k - 1;
    e->outputs = NULL;
    if (k > 1) {
        e->outputs = malloc((k - 1) * sizeof *e->outputs);
        if (!e->outputs) {
            cli_strv_free(v, k);
            return -1;
        }
        memcpy(e->outputs, v + 1, (k - 1) * sizeof *v);
    }
    free(v);
    return 0;
}

static cli_cache *load_file(const char *path)
{
    cli_cache *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    char *text = ic_read_file(path, CACHE_MAX, NULL, NULL);
    if (!text || strncmp(text, CACHE_HEADER, strlen(CACHE_HEADER)) != 0) {
        free(text);
        return c; /* missing or foreign: empty */
    }
    char *p = text + strlen(CACHE_HEADER);
    while (*p) {
        char *nl = strchr(p, '\n');
        if (!nl)
            break; /* a truncated last line is ignored */
        *nl = '\0';
        entry e = {0};
        if (parse_line(p, &e) == 0 && push(c, &e) != 0)
            entry_clear(&e);
        p = nl + 1;
    }
    free(text);
    sort_unique(c);
    return c;
}

cli_cache *cli_cache_load(const char *out)
{
    char *path = cli_cache_path(out);
    cli_cache *c = path ? load_file(path) : NULL;
    free(path);
    return c;
}

static char *join(const char *a, const char *b)
{
    size_t len = strlen(a) + strlen(b) + 2;
    char *p = malloc(len);
    if (p)
        snprintf(p, len, "%s/%s", a, b);
    return p;
}

int cli_cache_fresh(const cli_cache *c, const char *out, const char *rel, uint64_t key, char ***outputs,
                    size_t *n)
{
    const entry *e = c ? find(c, rel) : NULL;
    if (!e || e->key != key || e->noutputs == 0)
        return 0;
    char **v = calloc(e->noutputs, sizeof *v);
    if (!v)
        return 0;
    for (size_t i = 0; i < e->noutputs; i++) {
        struct stat st;
        v[i] = join(out, e->outputs[i]);
        if (!v[i] || stat(v[i], &st) != 0 || !S_ISREG(st.st_mode)) {
            cli_strv_free(v, i + 1);
            return 0; /* an output is missing: render again */
        }
    }
    *outputs = v;
    *n = e->noutputs;
    return 1;
}

static int cacheable(const char *s)
{
    return s[0] && !strpbrk(s, "\t\n\r");
}

/* The entry of a chart drawn with key `key` into `outputs` (made relative
 * to OUTDIR), or -1 when it cannot be cached. */
static int make_entry(const char *out, const char *rel, uint64_t key, char *const *outputs, size_t n, entry *e)
{
    size_t olen = strlen(out);
    memset(e, 0, sizeof *e);
    if (!cacheable(rel) || n == 0)
        return -1;
    e->key = key;
    e->rel = strdup(rel);
    e->outputs = calloc(n, sizeof *e->outputs);
    if (!e->rel || !e->outputs)
        goto fail;
    e->noutputs = n;
    for (size_t i = 0; i < n; i++) {
        const char *o = outputs[i];
        if (strncmp(o, out, olen) != 0 || o[olen] != '/' || !cacheable(o + olen + 1))
            goto fail;
        if (!(e->outputs[i] = strdup(o + olen + 1)))
            goto fail;
    }
    return 0;
fail:
    entry_clear(e);
    return -1;
}

static int job_entry(const cli_job *j, const char *out, entry *e)
{
    if (!j->key_ok || (j->status != JOB_RENDERED && j->status != JOB_UPTODATE))
        return -1;
    return make_entry(out, j->rel, j->key, j->outputs, j->noutputs, e);
}

/* Appends the entry's line. */
static void put_line(ic_buf *text, const entry *e)
{
    ic_buf_printf(text, "%016" PRIx64 " %s", e->key, e->rel);
    for (size_t k = 0; k < e->noutputs; k++)
        ic_buf_printf(text, "\t%s", e->outputs[k]);
    ic_buf_puts(text, "\n");
}

/* Takes the lock on OUTDIR that every writer of the cache holds (shards
 * running at once may share OUTDIR). Returns the descriptor (close() to
 * release) or -1 with err set. */
static int lock_out(const char *out, ic_error *err)
{
    int fd = open(out, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || flock(fd, LOCK_EX) != 0) {
        err->code = IC_ERR_IO;
        snprintf(err->file, sizeof err->file, "%.1000s", out);
        snprintf(err->message, sizeof err->message, "cannot lock the build cache: %s", strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

int cli_cache_append(const char *out, const char *rel, uint64_t key, char *const *outputs, size_t n, ic_error *err)
{
    entry e;
    if (make_entry(out, rel, key, outputs, n, &e) != 0)
        return 0; /* not cacheable: nothing to record */
    ic_buf text = IC_BUF_INIT;
    char *path = cli_cache_path(out);
    int rc = -1, fd = -1, lock = lock_out(out, err);
    if (lock < 0)
        goto done;
    fd = path ? open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666) : -1;
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        err->code = IC_ERR_IO;
        snprintf(err->file, sizeof err->file, "%.1000s", path ? path : out);
        snprintf(err->message, sizeof err->message, "cannot append to the build cache: %s", strerror(errno));
        goto done;
    }
    if (st.st_size == 0)
        ic_buf_puts(&text, CACHE_HEADER);
    put_line(&text, &e);
    if (text.failed) {
        err->code = IC_ERR_NOMEM;
        snprintf(err->message, sizeof err->message, "out of memory");
        goto done;
    }
    /* one write: a line is never split by another writer (all hold the lock) */
    ssize_t w = write(fd, text.data, text.len);
    if (w != (ssize_t)text.len) {
        /* a partial line (disk full) would glue onto the next one: cut it off */
        if (w > 0 && ftruncate(fd, st.st_size) != 0)
            w = -1;
        err->code = IC_ERR_IO;
        snprintf(err->file, sizeof err->file, "%.1000s", path);
        snprintf(err->message, sizeof err->message, "cannot append to the build cache: %s",
                 w < 0 ? strerror(errno) : "short write");
        goto done;
    }
    rc = 0;
done:
    if (fd >= 0)
        close(fd);
    if (lock >= 0)
        close(lock); /* releases the lock */
    ic_buf_free(&text);
    free(path);
    entry_clear(&e);
    return rc;
}

int cli_cache_save(const char *out, const char *dir, const cli_job *jobs, size_t n, ic_error *err)
{
    int rc = -1;
    char *path = cli_cache_path(out);
    cli_cache *c = NULL;
    ic_buf text = IC_BUF_INIT;
    int lock = lock_out(out, err);
    if (lock < 0)
        goto done;
    if (!path || !(c = load_file(path)))
        goto nomem;
    /* drop entries of specs that are gone, and those of this pass */
    size_t w = 0;
    for (size_t i = 0; i < c->n; i++) {
        char *spec = join(dir, c->e[i].rel);
        struct stat st;
        int keep = spec && stat(spec, &st) == 0;
        free(spec);
        for (size_t k = 0; keep && k < n; k++)
            keep = strcmp(jobs[k].rel, c->e[i].rel) != 0;
        if (keep)
            c->e[w++] = c->e[i];
        else
            entry_clear(&c->e[i]);
    }
    c->n = w;
    for (size_t k = 0; k < n; k++) {
        entry e;
        if (job_entry(&jobs[k], out, &e) == 0 && push(c, &e) != 0) {
            entry_clear(&e);
            goto nomem;
        }
    }
    sort_unique(c);
    ic_buf_puts(&text, CACHE_HEADER);
    for (size_t i = 0; i < c->n; i++)
        put_line(&text, &c->e[i]);
    if (text.failed)
        goto nomem;
    rc = ic_atomic_write(path, text.data, text.len, err);
    goto done;
nomem:
    err->code = IC_ERR_NOMEM;
    snprintf(err->message, sizeof err->message, "out of memory");
done:
    if (lock >= 0)
        close(lock); /* releases the lock */
    ic_buf_free(&text);
    free(path);
    cli_cache_free(c);
    return rc;
}
