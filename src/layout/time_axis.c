/* Calendar ticks for time axes (see time_axis.h). */
#include "layout/time_axis.h"
#include "layout/format.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define EPS 1e-9 /* days: a tick this close to an end is inside */

/* Steps from the finest to the coarsest. Months skip 2 (Jan, Mar, May reads
 * oddly); quarters and half years fall on Jan, Apr, Jul, Oct. */
static const ic_time_step steps[] = {
    {IC_RES_SECOND, 1, 0},  {IC_RES_SECOND, 5, 0},  {IC_RES_SECOND, 15, 0}, {IC_RES_SECOND, 30, 0},
    {IC_RES_MINUTE, 1, 0},  {IC_RES_MINUTE, 5, 0},  {IC_RES_MINUTE, 15, 0}, {IC_RES_MINUTE, 30, 0},
    {IC_RES_HOUR, 1, 0},    {IC_RES_HOUR, 3, 0},    {IC_RES_HOUR, 6, 0},    {IC_RES_HOUR, 12, 0},
    {IC_RES_DAY, 1, 0},     {IC_RES_DAY, 2, 0},     {IC_RES_DAY, 7, 1},     {IC_RES_DAY, 14, 1},
    {IC_RES_MONTH, 1, 0},   {IC_RES_MONTH, 3, 0},   {IC_RES_MONTH, 6, 0},
    {IC_RES_YEAR, 1, 0},    {IC_RES_YEAR, 2, 0},    {IC_RES_YEAR, 5, 0},    {IC_RES_YEAR, 10, 0},
    {IC_RES_YEAR, 20, 0},   {IC_RES_YEAR, 50, 0},   {IC_RES_YEAR, 100, 0},  {IC_RES_YEAR, 200, 0},
    {IC_RES_YEAR, 500, 0},  {IC_RES_YEAR, 1000, 0},
};
#define NSTEPS (sizeof steps / sizeof *steps)

/* The step's length in days (months and years on average). */
static double step_days(ic_time_step s)
{
    switch (s.unit) {
    case IC_RES_SECOND: return s.count / 86400.0;
    case IC_RES_MINUTE: return s.count / 1440.0;
    case IC_RES_HOUR: return s.count / 24.0;
    case IC_RES_DAY: return s.count;
    case IC_RES_MONTH: return s.count * 30.44;
    default: return s.count * 365.25;
    }
}

static void add(ic_time_axis *a, double v)
{
    a->value[a->n++] = v;
}

/* The tick values of `s` in t0..t1 (a->n; -1 when too many). */
static int tick_values(double t0, double t1, ic_time_step s, ic_time_axis *a)
{
    a->n = 0;
    a->step = s;
    if (!(t1 >= t0) || (t1 - t0) / step_days(s) > IC_TIME_MAX_TICKS + 1)
        return -1;
    if (s.unit == IC_RES_YEAR || s.unit == IC_RES_MONTH) {
        long y;
        int m, d;
        ic_civil_from_days((long)floor(t0 + EPS), &y, &m, &d);
        long k = y * 12 + (m - 1); /* months since year 0 */
        long per = s.unit == IC_RES_YEAR ? 12L * s.count : s.count;
        long first = k - ((k % per) + per) % per;
        for (long i = first;; i += per) {
            double v = (double)ic_days_from_civil(i / 12, (int)(i % 12) + 1, 1);
            if (v > t1 + EPS)
                break;
            if (v < t0 - EPS)
                continue;
            if (a->n == IC_TIME_MAX_TICKS)
                return -1;
            add(a, v);
        }
        return (int)a->n;
    }
    if (s.unit == IC_RES_DAY) {
        long d = (long)ceil(t0 - EPS);
        /* 1970-01-01 was a Thursday: day d is a Monday when (d + 3) % 7 == 0 */
        long phase = s.weeks ? 3 : 0;
        while ((((d + phase) % s.count) + s.count) % s.count != 0)
            d++;
        for (; d <= t1 + EPS; d += s.count) {
            if (a->n == IC_TIME_MAX_TICKS)
                return -1;
            add(a, (double)d);
        }
        return (int)a->n;
    }
    long unit = s.unit == IC_RES_HOUR ? 3600 : s.unit == IC_RES_MINUTE ? 60 : 1;
    double sec = (double)(unit * s.count);
    for (double t = ceil(t0 * 86400.0 / sec - 1e-6) * sec; t <= t1 * 86400.0 + 1e-3; t += sec) {
        if (a->n == IC_TIME_MAX_TICKS)
            return -1;
        add(a, t / 86400.0);
    }
    return (int)a->n;
}

static void civil(double v, long *y, int *m, int *d)
{
    ic_civil_from_days((long)floor(v + 1e-7), y, m, d);
}

int ic_time_ticks(double t0, double t1, ic_time_step step, const char *lang, ic_time_axis *a)
{
    if (tick_values(t0, t1, step, a) < 0)
        return -1;
    for (size_t i = 0; i < a->n; i++) {
        long y, py = 0;
        int m, d, pm = 0, pd = 0;
        civil(a->value[i], &y, &m, &d);
        if (i > 0)
            civil(a->value[i - 1], &py, &pm, &pd);
        int first = i == 0;
        char *buf = a->text[i];
        size_t size = sizeof a->text[i];
        if (step.unit == IC_RES_YEAR) {
            ic_date_label(a->value[i], IC_RES_YEAR, 0, lang, buf, size);
        } else if (step.unit == IC_RES_MONTH || step.unit == IC_RES_DAY) {
            ic_date_label(a->value[i], step.unit, first || y != py, lang, buf, size);
        } else {
            int new_day = first || y != py || m != pm || d != pd;
            double f = a->value[i] - floor(a->value[i] + 1e-7);
            int midnight = fabs(f) < 1e-7;
            if (new_day && midnight)
                ic_date_label(a->value[i], IC_RES_DAY, 0, lang, buf, size);
            else
                ic_date_label(a->value[i], step.unit, new_day, lang, buf, size);
        }
    }
    return (int)a->n;
}

/* 1 when the labels of `a` at x0..x1 keep `gap` between them inside lo..hi. */
static int labels_fit(const ic_time_axis *a, double t0, double t1, double x0, double x1, double lo, double hi,
                      double gap, double (*width)(const char *, void *), void *ctx)
{
    double prev = -INFINITY;
    for (size_t i = 0; i < a->n; i++) {
        double x = t1 > t0 ? x0 + (a->value[i] - t0) / (t1 - t0) * (x1 - x0) : (x0 + x1) / 2;
        double w = width(a->text[i], ctx);
        if (w > hi - lo)
            return 0;
        double left = fmax(lo, fmin(x - w / 2, hi - w));
        if (left < prev + gap)
            return 0;
        prev = left + w;
    }
    return 1;
}

int ic_time_axis_fit(ic_time_axis *a, double t0, double t1, ic_date_res res, const char *lang, double x0, double x1,
                     double lo, double hi, double gap, size_t max_ticks, double (*width)(const char *text, void *ctx),
                     void *ctx)
{
    if (res == IC_RES_NONE)
        res = IC_RES_DAY;
    if (max_ticks > IC_TIME_MAX_TICKS)
        max_ticks = IC_TIME_MAX_TICKS;
    /* the finest fitting step with two ticks or more; else with one */
    for (int least = 2; least >= 1; least--)
        for (size_t k = 0; k < NSTEPS; k++) {
            if (steps[k].unit < res)
                continue;
            int n = ic_time_ticks(t0, t1, steps[k], lang, a);
            /* a year of months and the next January may all be shown */
            size_t most = steps[k].unit == IC_RES_MONTH && steps[k].count == 1 && max_ticks < 13 ? 13 : max_ticks;
            if (n < least || (size_t)n > most)
                continue;
            if (labels_fit(a, t0, t1, x0, x1, lo, hi, gap, width, ctx))
                return 0;
            /* the first label, held inside lo..hi, may be what crowds the
             * next one: without it the next carries the context */
            if (n > least && n > 2 && ic_time_ticks(a->value[0] + EPS, t1, steps[k], lang, a) == n - 1 &&
                labels_fit(a, t0, t1, x0, x1, lo, hi, gap, width, ctx))
                return 0;
        }
    /* nothing fits: the first tick of the coarsest step that has one */
    for (size_t k = NSTEPS; k-- > 0;)
        if (steps[k].unit >= res && ic_time_ticks(t0, t1, steps[k], lang, a) >= 1)
            break;
    a->n = a->n > 1 ? 1 : a->n;
    return 1;
}

typedef struct measure_ctx {
    ic_layout *L;
    double size;
} measure_ctx;

static double measure(const char *text, void *ctx)
{
    measure_ctx *m = ctx;
    char buf[160];
    snprintf(buf, sizeof buf, "%s", text);
    ic_digits_convert(buf, sizeof buf, m->L->spec->digits);
    return ic_scene_text_width(m->L->scene, buf, IC_FONT_REGULAR, m->size);
}

int ic_time_axis_choose(ic_layout *L, ic_time_axis *a, double t0, double t1, ic_date_res res, double x0, double x1,
                        double size)
{
    measure_ctx m = {L, size};
    /* labels a little further apart than numbers: they are words */
    int rc = ic_time_axis_fit(a, t0, t1, res, L->spec->lang, x0, x1, L->left, L->right, 1.2 * size, 10, measure, &m);
    for (size_t i = 0; i < a->n; i++)
        ic_digits_convert(a->text[i], sizeof a->text[i], L->spec->digits);
    return rc;
}
