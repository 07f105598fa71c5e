/* Long tables and aggregates: the data stage between reading the CSV and
 * checking the spec's columns against it (docs/long-tables.md).
 *
 * The chart kinds understand a wide table: one row per x value, one number
 * column per series. ic_reshape makes one from what was read:
 *   - "series": COLUMN turns a long table (one row per x value and series)
 *     into that wide table, one number column per distinct value of COLUMN,
 *     named by the value, in order of first appearance; spec->y becomes
 *     those names;
 *   - "aggregate" combines the rows that share an x value (and series, and
 *     facet value): sum, mean, median, min and max of the values present
 *     (gaps are left out; a group with no value stays a gap, never 0);
 *     count counts the cells of 'y' that hold a value (0 when none);
 *   - without "aggregate", an x value that appears twice (within a series
 *     and a facet value) is an error at its second cell, whatever the kind.
 * The x column keeps its type (years and dates stay so), every other column
 * of the CSV keeps its index (so cell positions still point at the CSV),
 * each row of the new table stands for its group's first row of the CSV
 * (source_rows), and the table's notes carry over. */
#ifndef IC_DATA_RESHAPE_H
#define IC_DATA_RESHAPE_H

#include "data/table.h"
#include "spec/spec.h"

/* Most series one "series" column may make: the chart kinds draw at most
 * 64 'y' columns (bar.c, line.c). Not one of the ic_limits. */
#define IC_RESHAPE_MAX_SERIES 64

/* Prepares `*table` (as read, owned by the caller) for the chart kinds as
 * above. When it reshapes, `*table` is replaced by the new table (the old
 * one is freed) and spec->y (with spec->pos_y, every entry at the old
 * 'y') is rewritten. Errors: IC_ERR_SPEC at a spec key (unknown column,
 * 'y' that is not a number column, several 'y' with "series"), IC_ERR_DATA
 * at a CSV cell (duplicate x value without "aggregate", a row without a
 * series name, a series named like a column), IC_ERR_LIMIT (more than
 * IC_RESHAPE_MAX_SERIES series; a wide table of more cells than
 * spec->limits.rows), IC_ERR_NOMEM. On error `*table` is left as it was.
 * Returns 0 or -1. */
int ic_reshape(ic_spec *spec, ic_table **table, ic_error *err);

/* For one facet of a reshaped chart: `facet` is the spec read again from
 * the same text (its 'y' as written); it gets the 'y' of `whole` (the
 * reshaped spec), keeping the series that have a value among the facet's
 * rows `table` (all of them for "count", whose zeros are values, and all of
 * them with `keep_all`: facets sharing scales keep every series in its
 * colour and legend place), and loses the highlights naming a series it
 * does not keep. Does nothing for a spec without "series" or "aggregate".
 * Returns 0, or -1 with IC_ERR_NOMEM. */
int ic_reshape_facet_spec(ic_spec *facet, const ic_spec *whole, const ic_table *table, int keep_all, ic_error *err);

#endif
