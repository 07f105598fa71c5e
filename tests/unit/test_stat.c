/* Stat card: the number is the formatted value, it fills the width without
 * leaving the region, the context line's numbers are right, and bad data is
 * refused with the cell's position. */
#include "check.h"
#include "chart_fixture.h"
#include "scene_checks.h"
#include "charts/chart.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[256];

/* Writes data.csv and spec.json (with "data": "data.csv" added) and loads them. */
static ic_chart *load(const char *csv, const char *spec_body, ic_error *err)
{
    char spec[8192];
    snprintf(spec, sizeof spec, "{\"chart\": \"stat\", \"data\": \"data.csv\", \"title\": \"T\", \"source\": \"S\", %s}", spec_body);
    return fixture_chart(tmpdir, csv, spec, err);
}

/* Text of all marks with `role`, joined with spaces (wrapped lines). */
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

static ic_scene *render(const char *csv, const char *spec_body, const ic_fonts *fonts)
{
    ic_error err;
    ic_chart *c = load(csv, spec_body, &err);
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

static void expect_texts(const ic_fonts *fonts, const char *csv, const char *body, const char *number,
                         const char *context)
{
    ic_scene *s = render(csv, body, fonts);
    CHECK(s != NULL);
    if (!s)
        return;
    char buf[1024];
    joined(s, IC_ROLE_CENTER_VALUE, buf, sizeof buf);
    CHECK_STR(buf, number);
    if (context) {
        joined(s, IC_ROLE_CONTEXT, buf, sizeof buf);
        CHECK_STR(buf, context);
    }
    CHECK(check_text_inside(s, "stat") == 0);
    CHECK(check_no_text_overlap(s, "stat") == 0);
    ic_scene_free(s);
}

static void expect_error(const char *csv, const char *body, ic_error_code code, int line, int col,
                         const char *needle)
{
    ic_error err;
    ic_chart *c = load(csv, body, &err);
    CHECK(c == NULL);
    ic_chart_free(c);
    CHECK(err.code == code);
    if (line >= 0) {
        CHECK(err.line == line);
        CHECK(err.column == col);
    }
    if (!strstr(err.message, needle))
        fprintf(stderr, "message \"%s\" lacks \"%s\"\n", err.message, needle);
    CHECK(strstr(err.message, needle) != NULL);
}

/* The example at the three social sizes: the number fits the region and
 * fills at least 60 % of its width; the text reads right. */
static void test_example(const ic_fonts *fonts)
{
    static const char *const sizes[] = {"instagram-square", "story", "x-post"};
    ic_error err = {0};
    ic_chart *c = ic_chart_load(IC_SOURCE_DIR "/datasets/children_forced_labour_stat.json", &err);
    CHECK(c != NULL);
    if (!c)
        return;
    for (size_t k = 0; k < 3; k++) {
        int w, h;
        CHECK(ic_preset_size(sizes[k], &w, &h) == 0);
        c->spec->width = w;
        c->spec->height = h;
        ic_scene *s = ic_chart_layout(c, fonts, &err);
        CHECK(s != NULL);
        if (!s)
            continue;
        double margin = 0.055 * (w < h ? w : h), region = w - 2 * margin;
        char buf[1024];
        joined(s, IC_ROLE_CENTER_VALUE, buf, sizeof buf);
        CHECK_STR(buf, "3.3 million");
        joined(s, IC_ROLE_CENTER_LABEL, buf, sizeof buf);
        CHECK_STR(buf, "children in forced labour worldwide");
        joined(s, IC_ROLE_CONTEXT, buf, sizeof buf);
        CHECK_STR(buf, "Almost 1 in 8 of the 27.6 million people in forced labour is a child");
        double widest = 0, lowest = 0;
        int nvalue = 0;
        for (size_t i = 0; i < s->n; i++) {
            const ic_mark *m = &s->marks[i];
            if (m->role == IC_ROLE_SUBTITLE)
                lowest = fmax(lowest, m->y + m->h);
            if (m->role != IC_ROLE_CENTER_VALUE)
                continue;
            nvalue++;
            CHECK(m->x >= margin - 0.01);
            CHECK(m->x + m->w <= w - margin + 0.01);
            CHECK(m->font == IC_FONT_BOLD);
            CHECK(m->row == 0);
            CHECK_NEAR(m->value, 3.3, 1e-9);
            CHECK(m->y >= lowest); /* below the subtitle */
            widest = fmax(widest, m->w);
        }
        CHECK(nvalue >= 1 && nvalue <= 2);
        CHECK(widest >= 0.6 * region);
        CHECK(widest <= region + 0.01);
        CHECK(check_text_inside(s, sizes[k]) == 0);
        CHECK(check_no_text_overlap(s, sizes[k]) == 0);
        ic_scene_free(s);
    }
    ic_chart_free(c);
}

/* A short number may not grow taller than half the region: it fits both ways. */
static void test_auto_size_height(const ic_fonts *fonts)
{
    ic_scene *s = render("g,v\na,7\nb,3\n", "\"x\": \"g\", \"y\": \"v\", \"size\": \"1600x500\"", fonts);
    CHECK(s != NULL);
    if (!s)
        return;
    const ic_mark *num = NULL, *rule = NULL, *sub = NULL;
    for (size_t i = 0; i < s->n; i++) {
        if (s->marks[i].role == IC_ROLE_CENTER_VALUE)
            num = &s->marks[i];
        if (s->marks[i].role == IC_ROLE_RULE)
            rule = &s->marks[i];
        if (s->marks[i].role == IC_ROLE_TITLE)
            sub = &s->marks[i];
    }
    CHECK(num && rule && sub);
    if (num && rule && sub) {
        CHECK_STR(num->text, "7");
        CHECK(num->y >= sub->y + sub->h);
        CHECK(num->y + num->h <= rule->y);
        /* a single digit is limited by the height, not the width */
        CHECK(num->w < 0.5 * (1600 - 2 * 0.055 * 500));
        CHECK(num->h <= 0.5 * (rule->y - (sub->y + sub->h)) + 1);
        CHECK(num->h >= 0.3 * (rule->y - (sub->y + sub->h)));
    }
    ic_scene_free(s);
}

static void test_context_numbers(const ic_fonts *fonts)
{
    const char *fl = "group,people_millions\nChildren,3.3\nAdults,24.3\n";
    const char *fl_body = "\"x\": \"group\", \"y\": \"people_millions\", "
                          "\"number\": {\"style\": \"compact\", \"multiply\": 1000000}";
    char body[1024];
    snprintf(body, sizeof body, "%s, \"context\": \"{one_in} | {share} | {total} | {value}\"", fl_body);
    expect_texts(fonts, fl, body, "3.3 million", "1 in 8 | 12% | 27.6 million | 3.3 million");
    /* the number itself from a template */
    snprintf(body, sizeof body, "%s, \"center_value\": \"{one_in}\"", fl_body);
    expect_texts(fonts, fl, body, "1 in 8", NULL);
    /* the other row */
    snprintf(body, sizeof body, "%s, \"row\": \"Adults\", \"context\": \"{share} / {one_in}\"", fl_body);
    expect_texts(fonts, fl, body, "24.3 million", "88% / 7 in 8"); /* not "1 in 1" */
    /* plain counts: 10 of 100 */
    expect_texts(fonts, "g,n\na,10\nb,30\nc,60\n", "\"x\": \"g\", \"y\": \"n\", \"context\": \"{one_in}, {share}, {total}\"",
                 "10", "1 in 10, 10%, 100");
    /* two significant digits below 10 %; N rounds to nearest */
    expect_texts(fonts, "g,n\na,4.5\nb,95.5\n", "\"x\": \"g\", \"y\": \"n\", \"context\": \"{share} {one_in}\"", "4.5",
                 "4.5% 1 in 22");
    expect_texts(fonts, "g,n\na,0.123\nb,99.877\n", "\"x\": \"g\", \"y\": \"n\", \"context\": \"{share}\"", "0.12",
                 "0.12%");
    /* one row: the whole */
    expect_texts(fonts, "g,n\nall,27600000\n", "\"x\": \"g\", \"y\": \"n\", \"context\": \"{share} {one_in} {total}\"",
                 "27.6 million", "100% 100% 27.6 million"); /* the whole: not "1 in 1" */
    /* a negative value is fine when no total is needed */
    expect_texts(fonts, "g,n\na,-4.5\nb,3\n", "\"x\": \"g\", \"y\": \"n\", \"label\": \"change\"", "\xE2\x88\x92" "4.5",
                 NULL);
}

/* The Urdu card's digits are as large as the English card's: the number is
 * sized by its digits, and the unit word in Nastaliq stands beside them at
 * a size where its ink is as tall as theirs (it was 118 px against 190). */
static void test_urdu_number(const ic_fonts *fonts)
{
    const char *csv = "group,people_millions\nChildren,3.3\nAdults,24.3\n";
    const char *common = "\"x\": \"group\", \"y\": \"people_millions\", \"size\": \"instagram-square\", "
                         "\"number\": {\"style\": \"compact\", \"multiply\": 1000000}, \"label\": \"%s\"";
    char en_body[512], ur_body[512];
    snprintf(en_body, sizeof en_body, common, "children in forced labour worldwide");
    snprintf(ur_body, sizeof ur_body, common,
             "\xD8\xAF\xD9\x86\xDB\x8C\xD8\xA7 \xD8\xA8\xDA\xBE\xD8\xB1 \xD9\x85\xDB\x8C\xDA\xBA \xD8\xA8\xDA\x86\xDB\x92");
    strncat(ur_body, ", \"lang\": \"ur\"", sizeof ur_body - strlen(ur_body) - 1);
    ic_scene *en = render(csv, en_body, fonts), *ur = render(csv, ur_body, fonts);
    CHECK(en && ur);
    double en_size = 0, ur_size = 0, word_size = 0;
    const ic_mark *digits = NULL, *word = NULL;
    for (size_t i = 0; en && i < en->n; i++)
        if (en->marks[i].role == IC_ROLE_CENTER_VALUE)
            en_size = fmax(en_size, en->marks[i].size);
    for (size_t i = 0; ur && i < ur->n; i++) {
        const ic_mark *m = &ur->marks[i];
        if (m->role != IC_ROLE_CENTER_VALUE)
            continue;
        if (strcmp(m->text, "3.3") == 0)
            digits = m, ur_size = m->size;
        else
            word = m, word_size = m->size;
    }
    CHECK(digits != NULL && word != NULL);
    CHECK(ur_size >= 0.9 * en_size);
    CHECK(word_size < ur_size);
    /* right to left: the digits come first, on the right of the word, on
     * one line with it */
    if (digits && word) {
        CHECK(word->x + word->w <= digits->x + 1);
        CHECK(fabs((word->y + word->h / 2) - (digits->y + digits->h / 2)) < 0.5 * digits->h);
        CHECK(check_no_text_overlap(ur, "urdu stat") == 0 && check_text_inside(ur, "urdu stat") == 0);
    }
    ic_scene_free(en);
    ic_scene_free(ur);
}

static void test_errors(void)
{
    expect_error("g,a,b\nx,1,2\n", "\"x\": \"g\", \"y\": [\"a\", \"b\"]", IC_ERR_SPEC, -1, 0, "one 'y' column");
    expect_error("g,n\na,1\n", "\"x\": \"g\", \"y\": \"n\", \"context\": \"{foo} here\"", IC_ERR_SPEC, -1, 0,
                 "unknown placeholder '{foo}'");
    expect_error("g,n\na,1\n", "\"x\": \"g\", \"y\": \"n\", \"context\": \"{share\"", IC_ERR_SPEC, -1, 0,
                 "unclosed placeholder");
    expect_error("g,n\na,3\nb,-1\n", "\"x\": \"g\", \"y\": \"n\", \"context\": \"{share}\"", IC_ERR_DATA, 3, 3,
                 "negative");
    expect_error("g,n\na,3\nb,NA\n", "\"x\": \"g\", \"y\": \"n\", \"context\": \"{total}\"", IC_ERR_DATA, 3, 3,
                 "missing value");
    expect_error("g,n\na,1\nb,NA\n", "\"x\": \"g\", \"y\": \"n\", \"row\": \"b\"", IC_ERR_DATA, 3, 3,
                 "no value to show");
    expect_error("g,n\na,0\nb,0\n", "\"x\": \"g\", \"y\": \"n\", \"context\": \"{share}\"", IC_ERR_DATA, -1, 0,
                 "total is 0");
    expect_error("g,n\na,0\nb,5\n", "\"x\": \"g\", \"y\": \"n\", \"context\": \"{one_in}\"", IC_ERR_DATA, 2, 3,
                 "above 0");
    expect_error("g,n\na,1\n", "\"x\": \"g\", \"y\": \"n\", \"row\": \"z\"", IC_ERR_SPEC, -1, 0, "row 'z'");
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/ic_test_stat_XXXXXX");
    CHECK(mkdtemp(tmpdir) != NULL);
    ic_error err = {0};
    ic_fonts *fonts = ic_fonts_load(IC_SOURCE_DIR "/fonts", &err);
    CHECK(fonts != NULL);
    if (fonts) {
        test_example(fonts);
        test_auto_size_height(fonts);
        test_context_numbers(fonts);
        test_errors();
        test_urdu_number(fonts);
    }
    ic_fonts_free(fonts);
    fixture_remove(tmpdir);
    return CHECK_DONE();
}
