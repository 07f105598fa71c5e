/* infochart serve [DIR]: a live preview page on 127.0.0.1. The page lists
 * the chart specs under DIR and shows the selected one in every size
 * preset, light or dark; charts are rendered on request. A watcher thread
 * (watcher.h) learns when a spec or a file it is drawn from changes and
 * tells the open pages with Server-Sent Events, which then fetch the
 * changed chart again.
 *
 * Threads: the main thread accepts connections and keeps the idle ones
 * (poll); WORKERS threads answer one request at a time each; the watcher
 * thread waits for changes. Event streams are kept in a list and written
 * to by whoever has news (non-blocking: a client that does not read is
 * dropped). SIGINT/SIGTERM stop everything and the exit status is 0. */
#define _DEFAULT_SOURCE /* realpath */
#include "cli/serve.h"
#include "cli/batch.h"
#include "cli/cli.h"
#include "cli/watcher.h"
#include "core/util.h"
#include "spec/spec.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>

#include <unistd.h>

static const char help[] =
    "Usage: infochart serve [DIR] [--port N] [--fonts DIR] [--theme FILE.json]\n"
    "\n"
    "Serves a live preview page at http://127.0.0.1:PORT/ (this computer only):\n"
    "it lists the chart specs under DIR (default: datasets; the rule of 'build':\n"
    "*.json files with a \"chart\" key) and shows the selected chart in every\n"
    "size preset, light or dark, with download links. When a spec, its CSV or\n"
    "a theme or logo it uses is saved, the page redraws it; an error shows on\n"
    "the page as 'file:line:col: error: ...' above the last good chart.\n"
    "\n"
    "  --port N            port to listen on (default 8765; 0: any free port,\n"
    "                      printed at start)\n"
    "  --fonts DIR         fonts directory (default: $INFOCHART_FONTS, else the\n"
    "                      installed fonts)\n"
    "  --theme FILE.json   organisation theme for every chart (light mode), in\n"
    "                      place of the themes the specs name\n"
    "  -h, --help          show this help\n"
    "\n"
    "Stop it with Ctrl-C (or SIGTERM): the exit status is then 0.\n"
    "\n"
    CLI_SEE_ALSO;

enum {
    WORKERS = 4,        /* requests answered at once */
    MAX_CONNS = 64,     /* connections open at once (beyond: 503) */
    MAX_STREAMS = 32,   /* event streams (beyond: the oldest is dropped) */
    PING_MS = 15000     /* a comment line to every event stream, to find closed ones */
};

typedef struct server {
    serve_root root;
    int port, listen_fd, stop_fd;
    int wake[2];            /* workers hand connections back to the main thread */
    pthread_mutex_t lock;   /* guards the queues below and `streams` */
    pthread_cond_t ready;
    int queue[MAX_CONNS];   /* connections with a request to read, for workers */
    size_t nqueue;
    int returned[MAX_CONNS]; /* connections done with a request, kept alive */
    size_t nreturned;
    int streams[MAX_STREAMS];
    size_t nstreams;
    volatile int stopping;
    /* --theme: replaced when its files change, while no render uses it */
    pthread_rwlock_t theme_lock;
    const char *theme_path;
    ic_theme *theme;
    char *page;             /* serve_page_lines joined */
    size_t page_len;
} server;

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- event streams ---- */

/* Sends `msg` to every event stream; drops those that cannot take it now. */
static void streams_send(server *s, const char *msg)
{
    size_t len = strlen(msg);
    pthread_mutex_lock(&s->lock);
    size_t k = 0;
    for (size_t i = 0; i < s->nstreams; i++) {
        ssize_t w = send(s->streams[i], msg, len, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (w == (ssize_t)len)
            s->streams[k++] = s->streams[i];
        else
            close(s->streams[i]);
    }
    s->nstreams = k;
    pthread_mutex_unlock(&s->lock);
}

static void streams_add(server *s, int fd)
{
    pthread_mutex_lock(&s->lock);
    if (s->nstreams == MAX_STREAMS) {
        close(s->streams[0]);
        memmove(s->streams, s->streams + 1, (MAX_STREAMS - 1) * sizeof *s->streams);
        s->nstreams--;
    }
    s->streams[s->nstreams++] = fd;
    pthread_mutex_unlock(&s->lock);
}

/* ---- answering requests ---- */

static const struct { const char *name; ic_format format; const char *type; } formats[] = {
    { "png", IC_FORMAT_PNG, "image/png" },
    { "svg", IC_FORMAT_SVG, "image/svg+xml" },
    { "pdf", IC_FORMAT_PDF, "application/pdf" },
    { "txt", (ic_format)IC_OUTPUT_ALT_TEXT, "text/plain; charset=utf-8" },
};

/* The page as one string (free()); NULL when out of memory. */
static char *join_page(size_t *len)
{
    size_t n = 0;
    for (size_t i = 0; serve_page_lines[i]; i++)
        n += strlen(serve_page_lines[i]);
    char *page = malloc(n + 1);
    if (!page)
        return NULL;
    *len = 0;
    for (size_t i = 0; serve_page_lines[i]; i++) {
        size_t k = strlen(serve_page_lines[i]);
        memcpy(page + *len, serve_page_lines[i], k);
        *len += k;
    }
    page[*len] = '\0';
    return page;
}

static int send_json(int fd, json_t *j, int keep)
{
    char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
    int rc = text ? http_send(fd, 200, "application/json", NULL, text, strlen(text), keep)
                  : http_send_text(fd, 500, "out of memory", 0);
    free(text);
    json_decref(j);
    return rc;
}

static json_t *spec_list_json(const serve_root *root)
{
    size_t n = 0;
    char **specs = serve_list_specs(root, &n);
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++)
        json_array_append_new(arr, json_string(specs[i]));
    ic_strings_free(specs, n);
    return arr;
}

/* GET /api/specs: what the page needs to draw itself. */
static int send_index(server *s, int fd, int keep)
{
    json_t *j = json_object(), *presets = json_array(), *fmts = json_array();
    for (const char *const *p = ic_preset_names(); *p; p++) {
        int w = 0, h = 0;
        ic_preset_size(*p, &w, &h);
        json_array_append_new(presets, json_pack("{s:s,s:i,s:i,s:b}", "name", *p, "width", w, "height", h, "print",
                                                 ic_preset_is_print(*p)));
    }
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        json_array_append_new(fmts, json_string(formats[i].name));
    json_object_set_new(j, "dir", json_string(s->root.dir));
    json_object_set_new(j, "presets", presets);
    json_object_set_new(j, "formats", fmts);
    json_object_set_new(j, "specs", spec_list_json(&s->root));
    return send_json(fd, j, keep);
}

/* GET /chart/SPEC?preset=NAME&theme=light|dark&format=png|svg|pdf[&facet=N][&download=1] */
static int send_chart(server *s, int fd, const http_request *req, const char *rel)
{
    char preset[64], theme[16], format[16], download[8];
    serve_chart_req cr = { 0 };
    int keep = req->keep_alive;
    if (http_query_get(req->query, "preset", preset, sizeof preset)) {
        int known = 0;
        for (const char *const *p = ic_preset_names(); *p; p++)
            known |= strcmp(*p, preset) == 0;
        if (!known)
            return http_send_text(fd, 400, "unknown preset", keep);
        cr.preset = preset;
    }
    if (http_query_get(req->query, "theme", theme, sizeof theme)) {
        if (strcmp(theme, "dark") != 0 && strcmp(theme, "light") != 0)
            return http_send_text(fd, 400, "theme must be light or dark", keep);
        cr.dark = strcmp(theme, "dark") == 0;
    }
    char facet[24];
    if (http_query_get(req->query, "facet", facet, sizeof facet)) {
        char *end = NULL;
        unsigned long long v = strtoull(facet, &end, 10);
        if (!facet[0] || *end || facet[0] == '-' || v > 1000000000ULL)
            return http_send_text(fd, 400, "facet must be a chart number (0, 1, ...)", keep);
        cr.facet = (size_t)v;
    }
    size_t f = 0;
    if (http_query_get(req->query, "format", format, sizeof format)) {
        while (f < sizeof formats / sizeof formats[0] && strcmp(formats[f].name, format) != 0)
            f++;
        if (f == sizeof formats / sizeof formats[0])
            return http_send_text(fd, 400, "format must be png, svg, pdf or txt", keep);
    }
    cr.format = formats[f].format;
    char *path = serve_resolve(&s->root, rel);
    if (!path)
        return http_send_text(fd, 404, "no such chart spec", keep);
    cr.spec_path = path;

    serve_output out;
    pthread_rwlock_rdlock(&s->theme_lock);
    int rc = serve_render(&s->root, &cr, s->theme, &out);
    pthread_rwlock_unlock(&s->theme_lock);
    if (rc != 0) {
        free(path);
        return http_send_text(fd, 422, out.error, keep);
    }
    /* the chart's own directory may hold fonts an SVG names: nothing else loads */
    char extra[600];
    int n = snprintf(extra, sizeof extra,
                     "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; "
                     "img-src data:; font-src data:\r\n");
    if (http_query_get(req->query, "download", download, sizeof download)) {
        /* NAME-PRESET[-dark].EXT from the spec's file name */
        const char *base = strrchr(rel, '/');
        base = base ? base + 1 : rel;
        char safe[128];
        size_t k = 0;
        for (const char *p = base; *p && strcmp(p, ".json") != 0 && k + 1 < sizeof safe; p++)
            safe[k++] = (*p == '"' || *p == '\\' || (unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7F) ? '_' : *p;
        safe[k] = '\0';
        char number[32] = "";
        if (cr.facet > 0)
            snprintf(number, sizeof number, "-%zu", cr.facet + 1);
        snprintf(extra + n, sizeof extra - (size_t)n,
                 "Content-Disposition: attachment; filename=\"%s%s%s%s%s.%s\"\r\n", safe, number,
                 cr.preset ? "-" : "", cr.preset ? cr.preset : "", cr.dark ? "-dark" : "", formats[f].name);
    }
    rc = http_send(fd, 200, formats[f].type, extra, out.data, out.len, keep);
    free(out.data);
    free(path);
    return rc;
}

/* GET /api/facets/SPEC: {"facets": [values...]} (empty without facets),
 * or {"facets": [], "error": "..."} when the spec does not load. */
static int send_facets(server *s, int fd, const http_request *req, const char *rel)
{
    char *path = serve_resolve(&s->root, rel);
    if (!path)
        return http_send_text(fd, 404, "no such chart spec", req->keep_alive);
    size_t n = 0;
    char error[2200];
    char **values = serve_facets(&s->root, path, &n, error, sizeof error);
    free(path);
    json_t *j = json_object(), *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_string(values[i]));
    ic_strings_free(values, n);
    json_object_set_new(j, "facets", arr);
    if (!values)
        json_object_set_new(j, "error", json_string(error));
    return send_json(fd, j, req->keep_alive);
}

/* Answers one request. Returns 1 to keep the connection, 0 to close it,
 * 2 when it became an event stream. */
static int answer(server *s, int fd, const http_request *req)
{
    int keep = req->keep_alive;
    if (!http_host_ok(req->host, s->port)) {
        http_send_text(fd, 403, "this server answers only to 127.0.0.1 and localhost", 0);
        return 0;
    }
    if (strcmp(req->method, "GET") != 0) {
        http_send(fd, 405, "text/plain; charset=utf-8", "Allow: GET\r\n", "only GET\n", 9, 0);
        return 0;
    }
    int rc;
    if (strcmp(req->path, "/") == 0) {
        rc = http_send(fd, 200, "text/html; charset=utf-8",
                       "Content-Security-Policy: default-src 'self'; img-src 'self' blob: data:; font-src 'self' data:; "
                       "style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'\r\n",
                       s->page, s->page_len, keep);
    } else if (strcmp(req->path, "/api/specs") == 0) {
        rc = send_index(s, fd, keep);
    } else if (strncmp(req->path, "/api/facets/", 12) == 0) {
        rc = send_facets(s, fd, req, req->path + 12);
    } else if (strncmp(req->path, "/chart/", 7) == 0) {
        rc = send_chart(s, fd, req, req->path + 7);
    } else if (strcmp(req->path, "/events") == 0) {
        static const char head[] = "HTTP/1.1 200 OK\r\n"
                                   "Content-Type: text/event-stream\r\n"
                                   "Cache-Control: no-store\r\n"
                                   "Connection: keep-alive\r\n\r\n"
                                   "retry: 1000\n\n";
        if (http_write_all(fd, head, sizeof head - 1) != 0)
            return 0;
        streams_add(s, fd);
        return 2;
    } else {
        rc = http_send_text(fd, 404, "not found", keep);
    }
    return rc == 0 && keep ? 1 : 0;
}

static void *worker_main(void *arg)
{
    server *s = arg;
    for (;;) {
        pthread_mutex_lock(&s->lock);
        while (s->nqueue == 0 && !s->stopping)
            pthread_cond_wait(&s->ready, &s->lock);
        if (s->stopping) {
            pthread_mutex_unlock(&s->lock);
            return NULL;
        }
        int fd = s->queue[0];
        memmove(s->queue, s->queue + 1, (--s->nqueue) * sizeof *s->queue);
        pthread_mutex_unlock(&s->lock);

        http_request req;
        int r = http_read_request(fd, s->stop_fd, &req);
        int keep = 0;
        if (r == 1)
            keep = answer(s, fd, &req);
        else if (r > 1)
            http_send_text(fd, r, r == 400 ? "bad request" : "request too large", 0);
        if (keep == 2)
            continue; /* an event stream now */
        pthread_mutex_lock(&s->lock);
        if (keep == 1 && !s->stopping && s->nreturned < MAX_CONNS) {
            s->returned[s->nreturned++] = fd;
            ssize_t w = write(s->wake[1], "x", 1);
            (void)w;
        } else {
            close(fd);
        }
        pthread_mutex_unlock(&s->lock);
    }
}

/* ---- watching the files the charts are drawn from ---- */

/* What one pass over the specs saw. */
typedef struct snapshot {
    char **specs;      /* relative paths, sorted */
    uint64_t *hashes;  /* of each spec's files, as they are */
    size_t n;
    char **files;      /* every file any chart is drawn from (for the watcher) */
    size_t nfiles;
} snapshot;

static void snapshot_free(snapshot *sn)
{
    ic_strings_free(sn->specs, sn->n);
    free(sn->hashes);
    ic_strings_free(sn->files, sn->nfiles);
    memset(sn, 0, sizeof *sn);
}

static void add_file(snapshot *sn, const char *path)
{
    for (size_t i = 0; i < sn->nfiles; i++)
        if (strcmp(sn->files[i], path) == 0)
            return;
    char **grown = realloc(sn->files, (sn->nfiles + 1) * sizeof *grown);
    if (!grown)
        return;
    sn->files = grown;
    if ((sn->files[sn->nfiles] = ic_strdup(path)))
        sn->nfiles++;
}

/* Lists the specs and hashes the files each is drawn from; a spec whose
 * files are unknown (it does not load) hashes its own text, and the files
 * of its last good state (`prev`) are still watched. */
static void take_snapshot(server *s, const snapshot *prev, snapshot *sn)
{
    memset(sn, 0, sizeof *sn);
    sn->specs = serve_list_specs(&s->root, &sn->n);
    sn->hashes = calloc(sn->n ? sn->n : 1, sizeof *sn->hashes);
    for (size_t i = 0; sn->hashes && i < sn->n; i++) {
        char *path = ic_asprintf("%s/%s", s->root.dir, sn->specs[i]);
        size_t nd = 0;
        char **deps = path ? ic_spec_dependencies(path, &s->root.limits, &nd, NULL) : NULL;
        uint64_t h = cli_hash_str(IC_HASH_INIT, sn->specs[i]);
        if (!deps && path)
            (void)cli_hash_file(&h, path);
        for (size_t d = 0; d < nd; d++) {
            h = cli_hash_str(h, deps[d]);
            if (cli_hash_file(&h, deps[d]) != 0)
                h = cli_hash_str(h, "(unreadable)");
            add_file(sn, deps[d]);
        }
        sn->hashes[i] = h;
        ic_strings_free(deps, nd);
        free(path);
    }
    for (size_t i = 0; prev && i < prev->nfiles; i++)
        add_file(sn, prev->files[i]);
    pthread_rwlock_rdlock(&s->theme_lock);
    for (size_t i = 0; s->theme && i < ic_theme_dependency_count(s->theme); i++)
        add_file(sn, ic_theme_dependency(s->theme, i));
    pthread_rwlock_unlock(&s->theme_lock);
}

/* Hash of the --theme files; 0 without --theme. */
static uint64_t theme_hash(server *s)
{
    if (!s->theme_path)
        return 0;
    uint64_t h = cli_hash_str(IC_HASH_INIT, s->theme_path);
    pthread_rwlock_rdlock(&s->theme_lock);
    for (size_t i = 0; s->theme && i < ic_theme_dependency_count(s->theme); i++)
        if (cli_hash_file(&h, ic_theme_dependency(s->theme, i)) != 0)
            h = cli_hash_str(h, "(unreadable)");
    pthread_rwlock_unlock(&s->theme_lock);
    return h;
}

/* Loads the --theme file again; on error keeps the old theme and prints. */
static void reload_theme(server *s)
{
    ic_error err = {0};
    ic_theme *fresh = ic_theme_load(s->theme_path, &err);
    if (!fresh) {
        cli_print_error(&err);
        return;
    }
    pthread_rwlock_wrlock(&s->theme_lock);
    ic_theme_free(s->theme);
    s->theme = fresh;
    pthread_rwlock_unlock(&s->theme_lock);
}

/* The jobs the watcher looks at: one per file (its `data`). */
static void set_watch_files(cli_batch *b, const snapshot *sn)
{
    free(b->jobs);
    b->jobs = calloc(sn->nfiles ? sn->nfiles : 1, sizeof *b->jobs);
    b->njobs = b->jobs ? sn->nfiles : 0;
    for (size_t i = 0; i < b->njobs; i++)
        b->jobs[i].data = sn->files[i]; /* borrowed from the snapshot */
}

/* Tells the pages what changed: {"changed": [...], "specs": [...]}. */
static void announce(server *s, const snapshot *old, const snapshot *now, int all)
{
    json_t *changed = json_array(), *specs = json_array();
    for (size_t i = 0; i < now->n; i++) {
        json_array_append_new(specs, json_string(now->specs[i]));
        int same = 0;
        for (size_t k = 0; !all && k < old->n; k++)
            if (strcmp(old->specs[k], now->specs[i]) == 0)
                same = old->hashes[k] == now->hashes[i];
        if (!same)
            json_array_append_new(changed, json_string(now->specs[i]));
    }
    int list_changed = old->n != now->n;
    for (size_t i = 0; !list_changed && i < now->n; i++)
        list_changed = strcmp(old->specs[i], now->specs[i]) != 0;
    if (json_array_size(changed) == 0 && !list_changed) {
        json_decref(changed);
        json_decref(specs);
        return;
    }
    json_t *msg = json_pack("{s:o,s:o}", "changed", changed, "specs", specs);
    char *text = msg ? json_dumps(msg, JSON_COMPACT) : NULL;
    json_decref(msg);
    if (!text)
        return;
    char *event = ic_asprintf("event: change\ndata: %s\n\n", text);
    free(text);
    if (event)
        streams_send(s, event);
    free(event);
}

typedef struct watch_ctx {
    server *s;
    watcher *w;
    cli_batch b;      /* the files watched (its jobs) */
    snapshot now;     /* the inputs as last seen */
    uint64_t themed;  /* theme_hash when last seen */
} watch_ctx;

/* What the watcher compares against, taken before the server says it is
 * serving: a file saved as soon as the page can load is then never part
 * of the first snapshot unnoticed. */
static void watch_begin(watch_ctx *wc)
{
    server *s = wc->s;
    memset(&wc->b, 0, sizeof wc->b);
    wc->b.dir = s->root.dir;
    wc->b.stop_fd = s->stop_fd;
    take_snapshot(s, NULL, &wc->now);
    wc->themed = theme_hash(s);
    set_watch_files(&wc->b, &wc->now);
    wc->w->kind->update(wc->w, &wc->b);
}

static void *watch_main(void *arg)
{
    watch_ctx *wc = arg;
    server *s = wc->s;
    cli_batch b = wc->b;
    snapshot now = wc->now;
    uint64_t themed = wc->themed;
    /* tests: a watcher thread that starts late, as on a loaded machine */
    const char *delay = getenv("INFOCHART_SERVE_WATCH_DELAY_MS");
    long ms = delay ? strtol(delay, NULL, 10) : 0;
    if (ms > 0 && ms <= 60000) {
        struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
        nanosleep(&ts, NULL);
    }
    int r;
    while ((r = wc->w->kind->wait(wc->w, &b)) > 0) {
        int all = 0;
        uint64_t t = theme_hash(s);
        if (t != themed) {
            reload_theme(s);
            themed = theme_hash(s);
            all = 1;
        }
        snapshot next;
        take_snapshot(s, &now, &next);
        announce(s, &now, &next, all);
        snapshot_free(&now);
        now = next;
        set_watch_files(&b, &now);
        wc->w->kind->update(wc->w, &b);
    }
    if (r < 0)
        fprintf(stderr, "infochart: serve: cannot watch for changes any more (%s): reload the page to see them\n",
                strerror(errno));
    free(b.jobs);
    snapshot_free(&now);
    return NULL;
}

/* ---- the main thread: accepting and keeping idle connections ---- */

static int open_listener(int port, int *bound_port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* 127.0.0.1 only */
    socklen_t alen = sizeof addr;
    if (bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(fd, 32) != 0 ||
        getsockname(fd, (struct sockaddr *)&addr, &alen) != 0 || cli_nonblocking_cloexec(fd) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    *bound_port = ntohs(addr.sin_port);
    return fd;
}

/* Gives `fd` to the workers; 503 when too many connections are open. */
static void enqueue(server *s, int fd)
{
    pthread_mutex_lock(&s->lock);
    if (s->nqueue < MAX_CONNS) {
        s->queue[s->nqueue++] = fd;
        pthread_cond_signal(&s->ready);
        fd = -1;
    }
    pthread_mutex_unlock(&s->lock);
    if (fd >= 0) {
        static const char busy[] = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        ssize_t w = send(fd, busy, sizeof busy - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
        (void)w;
        close(fd);
    }
}

static void accept_loop(server *s)
{
    struct { int fd; long long deadline; } idle[MAX_CONNS];
    size_t nidle = 0;
    long long next_ping = now_ms() + PING_MS;
    for (;;) {
        struct pollfd pf[3 + MAX_CONNS];
        pf[0] = (struct pollfd){ .fd = s->stop_fd, .events = POLLIN };
        pf[1] = (struct pollfd){ .fd = s->listen_fd, .events = POLLIN };
        pf[2] = (struct pollfd){ .fd = s->wake[0], .events = POLLIN };
        long long now = now_ms(), until = next_ping;
        for (size_t i = 0; i < nidle; i++) {
            pf[3 + i] = (struct pollfd){ .fd = idle[i].fd, .events = POLLIN };
            if (idle[i].deadline < until)
                until = idle[i].deadline;
        }
        int r = poll(pf, 3 + nidle, until > now ? (int)(until - now) : 0);
        if (r < 0 && errno != EINTR)
            break;
        if (r > 0 && (pf[0].revents & POLLIN))
            break;
        now = now_ms();
        /* idle connections: a new request goes to a worker, silence past the deadline closes */
        size_t k = 0;
        for (size_t i = 0; i < nidle; i++) {
            if (r > 0 && pf[3 + i].revents) {
                enqueue(s, idle[i].fd);
            } else if (idle[i].deadline <= now) {
                close(idle[i].fd);
            } else {
                idle[k++] = idle[i];
            }
        }
        nidle = k;
        if (r > 0 && (pf[2].revents & POLLIN)) {
            char drain[64];
            while (read(s->wake[0], drain, sizeof drain) > 0) {
            }
            pthread_mutex_lock(&s->lock);
            for (size_t i = 0; i < s->nreturned; i++) {
                if (nidle < MAX_CONNS) {
                    idle[nidle].fd = s->returned[i];
                    idle[nidle++].deadline = now + HTTP_IDLE_TIMEOUT_MS;
                } else {
                    close(s->returned[i]);
                }
            }
            s->nreturned = 0;
            pthread_mutex_unlock(&s->lock);
        }
        if (r > 0 && (pf[1].revents & POLLIN)) {
            /* a new connection waits here until its request arrives, so that
             * a client that connects and sends nothing holds no worker */
            int fd;
            while ((fd = accept(s->listen_fd, NULL, NULL)) >= 0) {
                fcntl(fd, F_SETFD, FD_CLOEXEC);
                if (nidle == MAX_CONNS) {
                    static const char busy[] =
                        "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                    ssize_t w = send(fd, busy, sizeof busy - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
                    (void)w;
                    close(fd);
                    continue;
                }
                idle[nidle].fd = fd;
                idle[nidle++].deadline = now + HTTP_HEAD_TIMEOUT_MS;
            }
        }
        if (now >= next_ping) {
            streams_send(s, ": ping\n\n");
            next_ping = now + PING_MS;
        }
    }
    for (size_t i = 0; i < nidle; i++)
        close(idle[i].fd);
}

int cmd_serve(int argc, char **argv)
{
    enum { OPT_PORT = 1, OPT_FONTS, OPT_THEME, OPT_HELP };
    static const cli_option opts[] = {
        { OPT_PORT, "--port", 'p', "a port number" },
        { OPT_FONTS, "--fonts", 0, "a directory" },
        { OPT_THEME, "--theme", 0, "a theme file" },
        { OPT_HELP, "--help", 'h', NULL },
        { 0, NULL, 0, NULL },
    };
    cli_args args = { .argc = argc, .argv = argv, .i = 1, .command = "serve" };
    const char *dir = NULL, *fonts_dir = NULL, *theme_path = NULL, *value;
    long port = 8765;
    int id;
    while ((id = cli_next_option(&args, opts, &value)) != CLI_OPT_END) {
        switch (id) {
        case CLI_OPT_ERROR:
            return EXIT_USAGE;
        case CLI_OPT_ARG:
            if (dir)
                return cli_usage_error("serve: one directory only (got '%s' and '%s')", dir, value);
            dir = value;
            break;
        case OPT_PORT: {
            char *end = NULL;
            errno = 0;
            port = strtol(value, &end, 10);
            if (errno || !*value || *end || port < 0 || port > 65535)
                return cli_usage_error("serve: --port wants a number from 0 to 65535, got '%s'", value);
            break;
        }
        case OPT_FONTS: fonts_dir = value; break;
        case OPT_THEME: theme_path = value; break;
        case OPT_HELP: fputs(help, stdout); return EXIT_OK;
        }
    }
    if (!dir)
        dir = "datasets";

    server s;
    memset(&s, 0, sizeof s);
    s.root.dir = dir;
    ic_limits_default(&s.root.limits);
    s.listen_fd = s.wake[0] = s.wake[1] = -1;
    char real[PATH_MAX];
    struct stat st;
    const char *why = !realpath(dir, real) || stat(real, &st) != 0 ? strerror(errno)
                      : !S_ISDIR(st.st_mode)                        ? "not a directory"
                                                                    : NULL;
    if (why) {
        cli_fputs_safe(dir, stderr);
        fprintf(stderr, ": error: cannot serve this directory: %s\n", why);
        return EXIT_FAIL;
    }
    int rc = EXIT_FAIL;
    watcher *w = NULL;
    pthread_t workers[WORKERS], watch_thread;
    int nworkers = 0, watching = 0;
    pthread_mutex_init(&s.lock, NULL);
    pthread_cond_init(&s.ready, NULL);
    pthread_rwlock_init(&s.theme_lock, NULL);
    if (!(s.root.real = strdup(real)) || !(s.page = join_page(&s.page_len)) ||
        !(s.root.fonts = cli_load_fonts(fonts_dir)))
        goto done;
    if (theme_path) {
        ic_error err = {0};
        if (!(s.theme = ic_theme_load(theme_path, &err))) {
            cli_print_error(&err);
            goto done;
        }
        s.theme_path = theme_path;
    }
    if ((s.stop_fd = cli_stop_open()) < 0 || pipe(s.wake) != 0 || cli_nonblocking_cloexec(s.wake[0]) != 0 ||
        cli_nonblocking_cloexec(s.wake[1]) != 0) {
        fprintf(stderr, "infochart: serve: %s\n", strerror(errno));
        goto done;
    }
    if ((s.listen_fd = open_listener((int)port, &s.port)) < 0) {
        fprintf(stderr, "infochart: serve: cannot listen on 127.0.0.1:%ld: %s\n", port, strerror(errno));
        goto done;
    }
    if (!(w = watcher_new(NULL))) {
        fprintf(stderr, "infochart: serve: cannot watch for changes: %s\n", strerror(errno));
        goto done;
    }
    cli_stop_catch();
    signal(SIGPIPE, SIG_IGN);

    watch_ctx wc = { .s = &s, .w = w };
    watch_begin(&wc);
    watching = pthread_create(&watch_thread, NULL, watch_main, &wc) == 0;
    if (!watching) {
        free(wc.b.jobs);
        snapshot_free(&wc.now);
    }
    for (int i = 0; i < WORKERS; i++)
        if (pthread_create(&workers[nworkers], NULL, worker_main, &s) == 0)
            nworkers++;
    if (!watching || nworkers == 0) {
        fprintf(stderr, "infochart: serve: cannot start threads\n");
        cli_stop_now();
    } else {
        rc = EXIT_OK;
        printf("serving ");
        cli_fputs_safe(dir, stdout);
        printf(" at http://127.0.0.1:%d/ (Ctrl-C to stop)\n", s.port);
        fflush(stdout);
        accept_loop(&s);
    }

    /* stopping: a second signal now is ignored */
    cli_stop_ignore();
    cli_stop_now(); /* the threads see the stop pipe even when a thread failed to start */
    pthread_mutex_lock(&s.lock);
    s.stopping = 1;
    pthread_cond_broadcast(&s.ready);
    pthread_mutex_unlock(&s.lock);
    for (int i = 0; i < nworkers; i++)
        pthread_join(workers[i], NULL);
    if (watching)
        pthread_join(watch_thread, NULL);
    for (size_t i = 0; i < s.nqueue; i++)
        close(s.queue[i]);
    for (size_t i = 0; i < s.nreturned; i++)
        close(s.returned[i]);
    for (size_t i = 0; i < s.nstreams; i++)
        close(s.streams[i]);
done:
    watcher_free(w);
    if (s.listen_fd >= 0)
        close(s.listen_fd);
    for (int i = 0; i < 2; i++) {
        if (s.wake[i] >= 0)
            close(s.wake[i]);
    }
    cli_stop_close();
    ic_theme_free(s.theme);
    ic_fonts_free(s.root.fonts);
    free(s.root.real);
    free(s.page);
    pthread_mutex_destroy(&s.lock);
    pthread_cond_destroy(&s.ready);
    pthread_rwlock_destroy(&s.theme_lock);
    return rc;
}
