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

int main(void)
{
    ic_error err = {0};
    ic_fonts *fonts = ic_fonts_load(IC_SOURCE_DIR "/fonts", &err);
    CHECK(fonts != NULL);
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
