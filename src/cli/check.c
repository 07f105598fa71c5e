/* infochart check SPEC...: everything render does except drawing and
 * writing: read and validate the spec and its data, apply the limits, lay
 * out every chart (each facet too). "ok" means render will draw it. */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "Usage: infochart check SPEC... [--out DIR] [--fonts DIR] [--limit NAME=VALUE]...\n"
    "\n"
    "Runs everything 'render' does except drawing and writing files: JSON syntax,\n"
    "keys and types, the CSV's structure, column names and types, the resource\n"
    "limits (pixels of a PNG output, rows, columns...), and the layout of every\n"
    "chart (each facet too), so labels that cannot fit are reported here, and\n"
    "the output names (no output may be an input or be written twice).\n"
    "Prints 'ok: SPEC' or the first error as file:line:col: error: message.\n"
    "Exit status 1 when any spec fails.\n"
    "\n"
    "  --out DIR           where render would write (default: out)\n"
    "  --fonts DIR         fonts directory (default: $INFOCHART_FONTS, else the\n"
    "                      installed fonts)\n"
    "  --limit NAME=VALUE  as for render\n"
    "  -h, --help          show this help\n"
    "\n"
    "Every option also takes its value as --opt=VALUE.\n"
    "\n"
    CLI_SEE_ALSO;

enum { OPT_OUT = 1, OPT_FONTS, OPT_LIMIT, OPT_HELP };

static const cli_option options[] = {
    { OPT_OUT, "--out", 0, "a directory" },
    { OPT_FONTS, "--fonts", 0, "a directory" },
    { OPT_LIMIT, "--limit", 0, "NAME=VALUE" },
    { OPT_HELP, "--help", 'h', NULL },
    { 0, NULL, 0, NULL },
};

/* Lays out one chart and reserves its outputs in `set`; prints its
 * warnings. 0 or -1 with err set. */
static int check_chart(const char *path, const ic_chart *chart, const ic_fonts *fonts, const char *out_dir,
                       ic_output_set *set, ic_error *err)
{
    int *formats = NULL;
    size_t n = 0;
    char **paths = cli_chart_paths(chart, out_dir, NULL, 0, NULL, &formats, &n, err);
    int rc = paths ? 0 : -1;
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = ic_output_set_reserve(set, paths[i], err);
    for (size_t i = 0; paths && i < n; i++)
        free(paths[i]);
    free(paths);
    free(formats);
    if (rc != 0)
        return -1;
    ic_scene *scene = ic_chart_layout(chart, fonts, err);
    if (!scene)
        return -1;
    cli_print_warnings(path, scene);
    ic_scene_free(scene);
    return 0;
}

static int check_one(const char *path, const ic_limits *limits, const ic_fonts *fonts, const char *out_dir,
                     ic_error *err)
{
    ic_chart *chart = ic_chart_load_limited(path, limits, err);
    if (!chart)
        return -1;
    cli_print_notes(chart);
    ic_output_set *set = ic_output_set_new();
    int rc = set && ic_output_set_protect(set, ic_chart_spec_path(chart), "the spec", err) == 0 &&
                     ic_output_set_protect(set, ic_chart_data_path(chart), "the CSV", err) == 0
                 ? 0
                 : -1;
    if (!set) {
        err->code = IC_ERR_NOMEM;
        snprintf(err->message, sizeof err->message, "out of memory");
    }
    size_t nf = ic_chart_facet_count(chart);
    if (rc == 0 && nf == 0)
        rc = check_chart(path, chart, fonts, out_dir, set, err);
    for (size_t i = 0; i < nf && rc == 0; i++) {
        ic_chart *f = ic_chart_facet(chart, i, err);
        rc = f ? check_chart(path, f, fonts, out_dir, set, err) : -1;
        ic_chart_free(f);
    }
    ic_output_set_free(set);
    ic_chart_free(chart);
    return rc;
}

int cmd_check(int argc, char **argv)
{
    const char *fonts_dir = NULL, *out_dir = "out";
    ic_limits limits;
    ic_limits_default(&limits);
    const char **specs = calloc((size_t)argc, sizeof *specs);
    int nspecs = 0, failed = 0, rc = EXIT_USAGE;
    if (!specs)
        return EXIT_FAIL;
    cli_args args = { .argc = argc, .argv = argv, .i = 1, .command = "check" };
    const char *v;
    int opt;
    while ((opt = cli_next_option(&args, options, &v)) != CLI_OPT_END) {
        switch (opt) {
        case CLI_OPT_ERROR:
            goto done;
        case OPT_HELP:
            fputs(help, stdout);
            rc = EXIT_OK;
            goto done;
        case OPT_OUT:
            out_dir = v;
            break;
        case OPT_FONTS:
            fonts_dir = v;
            break;
        case OPT_LIMIT:
            if (cli_limit_option(&limits, v) != 0)
                goto done;
            break;
        default: /* CLI_OPT_ARG */
            specs[nspecs++] = v;
        }
    }
    if (nspecs == 0) {
        rc = cli_usage_error("check: missing SPEC");
        goto done;
    }
    ic_fonts *fonts = cli_load_fonts(fonts_dir);
    if (!fonts) {
        rc = EXIT_FAIL;
        goto done;
    }
    for (int i = 0; i < nspecs; i++) {
        ic_error err = {0};
        if (check_one(specs[i], &limits, fonts, out_dir, &err) != 0) {
            cli_print_error(&err);
            failed++;
            continue;
        }
        fputs("ok: ", stdout);
        cli_fputs_safe(specs[i], stdout);
        fputc('\n', stdout);
    }
    ic_fonts_free(fonts);
    rc = failed ? EXIT_FAIL : EXIT_OK;
done:
    free(specs);
    return rc;
}
