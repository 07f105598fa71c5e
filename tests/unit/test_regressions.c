/* Regression tests for bugs found by fuzzing (tests/fuzz/crashes/). */
#include "check.h"
#include "core/buf.h"
#include "charts/chart.h"
#include "spec/spec.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void write_file(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        fwrite(text, 1, len, f);
        fclose(f);
    }
}

/* A legend's swatch pointer was kept across the label's ic_scene_text, whose
 * realloc of the mark array could move it (heap-use-after-free): with a
 * title of many lines the array grows exactly there (the mark array doubles,
 * so some title length between 1 and 40 lines hits the growth at the legend).
 * Every swatch must carry its series, and the charts must lay out, or the
 * test checks nothing. */
static void legend_after_realloc(const ic_fonts *fonts, const char *dir)
{
    char csv[512], spec[512];
    snprintf(csv, sizeof csv, "%s/data.csv", dir);
    snprintf(spec, sizeof spec, "%s/spec.json", dir);
    const char data[] = "group,share_pct,change\nWomen,39,-2\nMen,23,1\nGirls,22,4\nBoys,16,3\n";
    write_file(csv, data, strlen(data));
    int laid_out = 0, tried = 0;
    for (int lines = 1; lines <= 40; lines++) {
        ic_buf json = IC_BUF_INIT;
        ic_buf_puts(&json, "{\"chart\":\"bar\",\"data\":\"data.csv\",\"x\":\"group\",\"y\":[\"share_pct\",\"change\"],"
                           "\"title\":\"t");
        for (int i = 1; i < lines; i++)
            ic_buf_puts(&json, "\\nt");
        ic_buf_puts(&json, "\",\"source\":\"S\",\"size\":\"1080x1920\"}");
        char *text = ic_buf_take(&json);
        CHECK(text != NULL);
        if (!text)
            break;
        write_file(spec, text, strlen(text));
        free(text);
        ic_error err = {0};
        ic_chart *chart = ic_chart_load(spec, &err);
        ic_scene *s = chart ? ic_chart_layout(chart, fonts, &err) : NULL;
        tried++;
        if (s) {
            laid_out++;
            int swatches = 0;
            for (size_t i = 0; i < s->n; i++)
                if (s->marks[i].role == IC_ROLE_LEGEND_SWATCH) {
                    swatches++;
                    CHECK(s->marks[i].series == swatches - 1);
                }
            CHECK(swatches == 2);
        }
        ic_scene_free(s);
        ic_chart_free(chart);
    }
    /* most of these fit on a story; none laying out means nothing was checked */
    CHECK(laid_out >= tried / 2);
    if (laid_out < tried / 2)
        fprintf(stderr, "legend_after_realloc: only %d of %d charts laid out\n", laid_out, tried);
    unlink(csv);
    unlink(spec);
}

/* A NUL byte right after a literal was skipped by jansson, so a spec with one
 * loaded, and later errors had no position. Both are refused now, at the NUL. */
static void spec_with_nul(void)
{
    static const char text[] = "{\"scale\":2\0,\"text_scale\":\"big\"}";
    ic_error err = {0};
    ic_spec *s = ic_spec_parse(text, sizeof text - 1, "fuzz.json", &err);
    CHECK(s == NULL);
    CHECK(err.line == 1 && err.column == 11);
    CHECK(strstr(err.message, "NUL") != NULL);
    ic_spec_free(s);
    static const char ok_but_nul[] = "{\"chart\":\"bar\",\"data\":\"d.csv\",\"x\":\"a\",\"y\":\"b\",\"title\":\"t\","
                                     "\"source\":\"s\",\"value_labels\":true\0}";
    ic_error err2 = {0};
    s = ic_spec_parse(ok_but_nul, sizeof ok_but_nul - 1, "fuzz.json", &err2);
    CHECK(s == NULL);
    ic_spec_free(s);
}

/* Unknown keys of nested objects, however long, keep their position. */
static void long_member_key(void)
{
    /* 600 bytes: found at the key; 1,500 bytes (too long for a path): at its object */
    static const struct { int n; const char *owner; int column; } cases[] = {
        {600, "number", 12}, {1500, "number", 11}, {1500, "trend", 10}};
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        char text[2048];
        snprintf(text, sizeof text, "{\"%s\":{\"", cases[k].owner);
        for (int i = 0; i < cases[k].n; i++)
            strcat(text, "a");
        strcat(text, "\":1}}");
        ic_error err = {0};
        ic_spec *s = ic_spec_parse(text, strlen(text), "fuzz.json", &err);
        CHECK(s == NULL);
        CHECK(err.line == 1 && err.column == cases[k].column);
        if (err.column != cases[k].column)
            fprintf(stderr, "%s %d: at %d:%d: %s\n", cases[k].owner, cases[k].n, err.line, err.column, err.message);
        ic_spec_free(s);
    }
}

int main(void)
{
    ic_error err = {0};
    ic_fonts *fonts = ic_fonts_load(IC_SOURCE_DIR "/fonts", &err);
    CHECK(fonts != NULL);
    char dir[] = "/tmp/ic-regress-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    if (fonts)
        legend_after_realloc(fonts, dir);
    rmdir(dir);
    spec_with_nul();
    long_member_key();
    ic_fonts_free(fonts);
    return CHECK_DONE();
}
