/* `infochart serve`: which specs the page lists, which files it may read,
 * and charts rendered on request in a size preset and light or dark. */
#define _DEFAULT_SOURCE /* realpath */
#include "cli/serve.h"
#include "cli/batch.h"
#include "cli/cli.h"
#include "cli/watcher.h"
#include "core/buf.h"
#include "core/util.h"

#include <dirent.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* 1 when `real` (a real path) is the root or lies under it. */
static int under_root(const serve_root *root, const char *real)
{
    size_t n = strlen(root->real);
    if (strcmp(root->real, "/") == 0)
        return real[0] == '/';
    return strncmp(real, root->real, n) == 0 && (real[n] == '/' || real[n] == '\0');
}

/* The rule of `build` (build.c): a chart spec is a *.json whose top level
 * has a "chart" key; a file that is not JSON counts (its error is shown). */
static int is_chart_spec(const char *path, size_t max)
{
    size_t len = 0;
    char *text = ic_read_file(path, max, &len, NULL);
    if (!text)
        return 1;
    size_t skip = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0; /* a UTF-8 BOM */
    json_t *root = json_loadb(text + skip, len - skip, 0, NULL);
    int spec = !root || json_object_get(root, "chart") != NULL;
    json_decref(root);
    free(text);
    return spec;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **serve_list_specs(const serve_root *root, size_t *n)
{
    char **dirs = NULL, **specs = NULL;
    size_t ndirs = 0, cap = 0;
    *n = 0;
    cli_collect_dirs(root->dir, &dirs, &ndirs);
    for (size_t d = 0; d < ndirs; d++) {
        DIR *dh = opendir(dirs[d]);
        struct dirent *e;
        while (dh && (e = readdir(dh)) != NULL) {
            if (e->d_name[0] == '.' || !has_suffix(e->d_name, ".json"))
                continue;
            char *path = ic_asprintf("%s/%s", dirs[d], e->d_name);
            char real[PATH_MAX];
            struct stat st;
            if (!path || stat(path, &st) != 0 || !S_ISREG(st.st_mode) || !realpath(path, real) ||
                !under_root(root, real) || !is_chart_spec(path, root->limits.spec_bytes)) {
                free(path);
                continue;
            }
            const char *rel = path + strlen(root->dir);
            while (*rel == '/')
                rel++;
            char *copy = ic_strdup(rel);
            free(path);
            if (*n == cap) {
                size_t nc = cap ? cap * 2 : 16;
                char **grown = realloc(specs, nc * sizeof *grown);
                if (!grown) {
                    free(copy);
                    break;
                }
                specs = grown;
                cap = nc;
            }
            if (copy)
                specs[(*n)++] = copy;
        }
        if (dh)
            closedir(dh);
    }
    cli_strv_free(dirs, ndirs);
    /* a tree reached twice (a symlinked directory) lists a spec once */
    if (*n > 1)
        qsort(specs, *n, sizeof *specs, cmp_str);
    size_t k = 0;
    for (size_t i = 0; i < *n; i++) {
        if (k > 0 && strcmp(specs[k - 1], specs[i]) == 0)
            free(specs[i]);
        else
            specs[k++] = specs[i];
    }
    *n = k;
    return specs;
}

char *serve_resolve(const serve_root *root, const char *rel)
{
    if (!rel[0] || rel[0] == '/' || !has_suffix(rel, ".json") || strchr(rel, '\\'))
        return NULL;
    /* no empty, "." or ".." part, and nothing hidden */
    for (const char *p = rel; *p;) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        if (n == 0 || p[0] == '.')
            return NULL;
        p += n + (slash ? 1 : 0);
    }
    char *path = ic_asprintf("%s/%s", root->dir, rel);
    char real[PATH_MAX];
    struct stat st;
    if (!path || !realpath(path, real) || !under_root(root, real) || stat(real, &st) != 0 || !S_ISREG(st.st_mode)) {
        free(path);
        return NULL;
    }
    return path;
}

/* ---- substituting "size" and "theme" in place ---- */

typedef struct scanner {
    const char *s;
    size_t len, i;
} scanner;

static void skip_ws(scanner *sc)
{
    while (sc->i < sc->len && strchr(" \t\r\n", sc->s[sc->i]) && sc->s[sc->i])
        sc->i++;
}

/* Skips a string starting at its quote; -1 when unterminated. */
static int skip_string(scanner *sc)
{
    for (sc->i++; sc->i < sc->len; sc->i++) {
        if (sc->s[sc->i] == '\\')
            sc->i++;
        else if (sc->s[sc->i] == '"') {
            sc->i++;
            return 0;
        }
    }
    return -1;
}

/* Skips one value (any type, nested ones with their strings); -1 on
 * malformed text. */
static int skip_value(scanner *sc)
{
    if (sc->i >= sc->len)
        return -1;
    char c = sc->s[sc->i];
    if (c == '"')
        return skip_string(sc);
    if (c == '{' || c == '[') {
        int depth = 0;
        while (sc->i < sc->len) {
            char d = sc->s[sc->i];
            if (d == '"') {
                if (skip_string(sc) != 0)
                    return -1;
                continue;
            }
            if (d == '{' || d == '[')
                depth++;
            else if ((d == '}' || d == ']') && --depth == 0) {
                sc->i++;
                return 0;
            }
            sc->i++;
        }
        return -1;
    }
    size_t start = sc->i;
    while (sc->i < sc->len && !strchr(",}] \t\r\n", sc->s[sc->i]) && sc->s[sc->i])
        sc->i++;
    return sc->i > start ? 0 : -1;
}

typedef struct span {
    size_t start, end; /* the value's bytes; start == end == 0: key absent */
    const char *key, *value;
} span;

char *serve_substitute(const char *text, size_t len, const char *preset, const char *theme, size_t *out_len)
{
    /* `preset` and `theme` are plain ASCII names (checked by the caller) */
    scanner sc = { text, len, 0 };
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        sc.i = 3;
    skip_ws(&sc);
    if (sc.i >= len || text[sc.i] != '{')
        return NULL;
    size_t insert_at = ++sc.i;
    span spans[2];
    size_t nspans = 0;
    if (preset)
        spans[nspans++] = (span){ 0, 0, "size", preset };
    if (theme)
        spans[nspans++] = (span){ 0, 0, "theme", theme };
    for (;;) {
        skip_ws(&sc);
        if (sc.i >= len)
            return NULL;
        if (text[sc.i] == '}')
            break;
        if (text[sc.i] != '"')
            return NULL;
        size_t key_start = sc.i + 1;
        if (skip_string(&sc) != 0)
            return NULL;
        size_t key_len = sc.i - 1 - key_start;
        skip_ws(&sc);
        if (sc.i >= len || text[sc.i] != ':')
            return NULL;
        sc.i++;
        skip_ws(&sc);
        size_t value_start = sc.i;
        if (skip_value(&sc) != 0)
            return NULL;
        for (size_t k = 0; k < nspans; k++)
            if (key_len == strlen(spans[k].key) && memcmp(text + key_start, spans[k].key, key_len) == 0 &&
                spans[k].end == 0) {
                spans[k].start = value_start;
                spans[k].end = sc.i;
            }
        skip_ws(&sc);
        if (sc.i < len && text[sc.i] == ',')
            sc.i++;
    }
    /* keys added after the brace, then the text with values replaced in order */
    ic_buf out = IC_BUF_INIT;
    ic_buf_append(&out, text, insert_at);
    for (size_t k = 0; k < nspans; k++)
        if (spans[k].end == 0)
            ic_buf_printf(&out, "\"%s\": \"%s\", ", spans[k].key, spans[k].value);
    if (nspans == 2 && spans[1].end && spans[0].end && spans[1].start < spans[0].start) {
        span t = spans[0];
        spans[0] = spans[1];
        spans[1] = t;
    }
    size_t from = insert_at;
    for (size_t k = 0; k < nspans; k++) {
        if (spans[k].end == 0)
            continue;
        ic_buf_append(&out, text + from, spans[k].start - from);
        ic_buf_printf(&out, "\"%s\"", spans[k].value);
        from = spans[k].end;
    }
    ic_buf_append(&out, text + from, len - from);
    *out_len = out.len;
    return ic_buf_take(&out);
}

/* ---- rendering ---- */

typedef struct byte_buf {
    unsigned char *data;
    size_t len, cap;
} byte_buf;

static int collect_bytes(void *closure, const unsigned char *data, size_t len)
{
    byte_buf *b = closure;
    if (b->len + len > b->cap) {
        size_t nc = b->cap ? b->cap : 65536;
        while (nc < b->len + len)
            nc *= 2;
        unsigned char *grown = realloc(b->data, nc);
        if (!grown)
            return -1;
        b->data = grown;
        b->cap = nc;
    }
    memcpy(b->data + b->len, data, len);
    b->len += len;
    return 0;
}

/* The error as the CLI prints it (cli_print_error, without the newline). */
static void format_error(const ic_error *err, char *out, size_t size)
{
    char raw[2200];
    ic_error_format(err, raw, sizeof raw);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (f) {
        cli_fputs_safe(raw, f);
        fclose(f);
    }
    snprintf(out, size, "%s", text ? text : raw);
    free(text);
}

/* Loads the chart with the preset and theme in place; NULL with err set. */
static ic_chart *load_variant(const serve_root *root, const serve_chart_req *req, ic_error *err)
{
    size_t len = 0, sub_len = 0;
    char *text = ic_read_file(req->spec_path, root->limits.spec_bytes, &len, err);
    if (!text)
        return NULL;
    char *sub = serve_substitute(text, len, req->preset, req->dark ? "dark" : NULL, &sub_len);
    char *base = ic_path_dirname(req->spec_path);
    ic_chart *chart = NULL;
    if (sub && base)
        chart = ic_chart_load_string(sub, sub_len, req->spec_path, base, NULL, &root->limits, err);
    else if (base) /* not an object: the original text gives the error */
        chart = ic_chart_load_string(text, len, req->spec_path, base, NULL, &root->limits, err);
    free(base);
    free(sub);
    free(text);
    return chart;
}

int serve_render(const serve_root *root, const serve_chart_req *req, const ic_theme *theme, serve_output *out)
{
    ic_error err = {0};
    ic_chart *chart = NULL, *facet = NULL;
    ic_scene *scene = NULL;
    byte_buf buf = {0};
    memset(out, 0, sizeof *out);
    if (!(chart = load_variant(root, req, &err))) {
        /* the spec as saved tells where its error is; the substitution
         * only changes "size" and "theme", so it fails the same way */
        ic_error orig = {0};
        ic_chart *c = ic_chart_load_limited(req->spec_path, &root->limits, &orig);
        if (!c)
            err = orig;
        ic_chart_free(c);
        goto fail;
    }
    if (theme && !req->dark && ic_chart_set_theme(chart, theme, &err) != 0)
        goto fail;
    const ic_chart *draw = chart;
    size_t nfacets = ic_chart_facet_count(chart);
    if (nfacets > 0 || req->facet > 0) {
        if (req->facet >= nfacets) {
            err.code = IC_ERR_USAGE;
            snprintf(err.file, sizeof err.file, "%.1000s", req->spec_path);
            snprintf(err.message, sizeof err.message, "the spec has %zu facet charts, not %zu", nfacets,
                     req->facet + 1);
            goto fail;
        }
        if (!(facet = ic_chart_facet(chart, req->facet, &err)))
            goto fail;
        draw = facet;
    }
    if (!(scene = ic_chart_layout(draw, root->fonts, &err)))
        goto fail;
    if (ic_scene_write_to(scene, req->format, collect_bytes, &buf, &err) != 0)
        goto fail;
    out->data = buf.data;
    out->len = buf.len;
    ic_scene_free(scene);
    ic_chart_free(facet);
    ic_chart_free(chart);
    return 0;
fail:
    format_error(&err, out->error, sizeof out->error);
    free(buf.data);
    ic_scene_free(scene);
    ic_chart_free(facet);
    ic_chart_free(chart);
    return -1;
}

char **serve_facets(const serve_root *root, const char *spec_path, size_t *n, char *error, size_t size)
{
    ic_error err = {0};
    *n = 0;
    ic_chart *chart = ic_chart_load_limited(spec_path, &root->limits, &err);
    if (!chart) {
        format_error(&err, error, size);
        return NULL;
    }
    size_t count = ic_chart_facet_count(chart);
    char **values = calloc(count ? count : 1, sizeof *values);
    for (size_t i = 0; values && i < count; i++) {
        if (!(values[i] = ic_strdup(ic_chart_facet_value(chart, i)))) {
            ic_strings_free(values, i);
            values = NULL;
        }
    }
    ic_chart_free(chart);
    if (!values)
        snprintf(error, size, "out of memory");
    else
        *n = count;
    return values;
}
