/* libFuzzer target: the whole pipeline with the fuzzer's bytes as the spec.
 *
 * Once per process: a temporary directory (mkdtemp) holding a few fixed CSV
 * files (below) and big.csv (made by big_csv: labels and facet values over
 * 4 KB, 305 columns), and the bundled fonts (IC_SOURCE_DIR "/fonts").
 * Per input: the bytes are written to <dir>/spec.json; ic_chart_load reads and
 * validates spec and data; ic_chart_layout builds the scene (for a faceted
 * spec: the charts of its first and last facet values); the scene is
 * replayed with ic_scene_render_cairo onto a 64x64 image surface, scaled down
 * with cairo_scale so memory stays small whatever the canvas size. No files
 * are written besides the spec.
 *
 * Inputs whose "data" is not a plain file name inside the temporary directory
 * are skipped (pre-checked with ic_spec_parse), so the target never reads
 * arbitrary files such as /dev/stdin.
 *
 * Checked (a failed check is __builtin_trap, so libFuzzer saves the input):
 *   - no crash, sanitizer report or leak in load, layout or render;
 *   - a failed load or layout sets an error code;
 *   - the scene's canvas is 100..10000 units a side; every mark's coordinates,
 *     sizes, radii, angles, path points and glyph positions are finite (a NaN
 *     or infinity would reach cairo), and a path's operations take no more
 *     points than it has;
 *   - rendering a scene that layout accepted succeeds and leaves cairo without
 *     an error status. */
#include "core/buf.h"
#include "infochart.h"
#include "scene/scene.h"
#include "spec/spec.h"

#include <cairo.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_check.h"

/* The data a spec may name. Chosen to reach many layout paths: text, numbers
 * with grouping and %, negatives, gaps, years, dates, a single zero row, RTL
 * and CJK text, a ';' file, long labels and many rows. */
static const struct { const char *name, *text; } files[] = {
    {"data.csv",
     "group,share_pct,count,change,data_year,day,code\n"
     "Women,39,\"27,600,000\",-4.5,2004,2024-01-31,0042\n"
     "Men,23,3300000,12,2014,2024-02,0043\n"
     "Girls,22%,NA,0,2016,,\n"
     "Boys,16,1e6,38,2018,2024-03-31,0044\n"},
    {"one.csv", "x,y\nOnly,0\n"},
    {"semi.csv",
     "name;value;other\n"
     "\xd8\xa7\xd9\x84\xd8\xa3\xd8\xb7\xd9\x81\xd8\xa7\xd9\x84;3300000;-1\n"
     "Adults \xe6\x88\x90\xe4\xba\xba;-24300000;n/a\n"
     "\"Quoted; with \"\"quotes\"\"\";0.001;2\n"},
    {"long.csv",
     "label,a,b,c\n"
     "A very long category label that will certainly need to wrap across several lines,1,2,3\n"
     "Short,1000000000000,-1000000000000,0.000001\n"
     "Mid-length label / with slashes-and-dashes,-,5,6\n"
     "\xef\xbc\xa1\xef\xbc\xa2\xef\xbc\xa3,7,8,9\n"
     "E,10,11,12\nF,13,14,15\nG,16,17,18\nH,19,20,21\nI,22,23,24\nJ,25,26,27\n"
     "K,28,29,30\nL,31,32,33\nM,34,35,36\nN,37,38,39\nO,40,41,42\nP,43,44,45\n"},
};

/* big.csv, made at start-up: what the fixed files above lack and the SVG
 * <desc> overflow (issue 9) needed: labels over 4 KB, long facet values,
 * many columns, many facet values. Columns: label (each row's label is
 * BIG_LABEL bytes of words), value, share, group (BIG_GROUPS values, two of
 * them over 4 KB), year (BIG_YEARS values), then c1..cBIG_EXTRA. */
enum { BIG_ROWS = 24, BIG_LABEL = 5000, BIG_GROUPS = 6, BIG_YEARS = 12, BIG_EXTRA = 300 };

static char *big_csv(void)
{
    ic_buf b = IC_BUF_INIT;
    ic_buf_puts(&b, "label,value,share,group,year");
    for (int c = 1; c <= BIG_EXTRA; c++)
        ic_buf_printf(&b, ",c%d", c);
    ic_buf_puts(&b, "\n");
    for (int r = 0; r < BIG_ROWS; r++) {
        /* the label: "Row r " then words, different in every row */
        ic_buf_printf(&b, "Row %d ", r);
        for (int k = 0; k < BIG_LABEL - 12; k++) {
            char ch = k % 7 == 6 ? ' ' : (char)('a' + (k + r) % 26);
            ic_buf_append(&b, &ch, 1);
        }
        ic_buf_printf(&b, ",%d,%d%%,", (r * 37) % 101 - 20, r * 4);
        if (r % BIG_GROUPS < 2) { /* two groups with values over 4 KB */
            ic_buf_printf(&b, "Group %d ", r % BIG_GROUPS);
            for (int k = 0; k < 4200; k++)
                ic_buf_puts(&b, r % BIG_GROUPS ? "y" : "x");
        } else {
            ic_buf_printf(&b, "g/%d", r % BIG_GROUPS);
        }
        ic_buf_printf(&b, ",%d", 2000 + r % BIG_YEARS);
        for (int c = 1; c <= BIG_EXTRA; c++)
            ic_buf_printf(&b, ",%d", (r + c) % 1000);
        ic_buf_puts(&b, "\n");
    }
    return ic_buf_take(&b);
}

static char g_dir[PATH_MAX];
static int g_verbose; /* IC_FUZZ_VERBOSE=1: print why inputs stop early (for checking seeds) */
static char g_spec[PATH_MAX];
static ic_fonts *g_fonts;

static void cleanup(void)
{
    char path[PATH_MAX + 64];
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", g_dir, files[i].name);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/big.csv", g_dir);
    unlink(path);
    unlink(g_spec);
    rmdir(g_dir);
    ic_fonts_free(g_fonts);
    g_fonts = NULL;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_temp_dir(g_dir, sizeof g_dir, "render");
    snprintf(g_spec, sizeof g_spec, "%s/spec.json", g_dir);
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[PATH_MAX + 64];
        snprintf(path, sizeof path, "%s/%s", g_dir, files[i].name);
        if (fuzz_write_file(path, files[i].text, strlen(files[i].text)) != 0) {
            perror("fuzz_render: writing the data files");
            abort();
        }
    }
    char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/big.csv", g_dir);
    char *big = big_csv();
    if (!big || fuzz_write_file(path, big, strlen(big)) != 0) {
        perror("fuzz_render: writing big.csv");
        abort();
    }
    free(big);
    ic_error err;
    memset(&err, 0, sizeof err);
    g_fonts = ic_fonts_load(IC_SOURCE_DIR "/fonts", &err);
    if (!g_fonts) {
        char buf[2200];
        fprintf(stderr, "fuzz_render: %s\n", ic_error_format(&err, buf, sizeof buf));
        abort();
    }
    g_verbose = getenv("IC_FUZZ_VERBOSE") != NULL;
    atexit(cleanup);
    return 0;
}

/* 1 when the spec's data path is a plain name inside the temporary directory. */
static int data_is_ours(const char *data)
{
    size_t n = strlen(g_dir);
    return data && strncmp(data, g_dir, n) == 0 && data[n] == '/' && data[n + 1] &&
           !strchr(data + n + 1, '/') && strcmp(data + n + 1, "..") != 0 &&
           strcmp(data + n + 1, ".") != 0;
}

static void note(const char *stage, const ic_error *err)
{
    if (g_verbose) {
        char buf[2200];
        fprintf(stderr, "fuzz_render: %s: %s\n", stage, ic_error_format(err, buf, sizeof buf));
    }
}

static void check_scene(const ic_scene *s)
{
    CHECK(isfinite(s->width) && isfinite(s->height) && s->width >= 100 && s->height >= 100 &&
          s->width <= 10000 && s->height <= 10000);
    for (size_t i = 0; i < s->n; i++) {
        const ic_mark *m = &s->marks[i];
        CHECK(isfinite(m->x) && isfinite(m->y) && isfinite(m->w) && isfinite(m->h));
        CHECK(isfinite(m->x2) && isfinite(m->y2) && isfinite(m->width));
        CHECK(isfinite(m->r) && isfinite(m->r0) && isfinite(m->a0) && isfinite(m->a1));
        if (m->kind == IC_MARK_PATH) {
            size_t need = 0; /* points the operations take, in order */
            for (size_t k = 0; k < m->nops; k++) {
                CHECK(m->ops[k] == IC_PATH_MOVE || m->ops[k] == IC_PATH_LINE ||
                      m->ops[k] == IC_PATH_CURVE || m->ops[k] == IC_PATH_CLOSE);
                need += m->ops[k] == IC_PATH_CURVE ? 3 : m->ops[k] == IC_PATH_CLOSE ? 0 : 1;
            }
            CHECK(need <= m->npts);
            for (size_t k = 0; k < 2 * m->npts; k++)
                CHECK(isfinite(m->pts[k]));
        }
        CHECK(isfinite(m->color.r) && isfinite(m->color.g) && isfinite(m->color.b) &&
              isfinite(m->color.a));
        if (m->kind == IC_MARK_TEXT) {
            CHECK(m->text);
            CHECK(isfinite(m->size) && m->size > 0 && isfinite(m->bx) && isfinite(m->by));
            CHECK(isfinite(m->shaped.width));
            for (size_t g = 0; g < m->shaped.n; g++)
                CHECK(isfinite(m->shaped.x[g]) && isfinite(m->shaped.y[g]));
        }
    }
}

static void render_small(const ic_scene *scene)
{
    cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 64, 64);
    CHECK(cairo_surface_status(surf) == CAIRO_STATUS_SUCCESS);
    cairo_t *cr = cairo_create(surf);
    cairo_scale(cr, 64.0 / ic_scene_width(scene), 64.0 / ic_scene_height(scene));
    ic_error err;
    memset(&err, 0, sizeof err);
    int rc = ic_scene_render_cairo(scene, cr, &err);
    if (rc != 0) {
        char buf[2200];
        fprintf(stderr, "fuzz_render: render failed: %s\n", ic_error_format(&err, buf, sizeof buf));
    }
    CHECK(rc == 0);
    CHECK(cairo_status(cr) == CAIRO_STATUS_SUCCESS);
    cairo_destroy(cr);
    cairo_surface_destroy(surf);
}

/* Lays the chart out and draws it (when layout accepts it). */
static void draw(const ic_chart *chart)
{
    ic_error err;
    memset(&err, 0, sizeof err);
    ic_scene *scene = ic_chart_layout(chart, g_fonts, &err);
    if (!scene) {
        note("layout", &err);
        CHECK(err.code != IC_OK);
        return;
    }
    CHECK(err.code == IC_OK);
    check_scene(scene);
    render_small(scene);
    if (g_verbose)
        fprintf(stderr, "fuzz_render: rendered %zu marks on %gx%g\n", scene->n, scene->width, scene->height);
    ic_scene_free(scene);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ic_error err;
    memset(&err, 0, sizeof err);

    /* cheap pre-check: only specs that parse and name one of our files */
    ic_spec *pre = ic_spec_parse((const char *)data, size, g_spec, &err);
    if (!pre) {
        note("spec", &err);
        return 0;
    }
    int ours = data_is_ours(pre->data);
    if (!ours && g_verbose)
        fprintf(stderr, "fuzz_render: skipped: data '%s' is not in %s\n", pre->data, g_dir);
    ic_spec_free(pre);
    if (!ours)
        return 0;

    if (fuzz_write_file(g_spec, data, size) != 0) {
        perror("fuzz_render: writing the spec");
        abort();
    }
    memset(&err, 0, sizeof err);
    ic_chart *chart = ic_chart_load(g_spec, &err);
    if (!chart) {
        note("load", &err);
        CHECK(err.code != IC_OK);
        return 0;
    }
    CHECK(err.code == IC_OK);
    size_t nfacets = ic_chart_facet_count(chart);
    if (nfacets == 0) {
        draw(chart);
    } else {
        /* a faceted spec: the charts of its first and last values */
        size_t pick[2] = {0, nfacets - 1};
        for (int k = 0; k < (nfacets > 1 ? 2 : 1); k++) {
            size_t i = pick[k];
            CHECK(ic_chart_facet_value(chart, i));
            memset(&err, 0, sizeof err);
            ic_chart *one = ic_chart_facet(chart, i, &err);
            if (!one) {
                note("facet", &err);
                CHECK(err.code != IC_OK);
                continue;
            }
            draw(one);
            ic_chart_free(one);
        }
    }
    ic_chart_free(chart);
    return 0;
}
