/* Bar chart: horizontal bars or vertical columns, one or several series.
 *
 * Bars start at zero; the value scale is chosen so that every bar and its
 * value label fit; highlighted categories use the accent colour and the rest
 * are muted; the value axis has light gridlines at nice ticks. Orientation
 * "auto" gives columns when every category label fits on one line under its
 * column (year/date labels may take up to three), and horizontal bars
 * otherwise (long category names read best that way). */
#include "charts/registry.h"
#include "charts/checks.h"
#include "core/error.h"
#include "layout/locale.h"
#include "core/util.h"
#include "layout/annotate.h"
#include "layout/format.h"
#include "layout/ticks.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TICKS 16

typedef struct bar_data {
    ic_layout *L;
    size_t n;          /* categories (rows) */
    size_t ns;         /* series (y columns) */
    size_t *order;     /* [n] row index in drawing order */
    int xcol;
    int ycols[64];
    ic_numfmt fmt;
    double lo, hi;     /* value domain, always including zero */
    char (*labels)[64];   /* [n * ns] formatted values */
    double *label_w;      /* [n * ns] their widths at value_size */
    double value_size;
    int stacked;          /* series stacked in one bar per category */
    double *vals;         /* [n * ns] values drawn (percent of the row for 100 % stacks) */
    double *pos_total, *neg_total; /* [n] stack ends */
    char (*total_labels)[64];      /* [n] the stack totals, formatted (normal stacks) */
    double *total_w;
    size_t *display;      /* [n] drawing position of each data row (inverse of order) */
} bar_data;

/* Geometry handed to the annotations module: where rows and values sit. */
typedef struct bar_axes {
    const bar_data *B;
    double start, band;   /* category axis: first band's start, band size */
    double group, thick;  /* grouped series offsets within a band */
    double zero, k;       /* value axis: zero position and units per value */
    int vertical;         /* columns: values grow up */
} bar_axes;

static double axes_row_pos(void *ctx, size_t row, int series)
{
    const bar_axes *a = ctx;
    double c = a->start + a->band * ((double)a->B->display[row] + 0.5);
    if (series >= 0 && a->B->ns > 1 && !a->B->stacked)
        c += -a->group / 2 + a->thick * ((double)series + 0.5);
    return c;
}

static double axes_value_pos(void *ctx, double v)
{
    const bar_axes *a = ctx;
    return a->vertical ? a->zero - v * a->k : a->zero + v * a->k;
}

static void axes_fill(ic_xy_axes *ax, bar_axes *ba, const bar_data *B, double x0, double y0, double x1, double y1)
{
    memset(ax, 0, sizeof *ax);
    ax->ctx = ba;
    ax->row_pos = axes_row_pos;
    ax->value_pos = axes_value_pos;
    ax->categories_vertical = !ba->vertical;
    ax->x0 = x0;
    ax->y0 = y0;
    ax->x1 = x1;
    ax->y1 = y1;
    ax->row_half = ba->band / 2;
    ax->fmt = &B->fmt;
    ax->lines_in_front = 1; /* bars would hide a reference line drawn behind them */
}

/* Annotation text keeps off the bars: their boxes become avoid boxes. The
 * array is returned for the caller to free (NULL when there are none). */
static double *bar_avoid_boxes(const ic_scene *scene, ic_xy_axes *ax)
{
    size_t n = 0;
    for (size_t i = 0; i < scene->n; i++)
        n += scene->marks[i].role == IC_ROLE_BAR;
    double *boxes = n ? malloc(n * 4 * sizeof *boxes) : NULL;
    if (!boxes)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < scene->n; i++) {
        const ic_mark *m = &scene->marks[i];
        if (m->role != IC_ROLE_BAR)
            continue;
        boxes[k++] = m->x;
        boxes[k++] = m->y;
        boxes[k++] = m->w;
        boxes[k++] = m->h;
    }
    ax->avoid = boxes;
    ax->navoid = n;
    return boxes;
}

/* Callouts, band texts and reference lines, after everything else. */
static int annotate_front(ic_layout *L, ic_xy_axes *ax)
{
    if (L->spec->nannotations == 0)
        return 0;
    double *boxes = bar_avoid_boxes(L->scene, ax);
    int rc = ic_annotate_front(L, ax);
    free(boxes);
    return rc;
}

static double value_at(const bar_data *B, size_t i, size_t s)
{
    return B->vals[i * B->ns + s];
}

static const char *category_at(const bar_data *B, size_t i)
{
    return ic_cell_text(&B->L->table->cols[B->xcol], B->order[i]);
}

static ic_color bar_color(const bar_data *B, size_t i, size_t s)
{
    const ic_theme *t = &B->L->theme;
    if (B->ns > 1)
        return ic_palette_color(t, s); /* grey beyond the palette (warned at layout) */
    if (B->L->spec->nhighlight == 0)
        return t->accent;
    return ic_spec_highlights(B->L->spec, category_at(B, i)) ? t->accent : t->muted;
}

/* Text colour that reads on `fill`: dark on light fills, white on dark. */
static ic_color text_on(const bar_data *B, ic_color fill)
{
    double lum = 0.2126 * fill.r + 0.7152 * fill.g + 0.0722 * fill.b;
    ic_color dark = {0.1, 0.1, 0.1, 1}, light = {1, 1, 1, 1};
    (void)B;
    return lum > 0.55 ? dark : light;
}

/* A stack segment's label, centred in the segment when it fits. */
static int segment_label(bar_data *B, size_t i, size_t s, double x, double y, double w, double h)
{
    ic_layout *L = B->L;
    const char *label = B->labels[i * B->ns + s];
    double lw = B->label_w[i * B->ns + s];
    double th = ic_line_height(L, IC_FONT_BOLD, B->value_size, 1.0);
    if (!L->spec->value_labels || lw + 0.5 * B->value_size > w || th > h * 0.95)
        return 0; /* does not fit: the legend and axis still give the value */
    ic_mark *m = ic_scene_text(L->scene, IC_ROLE_VALUE_LABEL, label, IC_FONT_BOLD, B->value_size, x + (w - lw) / 2,
                               y + h / 2 + (ic_scene_face(L->scene, IC_FONT_BOLD)->ascender -
                                            ic_scene_face(L->scene, IC_FONT_BOLD)->descender) *
                                               B->value_size / 2,
                               text_on(B, bar_color(B, i, s)));
    if (!m)
        return -1;
    m->row = (int)B->order[i];
    m->series = (int)s;
    m->value = value_at(B, i, s);
    return 0;
}

static int too_small(ic_layout *L, const char *what)
{
    return ic_error_set(L->err, IC_ERR_DATA, L->spec->path, 0, 0,
                        "%zu categories do not fit on a %gx%g canvas (%s); use a larger 'size' or fewer rows",
                        L->table->nrows, L->scene->width, L->scene->height, what);
}

/* qsort context: C17 has no qsort_r, so sorting goes through a static-free
 * insertion sort (tables are small; large ones keep file order). */
static void sort_rows(bar_data *B)
{
    ic_sort sort = B->L->spec->sort;
    if (sort == IC_SORT_NONE || B->n > 100000)
        return;
    const double *v = B->L->table->cols[B->ycols[0]].value;
    for (size_t i = 1; i < B->n; i++) {
        size_t r = B->order[i], j = i;
        while (j > 0) {
            double a = v[B->order[j - 1]], b = v[r];
            /* gaps always last */
            int before = isnan(a) ? 0 : isnan(b) ? 1 : sort == IC_SORT_ASCENDING ? a <= b : a >= b;
            if (before)
                break;
            B->order[j] = B->order[j - 1];
            j--;
        }
        B->order[j] = r;
    }
}

static void add_tag(ic_mark *m, const bar_data *B, size_t i, size_t s, double v)
{
    m->row = (int)B->order[i];
    m->series = (int)s;
    m->value = v;
}

/* ------------------------------------------------------------------ */
/* stacks: one bar per category, series end to end from zero           */

static int row_has_gap(const bar_data *B, size_t i)
{
    for (size_t s = 0; s < B->ns; s++)
        if (isnan(value_at(B, i, s)))
            return 1;
    return 0;
}

/* What a stack with missing values says instead of a bar. */
static const char *gap_label(const bar_data *B, size_t i)
{
    const ic_table *t = B->L->table;
    for (size_t s = 0; s < B->ns; s++)
        if (!isnan(t->cols[B->ycols[s]].value[B->order[i]]))
            return ic_locale_for(B->L->spec->lang)->incomplete; /* some parts known, the whole is not */
    return ic_locale_for(B->L->spec->lang)->no_data;
}

/* Where a stack segment of value `v` starts: positive values go on after
 * the positive end `*pos`, negative ones below the negative end `*neg`;
 * the end moves on. */
static double stack_start(double v, double *pos, double *neg)
{
    double start = v > 0 ? *pos : *neg + v;
    if (v > 0)
        *pos += v;
    else
        *neg += v;
    return start;
}

/* Draws row i's segments as horizontal pieces at [y, y+thick]; positive values
 * grow right from zero, negative ones left. Then the total at the end. */
static int stack_row_horizontal(bar_data *B, size_t i, double y, double thick, double zero_x, double k,
                                double pad)
{
    ic_layout *L = B->L;
    double pos = 0, neg = 0;
    for (size_t s = 0; s < B->ns; s++) {
        double v = value_at(B, i, s);
        if (isnan(v) || v == 0)
            continue;
        double start = stack_start(v, &pos, &neg);
        double x = zero_x + start * k, w = fabs(v) * k;
        ic_mark *bar = ic_scene_rect(L->scene, IC_ROLE_BAR, x, y, w, thick, bar_color(B, i, s));
        if (!bar)
            return ic_layout_oom(L);
        add_tag(bar, B, i, s, v);
        if (segment_label(B, i, s, x, y, w, thick) != 0)
            return ic_layout_oom(L);
    }
    if (pos == 0 && neg == 0 && row_has_gap(B, i)) {
        ic_mark *m = ic_scene_text(L->scene, IC_ROLE_VALUE_LABEL, gap_label(B, i), IC_FONT_REGULAR, B->value_size,
                                   zero_x + pad, ic_center_baseline(L, IC_FONT_REGULAR, B->value_size, y + thick / 2),
                                   L->theme.source);
        if (!m)
            return ic_layout_oom(L);
        add_tag(m, B, i, (size_t)-1, NAN);
        return 0;
    }
    if (B->total_labels && B->total_labels[i][0] && L->spec->value_labels) {
        ic_mark *m = ic_scene_text(L->scene, IC_ROLE_VALUE_LABEL, B->total_labels[i], IC_FONT_BOLD, B->value_size,
                                   zero_x + pos * k + pad, ic_center_baseline(L, IC_FONT_BOLD, B->value_size, y + thick / 2),
                                   L->theme.text);
        if (!m)
            return ic_layout_oom(L);
        add_tag(m, B, i, (size_t)-1, pos + neg);
    }
    return 0;
}

/* The same for columns: positive values grow up from zero_y. */
static int stack_row_vertical(bar_data *B, size_t i, double x, double thick, double zero_y, double k,
                              double pad)
{
    ic_layout *L = B->L;
    double pos = 0, neg = 0;
    for (size_t s = 0; s < B->ns; s++) {
        double v = value_at(B, i, s);
        if (isnan(v) || v == 0)
            continue;
        double start = stack_start(v, &pos, &neg);
        double y = zero_y - (start + fabs(v)) * k, h = fabs(v) * k;
        ic_mark *bar = ic_scene_rect(L->scene, IC_ROLE_BAR, x, y, thick, h, bar_color(B, i, s));
        if (!bar)
            return ic_layout_oom(L);
        add_tag(bar, B, i, s, v);
        if (segment_label(B, i, s, x, y, thick, h) != 0)
            return ic_layout_oom(L);
    }
    if (pos == 0 && neg == 0 && row_has_gap(B, i)) {
        /* kept within its column: wrapped when wider, standing on the axis */
        const char *label = gap_label(B, i);
        double lw = ic_scene_text_width(L->scene, label, IC_FONT_REGULAR, B->value_size);
        double w = fmin(lw, 1.2 * thick), lh = ic_line_height(L, IC_FONT_REGULAR, B->value_size, 1.15);
        char **lines = NULL;
        size_t n = ic_wrap_balanced(ic_scene_face(L->scene, IC_FONT_REGULAR), label, B->value_size, w, &lines);
        ic_lines_free(lines, n);
        if (n == 0 || ic_layout_text_block(L, IC_ROLE_VALUE_LABEL, (int)B->order[i], label, IC_FONT_REGULAR,
                                           B->value_size, L->theme.source, x + thick / 2 - w / 2,
                                           zero_y - pad - (double)n * lh, w, IC_ALIGN_CENTER, lh) < 0)
            return ic_layout_oom(L);
        return 0;
    }
    if (B->total_labels && B->total_labels[i][0] && L->spec->value_labels) {
        const ic_face *bold = ic_scene_face(L->scene, IC_FONT_BOLD);
        double lw = B->total_w[i];
        ic_mark *m = ic_scene_text(L->scene, IC_ROLE_VALUE_LABEL, B->total_labels[i], IC_FONT_BOLD, B->value_size,
                                   x + thick / 2 - lw / 2, zero_y - pos * k - pad - bold->descender * B->value_size,
                                   L->theme.text);
        if (!m)
            return ic_layout_oom(L);
        add_tag(m, B, i, (size_t)-1, pos + neg);
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* horizontal bars                                                     */

static int layout_horizontal(bar_data *B)
{
    ic_layout *L = B->L;
    const ic_theme *t = &L->theme;
    double region_w = L->right - L->left;
    double lsize = L->label_size;
    double lh = ic_line_height(L, IC_FONT_REGULAR, lsize, 1.15);
    double pad = 0.4 * B->value_size;

    /* category label column: as wide as the longest label, at most 38 % */
    double cat_w = 0;
    for (size_t i = 0; i < B->n; i++) {
        ic_font_style f = ic_spec_highlights(L->spec, category_at(B, i)) ? IC_FONT_BOLD : IC_FONT_REGULAR;
        cat_w = fmax(cat_w, ic_scene_text_width(L->scene, category_at(B, i), f, lsize));
    }
    cat_w = fmin(cat_w, 0.38 * region_w);
    double plot_x0 = L->left + cat_w + 0.7 * lsize, plot_x1 = L->right;

    /* how many lines each label needs at that width */
    size_t max_lines = 1;
    for (size_t i = 0; i < B->n; i++) {
        char **lines = NULL;
        ic_font_style f = ic_spec_highlights(L->spec, category_at(B, i)) ? IC_FONT_BOLD : IC_FONT_REGULAR;
        size_t k = ic_wrap(ic_scene_face(L->scene, f), category_at(B, i), lsize, cat_w, &lines);
        ic_lines_free(lines, k);
        if (k > max_lines)
            max_lines = k;
    }

    double tick_h = ic_line_height(L, IC_FONT_REGULAR, L->tick_size, 1.2) + 0.5 * L->gap;
    double plot_y0 = L->top, plot_y1 = L->bottom - tick_h;
    double band = (plot_y1 - plot_y0) / (double)B->n;
    if (band < max_lines * lh * 1.05 || band < 1.3 * ic_line_height(L, IC_FONT_BOLD, B->value_size, 1.0) / (B->ns > 1 ? B->ns : 1) * (B->ns > 1 ? 0.6 : 1))
        return too_small(L, "labels would overlap");
    /* few bars: cap their thickness so they do not turn into slabs */
    double max_band = fmax(6.0 * lsize, max_lines * lh * 1.6) * (B->ns > 1 && !B->stacked ? 1.5 : 1);
    if (band > max_band) {
        /* centre the block in the room left */
        plot_y0 += (band - max_band) * (double)B->n / 2;
        band = max_band;
    }
    plot_y1 = plot_y0 + band * (double)B->n;
    double group = B->ns > 1 && !B->stacked ? band * 0.78 : band * 0.62;
    double thick = B->stacked ? group : group / (double)B->ns;

    /* scale: every bar plus its label fits between plot_x0 and plot_x1 */
    double left_space = 0, right_space = 0;
    for (size_t i = 0; i < B->n && !B->stacked; i++)
        for (size_t s = 0; s < B->ns; s++) {
            double v = value_at(B, i, s), w = B->label_w[i * B->ns + s] + pad;
            if (isnan(v) || v >= 0)
                right_space = fmax(right_space, w);
            else
                left_space = fmax(left_space, w);
        }
    for (size_t i = 0; i < B->n && B->stacked && B->total_labels; i++)
        right_space = fmax(right_space, B->total_w[i] + pad);
    double plot_w = plot_x1 - plot_x0 - left_space - right_space;
    if (plot_w < 0.2 * (plot_x1 - plot_x0))
        return too_small(L, "value labels leave no room for bars");
    double k = plot_w / (B->hi - B->lo);
    double zero_x = plot_x0 + left_space - B->lo * k;

    /* gridlines and tick labels */
    double ticks[MAX_TICKS], step;
    int max_ticks = (int)fmax(2, fmin(7, (plot_x1 - plot_x0) / (4.2 * L->tick_size)));
    size_t nt = ic_nice_ticks(B->lo, B->hi, max_ticks, ticks, MAX_TICKS, &step);
    ic_numfmt tf = ic_numfmt_for_ticks(&B->fmt, step);
    double grid_w = fmax(1, L->scene->width / 1080.0);
    double last_right = -INFINITY;
    double tick_base = plot_y1 + 0.5 * L->gap + ic_ascent(L, IC_FONT_REGULAR, L->tick_size);
    for (size_t j = 0; j < nt; j++) {
        double x = zero_x + ticks[j] * k;
        if (x < plot_x0 - 0.5 || x > plot_x1 + 0.5)
            continue;
        char buf[64];
        ic_numfmt_format(&tf, ticks[j], buf, sizeof buf);
        double w = ic_scene_text_width(L->scene, buf, IC_FONT_REGULAR, L->tick_size);
        double bx = fmin(fmax(x - w / 2, plot_x0), L->right - w);
        if (bx < last_right + 0.6 * L->tick_size)
            continue;
        if (ticks[j] != 0 && !ic_scene_line(L->scene, IC_ROLE_GRIDLINE, x, plot_y0, x, plot_y1, grid_w, t->grid))
            return ic_layout_oom(L);
        ic_mark *m = ic_scene_text(L->scene, IC_ROLE_TICK_LABEL, buf, IC_FONT_REGULAR, L->tick_size, bx,
                                   tick_base, t->tick);
        if (!m)
            return ic_layout_oom(L);
        m->value = ticks[j];
        last_right = bx + w;
    }

    bar_axes ba = {B, plot_y0, band, group, thick, zero_x, k, 0};
    ic_xy_axes ax;
    axes_fill(&ax, &ba, B, plot_x0, plot_y0, plot_x1, plot_y1);
    if (ic_annotate_back(L, &ax) != 0)
        return -1;

    for (size_t i = 0; i < B->n; i++) {
        double band_top = plot_y0 + band * (double)i;
        double cy = band_top + band / 2;
        const char *cat = category_at(B, i);
        int hl = ic_spec_highlights(L->spec, cat);
        ic_font_style cf = hl ? IC_FONT_BOLD : IC_FONT_REGULAR;

        /* category label, wrapped, centred on the band */
        char **lines = NULL;
        size_t nl = ic_wrap_balanced(ic_scene_face(L->scene, cf), cat, lsize, cat_w, &lines);
        if (nl == 0)
            return ic_layout_oom(L);
        double block_top = cy - nl * lh / 2;
        for (size_t li = 0; li < nl; li++) {
            ic_mark *m = ic_scene_text(L->scene, IC_ROLE_CATEGORY_LABEL, lines[li], cf, lsize, L->left,
                                       ic_center_baseline(L, cf, lsize, block_top + lh * (li + 0.5)),
                                       hl ? t->title : t->text);
            if (!m) {
                ic_lines_free(lines, nl);
                return ic_layout_oom(L);
            }
            m->row = (int)B->order[i];
        }
        ic_lines_free(lines, nl);

        if (B->stacked) {
            if (stack_row_horizontal(B, i, cy - thick / 2, thick, zero_x, k, pad) != 0)
                return -1;
            continue;
        }
        for (size_t s = 0; s < B->ns; s++) {
            double v = value_at(B, i, s);
            double y = cy - group / 2 + thick * (double)s;
            double gapf = B->ns > 1 ? 0.06 * thick : 0;
            double vcy = y + thick / 2;
            const char *label = B->labels[i * B->ns + s];
            double lw = B->label_w[i * B->ns + s];
            if (isnan(v)) {
                ic_mark *m = ic_scene_text(L->scene, IC_ROLE_VALUE_LABEL, label, IC_FONT_REGULAR,
                                           B->value_size, zero_x + pad,
                                           ic_center_baseline(L, IC_FONT_REGULAR, B->value_size, vcy), t->source);
                if (!m)
                    return ic_layout_oom(L);
                add_tag(m, B, i, s, v);
                continue;
            }
            double x0 = v >= 0 ? zero_x : zero_x + v * k;
            ic_mark *bar = ic_scene_rect(L->scene, IC_ROLE_BAR, x0, y + gapf, fabs(v) * k,
                                         thick - 2 * gapf, bar_color(B, i, s));
            if (!bar)
                return ic_layout_oom(L);
            add_tag(bar, B, i, s, v);
            if (!L->spec->value_labels)
                continue;
            double bx = v >= 0 ? zero_x + v * k + pad : zero_x + v * k - pad - lw;
            ic_mark *m = ic_scene_text(L->scene, IC_ROLE_VALUE_LABEL, label, IC_FONT_BOLD, B->value_size, bx,
                                       ic_center_baseline(L, IC_FONT_BOLD, B->value_size, vcy), t->text);
            if (!m)
                return ic_layout_oom(L);
            add_tag(m, B, i, s, v);
        }
    }
    double base_w = fmax(1.5, 2 * L->scene->width / 1080.0);
    if (!ic_scene_line(L->scene, IC_ROLE_BASELINE, zero_x, plot_y0, zero_x, plot_y1, base_w, t->baseline))
        return ic_layout_oom(L);
    return annotate_front(L, &ax);
}

/* ------------------------------------------------------------------ */
/* vertical columns                                                    */

/* Returns 1 when the category and value labels fit under/over columns. */
static int vertical_fits(const bar_data *B, double band, size_t *max_lines)
{
    ic_layout *L = B->L;
    *max_lines = 1;
    for (size_t i = 0; i < B->n; i++) {
        const char *cat = category_at(B, i);
        ic_font_style f = ic_spec_highlights(L->spec, cat) ? IC_FONT_BOLD : IC_FONT_REGULAR;
        char **lines = NULL;
        size_t k = ic_wrap(ic_scene_face(L->scene, f), cat, L->label_size, band * 0.92, &lines);
        for (size_t j = 0; j < k; j++)
            if (ic_scene_text_width(L->scene, lines[j], f, L->label_size) > band * 0.96) {
                ic_lines_free(lines, k);
                return 0;
            }
        ic_lines_free(lines, k);
        if (k > *max_lines)
            *max_lines = k;
        if (L->spec->value_labels && B->stacked) {
            if (B->total_labels && B->total_w[i] > band * 0.98)
                return 0;
        } else if (L->spec->value_labels) {
            for (size_t s = 0; s < B->ns; s++)
                if (B->label_w[i * B->ns + s] > (B->ns > 1 ? band * 0.8 / (double)B->ns : band) * 0.98)
                    return 0;
        }
    }
    return *max_lines <= 3;
}

static double tick_gutter(const bar_data *B, const double *ticks, size_t nt, const ic_numfmt *tf)
{
    double w = 0;
    for (size_t j = 0; j < nt; j++) {
        char buf[64];
        ic_numfmt_format(tf, ticks[j], buf, sizeof buf);
        w = fmax(w, ic_scene_text_width(B->L->scene, buf, IC_FONT_REGULAR, B->L->tick_size));
    }
    return w;
}

static int layout_vertical(bar_data *B, size_t max_lines)
{
    ic_layout *L = B->L;
    const ic_theme *t = &L->theme;
    double lsize = L->label_size;
    double lh = ic_line_height(L, IC_FONT_REGULAR, lsize, 1.15);
    double vlh = ic_line_height(L, IC_FONT_BOLD, B->value_size, 1.0);
    double pad = 0.35 * B->value_size;

    double ticks[MAX_TICKS], step;
    double plot_y0 = L->top, plot_y1 = L->bottom - max_lines * lh - 0.6 * L->gap;
    int max_ticks = (int)fmax(2, fmin(6, (plot_y1 - plot_y0) / (3.5 * L->tick_size)));
    size_t nt = ic_nice_ticks(B->lo, B->hi, max_ticks, ticks, MAX_TICKS, &step);
    ic_numfmt tf = ic_numfmt_for_ticks(&B->fmt, step);
    double gutter = tick_gutter(B, ticks, nt, &tf) + 0.6 * L->tick_size;
    double plot_x0 = L->left + gutter, plot_x1 = L->right;
    double band = (plot_x1 - plot_x0) / (double)B->n;
    /* columns get thinner than their band allows only when the band is very wide */
    int grouped = B->ns > 1 && !B->stacked;
    double group = fmin(band * (grouped ? 0.8 : 0.66), fmax((grouped ? 1.6 : 1.0) * 5.5 * lsize, band * 0.4));
    double thick = B->stacked ? group : group / (double)B->ns;

    int any_neg = 0, any_pos = 0;
    for (size_t i = 0; i < B->n; i++)
        for (size_t s = 0; s < B->ns; s++) {
            double v = value_at(B, i, s);
            any_neg |= v < 0;
            any_pos |= !(v < 0);
        }
    /* stacks carry their labels inside, and a total on top of normal stacks */
    double top_space = L->spec->value_labels && any_pos && (!B->stacked || B->total_labels) ? vlh + pad : 0;
    double bottom_space = L->spec->value_labels && any_neg && !B->stacked ? vlh + pad : 0;
    double plot_h = plot_y1 - plot_y0 - top_space - bottom_space;
    if (plot_h < 0.25 * (plot_y1 - plot_y0))
        return too_small(L, "no room for columns");
    double k = plot_h / (B->hi - B->lo);
    double zero_y = plot_y0 + top_space + B->hi * k;

    double grid_w = fmax(1, L->scene->width / 1080.0);
    for (size_t j = 0; j < nt; j++) {
        double y = zero_y - ticks[j] * k;
        if (y < plot_y0 - 0.5 || y > plot_y1 + 0.5)
            continue;
        char buf[64];
        ic_numfmt_format(&tf, ticks[j], buf, sizeof buf);
        double w = ic_scene_text_width(L->scene, buf, IC_FONT_REGULAR, L->tick_size);
        double by = ic_center_baseline(L, IC_FONT_REGULAR, L->tick_size, y);
        /* keep the label inside the plot's vertical extent */
        by = fmin(by, plot_y1 + ic_ascent(L, IC_FONT_REGULAR, L->tick_size) * 0.5);
        if (ticks[j] != 0 && !ic_scene_line(L->scene, IC_ROLE_GRIDLINE, plot_x0, y, plot_x1, y, grid_w, t->grid))
            return ic_layout_oom(L);
        ic_mark *m = ic_scene_text(L->scene, IC_ROLE_TICK_LABEL, buf, IC_FONT_REGULAR, L->tick_size,
                                   plot_x0 - 0.6 * L->tick_size - w, by, t->tick);
        if (!m)
            return ic_layout_oom(L);
        m->value = ticks[j];
    }

    bar_axes ba = {B, plot_x0, band, group, thick, zero_y, k, 1};
    ic_xy_axes ax;
    axes_fill(&ax, &ba, B, plot_x0, plot_y0, plot_x1, plot_y1);
    if (ic_annotate_back(L, &ax) != 0)
        return -1;

    double cat_top = plot_y1 + 0.6 * L->gap;
    for (size_t i = 0; i < B->n; i++) {
        double cx = plot_x0 + band * ((double)i + 0.5);
        const char *cat = category_at(B, i);
        int hl = ic_spec_highlights(L->spec, cat);
        ic_font_style cf = hl ? IC_FONT_BOLD : IC_FONT_REGULAR;
        double h = ic_layout_text_block(L, IC_ROLE_CATEGORY_LABEL, (int)B->order[i], cat, cf, lsize,
                                        hl ? t->title : t->text, cx - band * 0.46, cat_top, band * 0.92,
                                        IC_ALIGN_CENTER, lh);
        if (h < 0)
            return ic_layout_oom(L);

        if (B->stacked) {
            if (stack_row_vertical(B, i, cx - thick / 2, thick, zero_y, k, pad) != 0)
                return -1;
            continue;
        }
        for (size_t s = 0; s < B->ns; s++) {
            double v = value_at(B, i, s);
            double x = cx - group / 2 + thick * (double)s;
            double gapf = B->ns > 1 ? 0.06 * thick : 0;
            const char *label = B->labels[i * B->ns + s];
            double lw = B->label_w[i * B->ns + s];
            double lx = x + thick / 2 - lw / 2;
            const ic_face *bold = ic_scene_face(L->scene, IC_FONT_BOLD);
            if (isnan(v)) {
                ic_mark *m = ic_scene_text(L->scene, IC_ROLE_VALUE_LABEL, label, IC_FONT_REGULAR, B->value_size,
                                           lx, zero_y - pad - bold->descender * B->value_size, t->source);
                if (!m)
                    return ic_layout_oom(L);
                add_tag(m, B, i, s, v);
                continue;
            }
            double y0 = v >= 0 ? zero_y - v * k : zero_y;
            ic_mark *bar = ic_scene_rect(L->scene, IC_ROLE_BAR, x + gapf, y0, thick - 2 * gapf, fabs(v) * k,
                                         bar_color(B, i, s));
            if (!bar)
                return ic_layout_oom(L);
            add_tag(bar, B, i, s, v);
            if (!L->spec->value_labels)
                continue;
            double by = v >= 0 ? y0 - pad - bold->descender * B->value_size
                               : zero_y + fabs(v) * k + pad + bold->ascender * B->value_size;
            ic_mark *m = ic_scene_text(L->scene, IC_ROLE_VALUE_LABEL, label, IC_FONT_BOLD, B->value_size, lx, by,
                                       t->text);
            if (!m)
                return ic_layout_oom(L);
            add_tag(m, B, i, s, v);
        }
    }
    double base_w = fmax(1.5, 2 * L->scene->width / 1080.0);
    if (!ic_scene_line(L->scene, IC_ROLE_BASELINE, plot_x0, zero_y, plot_x1, zero_y, base_w, t->baseline))
        return ic_layout_oom(L);
    return annotate_front(L, &ax);
}

/* ------------------------------------------------------------------ */

int ic_bar_validate(const ic_spec *spec, const ic_table *table, ic_error *err)
{
    if (spec->ny > 64)
        return ic_error_set(err, IC_ERR_SPEC, spec->path, spec->pos_y[0].line, spec->pos_y[0].column,
                            "a bar chart takes at most 64 'y' columns, got %zu", spec->ny);
    if (ic_check_drawable(spec, table, spec->ny, err) != 0)
        return -1;
    if (spec->stack == IC_STACK_PERCENT)
        for (size_t s = 0; s < spec->ny; s++) {
            const ic_column *c = &table->cols[ic_table_find(table, spec->y[s])];
            for (size_t r = 0; r < table->nrows; r++)
                if (c->value[r] < 0) {
                    char cell[64];
                    return ic_cell_error(err, IC_ERR_DATA, spec->data, c, r,
                                        "column '%s': %s is negative; a 100%% stack shows shares of a whole",
                                        c->name, ic_clip(ic_cell_text(c, r), cell, sizeof cell));
                }
        }
    if (table->nrows > 1000)
        return ic_error_set(err, IC_ERR_DATA, spec->data, 0, 0,
                            "a bar chart shows at most 1000 categories, the data has %zu rows", table->nrows);
    return 0;
}

#define SWAP(T, a, b) do { T tmp_ = (a); (a) = (b); (b) = tmp_; } while (0)

/* Reverses the drawing order, with every per-row array following its row. */
static void reverse_rows(bar_data *B)
{
    for (size_t i = 0, j = B->n - 1; B->n > 0 && i < j; i++, j--) {
        SWAP(size_t, B->order[i], B->order[j]);
        SWAP(double, B->pos_total[i], B->pos_total[j]);
        SWAP(double, B->neg_total[i], B->neg_total[j]);
        for (size_t s = 0; s < B->ns; s++) {
            SWAP(double, B->vals[i * B->ns + s], B->vals[j * B->ns + s]);
            SWAP(double, B->label_w[i * B->ns + s], B->label_w[j * B->ns + s]);
            char tmp[64];
            memcpy(tmp, B->labels[i * B->ns + s], sizeof tmp);
            memcpy(B->labels[i * B->ns + s], B->labels[j * B->ns + s], sizeof tmp);
            memcpy(B->labels[j * B->ns + s], tmp, sizeof tmp);
        }
        if (B->total_labels) {
            char tmp[64];
            memcpy(tmp, B->total_labels[i], sizeof tmp);
            memcpy(B->total_labels[i], B->total_labels[j], sizeof tmp);
            memcpy(B->total_labels[j], tmp, sizeof tmp);
            SWAP(double, B->total_w[i], B->total_w[j]);
        }
    }
    for (size_t i = 0; i < B->n; i++)
        B->display[B->order[i]] = i;
}

int ic_bar_layout(ic_layout *L)
{
    const ic_spec *spec = L->spec;
    const ic_table *tb = L->table;
    bar_data B = {0};
    int rc = -1;
    B.L = L;
    B.n = tb->nrows;
    B.ns = spec->ny;
    B.xcol = ic_table_find(tb, spec->x);
    for (size_t s = 0; s < B.ns; s++)
        B.ycols[s] = ic_table_find(tb, spec->y[s]);
    B.stacked = spec->stack != IC_STACK_NONE;
    B.order = malloc(B.n * sizeof *B.order);
    B.labels = malloc(B.n * B.ns * sizeof *B.labels);
    B.label_w = malloc(B.n * B.ns * sizeof *B.label_w);
    B.vals = malloc(B.n * B.ns * sizeof *B.vals);
    B.pos_total = calloc(B.n, sizeof *B.pos_total);
    B.neg_total = calloc(B.n, sizeof *B.neg_total);
    if (!B.order || !B.labels || !B.label_w || !B.vals || !B.pos_total || !B.neg_total) {
        ic_layout_oom(L);
        goto done;
    }
    for (size_t i = 0; i < B.n; i++)
        B.order[i] = i;
    sort_rows(&B);
    B.display = malloc(B.n * sizeof *B.display);
    if (!B.display) {
        ic_layout_oom(L);
        goto done;
    }
    for (size_t i = 0; i < B.n; i++)
        B.display[B.order[i]] = i;
    for (size_t i = 0; i < B.n; i++)
        for (size_t s = 0; s < B.ns; s++) {
            double v = tb->cols[B.ycols[s]].value[B.order[i]];
            B.vals[i * B.ns + s] = v;
            if (v > 0)
                B.pos_total[i] += v;
            else if (v < 0)
                B.neg_total[i] += v;
        }
    B.fmt = ic_numfmt_resolve(&spec->number, tb, B.ycols, B.ns);
    if (spec->stack == IC_STACK_PERCENT) {
        /* each row becomes shares of its own total */
        for (size_t i = 0; i < B.n; i++) {
            /* a row with a gap has no known whole: it is not drawn at all,
             * rather than stretched to 100 % from the parts that are known */
            int gap = 0;
            for (size_t s = 0; s < B.ns; s++)
                gap |= isnan(B.vals[i * B.ns + s]);
            for (size_t s = 0; s < B.ns; s++) {
                double *v = &B.vals[i * B.ns + s];
                *v = gap ? NAN : B.pos_total[i] > 0 ? *v / B.pos_total[i] * 100 : 0;
            }
            B.pos_total[i] = B.pos_total[i] > 0 && !gap ? 100 : 0;
        }
        B.fmt.style = IC_NUM_PERCENT;
        B.fmt.multiply = 1;
        B.fmt.divisor = 1;
        B.fmt.decimals = spec->number.decimals >= 0 ? spec->number.decimals : 0;
    }

    B.lo = 0;
    B.hi = 0;
    for (size_t i = 0; i < B.n; i++) {
        if (B.stacked) {
            B.lo = fmin(B.lo, B.neg_total[i]);
            B.hi = fmax(B.hi, B.pos_total[i]);
            continue;
        }
        for (size_t s = 0; s < B.ns; s++) {
            double v = value_at(&B, i, s);
            if (!isnan(v)) {
                B.lo = fmin(B.lo, v);
                B.hi = fmax(B.hi, v);
            }
        }
    }
    if (B.hi == B.lo)
        B.hi = B.lo + 1;

    if (ic_layout_frame(L) != 0)
        goto done;
    if (B.ns > 1) {
        const char *names[64];
        char pretty[64][64];
        for (size_t s = 0; s < B.ns; s++) {
            ic_series_label(spec, s, pretty[s], sizeof pretty[s]);
            names[s] = pretty[s];
        }
        ic_color colors[64];
        for (size_t s = 0; s < B.ns; s++)
            colors[s] = ic_palette_color(&L->theme, s);
        if (B.ns > L->theme.npalette)
            (void)ic_scene_warn(L->scene, 0, 0,
                                "%zu series but the palette has %zu colours: series %zu and after are grey; "
                                "give a longer 'palette' or fewer series",
                                B.ns, L->theme.npalette, L->theme.npalette + 1);
        if (ic_layout_legend(L, names, colors, B.ns) != 0)
            goto done;
    }

    /* value labels shrink with many series so they stay inside their bars' band */
    B.value_size = L->value_size * (B.ns > 2 && !B.stacked ? 0.8 : 1);
    for (size_t i = 0; i < B.n; i++)
        for (size_t s = 0; s < B.ns; s++) {
            double v = value_at(&B, i, s);
            char *buf = B.labels[i * B.ns + s];
            if (isnan(v))
                snprintf(buf, sizeof *B.labels, "%s", ic_locale_for(spec->lang)->no_data);
            else
                ic_numfmt_format(&B.fmt, v, buf, sizeof *B.labels);
            B.label_w[i * B.ns + s] = ic_scene_text_width(L->scene, buf, isnan(v) ? IC_FONT_REGULAR : IC_FONT_BOLD,
                                                          B.value_size);
        }

    if (spec->stack == IC_STACK_NORMAL) {
        B.total_labels = malloc(B.n * sizeof *B.total_labels);
        B.total_w = malloc(B.n * sizeof *B.total_w);
        if (!B.total_labels || !B.total_w) {
            ic_layout_oom(L);
            goto done;
        }
        for (size_t i = 0; i < B.n; i++) {
            /* the net total; none when a part is missing (the whole is unknown) */
            if (row_has_gap(&B, i))
                B.total_labels[i][0] = '\0';
            else
                ic_numfmt_format(&B.fmt, B.pos_total[i] + B.neg_total[i], B.total_labels[i], sizeof *B.total_labels);
            B.total_w[i] = ic_scene_text_width(L->scene, B.total_labels[i], IC_FONT_BOLD, B.value_size);
        }
    }

    ic_orientation o = spec->orientation;
    size_t max_lines = 1;
    int xcol_is_time = tb->cols[B.xcol].type == IC_COL_YEAR || tb->cols[B.xcol].type == IC_COL_DATE;
    double est_band = (L->right - L->left) * 0.9 / (double)B.n;
    if (o == IC_ORIENT_AUTO) {
        /* columns when every label fits under its column (years may wrap,
         * names may not); horizontal bars otherwise */
        int fits = B.n <= (xcol_is_time ? 24u : 12u) && vertical_fits(&B, est_band, &max_lines);
        o = fits && (xcol_is_time || max_lines == 1) ? IC_ORIENT_VERTICAL : IC_ORIENT_HORIZONTAL;
    }
    else if (o == IC_ORIENT_VERTICAL)
        vertical_fits(&B, est_band, &max_lines);
    if (o == IC_ORIENT_VERTICAL && xcol_is_time && spec->rtl && !spec->mirror_time) {
        /* the whole chart is mirrored for right-to-left readers afterwards;
         * time keeps running left to right unless "mirror_time" asks */
        reverse_rows(&B);
    }
    rc = o == IC_ORIENT_VERTICAL ? layout_vertical(&B, max_lines > 3 ? 3 : max_lines) : layout_horizontal(&B);
done:
    free(B.order);
    free(B.labels);
    free(B.label_w);
    free(B.vals);
    free(B.pos_total);
    free(B.neg_total);
    free(B.total_labels);
    free(B.total_w);
    free(B.display);
    return rc;
}
