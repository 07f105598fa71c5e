/* Stacked areas ("stack": "normal" | "percent" on an area chart).
 *
 * Read from the scene: each series is one band (an IC_ROLE_AREA path: along
 * its top left to right, back along its bottom) whose thickness at every x
 * is proportional to its value (percent: its share of the x's total) with
 * one scale for the whole chart, within 0.5 %; band s starts where band s-1
 * ends, the first on the zero baseline; a percent stack reaches exactly the
 * top of the plot (the 100 % gridline) at every x. End labels say the band's
 * value (or share), stack in the bands' order and sit level with the middle
 * of their band's end when they have room; no text overlaps or leaves the
 * canvas at any preset. A missing value leaves its x out of every band with
 * a warning naming the cell. A line chart with "stack", a negative value in
 * a stack and a callout on a stack are refused. */
#include "check.h"
#include "chart_fixture.h"
#include "scene_checks.h"
#include "charts/chart.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[256];

#define NS 6
#define NR 9
/* sexual_exploitation, forced_labour, forced_criminality, begging,
 * forced_marriage, other_forms by year, 2006-2022 */
static const double values[NR][NS] = {
    {12100, 4300, 180, 420, 150, 900},   {13400, 5200, 260, 510, 190, 980},   {14800, 6900, 420, 560, 230, 1020},
    {15200, 8300, 610, 640, 310, 1100},  {14100, 9800, 890, 700, 380, 1180},  {13900, 11200, 1350, 760, 420, 1240},
    {12800, 12900, 1900, 810, 470, 1300}, {11200, 13800, 2600, 850, 520, 1360}, {10900, 14500, 3100, 900, 560, 1420},
};
static const char *const forms_csv =
    "year,sexual_exploitation,forced_labour,forced_criminality,begging,forced_marriage,other_forms\n"
    "2006,12100,4300,180,420,150,900\n"
    "2008,13400,5200,260,510,190,980\n"
    "2010,14800,6900,420,560,230,1020\n"
    "2012,15200,8300,610,640,310,1100\n"
    "2014,14100,9800,890,700,380,1180\n"
    "2016,13900,11200,1350,760,420,1240\n"
    "2018,12800,12900,1900,810,470,1300\n"
    "2020,11200,13800,2600,850,520,1360\n"
    "2022,10900,14500,3100,900,560,1420\n";
static const char *const forms_y = "\"y\": [\"sexual_exploitation\", \"forced_labour\", \"forced_criminality\", "
                                   "\"begging\", \"forced_marriage\", \"other_forms\"]";

static char spec_text[8192];

static ic_chart *load(const char *csv, const char *spec_body, ic_error *err)
{
    snprintf(spec_text, sizeof spec_text, "{\"data\": \"data.csv\", \"title\": \"T\", \"source\": \"S\", %s}",
             spec_body);
    return fixture_chart(tmpdir, csv, spec_text, err);
}

/* The values a test chart shows: rows × series, row-major. */
typedef struct table_def {
    size_t nr, ns;
    const double *v;
} table_def;

static double val(const table_def *t, size_t r, size_t s)
{
    return t->v[r * t->ns + s];
}

/* The band of series s whose first row is `row`, or NULL. */
static const ic_mark *band_of(const ic_scene *sc, int s, int row)
{
    for (size_t i = 0; i < sc->n; i++) {
        const ic_mark *m = &sc->marks[i];
        if (m->role == IC_ROLE_AREA && m->series == s && (row < 0 || m->row == row))
            return m;
    }
    return NULL;
}

static size_t count_bands(const ic_scene *sc, int s)
{
    size_t n = 0;
    for (size_t i = 0; i < sc->n; i++)
        n += sc->marks[i].role == IC_ROLE_AREA && sc->marks[i].series == s;
    return n;
}

/* Top and bottom y of point j of band m (k points along each edge). */
static int band_point(const ic_mark *m, size_t j, double *x, double *top, double *bottom)
{
    size_t k = m->npts / 2;
    if (m->npts % 2 != 0 || j >= k)
        return -1;
    const double *t = &m->pts[2 * j], *b = &m->pts[2 * (2 * k - 1 - j)];
    if (fabs(t[0] - b[0]) > 1e-6)
        return -1;
    *x = t[0];
    *top = t[1];
    *bottom = b[1];
    return 0;
}

static const ic_mark *find_baseline(const ic_scene *sc)
{
    for (size_t i = 0; i < sc->n; i++)
        if (sc->marks[i].role == IC_ROLE_BASELINE)
            return &sc->marks[i];
    return NULL;
}

/* y of the highest gridline (the top tick). */
static double top_gridline(const ic_scene *sc)
{
    double y = INFINITY;
    for (size_t i = 0; i < sc->n; i++)
        if (sc->marks[i].role == IC_ROLE_GRIDLINE)
            y = fmin(y, sc->marks[i].y);
    return y;
}

/* Band thicknesses proportional to values (or shares), bands end to end
 * from the baseline, percent stacks reaching the top gridline. Rows
 * `skip` (or -1) are expected to be left out. Returns the problems found. */
static int check_bands(const ic_scene *sc, const table_def *t, int percent, int skip, const char *what)
{
    int bad = 0;
    const ic_mark *base = find_baseline(sc);
    if (!base) {
        fprintf(stderr, "%s: no baseline\n", what);
        return 1;
    }
    double ratio = NAN, top100 = top_gridline(sc);
    for (size_t r = 0; r < t->nr; r++) {
        double total = 0;
        for (size_t s = 0; s < t->ns; s++)
            total += val(t, r, s);
        double below = base->y, x_prev = NAN;
        for (size_t s = 0; s < t->ns; s++) {
            /* the band holding row r: its run starts at or before r and
             * has a point for every row since (rows are in x order) */
            const ic_mark *m = NULL;
            for (size_t i = 0; i < sc->n; i++) {
                const ic_mark *b = &sc->marks[i];
                if (b->role == IC_ROLE_AREA && b->series == (int)s && b->row >= 0 && (size_t)b->row <= r &&
                    r - (size_t)b->row < b->npts / 2)
                    m = b;
            }
            size_t j = m ? r - (size_t)m->row : 0;
            if ((int)r == skip) {
                if (m) {
                    fprintf(stderr, "%s: row %zu should be left out, series %zu has a band there\n", what, r, s);
                    bad++;
                }
                continue;
            }
            double x, top, bottom;
            if (!m || band_point(m, j, &x, &top, &bottom) != 0) {
                fprintf(stderr, "%s: series %zu has no band point for row %zu\n", what, s, r);
                bad++;
                continue;
            }
            if (!isnan(x_prev) && fabs(x - x_prev) > 1e-6) {
                fprintf(stderr, "%s: row %zu: bands at different x\n", what, r);
                bad++;
            }
            x_prev = x;
            if (fabs(bottom - below) > 0.01) {
                fprintf(stderr, "%s: row %zu series %zu starts at %.3f, the band below ends at %.3f\n", what, r, s,
                        bottom, below);
                bad++;
            }
            below = top;
            double want = percent ? 100 * val(t, r, s) / total : val(t, r, s), thick = bottom - top;
            if (want == 0) {
                if (fabs(thick) > 0.01) {
                    fprintf(stderr, "%s: row %zu series %zu is %.3f thick for 0\n", what, r, s, thick);
                    bad++;
                }
                continue;
            }
            double k = thick / want;
            if (isnan(ratio))
                ratio = k;
            else if (!(fabs(k - ratio) <= 0.005 * ratio)) {
                fprintf(stderr, "%s: row %zu series %zu is %.3f thick for %g: %.5f per unit, others %.5f\n", what,
                        r, s, thick, want, k, ratio);
                bad++;
            }
        }
        if (percent && (int)r != skip && fabs(below - top100) > 0.01) {
            fprintf(stderr, "%s: the 100%% stack of row %zu ends at %.3f, the top of the plot is %.3f\n", what, r,
                    below, top100);
            bad++;
        }
    }
    if (isnan(ratio)) {
        fprintf(stderr, "%s: no bands\n", what);
        bad++;
    }
    return bad;
}

/* The lines of a stack (separators in the background colour) lie exactly
 * on the tops of their bands; the top band has none. */
static int check_separators(const ic_scene *sc, size_t ns, const char *what)
{
    int bad = 0;
    for (size_t i = 0; i < sc->n; i++) {
        const ic_mark *l = &sc->marks[i];
        if (l->role != IC_ROLE_LINE)
            continue;
        const ic_mark *b = band_of(sc, l->series, l->row);
        int ok = b && l->series >= 0 && (size_t)l->series + 1 < ns && l->npts == b->npts / 2;
        for (size_t k = 0; ok && k < 2 * l->npts; k++)
            ok = fabs(l->pts[k] - b->pts[k]) < 1e-9;
        if (!ok) {
            fprintf(stderr, "%s: the line of series %d (row %d) is not the top of its band\n", what, l->series,
                    l->row);
            bad++;
        }
    }
    return bad;
}

/* The value label of series s, or NULL. */
static const ic_mark *value_label(const ic_scene *sc, int s)
{
    for (size_t i = 0; i < sc->n; i++) {
        const ic_mark *m = &sc->marks[i];
        if (m->role == IC_ROLE_VALUE_LABEL && m->kind == IC_MARK_TEXT && m->series == s)
            return m;
    }
    return NULL;
}

/* End labels: one per series, stacked in the bands' order (the first series
 * lowest). With `centred`, series in `centred_mask` sit level with the
 * middle of their band's last point. */
static int check_end_labels(const ic_scene *sc, const table_def *t, unsigned centred_mask, const char *what)
{
    int bad = 0;
    double prev_y = INFINITY;
    for (size_t s = 0; s < t->ns; s++) {
        const ic_mark *l = value_label(sc, (int)s);
        if (!l) {
            fprintf(stderr, "%s: series %zu has no end label\n", what, s);
            bad++;
            continue;
        }
        double cy = l->y + l->h / 2;
        if (cy >= prev_y) {
            fprintf(stderr, "%s: the label of series %zu is not above the one below it\n", what, s);
            bad++;
        }
        prev_y = cy;
        if (!(centred_mask & (1u << s)))
            continue;
        const ic_mark *m = NULL;
        for (size_t i = 0; i < sc->n; i++)
            if (sc->marks[i].role == IC_ROLE_AREA && sc->marks[i].series == (int)s)
                m = &sc->marks[i]; /* the last run */
        double x, top, bottom;
        if (!m || band_point(m, m->npts / 2 - 1, &x, &top, &bottom) != 0) {
            bad++;
            continue;
        }
        if (fabs(cy - (top + bottom) / 2) > 0.25 * l->h) {
            fprintf(stderr, "%s: the label of series %zu is centred at %.1f, its band's end at %.1f\n", what, s, cy,
                    (top + bottom) / 2);
            bad++;
        }
    }
    return bad;
}

static int warned(const ic_scene *sc, const char *needle)
{
    for (size_t i = 0; i < sc->nwarnings; i++)
        if (strstr(sc->warnings[i], needle))
            return 1;
    return 0;
}

static int has_text(const ic_scene *sc, ic_role role, int s, const char *text)
{
    for (size_t i = 0; i < sc->n; i++) {
        const ic_mark *m = &sc->marks[i];
        if (m->kind == IC_MARK_TEXT && m->role == role && m->series == s && strcmp(m->text, text) == 0)
            return 1;
    }
    return 0;
}

/* Every preset, light and dark: the band, label and text checks. */
static void every_preset(const ic_fonts *fonts, const char *csv, const char *body, const table_def *t, int percent,
                         int skip)
{
    ic_error err;
    ic_chart *c = load(csv, body, &err);
    CHECK(c != NULL);
    if (!c) {
        fprintf(stderr, "load %s: %s\n", body, err.message);
        return;
    }
    for (const char *const *p = ic_preset_names(); *p; p++)
        for (int dark = 0; dark < 2; dark++) {
            CHECK(fixture_resize(c, *p) == 0);
            c->spec->theme_dark = dark;
            char what[1024];
            snprintf(what, sizeof what, "area %.200s at %s%s", body, *p, dark ? " (dark)" : "");
            ic_scene *sc = ic_chart_layout(c, fonts, &err);
            CHECK(sc != NULL);
            if (!sc) {
                fprintf(stderr, "%s: %s\n", what, err.message);
                continue;
            }
            CHECK(check_bands(sc, t, percent, skip, what) == 0);
            CHECK(check_separators(sc, t->ns, what) == 0);
            CHECK(check_text_inside(sc, what) == 0);
            CHECK(check_no_text_overlap(sc, what) == 0);
            ic_scene_free(sc);
        }
    ic_chart_free(c);
}

static ic_scene *render(const ic_fonts *fonts, const char *csv, const char *body)
{
    ic_error err;
    ic_chart *c = load(csv, body, &err);
    if (!c) {
        fprintf(stderr, "load: %s\n", err.message);
        return NULL;
    }
    ic_scene *sc = ic_chart_layout(c, fonts, &err);
    if (!sc)
        fprintf(stderr, "layout: %s\n", err.message);
    ic_chart_free(c);
    return sc;
}

/* The chart is refused with `code` at (line, col) (col -1: the column of
 * `at` in the spec text) and a message containing `needle`. */
static void expect_error(const char *csv, const char *body, ic_error_code code, int line, int col, const char *at,
                         const char *needle)
{
    ic_error err;
    ic_chart *c = load(csv, body, &err);
    CHECK(c == NULL);
    ic_chart_free(c);
    if (at) {
        const char *p = strstr(spec_text, at);
        col = p ? (int)(p - spec_text) + 1 : -1;
    }
    CHECK(err.code == code);
    CHECK(err.line == line && err.column == col);
    CHECK(strstr(err.message, needle) != NULL);
    if (err.code != code || err.line != line || err.column != col || !strstr(err.message, needle))
        fprintf(stderr, "got %d at %d:%d (want %d:%d): %s\n", err.code, err.line, err.column, line, col,
                err.message);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/ic_test_area_stack_XXXXXX");
    CHECK(mkdtemp(tmpdir) != NULL);
    ic_error err = {0};
    ic_fonts *fonts = ic_fonts_load(IC_SOURCE_DIR "/fonts", &err);
    CHECK(fonts != NULL);
    if (!fonts)
        return CHECK_DONE();
    const table_def forms = {NR, NS, &values[0][0]};
    char body[2048];

    /* normal and percent stacks of six series at every preset */
    for (int percent = 0; percent < 2; percent++) {
        snprintf(body, sizeof body, "\"chart\": \"area\", \"x\": \"year\", %s, \"stack\": \"%s\"", forms_y,
                 percent ? "percent" : "normal");
        every_preset(fonts, forms_csv, body, &forms, percent, -1);
    }
    /* right to left (time keeps running left to right) */
    snprintf(body, sizeof body, "\"chart\": \"area\", \"x\": \"year\", %s, \"stack\": \"percent\", "
             "\"lang\": \"ar\"", forms_y);
    every_preset(fonts, forms_csv, body, &forms, 1, -1);
    /* true means normal; highlighted series in a stack */
    snprintf(body, sizeof body, "\"chart\": \"area\", \"x\": \"year\", %s, \"stack\": true, "
             "\"highlight\": [\"forced_labour\"]", forms_y);
    every_preset(fonts, forms_csv, body, &forms, 0, -1);

    /* labels: the band's own value (normal) or share (percent), level with
     * the middle of the thick bands' ends on a square */
    snprintf(body, sizeof body, "\"chart\": \"area\", \"x\": \"year\", %s, \"stack\": \"normal\"", forms_y);
    ic_scene *sc = render(fonts, forms_csv, body);
    CHECK(sc != NULL);
    if (sc) {
        CHECK(has_text(sc, IC_ROLE_VALUE_LABEL, 0, "10,900"));
        CHECK(has_text(sc, IC_ROLE_VALUE_LABEL, 1, "14,500"));
        CHECK(has_text(sc, IC_ROLE_VALUE_LABEL, 5, "1,420"));
        CHECK(has_text(sc, IC_ROLE_SERIES_LABEL, 1, "Forced labour"));
        CHECK(check_end_labels(sc, &forms, 0x3, "normal stack at instagram-square") == 0);
        /* the axis covers the largest total (31,380 in 2022) from zero */
        const ic_mark *base = find_baseline(sc);
        CHECK(base && base->value == 0);
        double hi = -INFINITY;
        for (size_t i = 0; i < sc->n; i++)
            if (sc->marks[i].role == IC_ROLE_TICK_LABEL)
                hi = fmax(hi, sc->marks[i].value);
        CHECK(hi >= 31380 && hi <= 40000);
        CHECK(sc->nwarnings == 0);
        ic_scene_free(sc);
    }
    snprintf(body, sizeof body, "\"chart\": \"area\", \"x\": \"year\", %s, \"stack\": \"percent\"", forms_y);
    sc = render(fonts, forms_csv, body);
    CHECK(sc != NULL);
    if (sc) {
        /* 2022: 10,900 and 14,500 of 31,380 */
        CHECK(has_text(sc, IC_ROLE_VALUE_LABEL, 0, "35%"));
        CHECK(has_text(sc, IC_ROLE_VALUE_LABEL, 1, "46%"));
        CHECK(has_text(sc, IC_ROLE_TICK_LABEL, -1, "100%"));
        CHECK(check_end_labels(sc, &forms, 0x3, "percent stack at instagram-square") == 0);
        ic_scene_free(sc);
    }

    /* fourteen series: no mud, no overlaps, bands still true */
    {
        char csv14[4096] = "year";
        char y14[1024] = "\"y\": [";
        double v14[10][14];
        for (int s = 0; s < 14; s++) {
            char col[32];
            snprintf(col, sizeof col, ",region_%d", s + 1);
            strncat(csv14, col, sizeof csv14 - strlen(csv14) - 1);
            snprintf(col, sizeof col, "%s\"region_%d\"", s ? ", " : "", s + 1);
            strncat(y14, col, sizeof y14 - strlen(y14) - 1);
        }
        strncat(csv14, "\n", sizeof csv14 - strlen(csv14) - 1);
        strncat(y14, "]", sizeof y14 - strlen(y14) - 1);
        for (int r = 0; r < 10; r++) {
            char cell[32];
            snprintf(cell, sizeof cell, "%d", 2013 + r);
            strncat(csv14, cell, sizeof csv14 - strlen(csv14) - 1);
            for (int s = 0; s < 14; s++) {
                v14[r][s] = (double)((s * 37 + r * 11) % 50 + (s == 3 ? 200 : 5));
                snprintf(cell, sizeof cell, ",%g", v14[r][s]);
                strncat(csv14, cell, sizeof csv14 - strlen(csv14) - 1);
            }
            strncat(csv14, "\n", sizeof csv14 - strlen(csv14) - 1);
        }
        const table_def t14 = {10, 14, &v14[0][0]};
        for (int percent = 0; percent < 2; percent++) {
            snprintf(body, sizeof body, "\"chart\": \"area\", \"x\": \"year\", %s, \"stack\": \"%s\"", y14,
                     percent ? "percent" : "normal");
            every_preset(fonts, csv14, body, &t14, percent, -1);
        }
    }

    /* a missing value: its x is left out of every band (two runs per
     * series), with a warning naming the cell; the rest stays true */
    {
        const char *gap_csv = "year,a,b,c\n2010,5,3,2\n2011,6,3,2\n2012,6,,2\n2013,7,4,3\n2014,8,4,3\n";
        static const double gv[5][3] = {{5, 3, 2}, {6, 3, 2}, {0, 0, 0}, {7, 4, 3}, {8, 4, 3}};
        const table_def gt = {5, 3, &gv[0][0]};
        for (int percent = 0; percent < 2; percent++) {
            snprintf(body, sizeof body, "\"chart\": \"area\", \"x\": \"year\", \"y\": [\"a\", \"b\", \"c\"], "
                     "\"stack\": \"%s\"", percent ? "percent" : "normal");
            every_preset(fonts, gap_csv, body, &gt, percent, 2);
            sc = render(fonts, gap_csv, body);
            CHECK(sc != NULL);
            if (sc) {
                for (int s = 0; s < 3; s++)
                    CHECK(count_bands(sc, s) == 2 && band_of(sc, s, 0) && band_of(sc, s, 3));
                CHECK(warned(sc, "column 'b' has no value for 2012 ("));
                CHECK(warned(sc, "data.csv:4:8)"));
                CHECK(warned(sc, "write 0 where the value is zero"));
                ic_scene_free(sc);
            }
        }
        /* percent: an x where every value is 0 has no shares */
        sc = render(fonts, "year,a,b\n2010,5,3\n2011,0,0\n2012,6,2\n",
                    "\"chart\": \"area\", \"x\": \"year\", \"y\": [\"a\", \"b\"], \"stack\": \"percent\"");
        CHECK(sc != NULL);
        if (sc) {
            CHECK(warned(sc, "every series is 0 at 2011"));
            CHECK(band_of(sc, 0, 1) == NULL);
            ic_scene_free(sc);
        }
        /* a zero in a normal stack is a zero-thick band, not a gap */
        static const double zv[3][2] = {{5, 3}, {0, 0}, {6, 2}};
        const table_def zt = {3, 2, &zv[0][0]};
        every_preset(fonts, "year,a,b\n2010,5,3\n2011,0,0\n2012,6,2\n",
                     "\"chart\": \"area\", \"x\": \"year\", \"y\": [\"a\", \"b\"], \"stack\": \"normal\"", &zt, 0, -1);
    }

    /* refusals */
    expect_error(forms_csv, "\"chart\": \"line\", \"x\": \"year\", \"y\": [\"begging\", \"forced_labour\"], \"stack\": \"normal\"",
                 IC_ERR_SPEC, 1, 0, "\"normal\"", "use \"chart\": \"area\" to stack them");
    expect_error(forms_csv, "\"chart\": \"line\", \"x\": \"year\", \"y\": [\"begging\", \"forced_labour\"], \"stack\": true",
                 IC_ERR_SPEC, 1, 0, "true}", "a line chart does not stack its series");
    expect_error("year,a,b\n2010,5,3\n2011,-1,2\n",
                 "\"chart\": \"area\", \"x\": \"year\", \"y\": [\"a\", \"b\"], \"stack\": \"percent\"", IC_ERR_DATA, 3,
                 6, NULL, "column 'a': -1 is negative; a stacked area");
    expect_error("year,a,b\n2010,5,3\n2011,1,2\n",
                 "\"chart\": \"area\", \"x\": \"year\", \"y\": [\"a\", \"b\"], \"stack\": \"normal\", "
                 "\"annotations\": [{\"type\": \"callout\", \"x\": 2011, \"text\": \"here\"}]",
                 IC_ERR_SPEC, 1, 0, "{\"type\": \"callout\"", "annotations[0]: a callout");
    /* no stack on a line is fine, and unstacked areas are unchanged */
    ic_chart *c = load(forms_csv, "\"chart\": \"line\", \"x\": \"year\", \"y\": [\"begging\"], \"stack\": \"none\"", &err);
    CHECK(c != NULL);
    ic_chart_free(c);
    c = load(forms_csv, "\"chart\": \"line\", \"x\": \"year\", \"y\": [\"begging\"], \"stack\": false", &err);
    CHECK(c != NULL);
    ic_chart_free(c);
    sc = render(fonts, forms_csv, "\"chart\": \"area\", \"x\": \"year\", \"y\": [\"begging\", \"forced_marriage\"]");
    CHECK(sc != NULL);
    if (sc) {
        const ic_mark *b = band_of(sc, 1, 0);
        CHECK(b && b->color.a < 1); /* overlapping, translucent, down to zero */
        ic_scene_free(sc);
    }

    ic_fonts_free(fonts);
    fixture_remove(tmpdir);
    return CHECK_DONE();
}
