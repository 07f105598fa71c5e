/* Golden tests: for each tests/golden/<case>/spec.json the scene dump must
 * equal scene.txt exactly, and the PNG must match ref.png within a tolerance
 * (max channel difference and share of changed pixels, as cairo's own tests
 * do). On a mismatch <case>-out.png and <case>-diff.png are written to the
 * build directory. IC_UPDATE_GOLDEN=1 rewrites the references instead;
 * IC_GOLDEN_ONLY=<case> limits the run to one case. */
#include "check.h"
#include "scene_checks.h"
#include "charts/chart.h"
#include "core/util.h"

#include <cairo.h>
#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CHANNEL_DIFF 40      /* anti-aliasing differences stay below this */
#define MAX_CHANGED_SHARE 0.002  /* at most 0.2 % of pixels may differ more than that */

static int channel_diff(uint32_t a, uint32_t b)
{
    int d = 0;
    for (int s = 0; s < 32; s += 8) {
        int x = (int)((a >> s) & 0xff) - (int)((b >> s) & 0xff);
        if (abs(x) > d)
            d = abs(x);
    }
    return d;
}

/* Compares two PNG files; writes a diff image (changed pixels in red). */
static int images_match(const char *ref_path, const char *out_path, const char *diff_path)
{
    cairo_surface_t *ref = cairo_image_surface_create_from_png(ref_path);
    cairo_surface_t *out = cairo_image_surface_create_from_png(out_path);
    int ok = 0;
    if (cairo_surface_status(ref) || cairo_surface_status(out)) {
        fprintf(stderr, "cannot read %s or %s\n", ref_path, out_path);
        goto done;
    }
    int w = cairo_image_surface_get_width(ref), h = cairo_image_surface_get_height(ref);
    if (w != cairo_image_surface_get_width(out) || h != cairo_image_surface_get_height(out)) {
        fprintf(stderr, "%s: size differs from the reference\n", out_path);
        goto done;
    }
    cairo_surface_t *diff = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
    unsigned char *rd = cairo_image_surface_get_data(ref), *od = cairo_image_surface_get_data(out);
    unsigned char *dd = cairo_image_surface_get_data(diff);
    int rs = cairo_image_surface_get_stride(ref), os = cairo_image_surface_get_stride(out);
    int ds = cairo_image_surface_get_stride(diff);
    long changed = 0;
    int worst = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            uint32_t a = ((uint32_t *)(void *)(rd + y * rs))[x], b = ((uint32_t *)(void *)(od + y * os))[x];
            int d = channel_diff(a, b);
            if (d > worst)
                worst = d;
            if (d > MAX_CHANNEL_DIFF)
                changed++;
            ((uint32_t *)(void *)(dd + y * ds))[x] = d > MAX_CHANNEL_DIFF ? 0xffff0000u : d > 0 ? 0xffffc0c0u
                                                                                            : 0xffffffffu;
        }
    cairo_surface_mark_dirty(diff);
    double share = (double)changed / ((double)w * h);
    ok = share <= MAX_CHANGED_SHARE;
    if (!ok) {
        fprintf(stderr, "%s: %.3f%% of pixels differ by more than %d (worst %d); see %s\n", out_path,
                share * 100, MAX_CHANNEL_DIFF, worst, diff_path);
        cairo_surface_write_to_png(diff, diff_path);
    }
    cairo_surface_destroy(diff);
done:
    cairo_surface_destroy(ref);
    cairo_surface_destroy(out);
    return ok;
}

static void run_case(const char *dir, const char *name, const ic_fonts *fonts, int update)
{
    char spec[1024], scene_ref[1024], png_ref[1024], png_out[1024], png_diff[1024];
    snprintf(spec, sizeof spec, "%s/%s/spec.json", dir, name);
    snprintf(scene_ref, sizeof scene_ref, "%s/%s/scene.txt", dir, name);
    snprintf(png_ref, sizeof png_ref, "%s/%s/ref.png", dir, name);
    snprintf(png_out, sizeof png_out, "%s-out.png", name);
    snprintf(png_diff, sizeof png_diff, "%s-diff.png", name);

    ic_error err = {0};
    ic_chart *chart = ic_chart_load(spec, &err);
    CHECK(chart != NULL);
    ic_scene *s = chart ? ic_chart_layout(chart, fonts, &err) : NULL;
    CHECK(s != NULL);
    if (!s) {
        fprintf(stderr, "%s: %s\n", name, err.message);
        ic_chart_free(chart);
        return;
    }
    CHECK(check_text_inside(s, name) == 0);
    CHECK(check_no_text_overlap(s, name) == 0);
    /* kind-specific truthfulness is tested in test_<kind>.c; bars here */
    if (strcmp(chart->spec->chart, "bar") == 0 && chart->spec->stack == IC_STACK_NONE)
        CHECK(check_bars_truthful(s, name, 1) == 0);
    else if (strcmp(chart->spec->chart, "bar") == 0)
        CHECK(check_stacks_truthful(s, name, chart->spec->stack == IC_STACK_PERCENT) == 0);

    char *dump = ic_scene_dump(s);
    CHECK(dump != NULL);
    if (update) {
        FILE *f = fopen(scene_ref, "wb");
        fputs(dump, f);
        fclose(f);
        CHECK(ic_scene_write(s, png_ref, IC_FORMAT_PNG, &err) == 0);
        fprintf(stderr, "%s: references updated\n", name);
    } else {
        size_t len = 0;
        ic_error rerr = {0};
        char *ref = ic_read_file(scene_ref, 1 << 24, &len, &rerr);
        CHECK(ref != NULL);
        if (ref && dump && strcmp(ref, dump) != 0) {
            char out_scene[1024];
            snprintf(out_scene, sizeof out_scene, "%s-out.txt", name);
            FILE *f = fopen(out_scene, "wb");
            if (f) {
                fputs(dump, f);
                fclose(f);
            }
            fprintf(stderr, "%s: scene differs from %s (new dump in %s; diff them)\n", name, scene_ref, out_scene);
            CHECK(!"scene dump matches scene.txt");
        }
        free(ref);
        CHECK(ic_scene_write(s, png_out, IC_FORMAT_PNG, &err) == 0);
        CHECK(images_match(png_ref, png_out, png_diff));
    }
    free(dump);
    ic_scene_free(s);
    ic_chart_free(chart);
}

int main(void)
{
    const char *dir = IC_TEST_DATA "/golden";
    int update = getenv("IC_UPDATE_GOLDEN") && strcmp(getenv("IC_UPDATE_GOLDEN"), "1") == 0;
    ic_error err = {0};
    ic_fonts *fonts = ic_fonts_load(IC_SOURCE_DIR "/fonts", &err);
    CHECK(fonts != NULL);
    DIR *d = opendir(dir);
    CHECK(d != NULL);
    struct dirent *e;
    int ncases = 0;
    while (fonts && d && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        /* IC_GOLDEN_ONLY=case runs (or updates) one case */
        if (getenv("IC_GOLDEN_ONLY") && strcmp(getenv("IC_GOLDEN_ONLY"), e->d_name) != 0)
            continue;
        ncases++;
        run_case(dir, e->d_name, fonts, update);
    }
    if (d)
        closedir(d);
    CHECK(ncases >= (getenv("IC_GOLDEN_ONLY") ? 1 : 4));
    ic_fonts_free(fonts);
    return CHECK_DONE();
}
