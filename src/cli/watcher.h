/* Tells `build --watch` when the inputs of a build may have changed: the
 * JSON files under DIR and the CSVs the charts read. Two ways: inotify
 * (watch_inotify.c, where <sys/inotify.h> exists) and polling the files'
 * states every 250 ms (watch_poll.c, any POSIX system). Only src/cli uses it. */
#ifndef IC_CLI_WATCHER_H
#define IC_CLI_WATCHER_H

#include "cli/batch.h"

typedef struct watcher watcher;

/* How a watcher works; each kind fills one. */
typedef struct watcher_kind {
    /* Watches DIR's tree and the CSVs of b's jobs as they are now; called
     * before and after every pass (a pass may find new specs and CSVs). */
    void (*update)(watcher *w, const cli_batch *b);
    /* Waits until something relevant changed and a burst of writes settled
     * (returns 1), b->stop_fd became readable (0), or waiting failed (-1). */
    int (*wait)(watcher *w, const cli_batch *b);
    void (*free)(watcher *w);
} watcher_kind;

struct watcher {
    const watcher_kind *kind;
    char *report; /* real path of the report file (ignored: the build writes it), or NULL */
};

/* The inotify watcher; NULL with errno set when the system has none
 * (ENOSYS) or it cannot start. `report` (borrowed, may be NULL): the
 * --report file. */
watcher *watcher_inotify_new(const char *report);
/* The polling watcher (everywhere); NULL when out of memory. */
watcher *watcher_poll_new(const char *report);

/* inotify where built, else polling; INFOCHART_WATCH_POLL=1 forces
 * polling (tests use it to cover both). */
watcher *watcher_new(const char *report);
void watcher_free(watcher *w);

/* Shared by both kinds. */
/* Fills the common part (w->report: the real path of `report`). 0 or -1. */
int watcher_init(watcher *w, const watcher_kind *kind, const char *report);
/* 1 when `path` is the report file, however it is spelled. */
int watcher_is_report(const watcher *w, const char *path);
/* 1 when a file named `name` matters: a *.json or the name of a CSV of b's
 * jobs; hidden names (temporary files, the cache) never do. */
int watcher_name_matters(const cli_batch *b, const char *name);
/* The directories under DIR, DIR included (build.c). */
int cli_collect_dirs(const char *dir, char ***dirs, size_t *n);

#endif
