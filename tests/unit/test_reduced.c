/* Reduced reading of a line chart's CSV (data/reduce.h): the rows kept are
 * those of the M4 buckets; the drawn line has the same extremes per pixel
 * column as from every row; a non-increasing x reads every row; error
 * positions of kept rows name their CSV lines. */
#include "check.h"
#include "charts/registry.h"
#include "core/buf.h"
#include "data/reduce.h"
#include "data/table.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static ic_fonts *fonts;
static uint64_t rng = 88172645463325252ull;

static double uniform(void) /* xorshift64, [0, 1) */
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0;
}

/* A random increasing x (integers, random steps) and ny random walks with
 * gaps (empty cells), `n` rows. */
static char *random_csv(size_t n, size_t ny, double gap_rate)
{
    ic_buf b = IC_BUF_INIT;
    ic_buf_puts(&b, "x");
    for (size_t k = 0; k < ny; k++)
        ic_buf_printf(&b, ",y%zu", k);
    ic_buf_puts(&b, "\n");
    long x = (long)(uniform() * 1000);
    double y[4] = {50, 50, 50, 50};
    for (size_t i = 0; i < n; i++) {
        x += 1 + (long)(uniform() * uniform() * 20);
        ic_buf_printf(&b, "%ld", x);
        for (size_t k = 0; k < ny; k++) {
            y[k] += uniform() * 2 - 1 + (uniform() < 0.0005 ? uniform() * 60 - 30 : 0);
            if (uniform() < gap_rate)
                ic_buf_puts(&b, ",");
            else
                ic_buf_printf(&b, ",%.3f", y[k]);
        }
        ic_buf_puts(&b, "\n");
    }
    return ic_buf_take(&b);
}

/* ic_reduce_rows on a grid given in advance: every bucket's first, last,
 * lowest and highest row (of each y) and every gap with its neighbours are
 * kept, in order. */
static void test_buckets(void)
{
    for (int round = 0; round < 20; round++) {
        size_t n = 2000 + (size_t)(uniform() * 20000), ny = 1 + (size_t)(uniform() * 3);
        char *csv = random_csv(n, ny, uniform() < 0.5 ? 0.002 : 0);
        ic_error err = {0};
        ic_table *full = ic_table_parse(csv, strlen(csv), "t.csv", NULL, &err);
        ic_table *t = ic_table_parse(csv, strlen(csv), "t.csv", NULL, &err);
        CHECK(full && t && t->nrows == n);
        if (!full || !t) {
            free(csv);
            continue;
        }
        t->source_rows = malloc(n * sizeof *t->source_rows);
        for (size_t i = 0; i < n; i++)
            t->source_rows[i] = i;
        size_t ycols[3] = {1, 2, 3};
        const double *x = full->cols[0].value;
        size_t buckets = 10 + (size_t)(uniform() * 500);
        ic_reducer r = {.xcol = 0, .ycols = ycols, .ny = ny, .buckets = buckets,
                        .x0 = x[0], .w = (x[n - 1] - x[0]) / (double)buckets};
        size_t m = ic_reduce_rows(&r, t);
        CHECK(m != SIZE_MAX && m == t->nrows && m <= n);
        unsigned char *kept = calloc(n, 1);
        for (size_t i = 0; i < m; i++) {
            kept[t->source_rows[i]] = 1;
            CHECK(i == 0 || t->source_rows[i] > t->source_rows[i - 1]);
            for (size_t j = 0; j <= ny; j++) /* the rows' cells moved with them */
                CHECK(t->cols[j].value[i] == full->cols[j].value[t->source_rows[i]] ||
                      (isnan(t->cols[j].value[i]) && isnan(full->cols[j].value[t->source_rows[i]])));
        }
        CHECK(kept[0] && kept[n - 1]);
        int ok = 1;
        for (size_t i = 0; i < n;) {
            double b = floor((x[i] - r.x0) / r.w);
            size_t j = i;
            while (j < n && floor((x[j] - r.x0) / r.w) == b)
                j++;
            ok &= kept[i] && kept[j - 1];
            for (size_t s = 0; s < ny; s++) {
                const double *v = full->cols[1 + s].value;
                double lo = INFINITY, hi = -INFINITY, klo = INFINITY, khi = -INFINITY;
                for (size_t k = i; k < j; k++) {
                    if (isnan(v[k])) {
                        ok &= kept[k] && (k == 0 || kept[k - 1]) && (k + 1 == n || kept[k + 1]);
                        continue;
                    }
                    lo = fmin(lo, v[k]), hi = fmax(hi, v[k]);
                    if (kept[k])
                        klo = fmin(klo, v[k]), khi = fmax(khi, v[k]);
                }
                ok &= lo == klo && hi == khi;
            }
            i = j;
        }
        CHECK(ok);
        free(kept);
        ic_table_free(full);
        ic_table_free(t);
        free(csv);
    }
}

typedef struct chart { ic_spec *spec; ic_table *table; ic_scene *scene; } chart;

static void chart_free(chart *c)
{
    ic_scene_free(c->scene);
    ic_spec_free(c->spec);
    ic_table_free(c->table);
    memset(c, 0, sizeof *c);
}

/* Lays out a line chart of `csv`, read whole or reduced (4 buckets per
 * device pixel, thinned from 65,536 rows on: ic_chart_load asks for more). Returns 0 or -1. */
static int lay(chart *c, const char *csv, size_t ny, int width, double scale, int reduced, ic_error *err)
{
    char json[1024];
    snprintf(json, sizeof json, "{\"chart\": \"line\", \"data\": \"t.csv\", \"title\": \"T\", \"source\": \"S\", "
             "\"x\": \"x\", \"y\": [%s], \"size\": \"%dx%d\", \"scale\": %g, \"markers\": false}",
             ny == 1 ? "\"y0\"" : ny == 2 ? "\"y0\", \"y1\"" : "\"y0\", \"y1\", \"y2\"", width, width * 9 / 16, scale);
    memset(c, 0, sizeof *c);
    c->spec = ic_spec_parse(json, strlen(json), "t.json", err);
    if (!c->spec)
        return -1;
    ic_reduce_options r = {.x = "x", .y = (const char *const *)c->spec->y, .ny = ny,
                           .buckets = 4 * (size_t)ceil(width * scale)};
    ic_csv_options opt = {.reduce = reduced ? &r : NULL};
    c->table = ic_table_parse(csv, strlen(csv), "t.csv", &opt, err);
    if (!c->table || ic_spec_check_columns(c->spec, c->table, err) != 0 ||
        ic_line_validate(c->spec, c->table, err) != 0)
        return -1;
    c->scene = ic_scene_new(c->spec->width, c->spec->height, fonts);
    if (c->scene)
        c->scene->scale = scale; /* the line is decimated per device pixel */
    ic_layout L;
    if (!c->scene || ic_layout_init(&L, c->spec, c->table, c->scene, err) != 0)
        return -1;
    return ic_line_layout(&L);
}

/* Where the line starts: its first point, at the plot's left edge. */
static double first_x(const ic_scene *sc)
{
    double x = INFINITY;
    for (size_t i = 0; i < sc->n; i++)
        if (sc->marks[i].role == IC_ROLE_LINE && sc->marks[i].kind == IC_MARK_PATH && sc->marks[i].npts)
            x = fmin(x, sc->marks[i].pts[0]);
    return x;
}

static double last_x(const ic_scene *sc)
{
    double x = -INFINITY;
    for (size_t i = 0; i < sc->n; i++)
        if (sc->marks[i].role == IC_ROLE_LINE && sc->marks[i].kind == IC_MARK_PATH && sc->marks[i].npts)
            x = fmax(x, sc->marks[i].pts[2 * sc->marks[i].npts - 2]);
    return x;
}

/* Lowest and highest y of series s's drawn line points per device pixel
 * column (cols of them). */
static void extremes(const ic_scene *sc, int s, double x0, double scale, size_t cols, double *lo, double *hi)
{
    for (size_t k = 0; k < cols; k++)
        lo[k] = INFINITY, hi[k] = -INFINITY;
    for (size_t i = 0; i < sc->n; i++) {
        const ic_mark *m = &sc->marks[i];
        if (m->role != IC_ROLE_LINE || m->series != s || m->kind != IC_MARK_PATH)
            continue;
        for (size_t p = 0; p < m->npts; p++) {
            double px = floor((m->pts[2 * p] - x0) * scale);
            if (px < 0 || px >= (double)cols)
                continue;
            size_t k = (size_t)px;
            lo[k] = fmin(lo[k], m->pts[2 * p + 1]);
            hi[k] = fmax(hi[k], m->pts[2 * p + 1]);
        }
    }
}

/* The same chart read whole and reduced: the same first and last point, and
 * per device pixel column (as the line's M4 counts them, from its first
 * point) the reduced line's extremes lie within the full line's (its points
 * are some of the same points), while the full line's extremes
 * are reached by the reduced one in that column or a neighbour (a bucket,
 * a quarter pixel wide, may straddle two columns and keep its extreme in
 * the other one). */
static void test_lines(void)
{
    for (int round = 0; round < 8; round++) {
        size_t n = 150000 + (size_t)(uniform() * 100000), ny = 1 + (size_t)(uniform() * 2);
        int width = 200 + (int)(uniform() * 400);
        double scale = uniform() < 0.5 ? 1 : 2;
        char *csv = random_csv(n, ny, round % 2 ? 0.001 : 0);
        ic_error err = {0};
        chart full, red;
        int a = lay(&full, csv, ny, width, scale, 0, &err);
        int b = lay(&red, csv, ny, width, scale, 1, &err);
        CHECK(a == 0 && b == 0);
        if (a == 0 && b == 0) {
            CHECK(red.table->nrows < full.table->nrows / 2 && red.table->rows_read == n);
            CHECK(full.table->rows_read == n);
            CHECK(red.table->source_rows[0] == 0 && red.table->source_rows[red.table->nrows - 1] == n - 1);
            size_t cols = (size_t)ceil(width * scale) + 1;
            double *flo = malloc(4 * cols * sizeof *flo), *fhi = flo + cols, *rlo = fhi + cols, *rhi = rlo + cols;
            for (size_t s = 0; s < ny; s++) {
                double x0 = first_x(full.scene);
                CHECK(x0 == first_x(red.scene) && last_x(full.scene) == last_x(red.scene));
                extremes(full.scene, (int)s, x0, scale, cols, flo, fhi);
                extremes(red.scene, (int)s, x0, scale, cols, rlo, rhi);
                int inside = 1, reached = 1;
                for (size_t k = 0; k < cols; k++) {
                    if (isinf(rlo[k]))
                        continue;
                    double lo = flo[k], hi = fhi[k];
                    if (inside && !(rlo[k] >= lo - 1e-9 && rhi[k] <= hi + 1e-9))
                        fprintf(stderr, "round %d n %zu kept %zu col %zu: full %g..%g reduced %g..%g\n", round, n,
                                red.table->nrows, k, flo[k], fhi[k], rlo[k], rhi[k]);
                    inside &= rlo[k] >= lo - 1e-9 && rhi[k] <= hi + 1e-9;
                }
                for (size_t k = 0; k < cols; k++) {
                    if (isinf(flo[k]))
                        continue;
                    double lo = INFINITY, hi = -INFINITY;
                    for (size_t d = k ? k - 1 : 0; d <= k + 1 && d < cols; d++)
                        lo = fmin(lo, rlo[d]), hi = fmax(hi, rhi[d]);
                    if (reached && !(lo <= flo[k] + 1e-9 && hi >= fhi[k] - 1e-9))
                        fprintf(stderr, "round %d col %zu of %zu: full %g..%g reduced near %g..%g\n", round, k, cols,
                                flo[k], fhi[k], lo, hi);
                    reached &= lo <= flo[k] + 1e-9 && hi >= fhi[k] - 1e-9;
                }
                CHECK(inside);
                CHECK(reached);
            }
            free(flo);
        } else {
            fprintf(stderr, "%s\n", err.message);
        }
        chart_free(&full);
        chart_free(&red);
        free(csv);
    }
}

/* An x that goes back (or repeats) reads every row, as without reduction. */
static void test_fallback(void)
{
    char *csv = random_csv(150000, 1, 0.001);
    /* row 120,000's x written again on row 120,001 (its line is 120,003) */
    char *line = csv;
    for (int k = 0; k < 120002; k++)
        line = strchr(line, '\n') + 1;
    char *next = strchr(line, '\n') + 1;
    size_t xl = strcspn(line, ","), nl = strcspn(next, ",");
    if (nl >= xl) { /* the next x is as long: write this one over it */
        memset(next, '0', nl - xl);
        memcpy(next + (nl - xl), line, xl);
    }
    ic_error err = {0};
    const char *y[] = {"y0"};
    ic_reduce_options r = {.x = "x", .y = y, .ny = 1, .buckets = 4800};
    ic_csv_options opt = {.reduce = &r};
    ic_table *a = ic_table_parse(csv, strlen(csv), "t.csv", NULL, &err);
    ic_table *b = ic_table_parse(csv, strlen(csv), "t.csv", &opt, &err);
    CHECK(a && b && a->nrows == 150000 && b->nrows == 150000 && !b->source_rows && b->rows_read == 150000);
    for (size_t i = 0; a && b && i < a->nrows; i++)
        if (!(a->cols[1].value[i] == b->cols[1].value[i] || (isnan(a->cols[1].value[i]) &&
                                                             isnan(b->cols[1].value[i])))) {
            CHECK(0);
            break;
        }
    ic_table_free(a);
    ic_table_free(b);
    free(csv);
}

/* The cell of a kept row is found on its own CSV line (row k on line k + 2). */
static void test_positions(void)
{
    char *csv = random_csv(100000, 2, 0.001);
    ic_error err = {0};
    const char *y[] = {"y0", "y1"};
    ic_reduce_options r = {.x = "x", .y = y, .ny = 2, .buckets = 2000};
    ic_csv_options opt = {.reduce = &r};
    ic_table *t = ic_table_parse(csv, strlen(csv), "t.csv", &opt, &err);
    CHECK(t && t->source_rows && t->nrows < 100000);
    for (int k = 0; t && k < 12; k++) {
        size_t i = k == 0 ? t->nrows - 1 : (size_t)(uniform() * (double)t->nrows);
        ic_cell_pos p = ic_cell_position(&t->cols[2], i);
        CHECK(p.line == (int)t->source_rows[i] + 2);
        /* column 3: after x and y0 */
        const char *l = csv;
        for (int n = 1; n < p.line; n++)
            l = strchr(l, '\n') + 1;
        size_t c1 = strcspn(l, ",") + 1;
        c1 += strcspn(l + c1, ",") + 1;
        CHECK(p.col == (int)c1 + 1);
    }
    ic_table_free(t);
    free(csv);
}

int main(void)
{
    ic_error err = {0};
    fonts = ic_fonts_load(IC_SOURCE_DIR "/fonts", &err);
    CHECK(fonts != NULL);
    if (!fonts)
        return CHECK_DONE();
    test_buckets();
    test_lines();
    test_fallback();
    test_positions();
    ic_fonts_free(fonts);
    return CHECK_DONE();
}
