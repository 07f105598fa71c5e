/* Truthfulness and legibility checks on a laid-out scene, shared by the
 * example and golden tests. Each returns the number of problems found and
 * prints each one, prefixed with `what`. */
#ifndef IC_TEST_SCENE_CHECKS_H
#define IC_TEST_SCENE_CHECKS_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "core/util.h"
#include "scene/scene.h"

/* Every text box lies inside the canvas. */
static inline int check_text_inside(const ic_scene *s, const char *what)
{
    int bad = 0;
    for (size_t i = 0; i < s->n; i++) {
        const ic_mark *m = &s->marks[i];
        if (m->kind != IC_MARK_TEXT)
            continue;
        if (m->x < -0.01 || m->y < -0.01 || m->x + m->w > s->width + 0.01 || m->y + m->h > s->height + 0.01) {
            fprintf(stderr, "%s: text \"%s\" (%.1f,%.1f %.1fx%.1f) leaves the %gx%g canvas\n", what, m->text,
                    m->x, m->y, m->w, m->h, s->width, s->height);
            bad++;
        }
    }
    return bad;
}

/* The smallest text allowed where a chart is published (issue 10, item 4):
 * 2 % of the canvas width on screens, 6.5 pt on paper; titles 3.6 % and
 * 10 pt. Written out here, not taken from the library, so a change to the
 * theme cannot move the bar it is held to. */
static inline double text_floor_for(const ic_mark *m, int print, double width)
{
    if (m->role == IC_ROLE_TITLE)
        return print ? 10.0 : 0.036 * width;
    return print ? 6.5 : 0.02 * width;
}

/* Every text at or above its floor. */
static inline int check_text_floors(const ic_scene *s, int print, const char *what)
{
    int bad = 0;
    for (size_t i = 0; i < s->n; i++) {
        const ic_mark *m = &s->marks[i];
        double f = text_floor_for(m, print, s->width);
        if (m->kind == IC_MARK_TEXT && m->size < f - 1e-6) {
            fprintf(stderr, "%s: \"%s\" (%s) is %.2f, below the floor %.2f\n", what, m->text, ic_role_name(m->role),
                    m->size, f);
            bad++;
        }
    }
    return bad;
}

/* When the value axis is labelled, its labels reach the largest bar and the
 * most negative one: no bar runs past the last labelled gridline. */
static inline int check_axis_covers_bars(const ic_scene *s, const char *what)
{
    double tmax = -INFINITY, tmin = INFINITY, bmax = 0, bmin = 0;
    int ticks = 0;
    for (size_t i = 0; i < s->n; i++) {
        const ic_mark *m = &s->marks[i];
        if (m->role == IC_ROLE_TICK_LABEL && isfinite(m->value)) {
            ticks++;
            tmax = fmax(tmax, m->value);
            tmin = fmin(tmin, m->value);
        } else if (m->role == IC_ROLE_BAR && isfinite(m->value)) {
            bmax = fmax(bmax, m->value);
            bmin = fmin(bmin, m->value);
        }
    }
    if (ticks < 2)
        return 0;
    double tol = 1e-9 * (fabs(tmax) + fabs(tmin));
    if (bmax > tmax + tol || bmin < tmin - tol) {
        fprintf(stderr, "%s: bars run from %g to %g, past the labelled axis %g..%g\n", what, bmin, bmax, tmin, tmax);
        return 1;
    }
    return 0;
}

/* No reference line strikes through a text (it stops short of labels). */
static inline int check_reference_lines_clear(const ic_scene *s, const char *what)
{
    int bad = 0;
    for (size_t i = 0; i < s->n; i++) {
        const ic_mark *l = &s->marks[i];
        if (l->role != IC_ROLE_REFERENCE || l->kind != IC_MARK_LINE)
            continue;
        double x0 = fmin(l->x, l->x2), x1 = fmax(l->x, l->x2), y0 = fmin(l->y, l->y2), y1 = fmax(l->y, l->y2);
        for (size_t j = 0; j < s->n; j++) {
            const ic_mark *t = &s->marks[j];
            if (t->kind != IC_MARK_TEXT)
                continue;
            if (x1 > t->x + 0.5 && x0 < t->x + t->w - 0.5 && y1 > t->y + 0.5 && y0 < t->y + t->h - 0.5) {
                fprintf(stderr, "%s: a reference line crosses \"%s\"\n", what, t->text);
                bad++;
            }
        }
    }
    return bad;
}

/* The value axis's labels are evenly spaced values (none skipped in the
 * middle, as when the labels were chosen for a longer axis than drawn). */
static inline int check_ticks_even(const ic_scene *s, const char *what)
{
    double v[64];
    size_t n = 0;
    for (size_t i = 0; i < s->n && n < 64; i++)
        if (s->marks[i].role == IC_ROLE_TICK_LABEL && isfinite(s->marks[i].value))
            v[n++] = s->marks[i].value;
    qsort(v, n, sizeof *v, ic_compare_doubles);
    for (size_t i = 2; i < n; i++)
        if (fabs((v[i] - v[i - 1]) - (v[1] - v[0])) > 1e-6 * fabs(v[1] - v[0])) {
            fprintf(stderr, "%s: tick labels are not evenly spaced (%g, %g, %g)\n", what, v[i - 2], v[i - 1], v[i]);
            return 1;
        }
    return 0;
}

/* No trend note or annotation text lies over a series' point marker. */
static inline int check_notes_clear_of_markers(const ic_scene *s, const char *what)
{
    int bad = 0;
    for (size_t i = 0; i < s->n; i++) {
        const ic_mark *t = &s->marks[i];
        if (t->kind != IC_MARK_TEXT || (t->role != IC_ROLE_TREND && t->role != IC_ROLE_ANNOTATION))
            continue;
        for (size_t j = 0; j < s->n; j++) {
            const ic_mark *m = &s->marks[j];
            if (m->role != IC_ROLE_MARKER || m->kind != IC_MARK_CIRCLE)
                continue;
            if (m->x2 + m->r > t->x && m->x2 - m->r < t->x + t->w && m->y2 + m->r > t->y && m->y2 - m->r < t->y + t->h) {
                fprintf(stderr, "%s: \"%s\" lies over a point of the data\n", what, t->text);
                bad++;
            }
        }
    }
    return bad;
}

/* No two text boxes overlap (touching is allowed). */
static inline int check_no_text_overlap(const ic_scene *s, const char *what)
{
    int bad = 0;
    const double eps = 0.01;
    for (size_t i = 0; i < s->n; i++) {
        const ic_mark *a = &s->marks[i];
        if (a->kind != IC_MARK_TEXT)
            continue;
        for (size_t j = i + 1; j < s->n; j++) {
            const ic_mark *b = &s->marks[j];
            if (b->kind != IC_MARK_TEXT)
                continue;
            if (a->x + a->w > b->x + eps && b->x + b->w > a->x + eps && a->y + a->h > b->y + eps &&
                b->y + b->h > a->y + eps) {
                fprintf(stderr, "%s: text \"%s\" overlaps \"%s\"\n", what, a->text, b->text);
                bad++;
            }
        }
    }
    return bad;
}

/* Bars start at the zero baseline and their lengths are proportional to
 * their values (within 0.5 %). Every bar has a value label of its row. */
static inline int check_bars_truthful(const ic_scene *s, const char *what, int labels_expected)
{
    int bad = 0;
    const ic_mark *base = NULL;
    for (size_t i = 0; i < s->n; i++)
        if (s->marks[i].role == IC_ROLE_BASELINE)
            base = &s->marks[i];
    if (!base) {
        fprintf(stderr, "%s: no zero baseline\n", what);
        return 1;
    }
    int horizontal = fabs(base->x - base->x2) < 1e-9;
    double ratio = NAN;
    size_t nbars = 0;
    for (size_t i = 0; i < s->n; i++) {
        const ic_mark *m = &s->marks[i];
        if (m->role != IC_ROLE_BAR)
            continue;
        nbars++;
        double len = horizontal ? m->w : m->h;
        double v = m->value;
        /* the bar's zero end lies on the baseline */
        double zero_end = horizontal ? (v >= 0 ? m->x : m->x + m->w) : (v >= 0 ? m->y + m->h : m->y);
        double zero = horizontal ? base->x : base->y;
        if (fabs(zero_end - zero) > 0.01) {
            fprintf(stderr, "%s: bar of row %d starts at %.2f, not at zero (%.2f)\n", what, m->row, zero_end, zero);
            bad++;
        }
        if (v != 0) {
            double r = len / fabs(v);
            if (isnan(ratio))
                ratio = r;
            else if (fabs(r - ratio) > 0.005 * ratio) {
                fprintf(stderr, "%s: bar of row %d is %.2f long for %g, not proportional\n", what, m->row, len, v);
                bad++;
            }
        }
        if (labels_expected) {
            int found = 0;
            for (size_t j = 0; j < s->n && !found; j++)
                found = s->marks[j].role == IC_ROLE_VALUE_LABEL && s->marks[j].row == m->row &&
                        s->marks[j].series == m->series;
            if (!found) {
                fprintf(stderr, "%s: bar of row %d has no value label\n", what, m->row);
                bad++;
            }
        }
    }
    if (nbars == 0) {
        fprintf(stderr, "%s: no bars\n", what);
        bad++;
    }
    return bad;
}

/* Stacked bars: in each row the segments lie end to end from the zero
 * baseline (positives one way, negatives the other), every segment's length
 * is proportional to its value (one scale for the whole chart, 0.5 %), and
 * with `percent` every complete stack has the same length. */
static inline int check_stacks_truthful(const ic_scene *s, const char *what, int percent)
{
    int bad = 0;
    const ic_mark *base = NULL;
    for (size_t i = 0; i < s->n; i++)
        if (s->marks[i].role == IC_ROLE_BASELINE)
            base = &s->marks[i];
    if (!base) {
        fprintf(stderr, "%s: no zero baseline\n", what);
        return 1;
    }
    int horizontal = fabs(base->x - base->x2) < 1e-9;
    double zero = horizontal ? base->x : base->y, ratio = NAN, full = NAN;
    int maxrow = -1;
    for (size_t i = 0; i < s->n; i++)
        if (s->marks[i].role == IC_ROLE_BAR && s->marks[i].row > maxrow)
            maxrow = s->marks[i].row;
    for (int row = 0; row <= maxrow; row++) {
        double pos_end = zero, neg_end = zero, total = 0; /* in canvas units along the value axis */
        for (size_t i = 0; i < s->n; i++) {
            const ic_mark *m = &s->marks[i];
            if (m->role != IC_ROLE_BAR || m->row != row)
                continue;
            double len = horizontal ? m->w : m->h;
            /* horizontal: positives grow right; vertical: positives grow up */
            double near = horizontal ? (m->value >= 0 ? m->x : m->x + m->w) : (m->value >= 0 ? m->y + m->h : m->y);
            double far = horizontal ? (m->value >= 0 ? m->x + m->w : m->x) : (m->value >= 0 ? m->y : m->y + m->h);
            double *end = m->value >= 0 ? &pos_end : &neg_end;
            if (fabs(near - *end) > 0.01) {
                fprintf(stderr, "%s: row %d series %d does not start where the stack ends (%.2f vs %.2f)\n", what,
                        row, m->series, near, *end);
                bad++;
            }
            *end = far;
            double r = len / fabs(m->value);
            if (isnan(ratio))
                ratio = r;
            else if (fabs(r - ratio) > 0.005 * ratio) {
                fprintf(stderr, "%s: row %d series %d is %.2f long for %g, not proportional\n", what, row, m->series,
                        len, m->value);
                bad++;
            }
            total += len;
        }
        if (percent && total > 0) {
            if (isnan(full))
                full = total;
            else if (fabs(total - full) > 0.005 * full) {
                fprintf(stderr, "%s: 100%% stack of row %d is %.2f long, others %.2f\n", what, row, total, full);
                bad++;
            }
        }
    }
    if (isnan(ratio)) {
        fprintf(stderr, "%s: no bars\n", what);
        bad++;
    }
    return bad;
}

#endif
