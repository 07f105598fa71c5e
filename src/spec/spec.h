/* Chart spec: JSON read with jansson, validated fully before any drawing.
 * Every key's position is kept so later stages can point at it. */
#ifndef IC_SPEC_SPEC_H
#define IC_SPEC_SPEC_H

#include <stddef.h>
#include "infochart.h"
#include "data/table.h"

typedef enum { IC_ORIENT_AUTO = 0, IC_ORIENT_HORIZONTAL, IC_ORIENT_VERTICAL } ic_orientation;
typedef enum { IC_SORT_NONE = 0, IC_SORT_ASCENDING, IC_SORT_DESCENDING } ic_sort;
typedef enum {
    IC_NUM_AUTO = 0,   /* from the data: percent, compact or comma */
    IC_NUM_PERCENT,    /* 38 → "38%" (values are already percentages) */
    IC_NUM_COMMA,      /* 27600000 → "27,600,000" */
    IC_NUM_COMPACT,    /* 3300000 → "3.3 million" */
    IC_NUM_PLAIN       /* 2004 → "2004" */
} ic_number_style;

typedef enum { IC_DIGITS_WESTERN = 0, IC_DIGITS_ARABIC_INDIC, IC_DIGITS_URDU } ic_digits;

typedef struct ic_number_format {
    ic_number_style style;
    int decimals;      /* -1 = automatic */
    double multiply;   /* applied before formatting (e.g. 1e6 for a column in millions); default 1 */
    char *prefix;      /* e.g. "$", may be NULL */
    char *suffix;      /* e.g. " victims", may be NULL */
    const char *lang;  /* the spec's "lang" (borrowed), for unit words */
    ic_digits digits;  /* the spec's "digits" */
    int sign_always;   /* "sign": "always": + before values above zero */
} ic_number_format;

/* Where a key or value sits in the spec file (1-based). */
typedef struct ic_pos { int line, column; } ic_pos;

typedef enum {
    IC_AGG_NONE = 0, IC_AGG_SUM, IC_AGG_MEAN, IC_AGG_MEDIAN, IC_AGG_COUNT, IC_AGG_MIN, IC_AGG_MAX
} ic_aggregate;

typedef enum { IC_STACK_NONE = 0, IC_STACK_NORMAL, IC_STACK_PERCENT } ic_stack;
typedef enum { IC_TREND_RATIO = 0, IC_TREND_PERCENT, IC_TREND_POINTS, IC_TREND_DIFFERENCE } ic_trend_show;
typedef enum { IC_ANN_CALLOUT = 0, IC_ANN_BAND, IC_ANN_LINE } ic_annotation_type;

/* A change computed from the data at render time ("×2.9", "+192%"). */
typedef struct ic_trend {
    ic_trend_show show;
    char *from, *to;    /* x values (as text); NULL = first / last row with a value */
    char *series;       /* y column; NULL = the first */
    char *label;        /* template: {change} {from} {to} {from_value} {to_value}; NULL = default */
    ic_pos pos, pos_from, pos_to, pos_series;
} ic_trend;

/* Something the author points out on an x/y chart. */
typedef struct ic_annotation {
    ic_annotation_type type;
    char *text;         /* may be NULL for bands and lines */
    char *x;            /* callout: the x value it points at */
    char *series;       /* callout: y column (NULL = first) */
    char *from, *to;    /* band: x range */
    double value;       /* line: position on the value axis */
    ic_pos pos, pos_x, pos_from, pos_to, pos_series;
} ic_annotation;

typedef struct ic_spec {
    ic_limits limits;   /* what the spec and its data may use (ic_spec_load_limited) */
    char *path;             /* spec path as given */
    char *dir;              /* its directory */
    char *chart;            /* kind, e.g. "bar" */
    char *data;             /* CSV path resolved against dir */
    char *x;                /* category column */
    char **y;  size_t ny;   /* value column(s) */
    char *title, *subtitle, *source, *note, *byline; /* note/byline/subtitle may be NULL */
    double width, height;   /* canvas, scene units (whole numbers from a spec; any from
                             * ic_chart_set_size) */
    double safe_top, safe_bottom; /* bands of the canvas kept free of marks (story preset) */
    int print;              /* 1: a print preset, sized in points (a4-*, letter-*); 0: pixels */
    double max_height;      /* print presets: the height may grow to this (the page's text
                             * block) when the content needs it; 0 = fixed */
    double scale;           /* pixel density for PNG, default 1 */
    double text_scale;      /* multiplies every text size, default 1 */
    ic_number_format number;
    char **highlight; size_t nhighlight;
    char **outputs; size_t noutputs;  /* file names (relative to the output dir) */
    ic_orientation orientation;
    ic_sort sort;
    int value_labels;       /* default 1 */
    char delimiter;         /* ',' ';' '\t' '|', or 0: detected from the file */
    char decimal;           /* "decimal": '.' or ','; 0 = not said ('.') */
    int thousands;          /* "thousands": ',' '.' ' ' '\''; -1 = none (""); 0 = not said */
    char *x_format;         /* "x_format": strftime-style format of the x column's dates; NULL = detect */
    char *series;           /* "series": long tables, one series per distinct value of this column */
    ic_aggregate aggregate; /* "aggregate": how rows sharing an x (and series) value combine */
    ic_type_override *types; size_t ntypes; /* column type overrides; strings owned */
    char *accent, *muted, *theme_bg;  /* colours "#rrggbb"; NULL = theme default */
    char **palette; size_t npalette;
    char *description;      /* alt text for SVG <desc> / PDF subject; NULL = generated */
    int theme_dark;         /* "theme": "dark" */
    ic_theme *theme;        /* "theme": a theme file (a hold on it, released by ic_spec_free),
                             * or one given by ic_chart_set_theme; NULL = built-in */

    /* language and direction */
    char *lang;             /* "ur", "ar", "en"...; NULL = not said (English text) */
    int rtl;                /* 1: right-to-left layout ("direction", or from "lang") */
    int mirror_time;        /* RTL only: time axes run right to left too */
    ic_digits digits;       /* digits in numbers: Western (default), Eastern Arabic-Indic, Urdu */
    int missing_glyphs_error; /* 1: a character no bundled font has is an error, not a warning */
    int svg_text_paths;     /* 1: SVG text as glyph outlines ("svg_text": "paths"), 0: real text */

    /* options of particular chart kinds (ignored by the others) */
    ic_stack stack;         /* bar, area: grouped/overlapping (none), stacked or 100 % stacked */
    int y_from_zero;        /* line: -1 unset (line fits the data, area from zero); 0/1 as given */
    int markers;            /* line: -1 automatic, 0 off, 1 on */
    double hole;            /* donut: hole radius / outer radius (0 = pie), default 0.58 */
    char *center_value;     /* donut/stat: text or template ({share}, {value}, {total}); NULL = automatic */
    char *center_label;     /* donut: words under the centre number */
    char *icon;             /* waffle: "square", "circle", "person" or "child" */
    int cells;              /* waffle: number of cells (default 100) */
    char *row;              /* stat: the x value whose number is shown; NULL = first row */
    char *label;            /* stat: words under the number */
    char *context;          /* stat: context line template ({one_in} {share} {total} {value}) */
    char *facet;            /* one chart per value of this column; "{facet}" in texts and outputs */
    int facet_independent;  /* "facet_scale": "independent": facets do not share scales */
    char **deps; size_t ndeps; /* files the chart is drawn from: the spec file (first, when
                             * loaded from a file), its CSV (next), and whatever a theme names;
                             * each once (ic_spec_add_dependency) */
    int data_given;         /* the data comes from memory (ic_chart_load_string): "data" is
                             * optional and ignored; `data` is the data's name */
    char **warnings; size_t nwarnings; /* whole lines ("spec.json:7:3: warning: ..."):
                             * keys only other chart kinds read */
    char *text;             /* the spec file's JSON as read (facets parse it again) */
    size_t text_len;
    ic_trend *trends; size_t ntrends;
    ic_annotation *annotations; size_t nannotations;

    /* positions for later errors (0 when absent) */
    ic_pos pos_x, pos_data, pos_chart;
    ic_pos *pos_y;          /* [ny] */
    ic_pos *pos_highlight;  /* [nhighlight] */
    ic_pos *pos_types;      /* [ntypes] */
    ic_pos pos_row, pos_facet;
    ic_pos pos_stack;       /* the value of "stack" */
    ic_pos pos_lang;        /* the value of "lang" */
    ic_pos pos_x_format, pos_series, pos_aggregate, pos_decimal, pos_thousands, pos_delimiter;
} ic_spec;

/* Reads and validates a spec. Errors (IC_ERR_SPEC, with file:line:col):
 * invalid JSON, unknown keys (with "did you mean ...?"), wrong types, missing
 * required keys (chart, data, x, y, title, source), bad size/scale/colour
 * values, unknown chart kind. Column names are checked later against the data
 * (ic_spec_check_columns). Free with ic_spec_free. */
ic_spec *ic_spec_load(const char *path, ic_error *err);
/* The same with the caller's limits (NULL = defaults); they are copied into
 * spec->limits for the later stages. */
ic_spec *ic_spec_load_limited(const char *path, const ic_limits *limits, ic_error *err);
ic_spec *ic_spec_parse(const char *text, size_t len, const char *path, ic_error *err);
/* ic_spec_parse with the caller's limits (NULL = defaults), copied into
 * spec->limits. Besides the errors above: a character no chart text may
 * hold (ic_text_forbidden) in any string or key is IC_ERR_SPEC at that
 * character; a PNG output of more than limits->pixels device pixels
 * (width x height x scale^2) is IC_ERR_LIMIT at 'scale' (else 'size'). */
ic_spec *ic_spec_parse_limited(const char *text, size_t len, const char *path, const ic_limits *limits,
                               ic_error *err);

/* Where a spec held in memory comes from. */
typedef struct ic_spec_source {
    const char *name;   /* names the spec in messages (becomes spec->path; may be NULL) */
    const char *dir;    /* relative paths are resolved against it; NULL: name's directory */
    const char *stem;   /* default output names are STEM.png ...; NULL: from name */
    int data_given;     /* the data comes from memory: "data" is optional and ignored */
} ic_spec_source;

/* ic_spec_parse_limited for a spec from `src`. */
ic_spec *ic_spec_parse_source(const char *text, size_t len, const ic_spec_source *src, const ic_limits *limits,
                              ic_error *err);
void ic_spec_free(ic_spec *spec);

/* Adds the spec's warnings (spec->warnings) to the table's notes, which the
 * CLI prints once per chart. Returns their number, or -1 out of memory. */
int ic_spec_note_warnings(const ic_spec *spec, ic_table *table);

/* Key `i` (from 0) of those the reader knows, or NULL past the last: of the
 * top level when `object` is NULL or "", else of the members of "number",
 * of a "trend" item or of an "annotations" item (NULL for any other
 * object). A static string. For the schema test (test_schema_keys.c). */
const char *ic_spec_key_name(const char *object, size_t i);

/* Records that the chart is drawn from file `path` (copied; a path already
 * recorded is not added twice). `first`: put it before the others (the spec
 * file itself). Returns 0, or -1 when out of memory. */
int ic_spec_add_dependency(ic_spec *spec, const char *path, int first);

/* Checks that x, y, highlight and type overrides name existing columns (with
 * the closest name suggested) and that y columns are numeric. Errors point at
 * the spec position. */
int ic_spec_check_columns(const ic_spec *spec, const ic_table *table, ic_error *err);

/* Index of column `name` of `t`, or -1 after an IC_ERR_SPEC error at `pos`
 * (a position in the spec) naming the closest column, or listing them all. */
int ic_spec_find_column(const ic_spec *spec, const ic_table *t, const char *name, ic_pos pos, ic_error *err);

/* A copy of `spec` for one value of its facet column: "{facet}" in title,
 * subtitle, note and description is replaced by `value`; in output names by
 * `file_part` (the value's name from ic_facet_file_parts), and output names
 * without "{facet}" get "-<file_part>" before their extension. Free with
 * ic_spec_free. */
ic_spec *ic_spec_for_facet(const ic_spec *spec, const char *value, const char *file_part, ic_error *err);

/* File name parts for the distinct facet values `values[0..n)`, all
 * different from each other, also where ASCII case does not count. A value
 * keeps its ic_safe_file_part name when no other value has that name (or it
 * is the one value already equal to it); otherwise, and always when nothing
 * of the value is kept ("", ".", ".."), the name gets "-" and 8 hex digits
 * of the value's FNV-1a 64 hash (folded to 32 bits). So a name does not
 * depend on the row order. Names still equal after that get "~2", "~3"...
 * in the values' order. No name has '/' or starts with '.'. Returns `n`
 * heap strings (free each and the array), or NULL when out of memory. */
char **ic_facet_file_parts(const char *const *values, size_t n);

/* `value` made safe as part of a file name: no path separators, no "..", no
 * control characters, no spaces; at most 80 bytes (whole UTF-8 characters).
 * Writes into `buf` and returns it. */
const char *ic_safe_file_part(const char *value, char *buf, size_t size);

/* The sizes a canvas may have ("size", ic_chart_set_size), in scene units. */
#define IC_SPEC_SIZE_MIN 100
#define IC_SPEC_SIZE_MAX 10000

/* Size presets: name → width, height. Returns 0 on success, -1 if unknown. */
int ic_preset_size(const char *name, int *width, int *height);
/* The bands at the top and bottom of preset `name` that must hold nothing
 * but the background (scene units; 0 for presets without them). */
void ic_preset_safe_zones(const char *name, double *top, double *bottom);
/* 1 when preset `name` is for print (sized in points), 0 for screens. */
int ic_preset_is_print(const char *name);
/* How tall a chart of print preset `name` may grow when its content needs
 * it (the page's text block, in points); 0 for screen presets. */
int ic_preset_max_height(const char *name);
/* Names of all presets (NULL-terminated), for help and suggestions. */
const char *const *ic_preset_names(void);

#endif
