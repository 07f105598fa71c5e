/* The inotify watcher (Linux): a watch on every directory under DIR and on
 * the directory of every CSV; events are read as they come. */
#define _DEFAULT_SOURCE /* realpath */
#include "cli/watcher.h"

#include <errno.h>

#if defined(__has_include)
#if __has_include(<sys/inotify.h>)
#define HAVE_INOTIFY 1
#endif
#endif

#ifdef HAVE_INOTIFY
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#define WATCH_MASK                                                                                            \
    (IN_CLOSE_WRITE | IN_MODIFY | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_DELETE_SELF)

typedef struct inotify_watcher {
    watcher base;
    int fd;
    struct {
        int wd;
        char *dir; /* real path */
    } *w;
    size_t n, cap;
    int root_wd; /* the watch on DIR itself; -1 while DIR is gone */
} inotify_watcher;

/* Watches `dir`; returns the watch descriptor, or -1. */
static int add_watch(inotify_watcher *ws, const char *dir)
{
    char real[PATH_MAX];
    if (!realpath(dir, real))
        return -1;
    int wd = inotify_add_watch(ws->fd, real, WATCH_MASK);
    if (wd < 0)
        return -1;
    for (size_t i = 0; i < ws->n; i++)
        if (ws->w[i].wd == wd) {
            if (strcmp(ws->w[i].dir, real) != 0) {
                char *d = strdup(real);
                if (d) {
                    free(ws->w[i].dir);
                    ws->w[i].dir = d;
                }
            }
            return wd;
        }
    if (ws->n == ws->cap) {
        size_t nc = ws->cap ? ws->cap * 2 : 32;
        void *nw = realloc(ws->w, nc * sizeof *ws->w);
        if (!nw)
            return wd;
        ws->w = nw;
        ws->cap = nc;
    }
    ws->w[ws->n].wd = wd;
    ws->w[ws->n].dir = strdup(real);
    if (ws->w[ws->n].dir)
        ws->n++;
    return wd;
}

/* The kernel dropped watch `wd` (its directory is gone). */
static void forget_watch(inotify_watcher *ws, int wd)
{
    for (size_t i = 0; i < ws->n; i++)
        if (ws->w[i].wd == wd) {
            free(ws->w[i].dir);
            ws->w[i] = ws->w[--ws->n];
            break;
        }
    if (wd == ws->root_wd)
        ws->root_wd = -1;
}

static const char *watch_dir(const inotify_watcher *ws, int wd)
{
    for (size_t i = 0; i < ws->n; i++)
        if (ws->w[i].wd == wd)
            return ws->w[i].dir;
    return NULL;
}

/* Watches every directory under DIR and the directory of every CSV. */
static void update(watcher *w, const cli_batch *b)
{
    inotify_watcher *ws = (inotify_watcher *)w;
    char **dirs = NULL;
    size_t n = 0;
    ws->root_wd = add_watch(ws, b->dir);
    cli_collect_dirs(b->dir, &dirs, &n);
    for (size_t i = 0; i < n; i++)
        add_watch(ws, dirs[i]);
    cli_strv_free(dirs, n);
    for (size_t i = 0; i < b->njobs; i++) {
        const char *data = b->jobs[i].data;
        if (!data)
            continue;
        const char *slash = strrchr(data, '/');
        char dir[PATH_MAX];
        if (!slash)
            snprintf(dir, sizeof dir, ".");
        else
            snprintf(dir, sizeof dir, "%.*s", (int)(slash - data) > 0 ? (int)(slash - data) : 1, data);
        add_watch(ws, dir);
    }
}

/* Does the event concern a spec, a CSV in use, or a new directory? */
static int relevant(const inotify_watcher *ws, const cli_batch *b, const struct inotify_event *ev)
{
    if (ev->mask & (IN_DELETE_SELF | IN_Q_OVERFLOW))
        return 1;
    if (ev->len == 0 || ev->name[0] == '.')
        return 0; /* hidden: temporary files of atomic writes, the cache */
    if (ev->mask & IN_ISDIR)
        return 1;
    const char *dir = watch_dir(ws, ev->wd);
    char path[PATH_MAX * 2];
    snprintf(path, sizeof path, "%s/%s", dir ? dir : "", ev->name);
    if (watcher_is_report(&ws->base, path))
        return 0; /* our own report */
    return watcher_name_matters(b, ev->name);
}

/* Reads what is queued; returns 1 when something relevant happened. */
static int drain(inotify_watcher *ws, const cli_batch *b)
{
    char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
    int hit = 0;
    for (;;) {
        ssize_t r = read(ws->fd, buf, sizeof buf);
        if (r <= 0)
            break;
        for (char *p = buf; p < buf + r;) {
            const struct inotify_event *ev = (const struct inotify_event *)p;
            hit |= relevant(ws, b, ev);
            if (ev->mask & IN_IGNORED)
                forget_watch(ws, ev->wd);
            p += sizeof *ev + ev->len;
        }
    }
    return hit;
}

static int wait_change(watcher *w, const cli_batch *b)
{
    inotify_watcher *ws = (inotify_watcher *)w;
    for (;;) {
        struct pollfd pf[2] = { { .fd = b->stop_fd, .events = POLLIN }, { .fd = ws->fd, .events = POLLIN } };
        /* while DIR is gone nothing can tell when it comes back: look twice a second */
        int r = poll(pf, 2, ws->root_wd < 0 ? 500 : -1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (pf[0].revents & POLLIN)
            return 0;
        if (r == 0) {
            update(w, b);
            if (ws->root_wd >= 0)
                return 1; /* DIR is back */
            continue;
        }
        if (!(pf[1].revents & POLLIN) || !drain(ws, b))
            continue;
        /* let a burst of writes (an editor saving, a script copying) settle */
        for (int i = 0; i < 20; i++) {
            struct pollfd q[2] = { { .fd = b->stop_fd, .events = POLLIN }, { .fd = ws->fd, .events = POLLIN } };
            if (poll(q, 2, 100) <= 0 || (q[0].revents & POLLIN))
                break;
            drain(ws, b);
        }
        struct pollfd s = { .fd = b->stop_fd, .events = POLLIN };
        return poll(&s, 1, 0) > 0 ? 0 : 1; /* stop requested meanwhile: 0 */
    }
}

static void free_watcher(watcher *w)
{
    inotify_watcher *ws = (inotify_watcher *)w;
    close(ws->fd);
    for (size_t i = 0; i < ws->n; i++)
        free(ws->w[i].dir);
    free(ws->w);
}

static const watcher_kind inotify_kind = { update, wait_change, free_watcher };

watcher *watcher_inotify_new(const char *report)
{
    inotify_watcher *ws = calloc(1, sizeof *ws);
    if (!ws)
        return NULL;
    ws->root_wd = -1;
    ws->fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
    if (ws->fd < 0 || watcher_init(&ws->base, &inotify_kind, report) != 0) {
        int e = errno;
        if (ws->fd >= 0)
            close(ws->fd);
        free(ws);
        errno = e;
        return NULL;
    }
    return &ws->base;
}

#else /* no inotify on this system: watcher_new polls */

watcher *watcher_inotify_new(const char *report)
{
    (void)report;
    errno = ENOSYS;
    return NULL;
}

#endif
