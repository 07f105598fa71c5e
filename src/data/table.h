/* Typed, column-oriented table read from CSV (libcsv, strict mode).
 *
 * Every cell's original text can be had (ic_cell_text); number, year and
 * date columns also hold parsed values, with NAN for gaps (missing values are
 * never zeros).
 *
 * Memory: a column's cell texts sit one after another in one block (no
 * allocation per cell); a column of numbers written plainly ("12.345", the
 * same decimals throughout, gaps written one way) keeps no text at all
 * (textless: its texts are written again from the values when asked for).
 * Cell positions (line, column) are not kept: they are only needed for error
 * messages, so ic_cell_position finds them again by reading the CSV a second
 * time. A 1,000,000-row table of two such columns takes 16 MB (its values;
 * missing[] takes memory only once written, at the first gap), where keeping
 * texts took about 41 MB and one string and two ints per cell ~130 MB. */
#ifndef IC_DATA_TABLE_H
#define IC_DATA_TABLE_H

#include <stddef.h>
#include <stdint.h>
#include "infochart.h"
#include "data/dates.h"

typedef enum ic_col_type {
    IC_COL_AUTO = 0,  /* only in overrides: infer */
    IC_COL_NUMBER,
    IC_COL_TEXT,
    IC_COL_YEAR,      /* integers 1000..2999; value = the year */
    IC_COL_DATE       /* a date or date-time (data/dates.h, docs/dates.md); value = days since
                       * 1970-01-01 00:00, the time of day as the fraction */
} ic_col_type;

typedef struct ic_column {
    char *name;
    ic_col_type type;
    int textless;       /* 1: no per-cell text is kept (chars and start are NULL): every cell is a
                         * gap written `gap` or a number written exactly as ic_number_fixed gives
                         * it back with `decimals` decimals, so ic_cell_text writes it again */
    int decimals;       /* textless columns: decimals of every number cell (-1: none seen yet) */
    char *gap;          /* textless columns: how every gap is written (NULL: none seen yet) */
    char *chars;        /* every cell's original text, each NUL-terminated (NULL when textless) */
    size_t nchars, chars_cap;
    uint32_t *start;    /* [nrows] where each cell's text starts in chars (see ic_cell_text) */
    double *value;      /* [nrows] parsed value, NAN for gaps and text columns */
    unsigned char *missing; /* [nrows] 1 when the cell is a gap (empty, NA, n/a, -, ..) */
    int header_line, header_col;
    int has_percent;    /* some cell carried a '%' sign */
    ic_date_res date_res; /* date columns: how finely the dates are spaced (IC_RES_YEAR when every
                         * one is a 1 January: yearly data written 2001-01-01); else IC_RES_NONE */
    int date_utc;       /* date columns: cells named different UTC offsets, so every time was
                         * turned into UTC (else times are the wall-clock times written) */
    const struct ic_table *table; /* the table holding this column */
} ic_column;

typedef struct ic_table {
    char *path;         /* as given, for error messages */
    size_t ncols, nrows;
    ic_column *cols;    /* [ncols] */
    /* where ic_cell_position reads the CSV again: a copy of the text given to
     * ic_table_parse, or NULL to read `path` */
    char *source;
    size_t source_len;  /* bytes of the CSV as first read (of `source`, or of the file) */
    char delimiter;     /* the delimiter used (given, or detected) */
    int delimiter_detected; /* 1 when no delimiter was given and `delimiter` was detected */
    char decimal;       /* decimal separator of number cells: '.' or ',' */
    int thousands;      /* thousands separator of number cells as in ic_csv_options */
    size_t *source_rows; /* [nrows] row of the CSV each row came from (subsets), NULL = the same */
    char **notes;       /* [nnotes] things said about how the data was read, each a whole
                         * "file:line:col: warning: ..." or "file: note: ..." line */
    size_t nnotes;
    size_t rows_read;   /* data rows of the CSV: more than nrows after a reduced reading
                         * (ic_csv_options.reduce), else nrows as read */
} ic_table;

/* The original text of cell `row` of column `c`, NUL-terminated; valid while
 * the column's texts are (until ic_column_rewrite or ic_table_free). A
 * textless column (numbers only) gets its texts written back the first time
 * one is asked for (data/cell_text.c; once, under a lock, so threads may
 * share the table). */
const char *ic_cell_text(const ic_column *c, size_t row);

/* c->textless, read so that a column whose texts another thread has just
 * written back (ic_cell_text) is seen whole. */
static inline int ic_column_textless(const ic_column *c)
{
    return __atomic_load_n(&c->textless, __ATOMIC_ACQUIRE);
}

/* ic_cell_text for a text used at once: a textless column's text is written
 * into a small per-thread ring of buffers (valid for the next 15 calls of
 * the thread), so the column keeps no texts. */
const char *ic_cell_text_brief(const ic_column *c, size_t row);

/* Writes `v` with `decimals` (0..15) digits after `decimal` ('.' or ','), a
 * '-' first when its sign bit is set, no exponent and no separators, into
 * buf[64]. Returns the length, or 0 when it cannot (not finite, more than 15
 * decimals, or |v| times 10^decimals not below 9e15). The CSV reader keeps
 * no text for a cell this gives back exactly. */
size_t ic_number_fixed(double v, int decimals, char decimal, char *buf);

/* Writes the texts of rows [0, nrows) of a textless column into chars and
 * start (start with room for `cap` >= nrows rows); the column is then an
 * ordinary one (value[], missing[], gap and decimals stay as they are).
 * Returns 0 (also when the column keeps texts already), or -1 when out of
 * memory (the column is unchanged). */
int ic_column_materialise(ic_column *c, size_t nrows, size_t cap);

typedef struct ic_cell_pos {
    int line, col;      /* 1-based line and column (characters); 0, 0 when unknown */
} ic_cell_pos;

/* Where cell `row` of column `c` starts in the CSV. Reads the CSV again (it
 * is meant for error messages): 0, 0 when it can no longer be read or has
 * changed so much the cell is not there. */
ic_cell_pos ic_cell_position(const ic_column *c, size_t row);

/* ic_error_set at the position of cell `row` of column `c` (looked up only
 * when `err` holds no error yet). Returns -1. */
int ic_cell_error(ic_error *err, ic_error_code code, const char *file, const ic_column *c, size_t row,
                  const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* The first row of `c` whose cell is neither a gap nor a valid value of
 * `type` (number, year or date; every cell fits IC_COL_TEXT): the cell to
 * name when a column was wanted as that type. The table's row count when
 * every cell fits. */
size_t ic_column_first_not(const ic_column *c, ic_col_type type);

/* The first row of `c` whose value is `text`: the cell written exactly so,
 * or in a date column a cell with the same date written in any form
 * ("Jan 1855" finds 1855-01-01; data/dates.h). -1 when there is none. */
long ic_column_find(const ic_column *c, const char *text);

/* Rewrites every cell's text of `c`: each is copied into a buffer `grow`
 * times its length (plus 1) and passed to `rewrite`, which changes it in
 * place. Returns 0, or -1 when out of memory (the column is unchanged). */
int ic_column_rewrite(ic_column *c, size_t nrows, size_t grow, void (*rewrite)(char *text, size_t size, void *ud),
                      void *ud);

typedef struct ic_type_override {
    const char *column;
    ic_col_type type;
} ic_type_override;

/* The dates of one column written in a known format (a spec's "x" and
 * "x_format"). */
typedef struct ic_date_options {
    const char *column;        /* borrowed; NULL = none (then every column that looks like dates
                                * but is read as text gets a note, else only this one) */
    const char *format;        /* strftime-style (ic_date_parse_format); NULL = the forms read anyway */
} ic_date_options;

typedef struct ic_csv_options {
    char delimiter;            /* ',', ';', '\t' or '|'; 0 = detected from the data */
    char decimal;              /* '.' (default when 0) or ',' */
    int thousands;             /* ',' '.' ' ' or '\''; -1 = none; 0 = the default for `decimal` */
    size_t max_field_bytes;    /* 0 = default (1 MiB) */
    size_t max_rows;           /* 0 = default (5,000,000) */
    size_t max_columns;        /* 0 = default (10,000) */
    size_t max_bytes;          /* of a CSV file; 0 = default (1 GiB) */
    const ic_type_override *overrides; /* borrowed */
    size_t noverrides;
    ic_date_options dates;     /* a column whose every cell must match a date format */
    int keep_texts;            /* for tests: every column keeps its cells' texts (none is textless) */
    const struct ic_reduce_options *reduce; /* ic_table_read only: keep only the rows a line's M4
                                * buckets need (data/reduce.h); NULL = every row. The 'rows'
                                * limit then counts the rows kept in memory */
} ic_csv_options;

/* Parses CSV text. `name` is used in errors as the file name. Errors:
 * IC_ERR_CSV (ragged row, unterminated or stray quote, invalid UTF-8, NUL byte,
 * a character ic_text_forbidden refuses (control characters, noncharacters),
 * empty file, header-only file, duplicate or empty header name),
 * IC_ERR_DATA (a cell that does not fit an overridden column type, an override
 * naming an unknown column, a cell of `opt->dates.column` that does not
 * match `opt->dates.format`, a format ic_date_format_check refuses), IC_ERR_LIMIT (the message names the limit:
 * csv_bytes, rows, columns or field_bytes). Free with ic_table_free. */
ic_table *ic_table_parse(const char *data, size_t len, const char *name,
                         const ic_csv_options *opt, ic_error *err);

/* Reads and parses a CSV file (streamed through libcsv). The file is opened
 * without blocking and must be a regular file (IC_ERR_IO "not a regular
 * file" at line 0 otherwise: a FIFO or device could hang the reader). */
ic_table *ic_table_read(const char *path, const ic_csv_options *opt, ic_error *err);

void ic_table_free(ic_table *t);

/* Adds a note about how the data was read (printed by the CLI once per
 * chart, ic_chart_note): `fmt` gives the whole line, location included,
 * e.g. "%s:%d:%d: warning: ...". Returns 0, or -1 when out of memory. */
int ic_table_note(ic_table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Copies how `src`'s CSV was read (delimiter, whether it was detected,
 * decimal and thousands separators) into `dst`, a table made from it, so
 * its cells are found again (ic_cell_position) and read alike. */
void ic_table_copy_reading(ic_table *dst, const ic_table *src);

/* A new table with rows `rows[0..n)` of `t` (in that order), every column
 * copied with its types and cell positions. Free with ic_table_free. */
ic_table *ic_table_subset(const ic_table *t, const size_t *rows, size_t n, ic_error *err);

/* Index of the column named `name`, or -1. */
int ic_table_find(const ic_table *t, const char *name);

/* Parses a number as people write it: "3,300,000", "38%", "-4.5", "+2",
 * "1e6", "1.5E-3", " 7 " (surrounding spaces ignored). Returns 1 and sets
 * `*out` (and `*percent` when a trailing % was present; may be NULL) on success,
 * 0 when the text is a missing-value marker ("", NA, N/A, n/a, na, -, .., NaN
 * is not accepted), -1 when it is not a number. "38%" gives 38, not 0.38. */
int ic_number_parse(const char *s, double *out, int *percent);

/* 1 when `s` is a missing-value marker. */
int ic_is_missing(const char *s);

const char *ic_col_type_name(ic_col_type t);

/* Used by the CSV reader once every row is read: types each column (inferred,
 * or forced by `opt->overrides`) and fills value[] and missing[]. Returns 0,
 * or -1 with IC_ERR_DATA / IC_ERR_NOMEM in `err`. */
int ic_table_assign_types(ic_table *t, const ic_csv_options *opt, ic_error *err);

#endif
