/* The polling watcher (any POSIX system): every 250 ms it lists the *.json
 * files under DIR and the charts' CSVs and compares their states (inode,
 * size, modification time) with those it saw last. */
#include "cli/watcher.h"

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define POLL_MS 250

/* POSIX 2008 names the modification time st_mtim; macOS st_mtimespec */
#if defined(__APPLE__)
#define MTIME_OF(st) ((st).st_mtimespec)
#else
#define MTIME_OF(st) ((st).st_mtim)
#endif

typedef struct file_state {
    char *path;
    int exists;
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
} file_state;

typedef struct snapshot {
    file_state *f;
    size_t n, cap;
} snapshot;

typedef struct poll_watcher {
    watcher base;
    snapshot seen; /* sorted by path */
} poll_watcher;

static void snapshot_clear(snapshot *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->f[i].path);
    free(s->f);
    memset(s, 0, sizeof *s);
}

/* Adds `path` (copied) with its current state. 0 or -1 (out of memory). */
static int snapshot_add(snapshot *s, const char *path)
{
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 32;
        file_state *nf = realloc(s->f, nc * sizeof *nf);
        if (!nf)
            return -1;
        s->f = nf;
        s->cap = nc;
    }
    file_state *f = &s->f[s->n];
    memset(f, 0, sizeof *f);
    if (!(f->path = strdup(path)))
        return -1;
    struct stat st;
    if (stat(path, &st) == 0) {
        f->exists = 1;
        f->dev = st.st_dev;
        f->ino = st.st_ino;
        f->size = st.st_size;
        f->mtime = MTIME_OF(st);
    }
    s->n++;
    return 0;
}

static int cmp_state(const void *a, const void *b)
{
    return strcmp(((const file_state *)a)->path, ((const file_state *)b)->path);
}

/* The files that matter now: *.json under DIR (not the report) and the CSVs
 * of b's jobs, sorted, each once. */
static int take(const poll_watcher *pw, const cli_batch *b, snapshot *s)
{
    char **dirs = NULL;
    size_t ndirs = 0;
    int rc = 0;
    cli_collect_dirs(b->dir, &dirs, &ndirs); /* DIR gone: none */
    for (size_t i = 0; i < ndirs && rc == 0; i++) {
        DIR *d = opendir(dirs[i]);
        struct dirent *e;
        while (d && rc == 0 && (e = readdir(d)) != NULL) {
            size_t len = strlen(e->d_name);
            if (e->d_name[0] == '.' || len < 5 || strcmp(e->d_name + len - 5, ".json") != 0)
                continue;
            char path[8192];
            if (snprintf(path, sizeof path, "%s/%s", dirs[i], e->d_name) >= (int)sizeof path ||
                watcher_is_report(&pw->base, path))
                continue;
            rc = snapshot_add(s, path);
        }
        if (d)
            closedir(d);
    }
    cli_strv_free(dirs, ndirs);
    for (size_t i = 0; i < b->njobs && rc == 0; i++)
        if (b->jobs[i].data)
            rc = snapshot_add(s, b->jobs[i].data);
    if (s->n > 1)
        qsort(s->f, s->n, sizeof *s->f, cmp_state);
    size_t k = 0; /* a CSV shared by several charts is listed once */
    for (size_t i = 0; i < s->n; i++) {
        if (k > 0 && strcmp(s->f[k - 1].path, s->f[i].path) == 0)
            free(s->f[i].path);
        else
            s->f[k++] = s->f[i];
    }
    s->n = k;
    return rc;
}

static int same_state(const file_state *a, const file_state *b)
{
    return strcmp(a->path, b->path) == 0 && a->exists == b->exists && a->dev == b->dev && a->ino == b->ino &&
           a->size == b->size && a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec;
}

static int same(const snapshot *a, const snapshot *b)
{
    if (a->n != b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (!same_state(&a->f[i], &b->f[i]))
            return 0;
    return 1;
}

/* The state last seen of `path`, or NULL. */
static const file_state *find(const snapshot *s, const char *path)
{
    file_state key = { .path = (char *)path };
    return s->n ? bsearch(&key, s->f, s->n, sizeof *s->f, cmp_state) : NULL;
}

/* The files to watch now; a file seen before keeps the state it had then, so
 * that a change made during a pass is still noticed after it. */
static void update(watcher *w, const cli_batch *b)
{
    poll_watcher *pw = (poll_watcher *)w;
    snapshot now = {0};
    if (take(pw, b, &now) != 0) {
        snapshot_clear(&now);
        return; /* out of memory: keep what was seen */
    }
    for (size_t i = 0; i < now.n; i++) {
        const file_state *old = find(&pw->seen, now.f[i].path);
        if (old) {
            char *path = now.f[i].path;
            now.f[i] = *old;
            now.f[i].path = path;
        }
    }
    snapshot_clear(&pw->seen);
    pw->seen = now;
}

/* Sleeps POLL_MS or until a stop is asked: 1 when stopped, -1 on error. */
static int nap(const cli_batch *b)
{
    struct pollfd pf = { .fd = b->stop_fd, .events = POLLIN };
    int r = poll(&pf, b->stop_fd >= 0 ? 1 : 0, POLL_MS);
    if (r < 0 && errno != EINTR)
        return -1;
    return r > 0 && (pf.revents & POLLIN) ? 1 : 0;
}

static int wait_change(watcher *w, const cli_batch *b)
{
    poll_watcher *pw = (poll_watcher *)w;
    for (;;) {
        int r = nap(b);
        if (r != 0)
            return r > 0 ? 0 : -1;
        snapshot now = {0};
        if (take(pw, b, &now) != 0 || same(&now, &pw->seen)) {
            snapshot_clear(&now);
            continue;
        }
        /* let a burst of writes settle: until two looks agree (at most 2 s) */
        for (int i = 0; i < 8; i++) {
            if ((r = nap(b)) != 0) {
                snapshot_clear(&now);
                return r > 0 ? 0 : -1;
            }
            snapshot again = {0};
            int settled = take(pw, b, &again) == 0 && same(&again, &now);
            snapshot_clear(&now);
            now = again;
            if (settled)
                break;
        }
        snapshot_clear(&pw->seen);
        pw->seen = now;
        return 1;
    }
}

static void free_watcher(watcher *w)
{
    snapshot_clear(&((poll_watcher *)w)->seen);
}

static const watcher_kind poll_kind = { update, wait_change, free_watcher };

watcher *watcher_poll_new(const char *report)
{
    poll_watcher *pw = calloc(1, sizeof *pw);
    if (!pw || watcher_init(&pw->base, &poll_kind, report) != 0) {
        free(pw);
        return NULL;
    }
    return &pw->base;
}
