/* infochart render SPEC|- [-o FILE|-]... [--format png|svg|pdf|txt] [--out DIR] [--scene FILE.json] */
#include "cli/cli.h"

#include "core/buf.h"
#include "core/error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STDIN_NAME "<stdin>" /* stands for the spec read from stdin in messages */

static const char help[] =
    "Usage: infochart render SPEC|- [-o FILE|-]... [--format png|svg|pdf|txt] [--out DIR]\n"
    "                        [--scene FILE.json] [--fonts DIR] [--theme FILE.json]\n"
    "                        [--limit NAME=VALUE]... [-q]\n"
    "\n"
    "Draws the chart described by SPEC, a JSON chart spec (infochart-spec(5)).\n"
    "SPEC '-' reads the spec from standard input; paths in it (\"data\"...) are\n"
    "then relative to the working directory.\n"
    "\n"
    "  -o, --output FILE   write FILE; the format comes from its extension\n"
    "                      (.png, .svg, .pdf; .txt: the alt text); may be repeated.\n"
    "                      Without -o, every file in the spec's \"outputs\" is\n"
    "                      written into --out.\n"
    "  -o -                write the chart to standard output (once), as --format\n"
    "                      or as the spec's single output; PNG and PDF are not\n"
    "                      written to a terminal\n"
    "  --format FORMAT     png, svg, pdf or txt (alt text): the format of '-o -'\n"
    "  --out DIR           directory for the spec's outputs (default: out)\n"
    "  --scene FILE.json   also write the laid-out scene as JSON\n"
    "  --fonts DIR         fonts directory (default: $INFOCHART_FONTS, else the\n"
    "                      installed fonts)\n"
    "  --theme FILE.json   organisation theme for the chart, in place of the one\n"
    "                      the spec names\n"
    "  --limit NAME=VALUE  raise (or lower) a resource limit: spec_bytes, csv_bytes,\n"
    "                      rows, columns, field_bytes, facets, pixels\n"
    "  -q, --quiet         do not list the files written\n"
    "  -h, --help          show this help\n"
    "\n"
    "Every option also takes its value as --opt=VALUE (-oFILE for -o).\n"
    "\n"
    "Files are written to temporary names and renamed into place only when all\n"
    "of them are complete, so a failed render never leaves a partial file or\n"
    "destroys an earlier one. No output may be an input of the chart or be\n"
    "named twice.\n"
    "\n"
    CLI_SEE_ALSO;

enum { OPT_OUTPUT = 1, OPT_OUT, OPT_SCENE, OPT_FONTS, OPT_THEME, OPT_LIMIT, OPT_QUIET, OPT_FORMAT, OPT_HELP };

static const cli_option options[] = {
    { OPT_OUTPUT, "--output", 'o', "a file name" },
    { OPT_OUT, "--out", 0, "a directory" },
    { OPT_SCENE, "--scene", 0, "a file name" },
    { OPT_FONTS, "--fonts", 0, "a directory" },
    { OPT_THEME, "--theme", 0, "a theme file" },
    { OPT_LIMIT, "--limit", 0, "NAME=VALUE" },
    { OPT_FORMAT, "--format", 0, "png, svg, pdf or txt" },
    { OPT_QUIET, "--quiet", 'q', NULL },
    { OPT_HELP, "--help", 'h', NULL },
    { 0, NULL, 0, NULL },
};

/* Reads the whole of stdin, at most `max` bytes. NULL with err set when
 * it is larger or cannot be read. */
static char *read_stdin(size_t max, size_t *len, ic_error *err)
{
    ic_buf b = IC_BUF_INIT;
    for (;;) {
        char *p = ic_buf_space(&b, 65536);
        if (!p)
            break;
        ssize_t r = read(STDIN_FILENO, p, 65536);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            ic_buf_free(&b);
            ic_error_set(err, IC_ERR_IO, STDIN_NAME, 0, 0, "cannot read: %s", strerror(errno));
            return NULL;
        }
        if (r == 0)
            break;
        ic_buf_added(&b, (size_t)r);
        if (b.len > max) {
            ic_buf_free(&b);
            ic_error_set(err, IC_ERR_LIMIT, STDIN_NAME, 0, 0,
                         "spec is larger than the limit of %zu bytes (limit 'spec_bytes')", max);
            return NULL;
        }
    }
    *len = b.len;
    char *text = ic_buf_take(&b);
    if (!text)
        ic_error_set(err, IC_ERR_NOMEM, STDIN_NAME, 0, 0, "out of memory");
    return text;
}

/* The format of '-o -': --format, else that of the spec's single output.
 * Returns an ic_format, or EXIT_USAGE negated after printing why. */
static int stdout_format(const char *format, const cli_render_req *req, const ic_limits *limits)
{
    if (format) {
        int f = strcmp(format, "png") == 0 ? IC_FORMAT_PNG
                : strcmp(format, "svg") == 0 ? IC_FORMAT_SVG
                : strcmp(format, "pdf") == 0 ? IC_FORMAT_PDF
                : strcmp(format, "txt") == 0 ? IC_OUTPUT_ALT_TEXT
                                             : -1;
        return f >= 0 ? f : -cli_usage_error("render: --format wants png, svg, pdf or txt, got '%s'", format);
    }
    /* the spec's outputs tell, when it names exactly one */
    ic_error err = {0};
    ic_chart *chart = req->spec_text ? ic_chart_load_string(req->spec_text, req->spec_len, req->spec_path, NULL,
                                                            NULL, limits, &err)
                                     : ic_chart_load_limited(req->spec_path, limits, &err);
    if (!chart) {
        cli_print_error(&err);
        return -EXIT_FAIL;
    }
    char buf[4096];
    size_t n = ic_chart_output_count(chart);
    const char *only = n == 1 ? ic_chart_output_path(chart, 0, NULL, buf, sizeof buf) : NULL;
    int f = only ? ic_format_from_path(only) : -1;
    ic_chart_free(chart);
    if (f < 0)
        return -cli_usage_error("render: '-o -' needs --format png, svg, pdf or txt (the spec names %zu outputs)", n);
    return f;
}

int cmd_render(int argc, char **argv)
{
    const char *spec = NULL, *out_dir = "out", *scene = NULL, *fonts_dir = NULL, *format = NULL;
    const char *theme_file = NULL;
    ic_limits limits;
    ic_limits_default(&limits);
    char **files = calloc((size_t)argc, sizeof *files);
    char *text = NULL;
    int nfiles = 0, quiet = 0, any_output = 0, to_stdout = 0, rc = EXIT_USAGE;
    if (!files)
        return EXIT_FAIL;
    cli_args args = { .argc = argc, .argv = argv, .i = 1, .command = "render" };
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
        case OPT_OUTPUT:
            any_output = 1;
            if (strcmp(v, "-") == 0) {
                if (to_stdout++) {
                    rc = cli_usage_error("render: '-o -' given twice: standard output takes one chart");
                    goto done;
                }
                break;
            }
            if (ic_format_from_path(v) < 0) {
                rc = cli_usage_error("cannot tell the format of '%s': use a .png, .svg, .pdf or .txt (alt text) name", v);
                goto done;
            }
            files[nfiles++] = (char *)v;
            break;
        case OPT_OUT:
            out_dir = v;
            break;
        case OPT_SCENE:
            scene = v;
            break;
        case OPT_FONTS:
            fonts_dir = v;
            break;
        case OPT_THEME:
            theme_file = v;
            break;
        case OPT_FORMAT:
            format = v;
            break;
        case OPT_LIMIT:
            if (cli_limit_option(&limits, v) != 0)
                goto done;
            break;
        case OPT_QUIET:
            quiet = 1;
            break;
        default: /* CLI_OPT_ARG */
            if (spec) {
                rc = cli_usage_error("render: one SPEC at a time (got '%s' and '%s'); use 'infochart build' for many",
                                     spec, v);
                goto done;
            }
            spec = v;
        }
    }
    if (!spec) {
        rc = cli_usage_error("render: missing SPEC");
        goto done;
    }
    if (format && !to_stdout) {
        rc = cli_usage_error("render: --format is the format of '-o -' (standard output); a file's format comes "
                             "from its extension");
        goto done;
    }
    cli_render_req req = { .spec_path = spec, .out_dir = out_dir, .files = any_output ? files : NULL,
                           .nfiles = nfiles, .scene_path = scene, .stdout_format = -1 };
    if (strcmp(spec, "-") == 0) {
        ic_error err = {0};
        req.spec_path = STDIN_NAME;
        if (!(text = read_stdin(limits.spec_bytes, &req.spec_len, &err))) {
            cli_print_error(&err);
            rc = EXIT_FAIL;
            goto done;
        }
        req.spec_text = text;
    }
    if (to_stdout) {
        int f = stdout_format(format, &req, &limits);
        if (f < 0) {
            rc = -f;
            goto done;
        }
        if (f != IC_FORMAT_SVG && f != IC_OUTPUT_ALT_TEXT && isatty(STDOUT_FILENO)) {
            rc = cli_usage_error("render: refusing to write binary %s to a terminal; redirect stdout (> chart.%s)",
                                 f == IC_FORMAT_PNG ? "PNG" : "PDF", f == IC_FORMAT_PNG ? "png" : "pdf");
            goto done;
        }
        req.stdout_format = f;
    }
    ic_fonts *fonts = cli_load_fonts(fonts_dir);
    if (!fonts || cli_theme_use(theme_file) != 0) {
        ic_fonts_free(fonts);
        rc = EXIT_FAIL;
        goto done;
    }
    rc = cli_render_spec(&req, &limits, fonts, !quiet) == 0 ? EXIT_OK : EXIT_FAIL;
    cli_theme_release();
    ic_fonts_free(fonts);
done:
    free(text);
    free(files);
    return rc;
}
