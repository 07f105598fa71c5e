/* infochart build --watch: after a first build, waits for changes to specs
 * and CSVs (inotify) and runs an incremental pass, which re-renders exactly
 * the charts whose inputs' hashes changed (a CSV change re-renders the specs
 * that use it), until SIGINT or SIGTERM (exit status 0). */
#define _DEFAULT_SOURCE /* realpath */
#include "cli/batch.h"
#include "cli/cli.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <unistd.h>

int cli_collect_dirs(const char *dir, char ***dirs, size_t *n);

#define WATCH_MASK                                                                                            \
    (IN_CLOSE_WRITE | IN_MODIFY | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_DELETE_SELF)

typedef struct watches {
    int fd;
    struct {
        int wd;
        char *dir; /* real path */
    } *w;
    size_t n, cap;
    int root_wd; /* the watch on DIR itself; -1 while DIR is gone */
} watches;

/* Watches `dir`; returns the watch descriptor, or -1. */
static int add_watch(watches *ws, const char *dir)
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
static void forget_watch(watches *ws, int wd)
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

static const char *watch_dir(const watches *ws, int wd)
{
    for (size_t i = 0; i < ws->n; i++)
        if (ws->w[i].wd == wd)
            return ws->w[i].dir;
    return NULL;
}

/* Watches every directory under DIR and the directory of every CSV. */
static void refresh(watches *ws, const cli_batch *b)
{
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

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Does the event concern a spec, a CSV in use, or a new directory? */
static int relevant(const watches *ws, const cli_batch *b, const char *report_real, const struct inotify_event *ev)
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
    if (report_real && strcmp(path, report_real) == 0)
        return 0; /* our own report */
    if (has_suffix(ev->name, ".json"))
        return 1;
    for (size_t i = 0; i < b->njobs; i++) {
        const char *data = b->jobs[i].data;
        if (!data)
            continue;
        const char *base = strrchr(data, '/');
        base = base ? base + 1 : data;
        if (strcmp(base, ev->name) == 0)
            return 1;
    }
    return 0;
}

/* Reads what is queued; returns 1 when something relevant happened. */
static int drain(watches *ws, const cli_batch *b, const char *report_real)
{
    char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
    int hit = 0;
    for (;;) {
        ssize_t r = read(ws->fd, buf, sizeof buf);
        if (r <= 0)
            break;
        for (char *p = buf; p < buf + r;) {
            const struct inotify_event *ev = (const struct inotify_event *)p;
            hit |= relevant(ws, b, report_real, ev);
            if (ev->mask & IN_IGNORED)
                forget_watch(ws, ev->wd);
            p += sizeof *ev + ev->len;
        }
    }
    return hit;
}

static char *report_realpath(const char *report)
{
    if (!report)
        return NULL;
    const char *slash = strrchr(report, '/');
    char dir[PATH_MAX], real[PATH_MAX];
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - report) : 1, slash ? report : ".");
    if (slash == report)
        snprintf(dir, sizeof dir, "/");
    if (!realpath(dir, real))
        return NULL;
    size_t len = strlen(real) + strlen(report) + 2;
    char *p = malloc(len);
    if (p)
        snprintf(p, len, "%s/%s", strcmp(real, "/") == 0 ? "" : real, slash ? slash + 1 : report);
    return p;
}

static void on_signal(int sig)
{
    (void)sig; /* never runs: the signals are blocked and read from a signalfd */
}

int cli_watch(cli_batch *b)
{
    /* a handler (not SIG_IGN), so that SIGINT reaches the signalfd even when
     * the shell started us in the background with SIGINT ignored */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    /* blocked before any thread exists, so every pool thread inherits it */
    if (sigprocmask(SIG_BLOCK, &set, NULL) != 0) {
        perror("infochart: sigprocmask");
        return EXIT_FAIL;
    }
    int sfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
    watches ws = { .fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK), .root_wd = -1 };
    if (sfd < 0 || ws.fd < 0) {
        fprintf(stderr, "infochart: cannot watch for changes: %s\n", strerror(errno));
        if (sfd >= 0)
            close(sfd);
        if (ws.fd >= 0)
            close(ws.fd);
        sigprocmask(SIG_UNBLOCK, &set, NULL);
        return EXIT_FAIL;
    }
    b->stop_fd = sfd;
    char *report_real = report_realpath(cli_report_file(b));

    /* watch first, so that a change during the first pass is not lost */
    refresh(&ws, b);
    int rc = cli_batch_pass(b) == EXIT_USAGE ? EXIT_USAGE : EXIT_OK;
    b->first_pass = 0;
    refresh(&ws, b);
    if (!b->quiet && rc == EXIT_OK) {
        fputs("watching ", b->progress);
        cli_fputs_safe(b->dir, b->progress);
        fputs(" for changes (Ctrl-C to stop)\n", b->progress);
        fflush(b->progress);
    }
    while (!b->stop && rc == EXIT_OK) {
        struct pollfd pf[2] = { { .fd = sfd, .events = POLLIN }, { .fd = ws.fd, .events = POLLIN } };
        /* while DIR is gone nothing can tell when it comes back: look twice a second */
        int r = poll(pf, 2, ws.root_wd < 0 ? 500 : -1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0 || (pf[0].revents & POLLIN))
            break;
        if (r == 0) {
            refresh(&ws, b);
            if (ws.root_wd >= 0) {
                cli_batch_pass(b);
                refresh(&ws, b);
            }
            continue;
        }
        if (!(pf[1].revents & POLLIN))
            continue;
        int hit = drain(&ws, b, report_real);
        if (!hit)
            continue;
        /* let a burst of writes (an editor saving, a script copying) settle */
        for (int i = 0; i < 20; i++) {
            struct pollfd q[2] = { { .fd = sfd, .events = POLLIN }, { .fd = ws.fd, .events = POLLIN } };
            if (poll(q, 2, 100) <= 0 || (q[0].revents & POLLIN))
                break;
            drain(&ws, b, report_real);
        }
        if (poll(pf, 1, 0) > 0)
            break; /* stop requested meanwhile */
        cli_batch_pass(b);
        refresh(&ws, b);
    }
    close(ws.fd);
    close(sfd);
    b->stop_fd = -1;
    for (size_t i = 0; i < ws.n; i++)
        free(ws.w[i].dir);
    free(ws.w);
    free(report_real);
    /* SIGINT/SIGTERM stay blocked: unblocking would deliver the pending one
     * and end the process with it instead of exit status 0 */
    return rc;
}
