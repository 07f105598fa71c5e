/* Spec reader: every field of a full spec, defaults, each kind of error with
 * its exact line and column, size presets, the position scanner, and the
 * column checks against a hand-built table. */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "spec/jsonpos.h"
#include "spec/spec.h"

#define SPEC_PATH "datasets/victims.json"

/* The minimal valid spec body, for tests that add one key. */
#define MIN_KEYS \
    "  \"chart\": \"bar\",\n" \
    "  \"data\": \"victims.csv\",\n" \
    "  \"x\": \"group\",\n" \
    "  \"y\": \"share\",\n" \
    "  \"title\": \"One in three victims is a child\",\n" \
    "  \"source\": \"UNODC\""

static ic_spec *parse(const char *text, ic_error *err)
{
    memset(err, 0, sizeof *err);
    return ic_spec_parse(text, strlen(text), SPEC_PATH, err);
}

/* Parses `text`, expects failure with IC_ERR_SPEC at line:col and a message
 * containing `part`. */
static void expect_error_at(int src_line, const char *text, int line, int col, const char *part)
{
    ic_error err;
    ic_spec *s = parse(text, &err);
    check_count++;
    int ok = !s && err.code == IC_ERR_SPEC && err.line == line && err.column == col &&
             strstr(err.message, part) != NULL && strcmp(err.file, SPEC_PATH) == 0;
    if (!ok) {
        check_failures++;
        fprintf(stderr, "%s:%d: expected error %d:%d containing \"%s\", got %s code %d at %d:%d: %s\n",
                __FILE__, src_line, line, col, part, s ? "success" : "failure", (int)err.code,
                err.line, err.column, err.message);
    }
    ic_spec_free(s);
}

#define EXPECT_ERROR(text, line, col, part) expect_error_at(__LINE__, text, line, col, part)

static void test_full_spec(void)
{
    const char *text =
        "{\n"
        "  \"chart\": \"bar\",\n"
        "  \"data\": \"victims.csv\",\n"
        "  \"x\": \"group\",\n"
        "  \"y\": [\"share\", \"count\"],\n"
        "  \"title\": \"One in three detected victims is a child\",\n"
        "  \"subtitle\": \"Share of detected victims\",\n"
        "  \"source\": \"UNODC GLOTIP 2022\",\n"
        "  \"note\": \"Latest year\",\n"
        "  \"byline\": \"Comms team\",\n"
        "  \"description\": \"Bar chart of victims\",\n"
        "  \"size\": \"instagram-portrait\",\n"
        "  \"scale\": 2,\n"
        "  \"text_scale\": 1.25,\n"
        "  \"number\": {\"style\": \"percent\", \"decimals\": 1, \"multiply\": 100, \"prefix\": \"~\", \"suffix\": \" pts\"},\n"
        "  \"highlight\": [\"Children\", \"Girls\"],\n"
        "  \"outputs\": [\"png\", \"victims-web.svg\"],\n"
        "  \"orientation\": \"horizontal\",\n"
        "  \"sort\": \"descending\",\n"
        "  \"value_labels\": false,\n"
        "  \"delimiter\": \"semicolon\",\n"
        "  \"types\": {\"share\": \"number\", \"group\": \"text\", \"year\": \"year\", \"day\": \"date\"},\n"
        "  \"accent\": \"#D9480F\",\n"
        "  \"muted\": \"#adb5bd\",\n"
        "  \"background\": \"#ffffff\",\n"
        "  \"palette\": [\"#1f77b4\", \"#FF7F0E\"]\n"
        "}\n";
    ic_error err;
    ic_spec *s = parse(text, &err);
    CHECK(s != NULL);
    CHECK(err.code == IC_OK);
    if (!s) {
        fprintf(stderr, "  %d:%d: %s\n", err.line, err.column, err.message);
        return;
    }
    CHECK_STR(s->path, SPEC_PATH);
    CHECK_STR(s->dir, "datasets");
    CHECK_STR(s->chart, "bar");
    CHECK_STR(s->data, "datasets/victims.csv");
    CHECK_STR(s->x, "group");
    CHECK(s->ny == 2);
    if (s->ny == 2) {
        CHECK_STR(s->y[0], "share");
        CHECK_STR(s->y[1], "count");
        CHECK(s->pos_y[0].line == 5 && s->pos_y[0].column == 9);
        CHECK(s->pos_y[1].line == 5 && s->pos_y[1].column == 18);
    }
    CHECK_STR(s->title, "One in three detected victims is a child");
    CHECK_STR(s->subtitle, "Share of detected victims");
    CHECK_STR(s->source, "UNODC GLOTIP 2022");
    CHECK_STR(s->note, "Latest year");
    CHECK_STR(s->byline, "Comms team");
    CHECK_STR(s->description, "Bar chart of victims");
    CHECK(s->width == 1080 && s->height == 1350);
    CHECK_NEAR(s->scale, 2, 0);
    CHECK_NEAR(s->text_scale, 1.25, 0);
    CHECK(s->number.style == IC_NUM_PERCENT);
    CHECK(s->number.decimals == 1);
    CHECK_NEAR(s->number.multiply, 100, 0);
    CHECK_STR(s->number.prefix, "~");
    CHECK_STR(s->number.suffix, " pts");
    CHECK(s->nhighlight == 2);
    if (s->nhighlight == 2) {
        CHECK_STR(s->highlight[0], "Children");
        CHECK_STR(s->highlight[1], "Girls");
        CHECK(s->pos_highlight[0].line == 16 && s->pos_highlight[0].column == 17);
        CHECK(s->pos_highlight[1].line == 16 && s->pos_highlight[1].column == 29);
    }
    CHECK(s->noutputs == 2);
    if (s->noutputs == 2) {
        CHECK_STR(s->outputs[0], "victims.png");
        CHECK_STR(s->outputs[1], "victims-web.svg");
    }
    CHECK(s->orientation == IC_ORIENT_HORIZONTAL);
    CHECK(s->sort == IC_SORT_DESCENDING);
    CHECK(s->value_labels == 0);
    CHECK(s->delimiter == ';');
    CHECK(s->ntypes == 4);
    if (s->ntypes == 4) {
        CHECK_STR(s->types[0].column, "share");
        CHECK(s->types[0].type == IC_COL_NUMBER);
        CHECK_STR(s->types[1].column, "group");
        CHECK(s->types[1].type == IC_COL_TEXT);
        CHECK(s->types[2].type == IC_COL_YEAR);
        CHECK(s->types[3].type == IC_COL_DATE);
        /* positions of the keys, where the column names are written */
        CHECK(s->pos_types[0].line == 22 && s->pos_types[0].column == 13);
        CHECK(s->pos_types[1].line == 22 && s->pos_types[1].column == 32);
    }
    CHECK_STR(s->accent, "#d9480f");
    CHECK_STR(s->muted, "#adb5bd");
    CHECK_STR(s->theme_bg, "#ffffff");
    CHECK(s->npalette == 2);
    if (s->npalette == 2) {
        CHECK_STR(s->palette[0], "#1f77b4");
        CHECK_STR(s->palette[1], "#ff7f0e");
    }
    CHECK(s->pos_chart.line == 2 && s->pos_chart.column == 12);
    CHECK(s->pos_data.line == 3 && s->pos_data.column == 11);
    CHECK(s->pos_x.line == 4 && s->pos_x.column == 8);
    ic_spec_free(s);
}

static void test_defaults(void)
{
    ic_error err;
    memset(&err, 0, sizeof err);
    const char *text = "{" MIN_KEYS "}";
    ic_spec *s = ic_spec_parse(text, strlen(text), "victims.json", &err);
    CHECK(s != NULL);
    if (!s)
        return;
    CHECK_STR(s->dir, ".");
    CHECK_STR(s->data, "victims.csv");
    CHECK(s->ny == 1);
    CHECK_STR(s->y[0], "share");
    CHECK(s->pos_y[0].line == 4 && s->pos_y[0].column == 8);
    CHECK(s->subtitle == NULL && s->note == NULL && s->byline == NULL && s->description == NULL);
    CHECK(s->width == 1080 && s->height == 1080);
    CHECK_NEAR(s->scale, 1, 0);
    CHECK_NEAR(s->text_scale, 1, 0);
    CHECK(s->number.style == IC_NUM_AUTO);
    CHECK(s->number.decimals == -1);
    CHECK_NEAR(s->number.multiply, 1, 0);
    CHECK(s->number.prefix == NULL && s->number.suffix == NULL);
    CHECK(s->nhighlight == 0 && s->highlight == NULL);
    CHECK(s->noutputs == 3);
    if (s->noutputs == 3) {
        CHECK_STR(s->outputs[0], "victims.png");
        CHECK_STR(s->outputs[1], "victims.svg");
        CHECK_STR(s->outputs[2], "victims.pdf");
    }
    CHECK(s->orientation == IC_ORIENT_AUTO);
    CHECK(s->sort == IC_SORT_NONE);
    CHECK(s->value_labels == 1);
    CHECK(s->delimiter == 0); /* detected from the data */
    CHECK(s->decimal == 0 && s->thousands == 0 && s->series == NULL && s->aggregate == IC_AGG_NONE);
    CHECK(s->x_format == NULL);
    CHECK(s->ntypes == 0);
    CHECK(s->accent == NULL && s->muted == NULL && s->theme_bg == NULL && s->npalette == 0);
    ic_spec_free(s);

    /* an absolute data path is kept; a spec name without .json keeps its name */
    text = "{\"chart\": \"bar\", \"data\": \"/srv/v.csv\", \"x\": \"a\", \"y\": \"b\", \"title\": \"T\", "
           "\"source\": \"S\"}";
    s = ic_spec_parse(text, strlen(text), "specs/chart.spec", &err);
    CHECK(s != NULL);
    if (s) {
        CHECK_STR(s->data, "/srv/v.csv");
        CHECK_STR(s->outputs[0], "chart.spec.png");
    }
    ic_spec_free(s);
}

static void test_values(void)
{
    ic_error err;
    ic_spec *s;

    s = parse("{" MIN_KEYS ", \"size\": \"1600x900\", \"number\": \"compact\", \"delimiter\": \"\\t\"}", &err);
    CHECK(s && s->width == 1600 && s->height == 900);
    CHECK(s && s->number.style == IC_NUM_COMPACT && s->number.decimals == -1);
    CHECK(s && s->delimiter == '\t');
    ic_spec_free(s);

    s = parse("{" MIN_KEYS ", \"size\": \"a4-full\", \"delimiter\": \"tab\", \"highlight\": \"Children\"}", &err);
    CHECK(s && s->width == 453 && s->height == 283);
    CHECK(s && s->delimiter == '\t');
    CHECK(s && s->nhighlight == 1 && strcmp(s->highlight[0], "Children") == 0);
    ic_spec_free(s);

    s = parse("{" MIN_KEYS ", \"size\": \"100 X 10000\", \"delimiter\": \",\", \"highlight\": [], "
              "\"subtitle\": \"\", \"outputs\": [\"pdf\", \"x.png\"]}", &err);
    CHECK(s && s->width == 100 && s->height == 10000);
    CHECK(s && s->delimiter == ',' && s->nhighlight == 0 && s->subtitle == NULL);
    CHECK(s && s->noutputs == 2 && strcmp(s->outputs[0], "victims.pdf") == 0);
    ic_spec_free(s);

    s = parse("{" MIN_KEYS ", \"delimiter\": \"comma\", \"scale\": 0.25, \"text_scale\": 3}", &err);
    CHECK(s && s->delimiter == ',' && s->scale == 0.25 && s->text_scale == 3);
    ic_spec_free(s);

    /* keys with escapes are matched as decoded text */
    s = parse("{" MIN_KEYS ", \"type\\u0073\": {\"caf\\u00e9\": \"text\"}}", &err);
    CHECK(s && s->ntypes == 1 && strcmp(s->types[0].column, "caf\xc3\xa9") == 0);
    CHECK(s && s->pos_types[0].line == 6 && s->pos_types[0].column == 37);
    ic_spec_free(s);
}

static void test_errors(void)
{
    /* unknown keys */
    EXPECT_ERROR("{\n  \"chart\": \"bar\",\n  \"subtitel\": \"x\"\n}", 3, 3,
                 "unknown key 'subtitel' (did you mean 'subtitle'?)");
    EXPECT_ERROR("{\"zzzzqqq\": 1}", 1, 2, "unknown key 'zzzzqqq' (known keys: chart, data,");
    EXPECT_ERROR("{\n    \"width\": 1080}", 2, 5, "set the canvas with \"size\"");
    EXPECT_ERROR("{" MIN_KEYS ",\n  \"number\": {\"stile\": \"percent\"}}", 7, 14,
                 "unknown key 'stile' in 'number' (did you mean 'style'?)");

    /* wrong JSON types */
    EXPECT_ERROR("{\n  \"chart\": \"bar\",\n  \"title\": 42\n}", 3, 12, "'title' must be a string, got 42");
    EXPECT_ERROR("{\n  \"scale\": \"big\"\n}", 2, 12, "'scale' must be a number between 0.25 and 8, got \"big\"");
    EXPECT_ERROR("{\"scale\": 9}", 1, 11, "between 0.25 and 8, got 9");
    EXPECT_ERROR("{\"text_scale\": 0.4}", 1, 16, "'text_scale' must be a number between 0.5 and 3, got 0.4");
    EXPECT_ERROR("{\"y\": {\"a\": 1}}", 1, 7, "'y' must be a string or an array of strings, got an object");
    EXPECT_ERROR("{\"y\": []}", 1, 7, "'y' must not be an empty array");
    EXPECT_ERROR("{\"y\": [\"a\",\n  true]}", 2, 3, "'y[1]' must be a string, got true");
    EXPECT_ERROR("{\"y\": [\"a\", \"b\", \"a\"]}", 1, 18, "'y' lists 'a' twice");
    EXPECT_ERROR("{\"value_labels\": \"yes\"}", 1, 18, "'value_labels' must be true or false, got \"yes\"");
    EXPECT_ERROR("{\"subtitle\": null}", 1, 14, "'subtitle' must be a string, got null");
    EXPECT_ERROR("{\"number\": [1]}", 1, 12, "'number' must be a style (auto, percent, comma, compact, plain) or an object, got an array");
    EXPECT_ERROR("{\"number\": \"percents\"}", 1, 12,
                 "'number' must be one of auto, percent, comma, compact, plain, got \"percents\" (did you mean 'percent'?)");
    EXPECT_ERROR("{\"number\": {\"decimals\": 7}}", 1, 25, "'number.decimals' must be a whole number between 0 and 6, got 7");
    EXPECT_ERROR("{\"number\": {\"decimals\": 1.5}}", 1, 25, "got 1.5");
    EXPECT_ERROR("{\"number\": {\"multiply\": 0}}", 1, 25, "'number.multiply' must be a number other than 0");
    EXPECT_ERROR("{\"number\": {\"prefix\": 1}}", 1, 23, "'number.prefix' must be a string, got 1");
    EXPECT_ERROR("{\"orientation\": \"horizonal\"}", 1, 17, "(did you mean 'horizontal'?)");
    EXPECT_ERROR("{\"sort\": \"up\"}", 1, 10, "'sort' must be one of none, ascending, descending, got \"up\"");
    EXPECT_ERROR("{\"delimiter\": \":\"}", 1, 15, "'delimiter' must be");
    EXPECT_ERROR("{\"decimal\": \";\"}", 1, 13, "'decimal' must be one of \".\", \",\", got \";\"");
    EXPECT_ERROR("{\"thousands\": \"_\"}", 1, 15, "'thousands' must be one of \",\", \".\", \" \", \"'\", \"\", got");
    EXPECT_ERROR("{\"aggregate\": \"total\"}", 1, 15, "'aggregate' must be one of none, sum, mean, median, count, min, max");
    EXPECT_ERROR("{\"series\": \"\"}", 1, 12, "'series'");
    EXPECT_ERROR("{\"x_format\": \"%q/%m\"}", 1, 14, "'x_format' \"%q/%m\": ");
    EXPECT_ERROR("{\"chart\": \"bar\", \"data\": \"d.csv\", \"x\": \"a\", \"y\": \"b\", \"title\": \"T\", \"source\": \"S\", "
                 "\"thousands\": \".\"}", 1, 97, "'thousands' is \".\", the decimal separator too");
    EXPECT_ERROR("{\"chart\": \"bar\", \"data\": \"d.csv\", \"x\": \"a\", \"y\": \"b\", \"title\": \"T\", \"source\": \"S\", "
                 "\"decimal\": \",\", \"thousands\": \",\"}", 1, 113, "'thousands' is \",\"");
    EXPECT_ERROR("{\"types\": [\"a\"]}", 1, 11, "'types' must be an object");
    EXPECT_ERROR("{\"types\": {\"share\": \"numbr\"}}", 1, 21,
                 "'types.share' must be one of number, text, year, date, got \"numbr\" (did you mean 'number'?)");
    EXPECT_ERROR("{\"chart\": \"bars\"}", 1, 11, "unknown chart kind 'bars' (did you mean 'bar'?)");
    EXPECT_ERROR("{\"chart\": \"sunburst\"}", 1, 11, "unknown chart kind 'sunburst' (known kinds: bar, line, area, donut, pie, waffle, stat, dumbbell)");
    EXPECT_ERROR("{\"x\": \"  \"}", 1, 7, "'x' must not be empty");
    EXPECT_ERROR("{\"title\": \"\"}", 1, 11, "'title' must not be empty");

    /* missing required keys point at the top-level object */
    EXPECT_ERROR("{\n  \"chart\": \"bar\"\n}", 1, 1, "missing required key 'data'");
    EXPECT_ERROR("\n\n  {\"chart\": \"bar\", \"data\": \"d.csv\", \"x\": \"a\", \"y\": \"b\", \"source\": \"S\"}",
                 3, 3, "missing required key 'title'");
    EXPECT_ERROR("{\"chart\": \"bar\", \"data\": \"d.csv\", \"x\": \"a\", \"y\": \"b\", \"title\": \"T\"}",
                 1, 1, "missing required key 'source' (every chart must name its source)");
    EXPECT_ERROR("{\"chart\": \"bar\",\n  \"source\": \" \"}", 2, 13,
                 "'source' must not be empty: a chart without a source is refused");

    /* sizes */
    EXPECT_ERROR("{\n  \"size\": \"1080x50\"}", 2, 11, "'size' height must be between 100 and 10000, got 50");
    EXPECT_ERROR("{\"size\": \"99999999999x1080\"}", 1, 10, "'size' width must be between 100 and 10000");
    EXPECT_ERROR("{\"size\": \"1080x\"}", 1, 10, "'size' must be a preset name or \"WIDTHxHEIGHT\"");
    EXPECT_ERROR("{\"size\": 1080}", 1, 10, "'size' must be a preset name or \"WIDTHxHEIGHT\", got 1080");
    EXPECT_ERROR("{\"size\": \"instagram-sqare\"}", 1, 10,
                 "unknown size preset 'instagram-sqare' (did you mean 'instagram-square'?)");
    EXPECT_ERROR("{\"size\": \"poster\"}", 1, 10, "unknown size preset 'poster' (presets: instagram-square,");

    /* colours */
    EXPECT_ERROR("{\"accent\": \"red\"}", 1, 12, "'accent' must be a colour written \"#rrggbb\"");
    EXPECT_ERROR("{\"background\": \"#12345g\"}", 1, 16, "'background' must be a colour");
    EXPECT_ERROR("{\"muted\": \"#fff\"}", 1, 11, "got \"#fff\"");
    EXPECT_ERROR("{\"palette\": [\"#000000\",\n \"blue\"]}", 2, 2, "'palette[1]' must be a colour");
    EXPECT_ERROR("{\"palette\": []}", 1, 13, "'palette' must list at least one colour");

    /* outputs */
    EXPECT_ERROR("{\"outputs\": [\"png\", \"../x.png\"]}", 1, 21, "'outputs[1]' must be a plain file name");
    EXPECT_ERROR("{\"outputs\": [\"out/x.png\"]}", 1, 14, "no '/' or '..'");
    EXPECT_ERROR("{\"outputs\": [\"x.jpg\"]}", 1, 14,
                 "'outputs[0]' must be \"png\", \"svg\", \"pdf\", \"alt\" or a file name ending in .png, .svg, .pdf or .txt, got \"x.jpg\"");
    EXPECT_ERROR("{\"outputs\": [\".png\"]}", 1, 14, "ending in .png");
    EXPECT_ERROR("{\"outputs\": [\"png\",\n  \"victims.png\"]}", 2, 3,
                 "duplicate output 'victims.png' (already given by 'outputs[0]')");
    EXPECT_ERROR("{\"outputs\": []}", 1, 13, "'outputs' must list at least one output");
    EXPECT_ERROR("{\"outputs\": \"png\"}", 1, 13, "'outputs' must be an array");

    /* invalid JSON: at the start of the offending token */
    EXPECT_ERROR("{\n  \"title\": \"a\",\n  \"x\": \n}", 4, 1, "invalid JSON: unexpected token near '}'");
    EXPECT_ERROR("{\n  \"title\": \"a\",", 2, 15, "invalid JSON:");
    EXPECT_ERROR("{\"a\": tru}", 1, 7, "invalid JSON: invalid token near 'tru'");
    EXPECT_ERROR("{\n  \"data\": \"d.csv\"\n  \"x\": \"g\"\n}", 3, 3, "invalid JSON: '}' expected near '\"x\"'");
    /* a byte order mark before the spec is not content */
    EXPECT_ERROR("\xEF\xBB\xBF{\"titel\": 1}", 1, 2, "unknown key 'titel'");
    EXPECT_ERROR("", 1, 1, "the spec is empty");
    EXPECT_ERROR("  \n ", 1, 1, "the spec is empty");
    EXPECT_ERROR("[1, 2]", 1, 1, "the spec must be a JSON object");
    EXPECT_ERROR("{\"title\": \"a\\u0000b\"}", 1, 20, "invalid JSON: strings may not contain \\u0000");
    EXPECT_ERROR("{\"title\": \"\xff\"}", 1, 11, "invalid JSON: the spec is not valid UTF-8");

    /* duplicate keys: at the repeat, naming the first */
    EXPECT_ERROR("{\n  \"title\": \"a\",\n  \"title\": \"b\"\n}", 3, 3,
                 "duplicate key 'title' (first given on line 2)");
    EXPECT_ERROR("{\"number\": {\"style\": \"auto\",\n   \"style\": \"plain\"}}", 2, 4,
                 "duplicate key 'number.style' (first given on line 1)");

    /* positions count characters, and CRLF ends lines */
    EXPECT_ERROR("{\"title\": \"\xc3\xa9\xc3\xa9\xc3\xa9\", \"scale\": \"x\"}", 1, 27, "'scale' must be a number");
    EXPECT_ERROR("{\r\n  \"chart\": \"bar\",\r\n  \"titel\": \"x\"\r\n}", 3, 3,
                 "unknown key 'titel' (did you mean 'title'?)");
}

static void test_error_fields(void)
{
    ic_error err;
    ic_spec *s = parse("{\"scale\": \"big\"}", &err);
    char buf[1200];
    CHECK(s == NULL);
    CHECK_STR(ic_error_format(&err, buf, sizeof buf),
              "datasets/victims.json:1:11: error: 'scale' must be a number between 0.25 and 8, got \"big\"");

    /* the first error wins: a second parse does not overwrite it */
    s = ic_spec_parse("{\"size\": 3}", 11, SPEC_PATH, &err);
    CHECK(s == NULL);
    CHECK(strstr(err.message, "'scale'") != NULL);

    /* long and odd strings are escaped and shortened in messages */
    s = parse("{\"accent\": \"line\\nbreak and a very long tail that goes on and on and on and on and on\"}", &err);
    CHECK(s == NULL);
    CHECK(strstr(err.message, "line\\nbreak") != NULL);
    CHECK(strstr(err.message, "...\"") != NULL);

    /* NULL path: errors have no file, outputs use a neutral base name */
    memset(&err, 0, sizeof err);
    const char *text = "{" MIN_KEYS "}";
    s = ic_spec_parse(text, strlen(text), NULL, &err);
    CHECK(s != NULL);
    if (s) {
        CHECK(s->path == NULL);
        CHECK_STR(s->outputs[0], "chart.png");
    }
    ic_spec_free(s);
    ic_spec_free(NULL);
}

static void test_load(void)
{
    ic_error err;
    memset(&err, 0, sizeof err);
    ic_spec *s = ic_spec_load("no/such/spec.json", &err);
    CHECK(s == NULL);
    CHECK(err.code == IC_ERR_IO);
    CHECK_STR(err.file, "no/such/spec.json");

    const char *path = "test_spec_tmp.json";
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f)
        return;
    fputs("{" MIN_KEYS ", \"size\": \"story\"}\n", f);
    fclose(f);
    memset(&err, 0, sizeof err);
    s = ic_spec_load(path, &err);
    CHECK(s != NULL);
    if (s) {
        CHECK_STR(s->path, path);
        CHECK(s->width == 1080 && s->height == 1920);
        CHECK_STR(s->outputs[2], "test_spec_tmp.pdf");
    }
    ic_spec_free(s);
    remove(path);
}

static void test_presets(void)
{
    static const struct { const char *name; int w, h; } want[] = {
        { "instagram-square", 1080, 1080 }, { "instagram-portrait", 1080, 1350 },
        { "story", 1080, 1920 },            { "x-post", 1600, 900 },
        { "facebook", 1200, 630 },          { "linkedin", 1200, 627 },
        { "a4-full", 453, 283 },            { "a4-column", 221, 170 },
        { "letter-full", 468, 292 },        { "letter-column", 228, 175 },
    };
    size_t nwant = sizeof want / sizeof want[0];
    for (size_t i = 0; i < nwant; i++) {
        int w = 0, h = 0;
        CHECK(ic_preset_size(want[i].name, &w, &h) == 0);
        CHECK(w == want[i].w && h == want[i].h);
    }
    const char *const *names = ic_preset_names();
    size_t n = 0;
    for (; names[n]; n++) {
        int w = 0, h = 0;
        CHECK(ic_preset_size(names[n], &w, &h) == 0); /* every listed name resolves */
        CHECK(n >= nwant || strcmp(names[n], want[n].name) == 0);
    }
    CHECK(n == nwant);
    int w = 7, h = 7;
    CHECK(ic_preset_size("poster", &w, &h) == -1);
    CHECK(w == 7 && h == 7);
    CHECK(ic_preset_size(NULL, &w, &h) == -1);
}

static void test_jsonpos(void)
{
    const char *text = "{\n"
                       "  \"a\": [1, {\"b\": [true, null]}],\n"
                       "  \"c\\\"d\": {\"e\": {\"f\": {\"g\": 1}}},\n"
                       "  \"\\ud83d\\ude00\": \"x\"\n"
                       "}";
    ic_jsonpos *jp = ic_jsonpos_scan(text, strlen(text));
    int kl, kc, vl, vc;
    CHECK(jp != NULL);
    CHECK(ic_jsonpos_find(jp, "", &kl, &kc, &vl, &vc) == 0 && vl == 1 && vc == 1);
    CHECK(ic_jsonpos_find(jp, "a", &kl, &kc, &vl, &vc) == 0 && kl == 2 && kc == 3 && vl == 2 && vc == 8);
    CHECK(ic_jsonpos_find(jp, "a[0]", &kl, &kc, &vl, &vc) == 0 && kc == 9 && vc == 9);
    CHECK(ic_jsonpos_find(jp, "a[1]", NULL, NULL, &vl, &vc) == 0 && vc == 12);
    CHECK(ic_jsonpos_find(jp, "a[1].b", &kl, &kc, &vl, &vc) == 0 && kc == 13 && vc == 18);
    CHECK(ic_jsonpos_find(jp, "a[1].b[0]", NULL, NULL, NULL, NULL) == -1); /* deeper than recorded */
    CHECK(ic_jsonpos_find(jp, "c\"d.e.f", &kl, &kc, &vl, &vc) == 0 && kl == 3 && kc == 18);
    CHECK(ic_jsonpos_find(jp, "c\"d.e.f.g", NULL, NULL, NULL, NULL) == -1);
    CHECK(ic_jsonpos_find(jp, "\xf0\x9f\x98\x80", &kl, &kc, &vl, &vc) == 0 && kl == 4 && vc == 19);
    CHECK(ic_jsonpos_find(jp, "zz", &kl, &kc, &vl, &vc) == -1 && kl == 0 && vc == 0);
    CHECK(ic_jsonpos_duplicate(jp, NULL, NULL, NULL) == NULL);
    ic_jsonpos_free(jp);

    /* malformed text: keeps what it saw and stops */
    const char *bad[] = { "{\"a\": [1, 2", "{\"a\" 1}", "{\"a\": \"\\u12", "\"\\", "{,", "[[[[", "}" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        jp = ic_jsonpos_scan(bad[i], strlen(bad[i]));
        CHECK(jp != NULL);
        ic_jsonpos_free(jp);
    }
    jp = ic_jsonpos_scan("{\"a\": [1, 2", 11);
    CHECK(ic_jsonpos_find(jp, "a[1]", NULL, NULL, &vl, &vc) == 0 && vc == 11);
    ic_jsonpos_free(jp);

    /* deep nesting is bounded */
    size_t deep = 100000;
    char *d = malloc(deep);
    if (d) {
        memset(d, '[', deep);
        jp = ic_jsonpos_scan(d, deep);
        CHECK(jp != NULL);
        ic_jsonpos_free(jp);
        free(d);
    }

    /* duplicates: same object only, first repeat in document order */
    text = "{\"a\": {\"k\": 1}, \"b\": [{\"k\": 1}, {\"k\": 2}], \"c\": 1,\n \"b\": 2, \"c\": 3}";
    jp = ic_jsonpos_scan(text, strlen(text));
    int first;
    const char *dup = ic_jsonpos_duplicate(jp, &kl, &kc, &first);
    CHECK_STR(dup, "b");
    CHECK(kl == 2 && kc == 2 && first == 1);
    ic_jsonpos_free(jp);
    ic_jsonpos_free(ic_jsonpos_scan(NULL, 0));
}

/* A hand-built table: group (text), share (number), year (year), note (text). */
static char *group_text[] = { "Children", "Adults", "Girls", "Children" };
static char *share_text[] = { "34", "60", "20", "33" };
static char *year_text[] = { "2004", "2010", "2016", "2020" };
static char *note_text[] = { "", "", "", "" };

static char table_chars[4][64];
static uint32_t table_start[4][4];

/* Lays out four cell texts the way the CSV reader stores them. */
static void set_texts(ic_column *c, int j, char *const texts[4])
{
    size_t n = 0;
    for (int i = 0; i < 4; i++) {
        table_start[j][i] = (uint32_t)n;
        memcpy(table_chars[j] + n, texts[i], strlen(texts[i]) + 1);
        n += strlen(texts[i]) + 1;
    }
    c->chars = table_chars[j];
    c->nchars = c->chars_cap = n;
    c->start = table_start[j];
}

static void make_table(ic_table *t, ic_column cols[4])
{
    memset(cols, 0, 4 * sizeof cols[0]);
    cols[0] = (ic_column){ .name = "group", .type = IC_COL_TEXT };
    cols[1] = (ic_column){ .name = "share", .type = IC_COL_NUMBER };
    cols[2] = (ic_column){ .name = "year", .type = IC_COL_YEAR };
    cols[3] = (ic_column){ .name = "note", .type = IC_COL_TEXT };
    char *const *texts[4] = {group_text, share_text, year_text, note_text};
    for (int j = 0; j < 4; j++)
        set_texts(&cols[j], j, texts[j]);
    *t = (ic_table){ .path = "datasets/victims.csv", .ncols = 4, .nrows = 4, .cols = cols };
    for (int j = 0; j < 4; j++)
        cols[j].table = t;
}

/* Parses `text` (must succeed), runs the column check and compares. */
static void expect_columns(int src_line, const char *text, int line, int col, const char *part)
{
    ic_table t;
    ic_column cols[4];
    make_table(&t, cols);
    ic_error err;
    ic_spec *s = parse(text, &err);
    check_count++;
    if (!s) {
        check_failures++;
        fprintf(stderr, "%s:%d: spec did not parse: %s\n", __FILE__, src_line, err.message);
        return;
    }
    int rc = ic_spec_check_columns(s, &t, &err);
    int ok = part ? rc == -1 && err.code == IC_ERR_SPEC && err.line == line && err.column == col &&
                        strstr(err.message, part) && strcmp(err.file, SPEC_PATH) == 0
                  : rc == 0 && err.code == IC_OK;
    if (!ok) {
        check_failures++;
        fprintf(stderr, "%s:%d: expected %d:%d \"%s\", got rc %d at %d:%d: %s\n", __FILE__, src_line, line,
                col, part ? part : "(success)", rc, err.line, err.column, err.message);
    }
    ic_spec_free(s);
}

#define SPEC_XY(x, y, extra) \
    "{\"chart\": \"bar\", \"data\": \"victims.csv\", \"title\": \"T\", \"source\": \"S\",\n" \
    "  \"x\": " x ", \"y\": " y extra "}"

static void test_check_columns(void)
{
    expect_columns(__LINE__, SPEC_XY("\"group\"", "[\"share\", \"year\"]",
                                     ", \"highlight\": [\"Children\", \"Girls\"], \"types\": {\"note\": \"text\"}"),
                   0, 0, NULL);
    expect_columns(__LINE__, SPEC_XY("\"grop\"", "\"share\"", ""), 2, 8,
                   "no column 'grop' in datasets/victims.csv (did you mean 'group'?)");
    expect_columns(__LINE__, SPEC_XY("\"category\"", "\"share\"", ""), 2, 8,
                   "no column 'category' in datasets/victims.csv (columns: group, share, year, note)");
    expect_columns(__LINE__, SPEC_XY("\"group\"", "[\"share\", \"shar\"]", ""), 2, 32,
                   "no column 'shar' in datasets/victims.csv (did you mean 'share'?)");
    expect_columns(__LINE__, SPEC_XY("\"group\"", "[\"share\", \"note\"]", ""), 2, 32,
                   "column 'note' is text, not numbers: 'y' needs a number column");
    expect_columns(__LINE__, SPEC_XY("\"group\"", "\"group\"", ""), 2, 22,
                   "column 'group' is text, not numbers");
    expect_columns(__LINE__, SPEC_XY("\"group\"", "\"share\"", ",\n  \"types\": {\"year\": \"year\", \"yaer\": \"text\"}"),
                   3, 29, "no column 'yaer' in datasets/victims.csv (did you mean 'year'?)");
    expect_columns(__LINE__, SPEC_XY("\"group\"", "\"share\"", ",\n  \"highlight\": [\"Girls\", \"Chidren\"]"), 3, 26,
                   "highlight 'Chidren' is not a value of column 'group' (did you mean 'Children'?)");
    expect_columns(__LINE__, SPEC_XY("\"group\"", "\"share\"", ", \"highlight\": \"Martians\""), 2, 44,
                   "highlight 'Martians' is not a value of column 'group' (values: Children, Adults, Girls)");
    /* highlights compare with the x column's text, whatever its type */
    expect_columns(__LINE__, SPEC_XY("\"year\"", "\"share\"", ", \"highlight\": \"2016\""), 0, 0, NULL);

    /* a table without a path: the spec's data path is named instead */
    ic_table t;
    ic_column cols[4];
    make_table(&t, cols);
    t.path = NULL;
    ic_error err;
    ic_spec *s = parse(SPEC_XY("\"grp\"", "\"share\"", ""), &err);
    CHECK(s && ic_spec_check_columns(s, &t, &err) == -1);
    CHECK(strstr(err.message, "in datasets/victims.csv") != NULL);
    ic_spec_free(s);
}

int main(void)
{
    test_full_spec();
    test_defaults();
    test_values();
    test_errors();
    test_error_fields();
    test_load();
    test_presets();
    test_jsonpos();
    test_check_columns();
    return CHECK_DONE();
}
