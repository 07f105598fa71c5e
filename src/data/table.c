/* Typed columns: number, year and date parsing, type inference and overrides,
 * and the table's lifetime. The CSV driver (csv.c) fills in the cell text and
 * positions, then calls ic_table_assign_types. */
#include "data/table.h"
#include "core/error.h"
#include "core/util.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>


static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The text of `s` without surrounding white space: [*begin, *end). */
static void trim(const char *s, const char **begin, const char **end)
{
    const char *b = s, *e = s + strlen(s);
    while (b < e && is_blank(*b))
        b++;
    while (e > b && is_blank(e[-1]))
        e--;
    *begin = b;
    *end = e;
}

int ic_is_missing(const char *s)
{
    static const struct { const char *text; size_t len; } markers[] = {
        {"NA", 2}, {"N/A", 3}, {"n/a", 3}, {"na", 2}, {"-", 1}, {"..", 2}};
    if (!s)
        return 1;
    const char *b, *e;
    trim(s, &b, &e);
    size_t n = (size_t)(e - b);
    if (n == 0)
        return 1;
    if (n > 3 || is_digit(*b))
        return 0; /* the common case: no marker is that long or starts with a digit */
    for (size_t i = 0; i < sizeof markers / sizeof markers[0]; i++)
        if (markers[i].len == n && memcmp(markers[i].text, b, n) == 0)
            return 1;
    return 0;
}

/* The value of a decimal mantissa `digits[0..k)` (an optional sign, then
 * digits only) times 10^exp, when one IEEE operation gives it correctly
 * rounded: the mantissa is at most 2^53 and the power of ten exact (|exp| <=
 * 22), so the result equals strtod's. Returns 0 when the slow path is needed. */
static int exact_decimal(const char *digits, size_t k, long exp, double *out)
{
    static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    const uint64_t limit = UINT64_C(1) << 53;
    size_t i = 0;
    int neg = 0;
    if (k > 0 && (digits[0] == '+' || digits[0] == '-')) {
        neg = digits[0] == '-';
        i = 1;
    }
    if (exp < -22 || exp > 22)
        return 0;
    uint64_t m = 0;
    for (; i < k; i++) {
        if (m > limit / 10)
            return 0;
        m = m * 10 + (uint64_t)(digits[i] - '0');
    }
    if (m > limit)
        return 0;
    double v = exp < 0 ? (double)m / p10[-exp] : (double)m * p10[exp];
    *out = neg ? -v : v;
    return 1;
}

/* Grammar (after trimming and removing a trailing '%'):
 *   [+-] ( digits | d{1,3} (',' ddd)+ ) [ '.' digits ] [ (e|E) [+-] digits ]
 * with at least one mantissa digit. The digits are handed to strtod without
 * a decimal point (the exponent absorbs it), so the result does not depend on
 * the C locale's decimal separator, and hex, inf and nan never reach strtod. */
int ic_number_parse(const char *s, double *out, int *percent)
{
    if (percent)
        *percent = 0;
    if (ic_is_missing(s))
        return 0;

    const char *p, *end;
    trim(s, &p, &end);
    int pct = 0;
    if (end > p && end[-1] == '%') {
        pct = 1;
        end--;
        while (end > p && is_blank(end[-1]))
            end--;
    }

    int rc = -1;
    char small[128];
    size_t need = (size_t)(end - p) + 32; /* digits, sign, "e", exponent */
    char *buf = need <= sizeof small ? small : malloc(need);
    if (!buf)
        return -1;
    size_t k = 0;

    if (p < end && (*p == '+' || *p == '-'))
        buf[k++] = *p++;

    /* integer part, plain or with thousands groups */
    const char *ds = p;
    size_t mant_digits = 0;
    while (p < end && is_digit(*p))
        buf[k++] = *p++;
    size_t lead = (size_t)(p - ds);
    mant_digits += lead;
    if (p < end && *p == ',') {
        if (lead < 1 || lead > 3 || *ds == '0')
            goto done;
        while (p < end && *p == ',') {
            p++;
            for (int g = 0; g < 3; g++) {
                if (p >= end || !is_digit(*p))
                    goto done;
                buf[k++] = *p++;
            }
            mant_digits += 3;
        }
        if (p < end && is_digit(*p))
            goto done; /* "1,2345" */
    }

    long frac = 0;
    if (p < end && *p == '.') {
        p++;
        while (p < end && is_digit(*p)) {
            buf[k++] = *p++;
            frac++;
        }
        mant_digits += (size_t)frac;
    }
    if (mant_digits == 0)
        goto done;

    long exp = 0;
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        int neg = 0;
        if (p < end && (*p == '+' || *p == '-'))
            neg = *p++ == '-';
        if (p >= end || !is_digit(*p))
            goto done;
        while (p < end && is_digit(*p)) {
            if (exp < 100000000L)
                exp = exp * 10 + (*p - '0');
            p++;
        }
        if (neg)
            exp = -exp;
    }
    if (p != end)
        goto done;

    /* the mantissa may be longer than any sane exponent; keep strtod's input exact */
    if (frac > 100000000L)
        goto done;
    exp -= frac;
    double v;
    if (!exact_decimal(buf, k, exp, &v)) {
        /* `need` left room for it; a cut exponent would be a wrong value */
        int w = snprintf(buf + k, need - k, "e%ld", exp);
        if (w < 0 || (size_t)w >= need - k)
            goto done;
        char *stop = NULL;
        v = strtod(buf, &stop);
        if (!stop || *stop != '\0' || !isfinite(v))
            goto done;
    }
    if (out)
        *out = v;
    if (percent)
        *percent = pct;
    rc = 1;
done:
    if (buf != small)
        free(buf);
    return rc;
}

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
    free(t);
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
