/* infochart — CSV + chart spec → publication-ready infographics (PNG, SVG, PDF).
 *
 * The only public header. Pipeline: ic_chart_load (spec + CSV, fully validated)
 * → ic_chart_layout (measuring and decisions, gives a scene) → ic_scene_write /
 * ic_scene_render_cairo. Conventions:
 *   - every fallible call takes `ic_error *err` last and returns 0/-1 or NULL;
 *     the first error recorded wins;
 *   - `_new`/`_load` results are freed with the matching `_free`; `_free(NULL)`
 *     is a no-op; pointer arguments are borrowed unless a name says `_take`;
 *   - scene units are device-independent pixels (1 unit = 1 CSS px in SVG,
 *     1 pt in PDF, `scale` device pixels in PNG).
 */
#ifndef INFOCHART_H
#define INFOCHART_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define IC_API
#else
#define IC_API __attribute__((visibility("default")))
#endif

#define IC_VERSION "0.1.0"

typedef enum ic_error_code {
    IC_OK = 0,
    IC_ERR_IO,      /* file cannot be read or written */
    IC_ERR_CSV,     /* malformed CSV */
    IC_ERR_DATA,    /* well-formed CSV whose values do not fit the chart */
    IC_ERR_SPEC,    /* malformed or invalid spec */
    IC_ERR_FONT,    /* font missing or unusable */
    IC_ERR_RENDER,  /* cairo or encoder failure */
    IC_ERR_LIMIT,   /* a size limit was exceeded */
    IC_ERR_NOMEM,
    IC_ERR_USAGE    /* bad arguments from the caller */
} ic_error_code;

/* Where and why something failed. `line`/`column` are 1-based; 0 means
 * "not known". `file` is the path as the caller gave it. */
typedef struct ic_error {
    ic_error_code code;
    int line;
    int column;
    char file[1024];
    char message[1024];
} ic_error;

typedef struct ic_fonts ic_fonts;   /* bundled fonts, shared read-only */
typedef struct ic_chart ic_chart;   /* a validated spec with its data */
typedef struct ic_scene ic_scene;   /* laid-out display list */

typedef enum ic_format { IC_FORMAT_PNG, IC_FORMAT_SVG, IC_FORMAT_PDF } ic_format;

IC_API const char *ic_version(void);

/* Formats `err` as "file:line:col: error: message" into `buf` (GCC style;
 * parts that are unknown are left out). Returns `buf`. */
IC_API const char *ic_error_format(const ic_error *err, char *buf, size_t size);

/* Loads the bundled fonts from directory `dir`: Inter Regular and Bold
 * (required), Noto Nastaliq Urdu and Noto Naskh Arabic (used for Arabic-script
 * text when present). The result is read-only and may be shared by threads;
 * free with ic_fonts_free. */
IC_API ic_fonts *ic_fonts_load(const char *dir, ic_error *err);
IC_API void ic_fonts_free(ic_fonts *fonts);

/* The directory of the bundled fonts for a caller that was given none: the
 * INFOCHART_FONTS environment variable when set and not empty; else the
 * installed fonts found from where the code runs ("../share/infochart/fonts"
 * from the directory of libinfochart.so, or from the program's directory
 * when it is linked with libinfochart.a), when they are there; else the
 * source tree's fonts/ (build-tree use), else the configured install prefix's
 * share/infochart/fonts. Looked up once per process; the string is static
 * (never freed) and stays valid, except the environment variable's, which
 * stays valid while the environment is unchanged. */
IC_API const char *ic_fonts_default_dir(void);

/* Resource limits for reading untrusted input. Each is a maximum; going past
 * one is an IC_ERR_LIMIT error that names the limit, the spec key or CSV
 * position and the value. Defaults (ic_limits_default) fit a small machine;
 * a caller raises them for big data (the CLI: --limit NAME=VALUE). Memory
 * then grows with the data, not with the limits. */
typedef struct ic_limits {
    size_t spec_bytes;   /* size of a spec file (default 4 MiB) */
    size_t csv_bytes;    /* size of a CSV file (default 1 GiB) */
    size_t rows;         /* CSV data rows (default 5,000,000) */
    size_t columns;      /* CSV columns (default 10,000) */
    size_t field_bytes;  /* one CSV field (default 1 MiB) */
    size_t facets;       /* charts one faceted spec may make (default 10,000) */
    double pixels;       /* device pixels of a PNG: width x height x scale^2
                            (default 100,000,000, about 400 MB of image) */
} ic_limits;

/* Fills `limits` with the defaults. */
IC_API void ic_limits_default(ic_limits *limits);

/* Sets limit `name` (spec_bytes, csv_bytes, rows, columns, field_bytes,
 * facets, pixels) from the text `value` (a positive whole number). Returns 0,
 * or -1 with an IC_ERR_USAGE error naming the known limits. */
IC_API int ic_limits_set(ic_limits *limits, const char *name, const char *value, ic_error *err);

/* Reads and validates a spec file and the CSV it names (path relative to the
 * spec). Nothing is drawn. Inputs must be regular files. Uses the default
 * limits. Free with ic_chart_free. */
IC_API ic_chart *ic_chart_load(const char *spec_path, ic_error *err);
/* The same with the caller's limits (borrowed; NULL, or a field left 0,
 * means the default). */
IC_API ic_chart *ic_chart_load_limited(const char *spec_path, const ic_limits *limits, ic_error *err);
IC_API void ic_chart_free(ic_chart *chart);

/* ---- charts from memory ---------------------------------------------------
 * A program that has its numbers in memory gives them as an ic_data: columns
 * set from C, or CSV text. The table is built at load time exactly as from a
 * CSV file (the spec's "types", "series", "aggregate", "facet", "digits"...
 * apply alike), so an ic_data may serve several charts; it is only read. */
typedef struct ic_data ic_data;   /* a table given from memory */

/* An empty table. Free with ic_data_free. */
IC_API ic_data *ic_data_new(void);
IC_API void ic_data_free(ic_data *data);

/* Adds column `name` (copied) with `n` values (copied). Numbers: NaN is a
 * gap; they are typed as the CSV reader types them written out in full
 * (whole numbers from 1000 to 2999 make a year column unless the spec's
 * "types" says "number"). Strings (UTF-8): NULL or "" is a gap; each is read
 * like a CSV cell, so "3,300,000", "38%" or "2004-05-01" written as text are
 * typed as from a CSV. Every column must have the same number of values
 * (n > 0), names must be unique and not empty. Errors (IC_ERR_USAGE, data
 * unchanged): NULL arguments, n == 0, a length or name mismatch, columns
 * mixed with CSV text. Returns 0 or -1. */
IC_API int ic_data_add_numbers(ic_data *data, const char *name, const double *values, size_t n, ic_error *err);
IC_API int ic_data_add_strings(ic_data *data, const char *name, const char *const *values, size_t n,
                               ic_error *err);

/* CSV text in memory (`len` bytes, copied), read at load time with the
 * spec's reading keys ("delimiter", "decimal", "thousands", "types",
 * "x_format"...). `name` (copied; NULL: "<data>") stands for the file in
 * messages ("report.c:sales:3:7: error: ..."). Replaces any columns and any
 * earlier CSV text. Returns 0, or -1 (IC_ERR_USAGE: NULL data or csv). */
IC_API int ic_data_set_csv(ic_data *data, const char *csv, size_t len, const char *name, ic_error *err);

/* A chart from a spec held in memory (`len` bytes of JSON, copied), with
 * the same validation and messages as ic_chart_load: errors name `name`
 * (NULL: "<spec>") with the line:column in `text`. Relative paths in the spec
 * ("data", "theme", a logo...) are resolved against `base_dir` (NULL: the
 * working directory). With `data` (borrowed, read only during the call) the
 * chart's data comes from it: the spec's "data" key may be left out, and is
 * ignored when present; errors in the data name the data (columns from C:
 * "<data>: row R, column 'C': ..."; CSV text: "name:line:col"). Without
 * `data` the spec's "data" file is read. `limits` (borrowed) NULL means the
 * defaults. Output names ("outputs", or NAME.png from `name`; chart.png when
 * `name` is NULL or in angle brackets, e.g. "<stdin>") are resolved
 * against `base_dir` by ic_chart_output_path. Free with ic_chart_free. */
IC_API ic_chart *ic_chart_load_string(const char *text, size_t len, const char *name, const char *base_dir,
                                      const ic_data *data, const ic_limits *limits, ic_error *err);

/* Sets the canvas to `width` x `height` scene units (1 unit = 1 pt in PDF,
 * 1 px in SVG, `scale` px in PNG), replacing the spec's "size": e.g. a
 * report's column, 255.1 x 170 pt. The size is exact: a print preset's
 * growing to the page height is turned off, and a preset's safe bands are
 * dropped. Text sizes still follow the spec's "size" kind: a print preset
 * (a4-*, letter-*) keeps print type sizes in points, any other size scales
 * its text with the width as for screens. Facets made afterwards
 * (ic_chart_facet) keep the size. Errors (IC_ERR_USAGE, chart unchanged):
 * NULL chart, a size not finite or outside 100..10000 units; IC_ERR_LIMIT:
 * a PNG output of the spec would pass the 'pixels' limit. Returns 0 or -1. */
IC_API int ic_chart_set_size(ic_chart *chart, double width, double height, ic_error *err);

/* The files the chart is drawn from, each once: the spec file (first, when
 * loaded from a file), its CSV (next; not when the data came from memory),
 * then a theme file with the fonts and logo it names. Paths as the spec resolves
 * them; owned by the chart. ic_chart_dependency returns NULL when `i` is out
 * of range. */
IC_API size_t ic_chart_dependency_count(const ic_chart *chart);
IC_API const char *ic_chart_dependency(const ic_chart *chart, size_t i);

/* The same for the spec file `spec_path`, without reading its data: the
 * spec is read and validated (with a theme file it names), its CSV is not
 * read and need not exist; what a build uses to decide whether a chart is
 * up to date. [0] is the spec file, [1] its CSV. `limits` (borrowed)
 * NULL means the defaults. Returns a heap array of *n heap strings (free
 * with ic_strings_free), or NULL with the spec's error. */
IC_API char **ic_spec_dependencies(const char *spec_path, const ic_limits *limits, size_t *n, ic_error *err);

/* Frees `n` strings and the array holding them; NULL is a no-op. */
IC_API void ic_strings_free(char **strings, size_t n);

/* The chart's input files: the spec path as given and the CSV path
 * (resolved against the spec's directory). Owned by the chart. For a chart
 * from ic_chart_load_string the spec path is the name it was given, and the
 * data path is NULL when the data came from memory. */
IC_API const char *ic_chart_spec_path(const ic_chart *chart);
IC_API const char *ic_chart_data_path(const ic_chart *chart);

/* Number of outputs the spec asks for, and the path of output `i`
 * (resolved against `out_dir` when not NULL, else next to the spec),
 * written into `buf` and returned; NULL when `i` is out of range or the
 * path does not fit in `size` bytes. */
IC_API size_t ic_chart_output_count(const ic_chart *chart);
IC_API const char *ic_chart_output_path(const ic_chart *chart, size_t i, const char *out_dir,
                                        char *buf, size_t size);

/* Facets: a spec with "facet": "COLUMN" makes one chart per value of that
 * column (in order of first appearance). ic_chart_facet_count gives their
 * number (0 for a spec without facets); ic_chart_facet makes chart `i`: the
 * rows with that value, "{facet}" in the texts replaced, output names made
 * unique. Unless the spec says "facet_scale": "independent", the facets of
 * a chart share their value axis, number format, category order (a
 * category a facet has no row of is a gap there) and plot area
 * (docs/facets.md); a facet may outlive `chart`. The value is owned by the
 * chart. Free the result with ic_chart_free. */
IC_API size_t ic_chart_facet_count(const ic_chart *chart);
IC_API const char *ic_chart_facet_value(const ic_chart *chart, size_t i);
IC_API ic_chart *ic_chart_facet(const ic_chart *chart, size_t i, ic_error *err);

/* Notes about how the chart's data was read (a detected delimiter, a column
 * that looks like dates but is not read as dates ...): note `i` is a whole
 * line, "file:line:col: warning: ..." or "file: note: ...", owned by the
 * chart. The CLI prints them once per chart. */
IC_API size_t ic_chart_note_count(const ic_chart *chart);
IC_API const char *ic_chart_note(const ic_chart *chart, size_t i);

/* Lays the chart out. Free with ic_scene_free. */
IC_API ic_scene *ic_chart_layout(const ic_chart *chart, const ic_fonts *fonts, ic_error *err);
IC_API void ic_scene_free(ic_scene *scene);

/* Warnings from layout: things the spec asked for that were left out so that
 * nothing overlaps (e.g. a callout with no free room). Warning `i` is owned by
 * the scene; `line`/`column` (may be NULL) receive its place in the spec file,
 * 0 when unknown. */
IC_API size_t ic_scene_warning_count(const ic_scene *scene);
IC_API const char *ic_scene_warning(const ic_scene *scene, size_t i, int *line, int *column);

/* Canvas size in scene units. */
IC_API double ic_scene_width(const ic_scene *scene);
IC_API double ic_scene_height(const ic_scene *scene);

/* Writes the scene to `path` in `format`: to a temporary file in the same
 * directory, then renamed into place, so a failure leaves any earlier file
 * untouched and never a partial one. */
IC_API int ic_scene_write(const ic_scene *scene, const char *path, ic_format format, ic_error *err);

/* Writes the scene as JSON (see docs/scene.md), atomically like ic_scene_write. */
IC_API int ic_scene_write_json(const ic_scene *scene, const char *path, ic_error *err);

/* Format code for the scene JSON in ic_scene_write_all. */
#define IC_OUTPUT_SCENE_JSON 100
/* Format code for the alt text (a ".txt" file): ic_scene_alt_text and a
 * newline, UTF-8 (docs/alt-text.md). ic_format_from_path gives it for .txt. */
#define IC_OUTPUT_ALT_TEXT 101

/* The chart's alt text: the spec's "description" when it has one, else a
 * description made from the data in the chart's language, under 1,000
 * characters (the same text as the SVG <desc> and the PDF subject). Owned
 * by the scene; "" for a scene without one, NULL for a NULL scene. */
IC_API const char *ic_scene_alt_text(const ic_scene *scene);

/* Writes several files: `formats[i]` is an ic_format, IC_OUTPUT_SCENE_JSON or
 * IC_OUTPUT_ALT_TEXT.
 * All are written to temporary files first and renamed into place only when
 * every one succeeded, so a failure leaves all earlier files untouched. */
IC_API int ic_scene_write_all(const ic_scene *scene, const char *const *paths, const int *formats, size_t n,
                              ic_error *err);

/* The files of one run, written all or none: outputs are checked against
 * the run's inputs and against each other by the file they name (however
 * spelled: "x.png", "./x.png", a link), each is written to a complete,
 * synced temporary file beside its target, and ic_output_set_commit renames
 * them all into place, or none (those renamed are rolled back to the
 * previous files). A faceted render puts every facet's files in one set.
 *
 *   ic_output_set *set = ic_output_set_new();
 *   ic_output_set_protect(set, ic_chart_spec_path(c), "the spec", &err);
 *   ic_output_set_protect(set, ic_chart_data_path(c), "the CSV", &err);
 *   ic_output_set_write(set, scene, "x.png", IC_FORMAT_PNG, &err);  ...
 *   ic_output_set_commit(set, &err);
 *   ic_output_set_free(set);   (removes what was not committed)
 */
typedef struct ic_output_set ic_output_set;
IC_API ic_output_set *ic_output_set_new(void);
/* Registers an input of the run, which no output may overwrite; `what`
 * names it in errors ("the CSV"). */
IC_API int ic_output_set_protect(ic_output_set *set, const char *path, const char *what, ic_error *err);
/* Checks that `path` may be written by this run and reserves it, without
 * writing (what `infochart check` does). IC_ERR_USAGE when it is an input
 * or already reserved. */
IC_API int ic_output_set_reserve(ic_output_set *set, const char *path, ic_error *err);
/* Reserves `path` (or takes the reservation made for it, spelled the same)
 * and writes the scene to its temporary file (`format`: an ic_format or
 * IC_OUTPUT_SCENE_JSON). */
IC_API int ic_output_set_write(ic_output_set *set, const ic_scene *scene, const char *path, int format,
                               ic_error *err);
/* Renames every written file into place, or none. */
IC_API int ic_output_set_commit(ic_output_set *set, ic_error *err);
/* After a commit: the files it installed (owned by the set). */
IC_API size_t ic_output_set_count(const ic_output_set *set);
IC_API const char *ic_output_set_path(const ic_output_set *set, size_t i);
IC_API void ic_output_set_free(ic_output_set *set);

/* Format from a file name's extension (.png .svg .pdf, and .txt:
 * IC_OUTPUT_ALT_TEXT); -1 when unknown. */
IC_API int ic_format_from_path(const char *path);

/* Receives the bytes of ic_scene_write_to, in order, in pieces of any size
 * (`data` is valid only during the call). Returns 0, or -1 to stop. */
typedef int (*ic_write_fn)(void *closure, const unsigned char *data, size_t len);

/* Writes the scene as `format` through `write` (to stdout, a buffer, a
 * socket...): the same bytes ic_scene_write puts in a file. `closure` is
 * passed to every call. A callback returning -1 stops the output: the call
 * returns -1 with an IC_ERR_IO error (what was already passed stays with the
 * caller). Returns 0 or -1. */
IC_API int ic_scene_write_to(const ic_scene *scene, ic_format format, ic_write_fn write, void *closure,
                             ic_error *err);

/* Draws the scene onto the caller's cairo context, in scene units from the
 * current origin (translate and scale the context to place it). The
 * context's state is saved and restored; `cr` is borrowed. */
struct _cairo;
IC_API int ic_scene_render_cairo(const ic_scene *scene, struct _cairo *cr, ic_error *err);

/* Flags of ic_scene_render_cairo_flags. */
#define IC_RENDER_TRANSPARENT 1u   /* do not paint the background: the caller's page shows through
                                    * (text colours were chosen for the theme's background, so use a
                                    * page of a similar colour, or set "background" in the spec) */

/* ic_scene_render_cairo with `flags` (IC_RENDER_* or'ed; 0 is
 * ic_scene_render_cairo). */
IC_API int ic_scene_render_cairo_flags(const ic_scene *scene, struct _cairo *cr, unsigned flags, ic_error *err);

/* ---- organisation themes (docs/themes.md) ---- */

/* A theme file: colours, type scale, fonts, a logo and a source prefix set
 * once for all of an organisation's charts. */
typedef struct ic_theme ic_theme;

/* Reads and validates the theme file `path` (JSON), and loads the font
 * files and the logo it names (paths relative to the theme file). Errors
 * name the theme file with line:column (IC_ERR_SPEC; a font or logo that is
 * missing or unusable is reported at its key, naming the file). The theme is
 * read-only once loaded and may be shared by charts and threads. Free with
 * ic_theme_free. */
IC_API ic_theme *ic_theme_load(const char *path, ic_error *err);
/* Releases the caller's hold on `theme` (NULL: no-op). Scenes laid out with
 * it keep what they use alive until they are freed. */
IC_API void ic_theme_free(ic_theme *theme);
/* The files the theme is made from: the theme file (first), its font files
 * and its logo. Strings owned by the theme. */
IC_API size_t ic_theme_dependency_count(const ic_theme *theme);
IC_API const char *ic_theme_dependency(const ic_theme *theme, size_t i);
/* Applies `theme` (borrowed; must outlive the chart and its facets) in
 * place of any theme the spec names ("theme": "light", "dark" or a file);
 * the spec's own colours ("accent", "palette"...) still win. Facets made
 * afterwards inherit it. NULL goes back to the built-in light theme.
 * Returns 0 or -1. */
IC_API int ic_chart_set_theme(ic_chart *chart, const ic_theme *theme, ic_error *err);

#ifdef __cplusplus
}
#endif
#endif
