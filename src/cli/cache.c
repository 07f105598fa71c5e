/* OUTDIR/.infochart-cache: which charts are up to date.
 *
 * A text file, one chart a line after a header:
 *
 *     infochart-cache 1
 *     <key, 16 hex digits> <spec path relative to DIR>\t<output>\t<output>...
 *
 * The key hashes the program (version and binary), the font files, the spec
 * and its CSV; outputs are relative to OUTDIR. Paths with a tab or a newline
 * are never cached (such charts are simply always rendered). */
#include "cli/batch.h"
#include "cli/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define CACHE_NAME ".infochart-cache"
#define CACHE_HEADER "infochart-cache 1\n"

typedef struct entry {
    char *rel;
    uint64_t key;
    char **outputs; /* relative to OUTDIR */
    size_t noutputs;
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

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->rel, ((const entry *)b)->rel);
}

static entry *find(const cli_cache *c, const char *rel)
{
    entry k = { .rel = (char *)rel };
    return c->n ? bsearch(&k, c->e, c->n, sizeof *c->e, cmp_entry) : NULL;
}

static char *cache_path(const char *out)
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
    char *text = cli_read_file(path, NULL);
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
    qsort(c->e, c->n, sizeof *c->e, cmp_entry);
    /* keep the last of duplicates (there should be none) */
    size_t w = 0;
    for (size_t i = 0; i < c->n; i++) {
        if (w > 0 && strcmp(c->e[w - 1].rel, c->e[i].rel) == 0)
            entry_clear(&c->e[--w]);
        c->e[w++] = c->e[i];
    }
    c->n = w;
    return c;
}

cli_cache *cli_cache_load(const char *out)
{
    char *path = cache_path(out);
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

/* The job's entry (outputs made relative to OUTDIR), or -1 when it cannot
 * be cached. */
static int job_entry(const cli_job *j, const char *out, entry *e)
{
    size_t olen = strlen(out);
    if (!j->key_ok || !cacheable(j->rel) || j->noutputs == 0)
        return -1;
    memset(e, 0, sizeof *e);
    e->key = j->key;
    e->rel = strdup(j->rel);
    e->outputs = calloc(j->noutputs, sizeof *e->outputs);
    if (!e->rel || !e->outputs)
        goto fail;
    e->noutputs = j->noutputs;
    for (size_t i = 0; i < j->noutputs; i++) {
        const char *o = j->outputs[i];
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

int cli_cache_save(const char *out, const char *dir, const cli_job *jobs, size_t n, ic_error *err)
{
    int rc = -1, lock = -1;
    char *path = cache_path(out);
    cli_cache *c = NULL;
    char *text = NULL;
    size_t len = 0, cap = 0;
    if (!path)
        goto nomem;
    /* shards running at once may share OUTDIR: read-merge-write under a lock */
    lock = open(out, O_RDONLY | O_DIRECTORY);
    if (lock < 0 || flock(lock, LOCK_EX) != 0) {
        err->code = IC_ERR_IO;
        snprintf(err->file, sizeof err->file, "%.1000s", out);
        snprintf(err->message, sizeof err->message, "cannot lock the build cache: %s", strerror(errno));
        goto done;
    }
    c = load_file(path);
    if (!c)
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
        if ((jobs[k].status == JOB_RENDERED || jobs[k].status == JOB_UPTODATE) && job_entry(&jobs[k], out, &e) == 0 &&
            push(c, &e) != 0) {
            entry_clear(&e);
            goto nomem;
        }
    }
    qsort(c->e, c->n, sizeof *c->e, cmp_entry);
    cap = 256;
    text = malloc(cap);
    if (!text)
        goto nomem;
    len = (size_t)snprintf(text, cap, "%s", CACHE_HEADER);
    for (size_t i = 0; i < c->n; i++) {
        const entry *e = &c->e[i];
        size_t need = 20 + strlen(e->rel) + 2;
        for (size_t k = 0; k < e->noutputs; k++)
            need += strlen(e->outputs[k]) + 1;
        if (len + need >= cap) {
            while (len + need >= cap)
                cap *= 2;
            char *nt = realloc(text, cap);
            if (!nt)
                goto nomem;
            text = nt;
        }
        len += (size_t)snprintf(text + len, cap - len, "%016" PRIx64 " %s", e->key, e->rel);
        for (size_t k = 0; k < e->noutputs; k++)
            len += (size_t)snprintf(text + len, cap - len, "\t%s", e->outputs[k]);
        text[len++] = '\n';
        text[len] = '\0';
    }
    rc = cli_write_atomic(path, text, len, err);
    goto done;
nomem:
    err->code = IC_ERR_NOMEM;
    snprintf(err->message, sizeof err->message, "out of memory");
done:
    if (lock >= 0)
        close(lock); /* releases the lock */
    free(text);
    free(path);
    cli_cache_free(c);
    return rc;
}
