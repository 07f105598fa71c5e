/* The frame around every chart: bold title and grey subtitle at the top,
 * note, source and byline at the bottom above a thin rule; an organisation
 * theme's logo at the end of the source line. */
#include "layout/facet_scale.h"
#include "layout/layout.h"
#include "layout/locale.h"
#include "spec/theme_file.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Baselines of wrapped lines: one line height apart, or further when a
 * line's own ink (Nastaliq's tall letters) needs it. Fills `base` (offsets
 * from the block's top) and returns the block's height. */
static double line_baselines(ic_layout *L, char **lines, size_t n, ic_font_style font, double size,
                             double line_height, double *base)
{
    double prev_desc = 0, y = 0, bottom = 0;
    for (size_t i = 0; i < n; i++) {
        double asc = 0, desc = 0;
        ic_scene_text_extents(L->scene, lines[i], font, size, &asc, &desc);
        y = i == 0 ? asc : y + fmax(line_height, prev_desc + asc);
        base[i] = y;
        prev_desc = desc;
        bottom = y + desc;
    }
    return fmax((double)n * line_height, bottom);
}

double ic_layout_text_block(ic_layout *L, ic_role role, int row, const char *text, ic_font_style font,
                            double size, ic_color color, double x, double top, double max_width,
                            ic_align align, double line_height)
{
    const ic_face *face = ic_scene_face(L->scene, font);
    char **lines = NULL;
    size_t n = ic_wrap_balanced(face, text, size, max_width, &lines);
    double *base = n ? malloc(n * sizeof *base) : NULL;
    if (!base) {
        ic_lines_free(lines, n);
        return -1;
    }
    double height = line_baselines(L, lines, n, font, size, line_height, base);
    for (size_t i = 0; i < n; i++) {
        double w = ic_text_width(face, lines[i], strlen(lines[i]), size);
        double bx = align == IC_ALIGN_LEFT ? x : align == IC_ALIGN_CENTER ? x + (max_width - w) / 2
                                                                           : x + max_width - w;
        ic_mark *m = ic_scene_text(L->scene, role, lines[i], font, size, bx, top + base[i], color);
        if (!m) {
            height = -1;
            break;
        }
        m->row = row;
    }
    free(base);
    ic_lines_free(lines, n);
    return height;
}

/* Height a wrapped block will take, without adding it. */
static double block_height(ic_layout *L, const char *text, ic_font_style font, double size, double max_width,
                           double line_height)
{
    char **lines = NULL;
    size_t n = ic_wrap_balanced(ic_scene_face(L->scene, font), text, size, max_width, &lines);
    double *base = n ? malloc(n * sizeof *base) : NULL;
    double height = base ? line_baselines(L, lines, n, font, size, line_height, base) : 0;
    free(base);
    ic_lines_free(lines, n);
    return height;
}

/* `fmt` ("Source: %s") filled with `text`, then `more_fmt` with `more`. */
static char *locale_line(const char *fmt, const char *text, const char *more_fmt, const char *more)
{
    char *first = ic_asprintf(fmt, text);
    if (!first || !more_fmt)
        return first;
    char *second = ic_asprintf(more_fmt, more);
    char *line = second ? ic_asprintf("%s%s", first, second) : NULL;
    free(first);
    free(second);
    return line;
}

/* The frame's texts and how much height each takes at given sizes. The
 * source line (source and byline) shares a band with the theme's logo, if
 * any: source_h is the band's height, the taller of the two. */
typedef struct frame_text {
    char *source, *note;
    double title_size, subtitle_size;
    double title_h, subtitle_h, source_h, note_h;
    double source_text_h;   /* the source text's own height */
    double logo_w, logo_h;  /* the logo's size (0: none) */
    int logo_left;          /* the logo at the start of the line (else its end) */
} frame_text;

/* The width the logo takes from the source line: itself and a gap. */
static double logo_reserve(const ic_layout *L, const frame_text *F)
{
    return F->logo_w > 0 ? F->logo_w + 0.8 * L->gap : 0;
}

/* The theme's logo, sized: its "height" (else about 1.6 source lines of
 * Latin text: 2.1 times the source's size, whatever the script), never
 * wider than a third of the frame. */
static void size_logo(ic_layout *L, frame_text *F, double width)
{
    const ic_theme *th = L->spec->theme;
    if (!th || !th->logo)
        return;
    double h = th->logo_height > 0 ? th->logo_height : 2.1 * L->source_size;
    double w = h * th->logo->width / th->logo->height;
    if (w > width / 3) {
        h *= width / 3 / w;
        w = width / 3;
    }
    F->logo_w = w;
    F->logo_h = h;
    F->logo_left = th->logo_left == 1;
}

/* How a frame text is measured for ic_facet_tallest: its block at a size
 * and width, a note with its locale's "Note:" before it. */
typedef struct block_measure {
    ic_font_style font;
    double size, width, line_height;
    const char *format; /* "Note: %s", or NULL for the text as it is */
} block_measure;

static double measure_block(ic_layout *L, const char *text, void *ctx)
{
    const block_measure *m = ctx;
    char *formatted = m->format ? locale_line(m->format, text, NULL, NULL) : NULL;
    double h = block_height(L, formatted ? formatted : text, m->font, m->size, m->width, m->line_height);
    free(formatted);
    return h;
}

/* Facets that share scales take the tallest title, subtitle and note of all
 * facets (layout/facet_scale.h), so every panel's plot area is the same. */
static void measure_frame(ic_layout *L, frame_text *F, double width)
{
    const ic_spec *spec = L->spec;
    double lh = ic_line_height(L, IC_FONT_REGULAR, L->source_size, 1.3);
    block_measure title = {IC_FONT_BOLD, F->title_size, width, ic_line_height(L, IC_FONT_BOLD, F->title_size, 1.15),
                           NULL};
    block_measure sub = {IC_FONT_REGULAR, F->subtitle_size, width,
                         ic_line_height(L, IC_FONT_REGULAR, F->subtitle_size, 1.3), NULL};
    block_measure note = {IC_FONT_REGULAR, L->source_size, width, lh, ic_locale_for(spec->lang)->note};
    F->title_h = ic_facet_tallest(L, 0, measure_block(L, spec->title, &title), measure_block, &title);
    F->subtitle_h = spec->subtitle && spec->subtitle[0]
                        ? 0.35 * L->gap + ic_facet_tallest(L, 1, measure_block(L, spec->subtitle, &sub),
                                                           measure_block, &sub)
                        : 0;
    F->source_text_h = block_height(L, F->source, IC_FONT_REGULAR, L->source_size, width - logo_reserve(L, F), lh);
    F->source_h = fmax(F->source_text_h, F->logo_h);
    F->note_h = F->note ? ic_facet_tallest(L, 2, block_height(L, F->note, IC_FONT_REGULAR, L->source_size, width, lh),
                                           measure_block, &note)
                        : 0;
}

/* The frame's texts, `w` wide from x: title and subtitle down from `top`,
 * note and source up from `bottom`. Sets *header_end (under the subtitle)
 * and *footer_top (over the note, or the source). Returns 0, or -1 when out
 * of memory (set on L). */
static int place_frame_texts(ic_layout *L, const frame_text *F, double x, double w, double top, double bottom,
                             double *header_end, double *footer_top)
{
    const ic_spec *spec = L->spec;
    double y = top;
    double h = ic_layout_text_block(L, IC_ROLE_TITLE, -1, spec->title, IC_FONT_BOLD, F->title_size, L->theme.title,
                                    x, y, w, IC_ALIGN_LEFT, ic_line_height(L, IC_FONT_BOLD, F->title_size, 1.15));
    if (h < 0)
        return ic_layout_oom(L);
    y += h;
    if (spec->subtitle && spec->subtitle[0]) {
        y += 0.35 * L->gap;
        h = ic_layout_text_block(L, IC_ROLE_SUBTITLE, -1, spec->subtitle, IC_FONT_REGULAR, F->subtitle_size,
                                 L->theme.subtitle, x, y, w, IC_ALIGN_LEFT,
                                 ic_line_height(L, IC_FONT_REGULAR, F->subtitle_size, 1.3));
        if (h < 0)
            return ic_layout_oom(L);
        y += h;
    }
    /* facets sharing scales reserve the tallest header of them all */
    *header_end = L->share ? fmax(y, top + F->title_h + F->subtitle_h) : y;
    /* built from the bottom up: byline/source lines, then the note */
    double lh = ic_line_height(L, IC_FONT_REGULAR, L->source_size, 1.3);
    double source_top = bottom - F->source_h;
    double note_top = source_top - (F->note ? F->note_h + 0.3 * L->gap : 0);
    if (F->note && ic_layout_text_block(L, IC_ROLE_NOTE, -1, F->note, IC_FONT_REGULAR, L->source_size,
                                        L->theme.source, x, note_top, w, IC_ALIGN_LEFT, lh) < 0)
        return ic_layout_oom(L);
    /* the source text and the logo, each centred in the source band */
    double reserve = logo_reserve(L, F);
    double text_x = F->logo_left ? x + reserve : x;
    double text_top = source_top + (F->source_h - F->source_text_h) / 2;
    if (ic_layout_text_block(L, IC_ROLE_SOURCE, -1, F->source, IC_FONT_REGULAR, L->source_size, L->theme.source,
                             text_x, text_top, w - reserve, IC_ALIGN_LEFT, lh) < 0)
        return ic_layout_oom(L);
    if (F->logo_w > 0 &&
        !ic_scene_image(L->scene, IC_ROLE_LOGO, L->spec->theme->logo, F->logo_left ? x : x + w - F->logo_w,
                        source_top + (F->source_h - F->logo_h) / 2, F->logo_w, F->logo_h))
        return ic_layout_oom(L);
    *footer_top = note_top;
    return 0;
}

/* The frame in a column `col_w` wide at the left, from `top` to `bottom`,
 * with a rule between it and the chart, which takes the rest of the width
 * and the whole height. */
static int side_frame(ic_layout *L, const frame_text *F, double x, double col_w, double top, double bottom)
{
    double header_end, footer_top;
    if (place_frame_texts(L, F, x, col_w, top, bottom, &header_end, &footer_top) != 0)
        return -1;
    double rule_x = x + col_w + 0.75 * L->gap;
    if (!ic_scene_line(L->scene, IC_ROLE_RULE, rule_x, top, rule_x, bottom, L->rule_w, L->theme.rule))
        return ic_layout_oom(L);
    L->left = rule_x + 0.75 * L->gap;
    L->top = top;
    L->bottom = bottom;
    return 0;
}

/* The chart gets at least this share of the height between the safe zones
 * (or L->chart_need, when more); a longer title and subtitle are set
 * smaller, down to the floors, first. */
#define FRAME_MIN_CHART_SHARE 0.5

int ic_layout_frame(ic_layout *L)
{
    const ic_spec *spec = L->spec;
    double x = L->margin, width = L->scene->width - 2 * L->margin;
    /* a preset's safe zones (story) hold nothing: the frame starts below and
     * ends above them, and the chart takes the height in between */
    double top = fmax(L->margin, spec->safe_top);
    double bottom = L->scene->height - fmax(L->margin, spec->safe_bottom);

    const ic_locale *loc = ic_locale_for(spec->lang);
    if (ic_layout_notices(L) != 0 || ic_theme_notices(L) != 0)
        return -1;
    frame_text F = {0};
    size_logo(L, &F, width);
    /* a theme's source prefix takes the place of the localised "Source:" */
    const char *prefix = ic_theme_source_prefix(spec->theme, spec->lang);
    char *prefixed = prefix ? ic_asprintf("%s%s", prefix, spec->source) : NULL;
    if (prefix && !prefixed)
        return ic_layout_oom(L);
    F.source = prefixed ? locale_line("%s", prefixed, spec->byline ? loc->chart_by : NULL, spec->byline)
                        : locale_line(loc->source, spec->source, spec->byline ? loc->chart_by : NULL, spec->byline);
    free(prefixed);
    F.note = spec->note ? locale_line(loc->note, spec->note, NULL, NULL) : NULL;
    if (!F.source || (spec->note && !F.note)) {
        free(F.source);
        free(F.note);
        return ic_layout_oom(L);
    }
    /* the fitting ladder of the frame: title and subtitle step down to the
     * floors, then the space around the frame tightens, until the chart
     * keeps its share of the height */
    double space = 1; /* share of the usual space between frame and chart */
    double stacked = 0; /* the height the chart gets between header and footer */
    for (int step = 0; step <= 7; step++) {
        double t = fmin(step, 4) / 4.0;
        space = step <= 4 ? 1 : step == 5 ? 0.75 : step == 6 ? 0.5 : 0.3;
        F.title_size = L->title_size - t * (L->title_size - fmin(L->title_size, L->title_floor));
        F.subtitle_size = L->subtitle_size - t * (L->subtitle_size - fmin(L->subtitle_size, L->text_floor));
        measure_frame(L, &F, width);
        double header = F.title_h + F.subtitle_h + 1.6 * space * L->gap;
        double footer = F.source_h + (F.note ? F.note_h + 0.3 * L->gap : 0) + 2.1 * space * L->gap;
        stacked = bottom - top - header - footer;
        if (stacked >= fmax(FRAME_MIN_CHART_SHARE * (bottom - top), L->chart_need))
            break;
    }
    /* on a wide canvas whose chart needs more height than the frame above
     * and below leaves, the frame may stand in a column at the left, the
     * chart taking the whole height beside it */
    if (stacked < L->chart_need && L->scene->width > 1.3 * (bottom - top)) {
        /* the column is 30 % of the width, or up to 40 % when its texts
         * (long notes, tall scripts) need it */
        frame_text S = F;
        double col_w = 0, column = INFINITY;
        for (double share = 0.3; share < 0.45 && column > bottom - top; share += 0.05) {
            S = F;
            col_w = share * width;
            S.logo_w = S.logo_h = 0;
            size_logo(L, &S, col_w);
            measure_frame(L, &S, col_w);
            column = S.title_h + S.subtitle_h + 1.6 * L->gap + S.source_h + (S.note ? S.note_h + 0.3 * L->gap : 0);
        }
        if (column <= bottom - top && bottom - top > stacked * 1.05) {
            int rc = side_frame(L, &S, x, col_w, top, bottom);
            free(F.source);
            free(F.note);
            return rc;
        }
    }

    double header_end = top, footer_top = bottom;
    int rc = place_frame_texts(L, &F, x, width, top, bottom, &header_end, &footer_top);
    L->top = header_end + 1.6 * space * L->gap;
    double rule_y = footer_top - 0.7 * space * L->gap;
    if (rc == 0 && !ic_scene_line(L->scene, IC_ROLE_RULE, x, rule_y, x + width, rule_y, L->rule_w, L->theme.rule))
        rc = ic_layout_oom(L);
    free(F.source);
    free(F.note);
    L->bottom = rule_y - 1.4 * space * L->gap;
    return rc;
}

/* Flows the legend's entries in rows from the top of the chart region
 * (`column`: one entry per row); an entry too wide for a row wraps onto
 * lines of its own (balanced). With `colors` NULL only measures. Returns
 * the height taken, or -1 when out of memory. */
static double legend_flow(ic_layout *L, const char *const *labels, const ic_color *colors, size_t n, int column)
{
    double size = ic_text_size(L, L->label_size * 0.92);
    double sw = size * 0.8;               /* swatch side */
    double item_gap = size * 1.2;
    double lh = ic_line_height(L, IC_FONT_REGULAR, size, 1.35);
    double asc = ic_ascent(L, IC_FONT_REGULAR, size);
    double text_w = L->right - L->left - sw - 0.4 * size; /* the widest a label may be */
    const ic_face *face = ic_scene_face(L->scene, IC_FONT_REGULAR);
    double x = L->left, y = L->top, row_h = lh;
    for (size_t i = 0; i < n; i++) {
        char **lines = NULL;
        size_t nl = ic_wrap_balanced(face, labels[i], size, text_w, &lines);
        if (nl == 0)
            return -1;
        double tw = 0;
        for (size_t j = 0; j < nl; j++)
            tw = fmax(tw, ic_scene_text_width(L->scene, lines[j], IC_FONT_REGULAR, size));
        double item_w = sw + 0.4 * size + tw;
        if (x > L->left && (column || nl > 1 || x + item_w > L->right)) {
            x = L->left;
            y += row_h;
            row_h = lh;
        }
        row_h = fmax(row_h, (double)nl * lh);
        double cap = asc * 0.72; /* swatch centred on the first line's x-height band */
        int failed = 0;
        for (size_t j = 0; colors && j < nl && !failed; j++) {
            /* tag each mark at once: adding the next one may move the array */
            if (j == 0) {
                ic_mark *r = ic_scene_rect(L->scene, IC_ROLE_LEGEND_SWATCH, x, y + asc - cap / 2 - sw / 2, sw, sw,
                                           colors[i]);
                failed = !r;
                if (r)
                    r->series = (int)i;
            }
            ic_mark *t = failed ? NULL
                                : ic_scene_text(L->scene, IC_ROLE_LEGEND_LABEL, lines[j], IC_FONT_REGULAR, size,
                                                x + sw + 0.4 * size, y + asc + (double)j * lh, L->theme.text);
            failed = !t;
            if (t)
                t->series = (int)i;
        }
        ic_lines_free(lines, nl);
        if (failed)
            return -1;
        x += item_w + item_gap;
        if (nl > 1)
            x = L->right; /* the next entry starts a new row */
    }
    return y + row_h - L->top + L->gap;
}

double ic_layout_legend_height(ic_layout *L, const char *const *labels, size_t n)
{
    return legend_flow(L, labels, NULL, n, 0);
}

double ic_layout_legend_column(ic_layout *L, const char *const *labels, const ic_color *colors, size_t n, double x0,
                               double x1, double top)
{
    ic_layout at = *L; /* the same layout, narrowed to the column */
    at.left = x0;
    at.right = x1;
    at.top = top;
    double h = legend_flow(&at, labels, colors, n, 1);
    return h < 0 ? h : h - L->gap; /* no space after it: nothing follows below */
}

int ic_layout_legend(ic_layout *L, const char *const *labels, const ic_color *colors, size_t n)
{
    double h = legend_flow(L, labels, colors, n, 0);
    if (h < 0)
        return ic_layout_oom(L);
    L->top += h;
    return 0;
}

int ic_layout_series_legend(ic_layout *L, const char *const *names, const ic_color *colors, const int *series,
                            size_t n)
{
    const ic_color *grey = &L->theme.muted;
    const char **entry = malloc((n + 1) * sizeof *entry);
    ic_color *swatch = malloc((n + 1) * sizeof *swatch);
    int *entry_series = malloc((n + 1) * sizeof *entry_series);
    ic_buf greys = IC_BUF_INIT;
    size_t k = 0;
    int any_grey = 0;
    for (size_t i = 0; entry && swatch && entry_series && i < n; i++) {
        const ic_color *c = &colors[i];
        if (n > 1 && c->r == grey->r && c->g == grey->g && c->b == grey->b) {
            ic_buf_puts(&greys, any_grey ? ", " : "");
            ic_buf_puts(&greys, names[i]);
            any_grey = 1;
            continue;
        }
        entry[k] = names[i];
        swatch[k] = *c;
        entry_series[k++] = series ? series[i] : (int)i;
    }
    char *grey_names = ic_buf_take(&greys);
    int rc = -1;
    if (entry && swatch && entry_series && (!any_grey || grey_names)) {
        if (any_grey) {
            entry[k] = grey_names;
            swatch[k] = *grey;
            entry_series[k++] = -1;
        }
        size_t first = L->scene->n;
        rc = ic_layout_legend(L, entry, swatch, k);
        for (size_t m = first; rc == 0 && m < L->scene->n; m++) {
            ic_mark *mk = &L->scene->marks[m];
            if (mk->series >= 0 && (size_t)mk->series < k)
                mk->series = entry_series[mk->series];
        }
    } else {
        rc = ic_layout_oom(L);
    }
    free(grey_names);
    free(entry);
    free(swatch);
    free(entry_series);
    return rc;
}
