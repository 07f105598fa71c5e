#include "layout/format.h"
#include "data/number.h"
#include "core/util.h"
#include "layout/locale.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MINUS "\xE2\x88\x92" /* U+2212, the typographic minus sign */

/* Fewest decimals (0..max) that show `v` exactly. */
static int decimals_needed(double v, int max)
{
    static const double scale[] = {1, 10, 100, 1000, 1e4, 1e5, 1e6};
    for (int d = 0; d < max && d < 7; d++) {
        double s = v * scale[d];
        if (fabs(s - round(s)) < 1e-6 * fmax(1, fabs(s)))
            return d;
    }
    return max;
}

static void set_compact_unit(ic_numfmt *f, double maxabs, const ic_locale *loc)
{
    /* short units stay Latin ("5M") only for English; other languages use
     * their long word on the axis too */
    int english = loc == ic_locale_for(NULL);
    if (maxabs >= 1e12) {
        f->divisor = 1e12;
        f->unit_long = loc->trillion;
        f->unit_short = english ? "T" : loc->trillion;
    } else if (maxabs >= 1e9) {
        f->divisor = 1e9;
        f->unit_long = loc->billion;
        f->unit_short = english ? "B" : loc->billion;
    } else if (maxabs >= 1e6) {
        f->divisor = 1e6;
        f->unit_long = loc->million;
        f->unit_short = english ? "M" : loc->million;
    } else {
        f->divisor = 1e3;
        f->unit_long = loc->thousand;
        f->unit_short = english ? "K" : loc->thousand;
    }
}

/* 1 when at f's decimals no value other than zero prints as zero and (for
 * up to DISTINCT_MAX values: more are never all labelled) no two
 * different values print alike. */
#define DISTINCT_MAX 1000
static int decimals_tell_apart(const ic_numfmt *f, const ic_table *t, const int *cols, size_t ncols)
{
    double scale = pow(10, f->decimals);
    double seen[DISTINCT_MAX];
    size_t n = 0, total = 0;
    for (size_t c = 0; c < ncols; c++) {
        const ic_column *col = &t->cols[cols[c]];
        for (size_t r = 0; r < t->nrows; r++) {
            double v = col->value[r] * f->multiply / f->divisor;
            if (isnan(v))
                continue;
            if (v != 0 && round(fabs(v) * scale) == 0)
                return 0;
            if (n < DISTINCT_MAX)
                seen[n++] = v;
            total++;
        }
    }
    if (total > DISTINCT_MAX)
        return 1;
    qsort(seen, n, sizeof *seen, ic_compare_doubles);
    for (size_t i = 1; i < n; i++)
        if (seen[i] != seen[i - 1] && round(seen[i] * scale) == round(seen[i - 1] * scale))
            return 0;
    return 1;
}

/* The median absolute value (after `multiply`) of the first values of the
 * columns: enough to know what a typical value is. */
#define TYPICAL_SAMPLE 4096 /* data/reduce.h keeps these rows too (IC_REDUCE_HEAD) */
static double typical_magnitude(const ic_table *t, const int *cols, size_t ncols, double multiply)
{
    double v[TYPICAL_SAMPLE];
    size_t n = 0;
    for (size_t c = 0; c < ncols; c++)
        for (size_t r = 0; r < t->nrows && n < TYPICAL_SAMPLE; r++)
            if (!isnan(t->cols[cols[c]].value[r]))
                v[n++] = fabs(t->cols[cols[c]].value[r] * multiply);
    if (n == 0)
        return 0;
    qsort(v, n, sizeof *v, ic_compare_doubles);
    return v[n / 2];
}

/* The fewest decimals for `f`'s values: those that show every value
 * exactly, up to a style's usual most; then more, up to 6, when fewer would
 * print a value other than zero as zero ("0.00" for 0.004) or two
 * different values alike. */
static void automatic_decimals(ic_numfmt *f, const ic_table *t, const int *cols, size_t ncols, double maxabs)
{
    /* compact numbers are rounded by nature: one decimal while they are
     * small in their unit (3.3 million), none once they reach 100 in it
     * (2,264 million) */
    int max = f->style == IC_NUM_COMPACT ? (maxabs / f->divisor >= 100 ? 0 : 1) : 2;
    f->decimals = 0;
    for (size_t c = 0; c < ncols && f->decimals < max; c++) {
        const ic_column *col = &t->cols[cols[c]];
        for (size_t r = 0; r < t->nrows && f->decimals < max; r++) {
            double v = col->value[r];
            if (isnan(v))
                continue;
            int d = decimals_needed(v * f->multiply / f->divisor, max);
            if (d > f->decimals)
                f->decimals = d;
        }
    }
    while (f->decimals < 6 && !decimals_tell_apart(f, t, cols, ncols))
        f->decimals++;
}

ic_numfmt ic_numfmt_resolve(const ic_number_format *spec, const ic_table *t, const int *cols, size_t ncols)
{
    ic_numfmt f = {0};
    f.style = spec->style;
    f.multiply = spec->multiply != 0 ? spec->multiply : 1;
    f.prefix = spec->prefix;
    f.suffix = spec->suffix;
    f.digits = spec->digits;
    f.sign_always = spec->sign_always;
    f.divisor = 1;

    double maxabs = 0;
    int percent = 0;
    for (size_t c = 0; c < ncols; c++) {
        const ic_column *col = &t->cols[cols[c]];
        percent |= col->has_percent || ic_name_says_percent(col->name);
        for (size_t r = 0; r < t->nrows; r++)
            if (!isnan(col->value[r]))
                maxabs = fmax(maxabs, fabs(col->value[r] * f.multiply));
    }
    if (f.style == IC_NUM_AUTO)
        f.style = percent ? IC_NUM_PERCENT : maxabs >= 1e6 ? IC_NUM_COMPACT : IC_NUM_COMMA;
    /* one unit for the whole measure, the one its typical (median) value
     * reads best in: 7,243 million beside 48 million, not 7.2 billion
     * beside 0.05 billion; the largest value decides when most are small */
    if (f.style == IC_NUM_COMPACT) {
        double typical = typical_magnitude(t, cols, ncols, f.multiply);
        set_compact_unit(&f, typical >= 1e3 ? typical : maxabs, ic_locale_for(spec->lang));
    }

    if (spec->decimals >= 0) {
        f.decimals = spec->decimals;
        return f;
    }
    automatic_decimals(&f, t, cols, ncols, maxabs);
    /* a compact unit the smallest values vanish in ("0.0001 million" for
     * 123 beside 150 million): when the style was not asked for, the
     * numbers are written out in full instead (123 and 150,000,000), one
     * format for the whole measure still */
    if (spec->style == IC_NUM_AUTO && f.style == IC_NUM_COMPACT && f.decimals > 2) {
        f.style = IC_NUM_COMMA;
        f.divisor = 1;
        f.unit_long = f.unit_short = NULL;
        automatic_decimals(&f, t, cols, ncols, maxabs);
    }
    return f;
}

void ic_digits_convert(char *s, size_t size, ic_digits digits)
{
    if (digits == IC_DIGITS_WESTERN)
        return;
    /* each digit grows from one byte to two: rebuild from a copy */
    char src[512];
    snprintf(src, sizeof src, "%s", s);
    unsigned char lead = digits == IC_DIGITS_URDU ? 0xDB : 0xD9;
    unsigned char base = digits == IC_DIGITS_URDU ? 0xB0 : 0xA0; /* U+06F0 / U+0660 */
    size_t o = 0;
    for (const char *p = src; *p; p++) {
        int digit = *p >= '0' && *p <= '9';
        int between = p > src && p[-1] >= '0' && p[-1] <= '9' && p[1] >= '0' && p[1] <= '9';
        /* separators between digits and the percent sign take their Arabic
         * forms: U+066B decimal separator, U+066C thousands separator, U+066A
         * percent sign (an ASCII comma beside U+066B would read as a mix) */
        unsigned char arabic = *p == '.' && between ? 0xAB : *p == ',' && between ? 0xAC : *p == '%' ? 0xAA : 0;
        if (o + (digit || arabic ? 2 : 1) + 1 > size) /* room for it and the final NUL */
            break;
        if (arabic) {
            s[o++] = (char)0xD9;
            s[o++] = (char)arabic;
        } else if (digit) {
            s[o++] = (char)lead;
            s[o++] = (char)(base + (*p - '0'));
        } else {
            s[o++] = *p;
        }
    }
    s[o] = '\0';
}

ic_numfmt ic_numfmt_for_ticks(const ic_numfmt *base, double step)
{
    ic_numfmt f = *base;
    f.short_units = 1;
    f.decimals = decimals_needed(step * f.multiply / f.divisor, 3);
    return f;
}

/* `v` (>= 0) at `decimals` places, rounded half away from zero on its
 * shortest decimal text ("1.005" → "1.01"), as "%.*f" would write it. */
static void round_decimal(double v, int decimals, char *out, size_t size)
{
    /* the fewest significant digits that read back as v */
    char e[40];
    for (int p = 1; p <= 17; p++) {
        snprintf(e, sizeof e, "%.*e", p - 1, v);
        if (strtod(e, NULL) == v)
            break;
    }
    /* e is "d.ddde±x": the digits, and where the point goes */
    char dig[24];
    size_t nd = 0;
    const char *q = e;
    for (; *q && *q != 'e' && nd < sizeof dig; q++)
        if (*q >= '0' && *q <= '9')
            dig[nd++] = *q;
    int point = (*q == 'e' ? atoi(q + 1) : 0) + 1; /* digits before the point */
    /* the number as its integer digits (one "0" below 1) then `decimals`
     * fraction digits; digit i of that is dig[i - shift] (a "0" outside
     * dig) */
    char num[400];
    size_t n = 0;
    int int_digits = point > 0 ? point : 1;
    int shift = point > 0 ? 0 : 1 - point;
    for (int i = 0; i < int_digits + decimals && n + 1 < sizeof num; i++) {
        int k = i - shift;
        num[n++] = k >= 0 && (size_t)k < nd ? dig[k] : '0';
    }
    int kn = int_digits + decimals - shift; /* the first digit dropped */
    int up = kn >= 0 && (size_t)kn < nd && dig[kn] >= '5';
    for (size_t i = n; up && i-- > 0;) {
        if (num[i] == '9') {
            num[i] = '0';
        } else {
            num[i]++;
            up = 0;
        }
    }
    size_t o = 0;
    if (up && o + 1 < size)
        out[o++] = '1'; /* 9.99 → 10.00 */
    for (size_t i = 0; i < n && o + 2 < size; i++) {
        if (i == (size_t)int_digits)
            out[o++] = '.';
        out[o++] = num[i];
    }
    out[o] = '\0';
}

/* Adds comma thousands separators to the integer part of `raw`. */
static void grouped(const char *raw, char *buf, size_t size)
{
    const char *dot = strchr(raw, '.');
    size_t int_len = dot ? (size_t)(dot - raw) : strlen(raw);
    size_t o = 0;
    for (size_t i = 0; i < int_len && o + 2 < size; i++) {
        if (i > 0 && (int_len - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = raw[i];
    }
    for (const char *p = dot; p && *p && o + 1 < size; p++)
        buf[o++] = *p;
    buf[o] = '\0';
}

void ic_numfmt_format(const ic_numfmt *f, double v, char *buf, size_t size)
{
    if (isnan(v)) {
        snprintf(buf, size, "n/a");
        return;
    }
    v *= f->multiply;
    if (f->style == IC_NUM_COMPACT && !f->short_units && v != 0 &&
        round(fabs(v) / f->divisor * pow(10, f->decimals)) == 0) {
        /* too small for the unit ("0.0 million"): write it out in full */
        ic_numfmt full = *f;
        full.style = IC_NUM_COMMA;
        full.multiply = 1;
        full.divisor = 1;
        full.decimals = 0;
        ic_numfmt_format(&full, v, buf, size);
        return;
    }
    double shown = v / f->divisor;
    char raw[400], digits[420];
    round_decimal(fabs(shown), f->decimals, raw, sizeof raw);
    int zero = strtod(raw, NULL) == 0; /* no "−0" after rounding */
    if (f->style == IC_NUM_PLAIN)
        snprintf(digits, sizeof digits, "%s", raw);
    else
        grouped(raw, digits, sizeof digits);
    const char *unit = "";
    if (f->style == IC_NUM_COMPACT && !zero && !f->hide_unit)
        unit = f->short_units ? f->unit_short : f->unit_long;
    /* the sign: − below zero; + above it with "sign": "always" (a "+"
     * prefix, the older way of asking, never follows a minus) */
    int negative = shown < 0 && !zero, plus_prefix = f->prefix && strcmp(f->prefix, "+") == 0;
    const char *sign = negative ? MINUS : !zero && (f->sign_always || plus_prefix) ? "+" : "";
    const char *prefix = f->prefix && !plus_prefix ? f->prefix : "";
    snprintf(buf, size, "%s%s%s%s%s%s", sign, prefix, digits, unit, f->style == IC_NUM_PERCENT ? "%" : "",
             f->suffix ? f->suffix : "");
    ic_digits_convert(buf, size, f->digits);
}

void ic_series_label(const ic_spec *spec, size_t s, char *buf, size_t size)
{
    /* "children_pct" → "Children": drop a unit suffix, underscores to spaces,
     * capital first letter */
    const char *name = spec->y[s];
    size_t n = strlen(name);
    static const char *const suffixes[] = {"_pct", "_percent", "_share", "_millions", "_thousands", "_count"};
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
        size_t k = strlen(suffixes[i]);
        if (n > k && strcasecmp(name + n - k, suffixes[i]) == 0) {
            n -= k;
            break;
        }
    }
    if (n >= size)
        n = size - 1;
    for (size_t i = 0; i < n; i++)
        buf[i] = name[i] == '_' ? ' ' : name[i];
    buf[n] = '\0';
    if (buf[0] >= 'a' && buf[0] <= 'z')
        buf[0] = (char)(buf[0] - 'a' + 'A');
}

void ic_format_share(double pct, int decimals, char *buf, size_t size)
{
    if (pct > 0 && pct < 1 && decimals < 1)
        decimals = 1;
    if (pct > 0 && pct < 0.1)
        snprintf(buf, size, "<0.1%%");
    else
        snprintf(buf, size, "%.*f%%", decimals, pct);
}

void ic_template_expand(const char *tpl, const char *const *names, const char *const *values, size_t n,
                        char *out, size_t size)
{
    size_t o = 0;
    out[0] = '\0';
    for (const char *p = tpl; *p && o + 1 < size;) {
        const char *rep = NULL;
        size_t skip = 0;
        const char *end = *p == '{' ? strchr(p, '}') : NULL;
        for (size_t i = 0; end && i < n && !rep; i++)
            if (strlen(names[i]) == (size_t)(end - p - 1) && strncmp(p + 1, names[i], strlen(names[i])) == 0) {
                rep = values[i];
                skip = (size_t)(end - p + 1);
            }
        if (!rep) {
            out[o++] = *p++;
            out[o] = '\0';
            continue;
        }
        size_t rl = strlen(rep);
        if (o + rl >= size)
            break;
        memcpy(out + o, rep, rl + 1);
        o += rl;
        p += skip;
    }
}

void ic_format_one_in(double share, const char *lang, ic_digits digits, char *buf, size_t size)
{
    const ic_locale *loc = ic_locale_for(lang);
    char m[16], n[16];
    static const char *const names[] = {"m", "n"};
    const char *values[] = {m, n};
    double k = share > 0 ? round(1 / share) : 0;
    if (k >= 2 && fabs(share - 1 / k) <= 0.05 * share) {
        snprintf(n, sizeof n, "%.0f", k);
        snprintf(buf, size, loc->one_in, n);
    } else {
        /* the closest fraction with a denominator up to 10 (the smaller
         * denominator on a tie), if it is within 5 % */
        int best_num = 0, best_den = 0;
        double best = 0.05 * share;
        for (int den = 2; den <= 10 && share > 0 && share < 1; den++)
            for (int num = 1; num < den; num++)
                if (fabs(share - (double)num / den) < best - 1e-12 ||
                    (!best_den && fabs(share - (double)num / den) <= best)) {
                    best = fabs(share - (double)num / den);
                    best_num = num;
                    best_den = den;
                }
        int found = best_den > 0;
        if (found) {
            snprintf(m, sizeof m, "%d", best_num);
            snprintf(n, sizeof n, "%d", best_den);
            ic_template_expand(loc->m_in_n, names, values, 2, buf, size);
        }
        if (!found && share > 0 && share < 0.5) {
            snprintf(n, sizeof n, "%.0f", ceil(1 / share));
            ic_template_expand(loc->more_than, names, values, 2, buf, size);
        } else if (!found) {
            ic_format_share(share * 100, 0, buf, size);
        }
    }
    ic_digits_convert(buf, size, digits);
}
