/* infochart — command-line entry point: dispatches to a subcommand. */
#include "cli/cli.h"
#include "cli/serve.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
    "Usage: infochart COMMAND [OPTIONS]\n"
    "\n"
    "Turns CSV data and a JSON chart spec into PNG, SVG and PDF infographics.\n"
    "\n"
    "Commands:\n"
    "  render SPEC|- [-o FILE|-]... [--format png|svg|pdf] [--out DIR] [--scene FILE.json]\n"
    "                      draw one chart; '-' reads the spec from stdin, '-o -'\n"
    "                      writes the chart to stdout\n"
    "  build [DIR] [--out OUTDIR] [-j N] [--force] [--shard K/N] [--report FILE|-] [--watch]\n"
    "                      draw every chart spec (a *.json with a \"chart\" key) under\n"
    "                      DIR (default datasets/), in parallel, only what changed\n"
    "  check SPEC...       everything render does (spec, data, limits, layout,\n"
    "                      output names) except drawing and writing\n"
    "  serve [DIR] [--port N]\n"
    "                      live preview page on http://127.0.0.1:8765/: every\n"
    "                      chart under DIR in each size preset, redrawn on save\n"
    "\n"
    "Options:\n"
    "  -h, --help          show help (also after a command: infochart render --help)\n"
    "  --version           show the version\n"
    "  --fonts DIR         (render, build, check, serve) fonts directory\n"
    "  --theme FILE.json   (render, build, serve) organisation theme, in place of the specs'\n"
    "  --limit NAME=VALUE  (render, build, check) raise a resource limit: spec_bytes,\n"
    "                      csv_bytes, rows, columns, field_bytes, facets, pixels\n"
    "Every option also takes its value as --opt=VALUE.\n"
    "\n"
    "Exit status: 0 success, 1 data/spec/render error, 2 usage error.\n"
    "Chart kinds: bar, line, area, donut, pie, waffle, stat, dumbbell.\n"
    "\n"
    CLI_SEE_ALSO;

int main(int argc, char **argv)
{
    cli_set_argv0(argc > 0 ? argv[0] : NULL);
    if (argc < 2)
        return cli_usage_error("missing command (render, build, check or serve)");
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage, stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("infochart %s\n", ic_version());
        return EXIT_OK;
    }
    if (strcmp(cmd, "render") == 0)
        return cmd_render(argc - 1, argv + 1);
    if (strcmp(cmd, "build") == 0)
        return cmd_build(argc - 1, argv + 1);
    if (strcmp(cmd, "check") == 0)
        return cmd_check(argc - 1, argv + 1);
    if (strcmp(cmd, "serve") == 0)
        return cmd_serve(argc - 1, argv + 1);
    return cli_usage_error("unknown command '%s' (expected render, build, check or serve)", cmd);
}
