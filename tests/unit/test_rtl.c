/* Right-to-left layout: every example chart, laid out with "direction": "rtl"
 * (and "mirror_time" so time axes flip too), is the exact mirror image of its
 * left-to-right layout; and with time kept left to right (the default), it
 * still keeps all text inside the canvas without overlaps, at every preset. */
#include "check.h"
#include "chart_fixture.h"
#include "scene_checks.h"
#include "example_limits.h"
#include "charts/chart.h"

#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NEAR(a, b) (fabs((a) - (b)) < 0.02)

/* Each mark of `r` must be mark i of `l` reflected about x = W/2. */
static int mirrored(const ic_scene *l, const ic_scene *r, const char *what)
{
    if (l->n != r->n) {
        fprintf(stderr, "%s: %zu marks left to right, %zu right to left\n", what, l->n, r->n);
        return 1;
    }
    int bad = 0;
    double W = l->width;
    for (size_t i = 0; i < l->n && bad < 5; i++) {
        const ic_mark *a = &l->marks[i], *b = &r->marks[i];
        int ok = a->kind == b->kind && a->role == b->role && a->row == b->row && NEAR(a->y, b->y) &&
                 NEAR(a->w, b->w) && NEAR(a->h, b->h) && NEAR(W - (a->x + a->w), b->x);
        if (ok && a->kind == IC_MARK_LINE)
            ok = NEAR(W - a->x2, b->x2);
        if (ok && a->kind == IC_MARK_ARC)
            ok = NEAR(360 - a->a1, b->a0) && NEAR(360 - a->a0, b->a1);
        if (!ok) {
            fprintf(stderr, "%s: mark %zu (%s \"%s\") is not mirrored: x %.2f w %.2f vs x %.2f w %.2f\n", what, i,
                    ic_role_name(a->role), a->text ? a->text : "", a->x, a->w, b->x, b->w);
            bad++;
        }
    }
    return bad;
}

/* How far the first year label's top sits under the baseline, and how far
 * the first value tick label's centre sits from its gridline. */
static void axis_offsets(const ic_scene *s, double *year_gap, double *tick_off)
{
    double base_y = NAN;
    *year_gap = *tick_off = NAN;
    for (size_t i = 0; i < s->n; i++)
        if (s->marks[i].role == IC_ROLE_BASELINE && s->marks[i].kind == IC_MARK_LINE)
            base_y = s->marks[i].y;
    for (size_t i = 0; i < s->n && isnan(*year_gap); i++)
        if (s->marks[i].role == IC_ROLE_CATEGORY_LABEL && s->marks[i].kind == IC_MARK_TEXT)
            *year_gap = s->marks[i].y - base_y;
    for (size_t i = 0; i < s->n && isnan(*tick_off); i++) {
        const ic_mark *t = &s->marks[i];
        if (t->role != IC_ROLE_TICK_LABEL || t->kind != IC_MARK_TEXT)
            continue;
        double best = INFINITY, centre = t->y + t->h / 2;
        for (size_t j = 0; j < s->n; j++)
            if ((s->marks[j].role == IC_ROLE_GRIDLINE || s->marks[j].role == IC_ROLE_BASELINE) &&
                s->marks[j].kind == IC_MARK_LINE && s->marks[j].y == s->marks[j].y2 &&
                fabs(s->marks[j].y - centre) < fabs(best))
                best = s->marks[j].y - centre;
        *tick_off = best;
    }
}

/* Latin digits in an Urdu chart take their own font's metrics: years sit
 * under the axis and tick labels on their gridlines exactly where they do
 * in the English chart (years had been 59 px under the axis against 26). */
static void test_digits_metrics(const ic_fonts *fonts)
{
    ic_error err = {0};
    char path[1024];
    ic_chart *en = fixture_example("child_share_line.json", path, sizeof path, &err);
    ic_chart *ur = fixture_example("ur_child_share_line.json", path, sizeof path, &err);
    CHECK(en && ur);
    ic_scene *se = en ? ic_chart_layout(en, fonts, &err) : NULL, *su = ur ? ic_chart_layout(ur, fonts, &err) : NULL;
    CHECK(se && su);
    if (se && su) {
        double ye, te, yu, tu;
        axis_offsets(se, &ye, &te);
        axis_offsets(su, &yu, &tu);
        CHECK(!isnan(ye) && !isnan(yu) && !isnan(te) && !isnan(tu));
        CHECK(fabs(ye - yu) < 0.5);
        CHECK(fabs(te - tu) < 0.5);
        if (!(fabs(ye - yu) < 0.5) || !(fabs(te - tu) < 0.5))
            fprintf(stderr, "years %.2f vs %.2f under the axis, ticks %.2f vs %.2f off their gridlines\n", ye, yu,
                    te, tu);
    }
    ic_scene_free(se);
    ic_scene_free(su);
    ic_chart_free(en);
    ic_chart_free(ur);
}

int main(void)
{
    ic_error err = {0};
    ic_fonts *fonts = ic_fonts_load(IC_SOURCE_DIR "/fonts", &err);
    CHECK(fonts != NULL);
    if (fonts)
        test_digits_metrics(fonts);
    DIR *d = opendir(IC_SOURCE_DIR "/datasets");
    CHECK(d != NULL);
    struct dirent *e;
    int n = 0;
    while (fonts && d && (e = readdir(d)) != NULL) {
        if (!fixture_is_spec(e->d_name))
            continue;
        char path[1024];
        ic_chart *chart = fixture_example(e->d_name, path, sizeof path, &err);
        CHECK(chart != NULL);
        if (!chart)
            continue;
        n++;
        int was_rtl = chart->spec->rtl;
        chart->spec->rtl = 0;
        ic_scene *ltr = ic_chart_layout(chart, fonts, &err);
        chart->spec->rtl = 1;
        chart->spec->mirror_time = 1;
        ic_scene *rtl = ic_chart_layout(chart, fonts, &err);
        CHECK(ltr && rtl);
        if (ltr && rtl && !was_rtl)
            CHECK(mirrored(ltr, rtl, e->d_name) == 0);
        ic_scene_free(ltr);
        ic_scene_free(rtl);
        /* time left to right inside a mirrored frame: still legible everywhere */
        chart->spec->mirror_time = 0;
        for (const char *const *p = ic_preset_names(); *p; p++) {
            CHECK(fixture_resize(chart, *p) == 0);
            ic_error lerr = {0};
            ic_scene *s = ic_chart_layout(chart, fonts, &lerr);
            /* refused only where example_limits.h says why */
            CHECK(s != NULL || (example_limit(e->d_name, *p) && strstr(lerr.message, "'size'")));
            if (s) {
                char what[512];
                snprintf(what, sizeof what, "%s rtl at %s", e->d_name, *p);
                CHECK(check_text_inside(s, what) == 0);
                CHECK(check_no_text_overlap(s, what) == 0);
            }
            ic_scene_free(s);
        }
        ic_chart_free(chart);
    }
    if (d)
        closedir(d);
    CHECK(n >= 10);
    ic_fonts_free(fonts);
    return CHECK_DONE();
}
