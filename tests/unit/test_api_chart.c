/* The API a program uses to place a chart on its own page: a size set from
 * code (exact, kept by facets, checked), a transparent render into the
 * caller's cairo context, and the files a chart depends on (also for a
 * spec whose CSV is missing). */
#include "check.h"

#include "infochart.h"

#include <cairo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DATASETS IC_SOURCE_DIR "/datasets"

static ic_fonts *fonts;

static void check_set_size(void)
{
    ic_error err = {0};
    /* a4-column grows to the page's height when its content needs it; a
     * size from code is exact */
    ic_chart *c = ic_chart_load(DATASETS "/victims_by_age_sex_by_year.json", &err);
    CHECK(c != NULL);
    if (!c)
        return;
    CHECK(ic_chart_set_size(c, 255.1, 170.5, &err) == 0);
    ic_scene *s = ic_chart_layout(c, fonts, &err);
    CHECK(s && ic_scene_width(s) == 255.1 && ic_scene_height(s) == 170.5);
    ic_scene_free(s);
    /* facets made afterwards keep it */
    ic_chart *f = ic_chart_facet(c, 1, &err);
    s = f ? ic_chart_layout(f, fonts, &err) : NULL;
    CHECK(s && ic_scene_width(s) == 255.1 && ic_scene_height(s) == 170.5);
    ic_scene_free(s);
    ic_chart_free(f);
    /* refused, chart unchanged */
    const double bad[][2] = {{0, 100}, {-5, 200}, {99.9, 200}, {200, 10000.5}, {1.0 / 0.0, 200}, {200, 0.0 / 0.0}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ic_error e = {0};
        CHECK(ic_chart_set_size(c, bad[i][0], bad[i][1], &e) == -1 && e.code == IC_ERR_USAGE);
    }
    ic_error e = {0};
    CHECK(ic_chart_set_size(NULL, 200, 200, &e) == -1 && e.code == IC_ERR_USAGE);
    s = ic_chart_layout(c, fonts, &err);
    CHECK(s && ic_scene_width(s) == 255.1);
    ic_scene_free(s);
    /* the pixel budget of its PNG output still holds */
    ic_limits lim;
    ic_limits_default(&lim);
    lim.pixels = 1.5e6; /* 1080 x 1080 fits */
    ic_chart *small = ic_chart_load_limited(DATASETS "/child_share_line.json", &lim, &err);
    CHECK(small != NULL);
    e = (ic_error){0};
    CHECK(small && ic_chart_set_size(small, 2000, 1000, &e) == -1 && e.code == IC_ERR_LIMIT);
    CHECK(small && ic_chart_set_size(small, 1000, 1000, &e) == 0);
    ic_chart_free(small);
    ic_chart_free(c);
}

/* The alpha of pixel (x, y) of an ARGB32 surface. */
static int alpha_at(cairo_surface_t *img, int x, int y)
{
    const unsigned char *data = cairo_image_surface_get_data(img);
    uint32_t px = *(const uint32_t *)(data + (size_t)y * cairo_image_surface_get_stride(img) + 4 * (size_t)x);
    return (int)(px >> 24);
}

static void check_transparent(void)
{
    ic_error err = {0};
    ic_chart *c = ic_chart_load(DATASETS "/child_share_line.json", &err);
    CHECK(c && ic_chart_set_size(c, 400, 300, &err) == 0);
    ic_scene *s = c ? ic_chart_layout(c, fonts, &err) : NULL;
    CHECK(s != NULL);
    if (!s) {
        ic_chart_free(c);
        return;
    }
    for (int transparent = 0; transparent <= 1; transparent++) {
        cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 400, 300); /* all transparent */
        cairo_t *cr = cairo_create(img);
        CHECK(ic_scene_render_cairo_flags(s, cr, transparent ? IC_RENDER_TRANSPARENT : 0, &err) == 0);
        cairo_destroy(cr);
        cairo_surface_flush(img);
        int clear = 0, opaque = 0;
        for (int y = 0; y < 300; y++)
            for (int x = 0; x < 400; x++) {
                int a = alpha_at(img, x, y);
                clear += a == 0;
                opaque += a == 255;
            }
        if (transparent) {
            /* corners and most of the canvas show the page; marks and text are opaque */
            CHECK(alpha_at(img, 0, 0) == 0 && alpha_at(img, 399, 0) == 0 && alpha_at(img, 0, 299) == 0 &&
                  alpha_at(img, 399, 299) == 0);
            CHECK(clear > 400 * 300 / 2);
            CHECK(opaque > 1000);
        } else
            CHECK(clear == 0 && opaque == 400 * 300);
        cairo_surface_destroy(img);
    }
    CHECK(ic_scene_render_cairo_flags(NULL, NULL, 0, &err) == -1);
    ic_scene_free(s);
    ic_chart_free(c);
}

static void check_dependencies(void)
{
    ic_error err = {0};
    ic_chart *c = ic_chart_load(DATASETS "/child_share_line.json", &err);
    CHECK(c && ic_chart_dependency_count(c) == 2);
    CHECK_STR(ic_chart_dependency(c, 0), DATASETS "/child_share_line.json");
    CHECK_STR(ic_chart_dependency(c, 1), DATASETS "/child_share_line.csv");
    CHECK(ic_chart_dependency(c, 2) == NULL);
    ic_chart *f = ic_chart_load(DATASETS "/victims_by_age_sex_by_year.json", &err);
    ic_chart *facet = f ? ic_chart_facet(f, 0, &err) : NULL;
    CHECK(facet && ic_chart_dependency_count(facet) == 2);
    CHECK_STR(ic_chart_dependency(facet, 0), DATASETS "/victims_by_age_sex_by_year.json");
    ic_chart_free(facet);
    ic_chart_free(f);
    ic_chart_free(c);

    /* a theme the spec names brings its file, fonts and logo, after the CSV */
    c = ic_chart_load(DATASETS "/child_share_trend_themed.json", &err);
    size_t nt = 0;
    char **td = ic_spec_dependencies(DATASETS "/child_share_trend_themed.json", NULL, &nt, &err);
    CHECK(c && td && ic_chart_dependency_count(c) == nt && nt >= 4);
    for (size_t i = 0; c && td && i < nt; i++)
        CHECK_STR(ic_chart_dependency(c, i), td[i]);
    CHECK(td && nt >= 4 && strcmp(td[1], DATASETS "/child_share_trend.csv") == 0 &&
          strcmp(td[2], DATASETS "/themes/ngo.json") == 0);
    int logo = 0;
    for (size_t i = 0; td && i < nt; i++)
        logo |= strstr(td[i], "ngo-logo.svg") != NULL;
    CHECK(logo);
    ic_strings_free(td, nt);
    ic_chart_free(c);

    /* without reading the data: a spec whose CSV is missing still lists it */
    char dir[] = "/tmp/test_api_chart.XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char spec[300];
    snprintf(spec, sizeof spec, "%s/s.json", dir);
    FILE *fp = fopen(spec, "w");
    CHECK(fp != NULL);
    if (fp) {
        fputs("\xEF\xBB\xBF{\"chart\": \"bar\", \"data\": \"sub/missing.csv\", \"x\": \"a\", \"y\": \"b\", "
              "\"title\": \"t\", \"source\": \"s\"}\n", fp);
        fclose(fp);
    }
    size_t n = 99;
    char **deps = ic_spec_dependencies(spec, NULL, &n, &err);
    CHECK(deps && n == 2);
    char want[320];
    snprintf(want, sizeof want, "%s/sub/missing.csv", dir);
    CHECK(deps && n == 2 && strcmp(deps[0], spec) == 0 && strcmp(deps[1], want) == 0);
    ic_strings_free(deps, n);
    ic_strings_free(NULL, 0);
    /* a spec with a mistake gives its error */
    fp = fopen(spec, "w");
    if (fp) {
        fputs("{\"chart\": \"bar\",\n \"dta\": 1}", fp);
        fclose(fp);
    }
    ic_error e = {0};
    CHECK(ic_spec_dependencies(spec, NULL, &n, &e) == NULL && e.code == IC_ERR_SPEC && e.line == 2 && n == 0);
    unlink(spec);
    rmdir(dir);
    /* from memory: no spec file, no CSV file */
    ic_data *d = ic_data_new();
    double v[2] = {1, 2};
    const char *x[2] = {"a", "b"};
    CHECK(ic_data_add_strings(d, "a", x, 2, &err) == 0 && ic_data_add_numbers(d, "b", v, 2, &err) == 0);
    const char text[] = "{\"chart\": \"bar\", \"x\": \"a\", \"y\": \"b\", \"title\": \"t\", \"source\": \"s\"}";
    c = ic_chart_load_string(text, strlen(text), "mem", NULL, d, NULL, &err);
    CHECK(c && ic_chart_dependency_count(c) == 0);
    ic_chart_free(c);
    ic_data_free(d);
}

int main(void)
{
    ic_error err = {0};
    fonts = ic_fonts_load(IC_SOURCE_DIR "/fonts", &err);
    CHECK(fonts != NULL);
    if (!fonts)
        return CHECK_DONE();
    check_set_size();
    check_transparent();
    check_dependencies();
    ic_fonts_free(fonts);
    return CHECK_DONE();
}
