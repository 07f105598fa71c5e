/* Numbers as people write them in CSV cells, and missing-value markers. */
#include "data/number.h"
#include "data/table.h"
#include "data/scan.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* 1 when the trimmed text [b, e) is a missing-value marker. */
static inline int missing_span(const char *b, const char *e)
{
    static const struct { const char *text; size_t len; } markers[] = {
        {"NA", 2}, {"N/A", 3}, {"n/a", 3}, {"na", 2}, {"-", 1}, {"..", 2}};
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

int ic_is_missing(const char *s)
{
    if (!s)
        return 1;
    const char *b, *e;
    trim(s, &b, &e);
    return missing_span(b, e);
}

/* The value of a decimal mantissa `digits[0..k)` (an optional sign, then
 * digits only) times 10^exp, when one IEEE operation gives it correctly
 * rounded: the mantissa is at most 2^53 and the power of ten exact (|exp| <=
 * 22), so the result equals strtod's. Returns 0 when the slow path is needed. */
static inline int exact_decimal(const char *digits, size_t k, long exp, double *out)
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

/* Which thousands separators a parse accepts (one of them per number). */
enum {
    GROUP_COMMA = 1,
    GROUP_DOT = 2,
    GROUP_SPACE = 4,  /* ' ', U+00A0, U+202F */
    GROUP_APOS = 8
};

/* Bytes of an accepted thousands separator at p (before end), else 0. */
static inline size_t group_at(const char *p, const char *end, unsigned groups)
{
    unsigned char c = (unsigned char)*p;
    if (c == ',')
        return groups & GROUP_COMMA ? 1 : 0;
    if (c == '.')
        return groups & GROUP_DOT ? 1 : 0;
    if (c == '\'')
        return groups & GROUP_APOS ? 1 : 0;
    if (!(groups & GROUP_SPACE))
        return 0;
    if (c == ' ')
        return 1;
    if (c == 0xC2 && end - p >= 2 && (unsigned char)p[1] == 0xA0)
        return 2;
    if (c == 0xE2 && end - p >= 3 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0xAF)
        return 3;
    return 0;
}

/* Grammar (after trimming and removing a trailing '%'), with D the decimal
 * separator and G one of the accepted thousands separators:
 *   [+-] ( digits | d{1,3} (G ddd)+ ) [ D digits ] [ (e|E) [+-] digits ]
 * with at least one mantissa digit and the same G throughout. The digits are
 * handed to strtod without a decimal point (the exponent absorbs it), so the
 * result does not depend on the C locale's decimal separator, and hex, inf
 * and nan never reach strtod. ic_number_parse, the common case, has its own
 * copy compiled for its constant separators (flatten: an ordinary inline
 * let GCC split it into a wrapper and a part, which cost more than it saved). */
static inline int parse_number(const char *s, double *out, int *percent, char dec,
                               unsigned groups)
{
    if (percent)
        *percent = 0;
    const char *p, *end;
    trim(s, &p, &end); /* once, for the marker check too */
    if (missing_span(p, end))
        return 0;
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
    size_t glen = p < end ? group_at(p, end, groups) : 0;
    if (glen) {
        const char *g = p; /* every separator of this number is the same as this one */
        if (lead < 1 || lead > 3 || *ds == '0')
            goto done;
        while ((size_t)(end - p) >= glen && memcmp(p, g, glen) == 0) {
            p += glen;
            for (int i = 0; i < 3; i++) {
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
    if (p < end && *p == dec) {
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

__attribute__((flatten)) int ic_number_parse(const char *s, double *out, int *percent)
{
    return parse_number(s, out, percent, '.', GROUP_COMMA);
}

int ic_number_parse_other(const char *s, double *out, int *percent, char decimal, int thousands)
{
    char dec = decimal == ',' ? ',' : '.';
    unsigned groups;
    switch (thousands) {
    case 0: groups = dec == '.' ? GROUP_COMMA : GROUP_DOT | GROUP_SPACE; break;
    case ',': groups = GROUP_COMMA; break;
    case '.': groups = GROUP_DOT; break;
    case ' ': groups = GROUP_SPACE; break;
    case '\'': groups = GROUP_APOS; break;
    default: groups = 0; break; /* -1: none */
    }
    if ((dec == ',' && (groups & GROUP_COMMA)) || (dec == '.' && (groups & GROUP_DOT)))
        groups = 0; /* the same character cannot be both */
    if (dec == '.' && groups == GROUP_COMMA)
        return ic_number_parse(s, out, percent); /* the default, specialised */
    return parse_number(s, out, percent, dec, groups);
}

int ic_name_says_percent(const char *name)
{
    static const char *const ends[] = {"pct", "percent", "percentage", "%"};
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof ends / sizeof *ends; i++) {
        size_t k = strlen(ends[i]);
        if (n >= k && strcasecmp(name + n - k, ends[i]) == 0)
            return 1;
    }
    return 0;
}
