/* Calendar ticks for a time axis: years, quarters, months, weeks, days,
 * hours, minutes or seconds, the step chosen by the span and by how many
 * labels fit, labelled the way a newsroom would ("2004"; "Jan 2020", "Apr",
 * "Jul"; "15 Mar"; "09:00"), in the chart's language. Dates are days since
 * 1970-01-01 (data/dates.h). */
#ifndef IC_LAYOUT_TIME_AXIS_H
#define IC_LAYOUT_TIME_AXIS_H

#include <stddef.h>
#include "data/dates.h"
#include "layout/layout.h"

#define IC_TIME_MAX_TICKS 40

/* A step between ticks: `count` units (weeks are 7 days from a Monday). */
typedef struct ic_time_step {
    ic_date_res unit;
    int count;
    int weeks;      /* 1: days counted in weeks, ticks on Mondays */
} ic_time_step;

typedef struct ic_time_axis {
    ic_time_step step;
    size_t n;
    double value[IC_TIME_MAX_TICKS];   /* days since 1970-01-01 */
    char text[IC_TIME_MAX_TICKS][64];  /* ASCII digits (see ic_time_axis_choose) */
} ic_time_axis;

/* The ticks of `step` within t0..t1 (inclusive), labelled: the first label
 * and each one that starts a new year (months, days) or day (hours and
 * finer) carries that context ("Jan 2020", then "Apr"; "15 Mar 09:00",
 * then "12:00"; midnight is written as the day, "16 Mar"). Returns the
 * number of ticks, or -1 when there would be more than IC_TIME_MAX_TICKS. */
int ic_time_ticks(double t0, double t1, ic_time_step step, const char *lang, ic_time_axis *a);

/* Chooses the finest step, not finer than the data's resolution `res`,
 * whose ticks in t0..t1 (at canvas x0..x1; labels `width(text)` wide,
 * centred on their tick and kept inside lo..hi) keep `gap` between labels,
 * with at most `max_ticks` ticks (13 for a year of months) and at least two
 * when any step gives two.
 * Returns 0, or 1 when no step fits (the axis then holds the coarsest step's
 * first tick alone). */
int ic_time_axis_fit(ic_time_axis *a, double t0, double t1, ic_date_res res, const char *lang, double x0, double x1,
                     double lo, double hi, double gap, size_t max_ticks, double (*width)(const char *text, void *ctx),
                     void *ctx);

/* ic_time_axis_fit for a chart: labels in the spec's language and digits,
 * measured at `size` in the layout's regular face, between L->left and
 * L->right. */
int ic_time_axis_choose(ic_layout *L, ic_time_axis *a, double t0, double t1, ic_date_res res, double x0, double x1,
                        double size);

#endif
