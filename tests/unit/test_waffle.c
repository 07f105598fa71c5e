/* Waffle: cells per category follow the documented largest-remainder rule
 * (ties, tiny shares, a category rounding to 0 cells but still in the
 * legend with its true value), the highlighted count is the rounded value,
 * icons stay inside their cells, and bad data is refused at its cell. */
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
    snprintf(spec, sizeof spec, "{\"chart\": \"waffle\", \"data\": \"data.csv\", \"x\": \"k\", \"y\": \"v\", \"title\": \"T\", "
             "\"source\": \"S\"%s%s}", spec_body[0] ? ", " : "", spec_body);
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

static size_t cells_of(const ic_scene *s, int row)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++)
        if (s->marks[i].role == IC_ROLE_CELL && (row < 0 || s->marks[i].row == row))
            n++;
    return n;
}

static void joined(const ic_scene *s, ic_role role, int row, char *buf, size_t size)
{
    buf[0] = '\0';
    for (size_t i = 0; i < s->n; i++)
        if (s->marks[i].kind == IC_MARK_TEXT && s->marks[i].role == role && (row < 0 || s->marks[i].row == row)) {
            if (buf[0])
                strncat(buf, " ", size - strlen(buf) - 1);
            strncat(buf, s->marks[i].text, size - strlen(buf) - 1);
        }
}

/* Icons lie inside their grid cells: the cells' pitch is the smallest step
 * between distinct positions, and every icon fits in the cell its position
 * falls in; no two icons overlap. */
static int check_cells_inside(const ic_scene *s, const char *what)
{
    double x0 = INFINITY, y0 = INFINITY, px = INFINITY, py = INFINITY;
    int bad = 0;
    for (size_t i = 0; i < s->n; i++)
        if (s->marks[i].role == IC_ROLE_CELL) {
            x0 = fmin(x0, s->marks[i].x);
            y0 = fmin(y0, s->marks[i].y + s->marks[i].h);
        }
    for (size_t i = 0; i < s->n; i++)
        for (size_t j = 0; j < s->n; j++) {
            const ic_mark *a = &s->marks[i], *b = &s->marks[j];
            if (a->role != IC_ROLE_CELL || b->role != IC_ROLE_CELL)
                continue;
            double dx = fabs(a->x + a->w / 2 - b->x - b->w / 2), dy = fabs(a->y + a->h - b->y - b->h);
            if (dx > 0.5)
                px = fmin(px, dx);
            if (dy > 0.5)
                py = fmin(py, dy);
            if (i < j && a->x + a->w > b->x + 0.01 && b->x + b->w > a->x + 0.01 && a->y + a->h > b->y + 0.01 &&
                b->y + b->h > a->y + 0.01) {
                fprintf(stderr, "%s: cells of rows %d and %d overlap\n", what, a->row, b->row);
                bad++;
            }
        }
    for (size_t i = 0; i < s->n; i++) {
        const ic_mark *m = &s->marks[i];
        if (m->role != IC_ROLE_CELL || !isfinite(px))
            continue;
        double col = floor((m->x - x0) / px + 1e-6), row = floor((m->y + m->h - y0) / py + 0.5);
        double cx0 = x0 + col * px, cy1 = y0 + row * py; /* the cell's left edge and icon baseline */
        if (m->x < cx0 - 0.01 || m->x + m->w > cx0 + px + 0.01 || m->y < cy1 - py - 0.01 || m->y + m->h > cy1 + 0.01) {
            fprintf(stderr, "%s: icon of row %d leaves its cell\n", what, m->row);
            bad++;
        }
    }
    return bad;
}

/* Cells of each row (in data order) must be `want` (n rows) at every preset. */
static void expect_counts(const ic_fonts *fonts, const char *csv, const char *body, const int *want, size_t n,
                          const char *headline)
{
    ic_error err;
    ic_chart *c = load(csv, body, &err);
    CHECK(c != NULL);
    if (!c) {
        fprintf(stderr, "load: %s\n", err.message);
        return;
    }
    for (const char *const *p = ic_preset_names(); *p; p++) {
        for (int dark = 0; dark < 2; dark++) {
            CHECK(fixture_resize(c, *p) == 0);
            c->spec->theme_dark = dark;
            char what[512];
            snprintf(what, sizeof what, "waffle {%s} at %s%s", body, *p, dark ? " (dark)" : "");
            ic_scene *s = ic_chart_layout(c, fonts, &err);
            CHECK(s != NULL);
            if (!s) {
                fprintf(stderr, "%s: %s\n", what, err.message);
                continue;
            }
            for (size_t r = 0; r < n; r++) {
                CHECK(cells_of(s, (int)r) == (size_t)want[r]);
                if (cells_of(s, (int)r) != (size_t)want[r])
                    fprintf(stderr, "%s: row %zu has %zu cells, want %d\n", what, r, cells_of(s, (int)r), want[r]);
                /* every category is in the legend, whatever its cell count */
                char buf[256];
                joined(s, IC_ROLE_LEGEND_LABEL, (int)r, buf, sizeof buf);
                CHECK(buf[0] != '\0');
            }
            CHECK(check_text_inside(s, what) == 0);
            CHECK(check_no_text_overlap(s, what) == 0);
            CHECK(check_cells_inside(s, what) == 0);
            if (headline) {
                char buf[256];
                joined(s, IC_ROLE_CENTER_VALUE, -1, buf, sizeof buf);
                CHECK_STR(buf, headline);
            }
            ic_scene_free(s);
        }
    }
    ic_chart_free(c);
}

static void expect_error(const char *csv, const char *body, ic_error_code code, int line, int col, const char *needle)
{
    ic_error err;
    ic_chart *c = load(csv, body, &err);
    CHECK(c == NULL);
    ic_chart_free(c);
    CHECK(err.code == code);
    CHECK(err.line == line);
    CHECK(err.column == col);
    CHECK(strstr(err.message, needle) != NULL);
    if (err.code != code || err.line != line || err.column != col || !strstr(err.message, needle))
        fprintf(stderr, "got %d at %d:%d: %s\n", err.code, err.line, err.column, err.message);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/ic_test_waffle_XXXXXX");
    CHECK(mkdtemp(tmpdir) != NULL);
    ic_error err = {0};
    ic_fonts *fonts = ic_fonts_load(IC_SOURCE_DIR "/fonts", &err);
    CHECK(fonts != NULL);
    if (!fonts)
        return CHECK_DONE();

    /* 3.3 of 27.6 million → 12 of 100 (quota 11.96); "1 in 8" (27.6 / 3.3 = 8.36) */
    const int fl[] = {12, 88};
    expect_counts(fonts, "k,v\nChildren,3.3\nAdults,24.3\n", "\"highlight\": \"Children\", \"icon\": \"child\"", fl,
                  2, "1 in 8");
    expect_counts(fonts, "k,v\nChildren,3.3\nAdults,24.3\n", "\"highlight\": \"Children\", \"icon\": \"person\"", fl,
                  2, "1 in 8");
    /* 38 % → 38 cells, "38 of 100"; each category its own share */
    const int vs[] = {39, 23, 22, 16};
    expect_counts(fonts, "k,v\nWomen,39%\nMen,23%\nGirls,22%\nBoys,16%\n", "\"highlight\": [\"Girls\", \"Boys\"]", vs,
                  4, "38 of 100");
    /* exact ties: thirds → the first category met gets the spare cell */
    const int thirds[] = {34, 33, 33};
    expect_counts(fonts, "k,v\na,1\nb,1\nc,1\n", "", thirds, 3, NULL);
    /* equal fractions (.5 and .5): the larger value wins the spare cell */
    const int larger[] = {10, 21, 69};
    expect_counts(fonts, "k,v\na,10.5\nb,20.5\nc,69\n", "\"icon\": \"circle\"", larger, 3, NULL);
    /* a tiny share that rounds to 0 cells is still in the legend with its true value */
    const int tiny[] = {100, 0};
    expect_counts(fonts, "k,v\nmost,99.6\nfew,0.4\n", "", tiny, 2, NULL);
    ic_scene *s = render(fonts, "k,v\nmost,99.6\nfew,0.4\n", "");
    CHECK(s != NULL);
    if (s) {
        char buf[256];
        joined(s, IC_ROLE_VALUE_LABEL, 1, buf, sizeof buf);
        CHECK_STR(buf, "0.4 (0.4%)");
        ic_scene_free(s);
    }
    /* a tiny share with the larger fraction gets its cell */
    const int tiny2[] = {1, 99};
    expect_counts(fonts, "k,v\nfew,0.6\nmost,99.4\n", "", tiny2, 2, NULL);
    /* highlighted group first: 0.45 + 0.45 = 0.9 → 1 cell, although each
     * alone would lose the spare cells to 49.55 and 49.55 */
    const int grouped[] = {1, 0, 50, 49};
    expect_counts(fonts, "k,v\na,0.45\nb,0.45\nc,49.55\nd,49.55\n", "\"highlight\": [\"a\", \"b\"]", grouped, 4,
                  "1 of 100");
    /* {one_in} is a phrase that is true, the stat card's rule: 2 of 7 is
     * "2 in 7" (it said "1 in 4": 7 / 2 rounded), 1 of 8.36 is "1 in 8" */
    const int sevenths[] = {29, 71};
    expect_counts(fonts, "k,v\na,2\nb,5\n", "\"highlight\": \"a\", \"center_value\": \"{one_in}\"", sevenths, 2,
                  "2 in 7");
    expect_counts(fonts, "k,v\nChildren,3.3\nAdults,24.3\n",
                  "\"highlight\": \"Children\", \"center_value\": \"about {one_in}\"", fl, 2, "about 1 in 8");
    /* "digits" reaches every number: headline, legend values and shares;
     * the headline's words are in the chart's language ("100 میں سے 38") */
    s = render(fonts, "k,v\nWomen,39%\nMen,23%\nGirls,22%\nBoys,16%\n",
               "\"highlight\": [\"Girls\", \"Boys\"], \"lang\": \"ur\", \"digits\": \"urdu\"");
    CHECK(s != NULL);
    for (size_t i = 0; s && i < s->n; i++) {
        const ic_mark *m = &s->marks[i];
        if (m->kind != IC_MARK_TEXT || m->role == IC_ROLE_TITLE || m->role == IC_ROLE_SOURCE)
            continue;
        if (strpbrk(m->text, "0123456789%")) {
            fprintf(stderr, "Western digit or '%%' in \"%s\"\n", m->text);
            CHECK(0);
        }
    }
    if (s) {
        char buf[256];
        joined(s, IC_ROLE_CENTER_VALUE, -1, buf, sizeof buf);
        CHECK_STR(buf, "\xDB\xB1\xDB\xB0\xDB\xB0 \xD9\x85\xDB\x8C\xDA\xBA \xD8\xB3\xDB\x92 \xDB\xB3\xDB\xB8");
        ic_scene_free(s);
    }
    /* every cell keeps 3:1 against the background, however many categories
     * share the accent's or the grey's variants (they faded to 1.5:1) */
    s = render(fonts, "k,v\na,10\nb,10\nc,10\nd,10\ne,10\nf,10\ng,10\nh,10\ni,10\nj,10\n",
               "\"highlight\": [\"a\", \"b\", \"c\", \"d\", \"e\"]");
    CHECK(s != NULL);
    for (size_t i = 0; s && i < s->n; i++)
        if (s->marks[i].role == IC_ROLE_CELL && scene_check_ratio(s->marks[i].color, s->marks[0].color) < 3.0) {
            fprintf(stderr, "cell %zu: %.2f:1\n", i, scene_check_ratio(s->marks[i].color, s->marks[0].color));
            CHECK(0);
            break;
        }
    if (s)
        CHECK(s->marks[0].role == IC_ROLE_BACKGROUND);
    ic_scene_free(s);
    /* other cell counts: near-square grids, counts still exact */
    const int c27[] = {3, 24};
    expect_counts(fonts, "k,v\nChildren,3.3\nAdults,24.3\n", "\"cells\": 27, \"highlight\": \"Children\"", c27, 2,
                  "1 in 8");
    const int c10[] = {4, 6};
    expect_counts(fonts, "k,v\nyes,38\nno,62\n", "\"cells\": 10, \"highlight\": \"yes\", \"icon\": \"person\"", c10,
                  2, "4 of 10");
    /* a gap: no cells, "no data" in the legend, not counted in the whole */
    const int gap[] = {50, 0, 50};
    expect_counts(fonts, "k,v\na,1\nb,NA\nc,1\n", "", gap, 3, NULL);
    s = render(fonts, "k,v\na,1\nb,NA\nc,1\n", "");
    if (s) {
        char buf[256];
        joined(s, IC_ROLE_VALUE_LABEL, 1, buf, sizeof buf);
        CHECK_STR(buf, "no data");
        ic_scene_free(s);
    }
    /* a template headline */
    s = render(fonts, "k,v\nChildren,3300000\nAdults,24300000\n",
               "\"highlight\": \"Children\", \"center_value\": \"{value}\", \"center_label\": \"of {total}: {share}\"");
    if (s) {
        char buf[256];
        joined(s, IC_ROLE_CENTER_VALUE, -1, buf, sizeof buf);
        CHECK_STR(buf, "3.3 million");
        joined(s, IC_ROLE_CENTER_LABEL, -1, buf, sizeof buf);
        CHECK_STR(buf, "of 27.6 million: 12%");
        ic_scene_free(s);
    }
    /* the child icon is smaller than the adult one */
    s = render(fonts, "k,v\nChildren,3.3\nAdults,24.3\n", "\"highlight\": \"Children\", \"icon\": \"child\"");
    if (s) {
        double hc = 0, ha = 0;
        for (size_t i = 0; i < s->n; i++)
            if (s->marks[i].role == IC_ROLE_CELL) {
                CHECK(s->marks[i].kind == IC_MARK_PATH);
                if (s->marks[i].row == 0)
                    hc = s->marks[i].h;
                else
                    ha = s->marks[i].h;
            }
        CHECK(hc > 0 && ha > 0 && hc < 0.8 * ha);
        ic_scene_free(s);
    }

    /* errors */
    expect_error("k,v\na,3\nb,-1\n", "", IC_ERR_DATA, 3, 3, "values must be 0 or more, got -1");
    expect_error("k,v\na,0\nb,0\n", "", IC_ERR_DATA, 1, 3, "every value is zero");
    expect_error("k,v\na,NA\nb,0\n", "", IC_ERR_DATA, 1, 3, "every value is zero");

    ic_fonts_free(fonts);
    fixture_remove(tmpdir);
    return CHECK_DONE();
}
