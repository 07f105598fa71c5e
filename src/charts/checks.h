/* Value checks that several chart kinds' validate functions share. */
#ifndef IC_CHARTS_CHECKS_H
#define IC_CHARTS_CHECKS_H

#include <stddef.h>
#include "layout/layout.h"

/* Every value of the first `ny` 'y' columns lies within ±1e15: beyond it,
 * scale arithmetic loses meaning (and 1e308 overflows). Returns 0, or -1
 * with the first value too large (column by column) named in `err`. */
int ic_check_drawable(const ic_spec *spec, const ic_table *table, size_t ny, ic_error *err);

/* The one 'y' column holds parts of a whole: no value below 0, none above
 * 1e15 (the first offending row named), and not all zero. `shows` starts the
 * negative-value message ("a waffle chart shows parts"), `pieces` ends the
 * all-zero one ("cells"). Returns 0 or -1. */
int ic_check_parts_of_whole(const ic_spec *spec, const ic_table *table, const char *shows, const char *pieces,
                            ic_error *err);

#endif
