/* Default theme and type scale. Sizes follow DESIGN's visual style for a
 * 1080 px square, scale with the canvas width and never go below the floors
 * of where the chart is published. */
#include "layout/layout.h"
#include "layout/contrast.h"
#include "charts/chart.h"
#include "core/error.h"
#include "spec/theme_file.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static ic_color rgb(unsigned hex)
{
    ic_color c = {((hex >> 16) & 0xff) / 255.0, ((hex >> 8) & 0xff) / 255.0, (hex & 0xff) / 255.0, 1};
    return c;
}

int ic_color_parse(const char *s, ic_color *out)
{
    unsigned v = 0;
    size_t n = s ? strlen(s) : 0;
    if ((n != 7 && n != 4) || s[0] != '#')
        return -1;
    for (size_t i = 1; i < n; i++) {
        char c = s[i];
        unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0')
                   : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                   : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10) : 99;
        if (d > 15)
            return -1;
        v = v * 16 + d;
        if (n == 4)
            v = v * 16 + d; /* #rgb → #rrggbb */
    }
    *out = rgb(v);
    return 0;
}

/* The categorical palettes (12 colours each). Every colour has at least 3:1
 * contrast against its theme's background (WCAG 2.1 SC 1.4.11: data marks
 * must be seen), and every pair, and every colour against the muted grey used
 * for "the rest", stays >= 10 CIEDE2000 apart under normal vision and
 * simulated deuteranopia and protanopia (Machado et al. 2009, severity 1);
 * tests/unit/test_palette.c and test_contrast.c check all of it.
 *
 * The light palette keeps the look of Okabe & Ito's colour-blind-safe set
 * with our accent blue first: its orange, sky blue and reddish purple had
 * 2.3:1, 2.3:1 and 3.1:1 on white, so they were searched again (OKLCH, near
 * their hues, by a max-min distance search against all the others and the
 * muted grey) together with the vermillion (now a burnt orange, for the
 * orange needs its place) and the four darker colours after the grey and
 * black. docs/colour.md lists them with their ratios. The dark palette was
 * chosen the same way and already had 4.6:1 or more. */
static const unsigned default_palette[] = {0x1B6CA8, 0xE57501, 0x009F6D, 0x883F73, 0x3C9CD0, 0xAE5C00,
                                           0x6F6F6F, 0x000000, 0x772200, 0x660048, 0x2E06AC, 0xBB1144};
static const unsigned dark_palette[] = {0x5AA9E6, 0xF0B429, 0x2FBF8F, 0xFF22AA, 0x8FD3F7, 0xCC6633,
                                        0xCCCCCC, 0xFFFFFF, 0x66FFAA, 0x5577FF, 0x009977, 0x5588AA};

double ic_color_contrast(ic_color a, ic_color b)
{
    double x = ic_contrast_luminance(a), y = ic_contrast_luminance(b);
    return (fmax(x, y) + 0.05) / (fmin(x, y) + 0.05);
}

ic_color ic_theme_text_color(const ic_colors *t, ic_color c)
{
    /* a darker (dark theme: lighter) shade of the same hue; a little above
     * 4.5:1 so it keeps it once written as #rrggbb */
    if (ic_color_contrast(c, t->background) >= IC_CONTRAST_TEXT)
        return c;
    return ic_contrast_shade(c, &t->background, 1, IC_CONTRAST_TEXT + 0.05);
}

ic_color ic_palette_color(const ic_colors *t, size_t i)
{
    return i < t->npalette ? t->palette[i] : t->muted;
}

static void set_color_from_spec(ic_color *dst, const char *spec_value)
{
    ic_color c;
    if (spec_value && ic_color_parse(spec_value, &c) == 0)
        *dst = c;
}

/* An organisation theme's colours over the built-in ones (the spec's own
 * colours are applied after, and win). "text" is the title's and labels'
 * colour, "text_muted" the subtitle's, source's and ticks'. */
static void apply_theme_colors(ic_colors *t, const ic_theme *th)
{
    if (th->has_background)
        t->background = th->background;
    if (th->has_text)
        t->title = t->text = th->text;
    if (th->has_text_muted)
        t->subtitle = t->source = t->tick = th->text_muted;
    if (th->npalette > 0) {
        t->npalette = th->npalette;
        for (size_t i = 0; i < th->npalette; i++)
            t->palette[i] = th->palette[i];
    }
    if (th->has_accent) {
        t->accent = th->accent;
        if (th->npalette == 0)
            t->palette[0] = th->accent; /* as the spec's "accent" does */
    }
    if (th->has_muted)
        t->muted = th->muted;
}

int ic_chart_set_theme(ic_chart *chart, const ic_theme *theme, ic_error *err)
{
    if (!chart)
        return ic_error_set(err, IC_ERR_USAGE, NULL, 0, 0, "ic_chart_set_theme: no chart given");
    ic_theme *held = ic_theme_ref(theme);
    ic_theme_free(chart->spec->theme);
    chart->spec->theme = held;
    return 0;
}

int ic_theme_notices(ic_layout *L)
{
    const ic_theme *th = L->spec->theme;
    if (!th || !th->has_text)
        return 0;
    double r = ic_color_contrast(th->text, L->theme.background);
    if (r >= IC_CONTRAST_TEXT)
        return 0;
    unsigned hex = (unsigned)lround(th->text.r * 255) << 16 | (unsigned)lround(th->text.g * 255) << 8 |
                   (unsigned)lround(th->text.b * 255);
    return ic_scene_notice(L->scene, 0, 0,
                           "%s: the theme's \"text\" #%06x has %.2f:1 contrast on the background; text is drawn "
                           "in a shade of it that has 4.5:1",
                           th->path, hex, floor(r * 100) / 100) < 0 ? ic_layout_oom(L) : 0;
}

int ic_layout_init(ic_layout *L, const ic_spec *spec, const ic_table *table, ic_scene *scene, ic_error *err)
{
    memset(L, 0, sizeof *L);
    L->spec = spec;
    L->table = table;
    L->scene = scene;
    L->err = err;

    ic_colors *t = &L->theme;
    t->background = rgb(0xFFFFFF);
    t->title = rgb(0x1A1A1A);
    t->text = rgb(0x333333);
    t->subtitle = rgb(0x4D4D4D);
    t->source = rgb(0x6B6B6B);
    t->rule = rgb(0xD9D9D9);
    t->grid = rgb(0xE8E8E8);
    t->baseline = rgb(0x4D4D4D);
    t->tick = rgb(0x6B6B6B);
    t->accent = rgb(0x1B6CA8);
    t->muted = rgb(0x8A949D); /* 3.09:1 on white: seen, yet quieter than the accent (5.59:1) */
    t->on_bar = rgb(0xFFFFFF);
    t->npalette = sizeof default_palette / sizeof *default_palette;
    for (size_t i = 0; i < t->npalette; i++)
        t->palette[i] = rgb(default_palette[i]);

    const ic_theme *th = spec->theme;
    if (th ? th->dark : spec->theme_dark) {
        t->background = rgb(0x15191E);
        t->title = rgb(0xF2F2F2);
        t->text = rgb(0xDADADA);
        t->subtitle = rgb(0xBDBDBD);
        t->source = rgb(0x9C9C9C);
        t->rule = rgb(0x3A4048);
        t->grid = rgb(0x2C3239);
        t->baseline = rgb(0xBDBDBD);
        t->tick = rgb(0x9C9C9C);
        t->accent = rgb(0x5AA9E6);
        t->muted = rgb(0x5E6873); /* 3.11:1 on the dark background; the accent has 6.94:1 */
        t->on_bar = rgb(0x15191E);
        for (size_t i = 0; i < t->npalette; i++)
            t->palette[i] = rgb(dark_palette[i]);
    }
    if (th) {
        apply_theme_colors(t, th);
        /* a scene laid out for drawing (one with fonts) takes the theme's
         * font set and holds the theme, whose fonts and logo it uses */
        if (scene->fonts && scene->theme != th) {
            const ic_fonts *fonts = ic_theme_fonts_for(th, scene->fonts);
            if (!fonts)
                return ic_error_set(err, IC_ERR_NOMEM, spec->path, 0, 0, "out of memory");
            scene->fonts = fonts;
            ic_theme_free(scene->theme);
            scene->theme = ic_theme_ref(th);
        }
    }
    set_color_from_spec(&t->background, spec->theme_bg);
    set_color_from_spec(&t->accent, spec->accent);
    set_color_from_spec(&t->muted, spec->muted);
    if (spec->accent)
        t->palette[0] = t->accent;
    if (spec->npalette > 0) {
        t->npalette = 0;
        for (size_t i = 0; i < spec->npalette && i < IC_PALETTE_MAX; i++)
            set_color_from_spec(&t->palette[t->npalette++], spec->palette[i]);
    }

    /* Type scale (issue 10, item 4). Every size is a multiple of the body
     * size `f`, the smallest text allowed where the chart is published:
     * on screens 2.0 % of the canvas width (21.6 px at 1080, what a phone
     * shows at about 8 CSS px), titles at least 3.6 %; on paper 6.5 pt,
     * growing a little with the column width, titles at least 10 pt. Sizes
     * follow the width, not the short side. `text_scale` enlarges
     * everything; below 1 it cannot push text under the floors. */
    double w = scene->width, h = scene->height, shorter = fmin(w, h);
    L->text_floor = spec->print ? 6.5 : 0.020 * w;
    L->title_floor = spec->print ? 10.0 : 0.036 * w;
    double f = spec->print ? fmax(6.5, 0.0165 * w) : 0.020 * w;
    double ts = spec->text_scale;
    /* a theme's "type_scale" multiplies too, per role */
    double ts_title = ts, ts_subtitle = ts, ts_body = ts, ts_source = ts;
    if (th) {
        ts_title *= th->type_scale[IC_TYPE_TITLE];
        ts_subtitle *= th->type_scale[IC_TYPE_SUBTITLE];
        ts_body *= th->type_scale[IC_TYPE_BODY];
        ts_source *= th->type_scale[IC_TYPE_SOURCE];
    }
    /* paper's hierarchy is flatter than a social image's */
    L->title_size = fmax(L->title_floor, (spec->print ? 1.6 : 2.13) * f * ts_title);
    L->subtitle_size = fmax(L->text_floor, (spec->print ? 1.2 : 1.3) * f * ts_subtitle);
    L->label_size = fmax(L->text_floor, (spec->print ? 1.12 : 1.16) * f * ts_body);
    L->value_size = fmax(L->text_floor, (spec->print ? 1.08 : 1.11) * f * ts_body);
    L->tick_size = fmax(L->text_floor, f * ts_body);
    L->source_size = fmax(L->text_floor, f * ts_source);
    L->gap = 0.926 * f * ts;
    L->margin = 0.055 * shorter;
    /* strokes: hairlines on paper (0.25-0.5 pt), a device pixel or more on screens */
    L->grid_w = spec->print ? 0.35 : fmax(1, w / 1080.0);
    L->rule_w = spec->print ? 0.5 : fmax(1, w / 1080.0);
    L->axis_w = spec->print ? 0.75 : fmax(1.5, 2 * w / 1080.0);
    /* the numerals' line box: Inter's for Western digits (in an Urdu chart
     * too: Latin digits are set in Inter), the script's face for
     * Arabic-Indic and Urdu digits */
    for (int f = 0; f < IC_FONT_COUNT; f++) {
        double a = 0.97, d = 0.24; /* Inter's, for a scene without fonts (theme tests) */
        if (scene->fonts) {
            const ic_face *face = spec->number.digits == IC_DIGITS_WESTERN ? ic_fonts_face(scene->fonts, (ic_font_style)f)
                                                                           : ic_scene_face(scene, (ic_font_style)f);
            a = face->ascender;
            d = face->descender;
        }
        L->num_ascent[f] = a;
        L->num_descent[f] = d;
    }
    L->left = L->margin;
    L->right = w - L->margin;
    L->top = L->margin;
    L->bottom = h - L->margin;
    return 0;
}

double ic_text_size(const ic_layout *L, double size)
{
    return fmax(size, L->text_floor);
}

double ic_number_ascent(const ic_layout *L, ic_font_style font, double size)
{
    return L->num_ascent[font] * size;
}

double ic_number_line_height(const ic_layout *L, ic_font_style font, double size, double factor)
{
    return fmax(factor, L->num_ascent[font] + L->num_descent[font]) * size;
}

double ic_number_center_baseline(const ic_layout *L, ic_font_style font, double size, double cy)
{
    return cy + (L->num_ascent[font] - L->num_descent[font]) * size / 2;
}

double ic_ascent(const ic_layout *L, ic_font_style font, double size)
{
    return ic_scene_face(L->scene, font)->ascender * size;
}

double ic_line_height(const ic_layout *L, ic_font_style font, double size, double factor)
{
    const ic_face *f = ic_scene_face(L->scene, font);
    return fmax(factor, f->ascender + f->descender) * size;
}

int ic_layout_oom(ic_layout *L)
{
    return ic_error_set(L->err, IC_ERR_NOMEM, L->spec->path, 0, 0, "out of memory while laying out");
}

int ic_spec_highlights(const ic_spec *spec, const char *name)
{
    for (size_t h = 0; h < spec->nhighlight; h++)
        if (strcmp(spec->highlight[h], name) == 0)
            return 1;
    return 0;
}

double ic_center_baseline(ic_layout *L, ic_font_style font, double size, double cy)
{
    const ic_face *f = ic_scene_face(L->scene, font);
    return cy + (f->ascender - f->descender) * size / 2;
}
