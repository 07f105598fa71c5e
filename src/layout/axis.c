/* The shared value axis: see axis.h. */
#include "layout/axis.h"
#include "layout/ticks.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Fills `a` with the ticks ic_nice_ticks gives for at most `m` ticks. */
static void fill(const ic_layout *L, ic_axis *a, double lo, double hi, int extend, int m, const ic_numfmt *fmt,
                 int short_unit)
{
    double t[IC_AXIS_MAX_TICKS], step;
    size_t nt = ic_nice_ticks(lo, hi, m, t, IC_AXIS_MAX_TICKS, &step);
    a->step = step;
    a->lo = extend ? fmin(lo, t[0]) : lo;
    a->hi = extend ? fmax(hi, t[nt - 1]) : hi;
    ic_numfmt tf = ic_numfmt_for_ticks(fmt, step);
    double eps = 1e-9 * (fabs(a->hi) + fabs(a->lo) + step);
    a->n = 0;
    for (size_t j = 0; j < nt; j++)
        if (t[j] >= a->lo - eps && t[j] <= a->hi + eps)
            a->value[a->n++] = t[j];
    /* compact numbers share the value labels' unit word, written once, on
     * the highest tick: 0, 5, 10 … 25 million (on an axis too short for
     * the word, its short form: 25M) */
    if (tf.style == IC_NUM_COMPACT)
        tf.short_units = short_unit;
    a->widest = 0;
    for (size_t k = 0; k < a->n; k++) {
        tf.hide_unit = tf.style == IC_NUM_COMPACT && k + 1 < a->n;
        ic_numfmt_format(&tf, a->value[k], a->text[k], sizeof a->text[k]);
        a->width[k] = ic_scene_text_width(L->scene, a->text[k], IC_FONT_REGULAR, a->size);
        a->widest = fmax(a->widest, a->width[k]);
    }
}

/* 1 when neighbouring labels keep their distance at `length` units. A
 * label at an end may be pushed inside the plot by up to half its extent
 * (ic_axis_draw), so the pairs at the ends keep that much more. */
static int labels_fit(const ic_layout *L, const ic_axis *a, double length)
{
    if (a->n < 2)
        return 1;
    double span = a->hi - a->lo;
    double per = span > 0 ? length * a->step / span : 0;
    if (a->vertical) {
        /* a line and a half apart, and half a line more for a pushed end */
        return per >= 2.0 * ic_number_line_height(L, IC_FONT_REGULAR, a->size, 1.0);
    }
    for (size_t j = 1; j < a->n; j++) {
        double need = (a->width[j - 1] + a->width[j]) / 2 + 0.8 * a->size;
        if (j == 1)
            need += a->width[0] / 2;
        if (j == a->n - 1)
            need += a->width[j] / 2;
        if (per < need)
            return 0;
    }
    return 1;
}

/* 1 when the step is 2.5 times a power of ten and the labels carry a
 * decimal point for it. */
static int quarter_decimals(const ic_axis *a)
{
    double mant = a->step / pow(10, floor(log10(a->step)));
    if (fabs(mant - 2.5) > 1e-6)
        return 0;
    for (size_t j = 0; j < a->n; j++)
        if (strchr(a->text[j], '.') || strstr(a->text[j], "\u066B"))
            return 1;
    return 0;
}

int ic_axis_choose(const ic_layout *L, ic_axis *a, double lo, double hi, double length, int vertical, int extend,
                   int max_ticks, ic_numfmt *fmt)
{
    memset(a, 0, sizeof *a);
    a->vertical = vertical;
    a->size = L->tick_size;
    a->gap = 0.6 * a->size;
    if (max_ticks > IC_AXIS_MAX_TICKS)
        max_ticks = IC_AXIS_MAX_TICKS;
    /* the most ticks that fit; a step of 2.5 that writes a decimal the
     * others do not need ("7.5%" between "5%" and "10%") only when no
     * step of 1, 2 or 5 fits */
    int fallback = 0, fallback_short = 0;
    for (int short_unit = 0; short_unit < 2 && !fallback; short_unit++)
        for (int m = max_ticks; m >= 2; m--) {
            fill(L, a, lo, hi, extend, m, fmt, short_unit);
            if (!labels_fit(L, a, length))
                continue;
            if (!quarter_decimals(a)) {
                fmt->short_units = fmt->style == IC_NUM_COMPACT && short_unit;
                return 0;
            }
            if (!fallback) {
                fallback = m;
                fallback_short = short_unit;
            }
        }
    int short_unit = fallback ? fallback_short : 1;
    fill(L, a, lo, hi, extend, fallback ? fallback : 2, fmt, short_unit);
    fmt->short_units = fmt->style == IC_NUM_COMPACT && short_unit;
    return fallback ? 0 : 1;
}

double ic_axis_pos(const ic_axis *a, const ic_axis_place *p, double v)
{
    double span = a->hi - a->lo;
    return span > 0 ? p->p0 + (v - a->lo) * (p->p1 - p->p0) / span : p->p0;
}

int ic_axis_draw(ic_layout *L, const ic_axis *a, const ic_axis_place *p)
{
    const ic_colors *t = &L->theme;
    double asc = L->num_ascent[IC_FONT_REGULAR] * a->size, desc = L->num_descent[IC_FONT_REGULAR] * a->size;
    double last_end = -INFINITY; /* where the previous label ended along the axis */
    for (size_t j = 0; j < a->n; j++) {
        double at = ic_axis_pos(a, p, a->value[j]);
        double lx, ly, start, end;
        if (a->vertical) {
            /* centred on its gridline, within min..max (y grows down, so
             * "along" runs from the bottom up) */
            double top = at - (asc + desc) / 2;
            top = fmax(p->min, fmin(top, p->max - (asc + desc)));
            lx = p->label - a->width[j];
            ly = top + asc;
            start = -(top + asc + desc);
            end = -top;
        } else {
            lx = fmax(p->min, fmin(at - a->width[j] / 2, p->max - a->width[j]));
            ly = p->label + asc;
            start = lx;
            end = lx + a->width[j];
        }
        if (start < last_end + (a->vertical ? 0.2 : 0.6) * a->size)
            continue;
        last_end = end;
        int grid = !(a->value[j] == p->no_grid_at);
        if (grid && !(a->vertical ? ic_scene_line(L->scene, IC_ROLE_GRIDLINE, p->c0, at, p->c1, at, L->grid_w, t->grid)
                                   : ic_scene_line(L->scene, IC_ROLE_GRIDLINE, at, p->c0, at, p->c1, L->grid_w, t->grid)))
            return ic_layout_oom(L);
        if (p->no_labels)
            continue;
        ic_mark *m = ic_scene_text(L->scene, IC_ROLE_TICK_LABEL, a->text[j], IC_FONT_REGULAR, a->size, lx, ly, t->tick);
        if (!m)
            return ic_layout_oom(L);
        m->value = a->value[j];
    }
    return 0;
}

ic_mark *ic_axis_baseline(ic_layout *L, const ic_axis *a, const ic_axis_place *p, double v, int light)
{
    const ic_colors *t = &L->theme;
    double at = ic_axis_pos(a, p, v);
    ic_color c = t->baseline;
    if (light) {
        c = t->grid;
        c.r += (t->tick.r - c.r) * 0.25;
        c.g += (t->tick.g - c.g) * 0.25;
        c.b += (t->tick.b - c.b) * 0.25;
    }
    double w = light ? L->grid_w : L->axis_w;
    ic_mark *m = a->vertical ? ic_scene_line(L->scene, IC_ROLE_BASELINE, p->c0, at, p->c1, at, w, c)
                             : ic_scene_line(L->scene, IC_ROLE_BASELINE, at, p->c0, at, p->c1, w, c);
    if (!m) {
        ic_layout_oom(L);
        return NULL;
    }
    m->value = v;
    return m;
}

/* The smallest 1, 2 or 5 times a power of ten that is at least x (> 0). */
static double round_step(double x)
{
    double mag = pow(10, floor(log10(x)));
    static const double mult[] = {1, 2, 5, 10};
    for (int i = 0; i < 4; i++)
        if (mult[i] * mag >= x * (1 - 1e-9))
            return mult[i] * mag;
    return 10 * mag;
}

int ic_axis_label_shown(size_t i, size_t n, size_t every, double v0, double d)
{
    if (i == 0 || i + 1 == n || every <= 1)
        return 1;
    if (i < every || n - 1 - i < every)
        return 0; /* too near the first or the last */
    if (d == 0)
        return i % every == 0;
    double step = round_step((double)every * fabs(d));
    double v = v0 + (double)i * d, q = v / step;
    return fabs(q - round(q)) < 1e-6;
}

double ic_axis_regular_numbers(size_t n, const char *(*text)(size_t i, const void *ctx), const void *ctx,
                               double *v0)
{
    *v0 = 0;
    if (n < 3)
        return 0;
    double prev = 0, d = 0;
    for (size_t i = 0; i < n; i++) {
        const char *s = text(i, ctx);
        char *end;
        double v = strtod(s, &end);
        if (end == s || *end != '\0' || !isfinite(v))
            return 0;
        if (i == 0)
            *v0 = v;
        else if (i == 1)
            d = v - prev;
        else if (fabs(v - prev - d) > 1e-9 * fmax(1, fabs(d)))
            return 0;
        prev = v;
    }
    return d;
}

/* Label i's left edge, held inside lo..hi; 1 when it keeps `gap` from the
 * kept labels [kl[j], kr[j]]. */
static int pick_fits(const double *kl, const double *kr, size_t nk, double x, double w, double lo, double hi,
                     double gap, double *left)
{
    double l = fmin(fmax(x - w / 2, lo), hi - w);
    for (size_t j = 0; j < nk; j++)
        if (l < kr[j] + gap && kl[j] < l + w + gap)
            return 0;
    *left = l;
    return 1;
}

int ic_axis_pick(const double *x, const double *w, size_t n, double lo, double hi, double gap, int regular,
                 unsigned char *keep, double *left)
{
    double *kl = malloc((n ? n : 1) * sizeof *kl), *kr = malloc((n ? n : 1) * sizeof *kr);
    if (!kl || !kr) {
        free(kl);
        free(kr);
        return -1;
    }
    size_t stride = 1, nk = 0;
    for (; regular && stride < n; stride++) {
        nk = 0;
        int ok = 1;
        for (size_t i = 0; i < n && ok; i += stride) {
            double l = 0;
            ok = pick_fits(kl, kr, nk, x[i], w[i], lo, hi, gap, &l);
            kl[nk] = l;
            kr[nk++] = l + w[i];
        }
        if (ok)
            break;
    }
    memset(keep, 0, n);
    nk = 0;
    for (int pass = 0; pass < 3; pass++)
        for (size_t i = 0; i < n; i++) {
            int take = regular ? pass == 0 && i % stride == 0
                               : pass == 0 ? i == n - 1 : pass == 1 ? i == 0 : i != 0 && i != n - 1;
            if (!take || keep[i] || !pick_fits(kl, kr, nk, x[i], w[i], lo, hi, gap, &left[i]))
                continue;
            keep[i] = 1;
            kl[nk] = left[i];
            kr[nk++] = left[i] + w[i];
        }
    free(kl);
    free(kr);
    return 0;
}
