/* Internals of `infochart serve`: a live preview page on 127.0.0.1.
 *   serve.c         the command: options, threads, the change watcher, events
 *   serve_http.c    a minimal HTTP/1.1 server (GET only, limits, timeouts)
 *   serve_render.c  the spec list and charts rendered on request
 *   serve_page.c    the page (HTML, CSS and script) as a C string
 * Only src/cli prints. */
#ifndef IC_CLI_SERVE_H
#define IC_CLI_SERVE_H

#include "infochart.h"

#include <stddef.h>

/* ---- serve_http.c ---- */

/* A request, as far as the server reads it. */
typedef struct http_request {
    char method[16];
    char path[2048];   /* the target's path, percent-decoded (no query) */
    char query[2048];  /* after '?', still encoded; "" when none */
    char host[256];    /* the Host header, "" when none */
    int keep_alive;    /* the client lets the connection stay open */
} http_request;

/* Limits and timeouts (also in docs/serve.md). */
enum {
    HTTP_MAX_LINE = 2048,       /* request line, bytes */
    HTTP_MAX_HEAD = 8192,       /* request line and headers, bytes */
    HTTP_HEAD_TIMEOUT_MS = 10000, /* the whole head must arrive within this */
    HTTP_IDLE_TIMEOUT_MS = 15000, /* a kept-alive connection waits this long for the next request */
    HTTP_SEND_TIMEOUT_MS = 10000  /* a client must take each piece of a reply within this */
};

/* Reads one request head from `fd`. Returns 1 with *req filled; 0 when the
 * connection closed, timed out or `stop_fd` became readable; or an HTTP
 * status (400, 414, 431) for a malformed or oversized request, which the
 * caller answers before closing. */
int http_read_request(int fd, int stop_fd, http_request *req);

/* Sends a whole response: status line, Content-Type, Content-Length, the
 * `extra` header lines (each ending in "\r\n"; may be NULL), then `len`
 * bytes of `body`. Returns 0, or -1 when the client went away or was too slow. */
int http_send(int fd, int status, const char *type, const char *extra, const void *body, size_t len,
              int keep_alive);
/* http_send with a text/plain body (`text`, NUL-terminated). */
int http_send_text(int fd, int status, const char *text, int keep_alive);
/* Writes `len` bytes, waiting at most HTTP_SEND_TIMEOUT_MS for each piece. */
int http_write_all(int fd, const void *data, size_t len);

/* The value of `name` in the encoded query `query`, decoded into `out`
 * (`size` bytes); NULL when absent or too long. */
const char *http_query_get(const char *query, const char *name, char *out, size_t size);

/* 1 when the Host header names this server: 127.0.0.1 or localhost, with
 * `port` or no port (DNS-rebinding protection). */
int http_host_ok(const char *host, int port);

/* ---- serve_render.c ---- */

/* The directory served, with its real path (every file served lies under it). */
typedef struct serve_root {
    const char *dir;  /* as given on the command line */
    char *real;       /* realpath(dir) */
    ic_fonts *fonts;
    ic_limits limits;
} serve_root;

/* The chart specs under root->dir (the rule of `build`: *.json whose top
 * level has a "chart" key; a file that is not JSON counts, to show its
 * error), as paths relative to it, sorted. Free with ic_strings_free. */
char **serve_list_specs(const serve_root *root, size_t *n);

/* Resolves `rel` (a path from a URL) to the spec file under the root:
 * refuses "..", absolute paths, hidden parts, anything but *.json, and a
 * real path outside the root (a symlink escape). Returns a heap path
 * (root->dir + "/" + rel) or NULL. */
char *serve_resolve(const serve_root *root, const char *rel);

/* The spec text `text` with its top-level "size" set to `preset` and its
 * "theme" set to `theme` (either NULL: left alone; both are plain ASCII
 * names), each value replaced
 * where it stands (or the key added after the opening brace), so that lines
 * and columns of everything else stay those of the file. Heap string (*len
 * bytes), or NULL when the text has no top-level object. */
char *serve_substitute(const char *text, size_t len, const char *preset, const char *theme, size_t *out_len);

/* A rendered chart: the bytes, or the error in the CLI's words. */
typedef struct serve_output {
    unsigned char *data; /* heap; NULL on error */
    size_t len;
    char error[2200];    /* "file:line:col: error: ..." when data is NULL */
} serve_output;

/* What to draw. */
typedef struct serve_chart_req {
    const char *spec_path; /* from serve_resolve */
    const char *preset;    /* an ic_preset_names() name, or NULL: the spec's own size */
    int dark;              /* "theme": "dark" in place of the spec's theme */
    size_t facet;          /* a faceted spec: which of its charts (0: the first) */
    ic_format format;
} serve_chart_req;

/* Loads the spec with the preset and theme substituted (when that fails,
 * the error of the spec as saved is reported, positions in the file), lays
 * it out (a faceted spec: its chart number `facet`) and writes it in
 * `format`.
 * `theme` (borrowed, may be NULL): the --theme theme, used in light mode.
 * Fills *out; returns 0 or -1 (out->error set). */
int serve_render(const serve_root *root, const serve_chart_req *req, const ic_theme *theme, serve_output *out);

/* The facet values of the spec at `spec_path` (a heap array of *n heap
 * strings, free with ic_strings_free; none for a spec without facets), or
 * NULL with `error` set as serve_output's. */
char **serve_facets(const serve_root *root, const char *spec_path, size_t *n, char *error, size_t size);

/* ---- serve_page.c (generated from serve_page.html) ---- */
/* The page, one line per string, NULL-terminated. */
extern const char *const serve_page_lines[];

/* ---- serve.c ---- */
int cmd_serve(int argc, char **argv);

#endif
