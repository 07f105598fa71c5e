/* Dates and times in cells: reading the forms people write (ISO 8601,
 * YYYY/MM/DD, day/month/year, English month names, or a strftime-style
 * "x_format"), and writing them back the way a newsroom labels an axis, in
 * the chart's language ("2004", "Jan 2020", "15 Mar", "09:00").
 *
 * A date is a double: days since 1970-01-01 00:00 (proleptic Gregorian
 * calendar), the time of day as the fraction (06:00 is +0.25). The rules for
 * users are in docs/dates.md. */
#ifndef IC_DATA_DATES_H
#define IC_DATA_DATES_H

#include <stddef.h>

/* How finely dates are written or spaced, coarsest last. */
typedef enum ic_date_res {
    IC_RES_NONE = 0,
    IC_RES_SECOND,
    IC_RES_MINUTE,
    IC_RES_HOUR,
    IC_RES_DAY,
    IC_RES_MONTH,
    IC_RES_YEAR
} ic_date_res;

/* The order of day and month in numeric dates like 08/01/2004. */
typedef enum ic_date_order {
    IC_ORDER_ANY = 0,   /* day first when that is a valid date, else month first */
    IC_ORDER_DMY,       /* day/month/year */
    IC_ORDER_MDY        /* month/day/year */
} ic_date_order;

#define IC_DATE_NO_OFFSET (-100000) /* ic_date.offset when the text names no UTC offset */

typedef struct ic_date {
    double days;        /* the wall-clock time written, as days since 1970-01-01 */
    int offset;         /* minutes east of UTC written after it ("Z" = 0), or IC_DATE_NO_OFFSET */
    ic_date_res res;    /* how finely it was written (month for "Jan 2000", minute for "09:15") */
    /* numeric day/month/year dates (d/m/Y, d-m-Y) have IC_DATE_NUMERIC set,
     * and IC_DATE_DMY when reading day first gives a valid date, IC_DATE_MDY
     * when month first does; every other form has both (the order does not
     * matter) and not IC_DATE_NUMERIC */
    unsigned orders;
} ic_date;

#define IC_DATE_DMY 1u
#define IC_DATE_MDY 2u
#define IC_DATE_NUMERIC 4u

/* Reads `s` (surrounding white space ignored) as a date in one of the forms
 * of docs/dates.md. Returns 1 and fills *out, or 0 when it is not one. */
int ic_date_parse(const char *s, ic_date_order order, ic_date *out);

/* Reads `s` with a strftime-style `format` (%Y %y %m %d %e %H %I %M %S %p %b
 * %B %h %z %F %T %%; a space matches any run of white space). Returns 1 and
 * fills *out (orders = 3), or 0 when `s` does not match. */
int ic_date_parse_format(const char *s, const char *format, ic_date *out);

/* 0 when `format` is a format ic_date_parse_format understands that names at
 * least a year; -1 with the reason in `why` otherwise. */
int ic_date_format_check(const char *format, char *why, size_t size);

/* 1 when `s` looks like a date someone wrote (digits grouped with - / . and
 * a year, or an English month name with a number), whether or not it is one
 * infochart reads: a column of such cells read as text gets a warning. */
int ic_date_looks_like(const char *s);

/* The unit `days` is aligned to: IC_RES_YEAR at 1 January 00:00, IC_RES_MONTH
 * on the first of a month, IC_RES_DAY at midnight, then hour, minute, second. */
ic_date_res ic_date_alignment(double days);

/* Days since 1970-01-01 of y-m-d (proleptic Gregorian), and back. */
long ic_days_from_civil(long y, int m, int d);
void ic_civil_from_days(long days, long *y, int *m, int *d);
int ic_days_in_month(long y, int m);

/* Writes `days` as a label for `unit` in language `lang` (NULL = English;
 * "ur", "ar" have their own month names), ASCII digits (convert them for the
 * chart's digits afterwards):
 *   IC_RES_YEAR   "2004"
 *   IC_RES_MONTH  "Mar", with `context` "Mar 2004"
 *   IC_RES_DAY    "15 Mar", with `context` "15 Mar 2004"
 *   IC_RES_HOUR, IC_RES_MINUTE  "09:00", with `context` "15 Mar 09:00"
 *   IC_RES_SECOND "09:00:05", with `context` "15 Mar 09:00:05"
 * A label that stands alone (a trend note's "since ...") is written with
 * ic_date_text_full. */
void ic_date_label(double days, ic_date_res unit, int context, const char *lang, char *buf, size_t size);

/* `days` written whole at resolution `res`: "2004", "Mar 2004",
 * "15 Mar 2004", "15 Mar 2004 09:00", "15 Mar 2004 09:00:05". */
void ic_date_text_full(double days, ic_date_res res, const char *lang, char *buf, size_t size);

/* The month name (1..12) in `lang`: short (English "Sep") or long
 * ("September"); Urdu and Arabic have one form. */
const char *ic_month_name(int month, int abbreviated, const char *lang);

#endif
