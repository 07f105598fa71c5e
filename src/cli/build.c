/* infochart build [DIR] [--out OUTDIR]: render every spec under DIR. */
#include "cli/cli.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char help[] =
    "Usage: infochart build [DIR] [--out OUTDIR] [--fonts DIR] [-q]\n"
    "\n"
    "Renders every chart spec (*.json) found under DIR (default: datasets) into\n"
    "OUTDIR (default: out), keeping sub-directories. A broken spec does not stop\n"
    "the others; every failure is listed and the exit status is then 1.\n";

typedef struct spec_list {
    char **paths;
    size_t n, cap;
} spec_list;

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collects *.json files under `dir` (hidden entries skipped). */
static int collect(const char *dir, spec_list *list)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d)) != NULL && rc == 0) {
        if (e->d_name[0] == '.')
            continue;
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        char *path = malloc(len);
        if (!path) {
            rc = -1;
            break;
        }
        snprintf(path, len, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            rc = collect(path, list);
            free(path);
        } else if (has_suffix(e->d_name, ".json")) {
            if (list->n == list->cap) {
                size_t nc = list->cap ? list->cap * 2 : 16;
                char **np = realloc(list->paths, nc * sizeof *np);
                if (!np) {
                    free(path);
                    rc = -1;
                    break;
                }
                list->paths = np;
                list->cap = nc;
            }
            list->paths[list->n++] = path;
        } else {
            free(path);
        }
    }
    closedir(d);
    return rc;
}

int cmd_build(int argc, char **argv)
{
    const char *dir = NULL, *out = "out", *fonts_dir = NULL;
    int quiet = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(help, stdout);
            return EXIT_OK;
        } else if (strcmp(a, "--out") == 0 || strcmp(a, "--fonts") == 0) {
            if (i + 1 >= argc)
                return cli_usage_error("%s needs a value", a);
            if (strcmp(a, "--out") == 0)
                out = argv[++i];
            else
                fonts_dir = argv[++i];
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            quiet = 1;
        } else if (a[0] == '-' && a[1] != '\0') {
            return cli_usage_error("build: unknown option '%s'", a);
        } else if (dir) {
            return cli_usage_error("build: one DIR at a time");
        } else {
            dir = a;
        }
    }
    if (!dir)
        dir = "datasets";
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return cli_usage_error("build: '%s' is not a directory", dir);

    spec_list list = {0};
    if (collect(dir, &list) != 0) {
        fprintf(stderr, "%s: error: cannot read the directory tree\n", dir);
        return EXIT_FAIL;
    }
    qsort(list.paths, list.n, sizeof *list.paths, cmp_str);
    ic_fonts *fonts = list.n ? cli_load_fonts(fonts_dir) : NULL;
    size_t failed = 0;
    if (list.n && !fonts)
        failed = list.n;
    for (size_t i = 0; i < list.n && fonts; i++) {
        /* mirror the spec's sub-directory under OUTDIR */
        const char *rel = list.paths[i] + strlen(dir);
        while (*rel == '/')
            rel++;
        const char *slash = strrchr(rel, '/');
        char target[4096];
        if (slash)
            snprintf(target, sizeof target, "%s/%.*s", out, (int)(slash - rel), rel);
        else
            snprintf(target, sizeof target, "%s", out);
        if (cli_render_spec(list.paths[i], fonts, target, NULL, 0, NULL, !quiet) != 0)
            failed++;
    }
    if (!quiet)
        printf("%zu chart%s rendered, %zu failed\n", list.n - failed, list.n - failed == 1 ? "" : "s", failed);
    if (list.n == 0)
        fprintf(stderr, "%s: warning: no chart specs (*.json) found\n", dir);
    for (size_t i = 0; i < list.n; i++)
        free(list.paths[i]);
    free(list.paths);
    ic_fonts_free(fonts);
    return failed ? EXIT_FAIL : EXIT_OK;
}
