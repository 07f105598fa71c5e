/* Series colours in line, bar and waffle charts: never a colour repeated
 * beyond the palette (grey instead, with a warning), and text drawn in a
 * series colour readable on the background (4.5:1, WCAG AA). */
#include "check.h"
#include "chart_fixture.h"
#include "core/buf.h"
#include "layout/layout.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A chart of `kind` with `ns` series of 5 rows (waffle: ns parts). */
static ic_scene *chart_at(const ic_fonts *fonts, const char *dir, const char *kind, size_t ns, int dark,
                          const char *size, const char *extra)
{
    ic_buf csv = IC_BUF_INIT, spec = IC_BUF_INIT;
    int parts = strcmp(kind, "waffle") == 0;
    if (parts) {
        ic_buf_puts(&csv, "name,v\n");
        for (size_t r = 0; r < ns; r++)
            ic_buf_printf(&csv, "part %zu,%zu\n", r, 10 + r);
        ic_buf_printf(&spec, "{\"chart\":\"%s\",\"data\":\"data.csv\",\"x\":\"name\",\"y\":\"v\",", kind);
    } else {
        ic_buf_puts(&csv, "year");
        for (size_t s = 0; s < ns; s++)
            ic_buf_printf(&csv, ",s%zu", s);
        ic_buf_puts(&csv, "\n");
        for (int r = 0; r < 5; r++) {
            ic_buf_printf(&csv, "%d", 2000 + r);
            for (size_t s = 0; s < ns; s++)
                ic_buf_printf(&csv, ",%zu", 10 + s * 7 + (size_t)r);
            ic_buf_puts(&csv, "\n");
        }
        ic_buf_printf(&spec, "{\"chart\":\"%s\",\"data\":\"data.csv\",\"x\":\"year\",\"y\":[", kind);
        for (size_t s = 0; s < ns; s++)
            ic_buf_printf(&spec, "%s\"s%zu\"", s ? "," : "", s);
        ic_buf_puts(&spec, "],");
    }
    ic_buf_printf(&spec, "\"title\":\"Colours\",\"source\":\"Test\",\"size\":\"%s\",\"theme\":\"%s\"%s}", size,
                  dark ? "dark" : "light", extra ? extra : "");
    char *c = ic_buf_take(&csv), *j = ic_buf_take(&spec);
    ic_error err = {0};
    ic_chart *chart = c && j ? fixture_chart(dir, c, j, &err) : NULL;
    ic_scene *s = chart ? ic_chart_layout(chart, fonts, &err) : NULL;
    if (!s)
        fprintf(stderr, "%s with %zu series: %s\n", kind, ns, err.message);
    ic_chart_free(chart);
    free(c);
    free(j);
    return s;
}

static ic_scene *chart_with(const ic_fonts *fonts, const char *dir, const char *kind, size_t ns, int dark)
{
    return chart_at(fonts, dir, kind, ns, dark, "story", NULL);
}

static int same(ic_color a, ic_color b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b;
}

static int has_warning(const ic_scene *s, const char *needle)
{
    for (size_t i = 0; i < ic_scene_warning_count(s); i++)
        if (strstr(ic_scene_warning(s, i, NULL, NULL), needle))
            return 1;
    return 0;
}

/* The colour of the marks of `role` for series (or row) `k`. */
static ic_color colour_of(const ic_scene *s, ic_role role, int by_row, int k)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->marks[i].role == role && (by_row ? s->marks[i].row : s->marks[i].series) == k)
            return s->marks[i].color;
    return (ic_color){-1, -1, -1, -1};
}

/* No two series (or rows) of `role` share a colour, except the grey that
 * the ones beyond the palette get. */
static void no_repeats(const ic_scene *s, ic_role role, int by_row, ic_color grey, const char *what)
{
    ic_color seen[64];
    int key[64];
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++) {
        const ic_mark *m = &s->marks[i];
        int k = by_row ? m->row : m->series;
        if (m->role != role || same(m->color, grey) || k < 0)
            continue;
        int dup = 0;
        for (size_t j = 0; j < n; j++) {
            if (key[j] == k)
                dup = -1; /* the same series again: fine */
            else if (same(seen[j], m->color) && dup == 0)
                dup = 1;
        }
        CHECK(dup != 1);
        if (dup == 1)
            fprintf(stderr, "%s: series %d shares its colour with another\n", what, k);
        if (dup == 0 && n < 64) {
            seen[n] = m->color;
            key[n++] = k;
        }
    }
    CHECK(n > 0);
}

/* A legend never shows two entries with the same swatch (the grey ones
 * share one entry that names them all). Returns the number of swatches. */
static size_t distinct_swatches(const ic_scene *s, const char *what)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++) {
        const ic_mark *a = &s->marks[i];
        if (a->role != IC_ROLE_LEGEND_SWATCH)
            continue;
        n++;
        for (size_t j = i + 1; j < s->n; j++)
            if (s->marks[j].role == IC_ROLE_LEGEND_SWATCH && same(a->color, s->marks[j].color)) {
                fprintf(stderr, "%s: two legend entries share a swatch colour\n", what);
                CHECK(0);
            }
    }
    return n;
}

static void test_legends(const ic_fonts *fonts, const char *dir)
{
    /* 14 lines on a short landscape: a legend, the grey ones in one entry */
    ic_scene *s = chart_at(fonts, dir, "line", 14, 0, "facebook", NULL);
    CHECK(s != NULL);
    if (s)
        CHECK(distinct_swatches(s, "14 lines") >= 2);
    ic_scene_free(s);
    /* two highlighted lines of eight: two colours, not the accent twice */
    s = chart_at(fonts, dir, "line", 8, 0, "facebook", ",\"highlight\":[\"s1\",\"s3\"]");
    CHECK(s != NULL);
    if (s) {
        ic_color a = colour_of(s, IC_ROLE_LINE, 0, 1), b = colour_of(s, IC_ROLE_LINE, 0, 3);
        CHECK(a.r >= 0 && b.r >= 0 && !same(a, b));
        distinct_swatches(s, "2 of 8 highlighted");
    }
    ic_scene_free(s);
    /* 14 grouped bar series */
    s = chart_at(fonts, dir, "bar", 14, 0, "story", NULL);
    CHECK(s != NULL);
    if (s)
        CHECK(distinct_swatches(s, "14 bar series") >= 2);
    ic_scene_free(s);
}

int main(void)
{
    ic_error err = {0};
    ic_fonts *fonts = ic_fonts_load(IC_SOURCE_DIR "/fonts", &err);
    CHECK(fonts != NULL);
    char dir[] = "/tmp/ic-colours-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    for (int dark = 0; fonts && dark < 2; dark++) {
        /* within the palette: no warning; beyond: grey and a warning */
        ic_scene *few = chart_with(fonts, dir, "line", 5, dark);
        ic_scene *many = chart_with(fonts, dir, "line", 14, dark);
        CHECK(few && many);
        if (few && many) {
            CHECK(!has_warning(few, "palette has"));
            CHECK(has_warning(many, "palette has"));
            /* the last series is beyond the palette: its colour is the grey */
            no_repeats(many, IC_ROLE_LINE, 0, colour_of(many, IC_ROLE_LINE, 0, 13), "line");
            /* every text in a series colour reads on the background: 4.5:1 */
            ic_color bg = many->marks[0].color;
            for (size_t i = 0; i < many->n; i++) {
                const ic_mark *m = &many->marks[i];
                if (m->kind == IC_MARK_TEXT && (m->role == IC_ROLE_SERIES_LABEL || m->role == IC_ROLE_VALUE_LABEL)) {
                    double c = ic_color_contrast(m->color, bg);
                    CHECK(c >= 4.5 - 1e-6);
                    if (c < 4.5 - 1e-6)
                        fprintf(stderr, "'%s' has contrast %.2f\n", m->text, c);
                }
            }
        }
        ic_scene_free(few);
        ic_scene_free(many);
        ic_scene *bars = chart_with(fonts, dir, "bar", 14, dark);
        CHECK(bars != NULL);
        if (bars) {
            CHECK(has_warning(bars, "palette has"));
            no_repeats(bars, IC_ROLE_BAR, 0, colour_of(bars, IC_ROLE_BAR, 0, 13), "bar");
        }
        ic_scene_free(bars);
        ic_scene *cells = chart_with(fonts, dir, "waffle", 14, dark);
        CHECK(cells != NULL);
        if (cells) {
            CHECK(has_warning(cells, "palette has"));
            no_repeats(cells, IC_ROLE_CELL, 1, colour_of(cells, IC_ROLE_CELL, 1, 13), "waffle");
        }
        ic_scene_free(cells);
    }
    if (fonts)
        test_legends(fonts, dir);
    fixture_remove(dir);
    ic_fonts_free(fonts);
    return CHECK_DONE();
}
