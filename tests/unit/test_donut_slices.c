/* Donut and pie: every slice above 0 stays visible, and slices under 1 % of
 * the total are merged into one "Other" slice (docs/kinds/donut.md, "Small
 * slices").
 *
 * - Visible: at the outer radius, a slice's arc minus half of each separator
 *   on its two edges is more than 0 (and at least half the arc), at every
 *   preset, donut and pie, light and dark; or the slice is part of "Other".
 * - Merge: slices with value × 100 < total are merged when there are at least
 *   three of them (one or two keep their names); a slice of exactly 1 % is
 *   not; a highlighted slice never is; the "Other" slice is last, spans the sum of
 *   what it holds, is named in the chart's language, and a warning names the
 *   merged categories. A category already called "Other" joins it. */
#include "check.h"
#include "chart_fixture.h"
#include "scene_checks.h"
#include "charts/chart.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[256];

static const double PI = 3.14159265358979323846;

static ic_chart *load(const char *csv, const char *spec_body, ic_error *err)
{
    char spec[8192];
    snprintf(spec, sizeof spec, "{\"data\": \"data.csv\", \"title\": \"T\", \"source\": \"S\", %s}", spec_body);
    return fixture_chart(tmpdir, csv, spec, err);
}

static ic_scene *render(const ic_fonts *fonts, const char *csv, const char *body)
{
    ic_error err;
    ic_chart *c = load(csv, body, &err);
    if (!c) {
        fprintf(stderr, "load: %s\n", err.message);
        return NULL;
    }
    ic_scene *s = ic_chart_layout(c, fonts, &err);
    if (!s)
        fprintf(stderr, "layout: %s\n", err.message);
    ic_chart_free(c);
    return s;
}

/* The slice mark of `row` (-1: the "Other" slice), or NULL. */
static const ic_mark *slice_of(const ic_scene *s, int row)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->marks[i].role == IC_ROLE_SLICE && s->marks[i].row == row)
            return &s->marks[i];
    return NULL;
}

static size_t count_slices(const ic_scene *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++)
        n += s->marks[i].role == IC_ROLE_SLICE;
    return n;
}

/* Arc length of slice `sl` at its outer radius still showing after the
 * separators (background-coloured rule lines through the centre along
 * slice edges; each covers half its width on either side of its edge). */
static double visible_outer(const ic_scene *s, const ic_mark *sl, double *full)
{
    double covered = 0;
    for (size_t i = 0; i < s->n; i++) {
        const ic_mark *m = &s->marks[i];
        if (m->role != IC_ROLE_RULE || m->kind != IC_MARK_LINE)
            continue;
        if (hypot(m->x - sl->x2, m->y - sl->y2) > sl->r)
            continue; /* not a separator of this ring */
        double a = atan2(m->x2 - m->x, -(m->y2 - m->y)) * 180 / PI;
        a = a < 0 ? a + 360 : a;
        for (int k = 0; k < 2; k++) {
            double edge = k == 0 ? sl->a0 : sl->a1;
            if (fabs(a - edge) < 1e-6 || fabs(a - edge + 360) < 1e-6 || fabs(a - edge - 360) < 1e-6)
                covered += m->width / 2;
        }
    }
    *full = sl->r * (sl->a1 - sl->a0) * PI / 180;
    return *full - covered;
}

static int warned(const ic_scene *s, const char *needle)
{
    for (size_t i = 0; i < s->nwarnings; i++)
        if (strstr(s->warnings[i], needle))
            return 1;
    return 0;
}

static int has_text(const ic_scene *s, const char *needle)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->marks[i].kind == IC_MARK_TEXT && strstr(s->marks[i].text, needle))
            return 1;
    return 0;
}

typedef struct row_def {
    const char *name;
    double value;
} row_def;

/* Every row with a value above 0 has a visible slice of its own, or is in
 * the "Other" slice (then a warning names it). Slices are contiguous from 0
 * to 360, each proportional to what it shows. Returns the problems found. */
static int check_visible(const ic_scene *s, const row_def *rows, size_t n, const char *what)
{
    int bad = 0;
    double total = 0, merged = 0;
    for (size_t r = 0; r < n; r++)
        total += rows[r].value;
    for (size_t r = 0; r < n; r++) {
        if (!(rows[r].value > 0))
            continue;
        const ic_mark *sl = slice_of(s, (int)r);
        if (!sl) {
            /* in "Other" (whose span is checked to be the sum of these) */
            if (!slice_of(s, -1) || !(rows[r].value * 100 < total)) {
                fprintf(stderr, "%s: row %zu (%s, %g) has no slice and is not in \"Other\"\n", what, r, rows[r].name,
                        rows[r].value);
                bad++;
            }
            merged += rows[r].value;
            continue;
        }
        double full, vis = visible_outer(s, sl, &full);
        if (!(vis > 0) || vis < 0.5 * full - 1e-9) {
            fprintf(stderr, "%s: slice of row %zu (%s) shows %.3f of its %.3f at the outer radius\n", what, r,
                    rows[r].name, vis, full);
            bad++;
        }
        double want = 360 * rows[r].value / total;
        if (fabs((sl->a1 - sl->a0) - want) > 0.005 * want) {
            fprintf(stderr, "%s: slice of row %zu spans %.4f°, want %.4f°\n", what, r, sl->a1 - sl->a0, want);
            bad++;
        }
    }
    const ic_mark *other = slice_of(s, -1);
    if (other) {
        double full, vis = visible_outer(s, other, &full);
        double want = 360 * merged / total;
        if (fabs((other->a1 - other->a0) - want) > 0.005 * want || fabs(other->value - merged) > 1e-9 * total) {
            fprintf(stderr, "%s: \"Other\" spans %.4f° for %g, want %.4f° for %g\n", what, other->a1 - other->a0,
                    other->value, want, merged);
            bad++;
        }
        if (!(vis > 0)) {
            fprintf(stderr, "%s: \"Other\" is painted over\n", what);
            bad++;
        }
        if (other->a1 != 360.0) {
            fprintf(stderr, "%s: \"Other\" is not the last slice\n", what);
            bad++;
        }
    }
    /* contiguous from 0 to exactly 360 */
    double prev = 0;
    for (size_t i = 0; i < s->n; i++) {
        const ic_mark *m = &s->marks[i];
        if (m->role != IC_ROLE_SLICE)
            continue;
        if (m->a0 != prev) {
            fprintf(stderr, "%s: slice of row %d starts at %.6f, the previous ended at %.6f\n", what, m->row, m->a0,
                    prev);
            bad++;
        }
        prev = m->a1;
    }
    if (prev != 360.0) {
        fprintf(stderr, "%s: the slices end at %.6f\n", what, prev);
        bad++;
    }
    return bad;
}

static void csv_of(const row_def *rows, size_t n, char *buf, size_t size)
{
    snprintf(buf, size, "k,v\n");
    for (size_t r = 0; r < n; r++) {
        char line[128];
        snprintf(line, sizeof line, "%s,%g\n", rows[r].name, rows[r].value);
        strncat(buf, line, size - strlen(buf) - 1);
    }
}

/* check_visible and the text checks at every preset, donut and pie, light
 * and dark. */
static void every_preset(const ic_fonts *fonts, const row_def *rows, size_t n, const char *extra)
{
    char csv[4096];
    csv_of(rows, n, csv, sizeof csv);
    for (int pie = 0; pie < 2; pie++) {
        char body[512];
        snprintf(body, sizeof body, "\"chart\": \"%s\", \"x\": \"k\", \"y\": \"v\"%s", pie ? "pie" : "donut",
                 extra ? extra : "");
        ic_error err;
        ic_chart *c = load(csv, body, &err);
        CHECK(c != NULL);
        if (!c) {
            fprintf(stderr, "load: %s\n", err.message);
            continue;
        }
        for (const char *const *p = ic_preset_names(); *p; p++)
            for (int dark = 0; dark < 2; dark++) {
                CHECK(fixture_resize(c, *p) == 0);
                c->spec->theme_dark = dark;
                char what[600];
                snprintf(what, sizeof what, "%s at %s%s", body, *p, dark ? " (dark)" : "");
                ic_scene *s = ic_chart_layout(c, fonts, &err);
                CHECK(s != NULL);
                if (!s) {
                    fprintf(stderr, "%s: %s\n", what, err.message);
                    continue;
                }
                CHECK(check_visible(s, rows, n, what) == 0);
                CHECK(check_text_inside(s, what) == 0);
                CHECK(check_no_text_overlap(s, what) == 0);
                ic_scene_free(s);
            }
        ic_chart_free(c);
    }
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/ic_test_donut_slices_XXXXXX");
    CHECK(mkdtemp(tmpdir) != NULL);
    ic_error err = {0};
    ic_fonts *fonts = ic_fonts_load(IC_SOURCE_DIR "/fonts", &err);
    CHECK(fonts != NULL);
    if (!fonts)
        return CHECK_DONE();

    /* one slice of 0.09 %: alone under 1 %, so it keeps its own slice and
     * name, and the separators leave it visible at every size */
    static const row_def tiny[] = {{"Big", 60}, {"Middle", 39.91}, {"Tiny", 0.09}};
    every_preset(fonts, tiny, 3, NULL);
    ic_scene *s = render(fonts, "k,v\nBig,60\nMiddle,39.91\nTiny,0.09\n", "\"chart\": \"donut\", \"x\": \"k\", \"y\": \"v\"");
    CHECK(s != NULL);
    if (s) {
        CHECK(count_slices(s) == 3);
        CHECK(slice_of(s, -1) == NULL);
        CHECK(s->nwarnings == 0);
        ic_scene_free(s);
    }

    /* three slices under 1 % (0.99, 0.5, 0.46): merged into "Other" 1.95,
     * drawn last; the 8.05 stays */
    static const row_def small3[] = {{"Alpha", 60}, {"Beta", 30}, {"Gamma", 8.05},
                                     {"Delta", 0.99}, {"Epsilon", 0.5}, {"Zeta", 0.46}};
    every_preset(fonts, small3, 6, NULL);
    char csv[4096];
    csv_of(small3, 6, csv, sizeof csv);
    s = render(fonts, csv, "\"chart\": \"donut\", \"x\": \"k\", \"y\": \"v\", \"size\": \"x-post\"");
    CHECK(s != NULL);
    if (s) {
        CHECK(count_slices(s) == 4);
        const ic_mark *o = slice_of(s, -1);
        CHECK(o != NULL);
        CHECK(o && fabs(o->value - 1.95) < 1e-9);
        CHECK(slice_of(s, 3) == NULL && slice_of(s, 4) == NULL && slice_of(s, 5) == NULL);
        CHECK(slice_of(s, 2) != NULL);
        CHECK(warned(s, "3 slices under 1% of the total merged into \"Other\": Delta, Epsilon, Zeta"));
        CHECK(has_text(s, "Other"));
        CHECK(!has_text(s, "Delta"));
        ic_scene_free(s);
    }

    /* the threshold: a slice of exactly 1 % is not merged, the three 0.5 %
     * below it are */
    static const row_def at1[] = {{"Alpha", 60}, {"Beta", 30}, {"Gamma", 7.5}, {"Delta", 1},
                                  {"Epsilon", 0.5}, {"Zeta", 0.5}, {"Eta", 0.5}};
    every_preset(fonts, at1, 7, NULL);
    csv_of(at1, 7, csv, sizeof csv);
    s = render(fonts, csv, "\"chart\": \"pie\", \"x\": \"k\", \"y\": \"v\"");
    CHECK(s != NULL);
    if (s) {
        CHECK(slice_of(s, 3) != NULL);
        CHECK(slice_of(s, 4) == NULL && slice_of(s, 5) == NULL && slice_of(s, 6) == NULL);
        CHECK(slice_of(s, -1) && fabs(slice_of(s, -1)->value - 1.5) < 1e-9);
        CHECK(warned(s, "3 slices under 1% of the total merged into \"Other\": Epsilon, Zeta, Eta"));
        ic_scene_free(s);
    }
    /* just above the threshold: nothing merged */
    s = render(fonts, "k,v\nA,96.97\nB,1.01\nC,1.01\nD,1.01\n", "\"chart\": \"pie\", \"x\": \"k\", \"y\": \"v\"");
    CHECK(s != NULL);
    if (s) {
        CHECK(count_slices(s) == 4 && slice_of(s, -1) == NULL && s->nwarnings == 0);
        ic_scene_free(s);
    }
    /* two slices under 1 %: not merged (one label saved, two names lost) */
    static const row_def two[] = {{"Alpha", 60}, {"Beta", 39}, {"Delta", 0.6}, {"Epsilon", 0.4}};
    every_preset(fonts, two, 4, NULL);
    csv_of(two, 4, csv, sizeof csv);
    s = render(fonts, csv, "\"chart\": \"donut\", \"x\": \"k\", \"y\": \"v\"");
    CHECK(s != NULL);
    if (s) {
        CHECK(count_slices(s) == 4 && slice_of(s, -1) == NULL && s->nwarnings == 0);
        ic_scene_free(s);
    }

    /* a highlighted slice is never merged: with Delta highlighted only two
     * small slices remain, and nothing is merged; with Alpha highlighted the
     * three are */
    static const row_def hl[] = {{"Alpha", 60}, {"Beta", 38.5}, {"Delta", 0.6}, {"Epsilon", 0.5}, {"Zeta", 0.4}};
    every_preset(fonts, hl, 5, ", \"highlight\": \"Delta\"");
    csv_of(hl, 5, csv, sizeof csv);
    s = render(fonts, csv, "\"chart\": \"donut\", \"x\": \"k\", \"y\": \"v\", \"highlight\": \"Delta\"");
    CHECK(s != NULL);
    if (s) {
        CHECK(count_slices(s) == 5 && slice_of(s, -1) == NULL && s->nwarnings == 0);
        ic_scene_free(s);
    }
    s = render(fonts, csv, "\"chart\": \"donut\", \"x\": \"k\", \"y\": \"v\", \"highlight\": \"Alpha\"");
    CHECK(s != NULL);
    if (s) {
        CHECK(count_slices(s) == 3 && slice_of(s, -1) != NULL);
        CHECK(warned(s, "3 slices under 1% of the total merged into \"Other\": Delta, Epsilon, Zeta"));
        ic_scene_free(s);
    }

    /* many small slices (40 rows: 4 large, 36 of 0.25 %): every one merged,
     * the chart keeps direct labels */
    char many[8192] = "k,v\nAlpha,40\nBeta,30\nGamma,15\nDelta,6\n";
    row_def many_rows[40] = {{"Alpha", 40}, {"Beta", 30}, {"Gamma", 15}, {"Delta", 6}};
    static char names[36][32];
    for (int i = 0; i < 36; i++) {
        snprintf(names[i], sizeof names[i], "Country %d", i + 1);
        many_rows[4 + i] = (row_def){names[i], 0.25};
        char line[64];
        snprintf(line, sizeof line, "%.31s,0.25\n", names[i]);
        strncat(many, line, sizeof many - strlen(many) - 1);
    }
    every_preset(fonts, many_rows, 40, NULL);
    s = render(fonts, many, "\"chart\": \"donut\", \"x\": \"k\", \"y\": \"v\"");
    CHECK(s != NULL);
    if (s) {
        CHECK(count_slices(s) == 5);
        CHECK(slice_of(s, -1) && fabs(slice_of(s, -1)->value - 9) < 1e-9);
        CHECK(warned(s, "36 slices under 1% of the total merged into \"Other\": Country 1, Country 2"));
        CHECK(has_text(s, "Other"));
        ic_scene_free(s);
    }

    /* a category already called "Other" joins the merged slice: one "Other" */
    s = render(fonts, "k,v\nA,60\nOther,30\nB,8.5\nC,0.5\nD,0.5\nE,0.5\n",
               "\"chart\": \"donut\", \"x\": \"k\", \"y\": \"v\"");
    CHECK(s != NULL);
    if (s) {
        CHECK(count_slices(s) == 3);
        CHECK(slice_of(s, 1) == NULL && slice_of(s, -1) && fabs(slice_of(s, -1)->value - 31.5) < 1e-9);
        size_t n_other = 0;
        for (size_t i = 0; i < s->n; i++)
            n_other += s->marks[i].kind == IC_MARK_TEXT && strcmp(s->marks[i].text, "Other") == 0;
        CHECK(n_other == 1);
        ic_scene_free(s);
    }

    /* "Other" in the chart's language */
    csv_of(small3, 6, csv, sizeof csv);
    s = render(fonts, csv, "\"chart\": \"donut\", \"x\": \"k\", \"y\": \"v\", \"lang\": \"ar\"");
    CHECK(s != NULL);
    if (s) {
        CHECK(slice_of(s, -1) != NULL);
        CHECK(has_text(s, "\xD8\xA3\xD8\xAE\xD8\xB1\xD9\x89")); /* أخرى */
        CHECK(!has_text(s, "Other"));
        ic_scene_free(s);
    }
    s = render(fonts, csv, "\"chart\": \"donut\", \"x\": \"k\", \"y\": \"v\", \"lang\": \"ur\"");
    CHECK(s != NULL);
    if (s) {
        CHECK(has_text(s, "\xD8\xAF\xDB\x8C\xDA\xAF\xD8\xB1")); /* دیگر */
        ic_scene_free(s);
    }

    ic_fonts_free(fonts);
    fixture_remove(tmpdir);
    return CHECK_DONE();
}
