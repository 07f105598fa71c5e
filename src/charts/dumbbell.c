/* Dumbbell (arrow) plot: the change between two columns for each category.
 *
 * One row per category: a light connector from the first value ("from") to
 * the second ("to"), with a small arrowhead showing the direction when there
 * is room, a muted dot for the first value and an accent dot for the second.
 * The value labels sit outside the span (the smaller value's label left of
 * its dot, the larger value's right of it), so they never sit on the line.
 * Category labels are at the left; a legend at the top names the two
 * columns. The value axis is shared, starts at zero, and has light
 * gridlines at nice ticks. `sort` orders the rows by the change (to − from).
 * A missing value draws no dot: a row with one value shows that dot and
 * "no data" for the other; a row with none shows "no data". */
#include "layout/facet_scale.h"
#include "charts/registry.h"
#include "charts/checks.h"
#include "core/error.h"
#include "layout/annotate.h"
#include "layout/locale.h"
#include "core/util.h"
#include "layout/format.h"
#include "layout/axis.h"
#include "layout/ticks.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ROWS 200
#define LABEL_MAX 96

typedef struct db_data {
    ic_layout *L;
    size_t n;
    size_t *order;          /* [n] data row in drawing order */
    int xcol, ycol[2];
    ic_numfmt fmt;
    char series[2][64];     /* the two columns' names for people */
    char (*labels)[LABEL_MAX]; /* [n * 2] value label or "no data ..." */
    double *label_w;        /* [n * 2] their widths */
    double lo, hi;          /* value domain, including zero */
    double value_size;
} db_data;

static double value_at(const db_data *D, size_t i, int s)
{
    return D->L->table->cols[D->ycol[s]].value[D->order[i]];
}

static const char *category_at(const db_data *D, size_t i)
{
    return ic_cell_text(&D->L->table->cols[D->xcol], D->order[i]);
}

static int too_small(ic_layout *L, const char *what)
{
    return ic_error_set(L->err, IC_ERR_DATA, L->spec->path, 0, 0,
                        "%zu categories do not fit on a %gx%g canvas (%s); use a larger 'size' or fewer rows",
                        L->table->nrows, L->scene->width, L->scene->height, what);
}

static ic_color mix(ic_color a, ic_color b, double t)
{
    ic_color c = {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t, 1};
    return c;
}

/* Stable insertion sort by change (to − from); rows without a change last. */
static void sort_rows(db_data *D)
{
    ic_sort sort = D->L->spec->sort;
    /* facets sharing scales come sorted by the totals over all facets */
    if (sort == IC_SORT_NONE || D->L->share)
        return;
    const double *a = D->L->table->cols[D->ycol[0]].value, *b = D->L->table->cols[D->ycol[1]].value;
    for (size_t i = 1; i < D->n; i++) {
        size_t r = D->order[i], j = i;
        double cr = b[r] - a[r];
        while (j > 0) {
            size_t p = D->order[j - 1];
            double cp = b[p] - a[p];
            int before = isnan(cp) ? 0 : isnan(cr) ? 1 : sort == IC_SORT_ASCENDING ? cp <= cr : cp >= cr;
            if (before)
                break;
            D->order[j] = p;
            j--;
        }
        D->order[j] = r;
    }
}

static void tag(ic_mark *m, const db_data *D, size_t i, int s, double v)
{
    m->row = (int)D->order[i];
    m->series = s;
    m->value = v;
}

/* Width each row needs left of its smaller dot and right of its larger
 * one (labels plus padding), and where those dots are. */
typedef struct row_need {
    double vmin, vmax;      /* NAN when the row has no value */
    double left, right;     /* label room outside the dots, dot radius included */
} row_need;

/* The spec keys dumbbell charts read besides the common ones (registry.h). */
const char *const ic_dumbbell_keys[] = {"sort", "value_labels", "highlight", "annotations", NULL};

int ic_dumbbell_validate(const ic_spec *spec, const ic_table *table, ic_error *err)
{
    if (spec->ny != 2)
        return ic_error_set(err, IC_ERR_SPEC, spec->path, spec->pos_y[0].line, spec->pos_y[0].column,
                            "a dumbbell chart needs exactly 2 'y' columns (from and to), got %zu", spec->ny);
    if (ic_check_drawable(spec, table, 2, err) != 0)
        return -1;
    if (table->nrows > MAX_ROWS)
        return ic_error_set(err, IC_ERR_DATA, spec->data, 0, 0,
                            "a dumbbell chart shows at most %d categories, the data has %zu rows", MAX_ROWS,
                            table->nrows);
    return 0;
}

static int draw_legend(db_data *D, double top, double r, const ic_color *colors, double *height)
{
    ic_layout *L = D->L;
    double size = ic_text_size(L, L->label_size * 0.92);
    double lh = ic_line_height(L, IC_FONT_REGULAR, size, 1.35);
    double asc = ic_ascent(L, IC_FONT_REGULAR, size);
    double x = L->left, y = top;
    for (int s = 0; s < 2; s++) {
        double tw = ic_scene_text_width(L->scene, D->series[s], IC_FONT_REGULAR, size);
        double item_w = 2 * r + 0.45 * size + tw;
        if (x > L->left && x + item_w > L->right) {
            x = L->left;
            y += lh;
        }
        double cy = y + asc - 0.36 * size; /* the middle of the lower-case letters */
        ic_mark *c = ic_scene_circle(L->scene, IC_ROLE_LEGEND_SWATCH, x + r, cy, r, colors[s]);
        if (!c)
            return ic_layout_oom(L);
        c->series = s; /* tagged at once: adding the label may move the array */
        ic_mark *t = ic_scene_text(L->scene, IC_ROLE_LEGEND_LABEL, D->series[s], IC_FONT_REGULAR, size,
                                   x + 2 * r + 0.45 * size, y + asc, L->theme.text);
        if (!t)
            return ic_layout_oom(L);
        t->series = s;
        x += item_w + 1.4 * size;
    }
    *height = y + lh - top;
    return 0;
}

/* Geometry handed to the annotations module. */
typedef struct db_axes {
    const db_data *D;
    size_t *display;      /* drawing position of each data row */
    double plot_y0, band, zero_x, k;
    int stacked;
    double label_block, dot_row;
} db_axes;

static double db_row_pos(void *ctx, size_t row, int series)
{
    const db_axes *a = ctx;
    (void)series;
    double cy = a->plot_y0 + a->band * ((double)a->display[row] + 0.5);
    if (a->stacked) /* the dots sit under the label block, as drawn */
        cy = cy - (a->label_block + a->dot_row * 1.05) / 2 + a->label_block + a->dot_row * 0.55;
    return cy;
}

static double db_value_pos(void *ctx, double v)
{
    const db_axes *a = ctx;
    return a->zero_x + v * a->k;
}

/* Annotation text keeps off the dots: their boxes become avoid boxes. */
static int annotate(ic_layout *L, ic_xy_axes *ax)
{
    if (L->spec->nannotations == 0)
        return 0;
    size_t n = 0;
    for (size_t i = 0; i < L->scene->n; i++)
        n += L->scene->marks[i].role == IC_ROLE_MARKER;
    double *boxes = malloc((n ? n : 1) * 4 * sizeof *boxes);
    if (!boxes)
        return ic_layout_oom(L);
    size_t k = 0;
    for (size_t i = 0; i < L->scene->n; i++) {
        const ic_mark *m = &L->scene->marks[i];
        if (m->role != IC_ROLE_MARKER)
            continue;
        boxes[k++] = m->x;
        boxes[k++] = m->y;
        boxes[k++] = m->w;
        boxes[k++] = m->h;
    }
    ax->avoid = boxes;
    ax->navoid = n;
    int rc = ic_annotate_front(L, ax);
    free(boxes);
    return rc;
}

/* Lays the rows out with category labels of `lsize`, wrapped within
 * `cat_share` of the width, rows `tight` (one line box each) or with air.
 * Returns 1, having drawn nothing, when they do
 * not fit and `last` is 0 (the next rung may); on the last try that is an
 * error. */
static int layout_rows(db_data *D, double lsize, double cat_share, int tight, int last)
{
    ic_layout *L = D->L;
    const ic_colors *t = &L->theme;
    const ic_spec *spec = L->spec;
    double W = L->right - L->left;
    double lh = ic_line_height(L, IC_FONT_REGULAR, lsize, 1.15);
    double vs = D->value_size;
    double r = 0.42 * lsize;              /* dot radius */
    double pad = 0.45 * vs;               /* dot edge to its label */
    int labels_on = spec->value_labels;

    /* category labels at the left, or above each row on tall canvases
     * (the rows then use the full width) */
    int stacked = (L->bottom - L->top) > 1.3 * W;
    double cat_w = 0;
    for (size_t i = 0; i < D->n; i++) {
        ic_font_style f = ic_spec_highlights(spec, category_at(D, i)) ? IC_FONT_BOLD : IC_FONT_REGULAR;
        cat_w = fmax(cat_w, ic_scene_text_width(L->scene, category_at(D, i), f, lsize));
    }
    cat_w = stacked ? W : fmin(cat_w, cat_share * W);
    size_t max_lines = 1;
    for (size_t i = 0; i < D->n; i++) {
        char **lines = NULL;
        ic_font_style f = ic_spec_highlights(spec, category_at(D, i)) ? IC_FONT_BOLD : IC_FONT_REGULAR;
        size_t k = ic_wrap(ic_scene_face(L->scene, f), category_at(D, i), lsize, cat_w, &lines);
        ic_lines_free(lines, k);
        if (k == 0)
            return ic_layout_oom(L);
        if (k > max_lines)
            max_lines = k;
    }
    double plot_x0 = stacked ? L->left : L->left + cat_w + 1.0 * lsize, plot_x1 = L->right;
    double PW = plot_x1 - plot_x0;

    /* room each row needs outside its dots; facets sharing scales add every
     * facet's rows with the widest value label of any facet, so the scale
     * and the plot are the same in each (layout/facet_scale.h) */
    const ic_facet_share *share = L->share;
    int ca = share ? ic_table_find(share->table, L->table->cols[D->ycol[0]].name) : -1;
    int cb = share ? ic_table_find(share->table, L->table->cols[D->ycol[1]].name) : -1;
    size_t nshared = ca >= 0 && cb >= 0 ? share->table->nrows : 0;
    row_need *need = malloc((D->n + nshared + 1) * sizeof *need);
    if (!need)
        return ic_layout_oom(L);
    for (size_t i = 0; i < D->n; i++) {
        double a = value_at(D, i, 0), b = value_at(D, i, 1);
        row_need *q = &need[i];
        double wa = labels_on ? D->label_w[i * 2] + pad : 0, wb = labels_on ? D->label_w[i * 2 + 1] + pad : 0;
        if (isnan(a) && isnan(b)) {
            q->vmin = q->vmax = 0;
            q->left = 0;
            q->right = D->label_w[i * 2] + pad; /* "no data" right of zero */
        } else if (isnan(a) || isnan(b)) {
            int s = isnan(a) ? 1 : 0;
            q->vmin = q->vmax = value_at(D, i, s);
            q->left = r;
            /* its own label, then "no data for ..." */
            q->right = r + (labels_on ? D->label_w[i * 2 + s] + pad : 0) + D->label_w[i * 2 + !s] + pad;
        } else {
            q->vmin = fmin(a, b);
            q->vmax = fmax(a, b);
            /* the first value's label goes on the left when it is the smaller (ties: first left) */
            q->left = r + (a <= b ? wa : wb);
            q->right = r + (a <= b ? wb : wa);
        }
    }
    size_t nneed = D->n;
    if (nshared > 0) {
        double w = labels_on ? fmax(ic_facet_widest_value(L, D->ycol[0], &D->fmt, IC_FONT_BOLD, vs, NULL),
                                    ic_facet_widest_value(L, D->ycol[1], &D->fmt, IC_FONT_BOLD, vs, NULL)) + pad
                             : 0;
        /* a category some facet has no row of: "no data" right of zero */
        if (share->any_gap)
            need[nneed++] = (row_need){.right = ic_scene_text_width(L->scene, ic_locale_for(L->spec->lang)->no_data,
                                                                    IC_FONT_REGULAR, vs) + pad};
        for (size_t i = 0; i < nshared; i++) {
            double a = share->table->cols[ca].value[i], b = share->table->cols[cb].value[i];
            if (isnan(a) || isnan(b))
                continue;
            need[nneed++] = (row_need){.vmin = fmin(a, b), .vmax = fmax(a, b), .left = r + w, .right = r + w};
        }
    }
    /* x(v) = plot_x0 + off + (v − lo)·k: find the largest k for which every
     * label fits, and the offset the left labels need */
    double k = PW / (D->hi - D->lo), off = 0;
    for (int it = 0; it < 60; it++) {
        double kk = INFINITY;
        for (size_t i = 0; i < nneed; i++) {
            double span = need[i].vmax - D->lo;
            double room = PW - off - need[i].right;
            kk = span > 0 ? fmin(kk, room / span) : kk;
            if (room < 0)
                kk = -1;
        }
        if (!isfinite(kk))
            kk = PW / (D->hi - D->lo);
        k = fmin(kk, PW / (D->hi - D->lo));
        if (k <= 0)
            break;
        double o = 0;
        for (size_t i = 0; i < nneed; i++)
            o = fmax(o, need[i].left - (need[i].vmin - D->lo) * k);
        if (fabs(o - off) < 1e-9) {
            off = o;
            break;
        }
        off = o;
    }
    free(need);
    if (!(k > 0) || (D->hi - D->lo) * k < 0.25 * PW)
        return last ? too_small(L, "value labels leave no room for the dots") : 1;
    double zero_x = plot_x0 + off - D->lo * k;

    /* vertical: legend, rows, tick labels; the whole block centred when rows are few */
    double legend_size = ic_text_size(L, lsize * 0.92);
    double legend_h_est = ic_line_height(L, IC_FONT_REGULAR, legend_size, 1.35);
    double tick_h = 0.5 * L->gap + ic_number_line_height(L, IC_FONT_REGULAR, L->tick_size, 1.2);
    double H = L->bottom - L->top;
    double rows_h = H - legend_h_est - L->gap - tick_h;
    double band = rows_h / (double)D->n;
    double dot_row = fmax(2.6 * r, ic_number_line_height(L, IC_FONT_BOLD, vs, tight ? 1.0 : 1.05));
    double label_block = stacked ? max_lines * lh : 0;
    double min_band = stacked ? label_block + dot_row * 1.15 : fmax(max_lines * lh * (tight ? 1.0 : 1.08), dot_row);
    if (band < min_band)
        return last ? too_small(L, "labels would overlap") : 1;
    double max_band = stacked ? label_block + 4.0 * lsize + dot_row : fmax(3.4 * lsize, max_lines * lh * 1.5);
    double top = L->top;
    if (band > max_band) {
        top += (rows_h - max_band * (double)D->n) * 0.4;
        band = max_band;
    }

    ic_color c_from = t->muted, c_to = t->accent;
    ic_color c_line = mix(t->muted, t->background, 0.35);
    ic_color colors[2] = {c_from, c_to};
    double legend_h = 0;
    if (draw_legend(D, top, r, colors, &legend_h) != 0)
        return -1;
    double plot_y0 = top + legend_h + L->gap;
    double plot_y1 = plot_y0 + band * (double)D->n;

    /* gridlines and tick labels; the zero line is drawn below */
    ic_axis axis;
    ic_axis_choose(L, &axis, D->lo, D->hi, (D->hi - D->lo) * k, 0, 0, 7, &D->fmt);
    ic_axis_place ap = {zero_x + D->lo * k, zero_x + D->hi * k, plot_y0, plot_y1, plot_y1 + 0.5 * L->gap,
                        stacked ? L->left : plot_x0 - 0.6 * lsize, L->right, 0, 0};
    if (ic_axis_draw(L, &axis, &ap) != 0)
        return -1;
    /* the zero line, as light as the gridlines: value labels near zero may cross it */
    if (!ic_axis_baseline(L, &axis, &ap, 0, 1))
        return -1;

    /* bands behind the rows, reference lines and callouts on top (annotate) */
    size_t *display = malloc((D->n ? D->n : 1) * sizeof *display);
    if (!display)
        return ic_layout_oom(L);
    for (size_t i = 0; i < D->n; i++)
        display[D->order[i]] = i;
    db_axes dba = {D, display, plot_y0, band, zero_x, k, stacked, label_block, dot_row};
    ic_xy_axes ax = {0};
    ax.ctx = &dba;
    ax.row_pos = db_row_pos;
    ax.value_pos = db_value_pos;
    ax.categories_vertical = 1;
    ax.x0 = plot_x0;
    ax.x1 = plot_x0 + PW;
    ax.y0 = plot_y0;
    ax.y1 = plot_y1;
    ax.row_half = band / 2;
    ax.fmt = &D->fmt;
    ax.lines_in_front = 1;
    ax.text_may_cover_data = 1;
    int rc = -1;
    if (ic_annotate_back(L, &ax) != 0)
        goto done;

    for (size_t i = 0; i < D->n; i++) {
        double cy = plot_y0 + band * ((double)i + 0.5);
        const char *cat = category_at(D, i);
        double lab_cy = cy;
        if (stacked) {
            /* label block, then the dots, centred together in the band */
            double block = label_block + dot_row * 1.05;
            double btop = cy - block / 2;
            lab_cy = btop + label_block / 2;
            cy = btop + label_block + dot_row * 0.55;
        }
        int hl = ic_spec_highlights(spec, cat);
        int dim = spec->nhighlight > 0 && !hl;
        ic_font_style cf = hl ? IC_FONT_BOLD : IC_FONT_REGULAR;

        char **lines = NULL;
        size_t nl = ic_wrap_balanced(ic_scene_face(L->scene, cf), cat, lsize, cat_w, &lines);
        if (nl == 0) {
            rc = ic_layout_oom(L);
            goto done;
        }
        for (size_t li = 0; li < nl; li++) {
            ic_mark *m = ic_scene_text(L->scene, IC_ROLE_CATEGORY_LABEL, lines[li], cf, lsize, L->left,
                                       ic_center_baseline(L, cf, lsize, lab_cy - nl * lh / 2 + lh * ((double)li + 0.5)),
                                       hl ? t->title : t->text);
            if (!m) {
                ic_lines_free(lines, nl);
                rc = ic_layout_oom(L);
                goto done;
            }
            m->row = (int)D->order[i];
        }
        ic_lines_free(lines, nl);

        double a = value_at(D, i, 0), b = value_at(D, i, 1);
        /* rows not highlighted take a greyed "to" dot, half way to the
         * muted grey; neither dot fades toward the background, so both
         * keep 3:1 against it like every data mark */
        ic_color to_col = dim ? mix(c_to, c_from, 0.55) : c_to;
        ic_color from_col = c_from;
        if (isnan(a) && isnan(b)) {
            ic_mark *m = ic_scene_text(L->scene, IC_ROLE_VALUE_LABEL, D->labels[i * 2], IC_FONT_REGULAR, vs,
                                       zero_x + pad, ic_number_center_baseline(L, IC_FONT_REGULAR, vs, cy), t->source);
            if (!m) {
                rc = ic_layout_oom(L);
                goto done;
            }
            tag(m, D, i, -1, NAN);
            continue;
        }
        if (isnan(a) || isnan(b)) {
            int s = isnan(a) ? 1 : 0;
            double v = s ? b : a, x = zero_x + v * k;
            ic_mark *dot = ic_scene_circle(L->scene, IC_ROLE_MARKER, x, cy, r, s ? to_col : from_col);
            if (!dot) {
                rc = ic_layout_oom(L);
                goto done;
            }
            tag(dot, D, i, s, v);
            double lx = x + r + pad;
            if (labels_on) {
                ic_font_style f = s ? IC_FONT_BOLD : IC_FONT_REGULAR;
                ic_mark *m = ic_scene_text(L->scene, IC_ROLE_VALUE_LABEL, D->labels[i * 2 + s], f, vs, lx,
                                           ic_number_center_baseline(L, f, vs, cy), s ? t->text : t->subtitle);
                if (!m) {
                    rc = ic_layout_oom(L);
                    goto done;
                }
                tag(m, D, i, s, v);
                lx += D->label_w[i * 2 + s] + pad;
            }
            ic_mark *m = ic_scene_text(L->scene, IC_ROLE_VALUE_LABEL, D->labels[i * 2 + !s], IC_FONT_REGULAR, vs,
                                       lx, ic_number_center_baseline(L, IC_FONT_REGULAR, vs, cy), t->source);
            if (!m) {
                rc = ic_layout_oom(L);
                goto done;
            }
            tag(m, D, i, !s, NAN);
            continue;
        }
        double xa = zero_x + a * k, xb = zero_x + b * k;
        ic_mark *line = ic_scene_line(L->scene, IC_ROLE_CONNECTOR, xa, cy, xb, cy, 0.5 * r, c_line);
        if (!line) {
            rc = ic_layout_oom(L);
            goto done;
        }
        tag(line, D, i, -1, b - a);
        /* arrowhead touching the "to" dot, when the span leaves room for it */
        double ah = 1.25 * r, dir = b >= a ? 1 : -1;
        if (fabs(xb - xa) > 2 * r + 2.2 * ah) {
            double tip = xb - dir * r, base = tip - dir * ah;
            ic_path_op ops[] = {IC_PATH_MOVE, IC_PATH_LINE, IC_PATH_LINE, IC_PATH_CLOSE};
            double pts[] = {tip, cy, base, cy - 0.62 * ah, base, cy + 0.62 * ah};
            ic_mark *head = ic_scene_path(L->scene, IC_ROLE_CONNECTOR, ops, 4, pts, 3, 0, c_line);
            if (!head) {
                rc = ic_layout_oom(L);
                goto done;
            }
            tag(head, D, i, -1, b - a);
        }
        /* tag each dot at once: adding the next mark may move the array */
        ic_mark *da = ic_scene_circle(L->scene, IC_ROLE_MARKER, xa, cy, r, from_col);
        if (da)
            tag(da, D, i, 0, a);
        ic_mark *db = da ? ic_scene_circle(L->scene, IC_ROLE_MARKER, xb, cy, r, to_col) : NULL;
        if (!db) {
            rc = ic_layout_oom(L);
            goto done;
        }
        tag(db, D, i, 1, b);
        if (!labels_on)
            continue;
        int a_left = a <= b;
        for (int s = 0; s < 2; s++) {
            double v = s ? b : a, x = s ? xb : xa;
            int left = s == 0 ? a_left : !a_left;
            double lw = D->label_w[i * 2 + s];
            ic_font_style f = s ? IC_FONT_BOLD : IC_FONT_REGULAR;
            double bx = left ? x - r - pad - lw : x + r + pad;
            ic_mark *m = ic_scene_text(L->scene, IC_ROLE_VALUE_LABEL, D->labels[i * 2 + s], f, vs, bx,
                                       ic_number_center_baseline(L, f, vs, cy), s ? t->text : t->subtitle);
            if (!m) {
                rc = ic_layout_oom(L);
                goto done;
            }
            tag(m, D, i, s, v);
        }
    }
    rc = annotate(L, &ax);
done:
    free(display);
    return rc;
}

int ic_dumbbell_layout(ic_layout *L)
{
    const ic_spec *spec = L->spec;
    const ic_table *tb = L->table;
    db_data D = {0};
    int rc = -1;
    D.L = L;
    D.n = tb->nrows;
    D.xcol = ic_table_find(tb, spec->x);
    D.ycol[0] = ic_table_find(tb, spec->y[0]);
    D.ycol[1] = ic_table_find(tb, spec->y[1]);
    D.order = malloc((D.n ? D.n : 1) * sizeof *D.order);
    D.labels = malloc((D.n ? D.n : 1) * 2 * sizeof *D.labels);
    D.label_w = malloc((D.n ? D.n : 1) * 2 * sizeof *D.label_w);
    if (!D.order || !D.labels || !D.label_w) {
        ic_layout_oom(L);
        goto done;
    }
    for (size_t i = 0; i < D.n; i++)
        D.order[i] = i;
    sort_rows(&D);
    D.fmt = ic_facet_numfmt(L, D.ycol, 2);
    for (int s = 0; s < 2; s++)
        ic_series_label(spec, (size_t)s, D.series[s], sizeof D.series[s]);
    D.lo = D.hi = 0;
    for (size_t i = 0; i < D.n; i++)
        for (int s = 0; s < 2; s++) {
            double v = value_at(&D, i, s);
            if (!isnan(v)) {
                D.lo = fmin(D.lo, v);
                D.hi = fmax(D.hi, v);
            }
        }
    ic_facet_extend(L, &D.lo, &D.hi); /* the same axis in every facet */
    if (D.hi == D.lo)
        D.hi = D.lo + 1;
    /* the axis reaches the nice ticks around the dots */
    double nice[IC_AXIS_MAX_TICKS], nice_step;
    size_t nn = ic_nice_ticks(D.lo, D.hi, 6, nice, IC_AXIS_MAX_TICKS, &nice_step);
    D.lo = nice[0];
    D.hi = nice[nn - 1];

    /* the frame leaves room for a one-line row per category at the floor,
     * the legend and the tick labels */
    /* (the terms of layout_rows' tightest rung) */
    double vs_need = ic_text_size(L, L->value_size * 0.92);
    double row_need = fmax(fmax(ic_line_height(L, IC_FONT_REGULAR, L->text_floor, 1.15), 2.6 * 0.42 * L->text_floor),
                           ic_number_line_height(L, IC_FONT_BOLD, vs_need, 1.0));
    L->chart_need = (double)D.n * row_need + ic_line_height(L, IC_FONT_REGULAR, L->text_floor, 1.35) + L->gap +
                    0.5 * L->gap + ic_number_line_height(L, IC_FONT_REGULAR, L->tick_size, 1.2) + 1;
    if (ic_layout_frame(L) != 0)
        goto done;
    D.value_size = ic_text_size(L, L->value_size * 0.92);
    for (size_t i = 0; i < D.n; i++) {
        double a = value_at(&D, i, 0), b = value_at(&D, i, 1);
        for (int s = 0; s < 2; s++) {
            double v = s ? b : a;
            char *buf = D.labels[i * 2 + s];
            ic_font_style f = s ? IC_FONT_BOLD : IC_FONT_REGULAR;
            if (isnan(a) && isnan(b))
                snprintf(buf, LABEL_MAX, "%s", ic_locale_for(L->spec->lang)->no_data);
            else if (isnan(v)) {
                snprintf(buf, LABEL_MAX, "no data for %s", D.series[s]);
                f = IC_FONT_REGULAR;
            } else
                ic_numfmt_format(&D.fmt, v, buf, LABEL_MAX);
            D.label_w[i * 2 + s] = ic_scene_text_width(L->scene, buf, isnan(a) && isnan(b) ? IC_FONT_REGULAR : f,
                                                       D.value_size);
        }
    }
    if (D.n == 0)
        rc = ic_error_set(L->err, IC_ERR_DATA, spec->data, 0, 0, "the data has no rows");
    /* the fitting ladder: category labels step down to the floor, then
     * take up to half the width before they wrap */
    static const struct { double down, cat_share; int tight; } rungs[] = {
        {0, 0.38, 0}, {0.5, 0.38, 0}, {1, 0.38, 0}, {1, 0.5, 0}, {1, 0.5, 1}};
    size_t nrungs = sizeof rungs / sizeof *rungs;
    for (size_t r = 0; r < nrungs && D.n > 0; r++) {
        double lsize = L->label_size - rungs[r].down * (L->label_size - L->text_floor);
        rc = layout_rows(&D, lsize, rungs[r].cat_share, rungs[r].tight, r + 1 == nrungs);
        if (rc <= 0)
            break;
    }
done:
    free(D.order);
    free(D.labels);
    free(D.label_w);
    return rc;
}
