#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
    char msg[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap); /* arguments may hold any bytes: printed escaped */
    va_end(ap);
    fputs("infochart: ", stderr);
    cli_fputs_safe(msg, stderr);
    fputs("\nTry 'infochart --help'.\n", stderr);
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

void cli_print_warnings(const char *spec_path, const ic_scene *scene)
{
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
}

void cli_print_notes(const ic_chart *chart)
{
    for (size_t i = 0; i < ic_chart_note_count(chart); i++) {
        cli_fputs_safe(ic_chart_note(chart, i), stderr);
        fputc('\n', stderr);
    }
}

char **cli_chart_paths(const ic_chart *chart, const char *out_dir, char *const *files, int nfiles,
                          const char *scene_path, int **formats, size_t *n, ic_error *err)
{
    size_t nout = files ? (size_t)nfiles : ic_chart_output_count(chart);
    *n = nout + (scene_path ? 1 : 0);
    char **paths = calloc(*n ? *n : 1, sizeof *paths);
    *formats = calloc(*n ? *n : 1, sizeof **formats);
    int ok = paths && *formats;
    for (size_t i = 0; ok && i < nout; i++) {
        char buf[4096];
        const char *p = files ? files[i] : ic_chart_output_path(chart, i, out_dir, buf, sizeof buf);
        if (!p) {
            err->code = IC_ERR_USAGE;
            snprintf(err->file, sizeof err->file, "%.1000s", out_dir);
            snprintf(err->message, sizeof err->message, "an output path in this directory is too long");
            goto fail;
        }
        ok = (paths[i] = strdup(p)) != NULL;
        (*formats)[i] = ic_format_from_path(p);
    }
    if (ok && scene_path) {
        ok = (paths[nout] = strdup(scene_path)) != NULL;
        (*formats)[nout] = IC_OUTPUT_SCENE_JSON;
    }
    if (ok)
        return paths;
    err->code = IC_ERR_NOMEM;
    snprintf(err->message, sizeof err->message, "out of memory");
fail:
    for (size_t i = 0; paths && i < *n; i++)
        free(paths[i]);
    free(paths);
    free(*formats);
    *formats = NULL;
    return NULL;
}

static int write_stdout(void *closure, const unsigned char *data, size_t len)
{
    (void)closure;
    return fwrite(data, 1, len, stdout) == len ? 0 : -1;
}

/* Lays out one chart and writes its files into `set` (temporary files until
 * the set is committed), then the chart to stdout when asked. Its outputs
 * are reserved first, so a name that is an input or taken changes nothing
 * on disk, not even the output directory. `files`/`scene_path`/stdout are
 * those of the request for the spec's own chart, none for a facet's. */
static int render_chart(const cli_render_req *req, const ic_chart *chart, const ic_fonts *fonts, int own,
                        ic_output_set *set, ic_error *err)
{
    int *formats = NULL;
    size_t n = 0;
    int rc = -1;
    ic_scene *scene = NULL;
    int to_stdout = own && req->stdout_format >= 0;
    char **paths = own ? cli_chart_paths(chart, req->out_dir, req->files, req->nfiles, req->scene_path, &formats, &n, err)
                       : cli_chart_paths(chart, req->out_dir, NULL, 0, NULL, &formats, &n, err);
    if (!paths)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (ic_output_set_reserve(set, paths[i], err) != 0)
            goto done;
    if (!(scene = ic_chart_layout(chart, fonts, err)))
        goto done;
    cli_print_warnings(req->spec_path, scene);
    if ((!own || !req->files) && cli_mkdirs(req->out_dir, err) != 0)
        goto done;
    for (size_t i = 0; i < n; i++)
        if (ic_output_set_write(set, scene, paths[i], formats[i], err) != 0)
            goto done;
    if (to_stdout && (ic_scene_write_to(scene, (ic_format)req->stdout_format, write_stdout, NULL, err) != 0 ||
                      fflush(stdout) != 0)) {
        if (err->code == 0 || err->code == IC_ERR_IO) {
            err->code = IC_ERR_IO;
            snprintf(err->file, sizeof err->file, "<stdout>");
            snprintf(err->message, sizeof err->message, "cannot write the chart to standard output");
        }
        goto done;
    }
    rc = 0;
done:
    ic_scene_free(scene);
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    free(formats);
    return rc;
}

int cli_render_core(const cli_render_req *req, const ic_limits *limits, const ic_fonts *fonts, char ***written,
                    size_t *nwritten, ic_error *err)
{
    *written = NULL;
    *nwritten = 0;
    ic_chart *chart = req->spec_text ? ic_chart_load_string(req->spec_text, req->spec_len, req->spec_path, NULL,
                                                            NULL, limits, err)
                                     : ic_chart_load_limited(req->spec_path, limits, err);
    if (!chart || cli_theme_apply(chart, err) != 0) {
        ic_chart_free(chart);
        return -1;
    }
    cli_print_notes(chart);
    int rc = 0;
    size_t nf = ic_chart_facet_count(chart);
    int own_outputs = req->files || req->scene_path || req->stdout_format >= 0;
    const char *data = ic_chart_data_path(chart);
    /* every file of this spec, each facet's included, is written together */
    ic_output_set *set = ic_output_set_new();
    if (!set || (!req->spec_text && ic_output_set_protect(set, ic_chart_spec_path(chart), "the spec", err) != 0) ||
        (data && ic_output_set_protect(set, data, "the CSV", err) != 0)) {
        if (!set) {
            err->code = IC_ERR_NOMEM;
            snprintf(err->message, sizeof err->message, "out of memory");
        }
        rc = -1;
    } else if (nf == 0) {
        rc = render_chart(req, chart, fonts, 1, set, err);
    } else if (own_outputs && nf > 1) {
        err->code = IC_ERR_USAGE;
        snprintf(err->file, sizeof err->file, "%.1000s", req->spec_path);
        snprintf(err->message, sizeof err->message, "this spec makes %zu charts (one per facet value); %s", nf,
                 req->stdout_format >= 0 ? "standard output takes one: write them with --out DIR"
                                         : "write them with --out DIR, not -o or --scene");
        rc = -1;
    } else {
        /* one chart per facet value (a single one takes -o, --scene and
         * stdout); a facet that fails stops the spec */
        for (size_t i = 0; i < nf && rc == 0; i++) {
            ic_chart *f = ic_chart_facet(chart, i, err);
            rc = f ? render_chart(req, f, fonts, own_outputs, set, err) : -1;
            ic_chart_free(f);
        }
    }
    if (rc == 0)
        rc = ic_output_set_commit(set, err);
    size_t n = rc == 0 ? ic_output_set_count(set) : 0, k = 0;
    char **v = n ? calloc(n, sizeof *v) : NULL;
    for (size_t i = 0; v && i < n; i++)
        if ((v[k] = strdup(ic_output_set_path(set, i))) != NULL)
            k++; /* out of memory only shortens the listing */
    *written = v;
    *nwritten = k;
    ic_output_set_free(set);
    ic_chart_free(chart);
    return rc;
}

int cli_render_spec(const cli_render_req *req, const ic_limits *limits, const ic_fonts *fonts, int verbose)
{
    ic_error err = {0};
    char **written = NULL;
    size_t n = 0;
    if (cli_render_core(req, limits, fonts, &written, &n, &err) != 0) {
        cli_print_error(&err);
        return -1;
    }
    FILE *say = req->stdout_format >= 0 ? stderr : stdout; /* stdout holds the chart */
    for (size_t i = 0; i < n; i++) {
        if (verbose) {
            fputs("wrote ", say);
            cli_fputs_safe(written[i], say);
            fputc('\n', say);
        }
        free(written[i]);
    }
    free(written);
    return 0;
}

/* The option of `opts` that `arg` names (up to `len` bytes), or NULL. */
static const cli_option *find_option(const cli_option *opts, const char *arg, size_t len)
{
    for (const cli_option *o = opts; o->id; o++) {
        if (o->name && strlen(o->name) == len && strncmp(o->name, arg, len) == 0)
            return o;
        if (o->letter && len == 2 && arg[0] == '-' && arg[1] == o->letter)
            return o;
    }
    return NULL;
}

int cli_next_option(cli_args *a, const cli_option *opts, const char **value)
{
    *value = NULL;
    if (a->i >= a->argc)
        return CLI_OPT_END;
    const char *arg = a->argv[a->i++];
    if (a->positional_only || arg[0] != '-' || arg[1] == '\0') {
        *value = arg; /* "-" is a positional argument: stdin or stdout */
        return CLI_OPT_ARG;
    }
    if (strcmp(arg, "--") == 0) {
        a->positional_only = 1;
        return cli_next_option(a, opts, value);
    }
    const cli_option *o;
    const char *attached = NULL;
    if (arg[1] == '-') {
        const char *eq = strchr(arg, '=');
        size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
        o = find_option(opts, arg, len);
        if (o && eq)
            attached = eq + 1;
    } else {
        /* "-o FILE", or the value attached: "-oFILE", "-j4" */
        o = find_option(opts, arg, 2);
        if (o && arg[2]) {
            if (!o->value)
                o = NULL; /* "-qx": flags are not bundled */
            else
                attached = arg + 2;
        }
    }
    if (!o) {
        cli_usage_error("%s: unknown option '%s'", a->command, arg);
        return CLI_OPT_ERROR;
    }
    char shown[64];
    snprintf(shown, sizeof shown, "%s", o->name && (arg[1] == '-') ? o->name : arg);
    if (shown[1] != '-')
        shown[2] = '\0'; /* "-oFILE" names the option as -o */
    if (!o->value && attached) {
        cli_usage_error("%s: %s takes no value", a->command, shown);
        return CLI_OPT_ERROR;
    }
    if (o->value && !attached) {
        if (a->i >= a->argc) {
            cli_usage_error("%s needs %s", shown, o->value);
            return CLI_OPT_ERROR;
        }
        attached = a->argv[a->i++];
    }
    *value = attached;
    return o->id;
}
