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
    const ic_colors *t = &L.theme;
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
