/* Layout context shared by the frame and the chart kinds: the spec, the data,
 * the theme, the type scale and the region left for the chart. */
#ifndef IC_LAYOUT_LAYOUT_H
#define IC_LAYOUT_LAYOUT_H

#include "scene/scene.h"
#include "spec/spec.h"
#include "data/table.h"

#define IC_PALETTE_MAX 16

typedef struct ic_colors {
    ic_color background, title, text, subtitle, source, rule, grid, baseline, tick;
    ic_color accent;    /* the story colour (highlighted or all bars) */
    ic_color muted;     /* everything not highlighted */
    ic_color on_bar;    /* text drawn on top of a bar */
    ic_color palette[IC_PALETTE_MAX];
    size_t npalette;
} ic_colors;

typedef enum ic_align { IC_ALIGN_LEFT, IC_ALIGN_CENTER, IC_ALIGN_RIGHT } ic_align;

typedef struct ic_layout {
    const ic_spec *spec;
    const ic_table *table;
    ic_scene *scene;
    ic_error *err;
    ic_colors theme;
    /* type scale, all in scene units */
    double margin;
    double title_size, subtitle_size, label_size, value_size, tick_size, source_size;
    double gap;         /* standard vertical gap between blocks */
    /* the smallest any text and the title may be where the chart is
     * published (social: 2.0 % and 3.6 % of the width; print: 6.5 pt and
     * 10 pt); fitting steps text down to text_floor and never below */
    double text_floor, title_floor;
    /* line metrics of the chart's numerals per unit size (see
     * ic_number_line_height) */
    double num_ascent[IC_FONT_COUNT], num_descent[IC_FONT_COUNT];
    /* stroke widths: gridlines, the frame's rule, baselines and axes */
    double grid_w, rule_w, axis_w;
    /* the height the chart needs at its most compact (set by a kind
     * before ic_layout_frame, 0 = no need): the frame tightens until the
     * chart has it, or its own ladder ends */
    double chart_need;
    /* region left for the chart after the frame is placed */
    double left, top, right, bottom;
    /* what the facets of a spec share (layout/facet_scale.h): NULL
     * without facets or with "facet_scale": "independent" */
    const struct ic_facet_share *share;
} ic_layout;

/* Metrics for numbers (ticks, value labels, years): those of the font the
 * chart's numerals are set in, so Latin digits in an Urdu chart take
 * Inter's line height, not Nastaliq's. Same meaning as ic_ascent,
 * ic_line_height and ic_center_baseline. */
double ic_number_ascent(const ic_layout *L, ic_font_style font, double size);
double ic_number_line_height(const ic_layout *L, ic_font_style font, double size, double factor);
double ic_number_center_baseline(const ic_layout *L, ic_font_style font, double size, double cy);

/* `size`, raised to the smallest text allowed (L->text_floor): for sizes a
 * kind derives from the scale (a legend a little smaller than labels). */
double ic_text_size(const ic_layout *L, double size);

/* Fills the theme and type scale from the spec and canvas. Returns 0 or -1. */
int ic_layout_init(ic_layout *L, const ic_spec *spec, const ic_table *table, ic_scene *scene, ic_error *err);

/* Warnings about the spec that change nothing in the chart (a language
 * without translations, a 100 % stack of percentages whose rows do not add
 * up to 100), as scene notices; called by ic_layout_frame. Returns 0 or -1. */
int ic_layout_notices(ic_layout *L);

/* A note when the organisation theme's "text" colour has less than 4.5:1
 * contrast on the chart's background (the contrast pass draws a shade of it
 * that has it). Returns 0 or -1. */
int ic_theme_notices(ic_layout *L);

/* Places title, subtitle, note, source and byline; sets the chart region. */
int ic_layout_frame(ic_layout *L);

/* Places a legend (swatch + label per entry, flowed in rows; a label too
 * wide for the region wraps onto lines of its own) at the top of the chart
 * region and shrinks the region. */
int ic_layout_legend(ic_layout *L, const char *const *labels, const ic_color *colors, size_t n);
/* A legend of series (`series[i]` is entry i's series index; NULL: i):
 * one entry per series in its colour, except that the series drawn in the
 * muted grey (beyond the palette, or not highlighted) share one last entry
 * that names them all, so no two entries show the same swatch. Marks carry
 * their series (-1 for the grey entry). */
int ic_layout_series_legend(ic_layout *L, const char *const *names, const ic_color *colors, const int *series,
                            size_t n);
/* A legend in a column from x0 to x1, one entry per row from `top` (beside
 * a chart on a wide canvas). With `colors` NULL only measures. Returns the
 * height, or -1 when out of memory; the chart region is left as it is. */
double ic_layout_legend_column(ic_layout *L, const char *const *labels, const ic_color *colors, size_t n, double x0,
                               double x1, double top);
/* The height ic_layout_legend would take, without drawing; -1 when out of
 * memory. */
double ic_layout_legend_height(ic_layout *L, const char *const *labels, size_t n);

/* Wraps `text` to `max_width` and adds one text mark per line, the first
 * line's top at `top`. Returns the height used, or -1 when out of memory. */
double ic_layout_text_block(ic_layout *L, ic_role role, int row, const char *text, ic_font_style font,
                            double size, ic_color color, double x, double top, double max_width,
                            ic_align align, double line_height);

/* Line height for a font size: never less than the font's own extent, so the
 * boxes of stacked lines do not overlap. */
double ic_line_height(const ic_layout *L, ic_font_style font, double size, double factor);
/* Ascender of the font at `size`. */
double ic_ascent(const ic_layout *L, ic_font_style font, double size);

/* Records "out of memory" for the spec and returns -1. */
int ic_layout_oom(ic_layout *L);

/* 1 when `name` (a category, or for some kinds a series) is in the spec's
 * "highlight" list. */
int ic_spec_highlights(const ic_spec *spec, const char *name);

/* The baseline that centres a line of text (its box from ascender to
 * descender) vertically on `cy`. */
double ic_center_baseline(ic_layout *L, ic_font_style font, double size, double cy);

/* Categorical colour i: the palette's colours in order, then (beyond the
 * palette) the muted grey. A kind that needs more colours than the palette
 * has must say so with ic_scene_warn and group or grey the rest. */
ic_color ic_palette_color(const ic_colors *t, size_t i);

/* WCAG 2 contrast ratio of two colours (1 to 21). */
double ic_color_contrast(ic_color a, ic_color b);

/* `c` for text on the theme's background: itself when it has >= 4.5:1
 * contrast there, else the nearest shade of its hue that has it
 * (ic_contrast_shade). */
ic_color ic_theme_text_color(const ic_colors *t, ic_color c);

/* Parses "#rrggbb" (or "#rgb"); returns 0 or -1. */
int ic_color_parse(const char *s, ic_color *out);

#endif
