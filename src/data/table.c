/* Typed columns: year and date parsing (numbers: number.c), type inference and overrides,
 * and the table's lifetime. The CSV driver (csv.c) fills in the cell text and
 * positions, then calls ic_table_assign_types. */
#include "data/table.h"
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

/* Days from 1970-01-01 to the proleptic Gregorian date y-m-d (UTC). Counts
 * in 400-year eras of 146097 days, with years starting in March so the leap
 * day falls at the end. */
static long days_from_civil(long y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;                          /* 0..399 */
    long mp = m > 2 ? m - 3 : m + 9;                   /* March = 0 */
    long doy = (153 * mp + 2) / 5 + d - 1;             /* 0..365 */
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;  /* 0..146096 */
    return era * 146097 + doe - 719468;
}

static int days_in_month(int y, int m)
{
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dim[m - 1];
}

static int digits_at(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!is_digit(s[i]))
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 1;
}

/* ISO YYYY-MM-DD or YYYY-MM (the first of the month). */
static int parse_date(const char *s, double *out)
{
    const char *b, *e;
    trim(s, &b, &e);
    size_t n = (size_t)(e - b);
    int y, m, d = 1;
    if (n != 7 && n != 10)
        return 0;
    if (!digits_at(b, 4, &y) || b[4] != '-' || !digits_at(b + 5, 2, &m))
        return 0;
    if (n == 10 && (b[7] != '-' || !digits_at(b + 8, 2, &d)))
        return 0;
    if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return 0;
    *out = (double)days_from_civil(y, m, d);
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
static int parse_as(ic_col_type type, const char *text, double *value, int *pct)
{
    *pct = 0;
    if (type == IC_COL_NUMBER)
        return ic_number_parse(text, value, pct) == 1;
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
        const char *text = ic_cell_text(c, i);
        double v;
        int pct;
        if (!ic_is_missing(text) && !parse_as(type, text, &v, &pct))
            return i;
    }
    return n;
}

/* Checks every cell of a column forced to `type`; fills value[]. */
static int apply_forced(const ic_table *t, ic_column *c, ic_col_type type, ic_error *err)
{
    for (size_t i = 0; i < t->nrows; i++) {
        if (c->missing[i] || type == IC_COL_TEXT)
            continue;
        int pct = 0;
        if (!parse_as(type, ic_cell_text(c, i), &c->value[i], &pct)) {
            const char *want = type == IC_COL_NUMBER ? "a number"
                               : type == IC_COL_YEAR ? "a year (a whole number from 1000 to 2999)"
                                                     : "a date like 2024-03-31 or 2024-03";
            char nb[64], tb[64];
            ic_cell_pos pos = ic_cell_position(c, i);
            return ic_error_set(err, IC_ERR_DATA, t->path, pos.line, pos.col,
                                "column '%s': expected %s, got '%s'", ic_clip(c->name, nb, sizeof nb),
                                want, ic_clip(ic_cell_text(c, i), tb, sizeof tb));
        }
        c->has_percent |= pct;
    }
    c->type = type;
    return 0;
}

/* Picks the type that every non-missing cell fits and fills value[]. */
static void infer(const ic_table *t, ic_column *c, size_t index)
{
    size_t present = 0;
    int all_num = 1, all_year = 1, all_date = 1, pct_any = 0;
    for (size_t i = 0; i < t->nrows && (all_num || all_date); i++) {
        if (c->missing[i])
            continue;
        present++;
        double v, y;
        int pct = 0;
        if (all_num) {
            if (ic_number_parse(ic_cell_text(c, i), &v, &pct) == 1) {
                c->value[i] = v;
                pct_any |= pct;
                all_year = all_year && !pct && parse_year(ic_cell_text(c, i), &y);
            } else {
                all_num = all_year = 0;
            }
        }
        if (all_date)
            all_date = parse_date(ic_cell_text(c, i), &v);
    }

    if (present == 0 || (!all_num && !all_date)) {
        c->type = IC_COL_TEXT;
    } else if (all_num) {
        c->type = all_year && (contains_year(c->name) || index == 0) ? IC_COL_YEAR : IC_COL_NUMBER;
        c->has_percent = c->type == IC_COL_NUMBER && pct_any;
    } else {
        c->type = IC_COL_DATE;
        for (size_t i = 0; i < t->nrows; i++)
            if (!c->missing[i])
                parse_date(ic_cell_text(c, i), &c->value[i]);
    }
    if (c->type == IC_COL_TEXT)
        for (size_t i = 0; i < t->nrows; i++)
            c->value[i] = NAN;
}

int ic_table_assign_types(ic_table *t, const ic_csv_options *opt, ic_error *err)
{
    size_t n = t->nrows ? t->nrows : 1;
    if (n > SIZE_MAX / sizeof(double))
        return ic_error_set(err, IC_ERR_NOMEM, t->path, 0, 0, "out of memory");
    for (size_t j = 0; j < t->ncols; j++) {
        ic_column *c = &t->cols[j];
        c->value = malloc(n * sizeof *c->value);
        c->missing = malloc(n);
        if (!c->value || !c->missing)
            return ic_error_set(err, IC_ERR_NOMEM, t->path, 0, 0, "out of memory");
        for (size_t i = 0; i < t->nrows; i++) {
            c->value[i] = NAN;
            c->missing[i] = (unsigned char)ic_is_missing(ic_cell_text(c, i));
        }
        c->has_percent = 0;

        /* the last override naming this column wins */
        ic_col_type forced = IC_COL_AUTO;
        for (size_t k = 0; opt && k < opt->noverrides; k++)
            if (opt->overrides[k].column && strcmp(opt->overrides[k].column, c->name) == 0)
                forced = opt->overrides[k].type;

        if (forced == IC_COL_AUTO)
            infer(t, c, j);
        else if (apply_forced(t, c, forced, err) != 0)
            return -1;
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
    s->delimiter = t->delimiter;
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
        b->table = s;
        size_t k = n ? n : 1, chars = 1;
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
