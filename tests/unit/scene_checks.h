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

/* Text contrast (WCAG 2.1 SC 1.4.3): every text has at least 4.5:1 against
 * everything drawn under any part of it. Written independently of the
 * library's pass: the text's box, less 5 % of its font size at each side
 * (boxes hold line gaps without ink, and a label may touch a bar), is sampled
 * at the centres of a 24 x 8 grid; at each point the colour seen is found by painting the
 * filled marks drawn before the text (rects, circles, arcs, filled paths;
 * translucent ones blended over what lies under them), starting from the
 * first mark (the canvas background) or white. */
static inline double scene_check_luminance(ic_color c)
{
    double v[3] = {c.r, c.g, c.b};
    for (int i = 0; i < 3; i++)
        v[i] = v[i] <= 0.04045 ? v[i] / 12.92 : pow((v[i] + 0.055) / 1.055, 2.4);
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}

static inline double scene_check_ratio(ic_color a, ic_color b)
{
    double x = scene_check_luminance(a), y = scene_check_luminance(b);
    return (fmax(x, y) + 0.05) / (fmin(x, y) + 0.05);
}

/* 1 when point (px, py) lies inside filled mark m (nonzero winding for
 * paths, curves flattened into 16 pieces). */
static inline int scene_check_inside(const ic_mark *m, double px, double py)
{
    if (m->kind == IC_MARK_RECT)
        return px >= fmin(m->x, m->x + m->w) && px <= fmax(m->x, m->x + m->w) && py >= fmin(m->y, m->y + m->h) &&
               py <= fmax(m->y, m->y + m->h);
    if (m->kind == IC_MARK_CIRCLE)
        return (px - m->x2) * (px - m->x2) + (py - m->y2) * (py - m->y2) <= m->r * m->r;
    if (m->kind == IC_MARK_ARC) {
        double dx = px - m->x2, dy = py - m->y2, d = sqrt(dx * dx + dy * dy);
        if (d < m->r0 || d > m->r)
            return 0;
        if (m->a1 - m->a0 >= 360)
            return 1;
        double a = atan2(dx, -dy) * 180 / 3.14159265358979323846; /* clockwise from 12 o'clock */
        double rel = fmod(fmod(a - m->a0, 360) + 360, 360);
        return rel <= m->a1 - m->a0;
    }
    if (m->kind != IC_MARK_PATH || m->width > 0)
        return 0;
    int wn = 0;
    size_t p = 0;
    double sx = 0, sy = 0, cx = 0, cy = 0;
    /* the edges, closing each subpath */
    for (size_t k = 0; k <= m->nops; k++) {
        int op = k < m->nops ? (int)m->ops[k] : -1;
        double pts[17][2];
        int np = 0;
        if (op == IC_PATH_MOVE || op == -1 || op == IC_PATH_CLOSE) {
            pts[np][0] = sx;
            pts[np][1] = sy;
            np = 1;
        } else if (op == IC_PATH_LINE && p < m->npts) {
            pts[0][0] = m->pts[2 * p];
            pts[0][1] = m->pts[2 * p + 1];
            np = 1;
        } else if (op == IC_PATH_CURVE && p + 2 < m->npts) {
            const double *q = &m->pts[2 * p];
            for (int j = 1; j <= 16; j++) {
                double t = j / 16.0, u = 1 - t;
                pts[np][0] = u * u * u * cx + 3 * u * u * t * q[0] + 3 * u * t * t * q[2] + t * t * t * q[4];
                pts[np][1] = u * u * u * cy + 3 * u * u * t * q[1] + 3 * u * t * t * q[3] + t * t * t * q[5];
                np++;
            }
        }
        for (int j = 0; j < np; j++) {
            double x0 = cx, y0 = cy, x1 = pts[j][0], y1 = pts[j][1];
            if ((y0 <= py) != (y1 <= py) && x0 + (py - y0) * (x1 - x0) / (y1 - y0) > px)
                wn += y1 > y0 ? 1 : -1;
            cx = x1;
            cy = y1;
        }
        if (op == IC_PATH_MOVE && p < m->npts) {
            sx = cx = m->pts[2 * p];
            sy = cy = m->pts[2 * p + 1];
            p++;
        } else if (op == IC_PATH_LINE)
            p++;
        else if (op == IC_PATH_CURVE)
            p += 3;
    }
    return wn != 0;
}

/* The colour seen at (px, py) under mark `upto` (exclusive). */
static inline ic_color scene_check_colour_at(const ic_scene *s, size_t upto, double px, double py)
{
    ic_color c = {1, 1, 1, 1};
    for (size_t j = 0; j < upto; j++) {
        const ic_mark *m = &s->marks[j];
        if (!scene_check_inside(m, px, py))
            continue;
        double a = fmax(0, fmin(1, m->color.a));
        c.r = m->color.r * a + c.r * (1 - a);
        c.g = m->color.g * a + c.g * (1 - a);
        c.b = m->color.b * a + c.b * (1 - a);
    }
    return c;
}

/* The lowest contrast text mark i has against what lies under it (the
 * colour there written to *under, which may be NULL). */
static inline double text_contrast_of(const ic_scene *s, size_t i, ic_color *under)
{
    const ic_mark *t = &s->marks[i];
    double in = fmin(0.05 * t->size, 0.25 * fmin(t->w, t->h));
    double worst = 21;
    for (int yi = 0; yi < 8; yi++)
        for (int xi = 0; xi < 24; xi++) {
            double px = t->x + in + (t->w - 2 * in) * (xi + 0.5) / 24, py = t->y + in + (t->h - 2 * in) * (yi + 0.5) / 8;
            ic_color c = scene_check_colour_at(s, i, px, py);
            double r = scene_check_ratio(t->color, c);
            if (r < worst) {
                worst = r;
                if (under)
                    *under = c;
            }
        }
    return worst;
}

static inline int check_text_contrast(const ic_scene *s, const char *what)
{
    int bad = 0;
    for (size_t i = 0; i < s->n; i++) {
        const ic_mark *t = &s->marks[i];
        if (t->kind != IC_MARK_TEXT || t->w <= 0 || t->h <= 0)
            continue;
        ic_color under = {1, 1, 1, 1};
        double worst = text_contrast_of(s, i, &under);
        if (worst < 4.5) {
            fprintf(stderr, "%s: \"%s\" (%s, #%02x%02x%02x) has %.2f:1 against #%02x%02x%02x under it\n", what, t->text,
                    ic_role_name(t->role), (int)lround(t->color.r * 255), (int)lround(t->color.g * 255),
                    (int)lround(t->color.b * 255), worst, (int)lround(under.r * 255), (int)lround(under.g * 255),
                    (int)lround(under.b * 255));
            bad++;
        }
    }
    return bad;
}

#endif
