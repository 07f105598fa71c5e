/* Waffle chart / pictogram: a grid of cells or icons, "38 of 100", "1 in 8".
 *
 * Cells are shared out among the categories in proportion to their values by
 * the largest-remainder method, in two steps when something is highlighted:
 * first between the highlighted group and the rest (so the highlighted count
 * is the value rounded to the nearest cell), then inside each group. Ties go
 * to the larger value, then to the category met first. The highlighted
 * categories are drawn first (top left), in the accent colour; the others
 * follow in muted grey. A headline (big number + words) and a legend that
 * gives each category's true value complete the chart. On wide regions the
 * headline and legend stand in a column left of the grid; otherwise they
 * stand above and below it. */
#include "layout/facet_scale.h"
#include "charts/registry.h"
#include "charts/checks.h"
#include "charts/icons.h"
#include "core/error.h"
#include "layout/locale.h"
#include "core/util.h"
#include "layout/contrast.h"
#include "layout/format.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ROWS 50
#define TEXT_MAX 256

typedef struct waffle {
    ic_layout *L;
    size_t n;             /* categories (rows) */
    int xcol, ycol;
    size_t *order;        /* [n] rows in drawing order: highlighted first */
    int *count;           /* [row] cells of each category */
    int *hl;              /* [row] 1 when highlighted */
    ic_color *color;      /* [row] */
    ic_numfmt fmt;
    double total, hl_total;
    int hl_cells, any_hl;
    int cells, cols, rows;
    ic_icon icon;         /* the spec's icon */
    char number[TEXT_MAX], words[TEXT_MAX];  /* headline; number empty = none */
    ic_color number_color;
    /* sizes */
    double lsize, swatch_h;
} waffle;

static double value_of(const waffle *W, size_t row)
{
    return W->L->table->cols[W->ycol].value[row];
}

static const char *name_of(const waffle *W, size_t row)
{
    return ic_cell_text(&W->L->table->cols[W->xcol], row);
}

/* The icon a category's cells use: with "child", highlighted categories are
 * children and the others adults (all children when nothing is highlighted). */
static ic_icon icon_of(const waffle *W, size_t row)
{
    if (W->icon == IC_ICON_CHILD && W->any_hl && !W->hl[row])
        return IC_ICON_PERSON;
    return W->icon;
}

/* ------------------------------------------------------------------ */
/* allocation                                                          */

/* Shares `cells` among the `n` items `idx` (rows) with weights w[row] by the
 * largest-remainder method: every item gets the whole part of its quota
 * cells·w/Σw, and the cells left over go one each to the largest fractional
 * parts; ties (within 1e-9) go to the larger weight, then to the earlier item.
 * Missing weights (NAN) count as 0. */
static void largest_remainder(const double *w, const size_t *idx, size_t n, int cells, int *out, double *frac)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(w[idx[i]]))
            sum += w[idx[i]];
    if (n == 0)
        return;
    int given = 0;
    for (size_t i = 0; i < n; i++) {
        double v = isnan(w[idx[i]]) ? 0 : w[idx[i]];
        double q = sum > 0 ? cells * v / sum : 0;
        double f = floor(q + 1e-9);
        out[idx[i]] = (int)f;
        frac[i] = q - f < 0 ? 0 : q - f;
        given += (int)f;
    }
    if (sum <= 0)
        return;
    for (int left = cells - given; left > 0; left--) {
        size_t best = n;
        for (size_t i = 0; i < n; i++) {
            if (frac[i] < 0)
                continue; /* already received its extra cell */
            if (best == n) {
                best = i;
                continue;
            }
            double wi = isnan(w[idx[i]]) ? 0 : w[idx[i]], wb = isnan(w[idx[best]]) ? 0 : w[idx[best]];
            if (frac[i] > frac[best] + 1e-9 || (fabs(frac[i] - frac[best]) <= 1e-9 && wi > wb))
                best = i;
        }
        if (best == n)
            break;
        out[idx[best]]++;
        frac[best] = -1;
    }
}

static int allocate(waffle *W)
{
    const double *v = W->L->table->cols[W->ycol].value;
    size_t nh = 0, no = 0;
    size_t *idx = malloc(2 * W->n * sizeof *idx);
    double *frac = malloc(W->n * sizeof *frac);
    if (!idx || !frac) {
        free(idx);
        free(frac);
        return ic_layout_oom(W->L);
    }
    /* the two groups, each in drawing order */
    for (size_t i = 0; i < W->n; i++) {
        size_t r = W->order[i];
        if (W->hl[r])
            idx[nh++] = r;
    }
    for (size_t i = 0; i < W->n; i++) {
        size_t r = W->order[i];
        if (!W->hl[r])
            idx[W->n + no++] = r;
    }
    if (W->any_hl) {
        double group[2] = {W->hl_total, W->total - W->hl_total};
        size_t gidx[2] = {0, 1};
        int gcount[2] = {0, 0};
        double gfrac[2];
        largest_remainder(group, gidx, 2, W->cells, gcount, gfrac);
        W->hl_cells = gcount[0];
        largest_remainder(v, idx, nh, gcount[0], W->count, frac);
        largest_remainder(v, idx + W->n, no, gcount[1], W->count, frac);
    } else {
        largest_remainder(v, idx + W->n, no, W->cells, W->count, frac);
        W->hl_cells = 0;
    }
    free(idx);
    free(frac);
    return 0;
}

/* ------------------------------------------------------------------ */
/* text                                                                */

/* A share in percent for people: whole percents, one decimal below 1 %
 * (or the data's own decimals when the values are percentages). */
static void share_text(const waffle *W, double pct, char *buf, size_t size)
{
    ic_format_share(pct, W->fmt.style == IC_NUM_PERCENT ? W->fmt.decimals : 0, buf, size);
    ic_digits_convert(buf, size, W->L->spec->digits);
}

/* Expands {count} {cells} {share} {value} {total} {one_in} in `tpl`. */
static void expand(const waffle *W, const char *tpl, char *out, size_t size)
{
    static const char *const names[] = {"count", "cells", "share", "value", "total", "one_in"};
    char count[32], cells[32], share[64], value[64], total[64], one_in[96];
    double part = W->any_hl ? W->hl_total : W->total;
    snprintf(count, sizeof count, "%d", W->any_hl ? W->hl_cells : W->cells);
    snprintf(cells, sizeof cells, "%d", W->cells);
    ic_digits_convert(count, sizeof count, W->L->spec->digits);
    ic_digits_convert(cells, sizeof cells, W->L->spec->digits);
    share_text(W, 100 * part / W->total, share, sizeof share);
    ic_numfmt_format(&W->fmt, part, value, sizeof value);
    ic_numfmt_format(&W->fmt, W->total, total, sizeof total);
    /* the stat card's phrase: "1 in 8" only when it is true (format.h) */
    if (part > 0 && part < W->total)
        ic_format_one_in(part / W->total, W->L->spec->lang, W->L->spec->digits, one_in, sizeof one_in);
    else
        share_text(W, part > 0 ? 100 : 0, one_in, sizeof one_in);
    const char *const values[] = {count, cells, share, value, total, one_in};
    ic_template_expand(tpl, names, values, 6, out, size);
}

/* The headline: "1 in 8" when the highlighted share is 1 in 3 to 1 in 20
 * and close (within 5 %) to one in a whole number, else "38 of 100". */
static void headline(waffle *W)
{
    const ic_spec *spec = W->L->spec;
    W->number[0] = W->words[0] = '\0';
    if (spec->center_value)
        expand(W, spec->center_value, W->number, sizeof W->number);
    else if (W->any_hl) {
        double ratio = W->hl_total > 0 ? W->total / W->hl_total : INFINITY;
        double k = round(ratio);
        char m[16], n[16];
        static const char *const names[] = {"m", "n"};
        const char *const values[] = {m, n};
        const ic_locale *loc = ic_locale_for(spec->lang);
        if (isfinite(ratio) && k >= 3 && k <= 20 && fabs(ratio - k) <= 0.05 * k) {
            snprintf(n, sizeof n, "%.0f", k);
            snprintf(W->number, sizeof W->number, loc->one_in, n);
        } else {
            snprintf(m, sizeof m, "%d", W->hl_cells);
            snprintf(n, sizeof n, "%d", W->cells);
            ic_template_expand(loc->m_of_n, names, values, 2, W->number, sizeof W->number);
        }
        ic_digits_convert(W->number, sizeof W->number, spec->digits);
    }
    if (spec->center_label)
        expand(W, spec->center_label, W->words, sizeof W->words);
    else if (W->number[0] && W->any_hl) {
        /* the highlighted names: "Girls and Boys" */
        size_t o = 0, k = 0, nh = 0;
        for (size_t r = 0; r < W->n; r++)
            nh += (size_t)W->hl[r];
        for (size_t i = 0; i < W->n && o + 1 < sizeof W->words; i++) {
            size_t r = W->order[i];
            if (!W->hl[r])
                continue;
            const char *sep = k == 0 ? "" : k + 1 == nh ? " and " : ", ";
            int w = snprintf(W->words + o, sizeof W->words - o, "%s%s", sep, name_of(W, r));
            if (w > 0)
                o = o + (size_t)w < sizeof W->words ? o + (size_t)w : sizeof W->words - 1;
            k++;
        }
    }
}

/* ------------------------------------------------------------------ */
/* colours                                                             */

static ic_color mix(ic_color a, ic_color b, double t)
{
    ic_color c = {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t, 1};
    return c;
}

/* Highlighted: the accent, then lighter and darker variants of it; the
 * rest: muted grey, then darker variants; nothing highlighted: the palette.
 * Every variant keeps 3:1 against the background (a lighter one is
 * darkened to reach it), as every data mark must. */
static void assign_colors(waffle *W)
{
    const ic_colors *t = &W->L->theme;
    size_t kh = 0, ko = 0;
    for (size_t i = 0; i < W->n; i++) {
        size_t r = W->order[i];
        if (!W->any_hl)
            W->color[r] = ic_palette_color(t, i); /* grey beyond the palette (warned) */
        else if (W->hl[r]) {
            /* > 0: toward the background, < 0: toward the title colour */
            static const double tint[] = {0, 0.4, -0.45, 0.25, -0.25};
            double k = tint[kh++ % 5];
            ic_color c = k >= 0 ? mix(t->accent, t->background, k) : mix(t->accent, t->title, -k);
            W->color[r] = ic_contrast_shade(c, &t->background, 1, IC_CONTRAST_DATA + 0.05);
        } else {
            /* the muted grey is the lightest grey with 3:1: variants go darker */
            static const double shade[] = {0, 0.35, 0.6, 0.15, 0.45};
            W->color[r] = mix(t->muted, t->subtitle, shade[ko++ % 5]);
        }
    }
    W->number_color = W->any_hl ? t->accent : t->title;
}

/* ------------------------------------------------------------------ */
/* legend                                                              */

typedef struct entry_text {
    char name[TEXT_MAX];
    char value[160];
} entry_text;

static void entry_texts(const waffle *W, size_t r, entry_text *e)
{
    snprintf(e->name, sizeof e->name, "%s", name_of(W, r));
    double v = value_of(W, r);
    if (isnan(v)) {
        snprintf(e->value, sizeof e->value, "%s", ic_locale_for(W->L->spec->lang)->no_data);
        return;
    }
    char val[64], share[32];
    ic_numfmt_format(&W->fmt, v, val, sizeof val);
    if (W->fmt.style == IC_NUM_PERCENT)
        snprintf(e->value, sizeof e->value, "%s", val);
    else {
        share_text(W, 100 * v / W->total, share, sizeof share);
        snprintf(e->value, sizeof e->value, "%s (%s)", val, share);
    }
}

static double entry_width(const waffle *W, size_t r, const entry_text *e, double *name_w)
{
    ic_layout *L = W->L;
    double sw = W->swatch_h * ic_icon_aspect(icon_of(W, r));
    *name_w = ic_scene_text_width(L->scene, e->name, W->hl[r] ? IC_FONT_BOLD : IC_FONT_REGULAR, W->lsize);
    double space = 0.3 * W->lsize;
    return sw + 0.45 * W->lsize + *name_w + space +
           ic_scene_text_width(L->scene, e->value, IC_FONT_BOLD, W->lsize);
}

/* Places (or, with draw = 0, only measures) the legend from `top` in a box
 * `width` wide: entries flow in rows, or one per line when `vertical`.
 * Returns the height used, -1 when out of memory. */
static double legend(waffle *W, double x, double top, double width, int vertical, int draw)
{
    ic_layout *L = W->L;
    const ic_colors *t = &L->theme;
    double lh = ic_line_height(L, IC_FONT_REGULAR, W->lsize, 1.45);
    double asc = ic_ascent(L, IC_FONT_REGULAR, W->lsize);
    const ic_face *f = ic_scene_face(L->scene, IC_FONT_REGULAR);
    double text_h = (f->ascender + f->descender) * W->lsize;
    double cx = x, y = top;
    for (size_t i = 0; i < W->n; i++) {
        size_t r = W->order[i];
        entry_text e;
        entry_texts(W, r, &e);
        double name_w, ew = entry_width(W, r, &e, &name_w);
        if (i > 0 && (vertical || cx + ew > x + width + 0.01)) {
            cx = x;
            y += lh;
        }
        if (draw) {
            ic_icon icon = icon_of(W, r);
            double sw = W->swatch_h * ic_icon_aspect(icon);
            /* the swatch is centred on the text box */
            double sy = y + text_h / 2 - W->swatch_h / 2;
            ic_mark *m = ic_icon_draw(L->scene, IC_ROLE_LEGEND_SWATCH, icon, cx, sy, sw, W->swatch_h, W->color[r]);
            if (!m)
                return -1;
            m->row = (int)r;
            m->value = value_of(W, r);
            double tx = cx + sw + 0.45 * W->lsize;
            ic_font_style nf = W->hl[r] ? IC_FONT_BOLD : IC_FONT_REGULAR;
            m = ic_scene_text(L->scene, IC_ROLE_LEGEND_LABEL, e.name, nf, W->lsize, tx, y + asc,
                              W->hl[r] ? t->title : t->text);
            if (!m)
                return -1;
            m->row = (int)r;
            m->value = value_of(W, r);
            m = ic_scene_text(L->scene, IC_ROLE_VALUE_LABEL, e.value, isnan(value_of(W, r)) ? IC_FONT_REGULAR
                              : IC_FONT_BOLD, W->lsize, tx + name_w + 0.3 * W->lsize, y + asc,
                              isnan(value_of(W, r)) ? t->source : t->text);
            if (!m)
                return -1;
            m->row = (int)r;
            m->value = value_of(W, r);
        }
        cx += ew + 1.3 * W->lsize;
    }
    return y - top + text_h;
}

/* Widest legend entry. */
static double legend_max_entry(const waffle *W)
{
    double w = 0;
    for (size_t i = 0; i < W->n; i++) {
        entry_text e;
        double nw;
        entry_texts(W, W->order[i], &e);
        w = fmax(w, entry_width(W, W->order[i], &e, &nw));
    }
    return w;
}

/* ------------------------------------------------------------------ */
/* headline                                                            */

typedef struct head_geom {
    double num_size, num_w, num_h;   /* the big number */
    double words_size;
    int words_beside;                /* words right of the number, else under it */
    double words_w, height;
} head_geom;

/* Sizes the headline for a box `width` wide; `beside` allows the words
 * right of the number. */
static void head_measure(const waffle *W, double width, int beside, head_geom *g)
{
    ic_layout *L = W->L;
    memset(g, 0, sizeof *g);
    if (!W->number[0])
        return;
    const ic_face *bold = ic_scene_face(L->scene, IC_FONT_BOLD);
    g->num_size = 2.4 * L->title_size;
    double w = ic_scene_text_width(L->scene, W->number, IC_FONT_BOLD, g->num_size);
    double max_w = beside ? 0.5 * width : width;
    if (w > max_w) {
        g->num_size *= max_w / w;
        w = max_w;
    }
    g->num_size = fmax(g->num_size, L->subtitle_size);
    g->num_w = ic_scene_text_width(L->scene, W->number, IC_FONT_BOLD, g->num_size);
    g->num_h = (bold->ascender + bold->descender) * g->num_size;
    g->words_size = L->subtitle_size;
    g->height = g->num_h;
    if (!W->words[0])
        return;
    double wlh = ic_line_height(L, IC_FONT_REGULAR, g->words_size, 1.25);
    double room = width - g->num_w - 0.8 * L->label_size;
    if (beside && room >= 7 * g->words_size) {
        char **lines = NULL;
        size_t n = ic_wrap_balanced(ic_scene_face(L->scene, IC_FONT_REGULAR), W->words, g->words_size,
                                    room, &lines);
        ic_lines_free(lines, n);
        if (n * wlh <= g->num_h * 1.05 || n <= 3) {
            g->words_beside = 1;
            g->words_w = room;
            g->height = fmax(g->num_h, n * wlh);
            return;
        }
    }
    char **lines = NULL;
    size_t n = ic_wrap_balanced(ic_scene_face(L->scene, IC_FONT_REGULAR), W->words, g->words_size, width,
                                &lines);
    ic_lines_free(lines, n);
    g->words_w = width;
    g->height = g->num_h + 0.25 * L->gap + n * wlh;
}

static int head_draw(waffle *W, const head_geom *g, double x, double top)
{
    ic_layout *L = W->L;
    if (!W->number[0])
        return 0;
    double asc = ic_ascent(L, IC_FONT_BOLD, g->num_size);
    double num_top = top;
    double wlh = ic_line_height(L, IC_FONT_REGULAR, g->words_size, 1.25);
    if (g->words_beside && W->words[0]) {
        char **lines = NULL;
        size_t n = ic_wrap_balanced(ic_scene_face(L->scene, IC_FONT_REGULAR), W->words, g->words_size,
                                    g->words_w, &lines);
        ic_lines_free(lines, n);
        double wh = n * wlh;
        num_top = top + (g->height - g->num_h) / 2;
        double wtop = top + (g->height - wh) / 2;
        if (ic_layout_text_block(L, IC_ROLE_CENTER_LABEL, -1, W->words, IC_FONT_REGULAR, g->words_size,
                                 L->theme.text, x + g->num_w + 0.8 * L->label_size, wtop, g->words_w,
                                 IC_ALIGN_LEFT, wlh) < 0)
            return ic_layout_oom(L);
    } else if (W->words[0]) {
        if (ic_layout_text_block(L, IC_ROLE_CENTER_LABEL, -1, W->words, IC_FONT_REGULAR, g->words_size,
                                 L->theme.text, x, top + g->num_h + 0.25 * L->gap, g->words_w, IC_ALIGN_LEFT,
                                 wlh) < 0)
            return ic_layout_oom(L);
    }
    ic_mark *m = ic_scene_text(L->scene, IC_ROLE_CENTER_VALUE, W->number, IC_FONT_BOLD, g->num_size, x,
                               num_top + asc, W->number_color);
    if (!m)
        return ic_layout_oom(L);
    m->value = W->any_hl ? W->hl_total : W->total;
    return 0;
}

/* ------------------------------------------------------------------ */
/* grid                                                                */

static void choose_grid(waffle *W)
{
    int n = W->cells;
    if (n == 100) {
        W->cols = W->rows = 10;
        return;
    }
    int best_c = n, best_score = 1 << 30, best_empty = 1 << 30;
    for (int c = (int)ceil(sqrt((double)n)); c <= n; c++) {
        int r = (n + c - 1) / c;
        int empty = r * c - n;
        int score = empty + (c - r);
        if (score < best_score || (score == best_score && empty < best_empty)) {
            best_score = score;
            best_empty = empty;
            best_c = c;
        }
    }
    W->cols = best_c;
    W->rows = (n + best_c - 1) / best_c;
}

/* Gap between cells as a share of the pitch. */
static double cell_gap(ic_icon icon)
{
    return icon == IC_ICON_SQUARE ? 0.14 : icon == IC_ICON_CIRCLE ? 0.12 : 0.08;
}

static int draw_grid(waffle *W, double x0, double y0, double pitch)
{
    ic_layout *L = W->L;
    double aspect = ic_icon_aspect(W->icon);
    double px = pitch * aspect, py = pitch;
    double g = cell_gap(W->icon);
    size_t k = 0;
    for (size_t i = 0; i < W->n; i++) {
        size_t r = W->order[i];
        for (int c = 0; c < W->count[r]; c++, k++) {
            double cx = x0 + px * (double)(k % (size_t)W->cols);
            double cy = y0 + py * (double)(k / (size_t)W->cols);
            ic_mark *m = ic_icon_draw(L->scene, IC_ROLE_CELL, icon_of(W, r), cx, cy, px * (1 - g), py * (1 - g),
                                      W->color[r]);
            if (!m)
                return ic_layout_oom(L);
            m->row = (int)r;
            m->series = 0;
            m->value = value_of(W, r);
        }
    }
    return 0;
}

/* ------------------------------------------------------------------ */

static void set_legend_size(waffle *W, double size)
{
    W->lsize = size;
    W->swatch_h = ic_icon_aspect(W->icon) < 1 ? 1.3 * size : 0.8 * size;
}

static int too_small(ic_layout *L)
{
    return ic_error_set(L->err, IC_ERR_DATA, L->spec->path, 0, 0,
                        "a waffle of %d cells with %zu categories does not fit on a %gx%g canvas; use a larger "
                        "'size', fewer 'cells' or fewer rows",
                        L->spec->cells, L->table->nrows, L->scene->width, L->scene->height);
}

/* Places headline, grid and legend and draws them. Returns 1, having drawn
 * nothing, when the cells would be too small and `last` is 0. */
static int place(waffle *W, int last)
{
    ic_layout *L = W->L;
    double rw = L->right - L->left, rh = L->bottom - L->top;
    double aspect = ic_icon_aspect(W->icon);
    double g = cell_gap(W->icon);
    double gap = 1.2 * L->gap;

    /* stacked: headline, grid, legend */
    head_geom hs;
    head_measure(W, rw, 1, &hs);
    double leg_s = legend(W, L->left, 0, rw, 0, 0);
    double avail_s = rh - (hs.height > 0 ? hs.height + gap : 0) - leg_s - gap;

    /* side by side: headline and legend in a column left of the grid */
    double col_w = fmin(fmax(legend_max_entry(W), 0.3 * rw), 0.42 * rw);
    head_geom hc;
    head_measure(W, col_w, 0, &hc);
    double leg_c = legend(W, L->left, 0, col_w, 1, 0);
    double col_h = (hc.height > 0 ? hc.height + gap : 0) + leg_c;
    double grid_room = rw - col_w - 2 * L->gap;
    int side_ok = col_h <= rh && legend_max_entry(W) <= col_w + 0.01;

    /* the near-square grid, or (figures only) a wider one that gives
     * bigger icons: the cols that divide the cells into 2 or more full rows */
    int cols0 = W->cols;
    double pitch_s = 0, pitch_c = 0;
    for (int c = cols0; c <= W->cells / 2 || c == cols0; c++) {
        if (c != cols0 && (aspect >= 1 || W->cells % c != 0))
            continue;
        int rows = (W->cells + c - 1) / c;
        double ps = fmin(avail_s / (rows - g), rw / (aspect * (c - g)));
        double pc = side_ok ? fmin(rh / (rows - g), grid_room / (aspect * (c - g))) : 0;
        if (fmax(ps, pc) > 1.05 * fmax(pitch_s, pitch_c)) {
            pitch_s = ps;
            pitch_c = pc;
            W->cols = c;
            W->rows = rows;
        }
    }

    int side = pitch_c > 1.04 * pitch_s;
    double pitch = side ? pitch_c : pitch_s;
    if (!(pitch >= 0.45 * L->source_size))
        return last ? too_small(L) : 1;
    double grid_w = aspect * pitch * (W->cols - g), grid_h = pitch * (W->rows - g);

    if (side) {
        double gx = L->right - grid_w;
        /* the column at the left takes the room the grid leaves, the grid
         * stands at the right; both from the top */
        double gy = L->top, cy = L->top;
        double wide = fmin(rw - grid_w - 2.5 * L->gap, 0.55 * rw);
        if (wide > col_w) {
            head_geom hw;
            head_measure(W, wide, 0, &hw);
            if (hw.height <= hc.height + 0.01)
                hc = hw;
            col_w = wide;
        }
        if (head_draw(W, &hc, L->left, cy) != 0)
            return -1;
        double ly = cy + (hc.height > 0 ? hc.height + gap : 0);
        if (legend(W, L->left, ly, col_w, 1, 1) < 0)
            return ic_layout_oom(L);
        return draw_grid(W, gx, gy, pitch);
    }
    double y = L->top;
    if (hs.height > 0) {
        if (head_draw(W, &hs, L->left, y) != 0)
            return -1;
        y += hs.height + gap;
    }
    /* a grid limited by the height (tall canvases) is centred across the
     * width rather than leaving a gap on one side */
    double gx = rw - grid_w > 0.15 * rw ? L->left + (rw - grid_w) / 2 : L->left;
    if (draw_grid(W, gx, y, pitch) != 0)
        return -1;
    y += grid_h + gap;
    if (legend(W, L->left, y, rw, 0, 1) < 0)
        return ic_layout_oom(L);
    return 0;
}

/* ------------------------------------------------------------------ */

/* The spec keys waffle charts read besides the common ones (registry.h). */
const char *const ic_waffle_keys[] = {"sort", "highlight", "icon", "cells", "center_value", "center_label", NULL};

int ic_waffle_validate(const ic_spec *spec, const ic_table *table, ic_error *err)
{
    if (spec->ny != 1)
        return ic_error_set(err, IC_ERR_SPEC, spec->path, spec->pos_y[1].line, spec->pos_y[1].column,
                            "a waffle chart shows one 'y' column, got %zu", spec->ny);
    if (table->nrows > MAX_ROWS)
        return ic_error_set(err, IC_ERR_DATA, spec->data, 0, 0,
                            "a waffle chart shows at most %d categories, the data has %zu rows", MAX_ROWS,
                            table->nrows);
    return ic_check_parts_of_whole(spec, table, "a waffle chart shows parts", "cells", err);
}

/* Drawing order: highlighted rows first, then the rest, each in data order
 * or sorted by value ("sort"); gaps last. */
static void order_rows(waffle *W)
{
    const ic_spec *spec = W->L->spec;
    size_t k = 0;
    for (int pass = 1; pass >= 0; pass--)
        for (size_t r = 0; r < W->n; r++)
            if (W->hl[r] == pass)
                W->order[k++] = r;
    /* facets sharing scales come sorted by the totals over all facets */
    if (spec->sort == IC_SORT_NONE || W->L->share)
        return;
    for (size_t i = 1; i < W->n; i++) {
        size_t r = W->order[i], j = i;
        while (j > 0) {
            size_t p = W->order[j - 1];
            double a = value_of(W, p), b = value_of(W, r);
            int before = W->hl[p] != W->hl[r] ? 1 : isnan(a) ? 0 : isnan(b) ? 1
                         : spec->sort == IC_SORT_ASCENDING ? a <= b : a >= b;
            if (before)
                break;
            W->order[j] = p;
            j--;
        }
        W->order[j] = r;
    }
}

int ic_waffle_layout(ic_layout *L)
{
    const ic_spec *spec = L->spec;
    const ic_table *tb = L->table;
    waffle W;
    int rc = -1;
    memset(&W, 0, sizeof W);
    W.L = L;
    W.n = tb->nrows;
    W.xcol = ic_table_find(tb, spec->x);
    W.ycol = ic_table_find(tb, spec->y[0]);
    W.cells = spec->cells > 0 ? spec->cells : 100;
    W.icon = ic_icon_from_name(spec->icon);
    W.order = malloc((W.n ? W.n : 1) * sizeof *W.order);
    W.count = calloc(W.n ? W.n : 1, sizeof *W.count);
    W.hl = calloc(W.n ? W.n : 1, sizeof *W.hl);
    W.color = malloc((W.n ? W.n : 1) * sizeof *W.color);
    if (!W.order || !W.count || !W.hl || !W.color) {
        ic_layout_oom(L);
        goto done;
    }
    for (size_t r = 0; r < W.n; r++) {
        double v = value_of(&W, r);
        W.hl[r] = ic_spec_highlights(spec, name_of(&W, r));
        W.any_hl |= W.hl[r];
        if (!isnan(v)) {
            W.total += v;
            if (W.hl[r])
                W.hl_total += v;
        }
    }
    if (!(W.total > 0)) {
        const ic_column *c = &tb->cols[W.ycol];
        ic_error_set(L->err, IC_ERR_DATA, spec->data, c->header_line, c->header_col,
                     "column '%s': every value is zero, so there is no whole to divide into cells", c->name);
        goto done;
    }
    W.fmt = ic_facet_numfmt(L, &W.ycol, 1);
    order_rows(&W);
    if (allocate(&W) != 0)
        goto done;
    assign_colors(&W);
    if (!W.any_hl && W.n > L->theme.npalette)
        (void)ic_scene_warn(L->scene, 0, 0,
                            "%zu parts but the palette has %zu colours: the parts after the %zuth are grey; "
                            "highlight the ones that matter or give a longer 'palette'",
                            W.n, L->theme.npalette, L->theme.npalette);
    headline(&W);
    choose_grid(&W);
    /* the frame leaves room for the headline and the legend at the floor
     * in a column beside the grid */
    set_legend_size(&W, L->text_floor);
    double col_w = 0.42 * (L->right - L->left);
    head_geom hc;
    head_measure(&W, col_w, 0, &hc);
    L->chart_need = (hc.height > 0 ? hc.height + 1.2 * L->gap : 0) + legend(&W, L->left, 0, col_w, 1, 0);
    if (ic_layout_frame(L) != 0)
        goto done;
    /* the fitting ladder: the legend steps down to the floor */
    for (int step = 0; step <= 1; step++) {
        set_legend_size(&W, step ? L->text_floor : L->label_size);
        rc = place(&W, step == 1);
        if (rc <= 0)
            break;
    }
done:
    free(W.order);
    free(W.count);
    free(W.hl);
    free(W.color);
    return rc;
}
