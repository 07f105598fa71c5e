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
/* The output paths of one chart (render and check): the `nfiles` files
 * when `files` is not NULL (none when nfiles is 0: -o - alone), else the
 * spec's outputs in `out_dir`; then the scene JSON when asked.
 * NULL with err set when out of memory or a path is too long. The caller frees each path,
 * the array and *formats. */
char **cli_chart_paths(const ic_chart *chart, const char *out_dir, char *const *files, int nfiles,
                       const char *scene_path, int **formats, size_t *n, ic_error *err);
/* Applies one --limit NAME=VALUE; returns 0 or prints a usage error and
 * returns EXIT_USAGE. */
int cli_limit_option(ic_limits *limits, const char *arg);
/* ---- options: one parser for every command ----
 * Each option is known by its long name ("--out") and/or a letter ('o'). An
 * option with a value takes it as "--out DIR", "--out=DIR", "-o FILE" or
 * "-oFILE"; a flag takes none. "-" alone is a positional argument (stdin or
 * stdout); after "--" every argument is positional. */
typedef struct cli_option {
    int id;            /* > 0, returned when the option is met; 0 ends the table */
    const char *name;  /* "--out", or NULL */
    char letter;       /* 'o' for "-o", or 0 */
    const char *value; /* what the value is, for messages ("a directory"); NULL: a flag */
} cli_option;

enum { CLI_OPT_END = 0, CLI_OPT_ARG = -1, CLI_OPT_ERROR = -2 };

typedef struct cli_args {
    int argc, i;           /* i: the next argument to read (start at 1, after the command) */
    char **argv;
    const char *command;   /* "render", for messages */
    int positional_only;   /* "--" was met */
} cli_args;

/* Reads the next argument. Returns the option's id with *value its value
 * (NULL for a flag), CLI_OPT_ARG with *value the positional argument,
 * CLI_OPT_END when none is left, or CLI_OPT_ERROR after printing a usage
 * error that names the option (unknown, missing value, value given to a
 * flag). *value points into argv. */
int cli_next_option(cli_args *a, const cli_option *opts, const char **value);

/* The last line of every --help. */
#define CLI_SEE_ALSO "See infochart(1) and infochart-spec(5) (man infochart).\n"

/* Prints "infochart: message" for usage errors and returns EXIT_USAGE. */
/* Stopping a long-running command (src/cli/stop.c). cli_stop_open makes the
 * stop pipe and returns its read end (-1 with errno on failure);
 * cli_stop_catch makes SIGINT and SIGTERM write to it; cli_stop_now writes
 * to it as a signal would; cli_stop_ignore ignores both signals from then on
 * (a second one while stopping must not end the process with it);
 * cli_stop_close closes the pipe. */
int cli_stop_open(void);
void cli_stop_catch(void);
void cli_stop_now(void);
void cli_stop_ignore(void);
void cli_stop_close(void);
/* O_NONBLOCK and FD_CLOEXEC on `fd`: 0, or -1. */
int cli_nonblocking_cloexec(int fd);

int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Creates `dir` and its parents. Returns 0 or -1 with err set. */
int cli_mkdirs(const char *dir, ic_error *err);

/* Loads fonts from --fonts or the default directory; prints on failure. */
ic_fonts *cli_load_fonts(const char *dir);

/* One spec to render and where its chart goes (everything borrowed). */
typedef struct cli_render_req {
    const char *spec_path;  /* the spec file; with spec_text, the name that stands for it ("<stdin>") */
    const char *spec_text;  /* the spec already read (stdin), spec_len bytes; NULL: read spec_path */
    size_t spec_len;
    const char *out_dir;    /* where the spec's outputs go when there are no files */
    char *const *files;     /* -o FILE... (never "-"); the spec's outputs when nfiles is 0 */
    int nfiles;
    const char *scene_path; /* also the scene JSON, or NULL */
    int stdout_format;      /* an ic_format written to standard output too, or -1 */
} cli_render_req;

/* Renders one spec: every output it lists into `out_dir`, or only `files`
 * when nfiles > 0 (or only stdout); writes the scene JSON when `scene_path`
 * is set. A spec with facets makes one chart per facet value into out_dir;
 * -o, --scene and stdout take only a spec with at most one facet value.
 * Prints each written file when `verbose` (on stderr when the chart goes to
 * stdout). Returns 0 or -1 (error printed). */
int cli_render_spec(const cli_render_req *req, const ic_limits *limits, const ic_fonts *fonts, int verbose);

/* The same without printing: on success *written (n entries, each freed by
 * the caller, then the array) lists the files written (stdout not among
 * them). Returns 0 or -1 with err set. Safe to call from several threads at
 * once with shared fonts (but only one may write to stdout). */
int cli_render_core(const cli_render_req *req, const ic_limits *limits, const ic_fonts *fonts, char ***written,
                    size_t *nwritten, ic_error *err);

/* Remembers argv[0] for cli_program_path (called once, by main). */
void cli_set_argv0(const char *argv0);

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
