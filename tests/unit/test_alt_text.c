/* Alt text (charts/describe.c): exact texts for a few examples, properties
 * for every example, the author's description, the limit with long random
 * labels, and the .txt output. */
#define _GNU_SOURCE
#include "check.h"
#include "chart_fixture.h"
#include "charts/describe.h"
#include "core/buf.h"
#include "core/util.h"
#include "layout/format.h"
#include "layout/locale.h"
#include "output/write.h"
#include "scene/scene.h"

#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static ic_scene *layout_example(const ic_fonts *fonts, const char *name, ic_chart **chart)
{
    char path[1024];
    ic_error err = {0};
    *chart = fixture_example(name, path, sizeof path, &err);
    if (!*chart) {
        fprintf(stderr, "%s: %s\n", name, err.message);
        return NULL;
    }
    ic_scene *s = ic_chart_layout(*chart, fonts, &err);
    if (!s)
        fprintf(stderr, "%s: %s\n", name, err.message);
    return s;
}

static void exact(const ic_fonts *fonts, const char *name, const char *want)
{
    ic_chart *c = NULL;
    ic_scene *s = layout_example(fonts, name, &c);
    CHECK(s != NULL);
    if (s)
        CHECK_STR(ic_scene_alt_text(s), want);
    ic_scene_free(s);
    ic_chart_free(c);
}

static void exact_examples(const ic_fonts *fonts)
{
    exact(fonts, "victims_by_age_sex_2022.json",
          "Bar chart: Children are 38% of detected trafficking victims. Share of detected victims of trafficking "
          "in persons, by age and sex, 2022. Highest: Women (39%); lowest: Boys (16%). Women (39%), Men (23%), "
          "Girls (22%), Boys (16%). Highlighted: Girls, Boys. Note: Girls and boys together make up 38% (22% + "
          "16%). Source: UNODC, Global Report on Trafficking in Persons 2024.");
    /* many values: a count, the three highest and lowest */
    exact(fonts, "victims_by_group_long.json",
          "Line chart: Women are a shrinking share of detected trafficking victims. Share of all detected victims "
          "of trafficking in persons by age and sex, by year of data. 20 values. Highest: Women 2004 (74%), Women "
          "2016 (49%), Women 2018 (46%); lowest: Boys 2004 (3%), Boys 2016 (7%), Boys 2014 (8%). Note: Each year "
          "comes from the edition that published it; editions revise back-years. 2014: girls and boys only. "
          "Source: UNODC, Global Reports on Trafficking in Persons 2018, 2020 and 2024.");
    /* Urdu: every word infochart adds is Urdu, sentences end with U+06D4 */
    exact(fonts, "ur_children_forced_labour_stat.json",
          "اہم عدد: 3.3 ملین بچے جبری مشقت میں ہیں۔ 2021 میں کسی بھی دن کے تخمینے۔ 3.3 ملین دنیا بھر میں جبری "
          "مشقت کرنے والے بچے۔ جبری مشقت میں مبتلا 27.6 ملین افراد میں تقریباً ہر 8 میں سے 1 بچہ ہے۔ سب سے زیادہ: "
          "بالغ (24.3 ملین)؛ سب سے کم: بچے (3.3 ملین)۔ نوٹ: یہ جبری مشقت کے تخمینے ہیں، اسمگلنگ کے متاثرین کی "
          "گنتی نہیں۔ اردو ترجمے کی تصدیق کسی اہلِ زبان سے کروائیں۔ ماخذ: ILO، واک فری اور IOM، جدید غلامی کے "
          "عالمی تخمینے 2022۔");
    exact(fonts, "ur_child_share_line.json",
          "لائن چارٹ: 2004 کے بعد سے شناخت شدہ متاثرین میں بچوں کا حصہ تقریباً تین گنا ہو گیا ہے۔ انسانی اسمگلنگ "
          "کے شناخت شدہ متاثرین میں بچوں کا تناسب، ڈیٹا کے سال کے مطابق۔ 2004 کے بعد سے ×2.9۔ سب سے زیادہ: 2022 "
          "(38%)؛ سب سے کم: 2004 (13%)۔ 2004 (13%)، 2014 (29%)، 2016 (30%)، 2018 (34%)، 2020 (35%)، 2022 (38%)۔ "
          "نوٹ: ہر سال کا ڈیٹا اسی رپورٹ سے لیا گیا ہے جس نے اسے شائع کیا۔ اردو ترجمے کی تصدیق کسی اہلِ زبان سے "
          "کروائیں۔ ماخذ: UNODC، انسانی اسمگلنگ پر عالمی رپورٹیں 2018، 2020، 2022 اور 2024۔");
}

/* `s` with every occurrence of `part` overwritten by spaces. */
static void blank_out(char *s, const char *part)
{
    size_t n = part ? strlen(part) : 0;
    if (n == 0)
        return;
    for (char *p = strstr(s, part); p; p = strstr(p + n, part))
        memset(p, ' ', n);
}

/* Properties every generated alt text has. */
static void check_properties(const char *name, const ic_chart *c, const ic_scene *s)
{
    const ic_spec *spec = c->spec;
    const char *alt = ic_scene_alt_text(s);
    CHECK(alt != NULL);
    if (!alt)
        return;
    size_t chars = ic_utf8_chars(alt), bad = 0;
    if (spec->description) {
        CHECK_STR(alt, spec->description);
        return;
    }
    int ok = chars > 0 && chars < IC_ALT_TEXT_LIMIT && !strchr(alt, '\n') && ic_utf8_valid(alt, strlen(alt), &bad);
    ok &= strstr(alt, spec->title) != NULL && strstr(alt, spec->source) != NULL;
    /* it starts by saying what kind of chart this is ("Bar chart: ...") */
    const char *colon = strstr(alt, ": ");
    ok &= colon != NULL && colon < strstr(alt, spec->title);
    ok &= strstr(alt, "n/a") == NULL;
    /* the highest and lowest values, formatted as on the chart */
    const ic_table *t = c->table;
    int ycols[64];
    size_t ny = spec->ny < 64 ? spec->ny : 64;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t k = 0; k < ny; k++) {
        ycols[k] = ic_table_find(t, spec->y[k]);
        for (size_t r = 0; r < t->nrows; r++) {
            double v = t->cols[ycols[k]].value[r];
            if (!isnan(v)) {
                lo = fmin(lo, v);
                hi = fmax(hi, v);
            }
        }
    }
    ic_numfmt fmt = ic_numfmt_resolve(&spec->number, t, ycols, ny);
    char vlo[64], vhi[64], want[80];
    ic_numfmt_format(&fmt, lo, vlo, sizeof vlo);
    ic_numfmt_format(&fmt, hi, vhi, sizeof vhi);
    snprintf(want, sizeof want, "(%s)", vlo);
    ok &= strstr(alt, want) != NULL;
    snprintf(want, sizeof want, "(%s)", vhi);
    ok &= strstr(alt, want) != NULL;
    /* the chart's own words are in its language: with the texts taken
     * from the spec and the data (and drawn on the chart) blanked out, an
     * Urdu or Arabic alt text has no Latin letter left */
    if (spec->lang && (strncmp(spec->lang, "ur", 2) == 0 || strncmp(spec->lang, "ar", 2) == 0)) {
        char *rest = strdup(alt);
        blank_out(rest, spec->title);
        blank_out(rest, spec->subtitle);
        blank_out(rest, spec->source);
        int xcol = ic_table_find(t, spec->x);
        for (size_t r = 0; r < t->nrows; r++)
            blank_out(rest, ic_cell_text(&t->cols[xcol], r));
        for (size_t k = 0; k < ny; k++) {
            char label[128];
            ic_series_label(spec, k, label, sizeof label);
            blank_out(rest, label);
        }
        for (size_t i = 0; i < s->n; i++)
            if (s->marks[i].kind == IC_MARK_TEXT && s->marks[i].role != IC_ROLE_SOURCE)
                blank_out(rest, s->marks[i].text);
        for (const char *p = rest; *p; p++)
            if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) {
                fprintf(stderr, "%s: Latin letters of infochart's own in: %s\n", name, rest);
                ok = 0;
                break;
            }
        free(rest);
    }
    if (!ok)
        fprintf(stderr, "%s: alt text (%zu characters): %s\n", name, chars, alt);
    CHECK(ok);
}

static void every_example(const ic_fonts *fonts)
{
    DIR *d = opendir(IC_SOURCE_DIR "/datasets");
    CHECK(d != NULL);
    int n = 0, urdu = 0;
    for (struct dirent *e; d && (e = readdir(d));) {
        if (!fixture_is_spec(e->d_name))
            continue;
        ic_chart *c = NULL;
        ic_scene *s = layout_example(fonts, e->d_name, &c);
        CHECK(s != NULL);
        if (s) {
            check_properties(e->d_name, c, s);
            n++;
            urdu += c->spec->lang && strncmp(c->spec->lang, "ur", 2) == 0;
        }
        ic_scene_free(s);
        ic_chart_free(c);
    }
    if (d)
        closedir(d);
    CHECK(n >= 20);
    CHECK(urdu >= 2);
}

static ic_scene *fixture_layout(const ic_fonts *fonts, const char *dir, const char *csv, const char *spec,
                                ic_chart **chart)
{
    ic_error err = {0};
    *chart = fixture_chart(dir, csv, spec, &err);
    CHECK(*chart != NULL);
    ic_scene *s = *chart ? ic_chart_layout(*chart, fonts, &err) : NULL;
    if (!s)
        fprintf(stderr, "fixture: %s\n", err.message);
    return s;
}

/* Arabic with Eastern Arabic-Indic digits and a gap: every word and digit
 * as the chart writes them, "no data" in Arabic. */
static void arabic(const ic_fonts *fonts, const char *dir)
{
    ic_chart *c = NULL;
    ic_scene *s = fixture_layout(fonts, dir, "year,share\n2016,1\n2018,\n2020,10\n2022,8\n",
                                 "{\"chart\":\"bar\",\"data\":\"data.csv\",\"x\":\"year\",\"y\":\"share\","
                                 "\"title\":\"العنوان\",\"source\":\"المصدر الأصلي\",\"lang\":\"ar\","
                                 "\"digits\":\"arabic-indic\",\"number\":{\"style\":\"percent\"}}",
                                 &c);
    CHECK(s != NULL);
    if (s)
        CHECK_STR(ic_scene_alt_text(s),
                  "رسم بياني بالأعمدة: العنوان. الأعلى: ٢٠٢٠ (١٠٪)؛ الأدنى: ٢٠١٦ (١٪). ٢٠١٦ (١٪)، ٢٠١٨ (لا توجد "
                  "بيانات)، ٢٠٢٠ (١٠٪)، ٢٠٢٢ (٨٪). المصدر: المصدر الأصلي.");
    ic_scene_free(s);
    ic_chart_free(c);
}

/* A gap is "no data" in the chart's language, never "n/a". */
static void no_data(const ic_fonts *fonts, const char *dir)
{
    ic_chart *c = NULL;
    ic_scene *s = fixture_layout(fonts, dir, "name,v\nA,1\nB,\nC,3\n",
                                 "{\"chart\":\"bar\",\"data\":\"data.csv\",\"x\":\"name\",\"y\":\"v\","
                                 "\"title\":\"عنوان\",\"source\":\"ماخذ\",\"lang\":\"ur\"}",
                                 &c);
    CHECK(s != NULL);
    if (s) {
        CHECK(strstr(ic_scene_alt_text(s), ic_locale_for("ur")->no_data) != NULL);
        CHECK(strstr(ic_scene_alt_text(s), "n/a") == NULL);
    }
    ic_scene_free(s);
    ic_chart_free(c);
}

/* The author's description is used as written. */
static void author_description(const ic_fonts *fonts, const char *dir)
{
    ic_chart *c = NULL;
    ic_scene *s = fixture_layout(fonts, dir, "name,v\nA,1\nB,2\n",
                                 "{\"chart\":\"bar\",\"data\":\"data.csv\",\"x\":\"name\",\"y\":\"v\","
                                 "\"title\":\"T\",\"source\":\"S\",\"description\":\"Two bars: B is twice A.\"}",
                                 &c);
    CHECK(s && strcmp(ic_scene_alt_text(s), "Two bars: B is twice A.") == 0);
    ic_scene_free(s);
    ic_chart_free(c);
}

static int collect(void *closure, const unsigned char *data, size_t len)
{
    return ic_buf_append(closure, (const char *)data, len);
}

/* The .txt output: the alt text and a newline; .txt names pick it. */
static void text_output(const ic_fonts *fonts, const char *dir)
{
    CHECK(ic_format_from_path("x.txt") == IC_OUTPUT_ALT_TEXT);
    CHECK(ic_format_from_path("dir/X.TXT") == IC_OUTPUT_ALT_TEXT);
    CHECK(ic_format_from_path("x.text") == -1);
    CHECK(ic_scene_alt_text(NULL) == NULL);
    ic_chart *c = NULL;
    ic_scene *s = fixture_layout(fonts, dir, "name,v\nA,1\nB,2\n",
                                 "{\"chart\":\"bar\",\"data\":\"data.csv\",\"x\":\"name\",\"y\":\"v\","
                                 "\"title\":\"T\",\"source\":\"S\"}",
                                 &c);
    if (s) {
        ic_buf b = IC_BUF_INIT;
        ic_error err = {0};
        CHECK(ic_scene_write_to(s, (ic_format)IC_OUTPUT_ALT_TEXT, collect, &b, &err) == 0);
        char *got = ic_buf_take(&b);
        CHECK_STR(got, "Bar chart: T. Highest: B (2); lowest: A (1). Source: S.\n");
        free(got);
    }
    ic_scene_free(s);
    ic_chart_free(c);
}

static uint32_t rng = 12345;
static uint32_t next_random(void)
{
    rng = rng * 1664525u + 1013904223u;
    return rng >> 8;
}

/* A random word of 1 to 14 letters. */
static void random_word(ic_buf *b)
{
    size_t n = 1 + next_random() % 14;
    for (size_t i = 0; i < n; i++) {
        char ch = (char)('a' + next_random() % 26);
        ic_buf_append(b, &ch, 1);
    }
}

static void random_words(ic_buf *b, size_t max_words)
{
    size_t n = 1 + next_random() % max_words;
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            ic_buf_puts(b, " ");
        random_word(b);
    }
}

/* 1 when `word` (len bytes) is one of the words of `material`. */
static int known_word(const char *material, const char *word, size_t len)
{
    for (const char *p = strstr(material, " "); p; p = strstr(p + 1, " ")) {
        if (strncmp(p + 1, word, len) == 0 && p[1 + len] == ' ')
            return 1;
    }
    return 0;
}

/* Long random labels, titles and subtitles: the alt text stays under the
 * limit, keeps its title and source, and is never cut inside a word: every
 * word of it is a word of the input or one infochart writes. */
static void random_long_labels(const ic_fonts *fonts, const char *dir)
{
    (void)fonts; /* described without a layout: labels this long may not fit */
    int over = 0; /* charts whose full text needed shortening */
    for (int k = 0; k < 60; k++) {
        ic_buf csv = IC_BUF_INIT, spec = IC_BUF_INIT, material = IC_BUF_INIT, title = IC_BUF_INIT,
               sub = IC_BUF_INIT;
        ic_buf_puts(&material, " Bar chart Highest lowest values Highlighted Source ");
        random_words(&title, 12);
        random_words(&sub, 40);
        ic_buf_puts(&csv, "name,v\n");
        size_t rows = 1 + next_random() % 30;
        for (size_t r = 0; r < rows; r++) {
            ic_buf label = IC_BUF_INIT;
            random_words(&label, 24);
            ic_buf_printf(&label, " %zu", r); /* unique */
            ic_buf_printf(&csv, "%s,%u\n", label.data, next_random() % 1000);
            ic_buf_printf(&material, "%s ", label.data);
            ic_buf_free(&label);
        }
        for (unsigned v = 0; v < 1000; v++)
            ic_buf_printf(&material, "%u ", v);
        ic_buf_printf(&material, "%s %s S ", title.data, sub.data);
        ic_buf_printf(&spec,
                      "{\"chart\":\"bar\",\"data\":\"data.csv\",\"x\":\"name\",\"y\":\"v\",\"title\":\"%s\","
                      "\"subtitle\":\"%s\",\"source\":\"S\"}",
                      title.data, sub.data);
        ic_chart *c = NULL;
        ic_error err = {0};
        c = fixture_chart(dir, csv.data, spec.data, &err);
        CHECK(c != NULL);
        char *alt = c ? ic_chart_describe(c->spec, c->table, NULL, IC_ALT_TEXT_LIMIT) : NULL;
        char *full = c ? ic_chart_describe(c->spec, c->table, NULL, SIZE_MAX) : NULL;
        CHECK(alt != NULL && full != NULL);
        if (alt && full) {
            over += ic_utf8_chars(full) >= IC_ALT_TEXT_LIMIT;
            int ok = ic_utf8_chars(alt) < IC_ALT_TEXT_LIMIT;
            ok &= strstr(alt, title.data) != NULL && strstr(alt, "Source: S.") != NULL;
            /* every word whole: strip punctuation, look it up */
            char *copy = strdup(alt);
            for (char *w = strtok(copy, " "); w; w = strtok(NULL, " ")) {
                size_t len = strlen(w);
                while (len > 0 && strchr(".,;:()", w[len - 1]))
                    len--;
                size_t start = 0;
                while (start < len && w[start] == '(')
                    start++;
                if (len > start && !known_word(material.data, w + start, len - start)) {
                    fprintf(stderr, "random chart %d: word '%.*s' is not whole: %s\n", k, (int)(len - start),
                            w + start, alt);
                    ok = 0;
                    break;
                }
            }
            free(copy);
            CHECK(ok);
        }
        free(alt);
        free(full);
        ic_chart_free(c);
        ic_buf_free(&csv);
        ic_buf_free(&spec);
        ic_buf_free(&material);
        ic_buf_free(&title);
        ic_buf_free(&sub);
    }
    CHECK(over >= 10); /* the limit was really exercised */
}

/* Random Urdu charts (one or two series, Western or Urdu digits, gaps):
 * no Latin letter at all, since nothing in the spec or data has one. */
static void random_urdu(const char *dir)
{
    static const char *const words[] = {"بچے", "بالغ", "خواتین", "مرد", "لڑکیاں", "لڑکے", "متاثرین",
                                        "اسمگلنگ", "رپورٹ", "سال", "حصہ", "مشقت"};
    static const char *const digits[] = {"western", "urdu", "arabic-indic"};
    for (int k = 0; k < 30; k++) {
        ic_buf csv = IC_BUF_INIT, spec = IC_BUF_INIT;
        int two = next_random() % 2;
        ic_buf_printf(&csv, "نام,%s%s\n", words[next_random() % 12], two ? ",دوسرا" : "");
        size_t rows = 1 + next_random() % 20;
        for (size_t r = 0; r < rows; r++) {
            ic_buf_printf(&csv, "%s %s %zu,", words[next_random() % 12], words[next_random() % 12], r);
            if (r == 0 || next_random() % 5)
                ic_buf_printf(&csv, "%u", next_random() % 100000);
            if (two)
                ic_buf_printf(&csv, ",%u", next_random() % 100);
            ic_buf_puts(&csv, "\n");
        }
        char *header = strdup(csv.data);
        *strchr(header, '\n') = '\0';
        const char *y1 = strchr(header, ',') + 1;
        char *y2 = two ? strchr((char *)y1, ',') : NULL;
        if (y2)
            *y2++ = '\0';
        ic_buf_printf(&spec,
                      "{\"chart\":\"%s\",\"data\":\"data.csv\",\"x\":\"نام\",\"y\":[\"%s\"%s%s%s],"
                      "\"title\":\"%s %s\",\"subtitle\":\"%s\",\"source\":\"%s\",\"lang\":\"ur\","
                      "\"digits\":\"%s\"}",
                      two ? "line" : "bar", y1, y2 ? ",\"" : "", y2 ? y2 : "", y2 ? "\"" : "",
                      words[next_random() % 12], words[next_random() % 12], words[next_random() % 12],
                      words[next_random() % 12], digits[next_random() % 3]);
        ic_error err = {0};
        ic_chart *c = fixture_chart(dir, csv.data, spec.data, &err);
        if (!c)
            fprintf(stderr, "random Urdu chart %d: %s\n%s\n", k, err.message, spec.data);
        CHECK(c != NULL);
        char *alt = c ? ic_chart_describe(c->spec, c->table, NULL, IC_ALT_TEXT_LIMIT) : NULL;
        CHECK(alt != NULL);
        int latin = 0;
        for (const char *p = alt; p && *p; p++)
            latin |= (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z');
        if (alt && latin)
            fprintf(stderr, "random Urdu chart %d has Latin letters: %s\n", k, alt);
        CHECK(alt && !latin && ic_utf8_chars(alt) < IC_ALT_TEXT_LIMIT);
        free(alt);
        free(header);
        ic_chart_free(c);
        ic_buf_free(&csv);
        ic_buf_free(&spec);
    }
}

/* Over the limit, details go in a fixed order: the list of values before
 * the subtitle, the subtitle before the highest and lowest values. */
static void drop_order(const ic_fonts *fonts, const char *dir)
{
    (void)fonts;
    ic_buf csv = IC_BUF_INIT, spec = IC_BUF_INIT;
    ic_buf_puts(&csv, "name,v\n");
    static const char *const names[] = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot"};
    for (int r = 0; r < 6; r++) {
        ic_buf_printf(&csv, "%s", names[r]);
        for (int k = 0; k < 24; k++)
            ic_buf_printf(&csv, " %s%d", names[r], k);
        ic_buf_printf(&csv, ",%d\n", 10 * (r + 1));
    }
    ic_buf_puts(&spec, "{\"chart\":\"bar\",\"data\":\"data.csv\",\"x\":\"name\",\"y\":\"v\",\"title\":\"Title\","
                       "\"subtitle\":\"The subtitle\",\"source\":\"S\"}");
    ic_error err = {0};
    ic_chart *c = fixture_chart(dir, csv.data, spec.data, &err);
    CHECK(c != NULL);
    char *alt = c ? ic_chart_describe(c->spec, c->table, NULL, IC_ALT_TEXT_LIMIT) : NULL;
    CHECK(alt != NULL);
    if (alt) {
        CHECK(strstr(alt, "The subtitle.") != NULL);
        CHECK(strstr(alt, "Highest: foxtrot") != NULL && strstr(alt, "lowest: alpha") != NULL);
        CHECK(strstr(alt, "charlie") == NULL); /* a middle value went first */
    }
    free(alt);
    /* a limit too short for the subtitle as well */
    alt = c ? ic_chart_describe(c->spec, c->table, NULL, 200) : NULL;
    CHECK(alt && strstr(alt, "The subtitle") == NULL && ic_utf8_chars(alt) < 200 &&
          strncmp(alt, "Bar chart: Title.", 17) == 0 && strstr(alt, "Source: S.") != NULL);
    free(alt);
    ic_chart_free(c);
    ic_buf_free(&csv);
    ic_buf_free(&spec);
}

int main(void)
{
    ic_error err = {0};
    ic_fonts *fonts = ic_fonts_load(IC_SOURCE_DIR "/fonts", &err);
    CHECK(fonts != NULL);
    char dir[] = "/tmp/ic-alt-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    if (fonts) {
        exact_examples(fonts);
        every_example(fonts);
        arabic(fonts, dir);
        no_data(fonts, dir);
        author_description(fonts, dir);
        text_output(fonts, dir);
        random_long_labels(fonts, dir);
        drop_order(fonts, dir);
        random_urdu(dir);
    }
    fixture_remove(dir);
    ic_fonts_free(fonts);
    return CHECK_DONE();
}
