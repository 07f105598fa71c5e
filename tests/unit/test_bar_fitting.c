/* The fitting ladder of bar charts (issue 10, items 2 and 3): ordinary data
 * is drawn, not refused or overlapped. Many rows with long names, a century
 * of yearly columns, grouped bars, forced orientations; each laid out with
 * no text overlapping or leaving the canvas and no text below the floor of
 * where the chart is published. A refusal names only what would fit. */
#include "check.h"
#include "chart_fixture.h"
#include "scene_checks.h"
#include "core/buf.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const ic_fonts *fonts;
static char dir[] = "/tmp/ic-barfit-XXXXXX";

/* 40 characters: a long country-like name, unique per row. */
static void long_name(ic_buf *b, int row)
{
    ic_buf_printf(b, "Democratic Republic of Somewhere %03d Isl", row);
}

/* A bar chart of `rows` rows and `series` series; names are 40-character
 * names or years from 1901. `extra` is more spec JSON (starting with ','). */
static ic_chart *make(int rows, int series, int years, const char *size, const char *extra, ic_error *err)
{
    ic_buf csv = IC_BUF_INIT, spec = IC_BUF_INIT;
    ic_buf_puts(&csv, "name");
    for (int s = 0; s < series; s++)
        ic_buf_printf(&csv, ",Series %d", s + 1);
    ic_buf_puts(&csv, "\n");
    for (int r = 0; r < rows; r++) {
        if (years)
            ic_buf_printf(&csv, "%d", 1901 + r);
        else
            long_name(&csv, r);
        for (int s = 0; s < series; s++)
            ic_buf_printf(&csv, ",%d", 1000 + (r * 7919 + s * 104729) % 90000);
        ic_buf_puts(&csv, "\n");
    }
    ic_buf_puts(&spec, "{\"chart\":\"bar\",\"data\":\"data.csv\",\"x\":\"name\",\"y\":[");
    for (int s = 0; s < series; s++)
        ic_buf_printf(&spec, "%s\"Series %d\"", s ? "," : "", s + 1);
    ic_buf_printf(&spec, "],\"title\":\"Victims detected, by country\",\"source\":\"Generated\","
                         "\"size\":\"%s\"%s}",
                  size, extra ? extra : "");
    char *c = ic_buf_take(&csv), *j = ic_buf_take(&spec);
    ic_chart *chart = fixture_chart(dir, c, j, err);
    free(c);
    free(j);
    return chart;
}

static size_t count_role(const ic_scene *s, ic_role role)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++)
        n += s->marks[i].role == role;
    return n;
}

static int has_category(const ic_scene *s, const char *text)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->marks[i].role == IC_ROLE_CATEGORY_LABEL && strcmp(s->marks[i].text, text) == 0)
            return 1;
    return 0;
}

/* 1 when the zero baseline is horizontal (columns). */
static int is_vertical(const ic_scene *s)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->marks[i].role == IC_ROLE_BASELINE)
            return fabs(s->marks[i].y - s->marks[i].y2) < 1e-9;
    return -1;
}

/* Lays out and checks: laid out, inside, no overlap, at the floor. */
static ic_scene *fits(int rows, int series, int years, const char *size, const char *extra)
{
    char what[160];
    snprintf(what, sizeof what, "%d %s x %d series at %s%s", rows, years ? "years" : "names", series, size,
             extra ? extra : "");
    ic_error err = {0};
    ic_chart *c = make(rows, series, years, size, extra, &err);
    CHECK(c != NULL);
    if (!c)
        return NULL;
    ic_scene *s = ic_chart_layout(c, fonts, &err);
    if (!s)
        fprintf(stderr, "%s: refused: %s\n", what, err.message);
    CHECK(s != NULL);
    if (s) {
        CHECK(check_text_inside(s, what) == 0);
        CHECK(check_no_text_overlap(s, what) == 0);
        CHECK(check_text_floors(s, c->spec->print, what) == 0);
        CHECK(count_role(s, IC_ROLE_BAR) > 0);
    }
    ic_chart_free(c);
    return s;
}

/* Issue 10 asks for 30 rows on the square, 50 on story and a4-full and 20
 * on x-post, names of 40 characters, every text at the floor. Story holds
 * 50 with the frame at its tightest; a4-full grows taller on its page. On
 * x-post every text's floor is 32 px, so a row is at least one line box
 * (1.21 x 32 = 38.7 px) high and 20 rows need 774 of its 900 px: they fit
 * only with the frame in a column beside the bars (and names shortened to
 * one line). */
static void test_many_long_names(void)
{
    static const struct { const char *size; int rows; } cases[] = {
        {"instagram-square", 30}, {"story", 50}, {"a4-full", 50}, {"x-post", 20}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        ic_scene *s = fits(cases[i].rows, 1, 0, cases[i].size, NULL);
        if (s) {
            CHECK(is_vertical(s) == 0);
            CHECK(count_role(s, IC_ROLE_BAR) == (size_t)cases[i].rows);
        }
        ic_scene_free(s);
        /* the same when the spec asks for horizontal bars */
        ic_scene_free(fits(cases[i].rows, 1, 0, cases[i].size, ",\"orientation\":\"horizontal\""));
    }
}

static void test_yearly_columns(void)
{
    ic_scene *s = fits(120, 1, 1, "x-post", NULL);
    if (s) {
        CHECK(is_vertical(s) == 1);
        size_t n = count_role(s, IC_ROLE_CATEGORY_LABEL);
        CHECK(n > 1 && n < 120); /* thinned */
        CHECK(has_category(s, "1901"));
        CHECK(has_category(s, "2020"));
    }
    ic_scene_free(s);
    for (const char *const *p = ic_preset_names(); *p; p++)
        for (int rows = 25; rows <= 200; rows += 35) {
            s = fits(rows, 1, 1, *p, NULL);
            if (s) {
                CHECK(has_category(s, "1901"));
                char last[8];
                snprintf(last, sizeof last, "%d", 1900 + rows);
                CHECK(has_category(s, last));
            }
            ic_scene_free(s);
        }
    /* forced columns thin too */
    ic_scene_free(fits(52, 1, 1, "instagram-square", ",\"orientation\":\"vertical\""));
    /* and so do rows of years: every Nth label, the first and the last */
    s = fits(120, 1, 1, "instagram-square", ",\"orientation\":\"horizontal\"");
    if (s) {
        CHECK(is_vertical(s) == 0);
        size_t n = count_role(s, IC_ROLE_CATEGORY_LABEL);
        CHECK(n > 1 && n < 120);
        CHECK(has_category(s, "1901"));
        CHECK(has_category(s, "2020"));
        CHECK(count_role(s, IC_ROLE_BAR) == 120);
    }
    ic_scene_free(s);
}

static void test_grouped(void)
{
    ic_scene *s = fits(15, 4, 0, "instagram-square", NULL);
    ic_scene_free(s);
    ic_scene_free(fits(15, 4, 1, "instagram-square", NULL));
    ic_scene_free(fits(15, 4, 1, "instagram-square", ",\"orientation\":\"vertical\""));
    ic_scene_free(fits(15, 4, 0, "instagram-square", ",\"stack\":\"normal\""));
    ic_scene_free(fits(40, 3, 1, "x-post", ",\"stack\":\"percent\""));
}

/* When nothing fits, the message suggests only what would. */
static void test_refusal(void)
{
    ic_error err = {0};
    /* 600 years forced into rows (thinner than 2 px): columns would fit */
    ic_chart *c = make(600, 1, 1, "instagram-square", ",\"orientation\":\"horizontal\"", &err);
    CHECK(c != NULL);
    ic_scene *s = c ? ic_chart_layout(c, fonts, &err) : NULL;
    CHECK(s == NULL);
    CHECK(strstr(err.message, "'orientation'") != NULL);
    CHECK(strstr(err.message, "'size'") == NULL);
    fprintf(stderr, "refusal: %s\n", err.message);
    ic_scene_free(s);
    ic_chart_free(c);

    /* 400 names forced into rows: neither orientation fits, fewer rows do */
    memset(&err, 0, sizeof err);
    c = make(400, 1, 0, "instagram-square", ",\"orientation\":\"horizontal\"", &err);
    CHECK(c != NULL);
    s = c ? ic_chart_layout(c, fonts, &err) : NULL;
    CHECK(s == NULL);
    CHECK(strstr(err.message, "'orientation'") == NULL);
    CHECK(strstr(err.message, "at most") != NULL);
    CHECK(strstr(err.message, "value_labels") == NULL);
    fprintf(stderr, "refusal: %s\n", err.message);
    ic_scene_free(s);
    ic_chart_free(c);
}

/* On paper the height is free up to the page's text block: a chart grows
 * only when its content needs it, and only as far as the page. */
static void test_print_growth(void)
{
    ic_scene *s = fits(5, 1, 0, "a4-full", NULL);
    if (s)
        CHECK_NEAR(s->height, 283, 1e-9); /* fits: the preset's own height */
    ic_scene_free(s);
    s = fits(50, 1, 0, "a4-full", NULL);
    if (s) {
        CHECK(s->height > 283);
        CHECK(s->height <= 700);
        CHECK(count_role(s, IC_ROLE_BAR) == 50);
        CHECK(s->lost == 0); /* grew rather than leave value labels out */
    }
    ic_scene_free(s);
    /* 5 groups of two with long names in a column: taller, not shortened */
    s = fits(5, 2, 0, "a4-column", NULL);
    if (s) {
        CHECK(s->lost == 0);
        CHECK(s->height <= 700);
    }
    ic_scene_free(s);
    /* screens never grow */
    s = fits(20, 1, 0, "instagram-square", NULL);
    if (s)
        CHECK_NEAR(s->height, 1080, 1e-9);
    ic_scene_free(s);
}

/* Two names shortened to the same text say nothing about which bar is
 * which: a rung that would do that fails (the CTDC example on x-post read
 * "Controlled with…" twice). Every row's label, as drawn, differs. */
static void test_shortened_differ(void)
{
    static const char *csv = "name,v\nControlled with psychoactive substances,24\n"
                             "Controlled with psychological abuse,22\nControlled with physical violence,51\n"
                             "Controlled with debt bondage,17\nControlled with threats to family,59\n"
                             "Controlled with confiscated papers,12\nControlled with isolation,33\n"
                             "\"Controlled with psychological, physical or sexual abuse\",40\n";
    for (int forced = 0; forced < 2; forced++)
        for (const char *const *p = ic_preset_names(); *p; p++) {
            char spec[512];
            snprintf(spec, sizeof spec,
                     "{\"chart\":\"bar\",\"data\":\"data.csv\",\"x\":\"name\",\"y\":\"v\",\"title\":\"T\","
                     "\"source\":\"S\",\"size\":\"%s\"%s}",
                     *p, forced ? ",\"orientation\":\"vertical\"" : "");
            ic_error err = {0};
            ic_chart *c = fixture_chart(dir, csv, spec, &err);
            CHECK(c != NULL);
            ic_scene *s = c ? ic_chart_layout(c, fonts, &err) : NULL;
            char text[8][256] = {{0}};
            for (size_t i = 0; s && i < s->n; i++) {
                const ic_mark *m = &s->marks[i];
                if (m->role == IC_ROLE_CATEGORY_LABEL && m->row >= 0 && m->row < 8) {
                    size_t len = strlen(text[m->row]);
                    snprintf(text[m->row] + len, sizeof text[m->row] - len, "%s%s", len ? " " : "", m->text);
                }
            }
            for (int a = 0; s && a < 8; a++)
                for (int b = a + 1; b < 8; b++)
                    if (strcmp(text[a], text[b]) == 0) {
                        fprintf(stderr, "at %s%s: rows %d and %d both read \"%s\"\n", *p,
                                forced ? " (columns)" : "", a, b, text[a]);
                        CHECK(0);
                    }
            ic_scene_free(s);
            ic_chart_free(c);
        }
}

/* Years stay in columns when "auto" cannot fit their value labels: the
 * value labels go, time does not turn on its side. */
static void test_time_stays_columns(void)
{
    for (const char *const *p = ic_preset_names(); *p; p++) {
        ic_scene *s = fits(52, 1, 1, *p, NULL);
        if (s)
            CHECK(is_vertical(s) == 1);
        ic_scene_free(s);
    }
}

/* The frame moves beside the chart only when the chart needs the height:
 * 20 rows on x-post have their title in a column at the left, 5 rows keep
 * it above. */
static void test_side_frame(void)
{
    for (int rows = 5; rows <= 20; rows += 15) {
        ic_scene *s = fits(rows, 1, 0, "x-post", NULL);
        double title_right = 0, title_bottom = 0, bars_left = INFINITY, bars_top = INFINITY;
        for (size_t i = 0; s && i < s->n; i++) {
            const ic_mark *m = &s->marks[i];
            if (m->role == IC_ROLE_TITLE) {
                title_right = fmax(title_right, m->x + m->w);
                title_bottom = fmax(title_bottom, m->y + m->h);
            } else if (m->role == IC_ROLE_CATEGORY_LABEL || m->role == IC_ROLE_BAR) {
                bars_left = fmin(bars_left, m->x);
                bars_top = fmin(bars_top, m->y);
            }
        }
        if (s && rows == 20)
            CHECK(title_right <= bars_left); /* beside */
        if (s && rows == 5)
            CHECK(title_bottom <= bars_top); /* above */
        ic_scene_free(s);
    }
}

int main(void)
{
    ic_error err = {0};
    ic_fonts *f = ic_fonts_load(IC_SOURCE_DIR "/fonts", &err);
    CHECK(f != NULL);
    CHECK(mkdtemp(dir) != NULL);
    fonts = f;
    if (f) {
        test_many_long_names();
        test_yearly_columns();
        test_grouped();
        test_refusal();
        test_print_growth();
        test_shortened_differ();
        test_time_stays_columns();
        test_side_frame();
    }
    fixture_remove(dir);
    ic_fonts_free(f);
    return CHECK_DONE();
}
