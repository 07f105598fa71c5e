#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void cli_print_error(const ic_error *err)
{
    char buf[2200];
    fprintf(stderr, "%s\n", ic_error_format(err, buf, sizeof buf));
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
        if (line > 0)
            fprintf(stderr, "%s:%d:%d: warning: %s\n", spec_path, line, col, w);
        else
            fprintf(stderr, "%s: warning: %s\n", spec_path, w);
    }
    /* every file of this render is written together: all or none */
    size_t nout = nfiles > 0 ? (size_t)nfiles : ic_chart_output_count(chart);
    total = nout + (scene_path ? 1 : 0);
    paths = calloc(total, sizeof *paths);
    formats = calloc(total, sizeof *formats);
    if (!paths || !formats)
        goto nomem;
    if (nfiles == 0 && cli_mkdirs(out_dir, err) != 0)
        goto done;
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
    if (ic_scene_write_all(scene, (const char *const *)paths, formats, total, err) != 0)
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

int cli_render_core(const char *spec_path, const ic_fonts *fonts, const char *out_dir, char *const *files,
                    int nfiles, const char *scene_path, char ***written, size_t *nwritten, ic_error *err)
{
    *written = NULL;
    *nwritten = 0;
    ic_chart *chart = ic_chart_load(spec_path, err);
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

int cli_render_spec(const char *spec_path, const ic_fonts *fonts, const char *out_dir,
                    char *const *files, int nfiles, const char *scene_path, int verbose)
{
    ic_error err = {0};
    char **written = NULL;
    size_t n = 0;
    if (cli_render_core(spec_path, fonts, out_dir, files, nfiles, scene_path, &written, &n, &err) != 0) {
        cli_print_error(&err);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (verbose)
            printf("wrote %s\n", written[i]);
        free(written[i]);
    }
    free(written);
    return 0;
}
