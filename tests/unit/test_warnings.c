/* What does not fit is left out with a warning, never drawn overlapping:
 * a callout too long for a small canvas, on a line chart and a bar chart. */
#include "check.h"
#include "scene_checks.h"
#include "charts/chart.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char csv[] = "year,share\n2004,13\n2014,29\n2016,30\n2018,34\n2020,35\n2022,38\n";

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void run(const ic_fonts *fonts, const char *dir, const char *kind)
{
    char spec_path[512], csv_path[512], spec[8192], text[4096] = "";
    /* far more words than any free spot of the canvas can hold */
    while (strlen(text) + 64 < sizeof text)
        strcat(text, "a callout that is much too long to find room anywhere; ");
    snprintf(csv_path, sizeof csv_path, "%s/data.csv", dir);
    snprintf(spec_path, sizeof spec_path, "%s/%s.json", dir, kind);
    write_file(csv_path, csv);
    snprintf(spec, sizeof spec,
             "{\"chart\": \"%s\", \"data\": \"data.csv\", \"x\": \"year\", \"y\": \"share\",\n"
             " \"title\": \"T\", \"source\": \"S\", \"size\": \"1080x1080\",\n"
             " \"annotations\": [{\"type\": \"callout\", \"x\": \"2016\", \"text\": \"%s\"}]}\n",
             kind, text);
    write_file(spec_path, spec);
    ic_error err = {0};
    ic_chart *chart = ic_chart_load(spec_path, &err);
    CHECK(chart != NULL);
    ic_scene *s = chart ? ic_chart_layout(chart, fonts, &err) : NULL;
    CHECK(s != NULL); /* not an error: the chart is still drawn */
    if (s) {
        CHECK(ic_scene_warning_count(s) == 1);
        int line = 0, col = 0;
        const char *w = ic_scene_warning(s, 0, &line, &col);
        CHECK(w && strstr(w, "annotations[0]: left out, no free room") != NULL);
        CHECK(line == 3 && col == 18); /* the callout object in the spec */
        if (line != 3 || col != 18)
            fprintf(stderr, "warning at %d:%d\n", line, col);
        CHECK(check_no_text_overlap(s, kind) == 0);
        CHECK(check_text_inside(s, kind) == 0);
        for (size_t i = 0; i < s->n; i++)
            CHECK(s->marks[i].role != IC_ROLE_ANNOTATION);
    } else {
        fprintf(stderr, "%s: %s\n", kind, err.message);
    }
    ic_scene_free(s);
    ic_chart_free(chart);
    unlink(spec_path);
    unlink(csv_path);
}

/* A language without translations is said once, at "lang", for every kind,
 * and is not "something left out" (a print chart would grow for it);
 * languages with translations, with a region or not, say nothing. */
static void lang_notice(const ic_fonts *fonts, const char *dir)
{
    static const char *const kinds[] = {"bar", "line", "donut", "waffle", "stat", "dumbbell"};
    static const char *const langs[] = {"fr", "en", "ur-PK", "ar"};
    char spec_path[512], csv_path[512], spec[1024];
    snprintf(csv_path, sizeof csv_path, "%s/data.csv", dir);
    snprintf(spec_path, sizeof spec_path, "%s/lang.json", dir);
    write_file(csv_path, csv);
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
        for (size_t l = 0; l < sizeof langs / sizeof *langs; l++) {
            snprintf(spec, sizeof spec,
                     "{\"chart\": \"%s\", \"data\": \"data.csv\", \"x\": \"year\", \"y\": %s,\n"
                     " \"title\": \"T\", \"source\": \"S\", \"size\": \"a4-column\",\n \"lang\": \"%s\"}\n",
                     kinds[k], strcmp(kinds[k], "dumbbell") == 0 ? "[\"share\", \"share\"]" : "\"share\"",
                     langs[l]);
            if (strcmp(kinds[k], "dumbbell") == 0)
                continue; /* needs two distinct columns; the five others cover the frame */
            write_file(spec_path, spec);
            ic_error err = {0};
            ic_chart *chart = ic_chart_load(spec_path, &err);
            ic_scene *s = chart ? ic_chart_layout(chart, fonts, &err) : NULL;
            CHECK(s != NULL);
            if (!s) {
                fprintf(stderr, "%s %s: %s\n", kinds[k], langs[l], err.message);
                ic_chart_free(chart);
                continue;
            }
            size_t notices = 0;
            for (size_t i = 0; i < ic_scene_warning_count(s); i++) {
                int line = 0, col = 0;
                const char *w = ic_scene_warning(s, i, &line, &col);
                if (w && strstr(w, "no translations for \"fr\"")) {
                    notices++;
                    CHECK(line == 3 && col == 10);
                }
            }
            CHECK(notices == (l == 0 ? 1u : 0u));
            CHECK(s->lost == 0); /* the notice is not something left out (a print chart would grow) */
            ic_scene_free(s);
            ic_chart_free(chart);
        }
    unlink(spec_path);
    unlink(csv_path);
}

/* A 100 % stack of percentages says when a row does not add up to 100
 * (±0.5) and is shown rescaled; rows that do, and stacks of counts (shares
 * of their sum by design), say nothing. */
static void stack_sum_notice(const ic_fonts *fonts, const char *dir)
{
    static const struct {
        const char *csv, *kind, *expect;
    } cases[] = {
        {"g,a,b\nX,60%,37%\nY,50%,50%\nZ,20%,70%\n", "bar", "'X' (" /* + path */},
        {"g,a,b\nX,60%,37%\nY,50%,50%\nZ,20%,70%\n", "area", "and 1 other row"},
        {"g,a,b\nX,60%,39.6%\nY,50%,50%\n", "bar", NULL},          /* 99.6: within 0.5 */
        {"g,a,b\nX,60%,\nY,50%,50%\n", "bar", NULL},               /* a gap: "incomplete data" */
        {"g,a,b\nX,3.3,24.3\nY,10,20\n", "bar", NULL},              /* counts */
    };
    char spec_path[512], csv_path[512], spec[1024];
    snprintf(csv_path, sizeof csv_path, "%s/data.csv", dir);
    snprintf(spec_path, sizeof spec_path, "%s/stack.json", dir);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        write_file(csv_path, cases[i].csv);
        snprintf(spec, sizeof spec,
                 "{\"chart\": \"%s\", \"data\": \"data.csv\", \"x\": \"g\", \"y\": [\"a\", \"b\"],\n"
                 " \"title\": \"T\", \"source\": \"S\", \"stack\": \"percent\"}\n",
                 cases[i].kind);
        write_file(spec_path, spec);
        ic_error err = {0};
        ic_chart *chart = ic_chart_load(spec_path, &err);
        ic_scene *s = chart ? ic_chart_layout(chart, fonts, &err) : NULL;
        CHECK(s != NULL);
        size_t found = 0;
        for (size_t w = 0; s && w < ic_scene_warning_count(s); w++) {
            int line = 0, col = 0;
            const char *text = ic_scene_warning(s, w, &line, &col);
            if (text && strstr(text, "add up to")) {
                found++;
                CHECK(line == 2 && col == 40); /* the value of "stack" */
                CHECK(cases[i].expect && strstr(text, cases[i].expect));
                CHECK(strstr(text, "97, not 100") != NULL);
                CHECK(strstr(text, "data.csv:2") != NULL);
            }
        }
        CHECK(found == (cases[i].expect ? 1u : 0u));
        if (s)
            CHECK(s->lost == 0);
        ic_scene_free(s);
        ic_chart_free(chart);
    }
    unlink(spec_path);
    unlink(csv_path);
}

/* A spec colour data marks cannot be seen in (under 3:1) is said once, as
 * a note of the chart, and left as the spec gave it. */
static void colour_note(const char *dir)
{
    char spec_path[512], csv_path[512];
    snprintf(csv_path, sizeof csv_path, "%s/data.csv", dir);
    snprintf(spec_path, sizeof spec_path, "%s/colour.json", dir);
    write_file(csv_path, csv);
    write_file(spec_path, "{\"chart\": \"bar\", \"data\": \"data.csv\", \"x\": \"year\", \"y\": \"share\", "
                          "\"title\": \"T\", \"source\": \"S\", \"accent\": \"#a0d0ff\"}\n");
    ic_error err = {0};
    ic_chart *chart = ic_chart_load(spec_path, &err);
    CHECK(chart != NULL);
    size_t found = 0;
    for (size_t i = 0; chart && i < ic_chart_note_count(chart); i++)
        found += strstr(ic_chart_note(chart, i), "\"accent\" (#a0d0ff) has 1.62:1 contrast") != NULL;
    CHECK(found == 1);
    CHECK(chart && strcmp(chart->spec->accent, "#a0d0ff") == 0);
    ic_chart_free(chart);
    unlink(spec_path);
    unlink(csv_path);
}

int main(void)
{
    ic_error err = {0};
    ic_fonts *fonts = ic_fonts_load(IC_SOURCE_DIR "/fonts", &err);
    CHECK(fonts != NULL);
    char dir[] = "/tmp/ic-warnings-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    if (fonts) {
        run(fonts, dir, "line");
        run(fonts, dir, "bar");
        lang_notice(fonts, dir);
        stack_sum_notice(fonts, dir);
        colour_note(dir);
    }
    rmdir(dir);
    ic_fonts_free(fonts);
    return CHECK_DONE();
}
