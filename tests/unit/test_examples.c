/* Every example chart in datasets/, at its own size and at every size
 * preset, in the light and the dark theme: text inside the canvas and at or
 * above the floor, no text overlapping, and (for bar charts) bars truthful.
 * Refusals are accepted only where example_limits.h says why. */
#include "check.h"
#include "chart_fixture.h"
#include "scene_checks.h"
#include "example_limits.h"
#include "charts/chart.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

/* Presets with safe zones (story: the app draws its header and reply bar
 * over the top and bottom 250 px of 1920) keep them free of every mark but
 * the background. */
static int check_safe_zones(const ic_scene *s, const ic_chart *chart, const char *what)
{
    double top = chart->spec->safe_top, bottom = s->height - chart->spec->safe_bottom;
    int bad = 0;
    for (size_t i = 0; i < s->n; i++) {
        const ic_mark *m = &s->marks[i];
        if (m->role == IC_ROLE_BACKGROUND)
            continue;
        if (m->y < top - 0.01 || m->y + m->h > bottom + 0.01) {
            if (bad++ == 0)
                fprintf(stderr, "%s: mark %zu (role %d, '%s') at y %.1f..%.1f is in a safe zone (free: %.0f..%.0f)\n",
                        what, i, (int)m->role, m->text ? m->text : "", m->y, m->y + m->h, top, bottom);
        }
    }
    return bad;
}

/* On paper, gridlines are hairlines (0.25 to 0.5 pt) and baselines at most
 * 0.75 pt. */
static int check_print_strokes(const ic_scene *s, const ic_chart *chart, const char *what)
{
    int bad = 0;
    for (size_t i = 0; chart->spec->print && i < s->n; i++) {
        const ic_mark *m = &s->marks[i];
        if (m->role == IC_ROLE_GRIDLINE && (m->width < 0.25 || m->width > 0.5) && bad++ == 0)
            fprintf(stderr, "%s: a gridline is %.2f pt wide (0.25 to 0.5 pt on paper)\n", what, m->width);
        if (m->role == IC_ROLE_BASELINE && m->width > 0.8 && bad++ == 0)
            fprintf(stderr, "%s: a baseline is %.2f pt wide (at most 0.75 pt on paper)\n", what, m->width);
    }
    return bad;
}

/* `limit`: the reason the chart may be refused here (example_limits.h), or
 * NULL; a refusal must then still say which 'size' would do. */
static int failures_in(const ic_chart *chart, const ic_fonts *fonts, const char *what, const char *limit)
{
    ic_error err = {0};
    ic_scene *s = ic_chart_layout(chart, fonts, &err);
    if (!s) {
        if (limit && err.code == IC_ERR_DATA && strstr(err.message, "'size'"))
            return 0;
        fprintf(stderr, "%s: layout failed: %s\n", what, err.message);
        return 1;
    }
    int bad = check_text_inside(s, what) + check_no_text_overlap(s, what) + check_safe_zones(s, chart, what) +
              check_text_floors(s, chart->spec->print, what) + check_reference_lines_clear(s, what) +
              check_notes_clear_of_markers(s, what);
    bad += check_print_strokes(s, chart, what);
    /* kind-specific truthfulness is tested in test_<kind>.c; bars here */
    if (strcmp(chart->spec->chart, "bar") == 0 && chart->spec->stack == IC_STACK_NONE)
        bad += check_bars_truthful(s, what, chart->spec->value_labels);
    else if (strcmp(chart->spec->chart, "bar") == 0)
        bad += check_stacks_truthful(s, what, chart->spec->stack == IC_STACK_PERCENT);
    ic_scene_free(s);
    return bad;
}

int main(void)
{
    ic_error err = {0};
    ic_fonts *fonts = ic_fonts_load(IC_SOURCE_DIR "/fonts", &err);
    CHECK(fonts != NULL);
    if (!fonts)
        return CHECK_DONE();
    DIR *d = opendir(IC_SOURCE_DIR "/datasets");
    CHECK(d != NULL);
    struct dirent *e;
    int nspecs = 0;
    while (d && (e = readdir(d)) != NULL) {
        if (!fixture_is_spec(e->d_name))
            continue;
        char path[1024];
        ic_error lerr = {0};
        ic_chart *chart = fixture_example(e->d_name, path, sizeof path, &lerr);
        CHECK(chart != NULL);
        if (!chart) {
            fprintf(stderr, "%s: %s\n", path, lerr.message);
            continue;
        }
        nspecs++;
        CHECK(failures_in(chart, fonts, e->d_name, NULL) == 0);
        for (const char *const *p = ic_preset_names(); *p; p++) {
            CHECK(fixture_resize(chart, *p) == 0);
            char what[512];
            snprintf(what, sizeof what, "%s at %s", e->d_name, *p);
            CHECK(failures_in(chart, fonts, what, example_limit(e->d_name, *p)) == 0);
        }
        chart->spec->theme_dark = !chart->spec->theme_dark;
        CHECK(failures_in(chart, fonts, e->d_name, NULL) == 0); /* dark, at the last preset */
        ic_chart_free(chart);
    }
    if (d)
        closedir(d);
    CHECK(nspecs >= 3);
    ic_fonts_free(fonts);
    return CHECK_DONE();
}
