/* Dumbbell plot: dots proportional to their values from the zero line,
 * connectors exactly between the two dots, value labels outside the span,
 * sorting by change, gaps drawn as "no data", labels never overlapping. */
#include "check.h"
#include "chart_fixture.h"
#include "scene_checks.h"
#include "charts/chart.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[256];

static ic_chart *load(const char *csv, const char *spec_body, ic_error *err)
{
    char spec[8192];
    snprintf(spec, sizeof spec, "{\"chart\": \"dumbbell\", \"data\": \"data.csv\", \"title\": \"T\", \"source\": \"S\", %s}", spec_body);
    return fixture_chart(tmpdir, csv, spec, err);
}

static const ic_mark *find(const ic_scene *s, ic_mark_kind kind, ic_role role, int row, int series)
{
    for (size_t i = 0; i < s->n; i++) {
        const ic_mark *m = &s->marks[i];
        if (m->kind == kind && m->role == role && m->row == row && (series < -1 || m->series == series))
            return m;
    }
    return NULL;
}

static size_t count(const ic_scene *s, ic_role role, int row)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++)
        n += s->marks[i].role == role && (row < -1 || s->marks[i].row == row);
    return n;
}

/* Dots at zero + v·k for one k (0.5 %), connectors from dot to dot, labels
 * outside the span, text inside and apart. Returns the problems found. */
static int check_truthful(const ic_scene *s, size_t nrows, const char *what)
{
    int bad = check_text_inside(s, what) + check_no_text_overlap(s, what);
    const ic_mark *zero = NULL;
    for (size_t i = 0; i < s->n; i++)
        if (s->marks[i].role == IC_ROLE_BASELINE)
            zero = &s->marks[i];
    if (!zero) {
        fprintf(stderr, "%s: no zero line\n", what);
        return bad + 1;
    }
    double k = NAN;
    for (size_t i = 0; i < s->n; i++) {
        const ic_mark *m = &s->marks[i];
        if (m->role != IC_ROLE_MARKER || m->value == 0)
            continue;
        double r = (m->x2 - zero->x) / m->value;
        if (isnan(k))
            k = r;
        else if (!(fabs(r - k) <= 0.005 * fabs(k))) {
            fprintf(stderr, "%s: dot of row %d series %d at %.2f for %g: not proportional\n", what, m->row,
                    m->series, m->x2, m->value);
            bad++;
        }
        if (!(r > 0)) {
            fprintf(stderr, "%s: dot of row %d on the wrong side of zero\n", what, m->row);
            bad++;
        }
    }
    for (size_t row = 0; row < nrows; row++) {
        const ic_mark *a = find(s, IC_MARK_CIRCLE, IC_ROLE_MARKER, (int)row, 0);
        const ic_mark *b = find(s, IC_MARK_CIRCLE, IC_ROLE_MARKER, (int)row, 1);
        const ic_mark *line = find(s, IC_MARK_LINE, IC_ROLE_CONNECTOR, (int)row, -2);
        if (!a || !b) {
            if (line) {
                fprintf(stderr, "%s: row %zu has a connector but not two dots\n", what, row);
                bad++;
            }
            continue;
        }
        if (!line || fabs(line->x - a->x2) > 0.01 || fabs(line->x2 - b->x2) > 0.01 || fabs(line->y - a->y2) > 0.01 ||
            fabs(line->y2 - b->y2) > 0.01) {
            fprintf(stderr, "%s: row %zu: connector does not run from dot to dot\n", what, row);
            bad++;
        }
        if (fabs(a->y2 - b->y2) > 0.01) {
            fprintf(stderr, "%s: row %zu: dots not on one line\n", what, row);
            bad++;
        }
        const ic_mark *la = find(s, IC_MARK_TEXT, IC_ROLE_VALUE_LABEL, (int)row, 0);
        const ic_mark *lb = find(s, IC_MARK_TEXT, IC_ROLE_VALUE_LABEL, (int)row, 1);
        if (!la || !lb) {
            fprintf(stderr, "%s: row %zu lacks a value label\n", what, row);
            bad++;
            continue;
        }
        const ic_mark *lo = a->x2 <= b->x2 ? a : b, *hi = a->x2 <= b->x2 ? b : a;
        const ic_mark *llo = lo == a ? la : lb, *lhi = lo == a ? lb : la;
        if (llo->x + llo->w > lo->x2 - lo->r + 0.01 || lhi->x < hi->x2 + hi->r - 0.01) {
            fprintf(stderr, "%s: row %zu: a value label sits inside the span or on a dot\n", what, row);
            bad++;
        }
    }
    return bad;
}

static ic_scene *render(const char *csv, const char *body, const ic_fonts *fonts)
{
    ic_error err;
    ic_chart *c = load(csv, body, &err);
    if (!c) {
        fprintf(stderr, "load failed: %s\n", err.message);
        return NULL;
    }
    ic_scene *s = ic_chart_layout(c, fonts, &err);
    if (!s)
        fprintf(stderr, "layout failed: %s\n", err.message);
    ic_chart_free(c);
    return s;
}

static const char *victims = "group,share_2004,share_2022\nWomen,74,39\nMen,13,23\nGirls,10,22\nBoys,3,16\n";
static const char *victims_body = "\"x\": \"group\", \"y\": [\"share_2004\", \"share_2022\"], \"number\": \"percent\"";

static void test_example(const ic_fonts *fonts)
{
    ic_error err = {0};
    ic_chart *c = ic_chart_load(IC_SOURCE_DIR "/datasets/victims_2004_2022_dumbbell.json", &err);
    CHECK(c != NULL);
    if (!c)
        return;
    for (const char *const *p = ic_preset_names(); *p; p++)
        for (int dark = 0; dark < 2; dark++) {
            CHECK(fixture_resize(c, *p) == 0);
            c->spec->theme_dark = dark;
            ic_scene *s = ic_chart_layout(c, fonts, &err);
            CHECK(s != NULL);
            if (!s)
                continue;
            CHECK(check_truthful(s, 4, *p) == 0);
            CHECK(count(s, IC_ROLE_MARKER, -2) == 8);
            CHECK(count(s, IC_ROLE_LEGEND_LABEL, -2) == 2);
            ic_scene_free(s);
        }
    ic_chart_free(c);
}

static void test_values_and_labels(const ic_fonts *fonts)
{
    ic_scene *s = render(victims, victims_body, fonts);
    CHECK(s != NULL);
    if (!s)
        return;
    CHECK(check_truthful(s, 4, "victims") == 0);
    const ic_mark *a = find(s, IC_MARK_CIRCLE, IC_ROLE_MARKER, 0, 0), *b = find(s, IC_MARK_CIRCLE, IC_ROLE_MARKER, 0, 1);
    CHECK(a && b);
    if (a && b) {
        CHECK_NEAR(a->value, 74, 1e-9);
        CHECK_NEAR(b->value, 39, 1e-9);
        CHECK(b->x2 < a->x2); /* Women went down */
    }
    const ic_mark *la = find(s, IC_MARK_TEXT, IC_ROLE_VALUE_LABEL, 0, 0);
    const ic_mark *lb = find(s, IC_MARK_TEXT, IC_ROLE_VALUE_LABEL, 3, 1);
    CHECK(la && lb);
    if (la && lb) {
        CHECK_STR(la->text, "74%");
        CHECK_STR(lb->text, "16%");
    }
    const ic_mark *l0 = find(s, IC_MARK_TEXT, IC_ROLE_LEGEND_LABEL, -1, 0);
    const ic_mark *l1 = find(s, IC_MARK_TEXT, IC_ROLE_LEGEND_LABEL, -1, 1);
    CHECK(l0 && l1);
    if (l0 && l1) {
        CHECK_STR(l0->text, "Share 2004");
        CHECK_STR(l1->text, "Share 2022");
    }
    ic_scene_free(s);
}

/* Row order on the page (top to bottom) as data rows. */
static void order_of(const ic_scene *s, int *rows, size_t n)
{
    double y[64];
    for (size_t r = 0; r < n; r++) {
        const ic_mark *m = find(s, IC_MARK_CIRCLE, IC_ROLE_MARKER, (int)r, 1);
        y[r] = m ? m->y2 : 1e9;
        rows[r] = (int)r;
    }
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && y[rows[j - 1]] > y[rows[j]]; j--) {
            int t = rows[j];
            rows[j] = rows[j - 1];
            rows[j - 1] = t;
        }
}

static void test_sort(const ic_fonts *fonts)
{
    /* changes: Women −35, Men +10, Girls +12, Boys +13 */
    char body[512];
    int rows[4];
    static const int none[] = {0, 1, 2, 3}, desc[] = {3, 2, 1, 0}, asc[] = {0, 1, 2, 3};
    const char *sorts[] = {"none", "descending", "ascending"};
    const int *want[] = {none, desc, asc};
    for (int k = 0; k < 3; k++) {
        snprintf(body, sizeof body, "%s, \"sort\": \"%s\"", victims_body, sorts[k]);
        ic_scene *s = render(victims, body, fonts);
        CHECK(s != NULL);
        if (!s)
            continue;
        order_of(s, rows, 4);
        for (int i = 0; i < 4; i++)
            CHECK(rows[i] == want[k][i]);
        CHECK(check_truthful(s, 4, sorts[k]) == 0);
        ic_scene_free(s);
    }
    /* ties and a shuffled file: descending by change, stable */
    ic_scene *s = render("g,a,b\np,5,6\nq,1,9\nr,4,5\ns,2,2\n", "\"x\": \"g\", \"y\": [\"a\", \"b\"], \"sort\": \"descending\"",
                         fonts);
    CHECK(s != NULL);
    if (s) {
        static const int expect[] = {1, 0, 2, 3};
        order_of(s, rows, 4);
        for (int i = 0; i < 4; i++)
            CHECK(rows[i] == expect[i]);
        ic_scene_free(s);
    }
}

static void test_gaps(const ic_fonts *fonts)
{
    ic_scene *s = render("g,a,b\nx,10,20\ny,NA,\nz,,30\n", "\"x\": \"g\", \"y\": [\"a\", \"b\"]", fonts);
    CHECK(s != NULL);
    if (!s)
        return;
    CHECK(check_truthful(s, 3, "gaps") == 0);
    CHECK(count(s, IC_ROLE_MARKER, 0) == 2);
    CHECK(count(s, IC_ROLE_MARKER, 1) == 0);
    CHECK(count(s, IC_ROLE_CONNECTOR, 1) == 0);
    const ic_mark *nd = find(s, IC_MARK_TEXT, IC_ROLE_VALUE_LABEL, 1, -2);
    CHECK(nd != NULL);
    if (nd)
        CHECK_STR(nd->text, "no data");
    CHECK(count(s, IC_ROLE_MARKER, 2) == 1);
    CHECK(find(s, IC_MARK_CIRCLE, IC_ROLE_MARKER, 2, 1) != NULL);
    CHECK(count(s, IC_ROLE_CONNECTOR, 2) == 0);
    const ic_mark *nd2 = find(s, IC_MARK_TEXT, IC_ROLE_VALUE_LABEL, 2, 0);
    CHECK(nd2 != NULL);
    if (nd2)
        CHECK_STR(nd2->text, "no data for A");
    ic_scene_free(s);
}

/* Close values, equal values, values near zero, a negative one, long names:
 * nothing overlaps at any size. */
static void test_no_overlap(const ic_fonts *fonts)
{
    const char *csv = "g,before,after\n"
                      "Sub-Saharan Africa and the rest of the world,50,51\n"
                      "East Asia,0.5,0\n"
                      "Same,20,20\n"
                      "Falling,35,-5\n"
                      "Large,1000,2\n";
    ic_error err;
    ic_chart *c = load(csv, "\"x\": \"g\", \"y\": [\"before\", \"after\"], \"highlight\": \"Same\"", &err);
    CHECK(c != NULL);
    if (!c) {
        fprintf(stderr, "%s\n", err.message);
        return;
    }
    for (const char *const *p = ic_preset_names(); *p; p++) {
        CHECK(fixture_resize(c, *p) == 0);
        ic_scene *s = ic_chart_layout(c, fonts, &err);
        if (!s) {
            /* the small report column may refuse; it must say why */
            CHECK(err.code == IC_ERR_DATA);
            continue;
        }
        CHECK(check_truthful(s, 5, *p) == 0);
        ic_scene_free(s);
    }
    ic_chart_free(c);
}

static void test_errors(void)
{
    ic_error err;
    ic_chart *c = load("g,a,b,c\nx,1,2,3\n", "\"x\": \"g\", \"y\": [\"a\", \"b\", \"c\"]", &err);
    CHECK(c == NULL);
    CHECK(err.code == IC_ERR_SPEC);
    CHECK(strstr(err.message, "exactly 2") != NULL);
    ic_chart_free(c);
    c = load("g,a\nx,1\n", "\"x\": \"g\", \"y\": \"a\"", &err);
    CHECK(c == NULL);
    CHECK(err.code == IC_ERR_SPEC);
    ic_chart_free(c);
    c = load("g,a,b\nx,1,2e300\n", "\"x\": \"g\", \"y\": [\"a\", \"b\"]", &err);
    CHECK(c == NULL);
    CHECK(err.code == IC_ERR_DATA);
    CHECK(err.line == 2 && err.column == 5);
    ic_chart_free(c);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/ic_test_dumbbell_XXXXXX");
    CHECK(mkdtemp(tmpdir) != NULL);
    ic_error err = {0};
    ic_fonts *fonts = ic_fonts_load(IC_SOURCE_DIR "/fonts", &err);
    CHECK(fonts != NULL);
    if (fonts) {
        test_example(fonts);
        test_values_and_labels(fonts);
        test_sort(fonts);
        test_gaps(fonts);
        test_no_overlap(fonts);
        test_errors();
    }
    ic_fonts_free(fonts);
    fixture_remove(tmpdir);
    return CHECK_DONE();
}
