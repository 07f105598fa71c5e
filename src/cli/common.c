#define _XOPEN_SOURCE 700 /* realpath */
#include "cli/cli.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* vasprintf without _GNU_SOURCE: measure, then print. */
static int vasprintf_portable(char **out, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    *out = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (*out)
        vsnprintf(*out, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    return *out ? n : -1;
}

void cli_fputs_safe(const char *s, FILE *f)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        size_t n = *p < 0x80 ? 1 : *p >= 0xC2 && *p <= 0xDF ? 2 : *p >= 0xE0 && *p <= 0xEF ? 3
                 : *p >= 0xF0 && *p <= 0xF4 ? 4 : 0;
        size_t k = 1;
        while (k < n && (p[k] & 0xC0) == 0x80)
            k++;
        if (n == 0 || k < n || *p < 0x20 || *p == 0x7F) {
            fprintf(f, "\\x%02x", *p); /* a control byte, or not UTF-8 */
            p++;
        } else if (*p == 0xC2 && p[1] <= 0x9F) {
            fprintf(f, "\\u%04x", p[1]); /* a C1 control, e.g. CSI */
            p += 2;
        } else {
            fwrite(p, 1, n, f);
            p += n;
        }
    }
}

void cli_print_error(const ic_error *err)
{
    char buf[2200];
    cli_fputs_safe(ic_error_format(err, buf, sizeof buf), stderr);
    fputc('\n', stderr);
}

int cli_limit_option(ic_limits *limits, const char *arg)
{
    const char *eq = strchr(arg, '=');
    char name[64];
    if (!eq || eq == arg || (size_t)(eq - arg) >= sizeof name)
        return cli_usage_error("--limit wants NAME=VALUE (e.g. rows=20000000), got '%s'", arg);
    snprintf(name, sizeof name, "%.*s", (int)(eq - arg), arg);
    ic_error err = {0};
    if (ic_limits_set(limits, name, eq + 1, &err) != 0)
        return cli_usage_error("%s", err.message);
    return 0;
}

int cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("infochart: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\nTry 'infochart --help'.\n", stderr);
    va_end(ap);
    return EXIT_USAGE;
}

int cli_mkdirs(const char *dir, ic_error *err)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path) {
        snprintf(err->message, sizeof err->message, "path too long");
        err->code = IC_ERR_IO;
        return -1;
    }
    for (char *p = path + 1;; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            struct stat st;
            if (stat(path, &st) != 0) {
                if (mkdir(path, 0755) != 0 && errno != EEXIST) {
                    err->code = IC_ERR_IO;
                    snprintf(err->file, sizeof err->file, "%.1000s", path);
                    snprintf(err->message, sizeof err->message, "cannot create directory: %s", strerror(errno));
                    return -1;
                }
            } else if (!S_ISDIR(st.st_mode)) {
                err->code = IC_ERR_IO;
                snprintf(err->file, sizeof err->file, "%.1000s", path);
                snprintf(err->message, sizeof err->message, "exists and is not a directory");
                return -1;
            }
            *p = c;
            if (c == '\0')
                break;
        }
    }
    return 0;
}

ic_fonts *cli_load_fonts(const char *dir)
{
    ic_error err = {0};
    ic_fonts *fonts = ic_fonts_load(dir ? dir : ic_fonts_default_dir(), &err);
    if (!fonts)
        cli_print_error(&err);
    return fonts;
}

/* printf into a new heap string (free()); NULL when out of memory. */
static char *format_alloc(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *format_alloc(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    if (vasprintf_portable(&s, fmt, ap) < 0)
        s = NULL;
    va_end(ap);
    return s;
}

/* Records a usage error about `file` (unless an error is recorded); -1. */
static int usage_error_at(ic_error *err, const char *file, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int usage_error_at(ic_error *err, const char *file, const char *fmt, ...)
{
    if (err->code != IC_OK)
        return -1;
    err->code = IC_ERR_USAGE;
    err->line = err->column = 0;
    snprintf(err->file, sizeof err->file, "%s", file);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return -1;
}

/* A name for the file `path` denotes, equal for two paths exactly when they
 * name the same file: device and inode when it exists, else the real path
 * of its directory and its own name (the path itself when even the
 * directory is missing). Free with free(). */
static char *file_identity(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0)
        return format_alloc("@%ju:%ju", (uintmax_t)st.st_dev, (uintmax_t)st.st_ino);
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, (size_t)(slash - path) + (slash == path)) : strdup(".");
    char *real = dir ? realpath(dir, NULL) : NULL;
    char *id = real ? format_alloc("%s/%s", real, slash ? slash + 1 : path) : strdup(path);
    free(dir);
    free(real);
    return id;
}

/* Refuses a set of outputs that would overwrite the chart's own inputs, name
 * one file twice, or replace a file this run already wrote (`written`). */
static int check_outputs(const ic_chart *chart, char *const *paths, size_t n, char *const *written, size_t nwritten,
                         ic_error *err)
{
    const char *inputs[2] = {ic_chart_spec_path(chart), ic_chart_data_path(chart)};
    const char *what[2] = {"the spec", "the CSV"};
    char *in_id[2] = {NULL, NULL};
    char **out_id = calloc(n ? n : 1, sizeof *out_id);
    int rc = 0;
    for (int k = 0; k < 2; k++)
        in_id[k] = inputs[k] ? file_identity(inputs[k]) : NULL;
    for (size_t i = 0; out_id && i < n && rc == 0; i++) {
        if (!(out_id[i] = file_identity(paths[i])))
            break;
        for (int k = 0; k < 2 && rc == 0; k++)
            if (in_id[k] && strcmp(out_id[i], in_id[k]) == 0)
                rc = usage_error_at(err, paths[i], "this output is %s of the chart ('%s'); choose another name",
                                      what[k], inputs[k]);
        for (size_t j = 0; j < i && rc == 0; j++)
            if (strcmp(out_id[i], out_id[j]) == 0)
                rc = usage_error_at(err, paths[i], "named twice as an output ('%s' and '%s')", paths[j], paths[i]);
        for (size_t j = 0; j < nwritten && rc == 0; j++) {
            char *w = file_identity(written[j]);
            if (w && strcmp(out_id[i], w) == 0)
                rc = usage_error_at(err, paths[i], "already written by this run; two charts would write the same file");
            free(w);
        }
    }
    for (size_t i = 0; out_id && i < n; i++)
        free(out_id[i]);
    free(out_id);
    free(in_id[0]);
    free(in_id[1]);
    return rc;
}

/* Lays out one chart and writes its files (all or none); appends the paths
 * written to *written. */
static int render_chart(const char *spec_path, ic_chart *chart, const ic_fonts *fonts, const char *out_dir,
                        char *const *files, int nfiles, const char *scene_path, char ***written, size_t *nwritten,
                        ic_error *err)
{
    ic_scene *scene = NULL;
    char **paths = NULL;
    int *formats = NULL;
    size_t total = 0;
    int rc = -1;
    scene = ic_chart_layout(chart, fonts, err);
    if (!scene)
        goto done;
    /* what layout left out rather than overlap, or could not draw */
    for (size_t i = 0; i < ic_scene_warning_count(scene); i++) {
        int line = 0, col = 0;
        const char *w = ic_scene_warning(scene, i, &line, &col);
        cli_fputs_safe(spec_path, stderr);
        if (line > 0)
            fprintf(stderr, ":%d:%d", line, col);
        fputs(": warning: ", stderr);
        cli_fputs_safe(w, stderr);
        fputc('\n', stderr);
    }
    /* every file of this render is written together: all or none */
    size_t nout = nfiles > 0 ? (size_t)nfiles : ic_chart_output_count(chart);
    total = nout + (scene_path ? 1 : 0);
    paths = calloc(total, sizeof *paths);
    formats = calloc(total, sizeof *formats);
    if (!paths || !formats)
        goto nomem;
    for (size_t i = 0; i < nout; i++) {
        char buf[4096];
        const char *p = nfiles > 0 ? files[i] : ic_chart_output_path(chart, i, out_dir, buf, sizeof buf);
        paths[i] = strdup(p);
        formats[i] = ic_format_from_path(p);
        if (!paths[i])
            goto nomem;
    }
    if (scene_path) {
        paths[nout] = strdup(scene_path);
        formats[nout] = IC_OUTPUT_SCENE_JSON;
        if (!paths[nout])
            goto nomem;
    }
    if (check_outputs(chart, paths, total, *written, *nwritten, err) != 0 ||
        (nfiles == 0 && cli_mkdirs(out_dir, err) != 0) ||
        ic_scene_write_all(scene, (const char *const *)paths, formats, total, err) != 0)
        goto done;
    char **all = realloc(*written, (*nwritten + total) * sizeof *all);
    if (!all)
        goto nomem;
    memcpy(all + *nwritten, paths, total * sizeof *paths);
    *written = all;
    *nwritten += total;
    free(paths);
    paths = NULL;
    rc = 0;
    goto done;
nomem:
    err->code = IC_ERR_NOMEM;
    snprintf(err->message, sizeof err->message, "out of memory");
done:
    for (size_t i = 0; paths && i < total; i++)
        free(paths[i]);
    free(paths);
    free(formats);
    ic_scene_free(scene);
    return rc;
}

int cli_render_core(const char *spec_path, const ic_limits *limits, const ic_fonts *fonts, const char *out_dir,
                    char *const *files, int nfiles, const char *scene_path, char ***written, size_t *nwritten,
                    ic_error *err)
{
    *written = NULL;
    *nwritten = 0;
    ic_chart *chart = ic_chart_load_limited(spec_path, limits, err);
    if (!chart)
        return -1;
    int rc = 0;
    size_t nf = ic_chart_facet_count(chart);
    if (nf == 0) {
        rc = render_chart(spec_path, chart, fonts, out_dir, files, nfiles, scene_path, written, nwritten, err);
    } else if (nfiles > 0 || scene_path) {
        err->code = IC_ERR_USAGE;
        snprintf(err->file, sizeof err->file, "%.1000s", spec_path);
        snprintf(err->message, sizeof err->message,
                 "this spec makes %zu charts (one per facet value); write them with --out DIR, not -o or --scene", nf);
        rc = -1;
    } else {
        /* one chart per facet value; a facet that fails stops the spec */
        for (size_t i = 0; i < nf && rc == 0; i++) {
            ic_chart *f = ic_chart_facet(chart, i, err);
            rc = f ? render_chart(spec_path, f, fonts, out_dir, NULL, 0, NULL, written, nwritten, err) : -1;
            ic_chart_free(f);
        }
    }
    if (rc != 0) {
        for (size_t i = 0; i < *nwritten; i++)
            free((*written)[i]);
        free(*written);
        *written = NULL;
        *nwritten = 0;
    }
    ic_chart_free(chart);
    return rc;
}

int cli_render_spec(const char *spec_path, const ic_limits *limits, const ic_fonts *fonts, const char *out_dir,
                    char *const *files, int nfiles, const char *scene_path, int verbose)
{
    ic_error err = {0};
    char **written = NULL;
    size_t n = 0;
    if (cli_render_core(spec_path, limits, fonts, out_dir, files, nfiles, scene_path, &written, &n, &err) != 0) {
        cli_print_error(&err);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (verbose) {
            fputs("wrote ", stdout);
            cli_fputs_safe(written[i], stdout);
            fputc('\n', stdout);
        }
        free(written[i]);
    }
    free(written);
    return 0;
}
