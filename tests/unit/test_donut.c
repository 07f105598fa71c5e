/* Donut and pie: slices start at 12 o'clock, go clockwise, are proportional
 * to their values (within 0.5 %) and sum to exactly 360°; labels stay inside
 * the canvas without overlapping at every preset; leaders never cross the
 * ring; the centre text fits in the hole; bad data is refused at its cell. */
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
    snprintf(spec, sizeof spec, "{\"data\": \"data.csv\", \"title\": \"T\", \"source\": \"S\", %s}", spec_body);
    return fixture_chart(tmpdir, csv, spec, err);
}

static const char *victims = "group,share_pct\nWomen,39\nMen,23\nGirls,22\nBoys,16\n";
static const char *forms = "form,share_pct\nSexual exploitation,50\nForced labour,38\n"
                           "Forced criminal activity,6\nBegging,1\nOther purposes,5\n";

/* Arcs: contiguous from 0 to exactly 360, each proportional to its value;
 * returns the number of problems. `rows` (may be NULL) gives the expected
 * drawing order. */
static int check_arcs(const ic_scene *s, const double *values, size_t n, const int *rows, const char *what)
{
    int bad = 0;
    double total = 0, prev = 0;
    for (size_t i = 0; i < n; i++)
        total += isnan(values[i]) ? 0 : values[i];
    size_t k = 0;
    const ic_mark *last = NULL;
    for (size_t i = 0; i < s->n; i++) {
        const ic_mark *m = &s->marks[i];
        if (m->role != IC_ROLE_SLICE)
            continue;
        if (m->kind != IC_MARK_ARC || m->row < 0 || (size_t)m->row >= n) {
            fprintf(stderr, "%s: bad slice mark\n", what);
            return bad + 1;
        }
        if (rows && (k >= n || rows[k] != m->row)) {
            fprintf(stderr, "%s: slice %zu shows row %d\n", what, k, m->row);
            bad++;
        }
        if (m->a0 != prev) {
            fprintf(stderr, "%s: slice of row %d starts at %.6f, previous ended at %.6f\n", what, m->row, m->a0, prev);
            bad++;
        }
        double want = 360 * values[m->row] / total;
        if (fabs((m->a1 - m->a0) - want) > 0.005 * want) {
            fprintf(stderr, "%s: slice of row %d spans %.4f°, want %.4f°\n", what, m->row, m->a1 - m->a0, want);
            bad++;
        }
        if (m->value != values[m->row])
            bad++;
        prev = m->a1;
        last = m;
        k++;
    }
    if (!last || last->a1 != 360.0) {
        fprintf(stderr, "%s: the last slice does not end at exactly 360\n", what);
        bad++;
    }
    return bad;
}

static const ic_mark *first_slice(const ic_scene *s)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->marks[i].role == IC_ROLE_SLICE)
            return &s->marks[i];
    return NULL;
}

/* Centre texts inside the hole; leaders outside the ring. */
static int check_centre_and_leaders(const ic_scene *s, const char *what)
{
    const ic_mark *ring = first_slice(s);
    int bad = 0;
    if (!ring)
        return 1;
    double cx = ring->x2, cy = ring->y2;
    for (size_t i = 0; i < s->n; i++) {
        const ic_mark *m = &s->marks[i];
        if (m->role == IC_ROLE_CENTER_VALUE || m->role == IC_ROLE_CENTER_LABEL) {
            double xs[2] = {m->x, m->x + m->w}, ys[2] = {m->y, m->y + m->h};
            for (int a = 0; a < 2; a++)
                for (int b = 0; b < 2; b++)
                    if (hypot(xs[a] - cx, ys[b] - cy) > ring->r0 + 1e-6) {
                        fprintf(stderr, "%s: centre text \"%s\" leaves the hole\n", what, m->text);
                        bad++;
                    }
        }
        if (m->role == IC_ROLE_LEADER) {
            /* no point of the leader inside the ring's outer circle */
            for (int k = 0; k <= 20; k++) {
                double t = k / 20.0;
                double x = m->x + t * (m->x2 - m->x), y = m->y + t * (m->y2 - m->y);
                if (m->kind == IC_MARK_LINE && hypot(x - cx, y - cy) < ring->r - 1e-6) {
                    fprintf(stderr, "%s: leader of row %d crosses the ring\n", what, m->row);
                    bad++;
                    break;
                }
            }
        }
        if ((m->role == IC_ROLE_CATEGORY_LABEL || m->role == IC_ROLE_VALUE_LABEL) && m->kind == IC_MARK_TEXT) {
            /* labels outside the ring: the box's nearest point is beyond r */
            double nx = fmax(m->x, fmin(cx, m->x + m->w)), ny = fmax(m->y, fmin(cy, m->y + m->h));
            if (hypot(nx - cx, ny - cy) < ring->r) {
                fprintf(stderr, "%s: label \"%s\" lies on the ring\n", what, m->text);
                bad++;
            }
        }
    }
    return bad;
}

static void joined(const ic_scene *s, ic_role role, char *buf, size_t size)
{
    buf[0] = '\0';
    for (size_t i = 0; i < s->n; i++)
        if (s->marks[i].kind == IC_MARK_TEXT && s->marks[i].role == role) {
            if (buf[0])
                strncat(buf, " ", size - strlen(buf) - 1);
            strncat(buf, s->marks[i].text, size - strlen(buf) - 1);
        }
}

static size_t count_role(const ic_scene *s, ic_role role, int row)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++)
        if (s->marks[i].role == role && (row < 0 || s->marks[i].row == row))
            n++;
    return n;
}

/* Number of pairs of legend swatches with the same colour. */
static int same_swatches(const ic_scene *s)
{
    int same = 0;
    for (size_t i = 0; i < s->n; i++)
        for (size_t j = i + 1; j < s->n; j++)
            if (s->marks[i].role == IC_ROLE_LEGEND_SWATCH && s->marks[j].role == IC_ROLE_LEGEND_SWATCH &&
                memcmp(&s->marks[i].color, &s->marks[j].color, sizeof s->marks[i].color) == 0)
                same++;
    return same;
}

/* Width of slice `row` still showing at mid radius after the separators
 * (background-coloured rule lines along slice edges) painted over it. */
static double visible_width(const ic_scene *s, int row)
{
    const ic_mark *sl = NULL;
    for (size_t i = 0; i < s->n; i++)
        if (s->marks[i].role == IC_ROLE_SLICE && s->marks[i].row == row)
            sl = &s->marks[i];
    if (!sl)
        return -1;
    double rm = (sl->r0 + sl->r) / 2, covered = 0;
    for (size_t i = 0; i < s->n; i++) {
        const ic_mark *m = &s->marks[i];
        if (m->role != IC_ROLE_RULE || m->kind != IC_MARK_LINE)
            continue;
        double a = atan2(m->x2 - m->x, -(m->y2 - m->y)) * 180 / 3.14159265358979323846;
        a = a < 0 ? a + 360 : a;
        if (hypot(m->x - sl->x2, m->y - sl->y2) > sl->r)
            continue; /* not a separator of this ring */
        for (int k = 0; k < 2; k++) {
            double edge = k == 0 ? sl->a0 : sl->a1;
            if (fabs(a - edge) < 1e-6 || fabs(a - edge + 360) < 1e-6 || fabs(a - edge - 360) < 1e-6)
                covered += m->width / 2;
        }
    }
    return rm * (sl->a1 - sl->a0) * 3.14159265358979323846 / 180 - covered;
}

static size_t count_warnings(const ic_scene *s, const char *needle)
{
    size_t n = 0;
    for (size_t i = 0; i < s->nwarnings; i++)
        if (strstr(s->warnings[i], needle))
            n++;
    return n;
}

/* Lays the chart out at every preset and in the dark theme; checks all. */
static void every_preset(const ic_fonts *fonts, const char *csv, const char *body, const double *values, size_t n,
                         const int *rows)
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
            char what[256];
            snprintf(what, sizeof what, "%s %s at %s%s", c->spec->chart, body, *p, dark ? " (dark)" : "");
            ic_scene *s = ic_chart_layout(c, fonts, &err);
            CHECK(s != NULL);
            if (!s) {
                fprintf(stderr, "%s: %s\n", what, err.message);
                continue;
            }
            CHECK(check_text_inside(s, what) == 0);
            CHECK(check_no_text_overlap(s, what) == 0);
            CHECK(check_arcs(s, values, n, rows, what) == 0);
            CHECK(check_centre_and_leaders(s, what) == 0);
            CHECK(same_swatches(s) == 0);
            ic_scene_free(s);
        }
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
    ic_scene *s = ic_chart_layout(c, fonts, &err);
    if (!s)
        fprintf(stderr, "layout: %s\n", err.message);
    ic_chart_free(c);
    return s;
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
    snprintf(tmpdir, sizeof tmpdir, "/tmp/ic_test_donut_XXXXXX");
    CHECK(mkdtemp(tmpdir) != NULL);
    ic_error err = {0};
    ic_fonts *fonts = ic_fonts_load(IC_SOURCE_DIR "/fonts", &err);
    CHECK(fonts != NULL);
    if (!fonts)
        return CHECK_DONE();

    /* "digits" reaches every number: the centre share, labels and legend */
    {
        ic_chart *c = load(victims, "\"chart\": \"donut\", \"x\": \"group\", \"y\": \"share_pct\", "
                                    "\"highlight\": [\"Girls\", \"Boys\"], \"lang\": \"ar\", \"digits\": \"arabic-indic\"",
                           &err);
        CHECK(c != NULL);
        ic_scene *s = c ? ic_chart_layout(c, fonts, &err) : NULL;
        CHECK(s != NULL);
        int centre = 0;
        for (size_t i = 0; s && i < s->n; i++) {
            const ic_mark *m = &s->marks[i];
            if (m->kind != IC_MARK_TEXT || m->role == IC_ROLE_TITLE || m->role == IC_ROLE_SOURCE)
                continue;
            centre |= m->role == IC_ROLE_CENTER_VALUE;
            if (strpbrk(m->text, "0123456789%")) {
                fprintf(stderr, "Western digit or '%%' in \"%s\"\n", m->text);
                CHECK(0);
            }
        }
        CHECK(centre);
        ic_scene_free(s);
        ic_chart_free(c);
    }

    /* the story donut: 38% children, at every preset and theme */
    const double vv[] = {39, 23, 22, 16};
    const int data_order[] = {0, 1, 2, 3, 4};
    const char *donut_body = "\"chart\": \"donut\", \"x\": \"group\", \"y\": \"share_pct\", "
                             "\"highlight\": [\"Girls\", \"Boys\"], \"center_label\": \"children\"";
    every_preset(fonts, victims, donut_body, vv, 4, data_order);
    ic_scene *s = render(fonts, victims, donut_body);
    CHECK(s != NULL);
    if (s) {
        char buf[256];
        joined(s, IC_ROLE_CENTER_VALUE, buf, sizeof buf);
        CHECK_STR(buf, "38%");
        joined(s, IC_ROLE_CENTER_LABEL, buf, sizeof buf);
        CHECK_STR(buf, "children");
        const ic_mark *ring = first_slice(s);
        CHECK(ring && ring->a0 == 0);                      /* starts at 12 o'clock */
        CHECK(ring && fabs(ring->r0 - 0.58 * ring->r) < 1e-9); /* default hole */
        /* every slice labelled with its name and value */
        for (int r = 0; r < 4; r++) {
            CHECK(count_role(s, IC_ROLE_CATEGORY_LABEL, r) + count_role(s, IC_ROLE_LEGEND_LABEL, r) == 1);
        }
        joined(s, IC_ROLE_VALUE_LABEL, buf, sizeof buf);
        CHECK_STR(buf, "39% 23% 22% 16%");
        /* highlighted slices share the accent, the rest the muted colour */
        const ic_mark *sl[4] = {0};
        for (size_t i = 0; i < s->n; i++)
            if (s->marks[i].role == IC_ROLE_SLICE)
                sl[s->marks[i].row] = &s->marks[i];
        CHECK(sl[2] && sl[3] && sl[0] && sl[1]);
        if (sl[0] && sl[1] && sl[2] && sl[3]) {
            CHECK(memcmp(&sl[2]->color, &sl[3]->color, sizeof sl[2]->color) == 0);
            CHECK(memcmp(&sl[0]->color, &sl[1]->color, sizeof sl[0]->color) == 0);
            CHECK(memcmp(&sl[0]->color, &sl[2]->color, sizeof sl[0]->color) != 0);
        }
        /* a separator at each of the 4 slice starts, plus the footer rule */
        CHECK(count_role(s, IC_ROLE_RULE, -1) == 5);
        ic_scene_free(s);
    }

    /* the pie with small slices: leaders for the small ones, no hole */
    const double fv[] = {50, 38, 6, 1, 5};
    const char *pie_body = "\"chart\": \"pie\", \"x\": \"form\", \"y\": \"share_pct\"";
    every_preset(fonts, forms, pie_body, fv, 5, data_order);
    s = render(fonts, forms, "\"chart\": \"pie\", \"x\": \"form\", \"y\": \"share_pct\", \"size\": \"x-post\"");
    CHECK(s != NULL);
    if (s) {
        CHECK(first_slice(s) && first_slice(s)->r0 == 0);
        CHECK(count_role(s, IC_ROLE_LEADER, 3) == 1);      /* "Begging 1%" */
        CHECK(count_role(s, IC_ROLE_LEADER, 0) == 0);      /* the half needs none */
        CHECK(count_role(s, IC_ROLE_CENTER_VALUE, -1) == 0);
        ic_scene_free(s);
    }

    /* thirds: 1/3 of 360 does not round evenly, yet the slices meet and end at 360 */
    const double thirds[] = {1, 1, 1};
    every_preset(fonts, "k,v\na,1\nb,1\nc,1\n", "\"chart\": \"donut\", \"x\": \"k\", \"y\": \"v\"", thirds, 3,
                 data_order);
    s = render(fonts, "k,v\na,1\nb,1\nc,1\n", "\"chart\": \"donut\", \"x\": \"k\", \"y\": \"v\"");
    if (s) {
        char buf[64];
        joined(s, IC_ROLE_CENTER_VALUE, buf, sizeof buf); /* nothing highlighted: the total */
        CHECK_STR(buf, "3");
        joined(s, IC_ROLE_CENTER_LABEL, buf, sizeof buf);
        CHECK_STR(buf, "total");
        ic_scene_free(s);
    }

    /* sorted descending; a template centre with counts */
    const double counts[] = {3300000, 24300000};
    const int desc[] = {1, 0};
    const char *count_csv = "group,people\nChildren,3300000\nAdults,24300000\n";
    const char *tpl_body = "\"chart\": \"donut\", \"x\": \"group\", \"y\": \"people\", \"sort\": \"descending\", "
                           "\"highlight\": \"Children\", \"center_value\": \"{share}\", "
                           "\"center_label\": \"{value} of {total}\"";
    every_preset(fonts, count_csv, tpl_body, counts, 2, desc);
    s = render(fonts, count_csv, tpl_body);
    if (s) {
        char buf[256];
        joined(s, IC_ROLE_CENTER_VALUE, buf, sizeof buf);
        CHECK_STR(buf, "12%");
        joined(s, IC_ROLE_CENTER_LABEL, buf, sizeof buf);
        CHECK_STR(buf, "3.3 million of 27.6 million");
        ic_scene_free(s);
    }

    /* one row: one full ring, no separator */
    const double one[] = {5};
    every_preset(fonts, "k,v\nall,5\n", "\"chart\": \"donut\", \"x\": \"k\", \"y\": \"v\"", one, 1, data_order);
    s = render(fonts, "k,v\nall,5\n", "\"chart\": \"donut\", \"x\": \"k\", \"y\": \"v\"");
    if (s) {
        CHECK(count_role(s, IC_ROLE_RULE, -1) == 1);
        ic_scene_free(s);
    }

    /* a gap is left out (not a zero, not drawn); a zero has no slice but a label */
    const double gapv[] = {30, NAN, 0, 70};
    const int gap_rows[] = {0, 3};
    const char *gap_csv = "k,v\na,30\nb,NA\nc,0\nd,70\n";
    every_preset(fonts, gap_csv, "\"chart\": \"donut\", \"x\": \"k\", \"y\": \"v\"", gapv, 4, gap_rows);
    s = render(fonts, gap_csv, "\"chart\": \"donut\", \"x\": \"k\", \"y\": \"v\"");
    if (s) {
        CHECK(count_role(s, IC_ROLE_SLICE, 1) == 0);
        CHECK(count_role(s, IC_ROLE_SLICE, 2) == 0);
        ic_scene_free(s);
    }

    /* many small slices: labels spread with leaders or become a legend, never overlapping */
    const char *many = "k,v\nFirst category,40\nSecond,20\nThird one,10\nFourth,8\nFifth,6\nSixth,5\n"
                       "Seventh,4\nEighth,3\nNinth,2\nTenth,1\nEleventh,0.6\nTwelfth,0.4\n";
    const double mv[] = {40, 20, 10, 8, 6, 5, 4, 3, 2, 1, 0.6, 0.4};
    every_preset(fonts, many, "\"chart\": \"pie\", \"x\": \"k\", \"y\": \"v\"", mv, 12, NULL);
    every_preset(fonts, many, "\"chart\": \"donut\", \"x\": \"k\", \"y\": \"v\", \"hole\": 0.8", mv, 12, NULL);

    /* a legend never shows two entries with the same swatch: long names
     * force the legend; 2 of 6 slices highlighted */
    const char *long6 = "k,v\nA very long category name for slice one,30\nA very long category name for slice two,20\n"
                        "A very long category name for slice three,15\nA very long category name for slice four,15\n"
                        "A very long category name for slice five,12\nA very long category name for slice six,8\n";
    const char *long6_body = "\"chart\": \"donut\", \"x\": \"k\", \"y\": \"v\", \"size\": \"instagram-square\", "
                             "\"highlight\": [\"A very long category name for slice two\", "
                             "\"A very long category name for slice five\"]";
    s = render(fonts, long6, long6_body);
    CHECK(s != NULL);
    if (s) {
        CHECK(count_role(s, IC_ROLE_LEGEND_SWATCH, -1) == 6);
        CHECK(same_swatches(s) == 0);
        /* the first highlighted slice keeps the story colour */
        for (size_t i = 0; i < s->n; i++)
            if (s->marks[i].role == IC_ROLE_SLICE && s->marks[i].row == 1)
                CHECK(s->marks[i].color.r == 0x1B / 255.0 && s->marks[i].color.b == 0xA8 / 255.0);
        ic_scene_free(s);
    }

    /* more slices than the palette has colours: a warning, the smallest
     * grey and grouped as one "Other" legend entry */
    char many_csv[2048] = "k,v\n";
    for (int i = 0; i < 15; i++) {
        char row[128];
        snprintf(row, sizeof row, "A long category name number %d,%d\n", i + 1, 40 - 2 * i);
        strncat(many_csv, row, sizeof many_csv - strlen(many_csv) - 1);
    }
    s = render(fonts, many_csv, "\"chart\": \"donut\", \"x\": \"k\", \"y\": \"v\"");
    CHECK(s != NULL);
    if (s) {
        CHECK(count_role(s, IC_ROLE_LEGEND_SWATCH, -1) == 13); /* 12 colours + Other */
        CHECK(same_swatches(s) == 0);
        CHECK(count_warnings(s, "15 slices but the palette has 12 colours") == 1);
        char buf[4096];
        joined(s, IC_ROLE_LEGEND_LABEL, buf, sizeof buf);
        CHECK(strstr(buf, "Other 42") != NULL); /* the three smallest: 16 + 14 + 12 */
        ic_scene_free(s);
    }
    s = render(fonts, many_csv, "\"chart\": \"pie\", \"x\": \"k\", \"y\": \"v\", \"size\": \"a4-full\"");
    if (s) {
        /* direct labels: every slice still named, the three smallest grey */
        CHECK(count_role(s, IC_ROLE_LEGEND_SWATCH, -1) == 0 || same_swatches(s) == 0);
        CHECK(count_warnings(s, "15 slices but the palette has 12 colours") == 1);
        ic_scene_free(s);
    }

    /* any slice > 0 stays visible: a 0.09 % slice keeps at least half its
     * width at mid radius after the separators */
    const char *tiny = "k,v\nBig,60\nMiddle,39.91\nTiny,0.09\n";
    const double tv[] = {60, 39.91, 0.09};
    every_preset(fonts, tiny, "\"chart\": \"donut\", \"x\": \"k\", \"y\": \"v\"", tv, 3, data_order);
    for (int pie = 0; pie < 2; pie++) {
        s = render(fonts, tiny, pie ? "\"chart\": \"pie\", \"x\": \"k\", \"y\": \"v\""
                                    : "\"chart\": \"donut\", \"x\": \"k\", \"y\": \"v\"");
        CHECK(s != NULL);
        if (s) {
            const ic_mark *sl = first_slice(s);
            double full = sl ? (sl->r0 + sl->r) / 2 * 0.0009 * 2 * 3.14159265358979323846 : 0;
            double vis = visible_width(s, 2);
            if (!(vis >= 0.5 * full - 1e-9))
                fprintf(stderr, "tiny slice: %.3f of %.3f visible\n", vis, full);
            CHECK(vis >= 0.5 * full - 1e-9);
            CHECK(visible_width(s, 0) > 0);
            ic_scene_free(s);
        }
    }

    /* long names on wide, short canvases: the legend stands beside the
     * ring (every swatch right of it), and the ring is not a thumbnail */
    static const char *regions = "region,pop\nEast Asia & Pacific (all income levels),2263\n"
                                 "Europe & Central Asia (all income levels),903\n"
                                 "Latin America & Caribbean (all income levels),618\n"
                                 "Middle East & North Africa (all income levels),404\nNorth America,354\n"
                                 "South Asia,1721\nSub-Saharan Africa (all income levels),973\n";
    static const char *const wide[] = {"x-post", "facebook", "linkedin"};
    for (size_t w = 0; w < 3; w++) {
        char body[256];
        snprintf(body, sizeof body, "\"chart\": \"pie\", \"x\": \"region\", \"y\": \"pop\", \"size\": \"%s\"", wide[w]);
        ic_scene *s = render(fonts, regions, body);
        CHECK(s != NULL);
        if (!s)
            continue;
        const ic_mark *ring = first_slice(s);
        CHECK(ring != NULL);
        CHECK(count_role(s, IC_ROLE_LEGEND_SWATCH, -1) == 7);
        for (size_t i = 0; ring && i < s->n; i++)
            if (s->marks[i].role == IC_ROLE_LEGEND_SWATCH)
                CHECK(s->marks[i].x > ring->x2 + ring->r);
        CHECK(ring && ring->r > 0.25 * s->height);
        CHECK(check_text_inside(s, wide[w]) == 0);
        CHECK(check_no_text_overlap(s, wide[w]) == 0);
        ic_scene_free(s);
    }

    /* errors */
    expect_error("k,v\na,3\nb,-1\n", "\"chart\": \"donut\", \"x\": \"k\", \"y\": \"v\"", IC_ERR_DATA, 3, 3,
                 "values must be 0 or more, got -1");
    expect_error("k,v\na,0\nb,0\n", "\"chart\": \"pie\", \"x\": \"k\", \"y\": \"v\"", IC_ERR_DATA, 1, 3,
                 "every value is zero");
    expect_error("k,v,w\na,1,2\n", "\"chart\": \"donut\", \"x\": \"k\", \"y\": [\"v\", \"w\"]", IC_ERR_SPEC, 1,
                 90, "one 'y' column");

    ic_fonts_free(fonts);
    fixture_remove(tmpdir);
    return CHECK_DONE();
}
