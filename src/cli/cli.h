/* Shared pieces of the command-line tool. Only src/cli prints. */
#ifndef IC_CLI_CLI_H
#define IC_CLI_CLI_H

#include <stdint.h>
#include "infochart.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

#include <stdio.h>

/* Prints "file:line:col: error: message" to stderr, control characters
 * escaped (cli_fputs_safe). */
void cli_print_error(const ic_error *err);
/* Writes `s` with control characters (C0, DEL, C1) as \xHH / \uHHHH, so a
 * file name or CSV cell cannot send escape sequences to a terminal. */
void cli_fputs_safe(const char *s, FILE *f);
/* Prints the layout's warnings (what was left out rather than overlap) as
 * "SPEC:line:col: warning: ...", escaped. */
void cli_print_warnings(const char *spec_path, const ic_scene *scene);
/* Prints the chart's notes about its data (ic_chart_note), one per line. */
void cli_print_notes(const ic_chart *chart);
/* The output paths of one chart (render and check): `files` when given,
 * else the spec's outputs in `out_dir`; then the scene JSON when asked.
 * NULL with err set when out of memory or a path is too long. The caller frees each path,
 * the array and *formats. */
char **cli_chart_paths(const ic_chart *chart, const char *out_dir, char *const *files, int nfiles,
                       const char *scene_path, int **formats, size_t *n, ic_error *err);
/* Applies one --limit NAME=VALUE; returns 0 or prints a usage error and
 * returns EXIT_USAGE. */
int cli_limit_option(ic_limits *limits, const char *arg);
/* Prints "infochart: message" for usage errors and returns EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Creates `dir` and its parents. Returns 0 or -1 with err set. */
int cli_mkdirs(const char *dir, ic_error *err);

/* Loads fonts from --fonts or the default directory; prints on failure. */
ic_fonts *cli_load_fonts(const char *dir);

/* Renders one spec: every output it lists into `out_dir`, or only `files`
 * when nfiles > 0; writes the scene JSON when `scene_path` is set. Prints
 * each written file when `verbose`. Returns 0 or -1 (error printed). */
int cli_render_spec(const char *spec_path, const ic_limits *limits, const ic_fonts *fonts, const char *out_dir,
                    char *const *files, int nfiles, const char *scene_path, int verbose);

/* The same without printing: on success *written (n entries, each freed by
 * the caller, then the array) lists the files written. Returns 0 or -1 with
 * err set. Safe to call from several threads at once with shared fonts. */
int cli_render_core(const char *spec_path, const ic_limits *limits, const ic_fonts *fonts, const char *out_dir,
                    char *const *files, int nfiles, const char *scene_path, char ***written, size_t *nwritten,
                    ic_error *err);

/* --theme (theme_option.c): loads the theme file `path` (NULL: none) for
 * every chart rendered after; prints the error and returns -1 when it
 * cannot be loaded. */
int cli_theme_use(const char *path);
/* Mixes the state of the --theme files into `*key` (a build's cache key),
 * loading the theme again when they changed since. Returns 0, or -1 (error
 * printed) when the changed theme cannot be loaded. No-op without --theme. */
int cli_theme_refresh(uint64_t *key);
/* Applies the --theme theme to `chart` (no-op without one). Returns 0 or -1. */
int cli_theme_apply(ic_chart *chart, ic_error *err);
void cli_theme_release(void);

int cmd_render(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_check(int argc, char **argv);

#endif
