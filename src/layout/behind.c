/* What is drawn behind a text mark (ic_contrast_behind, contrast.h): the
 * filled marks laid before it that cover part of its box, found by
 * sampling the box against each mark's own shape (rects, circles, ring
 * sectors, filled paths by the non-zero winding rule). */
#include "layout/contrast.h"
#include "core/util.h"

#include <math.h>
#include <string.h>

static int filled(const ic_mark *m)
{
    switch (m->kind) {
    case IC_MARK_RECT:
    case IC_MARK_CIRCLE:
    case IC_MARK_ARC:
        return 1;
    case IC_MARK_PATH:
        return m->width <= 0;
    default:
        return 0;
    }
}

/* Degrees clockwise from 12 o'clock of (dx, dy) (y down), in [0, 360). */
static double clock_angle(double dx, double dy)
{
    double a = atan2(dx, -dy) * 180 / IC_PI;
    return a < 0 ? a + 360 : a;
}

static int in_arc(const ic_mark *m, double px, double py)
{
    double dx = px - m->x2, dy = py - m->y2, d = hypot(dx, dy);
    if (d < m->r0 || d > m->r)
        return 0;
    double span = m->a1 - m->a0;
    if (span >= 360)
        return 1;
    double a = clock_angle(dx, dy) - fmod(m->a0, 360);
    if (a < 0)
        a += 360;
    if (a >= 360)
        a -= 360;
    return a <= span;
}

/* Adds the crossings of edge (x0,y0)-(x1,y1) with the ray to the right of
 * (px, py) to the winding number. */
static void wind(double x0, double y0, double x1, double y1, double px, double py, int *w)
{
    if ((y0 <= py) == (y1 <= py))
        return;
    double x = x0 + (py - y0) * (x1 - x0) / (y1 - y0);
    if (x > px)
        *w += y1 > y0 ? 1 : -1;
}

/* Nonzero winding (cairo's default fill rule) of a filled path; curves are
 * flattened into 12 pieces. */
static int in_path(const ic_mark *m, double px, double py)
{
    int w = 0;
    size_t p = 0;
    double sx = 0, sy = 0, cx = 0, cy = 0;
    int open = 0;
    for (size_t k = 0; k < m->nops; k++) {
        switch (m->ops[k]) {
        case IC_PATH_MOVE:
            if (open)
                wind(cx, cy, sx, sy, px, py, &w);
            if (p + 1 > m->npts)
                return w != 0;
            sx = cx = m->pts[2 * p];
            sy = cy = m->pts[2 * p + 1];
            p++;
            open = 1;
            break;
        case IC_PATH_LINE:
            if (p + 1 > m->npts)
                return w != 0;
            wind(cx, cy, m->pts[2 * p], m->pts[2 * p + 1], px, py, &w);
            cx = m->pts[2 * p];
            cy = m->pts[2 * p + 1];
            p++;
            break;
        case IC_PATH_CURVE: {
            if (p + 3 > m->npts)
                return w != 0;
            const double *q = &m->pts[2 * p];
            double lx = cx, ly = cy;
            for (int s = 1; s <= 12; s++) {
                double t = s / 12.0, u = 1 - t;
                double x = u * u * u * cx + 3 * u * u * t * q[0] + 3 * u * t * t * q[2] + t * t * t * q[4];
                double y = u * u * u * cy + 3 * u * u * t * q[1] + 3 * u * t * t * q[3] + t * t * t * q[5];
                wind(lx, ly, x, y, px, py, &w);
                lx = x;
                ly = y;
            }
            cx = q[4];
            cy = q[5];
            p += 3;
            break;
        }
        case IC_PATH_CLOSE:
            wind(cx, cy, sx, sy, px, py, &w);
            cx = sx;
            cy = sy;
            open = 0;
            break;
        }
    }
    if (open)
        wind(cx, cy, sx, sy, px, py, &w);
    return w != 0;
}

static int contains_point(const ic_mark *m, double px, double py)
{
    switch (m->kind) {
    case IC_MARK_RECT:
        return px >= m->x && px <= m->x + m->w && py >= m->y && py <= m->y + m->h;
    case IC_MARK_CIRCLE:
        return hypot(px - m->x2, py - m->y2) <= m->r;
    case IC_MARK_ARC:
        return in_arc(m, px, py);
    case IC_MARK_PATH:
        return in_path(m, px, py);
    default:
        return 0;
    }
}

/* How a filled mark lies over box (x0, y0)-(x1, y1): 0 not at all, 1 over
 * part of it, 2 over all of it. Rects are exact; other shapes are sampled
 * on a 16 x 6 grid of the box (with its corners). */
static int coverage(const ic_mark *m, double x0, double y0, double x1, double y1)
{
    if (m->kind == IC_MARK_RECT) {
        double rx0 = fmin(m->x, m->x + m->w), rx1 = fmax(m->x, m->x + m->w);
        double ry0 = fmin(m->y, m->y + m->h), ry1 = fmax(m->y, m->y + m->h);
        if (rx1 <= x0 || rx0 >= x1 || ry1 <= y0 || ry0 >= y1)
            return 0;
        return rx0 <= x0 && rx1 >= x1 && ry0 <= y0 && ry1 >= y1 ? 2 : 1;
    }
    /* bounds first */
    if (m->x + m->w <= x0 || m->x >= x1 || m->y + m->h <= y0 || m->y >= y1)
        return 0;
    enum { NX = 16, NY = 6 };
    int in = 0, total = 0;
    for (int j = 0; j <= NY; j++)
        for (int i = 0; i <= NX; i++) {
            double px = x0 + (x1 - x0) * i / NX, py = y0 + (y1 - y0) * j / NY;
            in += contains_point(m, px, py);
            total++;
        }
    return in == 0 ? 0 : in == total ? 2 : 1;
}

static ic_color over(ic_color top, ic_color below)
{
    double a = fmax(0, fmin(1, top.a));
    ic_color c = {top.r * a + below.r * (1 - a), top.g * a + below.g * (1 - a), top.b * a + below.b * (1 - a), 1};
    return c;
}

size_t ic_contrast_behind(const ic_scene *s, size_t i, ic_color canvas, ic_color *out, size_t max)
{
    const ic_mark *t = &s->marks[i];
    /* the box, less a sliver at each side so that a box merely touching a
     * mark (a label set against a bar's end) does not count as over it */
    double inset = fmin(0.05 * t->size, 0.25 * fmin(t->w, t->h));
    double x0 = t->x + inset, x1 = t->x + t->w - inset, y0 = t->y + inset, y1 = t->y + t->h - inset;
    size_t n = 0;
    int covered = 0;
    for (size_t j = i; j-- > 0 && !covered;) {
        const ic_mark *m = &s->marks[j];
        if (!filled(m) || m->color.a <= 0)
            continue;
        int c = coverage(m, x0, y0, x1, y1);
        if (c == 0)
            continue;
        ic_color col = m->color.a < 1 ? over(m->color, canvas) : m->color;
        if (n < max)
            out[n++] = col;
        covered = c == 2 && m->color.a >= 1;
    }
    if (!covered && n < max)
        out[n++] = canvas;
    return n;
}

