/* Contrast: text against what is drawn behind it, data colours against the
 * background.
 *
 * Luminance and ratio follow WCAG 2.1 (relative luminance of sRGB, ratio
 * (L1 + 0.05) / (L2 + 0.05)). Shades are taken in OKLCH (Ottosson's OKLab in
 * polar form): lightness moves, hue stays, chroma stays unless the colour
 * would leave sRGB, where it shrinks just enough to fit. */
#include "layout/contrast.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* luminance and ratio                                                 */

static double linear(double c)
{
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double encoded(double c)
{
    c = fmax(0, fmin(1, c));
    return c <= 0.0031308 ? 12.92 * c : 1.055 * pow(c, 1 / 2.4) - 0.055;
}

double ic_contrast_luminance(ic_color c)
{
    return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b);
}

static double ratio_of(double la, double lb)
{
    return (fmax(la, lb) + 0.05) / (fmin(la, lb) + 0.05);
}

/* The lowest contrast `c` has against any of behind[0..n). */
static double worst_ratio(ic_color c, const ic_color *behind, size_t n)
{
    double l = ic_contrast_luminance(c), worst = 21;
    for (size_t i = 0; i < n; i++)
        worst = fmin(worst, ratio_of(l, ic_contrast_luminance(behind[i])));
    return worst;
}

/* ------------------------------------------------------------------ */
/* OKLCH                                                               */

typedef struct lch { double l, c, h; } lch;

static lch to_oklch(ic_color c)
{
    double r = linear(c.r), g = linear(c.g), b = linear(c.b);
    double l = cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
    double m = cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
    double s = cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
    double L = 0.2104542553 * l + 0.7936177850 * m - 0.0040720468 * s;
    double A = 1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s;
    double B = 0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s;
    lch o = {L, hypot(A, B), atan2(B, A)};
    return o;
}

/* Linear sRGB of an OKLCH colour (may lie outside 0..1). */
static void oklch_linear(double L, double C, double h, double *rgb)
{
    double A = C * cos(h), B = C * sin(h);
    double l = L + 0.3963377774 * A + 0.2158037573 * B;
    double m = L - 0.1055613458 * A - 0.0638541728 * B;
    double s = L - 0.0894841775 * A - 1.2914855480 * B;
    l = l * l * l;
    m = m * m * m;
    s = s * s * s;
    rgb[0] = 4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s;
    rgb[1] = -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s;
    rgb[2] = -0.0041960863 * l - 0.7034186147 * m + 1.7076147010 * s;
}

static int in_gamut(const double *rgb)
{
    const double eps = 1e-7;
    return rgb[0] >= -eps && rgb[0] <= 1 + eps && rgb[1] >= -eps && rgb[1] <= 1 + eps && rgb[2] >= -eps &&
           rgb[2] <= 1 + eps;
}

/* The sRGB colour of lightness L and hue h with as much of chroma C as fits. */
static ic_color from_oklch(double L, double C, double h, double alpha)
{
    double rgb[3];
    oklch_linear(L, C, h, rgb);
    if (!in_gamut(rgb)) {
        double lo = 0, hi = C;
        for (int k = 0; k < 30; k++) {
            double mid = (lo + hi) / 2;
            oklch_linear(L, mid, h, rgb);
            if (in_gamut(rgb))
                lo = mid;
            else
                hi = mid;
        }
        oklch_linear(L, lo, h, rgb);
    }
    ic_color c = {encoded(rgb[0]), encoded(rgb[1]), encoded(rgb[2]), alpha};
    return c;
}

ic_color ic_contrast_shade(ic_color c, const ic_color *behind, size_t n, double ratio)
{
    if (n == 0 || worst_ratio(c, behind, n) >= ratio)
        return c;
    lch o = to_oklch(c);
    const double step = 0.002;
    ic_color found[2];
    double dist[2] = {INFINITY, INFINITY};
    for (int dir = 0; dir < 2; dir++) {
        /* dir 0: darker, dir 1: lighter; stop at the first that reads */
        for (int k = 1;; k++) {
            double L = o.l + (dir ? k : -k) * step;
            if (L < 0 || L > 1) {
                L = dir ? 1 : 0;
                ic_color x = from_oklch(L, o.c, o.h, c.a);
                if (worst_ratio(x, behind, n) >= ratio) {
                    found[dir] = x;
                    dist[dir] = fabs(L - o.l);
                }
                break;
            }
            ic_color x = from_oklch(L, o.c, o.h, c.a);
            if (worst_ratio(x, behind, n) >= ratio) {
                found[dir] = x;
                dist[dir] = fabs(L - o.l);
                break;
            }
        }
    }
    if (isfinite(dist[0]) || isfinite(dist[1]))
        return dist[0] <= dist[1] ? found[0] : found[1];
    ic_color black = {0x1A / 255.0, 0x1A / 255.0, 0x1A / 255.0, c.a};
    ic_color white = {0xF2 / 255.0, 0xF2 / 255.0, 0xF2 / 255.0, c.a};
    return worst_ratio(black, behind, n) >= worst_ratio(white, behind, n) ? black : white;
}

/* ------------------------------------------------------------------ */
/* what lies behind a text                                             */

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
    double a = atan2(dx, -dy) * 180 / 3.14159265358979323846;
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

int ic_contrast_fix_text(ic_layout *L)
{
    ic_scene *s = L->scene;
    ic_color behind[32];
    int changed = 0;
    for (size_t i = 0; i < s->n; i++) {
        ic_mark *m = &s->marks[i];
        if (m->kind != IC_MARK_TEXT)
            continue;
        size_t n = ic_contrast_behind(s, i, L->theme.background, behind, sizeof behind / sizeof *behind);
        if (worst_ratio(m->color, behind, n) >= IC_CONTRAST_TEXT)
            continue;
        /* a little above 4.5 so the colour written as #rrggbb still has it */
        m->color = ic_contrast_shade(m->color, behind, n, IC_CONTRAST_TEXT + 0.05);
        changed++;
    }
    return changed;
}

/* ------------------------------------------------------------------ */
/* the spec's data colours                                             */

static unsigned hex_of(ic_color c)
{
    return (unsigned)lround(c.r * 255) << 16 | (unsigned)lround(c.g * 255) << 8 | (unsigned)lround(c.b * 255);
}

static void add_issue(ic_contrast_issue *out, size_t max, size_t *n, const char *key, size_t index,
                      const char *what, ic_color c, ic_color bg)
{
    double r = ic_color_contrast(c, bg);
    if (r >= IC_CONTRAST_DATA)
        return;
    if (*n < max) {
        ic_contrast_issue *is = &out[*n];
        memset(is, 0, sizeof *is);
        is->key = key;
        is->index = index;
        is->what = what;
        is->color = c;
        is->background = bg;
        is->ratio = r;
        is->suggestion = ic_contrast_shade(c, &bg, 1, IC_CONTRAST_DATA + 0.05);
    }
    (*n)++;
}

size_t ic_contrast_spec_issues(const ic_spec *spec, ic_contrast_issue *out, size_t max)
{
    /* the theme exactly as a layout would make it (no fonts needed) */
    ic_scene scene;
    memset(&scene, 0, sizeof scene);
    scene.width = scene.height = 1080;
    ic_layout L;
    ic_error err = {0};
    if (ic_layout_init(&L, spec, NULL, &scene, &err) != 0)
        return 0;
    const ic_theme *t = &L.theme;
    size_t n = 0;
    if (spec->accent)
        add_issue(out, max, &n, "accent", 0, NULL, t->accent, t->background);
    else if (spec->theme_bg)
        add_issue(out, max, &n, "background", 0, "the accent colour", t->accent, t->background);
    if (spec->muted)
        add_issue(out, max, &n, "muted", 0, NULL, t->muted, t->background);
    else if (spec->theme_bg)
        add_issue(out, max, &n, "background", 0, "the muted grey", t->muted, t->background);
    if (spec->npalette > 0) {
        for (size_t i = 0; i < t->npalette; i++)
            add_issue(out, max, &n, "palette", i, NULL, t->palette[i], t->background);
    } else if (spec->theme_bg) {
        /* palette[0] is the accent when one was given: checked above */
        for (size_t i = spec->accent ? 1 : 0; i < t->npalette; i++)
            add_issue(out, max, &n, "background", i, "a palette colour", t->palette[i], t->background);
    }
    return n;
}

int ic_contrast_note_spec(const ic_spec *spec, ic_table *table)
{
    ic_contrast_issue is[IC_PALETTE_MAX + 2];
    size_t n = ic_contrast_spec_issues(spec, is, sizeof is / sizeof *is);
    if (n > sizeof is / sizeof *is)
        n = sizeof is / sizeof *is;
    const char *path = spec->path ? spec->path : "spec";
    for (size_t i = 0; i < n; i++) {
        const ic_contrast_issue *x = &is[i];
        double r = floor(x->ratio * 100) / 100; /* never shown as 3.00 when below 3 */
        int rc;
        if (strcmp(x->key, "background") == 0)
            rc = ic_table_note(table,
                               "%s: warning: on the \"background\" #%06x, %s #%06x has %.2f:1 contrast; data marks "
                               "need 3:1 to be seen (a shade of the same hue that has it: #%06x), or choose "
                               "another background",
                               path, hex_of(x->background), x->what, hex_of(x->color), r, hex_of(x->suggestion));
        else if (strcmp(x->key, "palette") == 0)
            rc = ic_table_note(table,
                               "%s: warning: \"palette\" colour %zu (#%06x) has %.2f:1 contrast with the background "
                               "#%06x; data marks need 3:1 to be seen (a shade of the same hue that has it: #%06x)",
                               path, x->index + 1, hex_of(x->color), r, hex_of(x->background), hex_of(x->suggestion));
        else
            rc = ic_table_note(table,
                               "%s: warning: \"%s\" (#%06x) has %.2f:1 contrast with the background #%06x; data "
                               "marks need 3:1 to be seen (a shade of the same hue that has it: #%06x)",
                               path, x->key, hex_of(x->color), r, hex_of(x->background), hex_of(x->suggestion));
        if (rc != 0)
            return -1;
    }
    return (int)n;
}
