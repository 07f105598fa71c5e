/* Trend notes: the change between two points of a series, computed from the
 * data each time the chart is drawn. */
#include "layout/trend.h"
#include "layout/locale.h"
#include "core/error.h"
#include "core/util.h"
#include "layout/format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MINUS "\xE2\x88\x92" /* U+2212 */
#define TIMES "\xC3\x97"     /* U+00D7 */
#define EN_DASH "\xE2\x80\x93"

static const char *const placeholders[] = {"change", "from", "to", "from_value", "to_value"};
#define NPLACEHOLDERS (sizeof placeholders / sizeof *placeholders)

long ic_trend_index(const ic_spec *spec, const ic_trend *t)
{
    for (size_t i = 0; i < spec->ntrends; i++)
        if (&spec->trends[i] == t)
            return (long)i;
    return -1;
}

/* "trend[1]" (or "trend" for a single object / a trend not from the spec). */
static const char *trend_name(const ic_spec *spec, const ic_trend *t, char *buf, size_t size)
{
    long i = ic_trend_index(spec, t);
    if (i < 0 || spec->ntrends == 1)
        snprintf(buf, size, "trend");
    else
        snprintf(buf, size, "trend[%ld]", i);
    return buf;
}

/* Position of a row in x order: for year/date/number x columns the x value
 * itself, for text columns the row index. */
static double x_key(const ic_column *xc, size_t row)
{
    if ((xc->type == IC_COL_YEAR || xc->type == IC_COL_DATE || xc->type == IC_COL_NUMBER) &&
        !isnan(xc->value[row]))
        return xc->value[row];
    return (double)row;
}

static int x_is_numeric(const ic_column *xc)
{
    return xc->type == IC_COL_YEAR || xc->type == IC_COL_DATE || xc->type == IC_COL_NUMBER;
}


/* Copies `s` into `buf`, cutting at a UTF-8 character boundary. */
static void copy_clipped(char *buf, size_t size, const char *s)
{
    size_t n = strlen(s);
    if (n >= size) {
        n = size - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(buf, s, n);
    buf[n] = '\0';
}

/* `v` with at most `decimals` digits, trailing zeros of the fraction kept
 * only when `keep` (so "×2.0" stays, "+4.0%" becomes "+4%"). */
static void signed_number(double v, int decimals, int keep, int with_plus, const char *unit, char *buf,
                          size_t size)
{
    double scale = pow(10, decimals);
    double shown = round(fabs(v) * scale) / scale;
    char digits[64];
    snprintf(digits, sizeof digits, "%.*f", decimals, shown);
    if (!keep && strchr(digits, '.')) {
        char *end = digits + strlen(digits) - 1;
        while (*end == '0')
            *end-- = '\0';
        if (*end == '.')
            *end = '\0';
    }
    const char *sign = shown == 0 ? "" : v < 0 ? MINUS : with_plus ? "+" : "";
    snprintf(buf, size, "%s%.40s%s", sign, digits, unit);
}

static int check_template(const ic_spec *spec, const ic_trend *t, ic_error *err)
{
    const char *p = t->label;
    while (p && (p = strchr(p, '{')) != NULL) {
        const char *end = strchr(p, '}');
        if (!end)
            break;
        size_t n = (size_t)(end - p - 1);
        int known = 0;
        for (size_t i = 0; i < NPLACEHOLDERS && !known; i++)
            known = strlen(placeholders[i]) == n && strncmp(p + 1, placeholders[i], n) == 0;
        if (!known) {
            char name[32], tmp[80];
            copy_clipped(tmp, n + 1 < sizeof tmp ? n + 1 : sizeof tmp, p + 1);
            return ic_error_set(err, IC_ERR_SPEC, spec->path, t->pos.line, t->pos.column,
                                "%s: unknown placeholder '{%s}' in 'label' (use {change}, {from}, {to}, "
                                "{from_value} or {to_value})",
                                trend_name(spec, t, name, sizeof name), tmp);
        }
        p = end + 1;
    }
    return 0;
}

int ic_trend_compute(const ic_spec *spec, const ic_table *table, const ic_trend *t, ic_trend_result *out,
                     ic_error *err)
{
    char name[32];
    memset(out, 0, sizeof *out);
    trend_name(spec, t, name, sizeof name);
    out->show = t->show;
    out->series = 0;
    out->since = ic_locale_for(spec->lang)->since;
    if (t->series) {
        size_t s = 0;
        while (s < spec->ny && strcmp(spec->y[s], t->series) != 0)
            s++;
        if (s == spec->ny)
            return ic_error_set(err, IC_ERR_SPEC, spec->path, t->pos_series.line, t->pos_series.column,
                                "%s: series '%s' is not one of the 'y' columns", name, t->series);
        out->series = s;
    }
    int xi = ic_table_find(table, spec->x);
    int yi = ic_table_find(table, spec->y[out->series]);
    if (xi < 0 || yi < 0)
        return ic_error_set(err, IC_ERR_SPEC, spec->path, t->pos.line, t->pos.column,
                            "%s: the columns of the spec are not in the data", name);
    const ic_column *xc = &table->cols[xi], *yc = &table->cols[yi];
    if (check_template(spec, t, err) != 0)
        return -1;

    /* from / to rows: given, or the first and last rows (in x order) with a value */
    long from = -1, to = -1;
    size_t nvalues = 0;
    for (size_t r = 0; r < table->nrows; r++) {
        if (isnan(yc->value[r]))
            continue;
        nvalues++;
        if (from < 0 || x_key(xc, r) < x_key(xc, (size_t)from))
            from = (long)r;
        if (to < 0 || x_key(xc, r) > x_key(xc, (size_t)to))
            to = (long)r;
    }
    long last = to;
    if (nvalues < 2 && !(t->from && t->to))
        return ic_error_set(err, IC_ERR_DATA, spec->path, t->pos.line, t->pos.column,
                            "%s: column '%s' has %s value, so there is no change to show", name, yc->name,
                            nvalues == 0 ? "no" : "only one");
    if (t->from) {
        from = ic_column_find(xc, t->from);
        if (from < 0)
            return ic_error_set(err, IC_ERR_SPEC, spec->path, t->pos_from.line, t->pos_from.column,
                                "%s: 'from' %s is not a value of column '%s'", name, t->from, xc->name);
    }
    if (t->to) {
        to = ic_column_find(xc, t->to);
        if (to < 0)
            return ic_error_set(err, IC_ERR_SPEC, spec->path, t->pos_to.line, t->pos_to.column,
                                "%s: 'to' %s is not a value of column '%s'", name, t->to, xc->name);
    }
    const struct { long row; ic_pos pos; const char *what; } ends[2] = {
        {from, t->pos_from, "from"}, {to, t->pos_to, "to"}};
    for (int e = 0; e < 2; e++) {
        size_t r = (size_t)ends[e].row;
        if (!isnan(yc->value[r]))
            continue;
        ic_pos p = ends[e].pos.line ? ends[e].pos : t->pos;
        ic_cell_pos at = ic_cell_position(yc, r);
        return ic_error_set(err, IC_ERR_DATA, spec->path, p.line, p.column,
                            "%s: column '%s' has no value for '%s' %s (%s:%d:%d is empty), so the change "
                            "cannot be computed",
                            name, yc->name, ends[e].what, ic_cell_text(xc, r), spec->data ? spec->data : table->path,
                            at.line, at.col);
    }
    if (from == to || x_key(xc, (size_t)from) >= x_key(xc, (size_t)to)) {
        ic_pos p = t->pos_to.line ? t->pos_to : t->pos_from.line ? t->pos_from : t->pos;
        return ic_error_set(err, IC_ERR_SPEC, spec->path, p.line, p.column,
                            "%s: 'from' (%s) must come before 'to' (%s)%s", name, ic_cell_text(xc, from), ic_cell_text(xc, to),
                            x_is_numeric(xc) ? "" : " in the order of the rows");
    }
    out->from_row = (size_t)from;
    out->to_row = (size_t)to;
    out->to_is_last = to == last;
    out->from_value = yc->value[from];
    out->to_value = yc->value[to];
    if (xc->type == IC_COL_DATE) {
        /* written as the axis writes dates: "since 2004", "since Mar 2004" */
        ic_date_text_full(xc->value[from], xc->date_res, spec->lang, out->from_text, sizeof out->from_text);
        ic_date_text_full(xc->value[to], xc->date_res, spec->lang, out->to_text, sizeof out->to_text);
        ic_digits_convert(out->from_text, sizeof out->from_text, spec->digits);
        ic_digits_convert(out->to_text, sizeof out->to_text, spec->digits);
    } else {
        copy_clipped(out->from_text, sizeof out->from_text, ic_cell_text(xc, from));
        copy_clipped(out->to_text, sizeof out->to_text, ic_cell_text(xc, to));
    }

    ic_numfmt fmt = ic_numfmt_resolve(&spec->number, table, &yi, 1);
    ic_numfmt_format(&fmt, out->from_value, out->from_value_text, sizeof out->from_value_text);
    ic_numfmt_format(&fmt, out->to_value, out->to_value_text, sizeof out->to_value_text);

    double a = out->from_value, b = out->to_value;
    char av[64];
    ic_numfmt_format(&fmt, a, av, sizeof av);
    switch (t->show) {
    case IC_TREND_RATIO:
        if (a == 0)
            return ic_error_set(err, IC_ERR_DATA, spec->path, t->pos.line, t->pos.column,
                                "%s: a ratio from %s (%s) divides by zero; use \"show\": \"difference\"", name,
                                av, ic_cell_text(xc, from));
        if (a < 0 || b < 0)
            return ic_error_set(err, IC_ERR_DATA, spec->path, t->pos.line, t->pos.column,
                                "%s: a ratio of a negative value (%s %s, %s %s) means nothing; use \"show\": "
                                "\"difference\"",
                                name, ic_cell_text(xc, from), av, ic_cell_text(xc, to), out->to_value_text);
        out->change = b / a;
        signed_number(out->change, out->change < 9.95 ? 1 : 0, 1, 0, "", out->change_text + strlen(TIMES),
                      sizeof out->change_text - strlen(TIMES));
        memcpy(out->change_text, TIMES, strlen(TIMES));
        break;
    case IC_TREND_PERCENT:
        if (a == 0)
            return ic_error_set(err, IC_ERR_DATA, spec->path, t->pos.line, t->pos.column,
                                "%s: a percent change from %s (%s) divides by zero; use \"show\": \"difference\"",
                                name, av, ic_cell_text(xc, from));
        if (a < 0)
            return ic_error_set(err, IC_ERR_DATA, spec->path, t->pos.line, t->pos.column,
                                "%s: a percent change from a negative value (%s %s) is ambiguous; use \"show\": "
                                "\"difference\"",
                                name, ic_cell_text(xc, from), av);
        out->change = (b - a) / a * 100;
        signed_number(out->change, fabs(out->change) < 9.95 ? 1 : 0, 0, 1, "%", out->change_text,
                      sizeof out->change_text);
        break;
    case IC_TREND_POINTS: {
        if (fmt.style != IC_NUM_PERCENT)
            return ic_error_set(err, IC_ERR_SPEC, spec->path, t->pos.line, t->pos.column,
                                "%s: \"points\" are a difference of percentages, but column '%s' is not a "
                                "percentage; use \"difference\" or \"number\": \"percent\"",
                                name, yc->name);
        out->change = b - a;
        double shown = out->change * fmt.multiply;
        double scale = pow(10, fmt.decimals);
        double rounded = round(fabs(shown) * scale) / scale;
        signed_number(shown, fmt.decimals, 0, 1, rounded == 1 ? " pt" : " pts", out->change_text,
                      sizeof out->change_text);
        break;
    }
    case IC_TREND_DIFFERENCE: {
        out->change = b - a;
        char num[64];
        ic_numfmt_format(&fmt, out->change, num, sizeof num);
        /* the format writes "−" itself; increases get a "+" */
        int plus = strncmp(num, MINUS, strlen(MINUS)) != 0 && out->change * fmt.multiply != 0;
        char zero[64];
        ic_numfmt_format(&fmt, 0, zero, sizeof zero);
        if (plus && strcmp(num, zero) == 0)
            plus = 0;
        snprintf(out->change_text, sizeof out->change_text, "%s%.60s", plus ? "+" : "", num);
        break;
    }
    }
    ic_digits_convert(out->change_text, sizeof out->change_text, spec->digits);
    ic_trend_format(out, t->label, out->label, sizeof out->label);
    return 0;
}

void ic_trend_format(const ic_trend_result *r, const char *tmpl, char *buf, size_t size)
{
    char def[64];
    if (!tmpl) {
        if (r->to_is_last)
            snprintf(def, sizeof def, "%s", r->since ? r->since : "{change} since {from}");
        else
            snprintf(def, sizeof def, "{change}, {from}" EN_DASH "{to}");
        tmpl = def;
    }
    const char *values[NPLACEHOLDERS] = {r->change_text, r->from_text, r->to_text, r->from_value_text,
                                         r->to_value_text};
    char out[1024];
    ic_template_expand(tmpl, placeholders, values, NPLACEHOLDERS, out, sizeof out);
    copy_clipped(buf, size, out);
}
