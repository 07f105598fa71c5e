/* infochart render SPEC|- [-o FILE|-]... [--format png|svg|pdf] [--out DIR] [--scene FILE.json] */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "Usage: infochart render SPEC|- [-o FILE|-]... [--format png|svg|pdf] [--out DIR]\n"
    "                        [--scene FILE.json] [--fonts DIR] [--limit NAME=VALUE]... [-q]\n"
    "\n"
    "Draws the chart described by SPEC, a JSON chart spec (infochart-spec(5)).\n"
    "\n"
    "  -o, --output FILE   write FILE; the format comes from its extension\n"
    "                      (.png, .svg, .pdf); may be repeated. Without -o, every\n"
    "                      file in the spec's \"outputs\" is written into --out.\n"
    "  --out DIR           directory for the spec's outputs (default: out)\n"
    "  --scene FILE.json   also write the laid-out scene as JSON\n"
    "  --fonts DIR         fonts directory (default: $INFOCHART_FONTS, else the\n"
    "                      installed fonts)\n"
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

enum { OPT_OUTPUT = 1, OPT_OUT, OPT_SCENE, OPT_FONTS, OPT_LIMIT, OPT_QUIET, OPT_FORMAT, OPT_HELP };

static const cli_option options[] = {
    { OPT_OUTPUT, "--output", 'o', "a file name" },
    { OPT_OUT, "--out", 0, "a directory" },
    { OPT_SCENE, "--scene", 0, "a file name" },
    { OPT_FONTS, "--fonts", 0, "a directory" },
    { OPT_LIMIT, "--limit", 0, "NAME=VALUE" },
    { OPT_FORMAT, "--format", 0, "png, svg or pdf" },
    { OPT_QUIET, "--quiet", 'q', NULL },
    { OPT_HELP, "--help", 'h', NULL },
    { 0, NULL, 0, NULL },
};

int cmd_render(int argc, char **argv)
{
    const char *spec = NULL, *out_dir = "out", *scene = NULL, *fonts_dir = NULL, *format = NULL;
    ic_limits limits;
    ic_limits_default(&limits);
    char **files = calloc((size_t)argc, sizeof *files);
    int nfiles = 0, quiet = 0, rc = EXIT_USAGE;
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
            if (ic_format_from_path(v) < 0) {
                rc = cli_usage_error("cannot tell the format of '%s': use a .png, .svg or .pdf name", v);
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
    if (format) {
        rc = cli_usage_error("render: --format is the format of '-o -' (standard output); a file's format comes "
                             "from its extension");
        goto done;
    }
    ic_fonts *fonts = cli_load_fonts(fonts_dir);
    if (!fonts) {
        rc = EXIT_FAIL;
        goto done;
    }
    rc = cli_render_spec(spec, &limits, fonts, out_dir, files, nfiles, scene, !quiet) == 0 ? EXIT_OK : EXIT_FAIL;
    ic_fonts_free(fonts);
done:
    free(files);
    return rc;
}
