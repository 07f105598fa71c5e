/* Line and area charts: points at their true positions, gaps where values are
 * missing, labels that do not collide, trend notes and annotations. */
#include "check.h"
#include "scene_checks.h"
#include "charts/registry.h"
#include "layout/annotate.h"

#include <stdlib.h>
#include <string.h>

static ic_fonts *fonts;

static const char share_csv[] =
    "data_year,children_pct,girls_pct,boys_pct,report_edition,verification\n"
    "2004,13,10,3,GLOTIP 2020,secondary\n"
    "2014,29,21,8,GLOTIP 2018,derived\n"
    "2016,30,23,7,GLOTIP 2018,secondary\n"
    "2018,34,19,15,GLOTIP 2020,secondary\n"
    "2020,35,,,GLOTIP 2022,secondary\n"
    "2022,38,22,16,GLOTIP 2024,publisher\n";

typedef struct chart { ic_spec *spec; ic_table *table; ic_scene *scene; } chart;

static void chart_free(chart *c)
{
    ic_scene_free(c->scene);
    ic_spec_free(c->spec);
    ic_table_free(c->table);
    memset(c, 0, sizeof *c);
}

/* Loads, validates and lays out a chart from JSON members (data, title and
 * source added; "chart" defaults to "line"). Returns 0 or -1 with `err`. */
static int lay(chart *c, const char *csv, const char *members, ic_error *err)
{
    char json[8192];
    snprintf(json, sizeof json, "{\"data\": \"t.csv\", \"title\": \"A title\", \"source\": \"A source\",\n%s%s}",
             strstr(members, "\"chart\"") ? "" : "\"chart\": \"line\",\n", members);
    memset(c, 0, sizeof *c);
    c->spec = ic_spec_parse(json, strlen(json), "t.json", err);
    if (!c->spec)
        return -1;
    ic_csv_options opt = {0};
    opt.overrides = c->spec->types;
    opt.noverrides = c->spec->ntypes;
    c->table = ic_table_parse(csv, strlen(csv), "t.csv", &opt, err);
    if (!c->table || ic_spec_check_columns(c->spec, c->table, err) != 0 ||
        ic_line_validate(c->spec, c->table, err) != 0)
        return -1;
    c->scene = ic_scene_new(c->spec->width, c->spec->height, fonts);
    ic_layout L;
    if (!c->scene || ic_layout_init(&L, c->spec, c->table, c->scene, err) != 0)
        return -1;
    ic_scene_rect(c->scene, IC_ROLE_BACKGROUND, 0, 0, c->scene->width, c->scene->height, L.theme.background);
    return strcmp(c->spec->chart, "area") == 0 ? ic_area_layout(&L) : ic_line_layout(&L);
}

/* The coloured marker of (row, series), or NULL (rings have no value). */
static const ic_mark *marker(const ic_scene *s, int row, int series)
{
    for (size_t i = 0; i < s->n; i++) {
        const ic_mark *m = &s->marks[i];
        if (m->role == IC_ROLE_MARKER && m->row == row && m->series == series && !isnan(m->value))
            return m;
    }
    return NULL;
}

static const ic_mark *find_role(const ic_scene *s, ic_role role, size_t nth)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->marks[i].role == role && nth-- == 0)
            return &s->marks[i];
    return NULL;
}

static size_t count_role(const ic_scene *s, ic_role role, int series)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++)
        n += s->marks[i].role == role && (series < 0 || s->marks[i].series == series);
    return n;
}

/* How many series have a mark of `role` (a wrapped legend label is one
 * entry in several lines). */
static size_t count_series_with(const ic_scene *s, ic_role role)
{
    size_t n = 0;
    for (int series = 0; series < 64; series++)
        n += count_role(s, role, series) > 0;
    return n;
}

static const ic_mark *find_text(const ic_scene *s, const char *text)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->marks[i].kind == IC_MARK_TEXT && strcmp(s->marks[i].text, text) == 0)
            return &s->marks[i];
    return NULL;
}

static int legible(const chart *c, const char *what)
{
    return check_text_inside(c->scene, what) + check_no_text_overlap(c->scene, what);
}

/* ------------------------------------------------------------------ */

static void test_positions(void)
{
    chart c;
    ic_error err = {0};
    CHECK(lay(&c, share_csv, "\"x\": \"data_year\", \"y\": \"children_pct\", \"y_from_zero\": true", &err) == 0);
    if (!c.scene) {
        fprintf(stderr, "%s\n", err.message);
        chart_free(&c);
        return;
    }
    CHECK(legible(&c, "single") == 0);
    /* six points, markers on (≤ 12), every row a marker */
    const ic_mark *m[6];
    for (int r = 0; r < 6; r++) {
        m[r] = marker(c.scene, r, 0);
        CHECK(m[r] != NULL);
    }
    if (m[0] && m[1] && m[2] && m[5]) {
        /* proportional years: 2004→2014 is 10 years, 2004→2016 is 12, 2004→2022 is 18 */
        double x0 = m[0]->x2;
        CHECK_NEAR((m[1]->x2 - x0) / (m[5]->x2 - x0), 10.0 / 18.0, 1e-9);
        CHECK_NEAR((m[2]->x2 - x0) / (m[5]->x2 - x0), 12.0 / 18.0, 1e-9);
        /* heights proportional to the values from the zero baseline */
        const ic_mark *base = find_role(c.scene, IC_ROLE_BASELINE, 0);
        CHECK(base != NULL && base->value == 0);
        if (base)
            for (int r = 1; r < 6; r++)
                CHECK_NEAR((base->y - m[r]->y2) / m[r]->value, (base->y - m[0]->y2) / 13.0, 1e-9);
        CHECK_NEAR(m[0]->value, 13, 0);
        CHECK_NEAR(m[5]->value, 38, 0);
    }
    /* one line through all six points, in the accent colour */
    const ic_mark *line = find_role(c.scene, IC_ROLE_LINE, 0);
    CHECK(line != NULL && line->kind == IC_MARK_PATH && line->npts == 6 && count_role(c.scene, IC_ROLE_LINE, -1) == 1);
    if (line && m[3])
        CHECK_NEAR(line->pts[6], m[3]->x2, 1e-9);
    /* value labels: last and first */
    const ic_mark *last = find_text(c.scene, "38%"), *first = find_text(c.scene, "13%");
    CHECK(last != NULL && last->role == IC_ROLE_VALUE_LABEL && last->row == 5);
    CHECK(first != NULL && first->role == IC_ROLE_VALUE_LABEL && first->row == 0);
    if (last && m[5])
        CHECK(last->x > m[5]->x2 && last->y < m[5]->y2 && last->y + last->h > m[5]->y2);
    /* gridlines only horizontal (value axis) */
    for (size_t i = 0; i < c.scene->n; i++)
        if (c.scene->marks[i].role == IC_ROLE_GRIDLINE)
            CHECK(c.scene->marks[i].y == c.scene->marks[i].y2);
    /* x labels: each year at its point */
    const ic_mark *x2014 = find_text(c.scene, "2014");
    CHECK(x2014 != NULL && x2014->role == IC_ROLE_CATEGORY_LABEL);
    if (x2014 && m[1])
        CHECK_NEAR(x2014->x + x2014->w / 2, m[1]->x2, 1e-6);
    chart_free(&c);

    /* a text x column: evenly spaced categories in file order */
    CHECK(lay(&c, "stage,v\nRecruited,5\nMoved,7\nExploited,6\nRescued,2\n", "\"x\": \"stage\", \"y\": \"v\"", &err) == 0);
    if (c.scene) {
        double xs[4];
        for (int r = 0; r < 4; r++)
            xs[r] = marker(c.scene, r, 0) ? marker(c.scene, r, 0)->x2 : NAN;
        CHECK_NEAR(xs[1] - xs[0], xs[2] - xs[1], 1e-9);
        CHECK_NEAR(xs[3] - xs[2], xs[2] - xs[1], 1e-9);
        CHECK(legible(&c, "categories") == 0);
    }
    chart_free(&c);

    /* rows out of order are drawn in x order */
    CHECK(lay(&c, "year,v\n2022,38\n2004,13\n2018,34\n", "\"x\": \"year\", \"y\": \"v\"", &err) == 0);
    if (c.scene) {
        const ic_mark *l = find_role(c.scene, IC_ROLE_LINE, 0);
        CHECK(l && l->npts == 3 && l->pts[0] < l->pts[2] && l->pts[2] < l->pts[4]);
        CHECK(l && marker(c.scene, 1, 0) && fabs(l->pts[0] - marker(c.scene, 1, 0)->x2) < 1e-9);
    }
    chart_free(&c);
    CHECK(err.code == IC_OK);
}

static void test_gaps(void)
{
    chart c;
    ic_error err = {0};
    CHECK(lay(&c, share_csv, "\"x\": \"data_year\", \"y\": [\"children_pct\", \"girls_pct\", \"boys_pct\"]", &err) == 0);
    if (!c.scene) {
        fprintf(stderr, "%s\n", err.message);
        chart_free(&c);
        return;
    }
    CHECK(legible(&c, "gaps") == 0);
    /* children: one line of 6 points; girls and boys: 2004–2018 (4 points), then a lone 2022 point */
    CHECK(count_role(c.scene, IC_ROLE_LINE, 0) == 1);
    for (int s = 1; s <= 2; s++) {
        CHECK(count_role(c.scene, IC_ROLE_LINE, s) == 1);
        for (size_t i = 0; i < c.scene->n; i++) {
            const ic_mark *m = &c.scene->marks[i];
            if (m->role != IC_ROLE_LINE || m->series != s)
                continue;
            CHECK(m->npts == 4);
            /* the line stops at 2018 and does not bridge 2020 */
            const ic_mark *m2018 = marker(c.scene, 3, s);
            CHECK(m2018 && fabs(m->pts[6] - m2018->x2) < 1e-9);
        }
        CHECK(marker(c.scene, 4, s) == NULL); /* no invented value in 2020 */
        CHECK(marker(c.scene, 5, s) != NULL); /* the lone 2022 point stays visible */
    }
    /* direct labels, no legend */
    CHECK(count_role(c.scene, IC_ROLE_SERIES_LABEL, -1) == 3);
    CHECK(count_role(c.scene, IC_ROLE_LEGEND_LABEL, -1) == 0);
    CHECK(find_text(c.scene, "Girls") != NULL && find_text(c.scene, "Boys") != NULL);
    chart_free(&c);

    /* markers off: a lone point still gets one, points inside a run do not */
    CHECK(lay(&c, share_csv, "\"x\": \"data_year\", \"y\": [\"children_pct\", \"girls_pct\"], \"markers\": false",
              &err) == 0);
    if (c.scene) {
        CHECK(marker(c.scene, 5, 1) != NULL);
        CHECK(marker(c.scene, 2, 1) == NULL);
        CHECK(marker(c.scene, 2, 0) == NULL);
    }
    chart_free(&c);
    CHECK(err.code == IC_OK);
}

static void test_markers_and_labels(void)
{
    chart c;
    ic_error err = {0};
    char csv[2048] = "year,v\n";
    for (int y = 2000; y <= 2019; y++) /* 20 points: markers off by default */
        snprintf(csv + strlen(csv), sizeof csv - strlen(csv), "%d,%d\n", y, 100 + (y % 7) * 10);
    CHECK(lay(&c, csv, "\"x\": \"year\", \"y\": \"v\"", &err) == 0);
    if (c.scene) {
        CHECK(marker(c.scene, 5, 0) == NULL);
        CHECK(marker(c.scene, 19, 0) != NULL); /* the labelled end */
        CHECK(legible(&c, "20 years") == 0);
        /* year labels thinned to a nice step, none colliding */
        size_t nlab = count_role(c.scene, IC_ROLE_CATEGORY_LABEL, -1);
        CHECK(nlab >= 3 && nlab < 20);
    }
    chart_free(&c);
    CHECK(lay(&c, csv, "\"x\": \"year\", \"y\": \"v\", \"markers\": true", &err) == 0);
    if (c.scene)
        for (int r = 0; r < 20; r++)
            CHECK(marker(c.scene, r, 0) != NULL);
    chart_free(&c);

    /* end labels of close values are moved apart, with a leader when far */
    CHECK(lay(&c, "year,a,b,c,d\n2000,10,20,30,40\n2010,50,50.4,50.8,51.2\n",
              "\"x\": \"year\", \"y\": [\"a\", \"b\", \"c\", \"d\"]", &err) == 0);
    if (c.scene) {
        CHECK(legible(&c, "close ends") == 0);
        CHECK(count_role(c.scene, IC_ROLE_SERIES_LABEL, -1) == 4);
        CHECK(count_role(c.scene, IC_ROLE_LEADER, -1) >= 2);
        /* a leader starts next to its point and ends next to its label */
        for (size_t i = 0; i < c.scene->n; i++) {
            const ic_mark *l = &c.scene->marks[i];
            if (l->role != IC_ROLE_LEADER)
                continue;
            const ic_mark *p = marker(c.scene, 1, l->series);
            CHECK(p && fabs(l->y - p->y2) < 1e-9 && l->x > p->x2);
        }
    }
    chart_free(&c);

    /* many series with long names on a small canvas: a legend instead */
    CHECK(lay(&c, "year,first_series_with_a_rather_long_name_indeed,second_series_with_a_rather_long_name_indeed,third_series_with_a_rather_long_name_indeed\n"
                  "2000,1,2,3\n2010,2,3,4\n",
              "\"x\": \"year\", \"y\": [\"first_series_with_a_rather_long_name_indeed\", \"second_series_with_a_rather_long_name_indeed\", "
              "\"third_series_with_a_rather_long_name_indeed\"], \"size\": \"a4-column\"",
              &err) == 0);
    if (c.scene) {
        CHECK(count_series_with(c.scene, IC_ROLE_LEGEND_LABEL) == 3);
        CHECK(count_role(c.scene, IC_ROLE_LEGEND_SWATCH, -1) == 3);
        CHECK(count_role(c.scene, IC_ROLE_SERIES_LABEL, -1) == 0);
        CHECK(legible(&c, "legend") == 0);
    }
    chart_free(&c);

    /* one row: a single point in the middle, with its marker and label */
    CHECK(lay(&c, "year,v\n2022,38\n", "\"x\": \"year\", \"y\": \"v\"", &err) == 0);
    if (c.scene) {
        CHECK(marker(c.scene, 0, 0) != NULL);
        CHECK(count_role(c.scene, IC_ROLE_LINE, -1) == 0);
        CHECK(find_text(c.scene, "38") != NULL);
        CHECK(legible(&c, "one row") == 0);
    }
    chart_free(&c);

    /* value_labels false: no values */
    CHECK(lay(&c, share_csv, "\"x\": \"data_year\", \"y\": \"children_pct\", \"value_labels\": false", &err) == 0);
    if (c.scene)
        CHECK(count_role(c.scene, IC_ROLE_VALUE_LABEL, -1) == 0);
    chart_free(&c);
    CHECK(err.code == IC_OK);
}

static void test_axis(void)
{
    chart c;
    ic_error err = {0};
    /* y_from_zero false (as the default): the axis fits the data, without a note */
    CHECK(lay(&c, "year,v\n2000,950\n2010,990\n2020,1010\n", "\"x\": \"year\", \"y\": \"v\", \"y_from_zero\": false",
              &err) == 0);
    if (c.scene) {
        CHECK(find_text(c.scene, "Axis does not start at zero") == NULL);
        double lowest = INFINITY;
        for (size_t i = 0; i < c.scene->n; i++)
            if (c.scene->marks[i].role == IC_ROLE_TICK_LABEL)
                lowest = fmin(lowest, c.scene->marks[i].value);
        CHECK(lowest > 0 && lowest <= 950);
        CHECK(legible(&c, "not from zero") == 0);
    }
    chart_free(&c);
    /* y_from_zero true: the lowest tick is 0, no note */
    CHECK(lay(&c, "year,v\n2000,950\n2010,990\n2020,1010\n", "\"x\": \"year\", \"y\": \"v\", \"y_from_zero\": true",
              &err) == 0);
    if (c.scene) {
        CHECK(find_text(c.scene, "Axis does not start at zero") == NULL);
        CHECK(find_text(c.scene, "0") != NULL && find_text(c.scene, "0")->role == IC_ROLE_TICK_LABEL);
    }
    chart_free(&c);
    /* negative values go below the zero line */
    CHECK(lay(&c, "year,change\n2000,-4\n2010,3\n2020,5\n", "\"x\": \"year\", \"y\": \"change\"", &err) == 0);
    if (c.scene) {
        const ic_mark *base = find_role(c.scene, IC_ROLE_BASELINE, 0), *neg = marker(c.scene, 0, 0);
        CHECK(base && neg && neg->y2 > base->y);
        CHECK(find_text(c.scene, "\xE2\x88\x92" "4") != NULL);
    }
    chart_free(&c);
    CHECK(err.code == IC_OK);
}

static void test_area(void)
{
    chart c;
    ic_error err = {0};
    CHECK(lay(&c, share_csv, "\"chart\": \"area\", \"x\": \"data_year\", \"y\": [\"children_pct\", \"girls_pct\"]",
              &err) == 0);
    if (c.scene) {
        const ic_mark *base = find_role(c.scene, IC_ROLE_BASELINE, 0);
        /* children: one area; girls: one (the lone 2022 point has no area) */
        CHECK(count_role(c.scene, IC_ROLE_AREA, 0) == 1 && count_role(c.scene, IC_ROLE_AREA, 1) == 1);
        for (size_t i = 0; base && i < c.scene->n; i++) {
            const ic_mark *a = &c.scene->marks[i];
            if (a->role != IC_ROLE_AREA)
                continue;
            /* filled down to zero, translucent, under its line */
            CHECK_NEAR(a->pts[1], base->y, 1e-9);
            CHECK_NEAR(a->pts[2 * (a->npts - 1) + 1], base->y, 1e-9);
            CHECK(a->width == 0 && a->color.a < 0.5);
            CHECK(a->ops[a->nops - 1] == IC_PATH_CLOSE);
            const ic_mark *m = marker(c.scene, 3, a->series);
            CHECK(m && fabs(a->pts[2 * 4] - m->x2) < 1e-9 && fabs(a->pts[2 * 4 + 1] - m->y2) < 1e-9);
        }
        /* areas come before the lines */
        size_t last_area = 0, first_line = c.scene->n;
        for (size_t i = 0; i < c.scene->n; i++) {
            if (c.scene->marks[i].role == IC_ROLE_AREA)
                last_area = i;
            if (c.scene->marks[i].role == IC_ROLE_LINE && i < first_line)
                first_line = i;
        }
        CHECK(last_area < first_line);
        CHECK(legible(&c, "area") == 0);
    }
    chart_free(&c);
    /* an area cannot leave zero */
    ic_error e2 = {0};
    CHECK(lay(&c, share_csv, "\"chart\": \"area\", \"x\": \"data_year\", \"y\": \"children_pct\", \"y_from_zero\": false",
              &e2) != 0);
    CHECK(e2.code == IC_ERR_SPEC && strstr(e2.message, "area chart is filled down to zero") != NULL && e2.line == 2);
    chart_free(&c);
}

static void test_validate(void)
{
    chart c;
    ic_error e1 = {0};
    CHECK(lay(&c, "year,v\n2000,1\n2010,2\n2000,3\n", "\"x\": \"year\", \"y\": \"v\"", &e1) != 0);
    CHECK(e1.code == IC_ERR_DATA);
    CHECK_STR(e1.message, "column 'year': '2000' appears twice (also on line 2); a line has one point per x value");
    CHECK(e1.line == 4 && e1.column == 1);
    chart_free(&c);
    ic_error e2 = {0};
    CHECK(lay(&c, "year,v\n2000,1\n,2\n2010,3\n", "\"x\": \"year\", \"y\": \"v\", \"types\": {\"year\": \"year\"}",
              &e2) != 0);
    CHECK(e2.code == IC_ERR_DATA && e2.line == 3 && e2.column == 1);
    CHECK(strstr(e2.message, "no x value") != NULL);
    chart_free(&c);
    ic_error e3 = {0};
    CHECK(lay(&c, "year,v\n2000,1\n2010,1e16\n", "\"x\": \"year\", \"y\": \"v\"", &e3) != 0);
    CHECK(e3.code == IC_ERR_DATA && e3.line == 3 && strstr(e3.message, "too large") != NULL);
    chart_free(&c);
}

static void test_trend_note(void)
{
    chart c;
    ic_error err = {0};
    CHECK(lay(&c, share_csv, "\"x\": \"data_year\", \"y\": \"children_pct\", \"trend\": {\"show\": \"ratio\"}", &err) == 0);
    if (c.scene) {
        const ic_mark *t = find_role(c.scene, IC_ROLE_TREND, 0);
        CHECK(t != NULL);
        if (t) {
            CHECK_STR(t->text, "\xC3\x97" "2.9 since 2004");
            CHECK(t->font == IC_FONT_BOLD && t->row == 5 && t->series == 0);
            CHECK_NEAR(t->value, 38.0 / 13.0, 1e-12);
            /* near its "to" point: within a fifth of the canvas */
            const ic_mark *p = marker(c.scene, 5, 0);
            double dx = fmax(0, fmax(t->x - p->x2, p->x2 - (t->x + t->w)));
            double dy = fmax(0, fmax(t->y - p->y2, p->y2 - (t->y + t->h)));
            CHECK(hypot(dx, dy) < 0.2 * c.scene->width);
        }
        CHECK(legible(&c, "trend") == 0);
    }
    chart_free(&c);
    /* a trend that cannot be computed stops the layout with its error */
    ic_error e2 = {0};
    CHECK(lay(&c, share_csv, "\"x\": \"data_year\", \"y\": \"girls_pct\", \"trend\": {\"to\": 2020}", &e2) != 0);
    CHECK(e2.code == IC_ERR_DATA && strstr(e2.message, "no value for 'to' 2020") != NULL);
    chart_free(&c);
}

static void test_annotations(void)
{
    chart c;
    ic_error err = {0};
    CHECK(lay(&c, share_csv,
              "\"x\": \"data_year\", \"y\": [\"children_pct\", \"girls_pct\", \"boys_pct\"],\n"
              "\"annotations\": [\n"
              " {\"type\": \"callout\", \"x\": 2020, \"text\": \"No split by sex for 2020\"},\n"
              " {\"type\": \"callout\", \"x\": 2016, \"series\": \"girls_pct\", \"text\": \"Girls peak\"},\n"
              " {\"type\": \"band\", \"from\": 2014, \"to\": 2018, \"text\": \"Same method\"},\n"
              " {\"type\": \"line\", \"value\": 33.3, \"text\": \"One in three\"}]",
              &err) == 0);
    if (!c.scene) {
        fprintf(stderr, "%s\n", err.message);
        chart_free(&c);
        return;
    }
    CHECK(legible(&c, "annotations") == 0);
    /* every callout connector ends exactly on its data point */
    size_t nconn = 0;
    for (size_t i = 0; i < c.scene->n; i++) {
        const ic_mark *l = &c.scene->marks[i];
        if (l->role != IC_ROLE_CONNECTOR)
            continue;
        nconn++;
        const ic_mark *p = marker(c.scene, l->row, l->series);
        CHECK(p != NULL);
        if (p) {
            CHECK_NEAR(l->x2, p->x2, 1e-9);
            CHECK_NEAR(l->y2, p->y2, 1e-9);
        }
    }
    CHECK(nconn == 2);
    const ic_mark *a = find_text(c.scene, "Girls peak");
    CHECK(a && a->role == IC_ROLE_ANNOTATION && a->row == 2 && a->series == 1);
    /* band from 2014 to 2018, behind the lines, the full plot height */
    const ic_mark *band = find_role(c.scene, IC_ROLE_BAND, 0);
    const ic_mark *m14 = marker(c.scene, 1, 0), *m18 = marker(c.scene, 3, 0);
    CHECK(band && m14 && m18);
    if (band && m14 && m18) {
        CHECK_NEAR(band->x, m14->x2, 1e-9);
        CHECK_NEAR(band->x + band->w, m18->x2, 1e-9);
        CHECK(band->color.a < 0.2);
        CHECK(band < find_role(c.scene, IC_ROLE_LINE, 0));
        const ic_mark *bt = find_text(c.scene, "Same method");
        CHECK(bt && bt->x >= band->x - 1e-9 && bt->x + bt->w <= band->x + band->w + 1e-9);
    }
    /* reference line at its value, with its label */
    const ic_mark *ref = find_role(c.scene, IC_ROLE_REFERENCE, 0);
    const ic_mark *base = find_role(c.scene, IC_ROLE_BASELINE, 0);
    CHECK(ref && base && m14);
    if (ref && base && m14) {
        CHECK(ref->dashed && ref->y == ref->y2 && ref->value == 33.3);
        CHECK_NEAR((base->y - ref->y) / 33.3, (base->y - m14->y2) / 29.0, 1e-9);
    }
    CHECK(find_text(c.scene, "One in three") != NULL);
    chart_free(&c);

    /* a callout at a gap has nothing to point at */
    ic_error e2 = {0};
    CHECK(lay(&c, share_csv,
              "\"x\": \"data_year\", \"y\": [\"children_pct\", \"girls_pct\"],\n"
              "\"annotations\": [{\"type\": \"callout\", \"x\": 2020, \"series\": \"girls_pct\", \"text\": \"?\"}]",
              &e2) != 0);
    CHECK(e2.code == IC_ERR_DATA && e2.line == 4 && strstr(e2.message, "annotations[0]") != NULL);
    chart_free(&c);
}

/* The placement engine on its own: text never overlaps text, stays in its
 * region, and its connector ends on the point. */
static void test_place_callout(void)
{
    chart c;
    ic_error err = {0};
    CHECK(lay(&c, "year,v\n2000,1\n2010,2\n", "\"x\": \"year\", \"y\": \"v\", \"value_labels\": false", &err) == 0);
    if (!c.scene) {
        chart_free(&c);
        return;
    }
    ic_layout L;
    ic_layout_init(&L, c.spec, c.table, c.scene, &err);
    L.left = 100, L.top = 100, L.right = 500, L.bottom = 500;
    /* a blocker right where the first choice would go */
    ic_scene_text(c.scene, IC_ROLE_NOTE, "Blocker text here", IC_FONT_REGULAR, 24, 310, 290, L.theme.text);
    size_t before = c.scene->n;
    double box[4] = {0};
    for (int k = 0; k < 12; k++) {
        ic_callout co = {0};
        co.text = "Callout number";
        co.font = IC_FONT_BOLD;
        co.size = 24;
        co.color = L.theme.text;
        co.role = IC_ROLE_ANNOTATION;
        co.row = k;
        co.series = 0;
        co.value = NAN;
        co.connector = 1;
        int rc = ic_place_callout(&L, NULL, &co, 300, 300, box);
        CHECK(rc == 0 || rc == 1);
        if (rc == 0) {
            CHECK(box[0] >= 100 - 1e-9 && box[1] >= 100 - 1e-9 && box[0] + box[2] <= 500 + 1e-9 &&
                  box[1] + box[3] <= 500 + 1e-9);
            CHECK(box[3] >= 0 && box[2] > 0);
        }
    }
    CHECK(c.scene->n > before);
    CHECK(check_no_text_overlap(c.scene, "placement") == 0);
    for (size_t i = before; i < c.scene->n; i++) {
        const ic_mark *m = &c.scene->marks[i];
        if (m->role == IC_ROLE_CONNECTOR) {
            CHECK_NEAR(m->x2, 300, 1e-9);
            CHECK_NEAR(m->y2, 300, 1e-9);
        }
        if (m->kind == IC_MARK_TEXT)
            CHECK(m->size >= L.source_size - 1e-9); /* never smaller than the source line */
    }
    chart_free(&c);
}

/* Every example-like case at every preset and in the dark theme stays legible. */
static void test_sizes(void)
{
    static const char *const cases[] = {
        "\"x\": \"data_year\", \"y\": \"children_pct\", \"trend\": {\"show\": \"ratio\"}",
        "\"x\": \"data_year\", \"y\": [\"children_pct\", \"girls_pct\", \"boys_pct\"], \"annotations\": "
        "[{\"type\": \"callout\", \"x\": 2020, \"text\": \"No split by sex for 2020\"}]",
        "\"chart\": \"area\", \"x\": \"data_year\", \"y\": [\"girls_pct\", \"boys_pct\"], \"trend\": "
        "{\"show\": \"points\", \"series\": \"boys_pct\", \"to\": 2018}",
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++)
        for (const char *const *p = ic_preset_names(); *p; p++)
            for (int dark = 0; dark < 2; dark++) {
                char members[1024], what[256];
                snprintf(members, sizeof members, "%s, \"size\": \"%s\", \"theme\": \"%s\"", cases[k], *p,
                         dark ? "dark" : "light");
                snprintf(what, sizeof what, "case %zu at %s%s", k, *p, dark ? " (dark)" : "");
                chart c;
                ic_error err = {0};
                int rc = lay(&c, share_csv, members, &err);
                CHECK(rc == 0);
                if (rc != 0)
                    fprintf(stderr, "%s: %s\n", what, err.message);
                else
                    CHECK(legible(&c, what) == 0);
                chart_free(&c);
            }
}

/* ------------------------------------------------------------------ */
/* The fitted value axis, start labels and the marker rule (issue 10)  */

/* An index between 50 and 140, 40 yearly points. */
static void index_csv(char *csv, size_t cap)
{
    snprintf(csv, cap, "year,index\n");
    for (int i = 0; i < 40; i++)
        snprintf(csv + strlen(csv), cap - strlen(csv), "%d,%g\n", 1985 + i, 95 + 45 * sin(i * 0.37));
}

static void tick_range(const ic_scene *s, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (size_t i = 0; i < s->n; i++)
        if (s->marks[i].role == IC_ROLE_TICK_LABEL) {
            *lo = fmin(*lo, s->marks[i].value);
            *hi = fmax(*hi, s->marks[i].value);
        }
}

static void test_fitted_axis(void)
{
    char csv[4096];
    index_csv(csv, sizeof csv);
    chart c;
    ic_error err = {0};
    double lo, hi;
    /* line, default: the axis fits the data, no note about zero */
    CHECK(lay(&c, csv, "\"x\": \"year\", \"y\": \"index\"", &err) == 0);
    if (c.scene) {
        tick_range(c.scene, &lo, &hi);
        CHECK(lo > 0 && lo <= 50 && hi >= 140 && hi < 200);
        CHECK(find_text(c.scene, "Axis does not start at zero") == NULL);
        CHECK(count_role(c.scene, IC_ROLE_NOTE, -1) == 0);
        CHECK(legible(&c, "fitted index") == 0);
    }
    chart_free(&c);
    /* "y_from_zero": true still forces zero */
    CHECK(lay(&c, csv, "\"x\": \"year\", \"y\": \"index\", \"y_from_zero\": true", &err) == 0);
    if (c.scene) {
        tick_range(c.scene, &lo, &hi);
        CHECK(lo == 0 && hi >= 140);
        const ic_mark *base = find_role(c.scene, IC_ROLE_BASELINE, 0);
        CHECK(base && base->value == 0);
    }
    chart_free(&c);
    /* an area keeps zero */
    CHECK(lay(&c, csv, "\"chart\": \"area\", \"x\": \"year\", \"y\": \"index\"", &err) == 0);
    if (c.scene) {
        tick_range(c.scene, &lo, &hi);
        CHECK(lo == 0 && hi >= 140);
    }
    chart_free(&c);
    CHECK(err.code == IC_OK);
}

/* The value label at the first point of series s (or NULL). */
static const ic_mark *start_label(const chart *c, int s)
{
    int first = -1;
    for (size_t r = 0; r < c->table->nrows && first < 0; r++) {
        int col = ic_table_find(c->table, c->spec->y[s]);
        if (!isnan(c->table->cols[col].value[r]))
            first = (int)r;
    }
    for (size_t i = 0; i < c->scene->n; i++) {
        const ic_mark *m = &c->scene->marks[i];
        if (m->role == IC_ROLE_VALUE_LABEL && m->series == s && m->row == first && first + 1 < (int)c->table->nrows)
            return m;
    }
    return NULL;
}

/* Start labels keep clear of the tick labels' boxes and levels, and name
 * their series unless the series' end label sits on the same level or the
 * series' colour is its own. */
static int check_start_labels(const chart *c, const char *what)
{
    int bad = 0;
    for (size_t s = 0; s < c->spec->ny; s++) {
        const ic_mark *a = start_label(c, (int)s);
        if (!a)
            continue;
        for (size_t i = 0; i < c->scene->n; i++) {
            const ic_mark *t = &c->scene->marks[i];
            if (t->role != IC_ROLE_TICK_LABEL)
                continue;
            /* not on a tick label's level, and not in the column of the tick labels */
            if ((a->y < t->y + t->h && t->y < a->y + a->h) || a->x < t->x + t->w) {
                fprintf(stderr, "%s: start label \"%s\" beside or level with tick \"%s\"\n", what, a->text,
                        t->text);
                bad++;
            }
        }
        if (c->spec->ny < 2)
            continue;
        char name[64];
        ic_series_label(c->spec, s, name, sizeof name);
        int level = 0;
        for (size_t i = 0; i < c->scene->n; i++) {
            const ic_mark *e = &c->scene->marks[i];
            level |= e->role == IC_ROLE_SERIES_LABEL && e->series == (int)s && a->y < e->y + e->h && e->y < a->y + a->h;
        }
        int own_colour = 1;
        for (size_t i = 0; i < c->scene->n; i++) {
            const ic_mark *e = &c->scene->marks[i];
            if (e->role == IC_ROLE_SERIES_LABEL && e->series != (int)s && e->color.r == a->color.r &&
                e->color.g == a->color.g && e->color.b == a->color.b)
                own_colour = 0;
        }
        if (!level && !own_colour && !strstr(a->text, name)) {
            fprintf(stderr, "%s: start label \"%s\" does not name its series %s\n", what, a->text, name);
            bad++;
        }
    }
    return bad;
}

static void test_start_labels(void)
{
    char csv[4096];
    index_csv(csv, sizeof csv);
    static const char *const cases[] = {
        "\"x\": \"year\", \"y\": \"index\"",
        "\"x\": \"year\", \"y\": \"v\"",
        "\"x\": \"year\", \"y\": \"v\", \"y_from_zero\": true",
        "\"x\": \"data_year\", \"y\": [\"children_pct\", \"girls_pct\", \"boys_pct\"], \"highlight\": [\"children_pct\"]",
        "\"x\": \"data_year\", \"y\": [\"children_pct\", \"girls_pct\", \"boys_pct\"]",
    };
    /* the first value lies exactly on a tick in cases 1 and 2 */
    const char *data[] = {csv, "year,v\n2000,100\n2005,120\n2010,160\n2015,140\n2020,180\n",
                          "year,v\n2000,100\n2005,120\n2010,160\n2015,140\n2020,180\n", share_csv, share_csv};
    size_t nstart = 0;
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++)
        for (const char *const *p = ic_preset_names(); *p; p++) {
            char members[1024], what[256];
            snprintf(members, sizeof members, "%s, \"size\": \"%s\"", cases[k], *p);
            snprintf(what, sizeof what, "start labels, case %zu at %s", k, *p);
            chart c;
            ic_error err = {0};
            CHECK(lay(&c, data[k], members, &err) == 0);
            if (c.scene) {
                CHECK(check_start_labels(&c, what) == 0);
                CHECK(legible(&c, what) == 0);
                for (size_t s = 0; s < c.spec->ny; s++)
                    nstart += start_label(&c, (int)s) != NULL;
            }
            chart_free(&c);
        }
    CHECK(nstart > 20); /* most of them are shown */
    /* on the square, the muted girls and boys start values name their series */
    chart c;
    ic_error err = {0};
    CHECK(lay(&c, share_csv, cases[3], &err) == 0);
    if (c.scene) {
        const ic_mark *g = start_label(&c, 1), *b = start_label(&c, 2);
        CHECK(g && strstr(g->text, "Girls") && b && strstr(b->text, "Boys"));
    }
    chart_free(&c);
}

/* Coloured markers of series s. */
static size_t count_markers(const ic_scene *sc, int s)
{
    size_t n = 0;
    for (size_t i = 0; i < sc->n; i++)
        n += sc->marks[i].role == IC_ROLE_MARKER && sc->marks[i].series == s && !isnan(sc->marks[i].value);
    return n;
}

static void test_marker_rule(void)
{
    char csv[4096];
    index_csv(csv, sizeof csv);
    chart c;
    ic_error err = {0};
    /* 40 points: no markers (none at all when nothing is labelled) */
    CHECK(lay(&c, csv, "\"x\": \"year\", \"y\": \"index\", \"value_labels\": false", &err) == 0);
    if (c.scene)
        CHECK(count_markers(c.scene, 0) == 0);
    chart_free(&c);
    /* ... and only at the labelled ends when values are labelled */
    CHECK(lay(&c, csv, "\"x\": \"year\", \"y\": \"index\"", &err) == 0);
    if (c.scene) {
        CHECK(count_markers(c.scene, 0) <= 2);
        CHECK(marker(c.scene, 20, 0) == NULL);
    }
    chart_free(&c);
    /* 40 rows; series b has 6 points (few: markers), c has a lone point between gaps */
    char sparse[4096] = "year,a,b,c\n";
    for (int i = 0; i < 40; i++)
        snprintf(sparse + strlen(sparse), sizeof sparse - strlen(sparse), "%d,%d,%s,%s\n", 1985 + i, 50 + i,
                 i % 7 == 0 ? "60" : "", i < 15 ? "70" : i == 20 ? "75" : i > 25 ? "80" : "");
    CHECK(lay(&c, sparse, "\"x\": \"year\", \"y\": [\"a\", \"b\", \"c\"], \"value_labels\": false", &err) == 0);
    if (c.scene) {
        CHECK(count_markers(c.scene, 0) == 0);
        CHECK(count_markers(c.scene, 1) == 6);
        CHECK(marker(c.scene, 20, 2) != NULL);
        CHECK(count_markers(c.scene, 2) == 1);
    }
    chart_free(&c);
    CHECK(err.code == IC_OK);
}

int main(void)
{
    ic_error err = {0};
    fonts = ic_fonts_load(IC_SOURCE_DIR "/fonts", &err);
    CHECK(fonts != NULL);
    if (!fonts)
        return CHECK_DONE();
    test_positions();
    test_gaps();
    test_markers_and_labels();
    test_axis();
    test_area();
    test_validate();
    test_trend_note();
    test_annotations();
    test_place_callout();
    test_sizes();
    test_fitted_axis();
    test_start_labels();
    test_marker_rule();
    ic_fonts_free(fonts);
    return CHECK_DONE();
}
