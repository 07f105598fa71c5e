/* Trend notes computed from the data at render time ("×2.9 since 2004",
 * "+192%", "+25 pts"), so a new CSV can never leave a stale claim on a chart.
 * Usable by every x/y kind: the computation knows nothing about drawing. */
#ifndef IC_LAYOUT_TREND_H
#define IC_LAYOUT_TREND_H

#include <stddef.h>
#include "spec/spec.h"
#include "data/table.h"

typedef struct ic_trend_result {
    ic_trend_show show;
    size_t series;          /* index into spec->y */
    size_t from_row, to_row;/* data rows (0-based) */
    double from_value, to_value;
    /* ratio: to / from; percent: (to − from) / from × 100; points and
     * difference: to − from (in the column's units, before `number.multiply`) */
    double change;
    char change_text[64];   /* "×2.9", "+192%", "−4 pts", "+1.2 million" */
    char from_text[128], to_text[128];             /* the x values as in the CSV */
    char from_value_text[64], to_value_text[64];   /* formatted like the series */
    int to_is_last;         /* 'to' is the series' last value (default label says "since") */
    const char *since;      /* the default label in the chart's language ("{change} since {from}") */
    char label[512];        /* the label template filled in */
} ic_trend_result;

/* Computes trend `t` (one of spec->trends, or any ic_trend whose from/to/
 * series were checked by ic_spec_check_columns) on `table`.
 *
 * from/to default to the first and last row (in x order: by value for year,
 * date and number columns, else in file order) where the series has a value;
 * the series defaults to the first 'y'. Errors, naming the trend's place in
 * the spec ("trend[1]"): IC_ERR_DATA when the series has no value at from or
 * to (with the CSV cell's file:line:col), when 'from' does not come before
 * 'to', when the series has fewer than two values, when a ratio or percent
 * change starts from zero (division by zero) or a ratio involves a negative
 * value; IC_ERR_SPEC for 'points' on a column that is not a percentage and
 * for an unknown {placeholder} in the label. Returns 0 or -1. */
int ic_trend_compute(const ic_spec *spec, const ic_table *table, const ic_trend *t, ic_trend_result *out,
                     ic_error *err);

/* Fills `tmpl` ({change} {from} {to} {from_value} {to_value}; NULL = the
 * default, "{change} since {from}", or "{change}, {from}–{to}" when 'to' is
 * not the series' last value) from `r` into `buf` (at most `size` bytes, cut
 * at a character boundary). Unknown placeholders are copied as written
 * (ic_trend_compute refuses them in a spec's label). */
void ic_trend_format(const ic_trend_result *r, const char *tmpl, char *buf, size_t size);

/* Index of `t` in spec->trends, or -1 when it is not one of them. */
long ic_trend_index(const ic_spec *spec, const ic_trend *t);

#endif
