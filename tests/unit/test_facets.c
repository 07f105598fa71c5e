/* Facets: one chart per distinct value of a column. Every value gets its own
 * output file name (stable: the same whatever the row order or the other
 * values, except for values that need a suffix), the values keep their order
 * of first appearance, each facet gets exactly its rows, and the number of
 * facets is capped by the 'facets' limit. */
#include "check.h"
#include "charts/chart.h"
#include "core/buf.h"
#include "spec/spec.h"
#include "scene/scene.h"

#include <math.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static char tmpdir[64];

static char *tmp_path(const char *name)
{
    ic_buf b = IC_BUF_INIT;
    ic_buf_printf(&b, "%s/%s", tmpdir, name);
    return ic_buf_take(&b);
}

static void write_file(const char *name, const char *data)
{
    char *path = tmp_path(name);
    FILE *f = path ? fopen(path, "wb") : NULL;
    CHECK(f != NULL);
    if (f) {
        fputs(data, f);
        fclose(f);
    }
    free(path);
}

static const char spec_text[] =
    "{\n"
    "  \"chart\": \"bar\",\n"
    "  \"data\": \"data.csv\",\n"
    "  \"facet\": \"country\",\n"
    "  \"x\": \"group\",\n"
    "  \"y\": \"share\",\n"
    "  \"title\": \"Victims in {facet}\",\n"
    "  \"source\": \"test\",\n"
    "  \"outputs\": [\"png\", \"{facet}.svg\"]\n"
    "}\n";

/* The CSV for `values` (each one row, or two when `twice`), in the order
 * given by `order` (NULL: as listed). */
static char *csv_of(const char *const *values, size_t n, const size_t *order)
{
    ic_buf b = IC_BUF_INIT;
    ic_buf_puts(&b, "country,group,share\n");
    for (size_t i = 0; i < n; i++) {
        const char *v = values[order ? order[i] : i];
        ic_buf_puts(&b, "\"");
        for (const char *p = v; *p; p++)
            ic_buf_puts(&b, *p == '"' ? "\"\"" : (char[2]){ *p, 0 });
        ic_buf_printf(&b, "\",Children,%zu\n", i + 1);
    }
    return ic_buf_take(&b);
}

static ic_chart *load(const char *csv, const ic_limits *lim, ic_error *err)
{
    write_file("spec.json", spec_text);
    write_file("data.csv", csv);
    char *path = tmp_path("spec.json");
    memset(err, 0, sizeof *err);
    ic_chart *c = ic_chart_load_limited(path, lim, err);
    free(path);
    return c;
}

/* FNV-1a 64 of `s`, folded to 32 bits, as the documented suffix. */
static char *suffixed(const char *part, const char *value)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
        h ^= *p;
        h *= UINT64_C(0x100000001b3);
    }
    ic_buf b = IC_BUF_INIT;
    ic_buf_printf(&b, "%s-%08x", part, (unsigned)((h ^ (h >> 32)) & 0xffffffffu));
    return ic_buf_take(&b);
}

#define LONG80 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"

static const char *const values[] = {
    "a/b", "a_b", "a b", "", ".", "..", LONG80 "yy1", LONG80 "yy2", "A", "a",
    "C\xC3\xB4te d'Ivoire", "C\xC3\xB4te d\xE2\x80\x99Ivoire", "a\\b", "_", "a__b", ".hidden", "hidden",
};
#define NVALUES (sizeof values / sizeof values[0])

/* The expected file part of each value (NULL: made by suffixed()). */
static char *expected_part(size_t i)
{
    static const char *const plain[NVALUES] = {
        [1] = "a_b", [8] = "A", [10] = "C\xC3\xB4te_d_Ivoire", [11] = "C\xC3\xB4te_d\xE2\x80\x99Ivoire",
        [13] = "_", [14] = "a__b", [16] = "hidden",
    };
    static const char *const stem[NVALUES] = {
        [0] = "a_b", [2] = "a_b", [3] = "_", [4] = "_", [5] = "_", [6] = LONG80, [7] = LONG80, [9] = "a",
        [12] = "a_b", [15] = "hidden",
    };
    if (plain[i]) {
        char *s = malloc(strlen(plain[i]) + 1);
        return s ? strcpy(s, plain[i]) : NULL;
    }
    return suffixed(stem[i], values[i]);
}

/* Output names of every facet of `c`, keyed by value index: names[v][k]. */
static void facet_names(const ic_chart *c, char *names[NVALUES][2])
{
    memset(names, 0, sizeof(char *) * NVALUES * 2);
    for (size_t i = 0; i < ic_chart_facet_count(c); i++) {
        size_t v = 0;
        while (v < NVALUES && strcmp(values[v], ic_chart_facet_value(c, i)) != 0)
            v++;
        CHECK(v < NVALUES);
        ic_error err = { 0 };
        ic_chart *f = v < NVALUES ? ic_chart_facet(c, i, &err) : NULL;
        CHECK(f != NULL);
        if (!f) {
            fprintf(stderr, "  facet %zu: %s\n", i, err.message);
            continue;
        }
        CHECK(f->spec->noutputs == 2);
        for (size_t k = 0; k < 2 && k < f->spec->noutputs; k++) {
            names[v][k] = malloc(strlen(f->spec->outputs[k]) + 1);
            if (names[v][k])
                strcpy(names[v][k], f->spec->outputs[k]);
        }
        ic_chart_free(f);
    }
}

static void free_names(char *names[NVALUES][2])
{
    for (size_t v = 0; v < NVALUES; v++)
        free(names[v][0]), free(names[v][1]);
}

static void test_distinct_names(void)
{
    char *csv = csv_of(values, NVALUES, NULL);
    ic_error err;
    ic_chart *c = load(csv, NULL, &err);
    free(csv);
    CHECK(c != NULL);
    if (!c) {
        fprintf(stderr, "  %d:%d: %s\n", err.line, err.column, err.message);
        return;
    }
    CHECK(ic_chart_facet_count(c) == NVALUES);
    for (size_t i = 0; i < ic_chart_facet_count(c) && i < NVALUES; i++)
        CHECK_STR(ic_chart_facet_value(c, i), values[i]);
    char *names[NVALUES][2];
    facet_names(c, names);
    ic_chart_free(c);

    for (size_t v = 0; v < NVALUES; v++) {
        char *part = expected_part(v);
        ic_buf png = IC_BUF_INIT, svg = IC_BUF_INIT;
        ic_buf_printf(&png, "spec-%s.png", part);
        ic_buf_printf(&svg, "%s.svg", part);
        char *want_png = ic_buf_take(&png), *want_svg = ic_buf_take(&svg);
        CHECK_STR(names[v][0], want_png);
        CHECK_STR(names[v][1], want_svg);
        free(want_png);
        free(want_svg);
        free(part);
        /* safe: no directory part, not hidden */
        CHECK(names[v][1] && names[v][1][0] != '.' && !strchr(names[v][1], '/'));
        /* distinct, even where case does not count (macOS, Windows) */
        for (size_t w = 0; w < v; w++)
            CHECK(names[v][0] && names[w][0] && strcasecmp(names[v][0], names[w][0]) != 0);
    }

    /* the same names whatever the row order */
    static const size_t shuffled[NVALUES] = { 16, 3, 9, 0, 12, 5, 7, 1, 14, 2, 11, 4, 8, 15, 6, 13, 10 };
    csv = csv_of(values, NVALUES, shuffled);
    c = load(csv, NULL, &err);
    free(csv);
    CHECK(c != NULL);
    if (c) {
        CHECK(ic_chart_facet_count(c) == NVALUES);
        CHECK_STR(ic_chart_facet_value(c, 0), values[16]);
        char *again[NVALUES][2];
        facet_names(c, again);
        for (size_t v = 0; v < NVALUES; v++) {
            CHECK_STR(again[v][0], names[v][0]);
            CHECK_STR(again[v][1], names[v][1]);
        }
        free_names(again);
        ic_chart_free(c);
    }
    free_names(names);
}

/* A value whose safe name is unique keeps it; one whose name is taken by a
 * value that is already safe gets the suffix; a value of nothing safe always
 * gets one. */
static void test_names_alone(void)
{
    static const char *const one[] = { "a/b", "Bosnia/Herzegovina" };
    char *csv = csv_of(one, 2, NULL);
    ic_error err;
    ic_chart *c = load(csv, NULL, &err);
    free(csv);
    CHECK(c != NULL && ic_chart_facet_count(c) == 2);
    ic_chart *f = c ? ic_chart_facet(c, 0, &err) : NULL;
    CHECK(f != NULL);
    if (f)
        CHECK_STR(f->spec->outputs[0], "spec-a_b.png");
    ic_chart_free(f);
    f = c ? ic_chart_facet(c, 1, &err) : NULL;
    if (f)
        CHECK_STR(f->spec->outputs[1], "Bosnia_Herzegovina.svg");
    ic_chart_free(f);
    ic_chart_free(c);

    /* a value spelled like another's suffixed name still gets its own file */
    char *taken = suffixed("a_b", "a/b");
    const char *const clash[] = { "a/b", "a_b", taken };
    csv = csv_of(clash, 3, NULL);
    c = load(csv, NULL, &err);
    free(csv);
    CHECK(c != NULL && ic_chart_facet_count(c) == 3);
    char *got[3] = { 0 };
    for (size_t i = 0; c && i < 3; i++) {
        f = ic_chart_facet(c, i, &err);
        CHECK(f != NULL);
        if (f && (got[i] = malloc(strlen(f->spec->outputs[1]) + 1)))
            strcpy(got[i], f->spec->outputs[1]);
        ic_chart_free(f);
    }
    CHECK(got[0] && got[1] && got[2]);
    if (got[0] && got[1] && got[2]) {
        CHECK(strcmp(got[0], got[1]) != 0 && strcmp(got[0], got[2]) != 0 && strcmp(got[1], got[2]) != 0);
        CHECK_STR(got[1], "a_b.svg");
    }
    for (size_t i = 0; i < 3; i++)
        free(got[i]);
    free(taken);
    ic_chart_free(c);
}

/* Facets keep the order of first appearance and get exactly their rows;
 * sharing scales (the default), every facet lists every category of the
 * table (Children, Adults, Girls: the order they first appear in), a
 * category it has no row of as a gap. */
static void test_rows(void)
{
    const char *csv =
        "country,group,share\n"
        "B,Children,1\n"
        "A,Children,2\n"
        "B,Adults,3\n"
        "C,Children,4\n"
        "A,Adults,5\n"
        "B,Girls,6\n";
    ic_error err;
    ic_chart *c = load(csv, NULL, &err);
    CHECK(c != NULL);
    if (!c)
        return;
    CHECK(ic_chart_facet_count(c) == 3);
    CHECK_STR(ic_chart_facet_value(c, 0), "B");
    CHECK_STR(ic_chart_facet_value(c, 1), "A");
    CHECK_STR(ic_chart_facet_value(c, 2), "C");
    CHECK(ic_chart_facet_value(c, 3) == NULL);
    /* each facet's values for Children, Adults, Girls (NAN: a gap) */
    static const double values[3][3] = { { 1, 3, 6 }, { 2, 5, NAN }, { 4, NAN, NAN } };
    for (size_t i = 0; i < 3; i++) {
        ic_chart *f = ic_chart_facet(c, i, &err);
        CHECK(f != NULL);
        if (!f)
            continue;
        CHECK(f->table->nrows == 3);
        int yi = ic_table_find(f->table, "share"), xi = ic_table_find(f->table, "group");
        CHECK(yi >= 0 && xi >= 0);
        for (size_t r = 0; yi >= 0 && xi >= 0 && r < 3 && f->table->nrows == 3; r++) {
            static const char *const groups[3] = { "Children", "Adults", "Girls" };
            CHECK_STR(ic_cell_text(&f->table->cols[xi], r), groups[r]);
            double v = f->table->cols[yi].value[r];
            CHECK(isnan(values[i][r]) ? isnan(v) && f->table->cols[yi].missing[r] : v == values[i][r]);
        }
        ic_chart_free(f);
    }
    ic_error e2 = { 0 };
    CHECK(ic_chart_facet(c, 3, &e2) == NULL && e2.code == IC_ERR_USAGE);
    ic_chart_free(c);
}

/* More distinct values than the 'facets' limit: refused at the "facet" key. */
static void test_limit(void)
{
    ic_buf b = IC_BUF_INIT;
    ic_buf_puts(&b, "country,group,share\n");
    for (int i = 0; i < 11; i++)
        ic_buf_printf(&b, "c%d,Children,%d\nc%d,Adults,%d\n", i, i, i, i);
    char *csv = ic_buf_take(&b);
    ic_limits lim;
    ic_limits_default(&lim);
    lim.facets = 10;
    ic_error err;
    ic_chart *c = load(csv, &lim, &err);
    CHECK(c == NULL);
    CHECK(err.code == IC_ERR_LIMIT && err.line == 4 && err.column == 12);
    CHECK_STR(err.message, "'facet': column 'country' has 11 distinct values, "
                           "more than the limit of 10 facet values (limit 'facets')");
    ic_chart_free(c);
    lim.facets = 11;
    c = load(csv, &lim, &err);
    CHECK(c != NULL && ic_chart_facet_count(c) == 11);
    ic_chart_free(c);
    free(csv);
}

/* Many values (the old search was quadratic): all found, in order. */
static void test_many(void)
{
    enum { N = 20000 };
    ic_buf b = IC_BUF_INIT;
    ic_buf_puts(&b, "country,group,share\n");
    for (int i = 0; i < N; i++)
        ic_buf_printf(&b, "v%d,Children,%d\nv%d,Adults,%d\n", (i * 7919) % N, i, (i * 7919) % N, i);
    char *csv = ic_buf_take(&b);
    ic_limits lim;
    ic_limits_default(&lim);
    lim.facets = N;
    ic_error err;
    ic_chart *c = load(csv, &lim, &err);
    free(csv);
    CHECK(c != NULL && ic_chart_facet_count(c) == N);
    if (c && ic_chart_facet_count(c) == N) {
        CHECK_STR(ic_chart_facet_value(c, 1), "v7919");
        CHECK_STR(ic_chart_facet_value(c, N - 1), "v12081");
        ic_chart *f = ic_chart_facet(c, N - 1, &err);
        CHECK(f != NULL && f->table->nrows == 2);
        ic_chart_free(f);
    }
    ic_chart_free(c);
}


/* The text of file `path` (NULL when it cannot be read). */
static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    ic_buf b = IC_BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        ic_buf_append(&b, chunk, n);
    fclose(f);
    return ic_buf_take(&b);
}

/* The example carousel (datasets/victims_by_age_sex_by_year.json) with
 * `extra` ("" or more keys, each starting with a comma) added to its spec,
 * loaded from the temporary directory with a copy of its CSV. */
static ic_chart *load_example(const char *extra, ic_error *err)
{
    char *spec = read_text(IC_SOURCE_DIR "/datasets/victims_by_age_sex_by_year.json");
    char *csv = read_text(IC_SOURCE_DIR "/datasets/victims_by_age_sex_by_year.csv");
    char *end = spec ? strrchr(spec, '}') : NULL;
    CHECK(end && csv);
    if (!end || !csv) {
        free(spec);
        free(csv);
        return NULL;
    }
    *end = '\0';
    ic_buf b = IC_BUF_INIT;
    ic_buf_printf(&b, "%s%s}\n", spec, extra);
    char *text = ic_buf_take(&b);
    write_file("spec.json", text);
    write_file("victims_by_age_sex_by_year.csv", csv);
    char *path = tmp_path("spec.json");
    memset(err, 0, sizeof *err);
    ic_chart *c = path ? ic_chart_load(path, err) : NULL;
    free(path);
    free(text);
    free(spec);
    free(csv);
    return c;
}

/* Every facet's scene (at most 8). Returns how many were laid out. */
static size_t lay_out_facets(const ic_chart *c, const ic_fonts *fonts, ic_scene **s)
{
    size_t n = ic_chart_facet_count(c);
    for (size_t i = 0; i < n && i < 8; i++) {
        ic_error err = {0};
        ic_chart *f = ic_chart_facet(c, i, &err);
        s[i] = f ? ic_chart_layout(f, fonts, &err) : NULL;
        CHECK(s[i] != NULL);
        ic_chart_free(f);
    }
    return n < 8 ? n : 8;
}

/* The first slice of a scene: its centre and radii say where the ring is. */
static const ic_mark *first_slice(const ic_scene *s)
{
    for (size_t i = 0; s && i < s->n; i++)
        if (s->marks[i].role == IC_ROLE_SLICE)
            return &s->marks[i];
    return NULL;
}

/* "facet_scale": "independent" lays each facet out as before facets shared
 * anything: the example carousel's scenes equal the references made with
 * the code before (tests/facets/). */
static void test_independent_unchanged(const ic_fonts *fonts)
{
    ic_error err;
    ic_chart *c = load_example(", \"facet_scale\": \"independent\"", &err);
    CHECK(c != NULL);
    if (!c) {
        fprintf(stderr, "  %s\n", err.message);
        return;
    }
    ic_scene *s[8] = {0};
    size_t n = lay_out_facets(c, fonts, s);
    CHECK(n == 4);
    for (size_t i = 0; i < n; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/tests/facets/victims_by_age_sex_independent-%s.txt", IC_SOURCE_DIR,
                 ic_chart_facet_value(c, i));
        char *want = read_text(path), *got = s[i] ? ic_scene_dump(s[i]) : NULL;
        CHECK(want && got && strcmp(want, got) == 0);
        free(want);
        free(got);
        ic_scene_free(s[i]);
    }
    ic_chart_free(c);
}

/* The carousel's donut stays put by default (shared) and moves with
 * "independent" (the issue measured up to 28 px). */
static void test_donut_stays(const ic_fonts *fonts)
{
    for (int independent = 0; independent < 2; independent++) {
        ic_error err;
        ic_chart *c = load_example(independent ? ", \"facet_scale\": \"independent\"" : "", &err);
        CHECK(c != NULL);
        if (!c)
            continue;
        ic_scene *s[8] = {0};
        size_t n = lay_out_facets(c, fonts, s);
        double moved = 0;
        const ic_mark *a = first_slice(s[0]);
        CHECK(a != NULL);
        for (size_t i = 1; a && i < n; i++) {
            const ic_mark *b = first_slice(s[i]);
            CHECK(b != NULL);
            if (b)
                moved = fmax(moved, fmax(fmax(fabs(a->x2 - b->x2), fabs(a->y2 - b->y2)), fabs(a->r - b->r)));
        }
        if (independent)
            CHECK(moved > 1);
        else
            CHECK(moved == 0);
        for (size_t i = 0; i < n; i++)
            ic_scene_free(s[i]);
        ic_chart_free(c);
    }
}

/* A facet holds what it shares: it may be laid out after its chart is
 * freed (the sanitizer build would see a use after free). */
static void test_facet_outlives_chart(const ic_fonts *fonts)
{
    ic_error err;
    ic_chart *c = load_example("", &err);
    ic_chart *f = c ? ic_chart_facet(c, 1, &err) : NULL;
    CHECK(f != NULL);
    ic_chart_free(c);
    ic_scene *s = f ? ic_chart_layout(f, fonts, &err) : NULL;
    CHECK(s != NULL && first_slice(s) != NULL);
    ic_scene_free(s);
    ic_chart_free(f);
}

/* Shared facets list categories in the order they first appear over the
 * whole table; independent ones in their own row order. */
static void test_category_order(void)
{
    const char *csv =
        "country,group,share\n"
        "A,Children,1\n"
        "A,Adults,2\n"
        "B,Girls,3\n"
        "B,Adults,4\n"
        "B,Children,5\n";
    ic_error err;
    ic_chart *c = load(csv, NULL, &err);
    CHECK(c != NULL && ic_chart_facet_count(c) == 2);
    ic_chart *f = c ? ic_chart_facet(c, 1, &err) : NULL;
    CHECK(f != NULL && f->table->nrows == 3);
    if (f && f->table->nrows == 3) {
        int x = ic_table_find(f->table, "group");
        CHECK_STR(ic_cell_text(&f->table->cols[x], 0), "Children");
        CHECK_STR(ic_cell_text(&f->table->cols[x], 1), "Adults");
        CHECK_STR(ic_cell_text(&f->table->cols[x], 2), "Girls");
    }
    ic_chart_free(f);
    ic_chart_free(c);
}

/* Shared facets of a long table keep every series, in the whole chart's
 * order, also one a facet has no rows of (its colour and legend place stay
 * the same in every panel); independent ones drop it. */
static void test_series_kept(void)
{
    const char *csv =
        "country,group,sex,share\n"
        "A,Children,Girls,1\n"
        "A,Children,Boys,2\n"
        "B,Children,Boys,3\n";
    for (int independent = 0; independent < 2; independent++) {
        ic_buf b = IC_BUF_INIT;
        ic_buf_printf(&b,
                      "{\"chart\": \"bar\", \"data\": \"data.csv\", \"facet\": \"country\", \"x\": \"group\",\n"
                      " \"series\": \"sex\", \"y\": \"share\", \"title\": \"In {facet}\", \"source\": \"test\"%s}\n",
                      independent ? ", \"facet_scale\": \"independent\"" : "");
        char *text = ic_buf_take(&b);
        write_file("spec.json", text);
        write_file("data.csv", csv);
        free(text);
        char *path = tmp_path("spec.json");
        ic_error err = {0};
        ic_chart *c = path ? ic_chart_load(path, &err) : NULL;
        free(path);
        CHECK(c != NULL && ic_chart_facet_count(c) == 2);
        ic_chart *f = c ? ic_chart_facet(c, 1, &err) : NULL;
        CHECK(f != NULL);
        if (f && independent) {
            CHECK(f->spec->ny == 1);
        } else if (f) {
            CHECK(f->spec->ny == 2);
            if (f->spec->ny == 2) {
                CHECK_STR(f->spec->y[0], "Girls");
                CHECK_STR(f->spec->y[1], "Boys");
            }
        }
        ic_chart_free(f);
        ic_chart_free(c);
    }
}

/* With "sort", shared facets order their categories by the totals over
 * all facets (Adults 2 + 40 = 42 before Children 30 + 5 = 35), each facet
 * alike, not by its own values. */
static void test_sorted_by_totals(void)
{
    const char *csv =
        "country,group,share\n"
        "A,Children,30\n"
        "A,Adults,2\n"
        "B,Children,5\n"
        "B,Adults,40\n";
    static const char sorted[] =
        "{\"chart\": \"bar\", \"data\": \"data.csv\", \"facet\": \"country\", \"x\": \"group\",\n"
        " \"y\": \"share\", \"sort\": \"descending\", \"title\": \"In {facet}\", \"source\": \"test\"}\n";
    write_file("spec.json", sorted);
    write_file("data.csv", csv);
    char *path = tmp_path("spec.json");
    ic_error err = {0};
    ic_chart *c = path ? ic_chart_load(path, &err) : NULL;
    free(path);
    CHECK(c != NULL && ic_chart_facet_count(c) == 2);
    for (size_t i = 0; c && i < 2; i++) {
        ic_chart *f = ic_chart_facet(c, i, &err);
        CHECK(f != NULL && f->table->nrows == 2);
        if (f && f->table->nrows == 2) {
            int x = ic_table_find(f->table, "group");
            CHECK_STR(ic_cell_text(&f->table->cols[x], 0), "Adults");
            CHECK_STR(ic_cell_text(&f->table->cols[x], 1), "Children");
        }
        ic_chart_free(f);
    }
    ic_chart_free(c);
}

static void cleanup(void)
{
    const char *names[] = { "spec.json", "data.csv", "victims_by_age_sex_by_year.csv" };
    for (size_t i = 0; i < 3; i++) {
        char *p = tmp_path(names[i]);
        if (p)
            unlink(p);
        free(p);
    }
    rmdir(tmpdir);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/ic-facets.XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    test_distinct_names();
    test_names_alone();
    test_rows();
    test_limit();
    test_many();
    test_category_order();
    test_sorted_by_totals();
    test_series_kept();
    ic_error err = {0};
    ic_fonts *fonts = ic_fonts_load(IC_SOURCE_DIR "/fonts", &err);
    CHECK(fonts != NULL);
    if (fonts) {
        test_independent_unchanged(fonts);
        test_donut_stays(fonts);
        test_facet_outlives_chart(fonts);
    }
    ic_fonts_free(fonts);
    cleanup();
    return CHECK_DONE();
}
