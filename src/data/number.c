/* Numbers as people write them in CSV cells, and missing-value markers. */
#include "data/table.h"
#include "data/scan.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
