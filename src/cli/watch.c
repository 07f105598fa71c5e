/* infochart build --watch: after a first build, waits for changes to specs
 * and CSVs (watcher.h: inotify, or polling) and runs an incremental pass,
 * which re-renders exactly the charts whose inputs' hashes changed (a CSV
 * change re-renders the specs that use it), until SIGINT or SIGTERM (exit
 * status 0). */
#define _DEFAULT_SOURCE /* realpath */
#include "cli/batch.h"
#include "cli/cli.h"
#include "cli/watcher.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int watcher_init(watcher *w, const watcher_kind *kind, const char *report)
{
    w->kind = kind;
    w->report = NULL;
    if (!report)
        return 0;
    /* the directory resolved: the file itself may not exist yet */
    const char *slash = strrchr(report, '/');
    char dir[PATH_MAX], real[PATH_MAX];
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == report)
        snprintf(dir, sizeof dir, "/");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - report), report);
    if (!realpath(dir, real))
        return 0; /* no such directory: nothing under DIR can be the report */
    size_t len = strlen(real) + strlen(report) + 2;
    if (!(w->report = malloc(len)))
        return -1;
    snprintf(w->report, len, "%s/%s", strcmp(real, "/") == 0 ? "" : real, slash ? slash + 1 : report);
    return 0;
}

int watcher_is_report(const watcher *w, const char *path)
{
    if (!w->report)
        return 0;
    const char *base = strrchr(path, '/'), *rbase = strrchr(w->report, '/');
    base = base ? base + 1 : path;
    if (strcmp(base, rbase + 1) != 0)
        return 0; /* cheap test first: realpath only for the same name */
    char dir[PATH_MAX], real[PATH_MAX];
    snprintf(dir, sizeof dir, "%.*s", base > path ? (int)(base - path - 1) : 1, base > path ? path : ".");
    if (base - path == 1)
        snprintf(dir, sizeof dir, "/");
    return realpath(dir, real) && strlen(real) == (size_t)(rbase - w->report) &&
           strncmp(real, w->report, strlen(real)) == 0;
}

int watcher_name_matters(const cli_batch *b, const char *name)
{
    size_t len = strlen(name);
    if (name[0] == '.')
        return 0;
    if (len >= 5 && strcmp(name + len - 5, ".json") == 0)
        return 1;
    for (size_t i = 0; i < b->njobs; i++) {
        const char *data = b->jobs[i].data;
        if (!data)
            continue;
        const char *base = strrchr(data, '/');
        if (strcmp(base ? base + 1 : data, name) == 0)
            return 1;
    }
    return 0;
}

watcher *watcher_new(const char *report)
{
    const char *force_poll = getenv("INFOCHART_WATCH_POLL");
    if (!force_poll || !*force_poll || strcmp(force_poll, "0") == 0) {
        watcher *w = watcher_inotify_new(report);
        if (w || errno != ENOSYS)
            return w;
    }
    return watcher_poll_new(report);
}

void watcher_free(watcher *w)
{
    if (!w)
        return;
    w->kind->free(w);
    free(w->report);
    free(w);
}

int cli_watch(cli_batch *b)
{
    int stop_fd = cli_stop_open();
    if (stop_fd < 0) {
        fprintf(stderr, "infochart: cannot watch for changes: %s\n", strerror(errno));
        return EXIT_FAIL;
    }
    watcher *w = watcher_new(cli_report_file(b));
    if (!w) {
        fprintf(stderr, "infochart: cannot watch for changes: %s\n", strerror(errno));
        cli_stop_close();
        return EXIT_FAIL;
    }
    cli_stop_catch();
    b->stop_fd = stop_fd;

    /* watch first, so that a change during the first pass is not lost */
    w->kind->update(w, b);
    int rc = cli_batch_pass(b) == EXIT_USAGE ? EXIT_USAGE : EXIT_OK;
    b->first_pass = 0;
    w->kind->update(w, b);
    if (!b->quiet && rc == EXIT_OK) {
        fputs("watching ", b->progress);
        cli_fputs_safe(b->dir, b->progress);
        fputs(" for changes (Ctrl-C to stop)\n", b->progress);
        fflush(b->progress);
    }
    while (!b->stop && rc == EXIT_OK && w->kind->wait(w, b) > 0) {
        cli_batch_pass(b);
        w->kind->update(w, b);
    }
    /* stopping: a second signal now is ignored rather than ending the
     * process with it instead of exit status 0 */
    cli_stop_ignore();
    watcher_free(w);
    cli_stop_close();
    b->stop_fd = -1;
    return rc;
}
