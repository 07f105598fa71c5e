/* The files of one run, written together: each output is checked against
 * the run's inputs and its other outputs (by the file it names, however it
 * is spelled), written to a synced temporary file, and all are renamed into
 * place at the end, or none. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "output/atomic.h"
#include "output/write.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct reserved {
    char *id;          /* file identity (see identity()) */
    char *path;        /* as the caller spelled it */
    const char *what;  /* for inputs: "the spec", "the CSV"...; NULL for outputs */
    int written;       /* an output whose temporary file was written */
} reserved;

struct ic_output_set {
    ic_atomic *files;  /* written, not yet installed */
    size_t nfiles, files_cap;
    reserved *r;       /* every path reserved, in order */
    size_t nr, r_cap;
    size_t *slots;     /* open-addressing index into r (SIZE_MAX: empty) */
    size_t nslots;
    char **written;    /* paths installed by commit */
    size_t nwritten;
};

/* A lexical clean-up of an absolute path: no "." or empty components, ".."
 * removes the one before. */
static void normalise(ic_buf *out, const char *abs)
{
    size_t keep[512], depth = 0;
    ic_buf_truncate(out, 0);
    ic_buf_puts(out, "");
    const char *p = abs;
    while (*p) {
        while (*p == '/')
            p++;
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == 0)
            break;
        if (len == 2 && p[0] == '.' && p[1] == '.') {
            if (depth > 0)
                ic_buf_truncate(out, keep[--depth]);
        } else if (!(len == 1 && p[0] == '.')) {
            if (depth == 512) { /* deeper than any real path: the rest as it is */
                ic_buf_puts(out, "/");
                ic_buf_puts(out, p);
                break;
            }
            keep[depth++] = out->len;
            ic_buf_puts(out, "/");
            ic_buf_append(out, p, len);
        }
        p += len;
    }
    if (out->len == 0)
        ic_buf_puts(out, "/");
}

/* A string equal for two paths exactly when they name the same file: the
 * device and inode when it exists; otherwise the real path of its nearest
 * existing ancestor directory followed by the rest, cleaned up. NULL when
 * out of memory. */
static char *identity(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0)
        return ic_asprintf("@%ju:%ju", (uintmax_t)st.st_dev, (uintmax_t)st.st_ino);
    ic_buf abs = IC_BUF_INIT, clean = IC_BUF_INIT;
    if (path[0] != '/') {
        char *cwd = getcwd(NULL, 0);
        ic_buf_puts(&abs, cwd ? cwd : ".");
        ic_buf_puts(&abs, "/");
        free(cwd);
    }
    ic_buf_puts(&abs, path);
    normalise(&clean, abs.failed ? "/" : abs.data);
    char *id = NULL;
    /* the longest prefix that exists, resolved (symbolic links included),
     * then the components that do not exist yet */
    size_t cut = clean.failed ? 0 : clean.len;
    while (!clean.failed && !id) {
        char *prefix = ic_strndup(clean.data, cut ? cut : 1);
        char *real = prefix ? realpath(prefix, NULL) : NULL;
        if (real)
            id = ic_asprintf("%s%s", strcmp(real, "/") == 0 ? "" : real, clean.data + cut);
        free(real);
        free(prefix);
        if (cut == 0)
            break;
        do
            cut--;
        while (cut > 0 && clean.data[cut] != '/');
    }
    if (!id && !clean.failed)
        id = ic_strdup(clean.data);
    ic_buf_free(&abs);
    ic_buf_free(&clean);
    return id;
}

static size_t hash_id(const char *s)
{
    uint64_t h = ic_hash_bytes(IC_HASH_INIT, s, strlen(s));
    return (size_t)(h ^ (h >> 32));
}

/* The slot holding `id`, or the empty slot where it would go. */
static size_t *find_slot(const ic_output_set *set, const char *id)
{
    size_t i = hash_id(id) & (set->nslots - 1);
    while (set->slots[i] != SIZE_MAX && strcmp(set->r[set->slots[i]].id, id) != 0)
        i = (i + 1) & (set->nslots - 1);
    return &set->slots[i];
}

static int grow_index(ic_output_set *set)
{
    size_t n = set->nslots ? set->nslots * 2 : 64;
    size_t *slots = malloc(n * sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < n; i++)
        slots[i] = SIZE_MAX;
    free(set->slots);
    set->slots = slots;
    set->nslots = n;
    for (size_t k = 0; k < set->nr; k++)
        *find_slot(set, set->r[k].id) = k;
    return 0;
}

ic_output_set *ic_output_set_new(void)
{
    ic_output_set *set = calloc(1, sizeof *set);
    if (set && grow_index(set) != 0) {
        free(set);
        return NULL;
    }
    return set;
}

/* Records `path`; refuses it when it names a file already reserved, except
 * that a path reserved ahead (`writing` 0) may then be written once. */
static int reserve(ic_output_set *set, const char *path, const char *what, int writing, ic_error *err)
{
    char *id = identity(path);
    if (!id)
        return ic_error_set(err, IC_ERR_NOMEM, path, 0, 0, "out of memory");
    size_t *slot = find_slot(set, id);
    if (*slot != SIZE_MAX) {
        reserved *old = &set->r[*slot];
        free(id);
        if (what)
            return 0; /* an input named twice (a spec that is its own CSV) */
        if (writing && !old->what && !old->written && strcmp(old->path, path) == 0) {
            old->written = 1;
            return 0;
        }
        if (old->what)
            return ic_error_set(err, IC_ERR_USAGE, path, 0, 0,
                                "this output is %s of the chart ('%s'); choose another name", old->what, old->path);
        return ic_error_set(err, IC_ERR_USAGE, path, 0, 0, "named twice as an output ('%s' and '%s')", old->path,
                            path);
    }
    if (set->nr == set->r_cap) {
        size_t cap = set->r_cap ? set->r_cap * 2 : 16;
        reserved *r = realloc(set->r, cap * sizeof *r);
        if (!r) {
            free(id);
            return ic_error_set(err, IC_ERR_NOMEM, path, 0, 0, "out of memory");
        }
        set->r = r;
        set->r_cap = cap;
    }
    reserved *e = &set->r[set->nr];
    e->id = id;
    e->path = ic_strdup(path);
    e->what = what;
    e->written = writing;
    if (!e->path) {
        free(id);
        return ic_error_set(err, IC_ERR_NOMEM, path, 0, 0, "out of memory");
    }
    *slot = set->nr++;
    if (set->nr * 2 > set->nslots && grow_index(set) != 0)
        return ic_error_set(err, IC_ERR_NOMEM, path, 0, 0, "out of memory");
    return 0;
}

int ic_output_set_protect(ic_output_set *set, const char *path, const char *what, ic_error *err)
{
    return reserve(set, path, what ? what : "an input", 0, err);
}

int ic_output_set_reserve(ic_output_set *set, const char *path, ic_error *err)
{
    return reserve(set, path, NULL, 0, err);
}

int ic_output_set_write(ic_output_set *set, const ic_scene *scene, const char *path, int format, ic_error *err)
{
    if (reserve(set, path, NULL, 1, err) != 0)
        return -1;
    if (set->nfiles == set->files_cap) {
        size_t cap = set->files_cap ? set->files_cap * 2 : 8;
        ic_atomic *f = realloc(set->files, cap * sizeof *f);
        if (!f)
            return ic_error_set(err, IC_ERR_NOMEM, path, 0, 0, "out of memory");
        set->files = f;
        set->files_cap = cap;
    }
    ic_atomic *a = &set->files[set->nfiles];
    if (ic_atomic_open(a, path, err) != 0)
        return -1;
    if (ic_write_format_to(scene, a->f, path, format, err) != 0) {
        ic_atomic_abort(a);
        return -1;
    }
    /* closed now: a run of thousands of files holds no descriptors */
    if (ic_atomic_finish(a, err) != 0)
        return -1;
    set->nfiles++;
    return 0;
}

int ic_output_set_commit(ic_output_set *set, ic_error *err)
{
    size_t n = set->nfiles;
    char **paths = calloc(n ? n : 1, sizeof *paths);
    for (size_t i = 0; paths && i < n; i++)
        if (!(paths[i] = ic_strdup(set->files[i].path))) {
            for (size_t k = 0; k < i; k++)
                free(paths[k]);
            free(paths);
            paths = NULL;
        }
    if (!paths)
        return ic_error_set(err, IC_ERR_NOMEM, NULL, 0, 0, "out of memory");
    set->nfiles = 0; /* installed or removed either way */
    if (ic_atomic_install_all(set->files, n, NULL, err) != 0) {
        for (size_t i = 0; i < n; i++)
            free(paths[i]);
        free(paths);
        return -1;
    }
    for (size_t i = 0; i < set->nwritten; i++)
        free(set->written[i]);
    free(set->written);
    set->written = paths;
    set->nwritten = n;
    return 0;
}

size_t ic_output_set_count(const ic_output_set *set)
{
    return set->nwritten;
}

const char *ic_output_set_path(const ic_output_set *set, size_t i)
{
    return i < set->nwritten ? set->written[i] : NULL;
}

void ic_output_set_free(ic_output_set *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->nfiles; i++)
        ic_atomic_abort(&set->files[i]);
    free(set->files);
    for (size_t i = 0; i < set->nr; i++) {
        free(set->r[i].id);
        free(set->r[i].path);
    }
    free(set->r);
    free(set->slots);
    for (size_t i = 0; i < set->nwritten; i++)
        free(set->written[i]);
    free(set->written);
    free(set);
}
