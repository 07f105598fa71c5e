/* SVG output: numbers are written short and rounded right, and every example
 * chart (light and dark) and a scene of every mark kind look the same
 * rasterised by rsvg-convert as drawn by the PNG path. Exits 77 (skipped)
 * when rsvg-convert is not installed, after the checks that do not need it. */
#include "check.h"
#include "xml_check.h"
#include "core/util.h"
#include "chart_fixture.h"
#include "charts/chart.h"
#include "output/write.h"

#include <cairo.h>
#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* cairo's PNG path places glyphs on a coarser grid than an SVG renderer
 * does, so glyph edges may move by up to a pixel. A pixel differs by how far
 * its value lies outside the range of the values within one pixel of it in
 * the other image (checked both ways: a line missing from either image is
 * found). Measured over the examples: no pixel differs by more than 64, at
 * most 0.044 % by more than 16, and the mean difference is below 0.95. Left
 * out text, a gridline or dashes, a wrong arc or opacity exceed these. */
#define BIG_DIFF 64
#define MAX_BIG_SHARE 0.0001   /* 0.01 % of the pixels */
#define FAINT_DIFF 16          /* a light gridline on white differs by ~20 */
#define MAX_FAINT_SHARE 0.0008
/* the plain mean absolute difference per channel (0-255), edges included */
#define MAX_MEAN_DIFF 1.5

/* The scene's SVG as a string (NULL on failure), text drawn as outlines:
 * this test checks the outline writer ("svg_text": "paths"); test_svg_text.c
 * checks real text. */
static char *svg_of(ic_scene *s)
{
    s->svg_text_paths = 1;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return NULL;
    ic_error err = {0};
    int rc = ic_write_svg_to(s, f, "test.svg", &err);
    fclose(f);
    if (rc != 0) {
        fprintf(stderr, "SVG failed: %s\n", err.message);
        free(text);
        return NULL;
    }
    size_t at = 0;
    const char *why = xml_well_formed(text, len, &at);
    CHECK(why == NULL); /* every SVG written here is well-formed XML */
    if (why)
        fprintf(stderr, "SVG is not well-formed XML at byte %zu: %s\n", at, why);
    return text;
}

/* ---- numbers ---- */

/* The x1 attribute of the first <line> (numbers are written there as they
 * are everywhere: 0.01 apart at most). */
static void check_number(const ic_fonts *fonts, double v, const char *want)
{
    ic_scene *s = ic_scene_new(100, 100, fonts);
    ic_scene_line(s, IC_ROLE_RULE, v, 1, 2, 3, 1, (ic_color){0, 0, 0, 1});
    char *svg = svg_of(s);
    char got[64] = "";
    const char *p = svg ? strstr(svg, "<line x1=\"") : NULL;
    if (p) {
        p += strlen("<line x1=\"");
        size_t n = strcspn(p, "\"");
        snprintf(got, sizeof got, "%.*s", (int)(n < 63 ? n : 63), p);
    }
    CHECK_STR(got, want);
    free(svg);
    ic_scene_free(s);
}

/* Random values: each written number is within 0.005 of the value, has at
 * most two decimals, no trailing zero or dot, and is never "-0". */
static void check_numbers_random(const ic_fonts *fonts)
{
    enum { N = 2000 };
    ic_scene *s = ic_scene_new(100, 100, fonts);
    double v[N];
    srand(7);
    for (int i = 0; i < N; i++) {
        double mag = i % 3 == 0 ? 1 : i % 3 == 1 ? 1000 : 1e7;
        v[i] = ((double)rand() / RAND_MAX - 0.5) * 2 * mag;
        if (i % 10 == 0)
            v[i] = round(v[i] * 100) / 100 + 0.005; /* near a tie */
        ic_scene_line(s, IC_ROLE_RULE, v[i], 0, 0, 0, 1, (ic_color){0, 0, 0, 1});
    }
    char *svg = svg_of(s);
    const char *p = svg;
    int bad = 0;
    for (int i = 0; i < N && p; i++) {
        p = strstr(p, "<line x1=\"");
        if (!p)
            break;
        p += strlen("<line x1=\"");
        size_t n = strcspn(p, "\"");
        char num[64];
        snprintf(num, sizeof num, "%.*s", (int)(n < 63 ? n : 63), p);
        const char *dot = strchr(num, '.');
        int ok = fabs(strtod(num, NULL) - v[i]) <= 0.005 + 1e-9 && strcmp(num, "-0") != 0;
        if (dot)
            ok = ok && strlen(dot + 1) >= 1 && strlen(dot + 1) <= 2 && num[n - 1] != '0';
        if (!ok && bad++ < 5)
            fprintf(stderr, "%.17g written as %s\n", v[i], num);
    }
    CHECK(p != NULL);
    CHECK(bad == 0);
    free(svg);
    ic_scene_free(s);
}

static void check_numbers(const ic_fonts *fonts)
{
    check_number(fonts, 0, "0");
    check_number(fonts, -0.0, "0");
    check_number(fonts, -0.001, "0");
    check_number(fonts, 0.004, "0");
    check_number(fonts, -0.006, "-0.01");
    check_number(fonts, 0.1, "0.1");
    check_number(fonts, 0.05, "0.05");
    check_number(fonts, 2.5, "2.5");
    check_number(fonts, 2.50001, "2.5");
    check_number(fonts, 3.999, "4");
    check_number(fonts, 1.005, "1"); /* really 1.00499999..., as printf rounds it */
    check_number(fonts, 1.0051, "1.01");
    check_number(fonts, 123456.789, "123456.79");
    check_number(fonts, -12.3456, "-12.35");
    check_number(fonts, -98765432.1, "-98765432.1");
    check_number(fonts, 1080, "1080");
    check_number(fonts, 1e12 + 0.25, "1000000000000.25");
    check_number(fonts, -4e15, "-4000000000000000");
    check_numbers_random(fonts);
}

/* ---- the document ---- */

static void check_document(const ic_fonts *fonts)
{
    ic_scene *s = ic_scene_new(640.5, 360, fonts);
    s->title = strdup("Girls & boys <38%>");
    s->desc = strdup("\"quoted\"");
    ic_scene_rect(s, IC_ROLE_BACKGROUND, 0, 0, 640.5, 360, (ic_color){1, 1, 1, 1});
    ic_scene_text(s, IC_ROLE_TITLE, "Hi there", IC_FONT_BOLD, 20, 10, 30, (ic_color){0.1, 0.2, 0.3, 0.5});
    char *svg = svg_of(s);
    CHECK(svg != NULL);
    if (svg) {
        CHECK(strstr(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
                          "width=\"640.5\" height=\"360\" viewBox=\"0 0 640.5 360\">\n"
                          "<title>Girls &amp; boys &lt;38%&gt;</title>\n<desc>&quot;quoted&quot;</desc>\n") != NULL);
        CHECK(strstr(svg, "<text") == NULL);                    /* outlines, not text */
        CHECK(strstr(svg, "<g fill=\"#1a334d\" fill-opacity=\"0.5\" transform=\"matrix(") != NULL);
        CHECK(strstr(svg, "<defs>\n<path id=\"g1-") != NULL);   /* Inter Bold is face 1 */
        CHECK(strstr(svg, "<use xlink:href=\"#g1-") != NULL);
        /* 7 inked glyphs, the space has none */
        int uses = 0;
        for (const char *p = svg; (p = strstr(p, "<use ")) != NULL; p++)
            uses++;
        CHECK(uses == 7);
        /* the same scene gives the same bytes */
        char *again = svg_of(s);
        CHECK(again && strcmp(svg, again) == 0);
        free(again);
    }
    free(svg);
    ic_scene_free(s);
}

/* ---- pixels ---- */

typedef struct image {
    cairo_surface_t *surface;
    const unsigned char *data;
    int w, h, stride, opaque;
} image;

static int image_load(image *im, const char *path)
{
    im->surface = cairo_image_surface_create_from_png(path);
    if (cairo_surface_status(im->surface))
        return -1;
    im->data = cairo_image_surface_get_data(im->surface);
    im->w = cairo_image_surface_get_width(im->surface);
    im->h = cairo_image_surface_get_height(im->surface);
    im->stride = cairo_image_surface_get_stride(im->surface);
    /* an opaque PNG loads as RGB24, whose top byte is undefined */
    im->opaque = cairo_image_surface_get_format(im->surface) == CAIRO_FORMAT_RGB24;
    return 0;
}

static uint32_t pixel(const image *im, int x, int y)
{
    uint32_t p = ((const uint32_t *)(const void *)(im->data + (size_t)y * im->stride))[x];
    return im->opaque ? p | 0xff000000u : p;
}

/* The largest difference of one channel. */
static int channel_diff(uint32_t a, uint32_t b)
{
    int worst = 0;
    for (int sh = 0; sh < 32; sh += 8) {
        int d = abs((int)((a >> sh) & 0xff) - (int)((b >> sh) & 0xff));
        if (d > worst)
            worst = d;
    }
    return worst;
}

/* How far pixel (x, y) of `a` lies outside the range of the pixels of `b`
 * at most one pixel away, in its worst channel: an edge moved by a fraction
 * of a pixel has values between those of its neighbours. */
static int outside_neighbours(const image *a, const image *b, int x, int y)
{
    uint32_t p = pixel(a, x, y);
    int lo[4] = {255, 255, 255, 255}, hi[4] = {0, 0, 0, 0};
    for (int ny = y - 1; ny <= y + 1; ny++)
        for (int nx = x - 1; nx <= x + 1; nx++) {
            if (nx < 0 || ny < 0 || nx >= b->w || ny >= b->h)
                continue;
            uint32_t q = pixel(b, nx, ny);
            for (int c = 0; c < 4; c++) {
                int v = (int)((q >> (8 * c)) & 0xff);
                lo[c] = v < lo[c] ? v : lo[c];
                hi[c] = v > hi[c] ? v : hi[c];
            }
        }
    int worst = 0;
    for (int c = 0; c < 4; c++) {
        int v = (int)((p >> (8 * c)) & 0xff);
        int d = v < lo[c] ? lo[c] - v : v > hi[c] ? v - hi[c] : 0;
        worst = d > worst ? d : worst;
    }
    return worst;
}

/* Compares two PNG files; 1 when they match within the limits. Else writes
 * `diff_path`: the PNG faded, pixels that differ much in red, a little in orange. */
static int images_match(const char *png_path, const char *svg_png_path, const char *diff_path, const char *what)
{
    image a = {0}, b = {0};
    cairo_surface_t *diff = NULL;
    unsigned char *dd = NULL;
    int ok = 0, ds = 0;
    if (image_load(&a, png_path) != 0 || image_load(&b, svg_png_path) != 0) {
        fprintf(stderr, "%s: cannot read %s or %s\n", what, png_path, svg_png_path);
        goto done;
    }
    if (a.w != b.w || a.h != b.h) {
        fprintf(stderr, "%s: the SVG is %dx%d, the PNG %dx%d\n", what, b.w, b.h, a.w, a.h);
        goto done;
    }
    diff = cairo_image_surface_create(CAIRO_FORMAT_RGB24, a.w, a.h);
    dd = cairo_image_surface_get_data(diff);
    ds = cairo_image_surface_get_stride(diff);
    long big = 0, faint = 0;
    double sum = 0;
    for (int y = 0; y < a.h; y++)
        for (int x = 0; x < a.w; x++) {
            uint32_t pa = pixel(&a, x, y), pb = pixel(&b, x, y);
            for (int sh = 0; sh < 32; sh += 8)
                sum += abs((int)((pa >> sh) & 0xff) - (int)((pb >> sh) & 0xff));
            int d = 0;
            if (channel_diff(pa, pb) > FAINT_DIFF) {
                int d1 = outside_neighbours(&a, &b, x, y), d2 = outside_neighbours(&b, &a, x, y);
                d = d1 > d2 ? d1 : d2;
            }
            big += d > BIG_DIFF;
            faint += d > FAINT_DIFF;
            uint32_t faded = 0xff000000u | (((pa & 0xfefefe) >> 1) + 0x7f7f7f);
            ((uint32_t *)(void *)(dd + (size_t)y * ds))[x] = d > BIG_DIFF     ? 0xffff0000u
                                                             : d > FAINT_DIFF ? 0xffffa000u
                                                                              : faded;
        }
    double npix = (double)a.w * a.h, mean = sum / (npix * 4);
    ok = big <= MAX_BIG_SHARE * npix && faint <= MAX_FAINT_SHARE * npix && mean < MAX_MEAN_DIFF;
    fprintf(stderr, "%s %s: %.3f%% of pixels differ by more than %d, %.3f%% by more than %d; mean difference %.3f\n",
            ok ? "ok" : "FAIL", what, 100 * big / npix, BIG_DIFF, 100 * faint / npix, FAINT_DIFF, mean);
    if (!ok) {
        cairo_surface_mark_dirty(diff);
        cairo_surface_write_to_png(diff, diff_path);
    }
done:
    cairo_surface_destroy(diff);
    cairo_surface_destroy(a.surface);
    cairo_surface_destroy(b.surface);
    return ok;
}

/* Renders `s` to PNG and to SVG, rasterises the SVG and compares. Files are
 * left in `dir` when they differ. */
static int renders_match(ic_scene *s, const char *dir, const char *name)
{
    char png[1200], svg[1200], svg_png[1200], diff[1200], cmd[4000];
    snprintf(png, sizeof png, "%s/%s.png", dir, name);
    snprintf(svg, sizeof svg, "%s/%s.svg", dir, name);
    snprintf(svg_png, sizeof svg_png, "%s/%s-svg.png", dir, name);
    snprintf(diff, sizeof diff, "%s/%s-diff.png", dir, name);
    s->scale = 1; /* rsvg-convert draws one pixel per unit */
    s->svg_text_paths = 1; /* librsvg has no web fonts: outlines (see svg_of) */
    ic_error err = {0};
    FILE *fp = fopen(png, "wb"), *fs = fopen(svg, "wb");
    int ok = fp && fs && ic_write_png_to(s, fp, png, &err) == 0 && ic_write_svg_to(s, fs, svg, &err) == 0;
    if (fp)
        fclose(fp);
    if (fs)
        fclose(fs);
    if (!ok) {
        fprintf(stderr, "%s: writing failed: %s\n", name, err.message);
        return 0;
    }
    size_t len = 0, at = 0;
    char *text = ic_read_file(svg, (size_t)64 << 20, &len, &err);
    const char *why = text ? xml_well_formed(text, len, &at) : "cannot read it";
    CHECK(why == NULL);
    if (why)
        fprintf(stderr, "%s: %s is not well-formed XML at byte %zu: %s\n", name, svg, at, why);
    free(text);
    snprintf(cmd, sizeof cmd, "rsvg-convert -o '%s' '%s'", svg_png, svg);
    if (system(cmd) != 0) {
        fprintf(stderr, "%s: rsvg-convert failed on %s\n", name, svg);
        return 0;
    }
    ok = images_match(png, svg_png, diff, name);
    if (ok) {
        remove(png);
        remove(svg);
        remove(svg_png);
    }
    return ok;
}

/* Every mark kind, with the cases that are easy to get wrong: arcs across
 * 12 o'clock, a full ring, a pie slice, dashes, a rectangle of negative
 * width, a stroked path, translucent paint. */
static void check_shapes(const ic_fonts *fonts, const char *dir)
{
    ic_scene *s = ic_scene_new(400, 300, fonts);
    ic_color blue = {0.1, 0.4, 0.7, 1}, orange = {0.9, 0.6, 0, 1}, grey = {0.3, 0.3, 0.3, 1};
    ic_scene_rect(s, IC_ROLE_BACKGROUND, 0, 0, 400, 300, (ic_color){1, 1, 1, 1});
    ic_scene_rect(s, IC_ROLE_BAR, 390, 10, -60, 30, orange);             /* negative width */
    ic_scene_arc(s, IC_ROLE_SLICE, 70, 70, 30, 60, 300, 60, blue);        /* across 12 o'clock */
    ic_scene_arc(s, IC_ROLE_SLICE, 70, 70, 30, 60, 100, 200, orange);
    ic_scene_arc(s, IC_ROLE_SLICE, 200, 70, 0, 60, 20, 250, blue);         /* a pie slice, over half */
    ic_scene_arc(s, IC_ROLE_SLICE, 330, 200, 40, 55, 0, 360, orange);      /* a full ring */
    ic_scene_circle(s, IC_ROLE_MARKER, 330, 200, 20, (ic_color){0.1, 0.4, 0.7, 0.5});
    ic_mark *m = ic_scene_line(s, IC_ROLE_REFERENCE, 20, 160, 380, 160, 3, grey);
    m->dashed = 1;
    double pts[] = {20, 280, 80, 200, 140, 260, 200, 190};
    m = ic_scene_polyline(s, IC_ROLE_LINE, pts, 4, 4, blue);
    m->dashed = 1;
    ic_path_op ops[] = {IC_PATH_MOVE, IC_PATH_CURVE, IC_PATH_LINE, IC_PATH_CLOSE};
    double cpts[] = {220, 280, 240, 180, 300, 300, 260, 220, 220, 220};
    ic_scene_path(s, IC_ROLE_AREA, ops, 4, cpts, 5, 0, (ic_color){0.9, 0.6, 0, 0.6});
    ic_scene_text(s, IC_ROLE_TITLE, "Shapes 38%", IC_FONT_BOLD, 24, 20, 130, grey);
    CHECK(renders_match(s, dir, "shapes"));
    ic_scene_free(s);
}

static void check_examples(const ic_fonts *fonts, const char *dir)
{
    DIR *d = opendir(IC_SOURCE_DIR "/datasets");
    CHECK(d != NULL);
    struct dirent *e;
    int nspecs = 0;
    while (d && (e = readdir(d)) != NULL) {
        if (!fixture_is_spec(e->d_name))
            continue;
        char path[1024];
        ic_error err = {0};
        ic_chart *chart = fixture_example(e->d_name, path, sizeof path, &err);
        CHECK(chart != NULL);
        if (!chart) {
            fprintf(stderr, "%s: %s\n", path, err.message);
            continue;
        }
        for (int dark = 0; dark < 2; dark++) {
            char name[512];
            snprintf(name, sizeof name, "%.*s%s", (int)(strlen(e->d_name) - 5), e->d_name, dark ? "-dark" : "");
            chart->spec->theme_dark = dark;
            ic_scene *s = ic_chart_layout(chart, fonts, &err);
            CHECK(s != NULL);
            if (s)
                CHECK(renders_match(s, dir, name));
            ic_scene_free(s);
        }
        nspecs++;
        ic_chart_free(chart);
    }
    if (d)
        closedir(d);
    CHECK(nspecs >= 10);
}

int main(void)
{
    ic_error err = {0};
    ic_fonts *fonts = ic_fonts_load(IC_SOURCE_DIR "/fonts", &err);
    CHECK(fonts != NULL);
    if (!fonts)
        return CHECK_DONE();
    check_numbers(fonts);
    check_document(fonts);
    if (system("command -v rsvg-convert >/dev/null 2>&1") != 0) {
        fprintf(stderr, "SKIP: rsvg-convert is not installed (librsvg2-bin); SVG renders not compared\n");
        ic_fonts_free(fonts);
        int rc = CHECK_DONE();
        return rc ? rc : 77;
    }
    char dir[] = "/tmp/ic-test-svg-XXXXXX";
    const char *tmp = getenv("TMPDIR");
    char dirbuf[1024];
    snprintf(dirbuf, sizeof dirbuf, "%s/ic-test-svg-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    char *made = mkdtemp(dirbuf);
    if (!made)
        made = mkdtemp(dir);
    CHECK(made != NULL);
    if (made) {
        check_shapes(fonts, made);
        check_examples(fonts, made);
        if (rmdir(made) != 0)
            fprintf(stderr, "renders that differ are left in %s\n", made);
    }
    ic_fonts_free(fonts);
    return CHECK_DONE();
}
