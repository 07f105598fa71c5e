/* The shared value axis (src/layout/axis.c): ticks whose labels fit the
 * length they are given, the mapping from values to positions, and the
 * thinning of ordered category labels onto round numbers. */
#include "check.h"
#include "layout/axis.h"
#include "text/font.h"

#include <stdlib.h>

static const ic_fonts *fonts;

/* Plain numbers, decimals as the step needs. */
static ic_numfmt plain_format(void)
{
    ic_numfmt f = {0};
    f.style = IC_NUM_PLAIN;
    f.decimals = -1;
    f.multiply = 1;
    f.divisor = 1;
    return f;
}

/* A layout on a `width` x `height` canvas with the default type scale. */
static void layout_on(ic_layout *L, ic_spec *spec, ic_scene **scene, double width, double height)
{
    memset(spec, 0, sizeof *spec);
    spec->text_scale = 1;
    *scene = ic_scene_new(width, height, fonts);
    ic_error err = {0};
    CHECK(*scene != NULL);
    CHECK(ic_layout_init(L, spec, NULL, *scene, &err) == 0);
}

/* Neighbouring labels keep a gap (horizontal) or a line and a half
 * (vertical) at the length given, and the count falls as the length does. */
static void test_ticks_fit(void)
{
    ic_layout L;
    ic_spec spec;
    ic_scene *scene;
    layout_on(&L, &spec, &scene, 1080, 1080);
    ic_numfmt fmt = plain_format();
    size_t last = 99;
    for (double length = 1000; length >= 60; length *= 0.7) {
        ic_axis a;
        int rc = ic_axis_choose(&L, &a, 0, 123456789, length, 0, 0, 7, &fmt);
        CHECK(a.n >= 1 && a.n <= 7);
        CHECK(a.n <= last);
        last = a.n;
        double per = length * a.step / (a.hi - a.lo);
        for (size_t j = 1; rc == 0 && j < a.n; j++)
            CHECK(per >= (a.width[j - 1] + a.width[j]) / 2);
        for (size_t j = 0; j < a.n; j++)
            CHECK(a.value[j] >= 0 && a.value[j] <= 123456789);
    }
    /* vertical: a line and a half apart */
    ic_axis v;
    CHECK(ic_axis_choose(&L, &v, -0.5, 1.0, 300, 1, 1, 7, &fmt) == 0);
    CHECK(v.lo <= -0.5 && v.hi >= 1.0);
    CHECK(300 * v.step / (v.hi - v.lo) >= 1.5 * ic_number_line_height(&L, IC_FONT_REGULAR, v.size, 1.0));
    /* 0..10 where six ticks do not fit but five would at 2.5: "7.5"
     * between "5" and "10" is not worth a tick; three at 5 instead */
    CHECK(ic_axis_choose(&L, &v, 0, 10, 230, 1, 1, 7, &fmt) == 0);
    CHECK_NEAR(v.step, 5, 1e-12);
    /* 2.5 is fine when it writes no decimals (25, 50, 75) */
    CHECK(ic_axis_choose(&L, &v, 0, 100, 230, 1, 1, 7, &fmt) == 0);
    CHECK_NEAR(v.step, 25, 1e-12);
    /* compact ticks carry the value labels' unit word once, on the
     * highest tick; on an axis too short for it, the short form */
    ic_numfmt m = plain_format();
    m.style = IC_NUM_COMPACT;
    m.divisor = 1e6;
    m.unit_long = " million";
    m.unit_short = "M";
    m.decimals = 1;
    ic_axis h;
    CHECK(ic_axis_choose(&L, &h, 0, 25e6, 900, 0, 1, 7, &m) == 0);
    CHECK(h.n >= 3);
    for (size_t j = 0; j + 1 < h.n; j++)
        CHECK(strstr(h.text[j], "million") == NULL && strchr(h.text[j], 'M') == NULL);
    CHECK(strstr(h.text[h.n - 1], " million") != NULL);
    /* one measure, one unit: the value labels written with the same format
     * take the axis's form, "24.3 million" beside "25 million" ... */
    char label[64];
    CHECK(m.short_units == 0);
    ic_numfmt_format(&m, 24.3e6, label, sizeof label);
    CHECK(strcmp(label, "24.3 million") == 0);
    ic_axis_choose(&L, &h, -1e7, 1e7, 40, 0, 1, 7, &m); /* (even two may not fit) */
    CHECK(strstr(h.text[h.n - 1], "million") == NULL && strchr(h.text[h.n - 1], 'M') != NULL);
    /* ... and "24.3M" beside "10M" (it said "24.3 million") */
    CHECK(m.short_units == 1);
    ic_numfmt_format(&m, 24.3e6, label, sizeof label);
    CHECK(strcmp(label, "24.3M") == 0);
    /* too short for two: says so, and still holds a choice */
    CHECK(ic_axis_choose(&L, &v, 0, 100, 10, 1, 1, 7, &fmt) == 1);
    CHECK(v.n >= 2);
    ic_scene_free(scene);
}

/* Drawn labels sit on their ticks' positions and never overlap. */
static void test_draw(void)
{
    ic_layout L;
    ic_spec spec;
    ic_scene *scene;
    layout_on(&L, &spec, &scene, 1080, 1080);
    ic_numfmt fmt = plain_format();
    ic_axis a;
    ic_axis_choose(&L, &a, 0, 50, 800, 0, 0, 7, &fmt);
    ic_axis_place p = {100, 900, 100, 600, 620, 100, 1000, 0, 0};
    size_t before = scene->n;
    CHECK(ic_axis_draw(&L, &a, &p) == 0);
    size_t labels = 0, grid = 0;
    double prev_end = -1;
    for (size_t i = before; i < scene->n; i++) {
        const ic_mark *m = &scene->marks[i];
        if (m->role == IC_ROLE_GRIDLINE) {
            grid++;
            CHECK_NEAR(m->width, L.grid_w, 1e-9);
        }
        if (m->role != IC_ROLE_TICK_LABEL)
            continue;
        labels++;
        /* centred on its tick, or pushed inside min..max at an end */
        int centred = fabs(m->x + m->w / 2 - ic_axis_pos(&a, &p, m->value)) < 1e-6;
        CHECK(centred || fabs(m->x - p.min) < 1e-6 || fabs(m->x + m->w - p.max) < 1e-6);
        CHECK(m->x >= prev_end);
        prev_end = m->x + m->w;
    }
    CHECK(labels == a.n);
    CHECK(grid == a.n - 1); /* none at zero: the baseline's place */
    ic_scene_free(scene);
}

static const char *years[] = {"1901", "1902", "1903", "1904", "1905", "1906", "1907", "1908", "1909", "1910",
                              "1911", "1912", "1913", "1914", "1915", "1916", "1917", "1918", "1919", "1920",
                              "1921", "1922", "1923"};

static const char *year_text(size_t i, const void *ctx)
{
    (void)ctx;
    return years[i];
}

static const char *mixed_text(size_t i, const void *ctx)
{
    (void)ctx;
    return i == 3 ? "n/a" : years[i];
}

/* Thinned year labels fall on round years; the first and last stay. */
static void test_thinning(void)
{
    size_t n = sizeof years / sizeof *years;
    double v0;
    double d = ic_axis_regular_numbers(n, year_text, NULL, &v0);
    CHECK_NEAR(d, 1, 1e-12);
    CHECK_NEAR(v0, 1901, 1e-12);
    CHECK(ic_axis_regular_numbers(n, mixed_text, NULL, &v0) == 0);
    char shown[256] = "";
    for (size_t i = 0; i < n; i++)
        if (ic_axis_label_shown(i, n, 4, 1901, 1))
            snprintf(shown + strlen(shown), sizeof shown - strlen(shown), "%s ", years[i]);
    /* a step of 5 (the round number at least 4); 1920 is too near 1923 */
    CHECK_STR(shown, "1901 1905 1910 1915 1923 ");
    /* not numbers: every Nth */
    shown[0] = '\0';
    for (size_t i = 0; i < n; i++)
        if (ic_axis_label_shown(i, n, 4, 0, 0))
            snprintf(shown + strlen(shown), sizeof shown - strlen(shown), "%zu ", i);
    CHECK_STR(shown, "0 4 8 12 16 22 ");
}

/* Picking labels along x: no two closer than the gap, ends kept inside,
 * a regular stride for even spacing, the last and first first otherwise. */
static void test_pick(void)
{
    double x[10], w[10], left[10];
    unsigned char keep[10];
    for (int i = 0; i < 10; i++) {
        x[i] = 100 + 50.0 * i;
        w[i] = 60;
    }
    CHECK(ic_axis_pick(x, w, 10, 80, 600, 10, 1, keep, left) == 0);
    int kept = 0, prev = -1, stride = -1;
    for (int i = 0; i < 10; i++) {
        if (!keep[i])
            continue;
        kept++;
        if (prev >= 0) {
            CHECK(left[i] >= left[prev] + w[prev] + 10 - 1e-9);
            if (stride < 0)
                stride = i - prev;
            CHECK(i - prev == stride);
        }
        CHECK(left[i] >= 80 - 1e-9 && left[i] + w[i] <= 600 + 1e-9);
        prev = i;
    }
    CHECK(keep[0] && kept >= 3 && kept < 10);
    /* irregular: the last and the first are kept */
    double xi[5] = {100, 130, 150, 400, 560}, wi[5] = {60, 60, 60, 60, 60};
    CHECK(ic_axis_pick(xi, wi, 5, 80, 600, 10, 0, keep, left) == 0);
    CHECK(keep[4] && keep[0] && !keep[1] && !keep[2] && keep[3]);
    CHECK(left[4] + wi[4] <= 600 + 1e-9); /* slid inside */
}

int main(void)
{
    ic_error err = {0};
    ic_fonts *f = ic_fonts_load(IC_SOURCE_DIR "/fonts", &err);
    CHECK(f != NULL);
    fonts = f;
    if (f) {
        test_ticks_fit();
        test_draw();
    }
    test_thinning();
    test_pick();
    ic_fonts_free(f);
    return CHECK_DONE();
}
