/* Line and area charts: one or several series over an x axis.
 *
 * Year, date and number x columns give a proportional axis (2004, 2014 and
 * 2016 sit at their real distances); text x columns give evenly spaced
 * categories. Rows are drawn in x order. Missing values break the line (a
 * point with no neighbour gets a marker so it stays visible); nothing is
 * interpolated and no zero is invented. Markers: on every point of a series
 * with at most MARKER_MAX_POINTS values, else only on lone points and
 * labelled values.
 *
 * The value axis of a line fits the data with nice ticks (position, not
 * length, carries the value); "y_from_zero": true makes it start at zero.
 * An area is filled down to zero, so its axis always includes zero.
 *
 * Series are named by direct labels at their ends (value, then name), moved
 * apart vertically when they collide, with a leader line when moved far; a
 * legend replaces them only when they cannot fit. The first value of each
 * series is labelled inside the plot, off the tick labels' column and levels
 * (so it cannot read as a tick), and names its series when several series
 * are drawn and its end label is not on the same level. Trend notes (spec->trends)
 * are computed from the data (layout/trend.c) and placed near their "to"
 * point; annotations come from layout/annotate.c.
 *
 * Area charts fill each series down to zero with a light, translucent fill
 * under its line; several series overlap (no stacking), so every series keeps
 * its own zero baseline and can be read against the axis.
 *
 * "stack": "normal" or "percent" stacks an area's series instead: each is an
 * opaque band on top of the ones before it (running sums, or shares of each
 * x's total), separated by thin lines in the background colour, on an axis
 * from zero to the largest total (or 0-100 %). An x where a series has no
 * value (or, in a percent stack, where every value is 0) is left out of
 * every band, with a warning: no zero is invented. End labels sit level with
 * the middle of each band's end. A line chart refuses "stack" (stacked
 * lines read as values they are not), as does an area with a negative value
 * or a callout (which points at a series' own value). */
#include "layout/facet_scale.h"
#include "charts/registry.h"
#include "charts/checks.h"
#include "core/error.h"
#include "core/util.h"
#include "layout/annotate.h"
#include "layout/axis.h"
#include "layout/decimate.h"
#include "layout/format.h"
#include "layout/time_axis.h"
#include "layout/trend.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SERIES 64
#define MAX_ROWS 5000000 /* as many as the CSV reader takes; long series are decimated */
#define MARKER_MAX_POINTS 12 /* a series with more values gets no marker on every point */

typedef struct line_data {
    ic_layout *L;
    int area;
    ic_stack stack;         /* area only: IC_STACK_NONE, _NORMAL or _PERCENT */
    double *stk;            /* [ns * n] stacks: top of series s's band at row r (stk[s * n + r]); NAN: left out */
    double *tot;            /* [n] stacks: each row's total */
    size_t n, ns;
    size_t *order;          /* [n] rows in x order; NULL when that is file order (see row_at) */
    int xcol;
    int ycols[MAX_SERIES];
    int proportional;       /* x from the values, not the row positions */
    double xmin, xmax;
    ic_numfmt fmt;
    double lo, hi;          /* value axis range (nice ticks) */
    double px0, px1, py0, py1; /* plot area */
    double grid_x0;         /* where gridlines start (right of the tick labels) */
    int markers[MAX_SERIES]; /* a marker on every point of the series */
    double marker_r;
    ic_color color[MAX_SERIES];      /* line colour */
    ic_color text_color[MAX_SERIES]; /* label colour */
    int emph[MAX_SERIES];   /* highlighted (thicker, drawn last) */
    double lw[MAX_SERIES];  /* line widths */
    double end_y[MAX_SERIES]; /* centre of the series' end label (NAN: none) */
    double *avoid;          /* boxes text should not cover; the last nlevels */
    size_t navoid, cavoid;  /* are the tick labels' levels (start labels only) */
    size_t nlevels;
} line_data;

/* The row drawn at position i along the x axis. */
static size_t row_at(const line_data *D, size_t i)
{
    return D->order ? D->order[i] : i;
}

/* The value in the CSV. */
static double raw_at(const line_data *D, size_t row, size_t s)
{
    return D->L->table->cols[D->ycols[s]].value[row];
}

/* Where series s is drawn at `row`, in value axis units: its value, or in a
 * stack the top of its band. NAN: nothing drawn there. */
static double value_at(const line_data *D, size_t row, size_t s)
{
    return D->stk ? D->stk[s * D->n + row] : raw_at(D, row, s);
}

/* The bottom of series s's band at `row` (0 unless stacked). */
static double base_at(const line_data *D, size_t row, size_t s)
{
    return D->stk && s > 0 ? D->stk[(s - 1) * D->n + row] : 0;
}

/* What a label of series s at `row` says: its value, or in a percent stack
 * its share of the row's total (in percent). NAN where nothing is drawn. */
static double label_at(const line_data *D, size_t row, size_t s)
{
    double v = value_at(D, row, s);
    if (isnan(v) || !D->stk)
        return v;
    return D->stack == IC_STACK_PERCENT ? raw_at(D, row, s) / D->tot[row] * 100 : raw_at(D, row, s);
}

/* Formats a label value; shares under 1 % keep a decimal ("0.4%", not "0%"). */
static void format_label(const line_data *D, double v, char *buf, size_t size)
{
    ic_numfmt f = D->fmt;
    if (D->stack == IC_STACK_PERCENT && v > 0 && v < 1 && f.decimals < 1)
        f.decimals = 1;
    ic_numfmt_format(&f, v, buf, size);
}

/* Positions along the x axis of series s's first and last values (D->n for
 * both when it has none). */
static void series_ends(const line_data *D, size_t s, size_t *first, size_t *last)
{
    *first = *last = D->n;
    for (size_t i = 0; i < D->n; i++)
        if (!isnan(value_at(D, row_at(D, i), s))) {
            if (*first == D->n)
                *first = i;
            *last = i;
        }
}

static double row_x(const line_data *D, size_t row)
{
    double w = D->px1 - D->px0;
    if (D->proportional) {
        if (D->xmax <= D->xmin)
            return D->px0 + w / 2;
        double v = D->L->table->cols[D->xcol].value[row];
        return D->px0 + (v - D->xmin) / (D->xmax - D->xmin) * w;
    }
    if (D->n == 1)
        return D->px0 + w / 2;
    /* not proportional: rows are evenly spaced in file order */
    return D->px0 + (double)row / (double)(D->n - 1) * w;
}

static double val_y(const line_data *D, double v)
{
    return D->py1 - (v - D->lo) / (D->hi - D->lo) * (D->py1 - D->py0);
}

/* callbacks for the annotation module */
static double cb_row_pos(void *ctx, size_t row, int series)
{
    (void)series;
    return row_x(ctx, row);
}

static double cb_value_pos(void *ctx, double v)
{
    return val_y(ctx, v);
}

static int add_avoid(line_data *D, double x, double y, double w, double h)
{
    if (D->navoid == D->cavoid) {
        size_t cap = D->cavoid ? 2 * D->cavoid : 256;
        double *p = realloc(D->avoid, cap * 4 * sizeof *p);
        if (!p)
            return -1;
        D->avoid = p;
        D->cavoid = cap;
    }
    double *b = D->avoid + 4 * D->navoid++;
    b[0] = x;
    b[1] = y;
    b[2] = w;
    b[3] = h;
    return 0;
}

static int is_x_highlighted(const ic_spec *spec, const char *x)
{
    for (size_t h = 0; h < spec->nhighlight; h++)
        if (strcmp(spec->highlight[h], x) == 0)
            return 1;
    return 0;
}

static int is_series_highlighted(const ic_spec *spec, size_t s)
{
    for (size_t h = 0; h < spec->nhighlight; h++)
        if (strcmp(spec->highlight[h], spec->y[s]) == 0)
            return 1;
    return 0;
}

static int x_is_numeric(const ic_column *c)
{
    return c->type == IC_COL_YEAR || c->type == IC_COL_DATE || c->type == IC_COL_NUMBER;
}

/* ------------------------------------------------------------------ */

static int check_unique_x(const ic_spec *spec, const ic_table *table, const ic_column *xc, ic_error *err);

/* A stacked area: no negative value (bands pile up from zero; a negative
 * part has no place in them) and no callout (it points at a series' own
 * value, which a band does not show at its height). */
static int check_stackable(const ic_spec *spec, const ic_table *table, ic_error *err)
{
    for (size_t s = 0; s < spec->ny && s < MAX_SERIES; s++) {
        const ic_column *c = &table->cols[ic_table_find(table, spec->y[s])];
        for (size_t r = 0; r < table->nrows; r++)
            if (c->value[r] < 0) {
                char cell[64];
                return ic_cell_error(err, IC_ERR_DATA, spec->data, c, r,
                                     "column '%s': %s is negative; a stacked area piles its series up from zero, "
                                     "so values must be 0 or more (remove 'stack' to draw them overlapping)",
                                     c->name, ic_clip(ic_cell_text(c, r), cell, sizeof cell));
            }
    }
    for (size_t i = 0; i < spec->nannotations; i++) {
        const ic_annotation *a = &spec->annotations[i];
        if (a->type == IC_ANN_CALLOUT)
            return ic_error_set(err, IC_ERR_SPEC, spec->path, a->pos.line, a->pos.column,
                                "annotations[%zu]: a callout points at a series' value, which a stacked area does "
                                "not draw at its own height; use a \"band\" or \"line\" annotation, or a 'note'",
                                i);
    }
    return 0;
}

/* The spec keys line and area charts read besides the common ones
 * (registry.h); only an area stacks. */
const char *const ic_line_keys[] = {"value_labels", "highlight", "y_from_zero", "markers", "trend", "annotations",
                                    "mirror_time", NULL};
const char *const ic_area_keys[] = {"value_labels", "highlight", "stack", "y_from_zero", "markers", "trend",
                                    "annotations", "mirror_time", NULL};

int ic_line_validate(const ic_spec *spec, const ic_table *table, ic_error *err)
{
    if (spec->ny > MAX_SERIES)
        return ic_error_set(err, IC_ERR_SPEC, spec->path, spec->pos_y[0].line, spec->pos_y[0].column,
                            "a line chart takes at most %d 'y' columns, got %zu", MAX_SERIES, spec->ny);
    int area = strcmp(spec->chart, "area") == 0;
    if (area && !spec->y_from_zero)
        return ic_error_set(err, IC_ERR_SPEC, spec->path, spec->pos_chart.line, spec->pos_chart.column,
                            "an area chart is filled down to zero, so its axis must start at zero: remove "
                            "\"y_from_zero\": false or use \"chart\": \"line\"");
    if (!area && spec->stack != IC_STACK_NONE)
        return ic_error_set(err, IC_ERR_SPEC, spec->path, spec->pos_stack.line, spec->pos_stack.column,
                            "a line chart does not stack its series (a stacked line shows running totals that "
                            "read as the series' own values): use \"chart\": \"area\" to stack them as bands, "
                            "or remove 'stack'");
    if (area && spec->stack != IC_STACK_NONE && check_stackable(spec, table, err) != 0)
        return -1;
    if (table->nrows > MAX_ROWS)
        return ic_error_set(err, IC_ERR_DATA, spec->data, 0, 0,
                            "a line chart shows at most %d rows, the data has %zu", MAX_ROWS, table->nrows);
    if (ic_check_drawable(spec, table, spec->ny, err) != 0)
        return -1;
    const ic_column *xc = &table->cols[ic_table_find(table, spec->x)];
    for (size_t r = 0; r < table->nrows; r++) {
        char cell[64];
        if (x_is_numeric(xc) && isnan(xc->value[r]))
            return ic_cell_error(err, IC_ERR_DATA, spec->data, xc, r,
                                "column '%s': row %zu has no x value ('%s'); every point of a line needs one",
                                xc->name, r + 1, ic_clip(ic_cell_text(xc, r), cell, sizeof cell));
    }
    return check_unique_x(spec, table, xc, err);
}

/* qsort helpers: x keys with their row, equal keys in row order */
typedef struct xkey {
    const ic_column *c;
    size_t row;
} xkey;

static int cmp_xkey(const void *a, const void *b)
{
    const xkey *p = a, *q = b;
    int d;
    if (x_is_numeric(p->c))
        d = p->c->value[p->row] < q->c->value[q->row] ? -1 : p->c->value[p->row] > q->c->value[q->row];
    else
        d = strcmp(ic_cell_text(p->c, p->row), ic_cell_text(q->c, q->row));
    return d ? d : p->row < q->row ? -1 : p->row > q->row;
}

/* A line has one point per x value: the first repeated value (in file
 * order) is an error naming both lines. Numbers already in increasing order
 * (the usual time series) need one pass; otherwise sorting keeps this
 * O(n log n). */
static int check_unique_x(const ic_spec *spec, const ic_table *table, const ic_column *xc, ic_error *err)
{
    size_t n = table->nrows;
    if (n < 2)
        return 0;
    if (x_is_numeric(xc)) {
        size_t i = 1;
        while (i < n && xc->value[i - 1] < xc->value[i])
            i++;
        if (i == n)
            return 0;
    }
    xkey *k = malloc(n * sizeof *k);
    if (!k)
        return ic_error_set(err, IC_ERR_NOMEM, spec->data, 0, 0, "out of memory");
    for (size_t r = 0; r < n; r++)
        k[r] = (xkey){xc, r};
    qsort(k, n, sizeof *k, cmp_xkey);
    size_t dup = n, first = 0;
    for (size_t i = 1; i < n; i++) {
        xkey a = k[i - 1], b = k[i];
        a.row = b.row; /* compare the values only */
        int same = x_is_numeric(xc) ? xc->value[k[i - 1].row] == xc->value[k[i].row]
                                    : strcmp(ic_cell_text(xc, k[i - 1].row), ic_cell_text(xc, k[i].row)) == 0;
        (void)a;
        if (same && k[i].row < dup) {
            /* the earliest occurrence of this value is where its run starts */
            size_t j = i - 1;
            while (j > 0 && (x_is_numeric(xc) ? xc->value[k[j - 1].row] == xc->value[k[i].row]
                                              : strcmp(ic_cell_text(xc, k[j - 1].row), ic_cell_text(xc, k[i].row)) == 0))
                j--;
            dup = k[i].row;
            first = k[j].row;
        }
    }
    free(k);
    if (dup == n)
        return 0;
    char cell[64];
    return ic_cell_error(err, IC_ERR_DATA, spec->data, xc, dup,
                        "column '%s': '%s' appears twice (also on line %d); a line has one point per x value",
                        xc->name, ic_clip(ic_cell_text(xc, dup), cell, sizeof cell),
                        ic_cell_position(xc, first).line);
}

/* ------------------------------------------------------------------ */
/* x axis labels                                                       */

typedef struct xlabel { double x; char text[64]; int row; double value; } xlabel;

/* The x labels under the plot from `top`: on a numeric axis with many
 * points, round values (the shared axis picks how many fit); otherwise one
 * candidate per row (thinned evenly when there are very many); the shared
 * axis then keeps those that fit (ic_axis_pick). */
static int x_labels(line_data *D, double top)
{
    ic_layout *L = D->L;
    const ic_column *xc = &L->table->cols[D->xcol];
    /* labels for at most this many rows are tried (more could not fit) */
    const size_t most = 400;
    size_t cap = (D->n < most ? D->n : most + 2) + IC_AXIS_MAX_TICKS;
    xlabel *cand = calloc(cap, sizeof *cand);
    double *xs = malloc(cap * sizeof *xs), *ws = malloc(cap * sizeof *ws), *left = malloc(cap * sizeof *left);
    unsigned char *keep = malloc(cap);
    size_t nc = 0;
    int rc = -1;
    if (!cand || !xs || !ws || !left || !keep) {
        ic_layout_oom(L);
        goto done;
    }
    /* a dozen years or fewer are labelled by their own rows, whether a
     * year column or dates on 1 January (2004, 2014, 2016 as the data
     * have them); other dates get calendar ticks */
    int yearly = xc->type == IC_COL_YEAR || (xc->type == IC_COL_DATE && xc->date_res == IC_RES_YEAR);
    int ticks_mode = D->proportional && (D->n > 12 || (xc->type == IC_COL_DATE && !yearly));
    if (ticks_mode && xc->type == IC_COL_DATE) {
        /* dates: calendar ticks, labelled as a newsroom would */
        ic_time_axis ta;
        double span = D->xmax - D->xmin;
        ic_time_axis_choose(L, &ta, D->xmin, D->xmax, xc->date_res, D->px0, D->px1, L->tick_size);
        for (size_t j = 0; j < ta.n && nc < cap; j++) {
            cand[nc].x = span > 0 ? D->px0 + (ta.value[j] - D->xmin) / span * (D->px1 - D->px0)
                                  : (D->px0 + D->px1) / 2;
            snprintf(cand[nc].text, sizeof cand[nc].text, "%s", ta.text[j]);
            cand[nc].row = -1;
            cand[nc].value = ta.value[j];
            nc++;
        }
    } else if (ticks_mode) {
        /* many points on a numeric axis: nice round values, as many as
         * their labels allow; years are whole (a step of 2.5 would write
         * "2012.5": fewer ticks then) */
        ic_numfmt pf = {0};
        pf.style = xc->type == IC_COL_YEAR ? IC_NUM_PLAIN : IC_NUM_COMMA;
        pf.multiply = 1;
        pf.divisor = 1;
        pf.decimals = -1;
        pf.digits = L->spec->digits;
        ic_axis axis;
        int max_ticks = 10;
        do
            ic_axis_choose(L, &axis, D->xmin, D->xmax, D->px1 - D->px0, 0, 0, max_ticks--, &pf);
        while (xc->type == IC_COL_YEAR && axis.step != floor(axis.step) && max_ticks >= 2);
        for (size_t j = 0; (xc->type != IC_COL_YEAR || axis.step == floor(axis.step)) && j < axis.n; j++) {
            cand[nc].x = D->px0 + (axis.value[j] - D->xmin) / (D->xmax - D->xmin) * (D->px1 - D->px0);
            snprintf(cand[nc].text, sizeof cand[nc].text, "%s", axis.text[j]);
            cand[nc].row = -1;
            cand[nc].value = axis.value[j];
            nc++;
        }
    }
    if (nc == 0) {
        /* one candidate per row; with very many rows, evenly thinned: every
         * k-th row, or on a proportional axis rows at least 1/most of the
         * axis apart (and the last) */
        size_t every = D->n > most ? (D->n + most - 1) / most : 1;
        double min_gap = D->n > most && D->proportional ? (D->px1 - D->px0) / (double)most : 0;
        double last_x = -INFINITY;
        for (size_t i = 0; i < D->n && nc < cap; i++) {
            size_t r = row_at(D, i);
            double x = row_x(D, r);
            int skip = D->proportional ? x - last_x < min_gap && i + 1 != D->n : i % every != 0;
            if (skip)
                continue;
            last_x = x;
            cand[nc].x = x;
            if (xc->type == IC_COL_DATE) {
                ic_date_text_full(xc->value[r], xc->date_res, L->spec->lang, cand[nc].text, sizeof cand[nc].text);
                ic_digits_convert(cand[nc].text, sizeof cand[nc].text, L->spec->digits);
            } else {
                ic_clip(ic_cell_text(xc, r), cand[nc].text, sizeof cand[nc].text);
            }
            cand[nc].row = (int)r;
            cand[nc].value = xc->value[r];
            nc++;
        }
    }
    for (size_t i = 0; i < nc; i++) {
        xs[i] = cand[i].x;
        ws[i] = ic_scene_text_width(L->scene, cand[i].text, IC_FONT_REGULAR, L->tick_size);
    }
    /* evenly spaced candidates are thinned with a regular stride; irregular
     * ones greedily, the last (latest) and first first */
    if (ic_axis_pick(xs, ws, nc, L->left, L->right, 0.8 * L->tick_size, ticks_mode || !D->proportional, keep,
                     left) != 0) {
        ic_layout_oom(L);
        goto done;
    }
    /* years, dates and numbers take their numerals' metrics */
    double asc = D->proportional ? ic_number_ascent(L, IC_FONT_REGULAR, L->tick_size)
                                 : ic_ascent(L, IC_FONT_REGULAR, L->tick_size);
    for (size_t i = 0; i < nc; i++) {
        if (!keep[i])
            continue;
        ic_mark *m = ic_scene_text(L->scene, IC_ROLE_CATEGORY_LABEL, cand[i].text, IC_FONT_REGULAR, L->tick_size,
                                   left[i], top + asc, L->theme.tick);
        if (!m) {
            ic_layout_oom(L);
            goto done;
        }
        m->row = cand[i].row;
        m->value = cand[i].value;
    }
    rc = 0;
done:
    free(cand);
    free(xs);
    free(ws);
    free(left);
    free(keep);
    return rc;
}

/* ------------------------------------------------------------------ */
/* series                                                              */

/* Width of the lines in the background colour between stacked bands. */
static double separator_w(const line_data *D)
{
    return 1.5 * D->L->grid_w;
}

/* The areas (`lines` 0) or the lines (`lines` 1) of series `s`. In a stack
 * the area is the band between the series below and this one, and the line
 * is the separator along its top (in the background colour; none on top of
 * the last band). */
static int draw_series(line_data *D, size_t s, int lines)
{
    ic_layout *L = D->L;
    ic_path_op *ops = NULL;
    double *ap = NULL;
    int rc = -1;
    /* many more points than pixel columns: draw the same pixels with far
     * fewer points (small SVG and PDF files), never holding them all */
    double scale = L->scene->scale > 0 ? L->scene->scale : 1;
    int decimate = D->n > 4 * (size_t)((D->px1 - D->px0) * scale + 1);
    ic_m4 poly, base;
    ic_m4_init(&poly, D->px0, scale, decimate);
    ic_m4_init(&base, D->px0, scale, decimate);
    double zero_y = val_y(D, fmin(fmax(0, D->lo), D->hi));
    int band = D->stk && !lines;
    size_t i = 0;
    while (i < D->n) {
        if (isnan(value_at(D, row_at(D, i), s))) {
            i++;
            continue;
        }
        /* a run of consecutive values: one polyline (and one area) */
        size_t j = i;
        ic_m4_clear(&poly);
        ic_m4_clear(&base);
        for (; j < D->n && !isnan(value_at(D, row_at(D, j), s)); j++) {
            size_t r = row_at(D, j);
            if (ic_m4_add(&poly, row_x(D, r), val_y(D, value_at(D, r, s))) != 0 ||
                (band && ic_m4_add(&base, row_x(D, r), val_y(D, base_at(D, r, s))) != 0)) {
                ic_layout_oom(L);
                goto done;
            }
        }
        ic_path_op *more = ic_m4_finish(&poly) == 0 && ic_m4_finish(&base) == 0
                               ? realloc(ops, (poly.n + base.n + 3) * sizeof *ops)
                               : NULL;
        if (!more) {
            ic_layout_oom(L);
            goto done;
        }
        ops = more;
        const double *pts = poly.pts;
        size_t np = poly.n;
        if (band && np >= 2) {
            /* the band: along its top left to right, back along its bottom */
            size_t nb = base.n;
            double *p = realloc(ap, 2 * (np + nb) * sizeof *ap);
            if (!p) {
                ic_layout_oom(L);
                goto done;
            }
            ap = p;
            memcpy(ap, pts, 2 * np * sizeof *ap);
            for (size_t k = 0; k < nb; k++) {
                ap[2 * (np + k)] = base.pts[2 * (nb - 1 - k)];
                ap[2 * (np + k) + 1] = base.pts[2 * (nb - 1 - k) + 1];
            }
            ops[0] = IC_PATH_MOVE;
            for (size_t k = 1; k < np + nb; k++)
                ops[k] = IC_PATH_LINE;
            ops[np + nb] = IC_PATH_CLOSE;
            ic_mark *m = ic_scene_path(L->scene, IC_ROLE_AREA, ops, np + nb + 1, ap, np + nb, 0, D->color[s]);
            if (!m) {
                ic_layout_oom(L);
                goto done;
            }
            m->series = (int)s;
            m->row = (int)row_at(D, i);
        } else if (!lines && D->area && np >= 2) {
            /* filled down to zero under the line */
            double *ap = malloc(2 * (np + 2) * sizeof *ap);
            if (!ap) {
                ic_layout_oom(L);
                goto done;
            }
            ap[0] = pts[0];
            ap[1] = zero_y;
            ops[0] = IC_PATH_MOVE;
            for (size_t k = 0; k < np; k++) {
                ap[2 * (k + 1)] = pts[2 * k];
                ap[2 * (k + 1) + 1] = pts[2 * k + 1];
                ops[k + 1] = IC_PATH_LINE;
            }
            ap[2 * (np + 1)] = pts[2 * (np - 1)];
            ap[2 * (np + 1) + 1] = zero_y;
            ops[np + 1] = IC_PATH_LINE;
            ops[np + 2] = IC_PATH_CLOSE;
            ic_color fill = D->color[s];
            fill.a = D->ns == 1 ? 0.22 : D->emph[s] ? 0.22 : 0.14;
            ic_mark *m = ic_scene_path(L->scene, IC_ROLE_AREA, ops, np + 3, ap, np + 2, 0, fill);
            free(ap);
            if (!m) {
                ic_layout_oom(L);
                goto done;
            }
            m->series = (int)s;
            m->row = (int)row_at(D, i);
        }
        if (lines && np >= 2 && !(D->stk && s + 1 == D->ns)) {
            ic_mark *m = D->stk ? ic_scene_polyline(L->scene, IC_ROLE_LINE, pts, np, separator_w(D),
                                                    L->theme.background)
                                : ic_scene_polyline(L->scene, IC_ROLE_LINE, pts, np, D->lw[s], D->color[s]);
            if (!m) {
                ic_layout_oom(L);
                goto done;
            }
            m->series = (int)s;
            m->row = (int)row_at(D, i);
        }
        if (lines && np >= 2) {
            /* samples along the line, for text to keep clear of */
            double step = 0.35 * L->value_size, half = D->lw[s] / 2 + 0.1 * L->value_size;
            for (size_t k = 0; k + 1 < np; k++) {
                double dx = pts[2 * k + 2] - pts[2 * k], dy = pts[2 * k + 3] - pts[2 * k + 1];
                size_t ns = (size_t)ceil(hypot(dx, dy) / step);
                for (size_t q = 0; q <= ns; q++) {
                    double t = ns ? (double)q / (double)ns : 0;
                    if (add_avoid(D, pts[2 * k] + t * dx - half, pts[2 * k + 1] + t * dy - half, 2 * half,
                                  2 * half) != 0) {
                        ic_layout_oom(L);
                        goto done;
                    }
                }
            }
        }
        i = j;
    }
    rc = 0;
done:
    ic_m4_free(&poly);
    ic_m4_free(&base);
    free(ops);
    free(ap);
    return rc;
}

/* Markers: every point when the series has them, else the points that
 * stand alone (a value between two gaps), the labelled ends and the
 * highlighted x values. */
static int draw_markers(line_data *D, size_t s)
{
    ic_layout *L = D->L;
    size_t first, last;
    series_ends(D, s, &first, &last);
    for (size_t i = 0; i < D->n; i++) {
        size_t r = row_at(D, i);
        double v = value_at(D, r, s);
        if (isnan(v))
            continue;
        int alone = (i == 0 || isnan(value_at(D, row_at(D, i - 1), s))) &&
                    (i + 1 == D->n || isnan(value_at(D, row_at(D, i + 1), s)));
        int end = (i == last || i == first) && L->spec->value_labels && !D->stk;
        int hl = L->spec->nhighlight && is_x_highlighted(L->spec, ic_cell_text_brief(&L->table->cols[D->xcol], r));
        if (!D->markers[s] && !alone && !end && !hl)
            continue;
        double x = row_x(D, r), y = val_y(D, v);
        double rr = D->marker_r * (D->emph[s] || D->ns == 1 ? 1 : 0.85);
        /* a ring of the background separates the dot from crossing lines */
        ic_mark *ring = ic_scene_circle(L->scene, IC_ROLE_MARKER, x, y, rr + 0.35 * D->lw[s], L->theme.background);
        if (!ring)
            return ic_layout_oom(L);
        /* tagged at once: adding the next mark may move the array */
        ring->row = (int)r;
        ring->series = (int)s;
        ic_mark *m = ic_scene_circle(L->scene, IC_ROLE_MARKER, x, y, rr, D->color[s]);
        if (!m)
            return ic_layout_oom(L);
        m->row = (int)r;
        m->series = (int)s;
        m->value = label_at(D, r, s);
        if (add_avoid(D, x - rr - 1, y - rr - 1, 2 * rr + 2, 2 * rr + 2) != 0)
            return ic_layout_oom(L);
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* direct labels at the ends of the lines                              */

typedef struct end_label {
    size_t s, row;
    double px, py;          /* the last point */
    double y;               /* centre of the label after moving apart */
    char value[64], name[64];
    double vw, nw;
} end_label;

/* Room between the last point and the end labels. A stack's labels are
 * often moved away from thin bands: a wider gap keeps their leaders slanted
 * (readable as pointers) rather than upright strokes. */
static double end_label_clear(const line_data *D)
{
    return D->stk ? 1.3 * D->L->value_size : D->marker_r + 0.45 * D->L->value_size;
}

static double end_label_width(const line_data *D, const end_label *e)
{
    double space = e->value[0] && e->name[0] ? 0.3 * D->L->value_size : 0;
    return e->vw + space + e->nw;
}

/* Spreads labels of height h (sorted by desired y) so they do not overlap,
 * within [lo, hi]. Returns 0, or -1 when they cannot fit. */
static int spread(end_label *e, size_t n, double h, double lo, double hi)
{
    if ((double)n * h > hi - lo + 1e-9)
        return -1;
    for (size_t i = 0; i < n; i++) {
        e[i].y = fmin(fmax(e[i].py, lo + h / 2), hi - h / 2);
    }
    /* push down, then up from the bottom, then down again to settle */
    for (int it = 0; it < 3; it++) {
        for (size_t i = 1; i < n; i++)
            if (e[i].y < e[i - 1].y + h)
                e[i].y = e[i - 1].y + h;
        if (n && e[n - 1].y > hi - h / 2)
            e[n - 1].y = hi - h / 2;
        for (size_t i = n - 1; i-- > 0;)
            if (e[i].y > e[i + 1].y - h)
                e[i].y = e[i + 1].y - h;
        if (n && e[0].y < lo + h / 2)
            e[0].y = lo + h / 2;
    }
    return 0;
}

static int cmp_end_label(const void *a, const void *b)
{
    const end_label *x = a, *y = b;
    return x->py < y->py ? -1 : x->py > y->py ? 1 : x->s < y->s ? -1 : x->s > y->s;
}

/* Fills e[] (one per series with a value); returns the count. */
static size_t collect_end_labels(const line_data *D, end_label *e, int names)
{
    ic_layout *L = D->L;
    size_t n = 0;
    for (size_t s = 0; s < D->ns; s++) {
        size_t last = D->n;
        for (size_t i = 0; i < D->n; i++)
            if (!isnan(value_at(D, row_at(D, i), s)))
                last = i;
        if (last == D->n)
            continue;
        end_label *x = &e[n++];
        memset(x, 0, sizeof *x);
        x->s = s;
        x->row = row_at(D, last);
        if (L->spec->value_labels)
            format_label(D, label_at(D, x->row, s), x->value, sizeof x->value);
        if (names)
            ic_series_label(L->spec, s, x->name, sizeof x->name);
        x->vw = ic_scene_text_width(L->scene, x->value, IC_FONT_BOLD, L->value_size);
        /* facets sharing scales keep room for the widest value of any facet,
         * so the plot ends at the same place in each */
        if (L->spec->value_labels && D->stack != IC_STACK_PERCENT)
            x->vw = fmax(x->vw, ic_facet_widest_value(L, D->ycols[s], &D->fmt, IC_FONT_BOLD, L->value_size, NULL));
        x->nw = ic_scene_text_width(L->scene, x->name, D->emph[s] ? IC_FONT_BOLD : IC_FONT_REGULAR, L->value_size);
    }
    return n;
}

static int draw_end_labels(line_data *D, end_label *e, size_t n, double h, double lo, double hi)
{
    ic_layout *L = D->L;
    for (size_t i = 0; i < n; i++) {
        /* a line's last point; the middle of a band's end */
        double v = value_at(D, e[i].row, e[i].s);
        e[i].px = row_x(D, e[i].row);
        e[i].py = val_y(D, D->stk ? (v + base_at(D, e[i].row, e[i].s)) / 2 : v);
    }
    qsort(e, n, sizeof *e, cmp_end_label);
    if (spread(e, n, h, lo, hi) != 0)
        return ic_error_set(L->err, IC_ERR_DATA, L->spec->path, 0, 0, "series labels do not fit");
    double clear = end_label_clear(D);
    double lx = D->px1 + clear;
    for (size_t i = 0; i < n; i++) {
        end_label *x = &e[i];
        size_t s = x->s;
        double by = ic_center_baseline(L, IC_FONT_BOLD, L->value_size, x->y);
        if (x->name[0])
            D->end_y[s] = x->y;
        double tx = lx;
        if (x->value[0]) {
            ic_mark *m = ic_scene_text(L->scene, IC_ROLE_VALUE_LABEL, x->value, IC_FONT_BOLD, L->value_size, tx, by,
                                       D->text_color[s]);
            if (!m)
                return ic_layout_oom(L);
            m->row = (int)x->row;
            m->series = (int)s;
            m->value = label_at(D, x->row, s);
            tx += x->vw + 0.3 * L->value_size;
        }
        if (x->name[0]) {
            ic_mark *m = ic_scene_text(L->scene, IC_ROLE_SERIES_LABEL, x->name, D->emph[s] ? IC_FONT_BOLD : IC_FONT_REGULAR,
                                       L->value_size, tx, by, D->text_color[s]);
            if (!m)
                return ic_layout_oom(L);
            m->row = (int)x->row;
            m->series = (int)s;
        }
        /* a leader when the label is far from its point */
        double dy = fabs(x->y - x->py), dx = lx - x->px;
        if (dy > 0.45 * h || dx > 2 * clear) {
            double x0 = x->px + D->marker_r + 0.2 * L->value_size, x1 = lx - 0.2 * L->value_size;
            if (x1 > x0) {
                double w = fmax(1, L->scene->width / 1080.0);
                ic_color c = D->text_color[s];
                c.a = 0.7;
                ic_mark *m = ic_scene_line(L->scene, IC_ROLE_LEADER, x0, x->py + (x->y - x->py) * 0.0, x1, x->y, w, c);
                if (!m)
                    return ic_layout_oom(L);
                m->row = (int)x->row;
                m->series = (int)s;
            }
        }
    }
    return 0;
}

/* A value label right next to the point of row r of series s. */
static ic_callout value_callout(const line_data *D, size_t s, size_t r, const char *text)
{
    const ic_layout *L = D->L;
    ic_callout c = {0};
    c.text = text;
    c.font = IC_FONT_BOLD;
    c.size = L->value_size;
    c.color = D->text_color[s];
    c.role = IC_ROLE_VALUE_LABEL;
    c.row = (int)r;
    c.series = (int)s;
    c.value = label_at(D, r, s);
    c.max_width = 1e9;
    c.connector = 0;
    c.near_only = 1;
    c.clearance = D->marker_r + 0.1 * L->value_size;
    c.left = L->left;
    c.top = L->top;
    c.right = D->px1 + 0.5 * (L->right - D->px1);
    c.bottom = D->py1;
    return c;
}

/* Places a start label near its point, a little further away at each try.
 * Returns 0 (placed), 1 (no room) or -1 (out of memory). */
static int place_near(line_data *D, const ic_xy_axes *ax, ic_callout *c, double px, double py)
{
    double clearance = c->clearance;
    int rc = 1;
    int connector = c->connector;
    for (int k = 0; k < 5 && rc == 1; k++) {
        c->clearance = clearance + k * 0.6 * c->size;
        c->connector = connector || k >= 2; /* further away: a leader says whose it is */
        rc = ic_place_callout(D->L, ax, c, px, py, NULL);
    }
    c->clearance = clearance;
    c->connector = connector;
    return rc;
}

/* 1 when no other series has series s's label colour. */
static int colour_unique(const line_data *D, size_t s)
{
    for (size_t t = 0; t < D->ns; t++) {
        const ic_color *a = &D->text_color[s], *b = &D->text_color[t];
        if (t != s && a->r == b->r && a->g == b->g && a->b == b->b && a->a == b->a)
            return 0;
    }
    return 1;
}

/* The label of series s's first value (row r). It stays right of the tick
 * labels and off their levels (the avoid boxes past ax->navoid), so it
 * cannot read as a tick. With several series it names its series ("10%
 * Girls"), unless it can sit level with the series' named end label; when
 * the named label finds no room, a series whose colour no other series has
 * keeps the bare value (its colour tells which it is). Left out when there
 * is no room. Returns 0, or -1 (out of memory). */
static int start_label(line_data *D, const ic_xy_axes *ax, size_t s, size_t r)
{
    static const ic_place_dir dirs[] = {IC_PLACE_LEFT, IC_PLACE_ABOVE_LEFT, IC_PLACE_BELOW_LEFT,
                                        IC_PLACE_ABOVE, IC_PLACE_BELOW, IC_PLACE_ABOVE_RIGHT,
                                        IC_PLACE_BELOW_RIGHT, IC_PLACE_RIGHT};
    static const ic_place_dir level_dirs[] = {IC_PLACE_LEFT, IC_PLACE_RIGHT};
    ic_layout *L = D->L;
    ic_xy_axes with_levels = *ax;
    with_levels.navoid = D->navoid;
    double px = row_x(D, r), py = val_y(D, value_at(D, r, s));
    char value[64], name[64], text[160];
    format_label(D, label_at(D, r, s), value, sizeof value);
    ic_callout c = value_callout(D, s, r, value);
    /* off the tick labels' column (they end 0.6 tick sizes left of the grid) */
    c.left = D->grid_x0 - 0.2 * L->tick_size;
    c.slide = 0.5 * ic_number_line_height(L, IC_FONT_BOLD, c.size, 1.0); /* into the gap between tick levels */
    int level = fabs(D->end_y[s] - py) < 0.5 * L->value_size; /* false for NAN */
    if (D->ns == 1 || level) {
        c.dirs = D->ns == 1 ? dirs : level_dirs;
        c.ndirs = D->ns == 1 ? sizeof dirs / sizeof *dirs : sizeof level_dirs / sizeof *level_dirs;
        int rc = place_near(D, &with_levels, &c, px, py);
        if (rc <= 0 || D->ns == 1)
            return rc < 0 ? -1 : 0;
    }
    ic_series_label(L->spec, s, name, sizeof name);
    snprintf(text, sizeof text, "%s %s", value, name);
    c.text = text;
    c.dirs = dirs;
    c.ndirs = sizeof dirs / sizeof *dirs;
    int rc = place_near(D, &with_levels, &c, px, py);
    if (rc == 1 && colour_unique(D, s)) {
        c.text = value;
        rc = place_near(D, &with_levels, &c, px, py);
    }
    return rc < 0 ? -1 : 0;
}

/* Value labels at the first point of each series (when there is room) and
 * at highlighted x values. */
static int point_labels(line_data *D, const ic_xy_axes *ax)
{
    ic_layout *L = D->L;
    if (!L->spec->value_labels)
        return 0;
    static const ic_place_dir mid_dirs[] = {IC_PLACE_ABOVE, IC_PLACE_BELOW, IC_PLACE_ABOVE_LEFT,
                                            IC_PLACE_ABOVE_RIGHT, IC_PLACE_BELOW_LEFT, IC_PLACE_BELOW_RIGHT,
                                            IC_PLACE_LEFT, IC_PLACE_RIGHT};
    /* highlighted series first: their labels matter most */
    for (int pass = 0; pass < 2; pass++)
        for (size_t s = 0; s < D->ns; s++) {
            if ((pass == 0) != (D->emph[s] || D->ns == 1))
                continue;
            size_t first, last;
            series_ends(D, s, &first, &last);
            for (size_t i = 0; i < D->n; i++) {
                size_t r = row_at(D, i);
                double v = value_at(D, r, s);
                if (isnan(v) || i == last)
                    continue;
                if (i == first && !D->stk) {
                    /* (a stack's bands are named at their ends only) */
                    if (start_label(D, ax, s, r) != 0)
                        return -1;
                    continue;
                }
                if (!L->spec->nhighlight || !is_x_highlighted(L->spec, ic_cell_text_brief(&L->table->cols[D->xcol], r)))
                    continue;
                char buf[64];
                format_label(D, label_at(D, r, s), buf, sizeof buf);
                ic_callout c = value_callout(D, s, r, buf);
                c.dirs = mid_dirs;
                c.ndirs = sizeof mid_dirs / sizeof *mid_dirs;
                if (ic_place_callout(L, ax, &c, row_x(D, r), val_y(D, v), NULL) < 0)
                    return -1;
            }
        }
    return 0;
}

/* Boxes over the tick labels' levels, across the chart, appended to
 * D->avoid: start labels keep off them (see start_label). */
static int add_tick_levels(line_data *D)
{
    const ic_layout *L = D->L;
    for (size_t i = 0; i < L->scene->n; i++) {
        const ic_mark *m = &L->scene->marks[i];
        if (m->role != IC_ROLE_TICK_LABEL)
            continue;
        if (add_avoid(D, L->left, m->y, L->right - L->left, m->h) != 0)
            return -1;
        D->nlevels++;
    }
    return 0;
}

static int trend_notes(line_data *D, const ic_xy_axes *ax)
{
    ic_layout *L = D->L;
    static const ic_place_dir dirs[] = {IC_PLACE_BELOW_LEFT, IC_PLACE_ABOVE_LEFT, IC_PLACE_BELOW, IC_PLACE_LEFT,
                                        IC_PLACE_ABOVE, IC_PLACE_BELOW_RIGHT, IC_PLACE_ABOVE_RIGHT};
    for (size_t i = 0; i < L->spec->ntrends; i++) {
        ic_trend_result r;
        if (ic_trend_compute(L->spec, L->table, &L->spec->trends[i], &r, L->err) != 0)
            return -1;
        ic_callout c = {0};
        c.text = r.label;
        c.font = IC_FONT_BOLD;
        c.size = L->label_size * 1.12;
        c.color = D->ns > 1 && !D->emph[r.series] ? D->text_color[r.series] : L->theme.accent;
        c.role = IC_ROLE_TREND;
        c.row = (int)r.to_row;
        c.series = (int)r.series;
        c.value = r.change;
        c.max_width = fmax(0.42 * (D->px1 - D->px0), 7 * c.size);
        c.connector = -1;
        c.dirs = dirs;
        c.ndirs = sizeof dirs / sizeof *dirs;
        c.clearance = D->marker_r + 0.5 * c.size;
        c.left = D->px0;
        c.top = L->top;
        c.right = L->right;
        c.bottom = D->py1;
        /* in a stack, at the top of the series' band (where the row is drawn) */
        double at = D->stk ? value_at(D, r.to_row, r.series) : NAN;
        int rc = ic_place_callout(L, ax, &c, row_x(D, r.to_row), val_y(D, isnan(at) ? r.to_value : at), NULL);
        if (rc < 0)
            return -1;
        if (rc > 0) {
            /* left out rather than drawn over something, and said so */
            const ic_trend *t = &L->spec->trends[i];
            if (ic_scene_warn(L->scene, t->pos.line, t->pos.column,
                              "trend: \"%s\" left out, no free room on a %gx%g canvas; use a shorter 'label' "
                              "or a larger 'size'",
                              r.label, L->scene->width, L->scene->height) != 0)
                return ic_layout_oom(L);
        }
    }
    return 0;
}

/* ------------------------------------------------------------------ */

typedef struct sort_key {
    double x;
    size_t row;
} sort_key;

/* By x, then by file order (so equal x values keep their order). */
static int cmp_sort_key(const void *a, const void *b)
{
    const sort_key *p = a, *q = b;
    if (p->x != q->x)
        return p->x < q->x ? -1 : 1;
    return p->row < q->row ? -1 : p->row > q->row;
}

/* Rows in x order (proportional axes) or file order. D->order stays NULL
 * when that is the file's order (most files are). Returns 0 or -1. */
static int sort_rows(line_data *D)
{
    const ic_column *xc = &D->L->table->cols[D->xcol];
    if (!D->proportional || D->n < 2)
        return 0;
    size_t sorted = 1;
    while (sorted < D->n && xc->value[sorted - 1] <= xc->value[sorted])
        sorted++;
    if (sorted == D->n)
        return 0;
    D->order = malloc(D->n * sizeof *D->order);
    sort_key *keys = malloc(D->n * sizeof *keys);
    if (!D->order || !keys) {
        free(keys);
        return -1;
    }
    for (size_t i = 0; i < D->n; i++)
        keys[i] = (sort_key){xc->value[i], i};
    qsort(keys, D->n, sizeof *keys, cmp_sort_key);
    for (size_t i = 0; i < D->n; i++)
        D->order[i] = keys[i].row;
    free(keys);
    return 0;
}

/* Markers on every point: as the spec says, else when the series has few
 * values (more would clutter the line and hide its shape). */
static void choose_markers(line_data *D)
{
    for (size_t s = 0; s < D->ns; s++) {
        size_t count = 0;
        for (size_t r = 0; r < D->n; r++)
            count += !isnan(value_at(D, r, s));
        /* (bands show their values by their thickness: no dots on a stack) */
        D->markers[s] = D->L->spec->markers >= 0 ? D->L->spec->markers : count <= MARKER_MAX_POINTS && !D->stk;
    }
}

static void choose_colors(line_data *D)
{
    ic_layout *L = D->L;
    const ic_colors *t = &L->theme;
    size_t nemph = 0;
    for (size_t s = 0; s < D->ns; s++)
        nemph += (size_t)(D->emph[s] = is_series_highlighted(L->spec, s));
    double u = fmin(L->scene->width, L->scene->height) / 1080.0;
    for (size_t s = 0; s < D->ns; s++) {
        if (D->ns == 1) {
            D->color[s] = D->text_color[s] = t->accent;
            D->lw[s] = fmax(1.2, 4 * u);
        } else if (nemph > 0) {
            /* highlighted series: the accent, then the palette's next
             * colours (two highlighted lines never look alike) */
            size_t rank = 0;
            for (size_t k = 0; k < s; k++)
                rank += (size_t)D->emph[k];
            ic_color hc = rank == 0 ? t->accent : ic_palette_color(t, rank);
            D->color[s] = D->emph[s] ? hc : t->muted;
            D->text_color[s] = D->emph[s] ? hc : t->source;
            D->lw[s] = fmax(D->emph[s] ? 1.2 : 0.8, (D->emph[s] ? 4 : 2.5) * u);
        } else {
            /* beyond the palette: grey, never a repeated colour */
            D->color[s] = D->text_color[s] = ic_palette_color(t, s);
            D->lw[s] = fmax(1, 3.2 * u);
        }
        /* text in a series colour keeps 4.5:1 against the background */
        D->text_color[s] = ic_theme_text_color(t, D->text_color[s]);
    }
    if (nemph == 0 && D->ns > t->npalette)
        (void)ic_scene_warn(L->scene, 0, 0,
                            "%zu series but the palette has %zu colours: series %zu and after are grey; "
                            "highlight the ones that matter or give a longer 'palette'",
                            D->ns, t->npalette, t->npalette + 1);
}

/* The first column (in series order) with no value at `row`, or D->ns. */
static size_t first_gap(const line_data *D, size_t row)
{
    size_t s = 0;
    while (s < D->ns && !isnan(raw_at(D, row, s)))
        s++;
    return s;
}

/* Stacked areas: D->stk and D->tot from the data. A row where a series has
 * no value, or (percent) whose values are all 0, is left out of every band
 * (NAN), with one warning for each reason naming the first such row. The
 * top of a percent stack is exactly 100. Returns 0 or -1. */
static int compute_stack(line_data *D)
{
    ic_layout *L = D->L;
    const ic_spec *spec = L->spec;
    size_t n = D->n, ns = D->ns;
    D->stk = malloc((n ? n : 1) * ns * sizeof *D->stk);
    D->tot = malloc((n ? n : 1) * sizeof *D->tot);
    if (!D->stk || !D->tot)
        return ic_layout_oom(L);
    size_t ngap = 0, nzero = 0, gap_row = n, zero_row = n;
    for (size_t i = 0; i < n; i++) {
        size_t r = row_at(D, i), g = first_gap(D, r);
        double sum = 0;
        for (size_t s = 0; s < ns && g == ns; s++)
            sum += raw_at(D, r, s);
        int zero = g == ns && D->stack == IC_STACK_PERCENT && !(sum > 0);
        if (g < ns && ngap++ == 0)
            gap_row = r;
        if (zero && nzero++ == 0)
            zero_row = r;
        D->tot[r] = sum;
        double cum = 0;
        for (size_t s = 0; s < ns; s++) {
            double *top = &D->stk[s * n + r];
            if (g < ns || zero) {
                *top = NAN;
                continue;
            }
            cum += raw_at(D, r, s);
            *top = D->stack == IC_STACK_PERCENT ? (s + 1 == ns ? 100 : cum / sum * 100) : cum;
        }
    }
    const ic_column *xc = &L->table->cols[D->xcol];
    char x[64], more[96];
    if (ngap > 0) {
        size_t g = first_gap(D, gap_row);
        const ic_column *c = &L->table->cols[D->ycols[g]];
        ic_cell_pos at = ic_cell_position(c, gap_row);
        ic_clip(ic_cell_text(xc, gap_row), x, sizeof x);
        more[0] = '\0';
        if (ngap > 1)
            snprintf(more, sizeof more, " (and %zu more x values that miss a value)", ngap - 1);
        if (ic_scene_warn(L->scene, spec->pos_stack.line, spec->pos_stack.column,
                          "stacked area: column '%s' has no value for %s (%s:%d:%d), so %s is left out of every "
                          "band%s; write 0 where the value is zero",
                          c->name, x, spec->data, at.line, at.col, x, more) != 0)
            return ic_layout_oom(L);
    }
    if (nzero > 0) {
        ic_clip(ic_cell_text(xc, zero_row), x, sizeof x);
        more[0] = '\0';
        if (nzero > 1)
            snprintf(more, sizeof more, " (and %zu more x values)", nzero - 1);
        if (ic_scene_warn(L->scene, spec->pos_stack.line, spec->pos_stack.column,
                          "100%% stacked area: every series is 0 at %s, so it has no shares and is left out%s", x,
                          more) != 0)
            return ic_layout_oom(L);
    }
    return 0;
}

static int layout_common(ic_layout *L, int area)
{
    const ic_spec *spec = L->spec;
    const ic_table *tb = L->table;
    line_data D = {0};
    end_label *ends = NULL;
    int rc = -1;
    D.L = L;
    D.area = area;
    D.n = tb->nrows;
    D.ns = spec->ny < MAX_SERIES ? spec->ny : MAX_SERIES;
    D.xcol = ic_table_find(tb, spec->x);
    for (size_t s = 0; s < D.ns; s++) {
        D.ycols[s] = ic_table_find(tb, spec->y[s]);
        D.end_y[s] = NAN;
    }
    const ic_column *xc = &tb->cols[D.xcol];
    D.proportional = x_is_numeric(xc);
    ends = malloc((D.ns ? D.ns : 1) * sizeof *ends);
    if (!ends) {
        ic_layout_oom(L);
        goto done;
    }
    if (sort_rows(&D) != 0)
        goto nomem;
    if (D.proportional && D.n > 0) {
        D.xmin = xc->value[row_at(&D, 0)];
        D.xmax = xc->value[row_at(&D, D.n - 1)];
    }
    D.stack = area ? spec->stack : IC_STACK_NONE;
    if (D.stack != IC_STACK_NONE && compute_stack(&D) != 0)
        goto done;
    D.fmt = ic_facet_numfmt(L, D.ycols, D.ns);
    if (D.stack == IC_STACK_PERCENT) {
        /* shares of each x's total, whatever the columns' own unit */
        D.fmt.style = IC_NUM_PERCENT;
        D.fmt.multiply = 1;
        D.fmt.divisor = 1;
        D.fmt.decimals = spec->number.decimals >= 0 ? spec->number.decimals : 0;
        D.fmt.prefix = D.fmt.suffix = NULL;
        D.fmt.short_units = 0;
    }
    choose_markers(&D);
    D.marker_r = 0.3 * L->value_size;
    choose_colors(&D);

    /* the frame leaves room for three value ticks a line and a half apart,
     * the x labels and a label over the highest point */
    L->chart_need = 4.5 * ic_number_line_height(L, IC_FONT_REGULAR, L->tick_size, 1.0) +
                    2 * ic_line_height(L, IC_FONT_REGULAR, L->tick_size, 1.2) +
                    ic_line_height(L, IC_FONT_BOLD, L->value_size, 1.1) + L->gap;
    if (ic_layout_frame(L) != 0)
        goto done;

    /* direct labels, or a legend when they cannot work */
    double elh = ic_line_height(L, IC_FONT_BOLD, L->value_size, 1.1);
    size_t nends = collect_end_labels(&D, ends, D.ns > 1);
    double gutter_r = 0;
    for (size_t i = 0; i < nends; i++)
        gutter_r = fmax(gutter_r, end_label_width(&D, &ends[i]));
    /* the x labels: numerals' metrics for years, dates and numbers */
    double tick_lh = D.proportional ? ic_number_line_height(L, IC_FONT_REGULAR, L->tick_size, 1.2)
                                    : ic_line_height(L, IC_FONT_REGULAR, L->tick_size, 1.2);
    double est_h = L->bottom - L->top - 2 * tick_lh;
    /* the height the end labels may use (as draw_end_labels is given it) */
    double tick_box = D.proportional ? ic_number_line_height(L, IC_FONT_REGULAR, L->tick_size, 1.0)
                                     : ic_line_height(L, IC_FONT_REGULAR, L->tick_size, 1.0);
    double xlab_top_off = 0.5 * tick_box + 0.4 * L->gap;
    double label_room = L->bottom - xlab_top_off - tick_lh + 0.5 * tick_box - L->top;
    int legend = D.ns > 1 && (gutter_r > 0.33 * (L->right - L->left) ||
                              (double)nends * elh > fmin(0.9 * est_h, label_room));
    if (legend) {
        /* a stack's legend lists its bands top first, as they are seen */
        const char *names[MAX_SERIES];
        char pretty[MAX_SERIES][64];
        ic_color colors[MAX_SERIES];
        int series_of[MAX_SERIES];
        for (size_t i = 0; i < D.ns; i++) {
            size_t s = D.stk ? D.ns - 1 - i : i;
            ic_series_label(spec, s, pretty[i], sizeof pretty[i]);
            names[i] = pretty[i];
            colors[i] = D.color[s];
            series_of[i] = (int)s;
        }
        if (ic_layout_series_legend(L, names, colors, series_of, D.ns) != 0)
            goto done;
        nends = collect_end_labels(&D, ends, 0);
        gutter_r = 0;
        for (size_t i = 0; i < nends; i++)
            gutter_r = fmax(gutter_r, end_label_width(&D, &ends[i]));
    }
    label_room = L->bottom - xlab_top_off - tick_lh + 0.5 * tick_box - L->top; /* under the legend */
    if (legend && nends > 0 && (double)nends * elh > label_room) {
        /* the legend names the series and the axis gives the values */
        if (ic_scene_warn(L->scene, 0, 0,
                          "the values at the ends of the %zu series are left out: they do not fit in the height; "
                          "the legend names the series and the axis gives the values",
                          nends) != 0)
            goto nomem;
        nends = 0;
        gutter_r = 0;
    }
    double clear = end_label_clear(&D);
    gutter_r = gutter_r > 0 ? gutter_r + clear : D.marker_r + 0.3 * L->value_size;

    /* value range */
    double lo = INFINITY, hi = -INFINITY;
    for (size_t s = 0; s < D.ns; s++)
        for (size_t r = 0; r < D.n; r++) {
            double v = value_at(&D, r, s);
            if (!isnan(v)) {
                lo = fmin(lo, v);
                hi = fmax(hi, v);
            }
        }
    for (size_t i = 0; i < spec->nannotations; i++)
        if (spec->annotations[i].type == IC_ANN_LINE) {
            lo = fmin(lo, spec->annotations[i].value);
            hi = fmax(hi, spec->annotations[i].value);
        }
    if (!isfinite(lo)) {
        ic_error_set(L->err, IC_ERR_DATA, spec->data, 0, 0, "the 'y' columns have no values to draw");
        goto done;
    }
    ic_facet_extend(L, &lo, &hi); /* the same axis in every facet */
    /* a line fits its data; an area (filled to zero) and "y_from_zero": true include zero */
    int from_zero = area || spec->y_from_zero > 0;
    if (from_zero) {
        lo = fmin(lo, 0);
        hi = fmax(hi, 0);
    }
    if (hi == lo) {
        hi = lo + (lo == 0 ? 1 : fabs(lo) * 0.1);
        if (!from_zero)
            lo -= fabs(lo) * 0.1;
    }

    /* vertical layout: room on top for a label over the highest point,
     * under the plot for the x labels */
    D.py0 = L->top + 0.5 * elh;
    D.py1 = L->bottom - xlab_top_off - tick_lh;
    ic_axis axis;
    if (D.py1 - D.py0 < 3 * L->tick_size ||
        ic_axis_choose(L, &axis, lo, hi, D.py1 - D.py0, 1, 1, 7, &D.fmt) != 0) {
        ic_error_set(L->err, IC_ERR_DATA, spec->path, 0, 0,
                     "the chart does not fit on a %gx%g canvas; use a larger 'size' or a shorter title",
                     L->scene->width, L->scene->height);
        goto done;
    }
    D.lo = axis.lo;
    D.hi = axis.hi;
    int broken = D.lo > 0 || D.hi < 0; /* the axis does not reach zero */
    double gutter_l = axis.widest + axis.gap;
    /* the first point's marker and label need a little room from the ticks */
    D.px0 = L->left + gutter_l + D.marker_r + 0.4 * L->tick_size;
    D.px1 = L->right - gutter_r;
    if (D.px1 - D.px0 < 0.3 * (L->right - L->left)) {
        ic_error_set(L->err, IC_ERR_DATA, spec->path, 0, 0,
                     "the series labels leave no room for the lines on a %gx%g canvas; use a larger 'size' or "
                     "shorter column names",
                     L->scene->width, L->scene->height);
        goto done;
    }

    /* gridlines and tick labels on the value axis; none at the baseline
     * (zero, or the bottom of an axis that does not reach it) */
    double grid_x0 = D.grid_x0 = L->left + gutter_l;
    double tick_h = ic_number_line_height(L, IC_FONT_REGULAR, axis.size, 1.0);
    ic_axis_place ap = {D.py1, D.py0, grid_x0, D.px1, grid_x0 - axis.gap, D.py0 - 0.5 * tick_h,
                        D.py1 + 0.5 * tick_h, broken ? D.lo : 0, 0};
    if (ic_axis_draw(L, &axis, &ap) != 0)
        goto done;

    ic_xy_axes ax = {0};
    ax.ctx = &D;
    ax.row_pos = cb_row_pos;
    ax.value_pos = cb_value_pos;
    ax.x0 = D.px0;
    ax.x1 = D.px1;
    ax.y0 = D.py0;
    ax.y1 = D.py1;
    ax.row_half = D.proportional || D.n < 2 ? 0 : 0.5 * (D.px1 - D.px0) / (double)(D.n - 1);
    ax.fmt = &D.fmt;
    if (ic_annotate_back(L, &ax) != 0)
        goto done;

    /* the axis line: zero, or the bottom of a broken axis; over opaque
     * stacked bands, else under the data */
    double base_v = broken ? D.lo : 0;
    if (!D.stk && !ic_axis_baseline(L, &axis, &ap, base_v, broken))
        goto done;
    /* series: areas and lines, muted first, highlighted on top */
    for (int what = 0; what < 2; what++)
        for (int pass = 0; pass < 2; pass++)
            for (size_t s = 0; s < D.ns; s++)
                if ((pass == 1) == (D.emph[s] != 0) && draw_series(&D, s, what) != 0)
                    goto done;
    if (D.stk && !ic_axis_baseline(L, &axis, &ap, 0, 0))
        goto done;
    for (int pass = 0; pass < 2; pass++)
        for (size_t s = 0; s < D.ns; s++)
            if ((pass == 1) == (D.emph[s] != 0) && draw_markers(&D, s) != 0)
                goto done;

    /* x labels, then every label that must avoid them */
    if (x_labels(&D, D.py1 + xlab_top_off) != 0)
        goto done;
    if (nends > 0 && draw_end_labels(&D, ends, nends, elh, L->top, D.py1 + 0.5 * tick_box) != 0)
        goto done;
    /* reference lines: text keeps off them too */
    for (size_t i = 0; i < spec->nannotations; i++)
        if (spec->annotations[i].type == IC_ANN_LINE &&
            add_avoid(&D, D.px0, val_y(&D, spec->annotations[i].value) - 0.15 * L->value_size, D.px1 - D.px0,
                      0.3 * L->value_size) != 0)
            goto nomem;
    if (add_tick_levels(&D) != 0)
        goto nomem;
    ax.avoid = D.avoid;
    ax.navoid = D.navoid - D.nlevels; /* the levels are for start labels only */
    if (trend_notes(&D, &ax) != 0 || point_labels(&D, &ax) != 0 || ic_annotate_front(L, &ax) != 0)
        goto done;
    rc = 0;
    goto done;
nomem:
    ic_layout_oom(L);
done:
    free(D.order);
    free(D.avoid);
    free(D.stk);
    free(D.tot);
    free(ends);
    return rc;
}

int ic_line_layout(ic_layout *L)
{
    return layout_common(L, 0);
}

int ic_area_layout(ic_layout *L)
{
    return layout_common(L, 1);
}
