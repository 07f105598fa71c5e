/* infochart render SPEC [-o FILE]... [--out DIR] [--scene FILE.json] */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "Usage: infochart render SPEC [-o FILE]... [--out DIR] [--scene FILE.json] [--fonts DIR] [--theme FILE.json]\n"
    "                        [--limit NAME=VALUE]... [-q]\n"
    "\n"
    "Draws the chart described by SPEC (a JSON file; see docs/spec.md).\n"
    "\n"
    "  -o, --output FILE   write FILE; the format comes from its extension\n"
    "                      (.png, .svg, .pdf); may be repeated. Without -o, every\n"
    "                      file in the spec's \"outputs\" is written into --out.\n"
    "  --out DIR           directory for the spec's outputs (default: out)\n"
    "  --scene FILE.json   also write the laid-out scene as JSON (docs/scene.md)\n"
    "  --fonts DIR         fonts directory (default: the bundled fonts)\n"
    "  --theme FILE.json   organisation theme for the chart, in place of the spec's\n"
    "  --limit NAME=VALUE  raise (or lower) a resource limit: spec_bytes, csv_bytes,\n"
    "                      rows, columns, field_bytes, facets, pixels\n"
    "  -q, --quiet         do not list the files written\n"
    "\n"
    "Files are written to temporary names and renamed into place only when all\n"
    "of them are complete, so a failed render never leaves a partial file or\n"
    "destroys an earlier one. No output may be an input of the chart or be\n"
    "named twice.\n";

int cmd_render(int argc, char **argv)
{
    const char *spec = NULL, *out_dir = "out", *scene = NULL, *fonts_dir = NULL, *theme_file = NULL;
    ic_limits limits;
    ic_limits_default(&limits);
    char **files = calloc((size_t)argc, sizeof *files);
    int nfiles = 0, quiet = 0, rc = EXIT_USAGE;
    if (!files)
        return EXIT_FAIL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has_value = i + 1 < argc;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(help, stdout);
            rc = EXIT_OK;
            goto done;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if (!has_value) {
                rc = cli_usage_error("%s needs a file name", a);
                goto done;
            }
            const char *f = argv[++i];
            if (ic_format_from_path(f) < 0) {
                rc = cli_usage_error("cannot tell the format of '%s': use a .png, .svg or .pdf name", f);
                goto done;
            }
            files[nfiles++] = argv[i];
        } else if (strcmp(a, "--out") == 0 || strcmp(a, "--scene") == 0 || strcmp(a, "--fonts") == 0 ||
                   strcmp(a, "--theme") == 0) {
            if (!has_value) {
                rc = cli_usage_error("%s needs a value", a);
                goto done;
            }
            const char *v = argv[++i];
            if (strcmp(a, "--out") == 0)
                out_dir = v;
            else if (strcmp(a, "--scene") == 0)
                scene = v;
            else if (strcmp(a, "--theme") == 0)
                theme_file = v;
            else
                fonts_dir = v;
        } else if (strcmp(a, "--limit") == 0) {
            if (!has_value) {
                rc = cli_usage_error("%s needs NAME=VALUE", a);
                goto done;
            }
            if ((rc = cli_limit_option(&limits, argv[++i])) != 0)
                goto done;
            rc = EXIT_USAGE;
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            quiet = 1;
        } else if (a[0] == '-' && a[1] != '\0') {
            rc = cli_usage_error("render: unknown option '%s'", a);
            goto done;
        } else if (spec) {
            rc = cli_usage_error("render: one SPEC at a time (got '%s' and '%s'); use 'infochart build' for many",
                                 spec, a);
            goto done;
        } else {
            spec = a;
        }
    }
    if (!spec) {
        rc = cli_usage_error("render: missing SPEC");
        goto done;
    }
    ic_fonts *fonts = cli_load_fonts(fonts_dir);
    if (!fonts || cli_theme_use(theme_file) != 0) {
        ic_fonts_free(fonts);
        rc = EXIT_FAIL;
        goto done;
    }
    rc = cli_render_spec(spec, &limits, fonts, out_dir, files, nfiles, scene, !quiet) == 0 ? EXIT_OK : EXIT_FAIL;
    cli_theme_release();
    ic_fonts_free(fonts);
done:
    free(files);
    return rc;
}
