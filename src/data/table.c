/* Typed columns: year parsing (numbers: number.c, dates: dates.c, read here a
 * column at a time), type inference and overrides,
 * and the table's lifetime. The CSV driver (csv.c) fills in the cell text and
 * positions, then calls ic_table_assign_types. */
#include "data/table.h"
#include "data/number.h"
#include "core/error.h"
#include "core/util.h"
#include "data/scan.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>


/* 4 digits, 1000..2999, nothing else but surrounding white space. */
static int parse_year(const char *s, double *out)
{
    const char *b, *e;
    trim(s, &b, &e);
    if (e - b != 4)
        return 0;
    int y = 0;
    for (int i = 0; i < 4; i++) {
        if (!is_digit(b[i]))
            return 0;
        y = y * 10 + (b[i] - '0');
    }
    if (y < 1000 || y > 2999)
        return 0;
    *out = y;
    return 1;
}

/* Any date form of docs/dates.md (numeric day/month/year in either order
 * that gives a date: a whole column settles the order, see read_dates). */
static int parse_date(const char *s, double *out)
{
    ic_date d;
    if (!ic_date_parse(s, IC_ORDER_ANY, &d))
        return 0;
    *out = d.days;
    return 1;
}

static int contains_year(const char *name)
{
    for (const char *p = name; *p; p++) {
        const char *w = "year";
        size_t i = 0;
        while (w[i] && p[i] && (p[i] | 0x20) == w[i])
            i++;
        if (!w[i])
            return 1;
    }
    return 0;
}


/* 1 when `text` (not a gap) is a value of `type`, with the value in *value
 * and whether it carried a '%' in *pct. */
static int parse_as(const ic_table *t, ic_col_type type, const char *text, double *value, int *pct)
{
    *pct = 0;
    if (type == IC_COL_NUMBER)
        return ic_number_parse_sep(text, value, pct, t->decimal, t->thousands) == 1;
    if (type == IC_COL_YEAR)
        return parse_year(text, value);
    if (type == IC_COL_DATE)
        return parse_date(text, value);
    return 1;
}

size_t ic_column_first_not(const ic_column *c, ic_col_type type)
{
    size_t n = c->table->nrows;
    for (size_t i = 0; i < n; i++) {
        const char *text = ic_cell_text_brief(c, i); /* (a textless column keeps no texts for this) */
        double v;
        int pct;
        if (!ic_is_missing(text) && !parse_as(c->table, type, text, &v, &pct))
            return i;
    }
    return n;
}

/* Why a column was not read as dates. */
typedef struct date_fail {
    size_t row;         /* the first cell that is not read (nrows: none) */
    int ambiguous;      /* every numeric date reads as day/month/year and as month/day/year */
    int mixed_order;    /* `row` reads only in the order other cells do not */
    char sep;           /* the separator of the numeric dates */
} date_fail;

/* The dates of cell `i` of `c` with `format` (NULL: the forms of dates.h in
 * `order`). */
static int date_at(const ic_column *c, size_t i, const char *format, ic_date_order order, ic_date *d)
{
    const char *text = ic_cell_text(c, i);
    return format ? ic_date_parse_format(text, format, d) : ic_date_parse(text, order, d);
}

/* Reads every cell of `c` (gaps aside) as a date: fills value[], date_res
 * and date_utc and returns 1, or returns 0 with the reason in *why.
 * Numeric dates (08/01/2004) must all read in one order; when every one reads
 * in both, the column is ambiguous (an "x_format" settles it). Times written
 * with different UTC offsets are turned into UTC. */
static int read_dates(const ic_table *t, ic_column *c, const char *format, date_fail *why)
{
    size_t n = t->nrows, present = 0, first_numeric = n;
    unsigned orders = IC_DATE_DMY | IC_DATE_MDY;
    int offset = 0, mixed = 0;
    ic_date_res written = IC_RES_YEAR;
    *why = (date_fail){n, 0, 0, '/'};
    for (size_t i = 0; i < n; i++) {
        if (c->missing[i])
            continue;
        ic_date d;
        if (!date_at(c, i, format, IC_ORDER_ANY, &d)) {
            why->row = i;
            return 0;
        }
        if (d.orders & IC_DATE_NUMERIC) {
            if (first_numeric == n) {
                first_numeric = i;
                const char *p = ic_cell_text(c, i);
                while (*p && (*p == ' ' || (*p >= '0' && *p <= '9')))
                    p++;
                why->sep = *p ? *p : '/';
            }
            if (!(orders & d.orders)) {
                why->row = i;
                why->mixed_order = 1;
                return 0;
            }
            orders &= d.orders;
        }
        if (present++ == 0)
            offset = d.offset;
        mixed |= d.offset != offset;
        written = d.res < written ? d.res : written;
        c->value[i] = d.days;
    }
    if (first_numeric < n && orders == (IC_DATE_DMY | IC_DATE_MDY)) {
        why->row = first_numeric;
        why->ambiguous = 1;
        return 0;
    }
    /* cells read day first where they could; all of them read month first */
    ic_date_order order = first_numeric < n && orders == IC_DATE_MDY ? IC_ORDER_MDY : IC_ORDER_ANY;
    for (size_t i = 0; (order != IC_ORDER_ANY || mixed) && i < n; i++) {
        ic_date d;
        if (c->missing[i] || !date_at(c, i, format, order, &d))
            continue;
        c->value[i] = d.days - (mixed && d.offset != IC_DATE_NO_OFFSET ? d.offset / 1440.0 : 0);
    }
    /* the coarsest unit every date falls on: yearly data written 2001-01-01
     * is yearly; one date alone keeps the precision it was written with */
    ic_date_res res = IC_RES_YEAR;
    for (size_t i = 0; i < n && res > written && present > 1; i++) /* never finer than written */
        if (!c->missing[i]) {
            ic_date_res a = ic_date_alignment(c->value[i]);
            res = a < res ? a : res;
        }
    c->date_res = present > 1 ? res : written;
    c->date_utc = mixed;
    c->type = IC_COL_DATE;
    return 1;
}

/* The error for a cell that is not a value of `type`. */
static int not_a(const ic_table *t, const ic_column *c, size_t row, ic_col_type type, ic_error *err)
{
    const char *want = type == IC_COL_NUMBER ? "a number"
                       : type == IC_COL_YEAR ? "a year (a whole number from 1000 to 2999)"
                                             : "a date like 2024-03-31 or 2024-03";
    char nb[64], tb[64];
    ic_cell_pos pos = ic_cell_position(c, row);
    return ic_error_set(err, IC_ERR_DATA, t->path, pos.line, pos.col, "column '%s': expected %s, got '%s'",
                        ic_clip(c->name, nb, sizeof nb), want, ic_clip(ic_cell_text(c, row), tb, sizeof tb));
}

long ic_column_find(const ic_column *c, const char *text)
{
    size_t n = c->table->nrows;
    for (size_t r = 0; r < n; r++)
        if (strcmp(ic_cell_text_brief(c, r), text) == 0) /* (nor for this) */
            return (long)r;
    ic_date d;
    if (c->type != IC_COL_DATE || !ic_date_parse(text, IC_ORDER_ANY, &d))
        return -1;
    for (size_t r = 0; r < n; r++)
        if (!c->missing[r] && fabs(c->value[r] - d.days) < 0.5 / 86400.0)
            return (long)r;
    return -1;
}

/* Checks every cell of a column forced to `type`; fills value[]. */
static int apply_forced(const ic_table *t, ic_column *c, ic_col_type type, ic_error *err)
{
    if (type == IC_COL_DATE) {
        date_fail why;
        if (read_dates(t, c, NULL, &why))
            return 0;
        if (why.ambiguous)
            return ic_cell_error(err, IC_ERR_DATA, t->path, c, why.row,
                                 "column '%s': '%s' could be day/month/year or month/day/year; give \"x_format\"",
                                 c->name, ic_cell_text(c, why.row));
        return not_a(t, c, why.row, type, err);
    }
    for (size_t i = 0; i < t->nrows; i++) {
        if (c->missing[i] || type == IC_COL_TEXT)
            continue;
        int pct = 0;
        if (!parse_as(t, type, ic_cell_text(c, i), &c->value[i], &pct))
            return not_a(t, c, i, type, err);
        c->has_percent |= pct;
    }
    c->type = type;
    return 0;
}

/* A date column whose times named different UTC offsets was turned into
 * UTC (read_dates): a note says so at the first time with an offset. */
static int note_utc(ic_table *t, const ic_column *c)
{
    if (!c->date_utc)
        return 0;
    size_t row = 0;
    ic_date d;
    while (row + 1 < t->nrows &&
           (c->missing[row] || !ic_date_parse(ic_cell_text(c, row), IC_ORDER_ANY, &d) || d.offset == IC_DATE_NO_OFFSET))
        row++;
    ic_cell_pos at = ic_cell_position(c, row);
    char name[64];
    return ic_table_note(t, "%s:%d:%d: note: column '%s': its times name different UTC offsets, so every time is "
                         "drawn in UTC (a time without an offset is taken as UTC)",
                         t->path, at.line, at.col, ic_clip(c->name, name, sizeof name));
}

/* A column read as text whose cells look like dates gets a note at the
 * first cell that was not read (unless most of them do not look like dates:
 * a column of names where one is "May 2020"). */
static int warn_not_dates(ic_table *t, const ic_column *c, const date_fail *why)
{
    size_t looked = 0, like = 0, first = t->nrows;
    for (size_t i = 0; i < t->nrows && looked < 200; i++) {
        if (c->missing[i])
            continue;
        if (looked++ == 0)
            first = i;
        like += (size_t)ic_date_looks_like(ic_cell_text(c, i));
    }
    if (first == t->nrows || !ic_date_looks_like(ic_cell_text(c, first)) || 2 * like < looked)
        return 0;
    size_t row = why->row < t->nrows ? why->row : first;
    ic_cell_pos at = ic_cell_position(c, row);
    char name[64], cell[64];
    ic_clip(c->name, name, sizeof name);
    ic_clip(ic_cell_text(c, row), cell, sizeof cell);
    const char *head = "warning: column '%s' looks like dates but is read as text, so its values are evenly "
                       "spaced categories";
    char lead[256];
    snprintf(lead, sizeof lead, head, name);
    if (why->ambiguous)
        return ic_table_note(t, "%s:%d:%d: %s: '%s' could be day/month/year or month/day/year; say which with "
                             "\"x_format\": \"%%d%c%%m%c%%Y\" or \"%%m%c%%d%c%%Y\"",
                             t->path, at.line, at.col, lead, cell, why->sep, why->sep, why->sep, why->sep);
    if (why->mixed_order)
        return ic_table_note(t, "%s:%d:%d: %s: '%s' reads only as %s while the cells before it read only the "
                             "other way; check the column or give \"x_format\"",
                             t->path, at.line, at.col, lead, cell,
                             ic_date_parse(cell, IC_ORDER_DMY, &(ic_date){0}) ? "day/month/year" : "month/day/year");
    return ic_table_note(t, "%s:%d:%d: %s: '%s' is not a date infochart reads (docs/dates.md lists the forms); "
                         "correct it, or give the format with \"x_format\"",
                         t->path, at.line, at.col, lead, cell);
}

/* infer for a textless column, whose values are read already: every cell
 * is a number written plainly (no '%'), so it is a year column when its
 * numbers are whole, have no decimals and lie in 1000..2999, exactly as
 * parse_year reads their texts. */
static void infer_textless(const ic_table *t, ic_column *c, size_t index)
{
    size_t present = 0;
    int all_year = c->decimals == 0;
    for (size_t i = 0; i < t->nrows; i++) {
        if (c->missing[i])
            continue;
        present++;
        double v = c->value[i];
        all_year = all_year && v >= 1000 && v <= 2999;
    }
    c->date_res = IC_RES_NONE;
    c->has_percent = 0;
    if (present == 0)
        c->type = IC_COL_TEXT; /* every value is NAN already */
    else
        c->type = all_year && (contains_year(c->name) || index == 0) ? IC_COL_YEAR : IC_COL_NUMBER;
}

/* Picks the type that every non-missing cell fits and fills value[]; a
 * column read as text that looks like dates gets a note when `warn`. */
static int infer(ic_table *t, ic_column *c, size_t index, int warn)
{
    size_t present = 0;
    int all_num = 1, all_year = 1, pct_any = 0;
    for (size_t i = 0; i < t->nrows && all_num; i++) {
        if (c->missing[i])
            continue;
        present++;
        double v, y;
        int pct = 0;
        if (parse_as(t, IC_COL_NUMBER, ic_cell_text(c, i), &v, &pct)) {
            c->value[i] = v;
            pct_any |= pct;
            all_year = all_year && !pct && parse_year(ic_cell_text(c, i), &y);
        } else {
            all_num = all_year = 0;
        }
    }
    c->date_res = IC_RES_NONE;
    if (present == 0) {
        c->type = IC_COL_TEXT;
    } else if (all_num) {
        c->type = all_year && (contains_year(c->name) || index == 0) ? IC_COL_YEAR : IC_COL_NUMBER;
        c->has_percent = c->type == IC_COL_NUMBER && pct_any;
        return 0;
    } else {
        date_fail why;
        if (read_dates(t, c, NULL, &why))
            return warn ? note_utc(t, c) : 0;
        c->type = IC_COL_TEXT;
        if (warn && warn_not_dates(t, c, &why) != 0)
            return -1;
    }
    for (size_t i = 0; i < t->nrows; i++)
        c->value[i] = NAN;
    return 0;
}

/* The column of `opt->dates`: every cell must match its format. */
static int apply_format(ic_table *t, ic_column *c, const char *format, ic_error *err)
{
    char why_text[256];
    if (ic_date_format_check(format, why_text, sizeof why_text) != 0)
        return ic_error_set(err, IC_ERR_DATA, t->path, c->header_line, c->header_col,
                            "column '%s': \"x_format\" \"%s\" cannot be used: %s", c->name, format, why_text);
    date_fail why;
    if (read_dates(t, c, format, &why))
        return note_utc(t, c) != 0 ? ic_error_set(err, IC_ERR_NOMEM, t->path, 0, 0, "out of memory") : 0;
    char cell[64];
    return ic_cell_error(err, IC_ERR_DATA, t->path, c, why.row,
                         "column '%s': '%s' does not match \"x_format\": \"%s\"", c->name,
                         ic_clip(ic_cell_text(c, why.row), cell, sizeof cell), format);
}

int ic_table_assign_types(ic_table *t, const ic_csv_options *opt, ic_error *err)
{
    size_t n = t->nrows ? t->nrows : 1;
    if (n > SIZE_MAX / sizeof(double))
        return ic_error_set(err, IC_ERR_NOMEM, t->path, 0, 0, "out of memory");
    for (size_t j = 0; j < t->ncols; j++) {
        ic_column *c = &t->cols[j];
        /* the last override naming this column wins */
        ic_col_type forced = IC_COL_AUTO;
        for (size_t k = 0; opt && k < opt->noverrides; k++)
            if (opt->overrides[k].column && strcmp(opt->overrides[k].column, c->name) == 0)
                forced = opt->overrides[k].type;
        int formatted = opt && opt->dates.format && opt->dates.column && forced != IC_COL_TEXT &&
                        strcmp(opt->dates.column, c->name) == 0;
        c->has_percent = 0;
        c->date_res = IC_RES_NONE;
        c->date_utc = 0;
        if (c->textless && forced == IC_COL_AUTO && !formatted) {
            infer_textless(t, c, j); /* value[] and missing[] were filled while reading */
            continue;
        }
        /* a type given in the spec is checked on the cells' texts */
        if (c->textless && ic_column_materialise(c, t->nrows, n) != 0)
            return ic_error_set(err, IC_ERR_NOMEM, t->path, 0, 0, "out of memory");
        free(c->value);
        free(c->missing);
        c->value = malloc(n * sizeof *c->value);
        c->missing = malloc(n);
        if (!c->value || !c->missing)
            return ic_error_set(err, IC_ERR_NOMEM, t->path, 0, 0, "out of memory");
        for (size_t i = 0; i < t->nrows; i++) {
            c->value[i] = NAN;
            c->missing[i] = (unsigned char)ic_is_missing(ic_cell_text(c, i));
        }
        if (formatted) {
            if (apply_format(t, c, opt->dates.format, err) != 0)
                return -1;
        } else if (forced == IC_COL_AUTO) {
            /* the note is for the chart's x column (every column when none is named) */
            int warn = !opt || !opt->dates.column || strcmp(opt->dates.column, c->name) == 0;
            if (infer(t, c, j, warn) != 0)
                return ic_error_set(err, IC_ERR_NOMEM, t->path, 0, 0, "out of memory");
        } else if (apply_forced(t, c, forced, err) != 0) {
            return -1;
        }
    }
    return 0;
}

void ic_table_free(ic_table *t)
{
    if (!t)
        return;
    for (size_t j = 0; t->cols && j < t->ncols; j++) {
        ic_column *c = &t->cols[j];
        free(c->name);
        free(c->gap);
        free(c->chars);
        free(c->start);
        free(c->value);
        free(c->missing);
    }
    free(t->cols);
    free(t->path);
    free(t->source);
    free(t->source_rows);
    for (size_t i = 0; i < t->nnotes; i++)
        free(t->notes[i]);
    free(t->notes);
    free(t);
}

int ic_table_note(ic_table *t, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    char **grown = realloc(t->notes, (t->nnotes + 1) * sizeof *grown);
    if (!grown)
        return -1;
    t->notes = grown;
    if (!(t->notes[t->nnotes] = ic_strdup(msg)))
        return -1;
    t->nnotes++;
    return 0;
}

int ic_table_find(const ic_table *t, const char *name)
{
    if (!t || !name)
        return -1;
    for (size_t j = 0; j < t->ncols; j++)
        if (t->cols[j].name && strcmp(t->cols[j].name, name) == 0)
            return j > (size_t)INT_MAX ? -1 : (int)j;
    return -1;
}

const char *ic_col_type_name(ic_col_type t)
{
    switch (t) {
    case IC_COL_AUTO: return "auto";
    case IC_COL_NUMBER: return "number";
    case IC_COL_TEXT: return "text";
    case IC_COL_YEAR: return "year";
    case IC_COL_DATE: return "date";
    }
    return "unknown";
}

void ic_table_copy_reading(ic_table *dst, const ic_table *src)
{
    dst->delimiter = src->delimiter;
    dst->delimiter_detected = src->delimiter_detected;
    dst->decimal = src->decimal;
    dst->thousands = src->thousands;
}

ic_table *ic_table_subset(const ic_table *t, const size_t *rows, size_t n, ic_error *err)
{
    ic_table *s = calloc(1, sizeof *s);
    if (!s)
        goto nomem;
    s->path = ic_strdup(t->path);
    s->ncols = t->ncols;
    s->cols = calloc(t->ncols ? t->ncols : 1, sizeof *s->cols);
    if (!s->cols || (t->path && !s->path))
        goto nomem;
    /* positions are found in the same CSV, by the original row numbers */
    ic_table_copy_reading(s, t);
    s->source_len = t->source_len;
    if (t->source) {
        s->source = malloc(t->source_len ? t->source_len : 1);
        if (!s->source)
            goto nomem;
        memcpy(s->source, t->source, t->source_len);
    }
    s->source_rows = malloc((n ? n : 1) * sizeof *s->source_rows);
    if (!s->source_rows)
        goto nomem;
    for (size_t i = 0; i < n; i++)
        s->source_rows[i] = t->source_rows ? t->source_rows[rows[i]] : rows[i];
    s->nrows = n;
    for (size_t j = 0; j < t->ncols; j++) {
        const ic_column *a = &t->cols[j];
        ic_column *b = &s->cols[j];
        b->name = ic_strdup(a->name);
        b->type = a->type;
        b->header_line = a->header_line;
        b->header_col = a->header_col;
        b->has_percent = a->has_percent;
        b->date_res = a->date_res;
        b->date_utc = a->date_utc;
        b->table = s;
        size_t k = n ? n : 1, chars = 1;
        if (ic_column_textless(a)) { /* the subset keeps no text either */
            b->textless = 1;
            b->decimals = a->decimals;
            b->gap = a->gap ? ic_strdup(a->gap) : NULL;
            b->value = malloc(k * sizeof *b->value);
            b->missing = malloc(k * sizeof *b->missing);
            if (!b->name || (a->gap && !b->gap) || !b->value || !b->missing)
                goto nomem;
            for (size_t i = 0; i < n; i++) {
                b->value[i] = a->value[rows[i]];
                b->missing[i] = a->missing[rows[i]];
            }
            continue;
        }
        for (size_t i = 0; i < n; i++)
            chars += strlen(ic_cell_text(a, rows[i])) + 1;
        b->chars = malloc(chars);
        b->chars_cap = chars;
        b->start = malloc(k * sizeof *b->start);
        b->value = malloc(k * sizeof *b->value);
        b->missing = malloc(k * sizeof *b->missing);
        if (!b->name || !b->chars || !b->start || !b->value || !b->missing)
            goto nomem;
        for (size_t i = 0; i < n; i++) {
            size_t r = rows[i];
            const char *text = ic_cell_text(a, r);
            size_t len = strlen(text) + 1;
            memcpy(b->chars + b->nchars, text, len);
            b->start[i] = (uint32_t)b->nchars; /* fits: a subset of a column that fitted */
            b->nchars += len;
            b->value[i] = a->value[r];
            b->missing[i] = a->missing[r];
        }
    }
    return s;
nomem:
    ic_table_free(s);
    ic_error_set(err, IC_ERR_NOMEM, t->path, 0, 0, "out of memory");
    return NULL;
}

int ic_cell_error(ic_error *err, ic_error_code code, const char *file, const ic_column *c, size_t row,
                  const char *fmt, ...)
{
    if (!err || err->code != IC_OK)
        return -1;
    ic_cell_pos pos = ic_cell_position(c, row);
    va_list ap;
    va_start(ap, fmt);
    ic_error_setv(err, code, file, pos.line, pos.col, fmt, ap);
    va_end(ap);
    return -1;
}

int ic_column_rewrite(ic_column *c, size_t nrows, size_t grow, void (*rewrite)(char *text, size_t size, void *ud),
                      void *ud)
{
    if (c->textless && ic_column_materialise(c, nrows, nrows) != 0)
        return -1;
    size_t cap = c->nchars * grow + 1, n = 0, longest = 0;
    for (size_t i = 0; i < nrows; i++) {
        size_t len = strlen(ic_cell_text(c, i));
        longest = len > longest ? len : longest;
    }
    char *chars = malloc(cap);
    uint32_t *start = malloc((nrows ? nrows : 1) * sizeof *start);
    char *scratch = malloc(longest * grow + 1);
    if (!chars || !start || !scratch || cap > UINT32_MAX)
        goto fail;
    for (size_t i = 0; i < nrows; i++) {
        const char *text = ic_cell_text(c, i);
        memcpy(scratch, text, strlen(text) + 1);
        rewrite(scratch, strlen(text) * grow + 1, ud);
        size_t len = strlen(scratch) + 1;
        memcpy(chars + n, scratch, len);
        start[i] = (uint32_t)n;
        n += len;
    }
    free(scratch);
    free(c->chars);
    free(c->start);
    c->chars = chars;
    c->chars_cap = cap;
    c->nchars = n;
    c->start = start;
    return 0;
fail:
    free(chars);
    free(start);
    free(scratch);
    return -1;
}
