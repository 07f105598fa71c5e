/* Stat card: one big number with a label under it and an optional context
 * line ("almost 1 in 8 of the 27.6 million people in forced labour").
 *
 * The number is the `y` value of the row named by `row` (default: the first
 * row), formatted for people with the spec's number format, in the accent
 * colour, as large as the chart region allows: the largest font size at
 * which it fits the width and a share of the height, measured with the real
 * bold font. When the number has a space ("3.3 million") and the canvas is
 * tall, it may break into two lines if that makes it much larger. The block
 * (number, label, context) sits a little above the middle of the region.
 *
 * Templates (`center_value` for the number, `context` for the line under
 * the label) may use {value} (the formatted value), {total} (the formatted
 * sum of the `y` column over all rows), {share} (value / total as a percent,
 * two significant digits: "12%", "4.5%") and {one_in} ("1 in N" with
 * N = round(total / value)). Placeholders that need the total refuse
 * negative values and gaps in the column (a total with a gap would be
 * invented). */
#include "layout/facet_scale.h"
#include "charts/registry.h"
#include "core/error.h"
#include "layout/locale.h"
#include "core/util.h"
#include "layout/format.h"
#include "text/shape.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STAT_TEXT_MAX 512

typedef struct stat_numbers {
    double value, total;
    char value_text[64], total_text[64], share_text[32], one_in_text[48];
} stat_numbers;

/* ------------------------------------------------------------------ */
/* numbers and templates                                               */

static int stat_row(const ic_spec *spec, const ic_table *t)
{
    if (!spec->row)
        return 0;
    int xcol = ic_table_find(t, spec->x);
    for (size_t r = 0; r < t->nrows; r++)
        if (strcmp(ic_cell_text(&t->cols[xcol], r), spec->row) == 0)
            return (int)r;
    return 0;
}

/* The spec's number format resolved for one number alone, so the total gets
 * its own unit and decimals ("27.6 million" next to "3.3 million"). */
static ic_numfmt format_for(const ic_spec *spec, const ic_column *col, double v)
{
    ic_column one = *col;
    one.value = &v;
    ic_table t = {0};
    t.ncols = 1;
    t.nrows = 1;
    t.cols = &one;
    int idx = 0;
    return ic_numfmt_resolve(&spec->number, &t, &idx, 1);
}

/* value / total in percent with two significant digits, no trailing zeros. */
static void format_share(double pct, char *buf, size_t size)
{
    int decimals = 0;
    if (pct > 0 && pct < 10)
        decimals = (int)fmin(6, 1 - floor(log10(pct)));
    char raw[48];
    snprintf(raw, sizeof raw, "%.*f", decimals, pct);
    if (strchr(raw, '.')) {
        size_t n = strlen(raw);
        while (n > 0 && raw[n - 1] == '0')
            raw[--n] = '\0';
        if (n > 0 && raw[n - 1] == '.')
            raw[--n] = '\0';
    }
    snprintf(buf, size, "%s%%", raw);
}

static void compute_numbers(const ic_spec *spec, const ic_table *t, stat_numbers *N)
{
    const ic_column *col = &t->cols[ic_table_find(t, spec->y[0])];
    N->value = col->value[stat_row(spec, t)];
    N->total = 0;
    for (size_t r = 0; r < t->nrows; r++)
        if (!isnan(col->value[r]))
            N->total += col->value[r];
    ic_numfmt fv = format_for(spec, col, N->value);
    ic_numfmt ft = format_for(spec, col, N->total);
    ic_numfmt_format(&fv, N->value, N->value_text, sizeof N->value_text);
    ic_numfmt_format(&ft, N->total, N->total_text, sizeof N->total_text);
    if (N->total > 0) {
        format_share(N->value / N->total * 100, N->share_text, sizeof N->share_text);
        ic_digits_convert(N->share_text, sizeof N->share_text, spec->digits);
    } else {
        snprintf(N->share_text, sizeof N->share_text, "n/a");
    }
    if (N->value > 0 && N->total > 0)
        ic_format_one_in(N->value / N->total, spec->lang, spec->digits, N->one_in_text, sizeof N->one_in_text);
    else
        snprintf(N->one_in_text, sizeof N->one_in_text, "n/a");
}

enum { PH_VALUE = 1, PH_TOTAL = 2, PH_SHARE = 4, PH_ONE_IN = 8 };

static const struct { const char *name; int bit; } placeholders[] = {
    {"value", PH_VALUE}, {"total", PH_TOTAL}, {"share", PH_SHARE}, {"one_in", PH_ONE_IN},
};

/* Expands `tpl` into `out` (NULL: only check). Returns the placeholders used
 * (bits), or -1 with the offending text in `bad` (an unknown name or an
 * unclosed brace). */
static int expand(const char *tpl, const stat_numbers *N, char *out, size_t size, char *bad, size_t bad_size)
{
    int used = 0;
    size_t o = 0;
    for (const char *p = tpl; *p;) {
        const char *piece = p;
        size_t len = 1;
        if (*p == '{') {
            const char *close = strchr(p, '}');
            if (!close) {
                snprintf(bad, bad_size, "%.40s", p);
                return -1;
            }
            size_t n = (size_t)(close - p - 1);
            size_t k = 0;
            while (k < sizeof placeholders / sizeof *placeholders &&
                   (strlen(placeholders[k].name) != n || strncmp(placeholders[k].name, p + 1, n) != 0))
                k++;
            if (k == sizeof placeholders / sizeof *placeholders) {
                snprintf(bad, bad_size, "%.*s", (int)(n + 2 < 40 ? n + 2 : 40), p);
                return -1;
            }
            used |= placeholders[k].bit;
            if (N) {
                piece = placeholders[k].bit == PH_VALUE ? N->value_text
                        : placeholders[k].bit == PH_TOTAL ? N->total_text
                        : placeholders[k].bit == PH_SHARE ? N->share_text
                                                          : N->one_in_text;
                len = strlen(piece);
            }
            p = close + 1;
        } else
            p++;
        if (out && N) {
            if (o + len >= size)
                len = size - 1 - o;
            memcpy(out + o, piece, len);
            o += len;
        }
    }
    if (out && size)
        out[o] = '\0';
    return used;
}

static int check_template(const ic_spec *spec, const char *key, const char *tpl, int *used, ic_error *err)
{
    if (!tpl)
        return 0;
    char bad[64];
    int u = expand(tpl, NULL, NULL, 0, bad, sizeof bad);
    if (u < 0)
        return ic_error_set(err, IC_ERR_SPEC, spec->path, 0, 0,
                            "'%s': %s '%s' (known: {value}, {total}, {share}, {one_in})", key,
                            bad[strlen(bad) - 1] == '}' ? "unknown placeholder" : "unclosed placeholder", bad);
    *used |= u;
    return 0;
}

/* The spec keys stat charts read besides the common ones (registry.h). */
const char *const ic_stat_keys[] = {"row", "label", "context", "center_value", NULL};

int ic_stat_validate(const ic_spec *spec, const ic_table *table, ic_error *err)
{
    if (spec->ny != 1)
        return ic_error_set(err, IC_ERR_SPEC, spec->path, spec->pos_y[1].line, spec->pos_y[1].column,
                            "a stat card shows one 'y' column, got %zu", spec->ny);
    int used = 0;
    if (check_template(spec, "center_value", spec->center_value, &used, err) < 0 ||
        check_template(spec, "context", spec->context, &used, err) < 0)
        return -1;
    const ic_column *col = &table->cols[ic_table_find(table, spec->y[0])];
    int row = stat_row(spec, table);
    char cell[64];
    if (table->nrows == 0)
        return ic_error_set(err, IC_ERR_DATA, spec->data, 0, 0, "the data has no rows");
    if (isnan(col->value[row]))
        return ic_cell_error(err, IC_ERR_DATA, spec->data, col, row,
                            "column '%s': the row '%s' has no value to show (got '%s')", col->name,
                            ic_cell_text(&table->cols[ic_table_find(table, spec->x)], row),
                            ic_clip(ic_cell_text(col, row), cell, sizeof cell));
    for (size_t r = 0; r < table->nrows; r++)
        if (fabs(col->value[r]) > 1e15)
            return ic_cell_error(err, IC_ERR_DATA, spec->data, col, r,
                                "column '%s': %s is too large to show (at most 1e15)", col->name,
                                ic_clip(ic_cell_text(col, r), cell, sizeof cell));
    if (!(used & (PH_TOTAL | PH_SHARE | PH_ONE_IN)))
        return 0;
    /* the total is the sum of every row: it needs every row, none negative */
    double total = 0;
    for (size_t r = 0; r < table->nrows; r++) {
        double v = col->value[r];
        if (isnan(v))
            return ic_cell_error(err, IC_ERR_DATA, spec->data, col, r,
                                "column '%s': a missing value ('%s') leaves the total for {total}, {share} "
                                "or {one_in} unknown",
                                col->name, ic_clip(ic_cell_text(col, r), cell, sizeof cell));
        if (v < 0)
            return ic_cell_error(err, IC_ERR_DATA, spec->data, col, r,
                                "column '%s': %s is negative; {total}, {share} and {one_in} need parts of a "
                                "whole (values of 0 or more)",
                                col->name, ic_clip(ic_cell_text(col, r), cell, sizeof cell));
        total += v;
    }
    if (total <= 0)
        return ic_error_set(err, IC_ERR_DATA, spec->data, col->header_line, col->header_col,
                            "column '%s': the total is 0, so {share} and {one_in} have no meaning", col->name);
    if ((used & PH_ONE_IN) && col->value[row] <= 0)
        return ic_cell_error(err, IC_ERR_DATA, spec->data, col, row,
                            "column '%s': {one_in} needs a value above 0, got '%s'", col->name,
                            ic_clip(ic_cell_text(col, row), cell, sizeof cell));
    return 0;
}

/* ------------------------------------------------------------------ */
/* layout                                                              */

/* Height of `text` wrapped (balanced) to `width`. */
static double wrapped_height(const ic_layout *L, const char *text, ic_font_style font, double size, double width,
                             double lh)
{
    char **lines = NULL;
    size_t n = ic_wrap_balanced(ic_scene_face(L->scene, font), text, size, width, &lines);
    ic_lines_free(lines, n);
    return n ? (double)n * lh : -1;
}

/* The words under the number (label and context) at one rung of the
 * ladder: step 0 at their sizes, WORDS_STEPS at the floor. */
#define WORDS_STEPS 3
typedef struct stat_words {
    double lab_size, ctx_size, lab_lh, ctx_lh, lab_h, ctx_h, gap_lab, gap_ctx, height;
} stat_words;

static int measure_words(ic_layout *L, const char *label, const char *context, int step, double W,
                         stat_words *w)
{
    double f = step / (double)WORDS_STEPS;
    w->lab_size = ic_text_size(L, 1.4 * L->label_size - f * (1.4 * L->label_size - L->text_floor));
    w->ctx_size = ic_text_size(L, L->subtitle_size - f * (L->subtitle_size - L->text_floor));
    w->lab_lh = ic_line_height(L, IC_FONT_REGULAR, w->lab_size, 1.2);
    w->ctx_lh = ic_line_height(L, IC_FONT_REGULAR, w->ctx_size, 1.3);
    w->lab_h = label ? wrapped_height(L, label, IC_FONT_REGULAR, w->lab_size, W, w->lab_lh) : 0;
    w->ctx_h = context ? wrapped_height(L, context, IC_FONT_REGULAR, w->ctx_size, W, w->ctx_lh) : 0;
    if (w->lab_h < 0 || w->ctx_h < 0)
        return ic_layout_oom(L);
    w->gap_lab = label ? 0.3 * L->gap : 0;
    w->gap_ctx = w->ctx_h > 0 ? (label ? 0.9 : 0.5) * L->gap : 0;
    w->height = w->gap_lab + w->lab_h + w->gap_ctx + w->ctx_h;
    return 0;
}

/* The words under the number, from `y` down, in a column from `x`, `W` wide. */
static int draw_words(ic_layout *L, int row, const char *label, const char *context, const stat_words *w, double x,
                      double y, double W)
{
    const ic_colors *t = &L->theme;
    y += w->gap_lab;
    if (label) {
        double h = ic_layout_text_block(L, IC_ROLE_CENTER_LABEL, row, label, IC_FONT_REGULAR, w->lab_size, t->title,
                                        x, y, W, IC_ALIGN_LEFT, w->lab_lh);
        if (h < 0)
            return ic_layout_oom(L);
        y += h;
    }
    if (w->ctx_h > 0 && ic_layout_text_block(L, IC_ROLE_CONTEXT, row, context, IC_FONT_REGULAR, w->ctx_size,
                                             t->subtitle, x, y + w->gap_ctx, W, IC_ALIGN_LEFT, w->ctx_lh) < 0)
        return ic_layout_oom(L);
    return 0;
}

/* The ink of `text` set in bold at size 1: top above and bottom below the
 * baseline. 0 when it cannot be shaped. */
static int ink_extent(const ic_layout *L, const char *text, size_t len, double *top, double *bottom)
{
    ic_shaped sh;
    if (ic_shape(ic_scene_face(L->scene, IC_FONT_BOLD), text, len, 1, &sh) != 0)
        return 0;
    *top = -sh.ink_y0;
    *bottom = sh.ink_y1;
    ic_shaped_free(&sh);
    return *top > 0;
}

/* A number whose unit word is in a taller script than its digits ("3.3
 * ملین"): the digits are sized as they would be alone, by their own
 * height, and the word stands beside them at `word_k` of their size, where
 * its ink is as tall as theirs, centred on them. */
typedef struct split_number {
    char digits[STAT_TEXT_MAX], word[STAT_TEXT_MAX];
    double word_k;          /* the word's size over the digits' */
    double word_shift;      /* its baseline below the digits', per unit of the digits' size */
    double width;           /* digits, space and word at size 1 */
} split_number;

static int split_tall_word(const ic_layout *L, const char *number, split_number *sp)
{
    const char *space = strrchr(number, ' ');
    if (!space || space == number || !space[1])
        return 0;
    size_t nd = (size_t)(space - number);
    double dt, db, wt, wb;
    if (!ink_extent(L, number, nd, &dt, &db) || !ink_extent(L, space + 1, strlen(space + 1), &wt, &wb))
        return 0;
    db = fmax(db, 0);
    if (wt + wb <= 1.15 * (dt + db))
        return 0; /* a Latin word ("million") is no taller than the digits */
    snprintf(sp->digits, sizeof sp->digits, "%.*s", (int)nd, number);
    snprintf(sp->word, sizeof sp->word, "%s", space + 1);
    sp->word_k = (dt + db) / (wt + wb);
    /* ink centres level: the digits' at (db - dt) / 2, the word's likewise */
    sp->word_shift = (db - dt) / 2 - sp->word_k * (wb - wt) / 2;
    const ic_face *bold = ic_scene_face(L->scene, IC_FONT_BOLD);
    sp->width = ic_text_width(bold, sp->digits, nd, 1) +
                sp->word_k * (ic_text_width(bold, " ", 1, 1) + ic_text_width(bold, sp->word, strlen(sp->word), 1));
    return 1;
}

/* Draws the number with its top-left at (x, top): one text, or the digits
 * and the word of a split number (`sp` not NULL). Returns 0 or -1. */
static int draw_number(ic_layout *L, int row, double value, const char *number, const split_number *sp,
                       double size, double x, double top, double num_asc)
{
    const ic_face *bold = ic_scene_face(L->scene, IC_FONT_BOLD);
    double base = top + num_asc * size;
    const char *first = sp ? sp->digits : number;
    ic_mark *m = ic_scene_text(L->scene, IC_ROLE_CENTER_VALUE, first, IC_FONT_BOLD, size, x, base, L->theme.accent);
    if (m && sp) {
        /* laid out left to right like every chart; a right-to-left chart is
         * mirrored afterwards, which puts the digits first, on the right */
        double wk = sp->word_k * size;
        double wx = x + ic_text_width(bold, sp->digits, strlen(sp->digits), size) + ic_text_width(bold, " ", 1, wk);
        ic_mark *w = ic_scene_text(L->scene, IC_ROLE_CENTER_VALUE, sp->word, IC_FONT_BOLD, wk, wx,
                                   base + sp->word_shift * size, L->theme.accent);
        if (!w)
            return ic_layout_oom(L);
        w->row = row;
        w->series = 0;
        w->value = value;
    }
    if (!m)
        return ic_layout_oom(L);
    m->row = row;
    m->series = 0;
    m->value = value;
    return 0;
}

/* On a wide, short region where the words under the number would leave it
 * no larger than the title: the number on the left, the words beside it,
 * both centred on the region's height. Returns 0, -1 on error, or 1 when
 * the words do not fit beside a number as large as the title. */
static int layout_beside(ic_layout *L, int row, const stat_numbers *N, const char *number, const split_number *sp,
                         const char *label, const char *context, double em_h, double num_asc)
{
    double W = L->right - L->left, H = L->bottom - L->top, gutter = 1.5 * L->gap;
    double w1 = sp ? sp->width : ic_scene_text_width(L->scene, number, IC_FONT_BOLD, 1);
    /* the words take half the width, or more when they are too tall there
     * (the number shrinks, but never below the title) */
    double words_w = 0, size = 0;
    stat_words sw;
    int fits = 0;
    for (double share = 0.5; share < 0.75 && !fits; share += 0.1) {
        words_w = share * (W - gutter);
        for (int step = 0; step <= WORDS_STEPS && !fits; step++) {
            if (measure_words(L, label, context, step, words_w, &sw) != 0)
                return -1;
            size = fmin((W - gutter - words_w) / w1, H / em_h);
            fits = sw.height - sw.gap_lab <= H && size >= L->title_size;
        }
    }
    if (!fits)
        return 1;
    double num_w = w1 * size, num_h = em_h * size;
    double top = L->top + (H - num_h) / 2;
    if (draw_number(L, row, N->value, number, sp, size, L->left, top, num_asc) != 0)
        return -1;
    double words_h = sw.height - sw.gap_lab;
    double x = L->left + num_w + gutter;
    return draw_words(L, row, label, context, &sw, x, L->top + (H - words_h) / 2 - sw.gap_lab,
                      L->right - x);
}

/* Facets sharing scales (layout/facet_scale.h) size their number for the
 * widest of every facet's numbers, so it keeps one size and baseline from
 * panel to panel: that width in bold at size 1, at least `own`. */
static double widest_number(const ic_layout *L, double own)
{
    const ic_facet_share *s = L->share;
    const ic_face *bold = ic_scene_face(L->scene, IC_FONT_BOLD);
    double w = own;
    for (size_t k = 0; s && k < s->nfacets; k++) {
        ic_error err = {0};
        ic_table *t = ic_facet_share_table(s, k, &err);
        if (!t || t->nrows == 0) {
            ic_table_free(t);
            continue;
        }
        stat_numbers N;
        char number[STAT_TEXT_MAX], bad[64];
        compute_numbers(L->spec, t, &N);
        if (L->spec->center_value)
            expand(L->spec->center_value, &N, number, sizeof number, bad, sizeof bad);
        else
            snprintf(number, sizeof number, "%s", N.value_text);
        w = fmax(w, ic_text_width(bold, number, strlen(number), 1));
        ic_table_free(t);
    }
    return w;
}

int ic_stat_layout(ic_layout *L)
{
    const ic_spec *spec = L->spec;
    const ic_colors *t = &L->theme;
    stat_numbers N;
    char number[STAT_TEXT_MAX], context[STAT_TEXT_MAX], bad[64];
    char line1[STAT_TEXT_MAX], line2[STAT_TEXT_MAX];
    int row = stat_row(spec, L->table);

    compute_numbers(spec, L->table, &N);
    if (spec->center_value)
        expand(spec->center_value, &N, number, sizeof number, bad, sizeof bad);
    else
        snprintf(number, sizeof number, "%s", N.value_text);
    if (spec->context)
        expand(spec->context, &N, context, sizeof context, bad, sizeof bad);

    const char *label = spec->label && spec->label[0] ? spec->label : NULL;
    const char *words = spec->context && context[0] ? context : NULL;
    /* box height per unit of size, from the fonts the number is set in (its
     * digits are Inter's even in an Urdu chart) */
    double num_asc = 0, num_desc = 0;
    split_number sp;
    int split = split_tall_word(L, number, &sp);
    if (split) {
        num_asc = L->num_ascent[IC_FONT_BOLD];
        num_desc = L->num_descent[IC_FONT_BOLD];
    } else {
        ic_scene_text_extents(L->scene, number, IC_FONT_BOLD, 100, &num_asc, &num_desc);
        num_asc /= 100;
        num_desc /= 100;
    }
    double em_h = num_asc + num_desc;
    /* the frame leaves room for the words at the floor and a number as
     * large as the title */
    stat_words sw;
    if (measure_words(L, label, words, WORDS_STEPS, L->right - L->left, &sw) != 0)
        return -1;
    L->chart_need = sw.height + em_h * L->title_size;
    if (ic_layout_frame(L) != 0)
        return -1;

    const ic_face *bold = ic_scene_face(L->scene, IC_FONT_BOLD);
    double W = L->right - L->left, H = L->bottom - L->top;

    /* words under the number; when they leave the number too little room
     * they step down to the floor (the fitting ladder of a stat) */
    double room_h = 0;
    for (int step = 0; step <= WORDS_STEPS; step++) {
        if (measure_words(L, label, words, step, W, &sw) != 0)
            return -1;
        /* the number: one line, or two when it has a space and that is much larger */
        room_h = H - sw.height;
        if (room_h >= 0.35 * H && room_h >= em_h * L->title_size)
            break;
    }
    if (room_h < em_h * L->title_size && W > 1.5 * H) {
        int rc = layout_beside(L, row, &N, number, split ? &sp : NULL, label, words, em_h, num_asc);
        if (rc <= 0)
            return rc;
    }
    double words_h = sw.height;
    if (room_h < 0.2 * H || room_h < em_h * L->value_size)
        return ic_error_set(L->err, IC_ERR_DATA, spec->path, 0, 0,
                            "the label and context leave no room for the number on a %gx%g canvas; "
                            "use a larger 'size' or shorter words",
                            L->scene->width, L->scene->height);
    double share = 0.6; /* of the region's height the number may take */
    double w1 = split ? sp.width : widest_number(L, ic_text_width(bold, number, strlen(number), 1));
    double size1 = fmin(W / w1, fmin(share * H, room_h) / em_h);
    double size = size1;
    int two = 0;
    line1[0] = line2[0] = '\0';
    double best_w = INFINITY;
    /* (a number on two lines is its own facet's choice: not with a share) */
    for (const char *gap = split || L->share ? NULL : strchr(number, ' '); gap; gap = strchr(gap + 1, ' ')) {
        size_t n1 = (size_t)(gap - number);
        double a = ic_text_width(bold, number, n1, 1), b = ic_text_width(bold, gap + 1, strlen(gap + 1), 1);
        if (fmax(a, b) < best_w) {
            best_w = fmax(a, b);
            snprintf(line1, sizeof line1, "%.*s", (int)n1, number);
            snprintf(line2, sizeof line2, "%s", gap + 1);
        }
    }
    if (isfinite(best_w)) {
        double lh2 = fmax(0.92, em_h);
        double size2 = fmin(W / best_w, fmin(0.55 * H, room_h) / (lh2 + em_h));
        if (size2 > 1.3 * size1) {
            two = 1;
            size = size2;
        }
    }
    double num_lh = fmax(0.92, em_h) * size;
    double num_h = two ? num_lh + em_h * size : em_h * size;

    /* the block sits a little above the middle, measured from the digits'
     * cap height (the box above it is empty) */
    double cap_gap = (num_asc - 0.73) * size;
    double visual_h = num_h - cap_gap + words_h;
    double top = L->top + (H - visual_h) * 0.42 - cap_gap;
    if (top < L->top)
        top = L->top;
    if (top + num_h + words_h > L->bottom)
        top = L->bottom - num_h - words_h;

    if (split)
        return draw_number(L, row, N.value, number, &sp, size, L->left, top, num_asc) != 0
                   ? -1
                   : draw_words(L, row, label, words, &sw, L->left, top + num_h, W);
    const char *num_lines[2] = {two ? line1 : number, line2};
    for (int i = 0; i < (two ? 2 : 1); i++) {
        ic_mark *m = ic_scene_text(L->scene, IC_ROLE_CENTER_VALUE, num_lines[i], IC_FONT_BOLD, size, L->left,
                                   top + num_asc * size + i * num_lh, t->accent);
        if (!m)
            return ic_layout_oom(L);
        m->row = row;
        m->series = 0;
        m->value = N.value;
    }
    return draw_words(L, row, label, words, &sw, L->left, top + num_h, W);
}
