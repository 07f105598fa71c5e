/* Contrast (issue 11, item 6; docs/colour.md).
 *
 * - WCAG 2.1 maths against known values;
 * - ic_contrast_shade: the same hue, darker on light and lighter on dark,
 *   the fallback to near-black/near-white;
 * - ic_contrast_behind: what lies under a text (bar, straddled bar edge,
 *   donut ring and hole, translucent band, filled path);
 * - ic_contrast_fix_text on a hand-made scene;
 * - the themes: every palette colour and the muted grey >= 3:1 against the
 *   background, the grey quieter than the accent, the theme's text colours
 *   >= 4.5:1;
 * - colours a spec gives below 3:1 are reported (ic_contrast_spec_issues,
 *   ic_contrast_note_spec), never changed;
 * - every example in datasets/, light and dark, at its own size and every
 *   preset: every text >= 4.5:1 against what is under it (check_text_contrast,
 *   written independently of the library's pass) and every data mark (bars,
 *   slices, cells, lines, markers, legend swatches) >= 3:1 against the
 *   background.
 *
 * Translucent areas (the fill under a line, IC_ROLE_AREA, and highlighted
 * ranges, IC_ROLE_BAND) are not data marks here: the line above an area
 * carries its data and must reach 3:1; the fill is a tint, like a gridline.
 * A marker drawn in the background colour is the knock-out ring around a
 * point, not ink. */
#include "check.h"
#include "chart_fixture.h"
#include "scene_checks.h"
#include "example_limits.h"
#include "charts/chart.h"
#include "data/table.h"
#include "layout/contrast.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

static ic_color hex(unsigned h)
{
    ic_color c = {((h >> 16) & 0xff) / 255.0, ((h >> 8) & 0xff) / 255.0, (h & 0xff) / 255.0, 1};
    return c;
}

static unsigned hex_of(ic_color c)
{
    return (unsigned)lround(c.r * 255) << 16 | (unsigned)lround(c.g * 255) << 8 | (unsigned)lround(c.b * 255);
}

/* Hue in degrees (HSV), -1 for a grey. */
static double hue(ic_color c)
{
    double mx = fmax(c.r, fmax(c.g, c.b)), mn = fmin(c.r, fmin(c.g, c.b)), d = mx - mn;
    if (d < 1e-6)
        return -1;
    double h = mx == c.r ? fmod((c.g - c.b) / d, 6) : mx == c.g ? (c.b - c.r) / d + 2 : (c.r - c.g) / d + 4;
    h *= 60;
    return h < 0 ? h + 360 : h;
}

static double hue_gap(double a, double b)
{
    double d = fabs(a - b);
    return d > 180 ? 360 - d : d;
}

static void test_maths(void)
{
    ic_color white = hex(0xFFFFFF), black = hex(0x000000);
    CHECK_NEAR(ic_contrast_luminance(white), 1, 1e-12);
    CHECK_NEAR(ic_contrast_luminance(black), 0, 1e-12);
    CHECK_NEAR(ic_contrast_luminance(hex(0xFF0000)), 0.2126, 1e-12);
    CHECK_NEAR(ic_color_contrast(black, white), 21, 1e-9);
    CHECK_NEAR(ic_color_contrast(white, black), 21, 1e-9);
    CHECK_NEAR(ic_color_contrast(white, white), 1, 1e-12);
    /* WCAG's own examples: #767676 is the lightest grey with 4.5:1 on white */
    CHECK_NEAR(ic_color_contrast(hex(0x767676), white), 4.54, 0.005);
    CHECK(ic_color_contrast(hex(0x777777), white) < 4.5);
    CHECK_NEAR(ic_color_contrast(hex(0x959595), white), 3.0, 0.01);
    /* the colours issue 11 found */
    CHECK_NEAR(ic_color_contrast(hex(0xE69F00), white), 2.25, 0.01);
    CHECK_NEAR(ic_color_contrast(hex(0x009E73), white), 3.42, 0.01);
    CHECK_NEAR(ic_color_contrast(hex(0xBCC6CF), white), 1.73, 0.01);
    CHECK_NEAR(ic_color_contrast(hex(0x56606B), hex(0x15191E)), 2.76, 0.01);
}

static void test_shade(void)
{
    ic_color white = hex(0xFFFFFF), dark = hex(0x15191E);
    /* already enough: unchanged */
    ic_color navy = hex(0x1B6CA8);
    ic_color same = ic_contrast_shade(navy, &white, 1, 4.5);
    CHECK(memcmp(&same, &navy, sizeof same) == 0);
    CHECK(memcmp(&same, &navy, sizeof same) == 0);
    /* nothing behind: unchanged */
    ic_color orange = hex(0xE69F00);
    same = ic_contrast_shade(orange, NULL, 0, 4.5);
    CHECK(memcmp(&same, &orange, sizeof same) == 0);
    /* orange and green on white: darker, same hue, just enough */
    const unsigned weak[] = {0xE69F00, 0x009E73, 0x56B4E9, 0xCC79A7, 0xBCC6CF};
    for (size_t i = 0; i < sizeof weak / sizeof *weak; i++) {
        ic_color c = hex(weak[i]);
        ic_color s = ic_contrast_shade(c, &white, 1, 4.5);
        double r = ic_color_contrast(s, white);
        CHECK(r >= 4.5);
        CHECK(r < 4.8); /* the nearest shade, not black */
        CHECK(ic_contrast_luminance(s) < ic_contrast_luminance(c));
        if (hue(c) >= 0)
            CHECK(hue_gap(hue(s), hue(c)) < 8);
        else
            CHECK(hue(s) < 0 || fabs(s.r - s.b) < 0.02);
        if (hue(c) >= 0 && hue_gap(hue(s), hue(c)) >= 8)
            fprintf(stderr, "#%06X -> #%06X: hue %.1f -> %.1f\n", weak[i], hex_of(s), hue(c), hue(s));
    }
    /* on the dark background: lighter */
    ic_color plum = hex(0x770055);
    ic_color s = ic_contrast_shade(plum, &dark, 1, 4.5);
    CHECK(ic_color_contrast(s, dark) >= 4.5);
    CHECK(ic_contrast_luminance(s) > ic_contrast_luminance(plum));
    CHECK(hue_gap(hue(s), hue(plum)) < 8);
    /* alpha kept */
    ic_color faint = orange;
    faint.a = 0.5;
    CHECK(ic_contrast_shade(faint, &white, 1, 4.5).a == 0.5);
    /* on #767676 both white and black reach 4.5: the nearer way is taken */
    ic_color mid = hex(0x767676), light_blue = hex(0x9AC8F0), deep_blue = hex(0x1B3A5C);
    s = ic_contrast_shade(light_blue, &mid, 1, 4.5);
    CHECK(ic_color_contrast(s, mid) >= 4.5);
    CHECK(ic_contrast_luminance(s) > ic_contrast_luminance(light_blue));
    s = ic_contrast_shade(deep_blue, &mid, 1, 4.5);
    CHECK(ic_color_contrast(s, mid) >= 4.5);
    CHECK(ic_contrast_luminance(s) < ic_contrast_luminance(deep_blue));
    /* on #595959 only lighter text can reach it */
    ic_color grey35 = hex(0x595959);
    s = ic_contrast_shade(deep_blue, &grey35, 1, 4.5);
    CHECK(ic_color_contrast(s, grey35) >= 4.5);
    CHECK(ic_contrast_luminance(s) > ic_contrast_luminance(grey35));
    /* against white and black at once: a middle shade reaches 4.5 (4.58 at most) */
    ic_color both[2] = {white, hex(0x000000)};
    s = ic_contrast_shade(orange, both, 2, 4.5);
    CHECK(ic_color_contrast(s, both[0]) >= 4.5 && ic_color_contrast(s, both[1]) >= 4.5);
    /* 7:1 against both cannot be had: near-black or near-white, the better */
    s = ic_contrast_shade(orange, both, 2, 7);
    CHECK(hex_of(s) == 0x1A1A1A || hex_of(s) == 0xF2F2F2);
    ic_color greyish[2] = {hex(0x9A9A9A), hex(0x101010)};
    s = ic_contrast_shade(orange, greyish, 2, 7);
    CHECK(hex_of(s) == 0xF2F2F2); /* black text would vanish on #101010 */
}

/* A scene with a white background and marks added by the caller. */
static ic_scene *blank(const ic_fonts *fonts)
{
    ic_scene *s = ic_scene_new(400, 300, fonts);
    if (s)
        ic_scene_rect(s, IC_ROLE_BACKGROUND, 0, 0, 400, 300, hex(0xFFFFFF));
    return s;
}

static int has_colour(const ic_color *c, size_t n, unsigned h)
{
    for (size_t i = 0; i < n; i++)
        if (hex_of(c[i]) == h)
            return 1;
    return 0;
}

static void test_behind(const ic_fonts *fonts)
{
    ic_scene *s = blank(fonts);
    CHECK(s != NULL);
    if (!s)
        return;
    ic_color white = hex(0xFFFFFF), out[8];
    /* a bar, a text inside it, one straddling its end, one beside it */
    ic_scene_rect(s, IC_ROLE_BAR, 20, 20, 200, 40, hex(0x1B6CA8));
    /* (indices, not pointers: the scene's array grows) */
    CHECK(ic_scene_text(s, IC_ROLE_VALUE_LABEL, "38%", IC_FONT_BOLD, 14, 30, 45, white) != NULL);
    size_t i_in = s->n - 1;
    CHECK(ic_scene_text(s, IC_ROLE_VALUE_LABEL, "straddles", IC_FONT_BOLD, 14, 190, 45, white) != NULL);
    size_t i_across = s->n - 1;
    CHECK(ic_scene_text(s, IC_ROLE_VALUE_LABEL, "38%", IC_FONT_BOLD, 14, 226, 45, white) != NULL);
    size_t i_beside = s->n - 1;
    size_t n = ic_contrast_behind(s, i_in, white, out, 8);
    CHECK(n == 1 && hex_of(out[0]) == 0x1B6CA8);
    n = ic_contrast_behind(s, i_across, white, out, 8);
    CHECK(n == 2 && has_colour(out, n, 0x1B6CA8) && has_colour(out, n, 0xFFFFFF));
    n = ic_contrast_behind(s, i_beside, white, out, 8);
    CHECK(n == 1 && hex_of(out[0]) == 0xFFFFFF);

    /* a donut ring: text on the ring sees the slice, text in the hole the
     * background; a slice that does not reach the text does not count */
    ic_scene_arc(s, IC_ROLE_SLICE, 300, 200, 50, 90, 0, 180, hex(0xE57501));
    ic_scene_arc(s, IC_ROLE_SLICE, 300, 200, 50, 90, 180, 360, hex(0x8A949D));
    CHECK(ic_scene_text(s, IC_ROLE_VALUE_LABEL, "50%", IC_FONT_BOLD, 12, 360, 205, white) != NULL);
    size_t i_ring = s->n - 1;
    CHECK(ic_scene_text(s, IC_ROLE_CENTER_LABEL, "hole", IC_FONT_REGULAR, 10, 290, 204, white) != NULL);
    size_t i_hole = s->n - 1;
    n = ic_contrast_behind(s, i_ring, white, out, 8);
    CHECK(n == 1 && hex_of(out[0]) == 0xE57501);
    n = ic_contrast_behind(s, i_hole, white, out, 8);
    CHECK(n == 1 && hex_of(out[0]) == 0xFFFFFF);

    /* a translucent band counts as its colour over the canvas, and does not
     * hide what is under it */
    ic_color band = hex(0x333333);
    band.a = 0.5;
    ic_scene_rect(s, IC_ROLE_BAND, 0, 250, 400, 50, band);
    CHECK(ic_scene_text(s, IC_ROLE_ANNOTATION, "band", IC_FONT_REGULAR, 12, 20, 275, white) != NULL);
    size_t i_on_band = s->n - 1;
    n = ic_contrast_behind(s, i_on_band, white, out, 8);
    CHECK(n == 2 && has_colour(out, n, 0xFFFFFF) && has_colour(out, n, 0x999999));

    /* a filled triangle (path) under a text; a stroked one does not count */
    const ic_path_op ops[] = {IC_PATH_MOVE, IC_PATH_LINE, IC_PATH_LINE, IC_PATH_CLOSE};
    const double tri[] = {100, 100, 200, 100, 150, 200};
    ic_scene_path(s, IC_ROLE_CELL, ops, 4, tri, 3, 0, hex(0x009F6D));
    ic_scene_path(s, IC_ROLE_LINE, ops, 4, tri, 3, 2, hex(0x883F73));
    CHECK(ic_scene_text(s, IC_ROLE_VALUE_LABEL, "x", IC_FONT_REGULAR, 10, 148, 120, white) != NULL);
    size_t i_on_tri = s->n - 1;
    n = ic_contrast_behind(s, i_on_tri, white, out, 8);
    CHECK(n == 1 && hex_of(out[0]) == 0x009F6D);
    /* `max` is respected */
    n = ic_contrast_behind(s, i_across, white, out, 1);
    CHECK(n == 1);
    ic_scene_free(s);
}

static void test_fix(const ic_fonts *fonts)
{
    ic_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.text_scale = 1;
    ic_scene *s = blank(fonts);
    CHECK(s != NULL);
    if (!s)
        return;
    ic_layout L;
    ic_error err = {0};
    CHECK(ic_layout_init(&L, &spec, NULL, s, &err) == 0);
    ic_scene_rect(s, IC_ROLE_BAR, 20, 20, 200, 40, hex(0x8A949D));
    /* white on a mid-grey bar: 3.1:1, becomes dark; orange on white: darker
     * orange; white straddling the bar's end: readable on both */
    int ok = ic_scene_text(s, IC_ROLE_VALUE_LABEL, "38%", IC_FONT_BOLD, 14, 30, 45, hex(0xFFFFFF)) != NULL;
    ok &= ic_scene_text(s, IC_ROLE_SERIES_LABEL, "Girls", IC_FONT_BOLD, 14, 30, 120, hex(0xE69F00)) != NULL;
    ok &= ic_scene_text(s, IC_ROLE_VALUE_LABEL, "straddles", IC_FONT_BOLD, 14, 190, 45, hex(0xFFFFFF)) != NULL;
    ok &= ic_scene_text(s, IC_ROLE_TITLE, "fine", IC_FONT_BOLD, 14, 30, 160, hex(0x1A1A1A)) != NULL;
    CHECK(ok && s->n == 6);
    if (!ok || s->n != 6) {
        ic_scene_free(s);
        return;
    }
    CHECK(check_text_contrast(s, "before the pass") == 3);
    CHECK(ic_contrast_fix_text(&L) == 3);
    CHECK(check_text_contrast(s, "after the pass") == 0);
    /* marks: background, bar, then the four texts */
    CHECK(hex_of(s->marks[5].color) == 0x1A1A1A); /* untouched */
    CHECK(hue_gap(hue(s->marks[3].color), hue(hex(0xE69F00))) < 8);
    CHECK(ic_color_contrast(s->marks[4].color, hex(0x8A949D)) >= 4.5);
    CHECK(ic_color_contrast(s->marks[4].color, hex(0xFFFFFF)) >= 4.5);
    ic_scene_free(s);
}

static void test_theme(int dark)
{
    ic_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.text_scale = 1;
    spec.theme_dark = dark;
    ic_scene scene;
    memset(&scene, 0, sizeof scene);
    scene.width = scene.height = 1080;
    ic_layout L;
    ic_error err = {0};
    CHECK(ic_layout_init(&L, &spec, NULL, &scene, &err) == 0);
    const ic_colors *t = &L.theme;
    const char *name = dark ? "dark" : "light";
    for (size_t i = 0; i < t->npalette; i++) {
        double r = ic_color_contrast(t->palette[i], t->background);
        if (r < 3)
            fprintf(stderr, "%s palette colour %zu #%06X: %.2f:1\n", name, i, hex_of(t->palette[i]), r);
        CHECK(r >= 3);
        /* its text shade: same hue, 4.5:1 */
        ic_color tc = ic_theme_text_color(t, t->palette[i]);
        CHECK(ic_color_contrast(tc, t->background) >= 4.5);
        if (hue(t->palette[i]) >= 0 && ic_color_contrast(t->palette[i], t->background) < 4.5)
            CHECK(hue_gap(hue(tc), hue(t->palette[i])) < 8);
    }
    double muted = ic_color_contrast(t->muted, t->background), accent = ic_color_contrast(t->accent, t->background);
    fprintf(stderr, "%s: muted #%06X %.2f:1, accent #%06X %.2f:1\n", name, hex_of(t->muted), muted, hex_of(t->accent),
            accent);
    CHECK(muted >= 3);
    /* the grey stays quieter than the accent: nearer the background, and a
     * grey (no more than a tint of blue) */
    CHECK(muted < accent - 1.5);
    double chroma = fmax(t->muted.r, fmax(t->muted.g, t->muted.b)) - fmin(t->muted.r, fmin(t->muted.g, t->muted.b));
    CHECK(chroma < 0.1);
    /* the frame's texts */
    const ic_color texts[] = {t->title, t->text, t->subtitle, t->source, t->tick};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        CHECK(ic_color_contrast(texts[i], t->background) >= 4.5);
    /* gridlines stay subtle (they are not data) */
    CHECK(ic_color_contrast(t->grid, t->background) < 1.5);
}

/* Data marks at least 3:1 against the background. Marks in a colour the
 * spec gave are counted in *user_low instead (reported, not changed). */
static int check_data_contrast(const ic_scene *s, const ic_spec *spec, const char *what, int *user_low)
{
    if (s->n == 0 || s->marks[0].role != IC_ROLE_BACKGROUND)
        return 1;
    ic_color bg = s->marks[0].color;
    ic_color given[IC_PALETTE_MAX + 2];
    size_t ngiven = 0;
    if (spec->accent && ic_color_parse(spec->accent, &given[ngiven]) == 0)
        ngiven++;
    if (spec->muted && ic_color_parse(spec->muted, &given[ngiven]) == 0)
        ngiven++;
    for (size_t i = 0; i < spec->npalette && ngiven < IC_PALETTE_MAX + 2; i++)
        if (ic_color_parse(spec->palette[i], &given[ngiven]) == 0)
            ngiven++;
    int bad = 0;
    for (size_t i = 1; i < s->n; i++) {
        const ic_mark *m = &s->marks[i];
        if (m->role != IC_ROLE_BAR && m->role != IC_ROLE_SLICE && m->role != IC_ROLE_CELL && m->role != IC_ROLE_LINE &&
            m->role != IC_ROLE_MARKER && m->role != IC_ROLE_LEGEND_SWATCH)
            continue;
        if (m->kind == IC_MARK_TEXT || hex_of(m->color) == hex_of(bg))
            continue; /* a knock-out ring */
        double r = ic_color_contrast(m->color, bg);
        if (r >= 3)
            continue;
        int user = spec->theme_bg != NULL;
        for (size_t g = 0; g < ngiven && !user; g++)
            user = hex_of(given[g]) == hex_of(m->color);
        if (user) {
            (*user_low)++;
            continue;
        }
        if (bad++ < 3)
            fprintf(stderr, "%s: %s #%06X (row %d) has %.2f:1 against the background #%06X\n", what,
                    ic_role_name(m->role), hex_of(m->color), m->row, r, hex_of(bg));
    }
    return bad;
}

static int failures_in(const ic_chart *chart, const ic_fonts *fonts, const char *what,
                       int *user_low)
{
    ic_error err = {0};
    ic_scene *s = ic_chart_layout(chart, fonts, &err);
    if (!s) {
        /* refusals are test_examples' concern (example_limits.h) */
        if (err.code == IC_ERR_DATA && strstr(err.message, "'size'"))
            return 0;
        fprintf(stderr, "%s: layout failed: %s\n", what, err.message);
        return 1;
    }
    int bad = check_text_contrast(s, what);
    bad += check_data_contrast(s, chart->spec, what, user_low);
    ic_scene_free(s);
    return bad;
}

static void test_examples(const ic_fonts *fonts)
{
    DIR *d = opendir(IC_SOURCE_DIR "/datasets");
    CHECK(d != NULL);
    struct dirent *e;
    int nspecs = 0, nuser = 0;
    while (d && (e = readdir(d)) != NULL) {
        if (!fixture_is_spec(e->d_name))
            continue;
        char path[1024];
        ic_error lerr = {0};
        ic_chart *chart = fixture_example(e->d_name, path, sizeof path, &lerr);
        CHECK(chart != NULL);
        if (!chart) {
            fprintf(stderr, "%s: %s\n", path, lerr.message);
            continue;
        }
        nspecs++;
        ic_spec own = *chart->spec; /* its size, to go back to */
        for (int dark = 0; dark < 2; dark++) {
            int user_low = 0;
            chart->spec->theme_dark = dark;
            chart->spec->width = own.width;
            chart->spec->height = own.height;
            chart->spec->safe_top = own.safe_top;
            chart->spec->safe_bottom = own.safe_bottom;
            chart->spec->print = own.print;
            chart->spec->max_height = own.max_height;
            char what[512];
            snprintf(what, sizeof what, "%s (%s)", e->d_name, dark ? "dark" : "light");
            CHECK(failures_in(chart, fonts, what, &user_low) == 0);
            for (const char *const *p = ic_preset_names(); *p; p++) {
                CHECK(fixture_resize(chart, *p) == 0);
                snprintf(what, sizeof what, "%s at %s (%s)", e->d_name, *p, dark ? "dark" : "light");
                CHECK(failures_in(chart, fonts, what, &user_low) == 0);
            }
            /* a spec's own colours below 3:1 are reported */
            if (user_low > 0) {
                nuser++;
                CHECK(ic_contrast_spec_issues(chart->spec, NULL, 0) > 0);
            }
        }
        ic_chart_free(chart);
    }
    if (d)
        closedir(d);
    CHECK(nspecs >= 10);
    fprintf(stderr, "%d examples; %d of them (per theme) draw spec colours below 3:1\n", nspecs, nuser);
}

static void test_spec_colours(void)
{
    char dir[] = "/tmp/ic-contrast-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    const char *csv = "k,v\na,1\nb,2\n";
    ic_error err;
    /* a palette with two colours too light for white: reported, in order,
     * with a darker shade of each that reaches 3:1 */
    ic_chart *c = fixture_chart(dir, csv,
                                "{\"chart\": \"bar\", \"data\": \"data.csv\", \"x\": \"k\", \"y\": \"v\", \"title\": \"t\","
                                " \"source\": \"s\", \"palette\": [\"#1b6ca8\", \"#d3dae1\", \"#ffcc00\"]}",
                                &err);
    CHECK(c != NULL);
    if (c) {
        ic_contrast_issue is[8];
        size_t n = ic_contrast_spec_issues(c->spec, is, 8);
        CHECK(n == 2);
        if (n == 2) {
            CHECK_STR(is[0].key, "palette");
            CHECK(is[0].index == 1 && is[1].index == 2);
            CHECK(hex_of(is[0].color) == 0xD3DAE1);
            CHECK(is[0].ratio < 1.5);
            for (size_t i = 0; i < n; i++) {
                CHECK(ic_color_contrast(is[i].suggestion, is[i].background) >= 3);
                CHECK(ic_color_contrast(is[i].suggestion, is[i].background) < 3.3);
            }
            CHECK(hue_gap(hue(is[1].suggestion), hue(hex(0xFFCC00))) < 8);
        }
        /* only counted when out is too small */
        CHECK(ic_contrast_spec_issues(c->spec, is, 1) == 2);
        /* as notes of the chart's data, once per issue */
        size_t before = c->table->nnotes;
        CHECK(ic_contrast_note_spec(c->spec, c->table) == 2);
        CHECK(c->table->nnotes == before + 2);
        if (c->table->nnotes == before + 2) {
            const char *note = c->table->notes[before];
            fprintf(stderr, "note: %s\n", note);
            CHECK(strstr(note, "warning: \"palette\" colour 2 (#d3dae1)") != NULL);
            CHECK(strstr(note, "3:1") != NULL);
        }
        ic_chart_free(c);
    }
    /* accent and muted too; the theme's defaults are fine */
    c = fixture_chart(dir, csv,
                      "{\"chart\": \"bar\", \"data\": \"data.csv\", \"x\": \"k\", \"y\": \"v\", \"title\": \"t\","
                      " \"source\": \"s\", \"accent\": \"#00e0ff\", \"muted\": \"#dddddd\", \"highlight\": [\"a\"]}",
                      &err);
    CHECK(c != NULL);
    if (c) {
        ic_contrast_issue is[8];
        CHECK(ic_contrast_spec_issues(c->spec, is, 8) == 2);
        CHECK_STR(is[0].key, "accent");
        CHECK_STR(is[1].key, "muted");
        c->spec->theme_dark = 1; /* both read on the dark background */
        CHECK(ic_contrast_spec_issues(c->spec, is, 8) == 0);
        ic_chart_free(c);
    }
    c = fixture_chart(dir, csv,
                      "{\"chart\": \"bar\", \"data\": \"data.csv\", \"x\": \"k\", \"y\": \"v\", \"title\": \"t\","
                      " \"source\": \"s\"}",
                      &err);
    CHECK(c != NULL);
    if (c) {
        CHECK(ic_contrast_spec_issues(c->spec, NULL, 0) == 0);
        c->spec->theme_dark = 1;
        CHECK(ic_contrast_spec_issues(c->spec, NULL, 0) == 0);
        ic_chart_free(c);
    }
    /* a background that leaves the theme's colours too faint */
    c = fixture_chart(dir, csv,
                      "{\"chart\": \"bar\", \"data\": \"data.csv\", \"x\": \"k\", \"y\": \"v\", \"title\": \"t\","
                      " \"source\": \"s\", \"background\": \"#1b6ca8\"}",
                      &err);
    CHECK(c != NULL);
    if (c) {
        ic_contrast_issue is[IC_PALETTE_MAX + 2];
        size_t n = ic_contrast_spec_issues(c->spec, is, IC_PALETTE_MAX + 2);
        CHECK(n >= 2);
        if (n >= 1) {
            CHECK_STR(is[0].key, "background");
            CHECK_STR(is[0].what, "the accent colour");
        }
        ic_chart_free(c);
    }
    fixture_remove(dir);
}

int main(void)
{
    test_maths();
    test_shade();
    test_theme(0);
    test_theme(1);
    test_spec_colours();
    ic_error err = {0};
    ic_fonts *fonts = ic_fonts_load(IC_SOURCE_DIR "/fonts", &err);
    CHECK(fonts != NULL);
    if (fonts) {
        test_behind(fonts);
        test_fix(fonts);
        test_examples(fonts);
    }
    ic_fonts_free(fonts);
    return CHECK_DONE();
}
