/* Numbers written with the separators a spec names ("decimal", "thousands").
 * ic_number_parse (table.h) is the default: '.' decimals, ',' thousands. */
#ifndef IC_DATA_NUMBER_H
#define IC_DATA_NUMBER_H

#include "data/table.h"

/* ic_number_parse_sep: ic_number_parse with the separators of ic_csv_options:
 *   decimal    '.' or ','; 0 = '.'.
 *   thousands  ',', '.', ' ' or '\''; -1 = none; 0 = the default for `decimal`:
 *              ',' with '.' decimals (exactly ic_number_parse), and '.' or a
 *              space with ',' decimals ("1.234,5", "1 234,5").
 * A space separator is an ASCII space, U+00A0 or U+202F (no-break spaces, as
 * French and spreadsheet formats write them). One number uses one separator
 * throughout; groups are three digits after a first group of one to three
 * that does not start with 0. A thousands separator equal to the decimal one
 * counts as none. Returns 1 (number), 0 (missing-value marker) or -1, and
 * sets *out and *percent as ic_number_parse does.
 * Inline, so that a column read with the default separators costs a few
 * tests more than ic_number_parse and no call. */
int ic_number_parse_other(const char *s, double *out, int *percent, char decimal, int thousands);

static inline int ic_number_parse_sep(const char *s, double *out, int *percent, char decimal, int thousands)
{
    if ((decimal == '.' || decimal == 0) && (thousands == ',' || thousands == 0))
        return ic_number_parse(s, out, percent);
    return ic_number_parse_other(s, out, percent, decimal, thousands);
}

/* 1 when a column name says its values are percentages: it ends in "pct",
 * "percent", "percentage" or "%" (any case), as in "children_pct". */
int ic_name_says_percent(const char *name);

#endif
