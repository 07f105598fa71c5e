/* The categorical palettes stay apart for colour-blind readers.
 *
 * Every pair of palette colours (light and dark theme), and every colour
 * against the muted grey used for whatever lies beyond the palette, must be
 * at least MIN_DE apart in CIEDE2000 under normal vision and under simulated
 * deuteranopia and protanopia.
 *
 * Simulation: Machado, Oliveira & Fernandes, "A Physiologically-based Model
 * for Simulation of Color Vision Deficiency", IEEE TVCG 15(6), 2009, the
 * severity-1.0 matrices, applied to linear RGB (sRGB decoded), clamped.
 * Colour difference: CIEDE2000 (CIE 142-2001) in CIELAB, D65 white, with
 * the implementation checked against Sharma, Wu & Dalal (2005) test pairs.
 *
 * MIN_DE = 10: a just-noticeable difference is about 1-2.3; for marks the
 * size of legend swatches, thin lines and thin slices, differences must be
 * several times larger to be told apart at a glance (Szafir, "Modeling Color
 * Difference for Visualization Design", IEEE TVCG 2018, finds the needed
 * difference grows steeply as marks get smaller). The palette was chosen
 * by search to keep 10 under both simulations (docs/colour.md).
 *
 * Contrast (WCAG 2): every colour at least 3:1 against its theme's background
 * (WCAG 1.4.11, graphical objects and large text); text drawn in a series
 * colour goes through
 * ic_theme_text_color, which must reach 4.5:1 for every colour. */
#include "check.h"
#include "layout/layout.h"

#include <math.h>
#include <string.h>

#define MIN_DE 10.0

static double lin(double c)
{
    return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static const double machado_protan[3][3] = {{0.152286, 1.052583, -0.204868},
                                            {0.114503, 0.786281, 0.099216},
                                            {-0.003882, -0.048116, 1.051998}};
static const double machado_deutan[3][3] = {{0.367322, 0.860646, -0.227968},
                                            {0.280085, 0.672501, 0.047413},
                                            {-0.011820, 0.042940, 0.968881}};

/* CIELAB of colour c as seen with matrix m (NULL: normal vision). */
static void to_lab(ic_color c, const double (*m)[3], double *lab)
{
    double v[3] = {lin(c.r), lin(c.g), lin(c.b)}, s[3];
    for (int i = 0; i < 3; i++) {
        s[i] = m ? m[i][0] * v[0] + m[i][1] * v[1] + m[i][2] * v[2] : v[i];
        s[i] = fmax(0, fmin(1, s[i]));
    }
    double xyz[3] = {(0.4124 * s[0] + 0.3576 * s[1] + 0.1805 * s[2]) / 0.95047,
                     0.2126 * s[0] + 0.7152 * s[1] + 0.0722 * s[2],
                     (0.0193 * s[0] + 0.1192 * s[1] + 0.9505 * s[2]) / 1.08883};
    double f[3];
    for (int i = 0; i < 3; i++) {
        double t = xyz[i], d = 6.0 / 29;
        f[i] = t > d * d * d ? cbrt(t) : t / (3 * d * d) + 4.0 / 29;
    }
    lab[0] = 116 * f[1] - 16;
    lab[1] = 500 * (f[0] - f[1]);
    lab[2] = 200 * (f[1] - f[2]);
}

static double deg(double r)
{
    return r * 180 / 3.14159265358979323846;
}

static double rad(double d)
{
    return d * 3.14159265358979323846 / 180;
}

/* CIEDE2000 (Sharma, Wu & Dalal 2005, equations 1-22). */
static double de2000(const double *p, const double *q)
{
    double C1 = hypot(p[1], p[2]), C2 = hypot(q[1], q[2]), Cb = (C1 + C2) / 2;
    double G = 0.5 * (1 - sqrt(pow(Cb, 7) / (pow(Cb, 7) + pow(25, 7))));
    double a1 = (1 + G) * p[1], a2 = (1 + G) * q[1];
    double C1p = hypot(a1, p[2]), C2p = hypot(a2, q[2]);
    double h1 = C1p == 0 ? 0 : fmod(deg(atan2(p[2], a1)) + 360, 360);
    double h2 = C2p == 0 ? 0 : fmod(deg(atan2(q[2], a2)) + 360, 360);
    double dL = q[0] - p[0], dC = C2p - C1p, dh = 0;
    if (C1p * C2p != 0) {
        dh = h2 - h1;
        if (dh > 180)
            dh -= 360;
        else if (dh < -180)
            dh += 360;
    }
    double dH = 2 * sqrt(C1p * C2p) * sin(rad(dh / 2));
    double Lb = (p[0] + q[0]) / 2, Cbp = (C1p + C2p) / 2, hb;
    if (C1p * C2p == 0)
        hb = h1 + h2;
    else if (fabs(h1 - h2) <= 180)
        hb = (h1 + h2) / 2;
    else
        hb = h1 + h2 < 360 ? (h1 + h2 + 360) / 2 : (h1 + h2 - 360) / 2;
    double T = 1 - 0.17 * cos(rad(hb - 30)) + 0.24 * cos(rad(2 * hb)) + 0.32 * cos(rad(3 * hb + 6)) -
               0.20 * cos(rad(4 * hb - 63));
    double dth = 30 * exp(-pow((hb - 275) / 25, 2));
    double Rc = 2 * sqrt(pow(Cbp, 7) / (pow(Cbp, 7) + pow(25, 7)));
    double SL = 1 + 0.015 * pow(Lb - 50, 2) / sqrt(20 + pow(Lb - 50, 2));
    double SC = 1 + 0.045 * Cbp, SH = 1 + 0.015 * Cbp * T, RT = -sin(rad(2 * dth)) * Rc;
    double x = dL / SL, y = dC / SC, z = dH / SH;
    return sqrt(x * x + y * y + z * z + RT * y * z);
}

static const char *const vision_name[3] = {"normal vision", "deuteranopia", "protanopia"};

static double distance(ic_color a, ic_color b, int vision)
{
    const double (*m)[3] = vision == 1 ? machado_deutan : vision == 2 ? machado_protan : NULL;
    double la[3], lb[3];
    to_lab(a, m, la);
    to_lab(b, m, lb);
    return de2000(la, lb);
}

static unsigned hex_of(ic_color c)
{
    return (unsigned)lround(c.r * 255) << 16 | (unsigned)lround(c.g * 255) << 8 | (unsigned)lround(c.b * 255);
}

static void theme_of(int dark, ic_layout *L)
{
    static ic_spec spec;
    static ic_scene scene;
    memset(&spec, 0, sizeof spec);
    memset(&scene, 0, sizeof scene);
    spec.text_scale = 1;
    spec.theme_dark = dark;
    scene.width = scene.height = 1080;
    ic_error err = {0};
    CHECK(ic_layout_init(L, &spec, NULL, &scene, &err) == 0);
}

static void check_theme(int dark)
{
    ic_layout L;
    theme_of(dark, &L);
    const ic_colors *t = &L.theme;
    const char *name = dark ? "dark" : "light";
    CHECK(t->npalette >= 10);
    double worst = 1e9;
    for (size_t i = 0; i < t->npalette; i++) {
        for (int v = 0; v < 3; v++) {
            for (size_t j = i + 1; j <= t->npalette; j++) {
                /* j == npalette: the muted grey that stands for "the rest" */
                ic_color b = j < t->npalette ? t->palette[j] : t->muted;
                double d = distance(t->palette[i], b, v);
                worst = fmin(worst, d);
                if (d < MIN_DE)
                    fprintf(stderr, "%s palette: #%06X and #%06X are %.1f apart under %s\n", name,
                            hex_of(t->palette[i]), hex_of(b), d, vision_name[v]);
                CHECK(d >= MIN_DE);
            }
        }
        /* contrast against the background: every data colour has 3:1 */
        double c = ic_color_contrast(t->palette[i], t->background);
        if (c < 3)
            fprintf(stderr, "%s palette: #%06X has contrast %.2f:1\n", name, hex_of(t->palette[i]), c);
        CHECK(c >= 3);
        double tc = ic_color_contrast(ic_theme_text_color(t, t->palette[i]), t->background);
        CHECK(tc >= 4.5);
    }
    fprintf(stderr, "%s palette: %zu colours, closest pair %.1f CIEDE2000\n", name, t->npalette, worst);
    /* beyond the palette: the muted grey, never a repeated colour */
    ic_color beyond = ic_palette_color(t, t->npalette);
    CHECK(memcmp(&beyond, &t->muted, sizeof beyond) == 0);
    ic_color first = ic_palette_color(t, 0);
    CHECK(memcmp(&first, &t->palette[0], sizeof first) == 0);
}

int main(void)
{
    /* CIEDE2000 against Sharma, Wu & Dalal (2005), table 1, pairs 1, 7, 17 */
    const double p1[3] = {50, 2.6772, -79.7751}, q1[3] = {50, 0, -82.7485};
    const double p7[3] = {50, 0, 0}, q7[3] = {50, -1, 2};
    const double p17[3] = {50, 2.5, 0}, q17[3] = {73, 25, -18};
    CHECK_NEAR(de2000(p1, q1), 2.0425, 1e-4);
    CHECK_NEAR(de2000(p7, q7), 2.3669, 1e-4);
    CHECK_NEAR(de2000(p17, q17), 27.1492, 1e-4);
    /* the simulations keep greys grey and make red and green alike */
    ic_color grey = {0.5, 0.5, 0.5, 1}, red = {0.8, 0.2, 0.1, 1}, green = {0.3, 0.6, 0.1, 1};
    CHECK(distance(grey, grey, 1) < 0.01);
    CHECK(distance(red, green, 1) < distance(red, green, 0) / 2);
    CHECK(distance(red, green, 2) < distance(red, green, 0) / 2);

    check_theme(0);
    check_theme(1);
    return CHECK_DONE();
}
