/* Numbers formatted for people: 38%, 3.3 million, 27,600,000, −4.5. */
#ifndef IC_LAYOUT_FORMAT_H
#define IC_LAYOUT_FORMAT_H

#include <stddef.h>
#include "spec/spec.h"
#include "data/table.h"

typedef struct ic_numfmt {
    ic_number_style style;  /* never IC_NUM_AUTO once resolved */
    int decimals;
    double multiply;
    double divisor;         /* compact: 1e3, 1e6 or 1e9 */
    const char *unit_long;  /* compact: " million" */
    const char *unit_short; /* compact: "M" (axis ticks) */
    int short_units;        /* use unit_short */
    const char *prefix, *suffix;
    ic_digits digits;       /* Western, Eastern Arabic-Indic or Urdu digits */
    int sign_always;        /* + before values above zero */
    int hide_unit;          /* compact: the number without its unit word (all ticks but one) */
} ic_numfmt;

/* Resolves the spec's number format for the values of `col` (after
 * `multiply`; `cols` are column indexes): picks the style for "auto" and the
 * fewest decimals that show every value exactly (at most 2; in compact
 * style 1, or 0 when the largest value is 100 or more in its unit), or more
 * when fewer would print a value other than zero as zero or two different
 * values alike (at most 6). Compact style takes the unit (thousand, million,
 * billion) of the typical (median) value, so one measure has one unit. */
ic_numfmt ic_numfmt_resolve(const ic_number_format *spec, const ic_table *table, const int *cols,
                            size_t ncols);

/* The same format for axis ticks `step` apart: short units, decimals from the step. */
ic_numfmt ic_numfmt_for_ticks(const ic_numfmt *f, double step);

/* Rewrites the ASCII digits of `s` (NUL-terminated, in a buffer of `size`
 * bytes) in the chosen digit set: U+0660–U+0669 or U+06F0–U+06F9; a point
 * between digits becomes the Arabic decimal separator U+066B, a comma
 * between digits the Arabic thousands separator U+066C, and '%' the Arabic
 * percent sign U+066A. Western digits leave `s` as it is. Stops before
 * overflowing. */
void ic_digits_convert(char *s, size_t size, ic_digits digits);

/* A share in percent for people: `decimals` digits (at least one below
 * 1 %), "<0.1%" below 0.1 %. */
void ic_format_share(double pct, int decimals, char *buf, size_t size);

/* A share (0 to 1 exclusive) as a phrase that is true, in the language
 * `lang`: "1 in 8" when the share is within 5 % of one in a whole number;
 * else "2 in 7" (the closest fraction with a denominator up to 10, when it
 * is within 5 %); else "more than 1 in 4" (below one half); else the share
 * in percent. Digits in `digits`. */
void ic_format_one_in(double share, const char *lang, ic_digits digits, char *buf, size_t size);

/* Copies `tpl` into `out` with every "{name}" whose name is names[i]
 * replaced by values[i]; other text, unknown names included, is copied as it
 * is. Stops before a replacement that would not fit. */
void ic_template_expand(const char *tpl, const char *const *names, const char *const *values, size_t n,
                        char *out, size_t size);

/* Formats `v` (NAN gives "n/a"). Rounding is decimal, half away from zero,
 * on the shortest decimal text of the value (1.005 at two decimals is
 * "1.01", 0.285 "0.29"), not on its binary approximation. Writes at most
 * `size` bytes. */
void ic_numfmt_format(const ic_numfmt *f, double v, char *buf, size_t size);

/* Human label for y column `s`: the column name without a unit suffix,
 * underscores as spaces, first letter capitalised ("children_pct" → "Children"). */
void ic_series_label(const ic_spec *spec, size_t s, char *buf, size_t size);

#endif
