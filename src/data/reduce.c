/* Thinning the rows of a line chart's table to its M4 buckets (see
 * data/reduce.h for the design). */
#include "data/reduce.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

static int is_gap(const ic_column *c, size_t i)
{
    return (c->missing && c->missing[i]) || isnan(c->value[i]);
}

/* The decimals v is written with, as layout/format.c counts them (up to 6;
 * 7 for more). */
static int decimals_of(double v)
{
    static const double scale[] = {1, 10, 100, 1000, 1e4, 1e5, 1e6};
    for (int d = 0; d < 7; d++) {
        double s = v * scale[d];
        if (fabs(s - round(s)) < 1e-6 * fmax(1, fabs(s)))
            return d;
    }
    return 7;
}

/* Rows the number format of the y values is chosen from (layout/format.c,
 * ic_numfmt_resolve), so the reduced table formats its numbers as the whole
 * one would: per series the smallest value other than zero (the decimals
 * that keep it from printing as 0) and the first value with the most
 * decimals; and every row until the first y has IC_REDUCE_HEAD values (its
 * typical value, from the first 4,096, and the alt text's first rows). */
static void keep_format_rows(ic_reducer *r, const ic_table *t, unsigned char *keep)
{
    size_t n = t->nrows;
    for (size_t i = 0; i < n && r->head < IC_REDUCE_HEAD; i++) {
        size_t src = t->source_rows ? t->source_rows[i] : i;
        if (src < r->head_rows) /* counted at an earlier thinning */
            continue;
        r->head_rows = src + 1;
        r->head += !isnan(t->cols[r->ycols[0]].value[i]);
    }
    for (size_t i = 0; i < n; i++) {
        size_t src = t->source_rows ? t->source_rows[i] : i;
        if (src >= r->head_rows)
            break;
        keep[i] = 1;
    }
    for (size_t s = 0; s < r->ny; s++) {
        const ic_column *c = &t->cols[r->ycols[s]];
        const double *v = c->value;
        size_t small = SIZE_MAX, most = SIZE_MAX;
        /* no value has more decimals than its cells were written with */
        int most_d = -1, cap = c->decimals >= 0 && c->decimals < 7 ? c->decimals : 7;
        for (size_t i = 0; i < n; i++) {
            if (isnan(v[i]))
                continue;
            if (v[i] != 0 && (small == SIZE_MAX || fabs(v[i]) < fabs(v[small])))
                small = i;
            if (most_d < cap) {
                int d = decimals_of(v[i]);
                if (d > most_d)
                    most_d = d, most = i;
            }
        }
        if (small != SIZE_MAX)
            keep[small] = 1;
        if (most != SIZE_MAX)
            keep[most] = 1;
    }
}

size_t ic_reduce_rows(ic_reducer *r, ic_table *t)
{
    size_t n = t->nrows;
    if (n < 3)
        return n;
    const double *x = t->cols[r->xcol].value;
    if (r->w == 0) { /* the first thinning sets the grid: `buckets` buckets over x so far */
        r->x0 = x[0];
        r->w = (x[n - 1] - x[0]) / (double)r->buckets;
        if (!(r->w > 0))
            return n;
    }
    /* fewer than 2 x `buckets` buckets: merge them pairwise (double w) as x grows */
    while ((x[n - 1] - r->x0) / r->w >= 2.0 * (double)r->buckets)
        r->w *= 2;
    unsigned char *keep = calloc(n, 1);
    if (!keep)
        return SIZE_MAX;
    keep_format_rows(r, t, keep);
    for (size_t i = 0; i < n;) {
        double b = floor((x[i] - r->x0) / r->w);
        size_t j = i + 1;
        while (j < n && floor((x[j] - r->x0) / r->w) == b)
            j++;
        keep[i] = keep[j - 1] = 1; /* the bucket's first and last rows */
        for (size_t s = 0; s < r->ny; s++) {
            const ic_column *c = &t->cols[r->ycols[s]];
            size_t lo = SIZE_MAX, hi = SIZE_MAX;
            for (size_t k = i; k < j; k++) {
                if (is_gap(c, k)) { /* a break in the line: the gap and its neighbours */
                    keep[k] = 1;
                    if (k > 0)
                        keep[k - 1] = 1;
                    if (k + 1 < n)
                        keep[k + 1] = 1;
                    continue;
                }
                if (lo == SIZE_MAX || c->value[k] < c->value[lo])
                    lo = k;
                if (hi == SIZE_MAX || c->value[k] > c->value[hi])
                    hi = k;
            }
            if (lo != SIZE_MAX)
                keep[lo] = keep[hi] = 1;
        }
        i = j;
    }
    /* move the kept rows down, every column alike */
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (!keep[i])
            continue;
        for (size_t j = 0; j < t->ncols; j++) {
            ic_column *c = &t->cols[j];
            c->value[m] = c->value[i];
            if (c->missing)
                c->missing[m] = c->missing[i];
        }
        if (t->source_rows)
            t->source_rows[m] = t->source_rows[i];
        m++;
    }
    /* rows past m of missing[] must read 0 again (the reader writes only 1s) */
    for (size_t j = 0; j < t->ncols; j++)
        if (t->cols[j].missing)
            for (size_t i = m; i < n; i++)
                t->cols[j].missing[i] = 0;
    free(keep);
    t->nrows = m;
    return m;
}
