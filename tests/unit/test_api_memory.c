/* Charts from memory (ic_chart_load_string, ic_data) and output through a
 * callback (ic_scene_write_to): a spec given as text, data given as CSV
 * text or as columns set from C, make the same scene, byte for byte in SVG,
 * as the same spec and CSV read from files; facets and long tables too.
 * Mistakes name the spec or the data with their place; wrong calls are
 * IC_ERR_USAGE errors. */
#include "check.h"
#include "core/util.h"

#include "infochart.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DATASETS IC_SOURCE_DIR "/datasets"

static ic_fonts *fonts;

/* ---- a growing byte buffer as the write callback's closure ---- */
typedef struct bytes {
    unsigned char *data;
    size_t len;
    int calls;
    int stop_after; /* > 0: return -1 on that call */
} bytes;

static int collect(void *closure, const unsigned char *data, size_t len)
{
    bytes *b = closure;
    if (b->stop_after > 0 && ++b->calls >= b->stop_after)
        return -1;
    unsigned char *grown = realloc(b->data, b->len + len + 1);
    if (!grown)
        return -1;
    memcpy(grown + b->len, data, len);
    b->data = grown;
    b->len += len;
    b->data[b->len] = 0;
    return 0;
}

/* The chart's SVG through ic_scene_write_to, as a heap string (NULL on failure). */
static char *svg_of_chart(const ic_chart *c)
{
    ic_error err = {0};
    ic_scene *s = c ? ic_chart_layout(c, fonts, &err) : NULL;
    bytes b = {0};
    int rc = s ? ic_scene_write_to(s, IC_FORMAT_SVG, collect, &b, &err) : -1;
    ic_scene_free(s);
    if (rc != 0) {
        char msg[2100];
        fprintf(stderr, "svg_of_chart: %s\n", ic_error_format(&err, msg, sizeof msg));
        free(b.data);
        return NULL;
    }
    return (char *)b.data;
}

static char *read_text(const char *path, size_t *len)
{
    ic_error err = {0};
    return ic_read_file(path, 1 << 24, len, &err);
}

/* The spec file's text with its "data" line taken out. */
static char *spec_without_data(const char *path, size_t *len)
{
    char *text = read_text(path, len);
    char *line = text ? strstr(text, "\"data\":") : NULL;
    if (!line)
        return text;
    char *end = strchr(line, '\n');
    memmove(line, end + 1, strlen(end + 1) + 1);
    *len = strlen(text);
    return text;
}

/* The CSV file as columns from C: cells that read as numbers in a column of
 * numbers and gaps become ic_data_add_numbers (gaps NaN), the others
 * ic_data_add_strings (gaps NULL). The example CSVs have no quotes. */
static ic_data *columns_of_csv(const char *path)
{
    size_t len;
    char *text = read_text(path, &len);
    if (!text)
        return NULL;
    char *cells[64][64]; /* [row][col], row 0 the header */
    size_t nrows = 0, ncols = 0;
    for (char *line = strtok(text, "\n"); line && nrows < 64; line = strtok(NULL, "\n")) {
        size_t c = 0;
        for (char *p = line;; p++) {
            char *comma = strchr(p, ',');
            if (comma)
                *comma = 0;
            if (c < 64)
                cells[nrows][c++] = p;
            if (!comma)
                break;
            p = comma;
        }
        ncols = c;
        nrows++;
    }
    ic_data *d = ic_data_new();
    ic_error err = {0};
    for (size_t c = 0; d && c < ncols; c++) {
        double values[64];
        const char *strings[64];
        int numeric = 1;
        for (size_t r = 1; r < nrows; r++) {
            char *end;
            strings[r - 1] = *cells[r][c] ? cells[r][c] : NULL;
            values[r - 1] = *cells[r][c] ? strtod(cells[r][c], &end) : NAN;
            if (*cells[r][c] && *end)
                numeric = 0;
        }
        int rc = numeric ? ic_data_add_numbers(d, cells[0][c], values, nrows - 1, &err)
                         : ic_data_add_strings(d, cells[0][c], strings, nrows - 1, &err);
        CHECK(rc == 0);
    }
    free(text);
    return d;
}

static ic_data *csv_data(const char *path, const char *name)
{
    size_t len;
    char *text = read_text(path, &len);
    ic_data *d = ic_data_new();
    ic_error err = {0};
    CHECK(text && d && ic_data_set_csv(d, text, len, name, &err) == 0);
    free(text);
    return d;
}

/* A dataset's chart from its files, from its spec as text (base_dir
 * datasets/), with its CSV as text and as columns: the same SVG every way. */
static void check_same_scene(const char *stem)
{
    char spec_path[512], csv_path[512];
    snprintf(spec_path, sizeof spec_path, DATASETS "/%s.json", stem);
    ic_error err = {0};
    ic_chart *file = ic_chart_load(spec_path, &err);
    CHECK(file != NULL);
    snprintf(csv_path, sizeof csv_path, "%s", ic_chart_data_path(file));
    char *want = svg_of_chart(file);
    CHECK(want != NULL);

    size_t len;
    char *text = read_text(spec_path, &len);
    ic_chart *from_text = ic_chart_load_string(text, len, stem, DATASETS, NULL, NULL, &err);
    CHECK(from_text != NULL);
    char *got = svg_of_chart(from_text);
    CHECK(got && want && strcmp(got, want) == 0);
    free(got);

    /* with data from memory "data" may be left out */
    char *bare = spec_without_data(spec_path, &len);
    ic_data *csv = csv_data(csv_path, "sales");
    ic_data *cols = columns_of_csv(csv_path);
    ic_data *both[2] = {csv, cols};
    for (int k = 0; k < 2; k++) {
        ic_chart *c = ic_chart_load_string(bare, len, stem, NULL, both[k], NULL, &err);
        if (!c) {
            char msg[2100];
            fprintf(stderr, "%s: %s\n", stem, ic_error_format(&err, msg, sizeof msg));
        }
        CHECK(c != NULL);
        CHECK(c && ic_chart_data_path(c) == NULL);
        got = svg_of_chart(c);
        CHECK(got && want && strcmp(got, want) == 0);
        if (got && want && strcmp(got, want) != 0)
            fprintf(stderr, "%s: %s data gives another SVG\n", stem, k == 0 ? "CSV text" : "column");
        /* facets are made alike */
        CHECK(c && ic_chart_facet_count(c) == ic_chart_facet_count(file));
        for (size_t i = 0; c && i < ic_chart_facet_count(c); i++) {
            ic_chart *fa = ic_chart_facet(file, i, &err), *fb = ic_chart_facet(c, i, &err);
            char *sa = svg_of_chart(fa), *sb = svg_of_chart(fb);
            CHECK(sa && sb && strcmp(sa, sb) == 0);
            free(sa);
            free(sb);
            ic_chart_free(fa);
            ic_chart_free(fb);
        }
        free(got);
        ic_chart_free(c);
    }
    /* the "data" key is ignored when data is given */
    ic_chart *c = ic_chart_load_string(text, strlen(text), stem, "/nonexistent", cols, NULL, &err);
    CHECK(c != NULL);
    ic_chart_free(c);

    ic_data_free(csv);
    ic_data_free(cols);
    free(bare);
    free(text);
    free(want);
    ic_chart_free(from_text);
    ic_chart_free(file);
}

static const char *format_error(const ic_error *err)
{
    static char msg[2100];
    return ic_error_format(err, msg, sizeof msg);
}

static const char bar_spec[] = "{\n"
                               "  \"chart\": \"bar\",\n"
                               "  \"x\": \"region\",\n"
                               "  \"y\": \"share\",\n"
                               "  \"title\": \"Children among victims\",\n"
                               "  \"source\": \"UNODC\"\n"
                               "}\n";

static void check_errors(void)
{
    ic_error err = {0};
    /* spec mistakes name the spec with line:col in its text */
    const char bad[] = "{\n  \"chart\": \"bar\",\n  \"titel\": \"x\"\n}";
    CHECK(ic_chart_load_string(bad, strlen(bad), "report.c:spec", NULL, NULL, NULL, &err) == NULL);
    CHECK(err.code == IC_ERR_SPEC && strcmp(err.file, "report.c:spec") == 0 && err.line == 3 && err.column == 3);
    err = (ic_error){0};
    CHECK(ic_chart_load_string(bad, strlen(bad), NULL, NULL, NULL, NULL, &err) == NULL);
    CHECK_STR(err.file, "<spec>");
    /* without data from memory "data" is required */
    err = (ic_error){0};
    CHECK(ic_chart_load_string(bar_spec, strlen(bar_spec), NULL, NULL, NULL, NULL, &err) == NULL);
    CHECK(err.code == IC_ERR_SPEC && strstr(err.message, "missing required key 'data'"));
    /* "data" is resolved against base_dir */
    const char named[] = "{\"chart\": \"line\", \"data\": \"child_share_line.csv\", \"x\": \"data_year\", "
                         "\"y\": \"children_pct\", \"title\": \"t\", \"source\": \"s\"}";
    ic_chart *c = ic_chart_load_string(named, strlen(named), NULL, DATASETS, NULL, NULL, &err);
    CHECK(c && strcmp(ic_chart_data_path(c), DATASETS "/child_share_line.csv") == 0);
    ic_chart_free(c);
    err = (ic_error){0};
    CHECK(ic_chart_load_string(named, strlen(named), "n", "/nonexistent", NULL, NULL, &err) == NULL);
    CHECK(err.code == IC_ERR_IO && strcmp(err.file, "n") == 0 && err.line == 1);

    /* wrong calls */
    ic_data *d = ic_data_new();
    double v[3] = {1, 2, 3};
    const char *s[3] = {"a", "b", "c"};
    err = (ic_error){0};
    CHECK(ic_chart_load_string(bar_spec, strlen(bar_spec), NULL, NULL, d, NULL, &err) == NULL);
    CHECK(err.code == IC_ERR_USAGE && strstr(err.message, "empty"));
    err = (ic_error){0};
    CHECK(ic_data_add_numbers(d, "share", v, 0, &err) == -1 && err.code == IC_ERR_USAGE);
    CHECK(ic_data_add_numbers(NULL, "share", v, 3, &err) == -1);
    CHECK(ic_data_add_numbers(d, NULL, v, 3, &err) == -1);
    CHECK(ic_data_add_strings(d, "region", NULL, 3, &err) == -1);
    CHECK(ic_data_add_strings(d, "", s, 3, &err) == -1);
    CHECK(ic_data_add_numbers(d, "share", v, 3, &err) == 0);
    err = (ic_error){0};
    CHECK(ic_data_add_strings(d, "region", s, 2, &err) == -1 && err.code == IC_ERR_USAGE);
    CHECK(strstr(err.message, "has 2 values, the other columns 3") != NULL);
    err = (ic_error){0};
    CHECK(ic_data_add_strings(d, "share", s, 3, &err) == -1 && strstr(err.message, "twice"));
    double inf[3] = {1, INFINITY, 3};
    CHECK(ic_data_add_numbers(d, "inf", inf, 3, &err) == -1);
    CHECK(ic_data_add_strings(d, "region", s, 3, &err) == 0);
    CHECK(ic_data_set_csv(NULL, "a", 1, NULL, &err) == -1);
    CHECK(ic_chart_load_string(NULL, 0, NULL, NULL, d, NULL, &err) == NULL);

    /* reused for several charts */
    for (int i = 0; i < 2; i++) {
        ic_chart *r = ic_chart_load_string(bar_spec, strlen(bar_spec), NULL, NULL, d, NULL, &err);
        CHECK(r != NULL);
        char *svg = svg_of_chart(r);
        CHECK(svg && strstr(svg, "Children among victims"));
        free(svg);
        ic_chart_free(r);
    }
    /* columns from C and CSV text do not mix */
    CHECK(ic_data_set_csv(d, "a,b\n1,2\n", 8, "x", &err) == 0);
    err = (ic_error){0};
    CHECK(ic_data_add_numbers(d, "share", v, 3, &err) == -1 && err.code == IC_ERR_USAGE);
    ic_data_free(d);
    ic_data_free(NULL);

    /* a mistake in columns names the row and column */
    d = ic_data_new();
    const char *shares[3] = {"12%", "n/a", "many"};
    CHECK(ic_data_add_strings(d, "region", s, 3, &err) == 0 && ic_data_add_strings(d, "share", shares, 3, &err) == 0);
    const char typed[] = "{\"chart\": \"bar\", \"x\": \"region\", \"y\": \"share\", \"title\": \"t\", "
                         "\"source\": \"s\", \"types\": {\"share\": \"number\"}}";
    err = (ic_error){0};
    CHECK(ic_chart_load_string(typed, strlen(typed), "spec", NULL, d, NULL, &err) == NULL);
    CHECK(err.code == IC_ERR_DATA && strcmp(err.file, "<data>") == 0 && err.line == 0);
    CHECK_STR(err.message, "row 3, column 'share': expected a number, got 'many'");
    fprintf(stderr, "columns: %s\n", format_error(&err));
    /* ... and in CSV text the line and column */
    CHECK(ic_data_set_csv(d, "region,share\na,1\nb,x\n", 21, "report.c:sales", &err) == 0);
    err = (ic_error){0};
    CHECK(ic_chart_load_string(typed, strlen(typed), "spec", NULL, d, NULL, &err) == NULL);
    CHECK(err.code == IC_ERR_DATA && strcmp(err.file, "report.c:sales") == 0 && err.line == 3 && err.column == 3);
    ic_data_free(d);

    /* ... with other rows named in the message as rows too */
    d = ic_data_new();
    err = (ic_error){0};
    const char *g[4] = {"A", "A", "B", "B"};
    double year[4] = {2004, 2004, 2004, 2005}, y4[4] = {1, -2, 3, 4}, w4[4] = {5, 6, 7, 8};
    double year2[4] = {2004, 2005, 2004, 2005};
    CHECK(ic_data_add_strings(d, "g", g, 4, &err) == 0 && ic_data_add_numbers(d, "x", year, 4, &err) == 0 &&
          ic_data_add_numbers(d, "v", y4, 4, &err) == 0 && ic_data_add_numbers(d, "w", w4, 4, &err) == 0 &&
          ic_data_add_numbers(d, "x2", year2, 4, &err) == 0);
    const char line[] = "{\"chart\": \"line\", \"x\": \"x\", \"y\": \"v\", \"title\": \"t\", "
                        "\"source\": \"s\"}";
    CHECK(ic_chart_load_string(line, strlen(line), NULL, NULL, d, NULL, &err) == NULL);
    CHECK(err.code == IC_ERR_DATA && strcmp(err.file, "<data>") == 0 && err.line == 0);
    CHECK(strncmp(err.message, "row 2, column 'x': '2004' appears twice (first on row 1)", 56) == 0);
    fprintf(stderr, "duplicate: %s\n", format_error(&err));
    /* ... and when a facet's rows are checked, after loading */
    const char faceted[] = "{\"chart\": \"bar\", \"x\": \"x2\", \"y\": [\"v\", \"w\"], \"title\": \"t\", "
                           "\"source\": \"s\", \"facet\": \"g\", \"stack\": \"percent\", "
                           "\"types\": {\"x2\": \"text\"}}";
    err = (ic_error){0};
    c = ic_chart_load_string(faceted, strlen(faceted), NULL, NULL, d, NULL, &err);
    if (!c)
        fprintf(stderr, "faceted: %s\n", format_error(&err));
    CHECK(c && ic_chart_facet_count(c) == 2);
    ic_data_free(d); /* the chart needs it no more */
    ic_chart *ok = c ? ic_chart_facet(c, 1, &err) : NULL;
    CHECK(ok != NULL);
    ic_chart_free(ok);
    err = (ic_error){0};
    CHECK(c && ic_chart_facet(c, 0, &err) == NULL);
    CHECK(err.code == IC_ERR_DATA && strcmp(err.file, "<data>") == 0 && err.line == 0);
    CHECK(strncmp(err.message, "row 2, column 'v': -2 is negative", 33) == 0);
    fprintf(stderr, "facet: %s\n", format_error(&err));
    ic_chart_free(c);

    /* notes about columns from C name the row and column too */
    d = ic_data_new();
    const char *when[3] = {"2004-01-05", "2005-02-30", "2006-03-01"};
    const char dated[] = "{\"chart\": \"bar\", \"x\": \"when\", \"y\": \"v\", \"title\": \"t\", \"source\": \"s\"}";
    CHECK(ic_data_add_strings(d, "when", when, 3, &err) == 0 && ic_data_add_numbers(d, "v", v, 3, &err) == 0);
    c = ic_chart_load_string(dated, strlen(dated), NULL, NULL, d, NULL, &err);
    CHECK(c && ic_chart_note_count(c) == 1);
    CHECK(c && strncmp(ic_chart_note(c, 0), "<data>: warning: row 2, column 'when': ", 39) == 0);
    ic_chart_free(c);
    ic_data_free(d);
}

/* With "decimal": "," the numbers from C are read as the CSV text writing
 * them so would be: the same chart. */
static void check_decimal_comma(void)
{
    ic_error err = {0};
    const char spec[] = "{\"chart\": \"bar\", \"x\": \"a\", \"y\": \"v\", \"title\": \"t\", "
                        "\"source\": \"s\", \"decimal\": \",\"}";
    const char csv[] = "a;v\nx;12,5\ny;3,25\nz;1234,125\n";
    const char *a[3] = {"x", "y", "z"};
    double v[3] = {12.5, 3.25, 1234.125};
    ic_data *text = ic_data_new(), *cols = ic_data_new();
    CHECK(ic_data_set_csv(text, csv, strlen(csv), "t.csv", &err) == 0);
    CHECK(ic_data_add_strings(cols, "a", a, 3, &err) == 0 && ic_data_add_numbers(cols, "v", v, 3, &err) == 0);
    ic_chart *ct = ic_chart_load_string(spec, strlen(spec), NULL, NULL, text, NULL, &err);
    ic_chart *cc = ic_chart_load_string(spec, strlen(spec), NULL, NULL, cols, NULL, &err);
    char *st = svg_of_chart(ct), *sc = svg_of_chart(cc);
    CHECK(st && sc && strcmp(st, sc) == 0);
    free(st);
    free(sc);
    ic_chart_free(ct);
    ic_chart_free(cc);
    ic_data_free(text);
    ic_data_free(cols);
}

/* ic_scene_write_to gives the bytes ic_scene_write puts in a file; a
 * callback that stops makes an IC_ERR_IO error. */
static void check_write_to(void)
{
    ic_error err = {0};
    ic_chart *c = ic_chart_load(DATASETS "/child_share_line.json", &err);
    ic_scene *s = c ? ic_chart_layout(c, fonts, &err) : NULL;
    CHECK(s != NULL);
    char dir[] = "/tmp/test_api_memory.XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    const ic_format formats[3] = {IC_FORMAT_PNG, IC_FORMAT_SVG, IC_FORMAT_PDF};
    const char *names[3] = {"c.png", "c.svg", "c.pdf"};
    for (int i = 0; s && i < 3; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        CHECK(ic_scene_write(s, path, formats[i], &err) == 0);
        size_t len = 0;
        char *file = read_text(path, &len);
        bytes b = {0};
        CHECK(ic_scene_write_to(s, formats[i], collect, &b, &err) == 0);
        /* the PDF's dates are fixed, so its bytes are the same too */
        CHECK(file && b.len == len && memcmp(file, b.data, len) == 0);
        free(b.data);
        free(file);
        unlink(path);
        /* stopped on the first and on a later call (an SVG or a PDF, which
         * is finished in memory, comes in one) */
        for (int stop = 1; stop <= (formats[i] == IC_FORMAT_PNG ? 2 : 1); stop++) {
            bytes st = {.stop_after = stop};
            ic_error e = {0};
            CHECK(ic_scene_write_to(s, formats[i], collect, &st, &e) == -1);
            CHECK(e.code == IC_ERR_IO && strstr(e.message, "callback"));
            free(st.data);
        }
    }
    rmdir(dir);
    ic_error e = {0};
    CHECK(ic_scene_write_to(s, IC_FORMAT_SVG, NULL, NULL, &e) == -1 && e.code == IC_ERR_USAGE);
    ic_scene_free(s);
    ic_chart_free(c);
}

int main(void)
{
    ic_error err = {0};
    fonts = ic_fonts_load(IC_SOURCE_DIR "/fonts", &err);
    CHECK(fonts != NULL);
    if (!fonts)
        return CHECK_DONE();
    check_same_scene("child_share_line");        /* numbers with gaps, years */
    check_same_scene("victims_by_group_long");   /* "series": a long table */
    check_same_scene("victims_by_age_sex_by_year"); /* facets */
    check_errors();
    check_decimal_comma();
    check_write_to();
    ic_fonts_free(fonts);
    return CHECK_DONE();
}
