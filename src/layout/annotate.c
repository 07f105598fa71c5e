/* Annotations for x/y kinds and the free-spot search for callout text. */
#include "layout/annotate.h"
#include "core/util.h"
#include "core/error.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ic_box_hits_text(const ic_scene *s, double x, double y, double w, double h)
{
    const double eps = 0.01;
    for (size_t i = 0; i < s->n; i++) {
        const ic_mark *m = &s->marks[i];
        if (m->kind != IC_MARK_TEXT)
            continue;
        if (x + w > m->x + eps && m->x + m->w > x + eps && y + h > m->y + eps && m->y + m->h > y + eps)
            return 1;
    }
    return 0;
}

static int box_hits_avoid(const ic_xy_axes *ax, double x, double y, double w, double h)
{
    for (size_t i = 0; ax && ax->avoid && i < ax->navoid; i++) {
        const double *b = ax->avoid + 4 * i;
        if (x + w > b[0] && b[0] + b[2] > x && y + h > b[1] && b[1] + b[3] > y)
            return 1;
    }
    return 0;
}

/* 1 when the box lies partly over an avoid box and partly off it: text
 * across the edge of a bar has the bar behind one part and the background
 * behind the other, and no one colour may read on both. */
static int box_straddles_avoid(const ic_xy_axes *ax, double x, double y, double w, double h)
{
    for (size_t i = 0; ax && ax->avoid && i < ax->navoid; i++) {
        const double *b = ax->avoid + 4 * i;
        int overlaps = x + w > b[0] && b[0] + b[2] > x && y + h > b[1] && b[1] + b[3] > y;
        int inside = x >= b[0] && x + w <= b[0] + b[2] && y >= b[1] && y + h <= b[1] + b[3];
        if (overlaps && !inside)
            return 1;
    }
    return 0;
}

/* A wrapped text block measured at one size. */
typedef struct block {
    char **lines;
    size_t n;
    double *widths;
    double w, h, lh, size;
    double asc, desc; /* the largest line box of its lines, as set (a number in an
                       * Urdu chart takes Inter's box, not Nastaliq's) */
} block;

static void block_free(block *b)
{
    ic_lines_free(b->lines, b->n);
    free(b->widths);
    memset(b, 0, sizeof *b);
}

static int block_make(ic_layout *L, const ic_callout *c, double size, double max_width, block *b)
{
    const ic_face *face = ic_scene_face(L->scene, c->font);
    memset(b, 0, sizeof *b);
    b->n = ic_wrap_balanced(face, c->text, size, max_width, &b->lines);
    if (b->n == 0)
        return -1;
    b->widths = malloc(b->n * sizeof *b->widths);
    if (!b->widths) {
        block_free(b);
        return -1;
    }
    b->size = size;
    for (size_t i = 0; i < b->n; i++) {
        double a = 0, d = 0;
        ic_scene_text_extents(L->scene, b->lines[i], c->font, size, &a, &d);
        b->asc = fmax(b->asc, a);
        b->desc = fmax(b->desc, d);
        b->widths[i] = ic_text_width(face, b->lines[i], strlen(b->lines[i]), size);
        b->w = fmax(b->w, b->widths[i]);
    }
    b->lh = fmax(1.12 * size, b->asc + b->desc);
    b->h = (double)b->n * b->lh;
    return 0;
}

typedef struct region { double x0, y0, x1, y1; } region;

/* `data`: AVOID_DATA keeps the box clear of the avoid boxes; COVER_DATA
 * lets it lie over them, ONE_MARK only wholly over one of them. */
enum { COVER_DATA, AVOID_DATA, ONE_MARK };

static int box_ok(ic_layout *L, const ic_xy_axes *ax, const region *R, double x, double y, double w, double h,
                  double pad, int data)
{
    if (x < R->x0 - 0.01 || y < R->y0 - 0.01 || x + w > R->x1 + 0.01 || y + h > R->y1 + 0.01)
        return 0;
    if (ic_box_hits_text(L->scene, x - pad, y - pad, w + 2 * pad, h + 2 * pad))
        return 0;
    return data == AVOID_DATA ? !box_hits_avoid(ax, x, y, w, h)
           : data == ONE_MARK ? !box_straddles_avoid(ax, x, y, w, h)
                              : 1;
}

/* Top-left of a w×h box in direction `d` from (px, py) at distance `dist`. */
static void box_at(ic_place_dir d, double px, double py, double w, double h, double dist, double *x, double *y)
{
    double diag = dist * 0.7071;
    switch (d) {
    case IC_PLACE_ABOVE_RIGHT: *x = px + diag; *y = py - diag - h; break;
    case IC_PLACE_ABOVE_LEFT: *x = px - diag - w; *y = py - diag - h; break;
    case IC_PLACE_BELOW_RIGHT: *x = px + diag; *y = py + diag; break;
    case IC_PLACE_BELOW_LEFT: *x = px - diag - w; *y = py + diag; break;
    case IC_PLACE_RIGHT: *x = px + dist; *y = py - h / 2; break;
    case IC_PLACE_LEFT: *x = px - dist - w; *y = py - h / 2; break;
    case IC_PLACE_ABOVE: *x = px - w / 2; *y = py - dist - h; break;
    case IC_PLACE_BELOW: default: *x = px - w / 2; *y = py + dist; break;
    }
}

static const ic_place_dir default_dirs[] = {IC_PLACE_ABOVE_RIGHT, IC_PLACE_ABOVE_LEFT, IC_PLACE_BELOW_RIGHT,
                                            IC_PLACE_BELOW_LEFT, IC_PLACE_ABOVE, IC_PLACE_BELOW,
                                            IC_PLACE_RIGHT, IC_PLACE_LEFT};

/* Alignment of the lines inside the block, from where it sits. */
static ic_align align_for(double bx, double bw, double px)
{
    if (bx >= px - 0.01)
        return IC_ALIGN_LEFT;
    if (bx + bw <= px + 0.01)
        return IC_ALIGN_RIGHT;
    return IC_ALIGN_CENTER;
}

/* 1 when the connector that emit() would draw from the block at (bx, by) to
 * the point (px, py) passes through a text box (sampled along its length). */
static int connector_hits_text(const ic_scene *s, const block *b, double bx, double by, double px, double py)
{
    double pad = 0.25 * b->size;
    double cx = fmin(fmax(px, bx - pad), bx + b->w + pad);
    double cy = fmin(fmax(py, by - pad * 0.5), by + b->h + pad * 0.5);
    for (int k = 1; k < 24; k++) {
        double t = k / 24.0, x = cx + (px - cx) * t, y = cy + (py - cy) * t;
        for (size_t i = 0; i < s->n; i++) {
            const ic_mark *m = &s->marks[i];
            if (m->kind == IC_MARK_TEXT && x > m->x && x < m->x + m->w && y > m->y && y < m->y + m->h)
                return 1;
        }
    }
    return 0;
}

static int emit(ic_layout *L, const ic_callout *c, const block *b, double bx, double by, double px, double py,
                int connector)
{
    double asc = b->asc;
    /* a line's box is its ascender-to-descender height; centre it in lh */
    double inner = b->asc + b->desc;
    ic_align al = align_for(bx, b->w, px);
    for (size_t i = 0; i < b->n; i++) {
        double lx = al == IC_ALIGN_LEFT ? bx : al == IC_ALIGN_RIGHT ? bx + b->w - b->widths[i]
                                                                    : bx + (b->w - b->widths[i]) / 2;
        double top = by + (double)i * b->lh + (b->lh - inner) / 2;
        ic_mark *m = ic_scene_text(L->scene, c->role, b->lines[i], c->font, b->size, lx, top + asc, c->color);
        if (!m)
            return -1;
        m->row = c->row;
        m->series = c->series;
        m->value = c->value;
    }
    if (!connector)
        return 0;
    /* from the nearest point of the (padded) box to the data point */
    double pad = 0.25 * b->size;
    double cx = fmin(fmax(px, bx - pad), bx + b->w + pad);
    double cy = fmin(fmax(py, by - pad * 0.5), by + b->h + pad * 0.5);
    if (hypot(cx - px, cy - py) < 0.5 * b->size)
        return 0; /* the text sits on the point: no line needed */
    double w = 1.2 * L->rule_w;
    ic_mark *m = ic_scene_line(L->scene, IC_ROLE_CONNECTOR, cx, cy, px, py, w, L->theme.subtitle);
    if (!m)
        return -1;
    m->row = c->row;
    m->series = c->series;
    m->value = c->value;
    return 0;
}

int ic_place_callout(ic_layout *L, const ic_xy_axes *ax, const ic_callout *c, double px, double py,
                     double box[4])
{
    region R = {L->left, L->top, L->right, L->bottom};
    if (c->left != 0 || c->top != 0 || c->right != 0 || c->bottom != 0)
        R = (region){c->left, c->top, c->right, c->bottom};
    const ic_place_dir *dirs = c->dirs ? c->dirs : default_dirs;
    size_t ndirs = c->dirs ? c->ndirs : sizeof default_dirs / sizeof *default_dirs;
    double plot_w = ax ? ax->x1 - ax->x0 : R.x1 - R.x0;
    double max_width = c->max_width > 0 ? c->max_width : fmax(plot_w / 3, 6 * c->size);
    max_width = fmin(max_width, R.x1 - R.x0);
    double min_size = c->near_only ? c->size : fmin(c->size, L->source_size);
    size_t nsteps = c->near_only ? 2 : 5;

    /* Clear of the data first (pass 0: avoid boxes too), at every size and
     * then anywhere nearby; only then may the text cover data (pass 1), and
     * only where the data are areas text may partly cover (bars): over the
     * points and lines of a line chart it is left out instead (and a print
     * chart grows to find it room) */
    block b;
    double best = INFINITY, bx = 0, by = 0;
    int passes = c->near_only || (ax && !ax->text_may_cover_data && ax->navoid > 0) ? 1 : 2;
    for (int pass = 0; pass < passes; pass++) {
        int data = pass == 0 ? AVOID_DATA : c->one_mark ? ONE_MARK : COVER_DATA;
        for (double size = c->size; size >= min_size - 1e-9;
             size = size > min_size ? fmax(min_size, size * 0.9) : min_size - 1) {
            if (block_make(L, c, size, max_width, &b) != 0)
                return ic_layout_oom(L);
            double clear = c->clearance > 0 ? c->clearance : 0.3 * size;
            double pad = 0.12 * size;
            static const double steps[] = {1, 1.8, 3, 4.5, 6.5};
            for (size_t k = 0; k < nsteps; k++)
                for (size_t d = 0; d < ndirs; d++)
                    for (int j = 0;; j++) {
                        /* beside the point: 0, then down and up in quarter lines */
                        int side = dirs[d] == IC_PLACE_LEFT || dirs[d] == IC_PLACE_RIGHT;
                        double dy = (j % 2 ? 1 : -1) * (double)((j + 1) / 2) * 0.25 * b.h;
                        if (j > 0 && (!side || fabs(dy) > c->slide + 1e-9))
                            break;
                        double dist = clear + (steps[k] - 1) * 0.8 * size + 0.25 * size;
                        double x, y;
                        box_at(dirs[d], px, py, b.w, b.h, dist, &x, &y);
                        y += dy;
                        if (!box_ok(L, ax, &R, x, y, b.w, b.h, pad, data))
                            continue;
                        int conn = c->connector == 1 || (c->connector < 0 && (k > 1 || dy != 0));
                        if (conn && connector_hits_text(L->scene, &b, x, y, px, py))
                            continue;
                        int rc = emit(L, c, &b, x, y, px, py, conn);
                        if (box) {
                            box[0] = x; box[1] = y; box[2] = b.w; box[3] = b.h;
                        }
                        block_free(&b);
                        return rc < 0 ? ic_layout_oom(L) : 0;
                    }
            block_free(&b);
        }
        if (c->near_only)
            return 1;
        /* the nearest free spot in the region, at the smallest size; over
         * bars, clear of the data (pass 0) only within a third of the
         * region's diagonal: a leader across the whole chart reads worse
         * than text beside its point over a bar */
        if (block_make(L, c, min_size, max_width, &b) != 0)
            return ic_layout_oom(L);
        double step = 0.5 * min_size;
        double reach = pass == 0 && ax && ax->text_may_cover_data ? hypot(R.x1 - R.x0, R.y1 - R.y0) / 3 : INFINITY;
        best = reach;
        for (double y = R.y0; y + b.h <= R.y1 + 0.01; y += step)
            for (double x = R.x0; x + b.w <= R.x1 + 0.01; x += step) {
                double cx = fmin(fmax(px, x), x + b.w), cy = fmin(fmax(py, y), y + b.h);
                double dist = hypot(cx - px, cy - py);
                if (dist < best && box_ok(L, ax, &R, x, y, b.w, b.h, 0.12 * min_size, data) &&
                    !(c->connector != 0 && connector_hits_text(L->scene, &b, x, y, px, py))) {
                    best = dist;
                    bx = x;
                    by = y;
                }
            }
        if (best < reach)
            break;
        block_free(&b);
        best = INFINITY;
    }
    if (c->near_only)
        return 1;
    if (!isfinite(best))
        return 1; /* no room anywhere (the block was freed in the loop) */
    int rc = emit(L, c, &b, bx, by, px, py, c->connector != 0) < 0 ? ic_layout_oom(L) : 0;
    if (box) {
        box[0] = bx; box[1] = by; box[2] = b.w; box[3] = b.h;
    }
    block_free(&b);
    return rc;
}

/* ------------------------------------------------------------------ */

/* The row of x value `value` (dates may be written in any form). */
static long find_row(const ic_table *t, int xcol, const char *value)
{
    return value ? ic_column_find(&t->cols[xcol], value) : -1;
}

static size_t series_index(const ic_spec *spec, const char *name)
{
    for (size_t s = 0; name && s < spec->ny; s++)
        if (strcmp(spec->y[s], name) == 0)
            return s;
    return 0;
}

/* Canvas point of (row position, value). */
static void to_canvas(const ic_xy_axes *ax, double along, double value_canvas, double *x, double *y)
{
    if (ax->categories_vertical) {
        *x = value_canvas;
        *y = along;
    } else {
        *x = along;
        *y = value_canvas;
    }
}

static void band_extent(const ic_layout *L, const ic_xy_axes *ax, const ic_annotation *a, int xcol, double *lo,
                        double *hi)
{
    long f = find_row(L->table, xcol, a->from), t = find_row(L->table, xcol, a->to);
    double p0 = f >= 0 ? ax->row_pos(ax->ctx, (size_t)f, -1) : 0;
    double p1 = t >= 0 ? ax->row_pos(ax->ctx, (size_t)t, -1) : 0;
    *lo = fmin(p0, p1) - ax->row_half;
    *hi = fmax(p0, p1) + ax->row_half;
    double amin = ax->categories_vertical ? ax->y0 : ax->x0, amax = ax->categories_vertical ? ax->y1 : ax->x1;
    *lo = fmax(*lo, amin);
    *hi = fmin(*hi, amax);
}

/* A dashed reference line at annotation `a`'s value (nothing when outside
 * the axis). It stops short of every text already there (a value label, a
 * tick label) instead of striking through it. */
static int reference_line(ic_layout *L, const ic_xy_axes *ax, const ic_annotation *a)
{
    double u = L->rule_w; /* a pixel or more on screens, a hairline on paper */
    double v = ax->value_pos(ax->ctx, a->value);
    int vert = ax->categories_vertical; /* the line runs down the canvas */
    if (vert ? v < ax->x0 - 0.5 || v > ax->x1 + 0.5 : v < ax->y0 - 0.5 || v > ax->y1 + 0.5)
        return 0; /* outside the axis: the kind's scale should include it */
    double from = vert ? ax->y0 : ax->x0, to = vert ? ax->y1 : ax->x1;
    /* the stretches of the line that texts cover, as (start, end) pairs */
    size_t n = 0, cap = 0;
    double *cover = NULL;
    for (size_t i = 0; i < L->scene->n; i++) {
        const ic_mark *m = &L->scene->marks[i];
        if (m->kind != IC_MARK_TEXT)
            continue;
        double pad = 0.25 * m->size;
        double c0 = vert ? m->x : m->y, c1 = c0 + (vert ? m->w : m->h);
        if (v < c0 - pad || v > c1 + pad)
            continue;
        if (n + 2 > cap) {
            cap = cap ? 2 * cap : 16;
            double *grown = realloc(cover, cap * sizeof *cover);
            if (!grown) {
                free(cover);
                return ic_layout_oom(L);
            }
            cover = grown;
        }
        double a0 = vert ? m->y : m->x, a1 = a0 + (vert ? m->h : m->w);
        cover[n++] = a0 - pad;
        cover[n++] = a1 + pad;
    }
    if (n > 0) /* (qsort wants a pointer even for nothing) */
        qsort(cover, n / 2, 2 * sizeof *cover, ic_compare_doubles); /* by start */
    int rc = 0;
    double at = from;
    for (size_t k = 0; k <= n && rc == 0; k += 2) {
        double end = k < n ? fmin(cover[k], to) : to;
        if (end - at > 2 * u) {
            ic_mark *m = vert ? ic_scene_line(L->scene, IC_ROLE_REFERENCE, v, at, v, end, 1.5 * u, L->theme.subtitle)
                              : ic_scene_line(L->scene, IC_ROLE_REFERENCE, at, v, end, v, 1.5 * u, L->theme.subtitle);
            if (!m)
                rc = ic_layout_oom(L);
            else {
                m->dashed = 1;
                m->value = a->value;
            }
        }
        if (k < n)
            at = fmax(at, cover[k + 1]);
    }
    free(cover);
    return rc;
}

int ic_annotate_back(ic_layout *L, const ic_xy_axes *ax)
{
    const ic_spec *spec = L->spec;
    int xcol = ic_table_find(L->table, spec->x);
    ic_color fill = L->theme.text;
    fill.a = L->spec->theme_dark ? 0.10 : 0.07;
    for (size_t i = 0; i < spec->nannotations; i++) {
        const ic_annotation *a = &spec->annotations[i];
        ic_mark *m = NULL;
        if (a->type == IC_ANN_BAND) {
            double lo, hi;
            band_extent(L, ax, a, xcol, &lo, &hi);
            if (hi <= lo)
                continue;
            m = ax->categories_vertical ? ic_scene_rect(L->scene, IC_ROLE_BAND, ax->x0, lo, ax->x1 - ax->x0, hi - lo, fill)
                                        : ic_scene_rect(L->scene, IC_ROLE_BAND, lo, ax->y0, hi - lo, ax->y1 - ax->y0, fill);
            if (m)
                m->row = (int)find_row(L->table, xcol, a->from);
        } else if (a->type == IC_ANN_LINE) {
            if (!ax->lines_in_front && reference_line(L, ax, a) != 0)
                return -1;
            continue;
        } else
            continue;
        if (!m)
            return ic_layout_oom(L);
    }
    return 0;
}

/* Nothing is drawn overlapping: a text with no free room is left out, with a
 * warning that says so. */
static int no_room(ic_layout *L, const ic_annotation *a, size_t i)
{
    if (ic_scene_warn(L->scene, a->pos.line, a->pos.column,
                      "annotations[%zu]: left out, no free room for its text on a %gx%g canvas; shorten the "
                      "text or use a larger 'size'",
                      i, L->scene->width, L->scene->height) != 0)
        return ic_layout_oom(L);
    return 0;
}

int ic_annotate_front(ic_layout *L, const ic_xy_axes *ax)
{
    const ic_spec *spec = L->spec;
    int xcol = ic_table_find(L->table, spec->x);
    double size = ic_text_size(L, fmax(L->label_size * 0.88, L->source_size));
    for (size_t i = 0; ax->lines_in_front && i < spec->nannotations; i++)
        if (spec->annotations[i].type == IC_ANN_LINE && reference_line(L, ax, &spec->annotations[i]) != 0)
            return -1;
    /* bands and reference lines first: their text has fewer places to go */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < spec->nannotations; i++) {
            const ic_annotation *a = &spec->annotations[i];
            ic_callout c = {0};
            c.font = IC_FONT_REGULAR;
            c.size = size;
            c.color = L->theme.subtitle;
            c.role = IC_ROLE_ANNOTATION;
            c.row = -1;
            c.series = -1;
            c.value = NAN;
            c.text = a->text;
            double px, py;
            int rc;
            if (pass == 0 && a->type == IC_ANN_BAND && a->text) {
                double lo, hi;
                band_extent(L, ax, a, xcol, &lo, &hi);
                static const ic_place_dir below[] = {IC_PLACE_BELOW, IC_PLACE_BELOW_RIGHT, IC_PLACE_BELOW_LEFT};
                c.dirs = below;
                c.ndirs = 3;
                c.connector = 0;
                c.row = (int)find_row(L->table, xcol, a->from);
                c.max_width = fmax(hi - lo, 7 * size);
                c.clearance = 0.3 * size;
                to_canvas(ax, (lo + hi) / 2, ax->categories_vertical ? ax->x1 : ax->y0, &px, &py);
                if (ax->categories_vertical)
                    px = ax->x1 - c.max_width / 2, py = lo;
                rc = ic_place_callout(L, ax, &c, px, py, NULL);
            } else if (pass == 0 && a->type == IC_ANN_LINE) {
                char buf[96];
                if (!a->text) {
                    if (ax->fmt)
                        ic_numfmt_format(ax->fmt, a->value, buf, sizeof buf);
                    else
                        snprintf(buf, sizeof buf, "%g", a->value);
                    c.text = buf;
                }
                double v = ax->value_pos(ax->ctx, a->value);
                static const ic_place_dir ends[] = {IC_PLACE_ABOVE_LEFT, IC_PLACE_BELOW_LEFT, IC_PLACE_ABOVE_RIGHT,
                                                    IC_PLACE_BELOW_RIGHT};
                c.dirs = ends;
                c.ndirs = 4;
                c.connector = 0;
                c.value = a->value;
                c.clearance = 0.2 * size;
                /* a short label beside its line: over a bar or off it, never
                 * across its edge (no colour reads on both) */
                c.one_mark = 1;
                if (ax->categories_vertical)
                    px = v, py = ax->y0;
                else
                    px = ax->x1, py = v;
                /* right beside the line at its end, else at its other end,
                 * else wherever the free-spot search finds room */
                c.near_only = 1;
                rc = ic_place_callout(L, ax, &c, px, py, NULL);
                if (rc == 1) {
                    static const ic_place_dir starts[] = {IC_PLACE_ABOVE_RIGHT, IC_PLACE_BELOW_RIGHT};
                    c.dirs = starts;
                    c.ndirs = 2;
                    rc = ax->categories_vertical ? ic_place_callout(L, ax, &c, v, ax->y1, NULL)
                                                 : ic_place_callout(L, ax, &c, ax->x0, v, NULL);
                }
                if (rc == 1) {
                    c.dirs = ends;
                    c.ndirs = 4;
                    c.near_only = 0;
                    rc = ic_place_callout(L, ax, &c, px, py, NULL);
                }
            } else if (pass == 1 && a->type == IC_ANN_CALLOUT) {
                long row = find_row(L->table, xcol, a->x);
                size_t s = series_index(spec, a->series);
                int yc = ic_table_find(L->table, spec->y[s]);
                if (row < 0 || yc < 0)
                    continue; /* checked with the spec's columns */
                double v = L->table->cols[yc].value[row];
                if (isnan(v)) {
                    ic_cell_pos at = ic_cell_position(&L->table->cols[yc], (size_t)row);
                    return ic_error_set(L->err, IC_ERR_DATA, spec->path, a->pos_x.line, a->pos_x.column,
                                        "annotations[%zu]: column '%s' has no value for %s (%s:%d:%d), so the "
                                        "callout has no point to show",
                                        i, spec->y[s], a->x, spec->data, at.line, at.col);
                }
                to_canvas(ax, ax->row_pos(ax->ctx, (size_t)row, (int)s), ax->value_pos(ax->ctx, v), &px, &py);
                c.color = L->theme.text;
                c.connector = 1;
                c.row = (int)row;
                c.series = (int)s;
                c.value = v;
                c.clearance = 0.9 * size;
                rc = ic_place_callout(L, ax, &c, px, py, NULL);
            } else
                continue;
            if (rc < 0)
                return -1;
            if (rc > 0 && no_room(L, a, i) != 0)
                return -1;
        }
    return 0;
}
