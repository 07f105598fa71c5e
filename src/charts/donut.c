/* Donut and pie charts: shares of a whole.
 *
 * Slices start at 12 o'clock and go clockwise in data order (or by value
 * with "sort"); each angle is 360° × the running total / the total, so the
 * last slice ends at exactly 360° and rounding leaves no gap or overlap.
 * Highlighted categories use the accent colour and the rest muted grey
 * (palette colours when nothing is highlighted); a thin line in the
 * background colour separates the slices, never wider than half the
 * narrower of its two slices, so every slice above 0 stays visible. Three
 * or more slices under 1 % of the total (none highlighted) become one grey
 * "Other" slice, drawn last, with a warning naming them (merge_small).
 *
 * Labels ("Girls 22%") stand outside the ring, right of it for slices whose
 * middle lies on the right half, left of it otherwise. Each side is stacked
 * top to bottom in slice order; labels that would collide are moved apart
 * vertically (clusters are centred on where their slices want them), then
 * slid horizontally to hug the ring. A label moved away from its slice, or
 * naming a small slice, gets a leader line. The ring shrinks until every
 * label fits inside the chart region with no overlaps and no leader crossing
 * the ring or another label; if that would make the ring too small, the
 * labels become a legend above it.
 *
 * A donut shows a centre number: "spec->center_value" (a template with
 * {share} {value} {total}) or, automatically, the highlighted share ("38%"),
 * with "spec->center_label" under it; both are sized to fit in the hole. */
#include "layout/facet_scale.h"
#include "charts/registry.h"
#include "charts/checks.h"
#include "core/error.h"
#include "layout/locale.h"
#include "core/buf.h"
#include "core/util.h"
#include "layout/format.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ROWS 100
#define TEXT_MAX 256

typedef struct slice_label {
    size_t row;
    double mid;            /* degrees clockwise from 12 o'clock */
    double sweep;          /* degrees */
    int right;             /* 1 = right of the ring */
    char name[TEXT_MAX], value[64];
    double name_w, w, h;   /* widths of the name, of the whole label; box height */
    double want, y;        /* wanted and placed centre y, relative to the ring centre */
    double x0;             /* left edge, relative to the ring centre */
    int leader;
} slice_label;

/* Slices under 1 % of the total (value x 100 < total) are merged into one
 * "Other" slice when there are at least OTHER_MIN_SLICES of them (merging
 * fewer would save at most one label and cost the names). */
#define OTHER_PERCENT 1.0
#define OTHER_MIN_SLICES 3

typedef struct donut {
    ic_layout *L;
    size_t n;              /* data rows; row n is the "Other" slice when there is one */
    int xcol, ycol;
    size_t *order;         /* [norder] rows in drawing order (merged rows left out, "Other" last) */
    size_t norder;
    int other;             /* 1: small slices were merged into slice n, "Other" */
    double other_value;    /* their sum */
    double *a0, *a1;       /* [row] angles */
    int *hl;               /* [row] */
    ic_color *color;       /* [row] */
    int *grey;             /* [row] 1: beyond the palette (grey, "Other" in a legend) */
    size_t ngrey;          /* data rows that are grey */
    int any_hl;
    double total, hl_total;
    ic_numfmt fmt;
    double hole;           /* inner / outer radius */
    slice_label *lab;      /* [nlab] in drawing order */
    size_t nlab;
    double lsize, gap;     /* label size; ring-to-label clearance */
} donut;

static double value_of(const donut *D, size_t row)
{
    return row == D->n ? D->other_value : D->L->table->cols[D->ycol].value[row];
}

static const char *other_word(const donut *D)
{
    return ic_locale_for(D->L->spec->lang)->other;
}

static const char *name_of(const donut *D, size_t row)
{
    return row == D->n ? other_word(D) : ic_cell_text(&D->L->table->cols[D->xcol], row);
}

/* The row a mark shows: -1 for the "Other" slice. */
static int mark_row(const donut *D, size_t row)
{
    return row == D->n ? -1 : (int)row;
}

static double rad(double deg)
{
    return deg * IC_PI / 180;
}

/* ------------------------------------------------------------------ */
/* text                                                                */

/* A share in percent: whole percents (the data's own decimals when the
 * values are percentages), one decimal below 1 %. */
static void share_text(const donut *D, double pct, char *buf, size_t size)
{
    ic_format_share(pct, D->fmt.style == IC_NUM_PERCENT ? D->fmt.decimals : 0, buf, size);
    ic_digits_convert(buf, size, D->fmt.digits);
}

/* Expands {share} {value} {total} in `tpl`: the highlighted categories'
 * share of the total and their summed value (everything when nothing is
 * highlighted), and the total. */
static void expand(const donut *D, const char *tpl, char *out, size_t size)
{
    static const char *const names[] = {"share", "value", "total"};
    char share[64], value[64], total[64];
    double part = D->any_hl ? D->hl_total : D->total;
    share_text(D, 100 * part / D->total, share, sizeof share);
    ic_numfmt_format(&D->fmt, part, value, sizeof value);
    ic_numfmt_format(&D->fmt, D->total, total, sizeof total);
    const char *const values[] = {share, value, total};
    ic_template_expand(tpl, names, values, 3, out, size);
}

static double text_h(const ic_layout *L, ic_font_style font, double size)
{
    const ic_face *f = ic_scene_face(L->scene, font);
    return (f->ascender + f->descender) * size;
}

/* ------------------------------------------------------------------ */
/* label placement                                                     */

/* Spreads the labels of one side (indexes `idx`, sorted top to bottom by
 * wanted position) so that they are at least `h` apart, inside [lo, hi]
 * (centre positions): overlapping neighbours merge into clusters, each
 * centred on the mean of its members' wishes. Returns 0, or -1 when they
 * cannot fit. */
static int spread(slice_label *lab, const size_t *idx, size_t n, double lo, double hi, double sep)
{
    if (n == 0)
        return 0;
    if ((double)(n - 1) * sep > hi - lo + 1e-9)
        return -1;
    /* clusters: first member, size, and the top position */
    size_t start[MAX_ROWS], size[MAX_ROWS];
    double top[MAX_ROWS];
    size_t nc = 0;
    for (size_t i = 0; i < n; i++) {
        start[nc] = i;
        size[nc] = 1;
        top[nc] = lab[idx[i]].want;
        nc++;
        for (;;) {
            /* place the last cluster: mean wish, kept in bounds */
            size_t c = nc - 1;
            double sum = 0;
            for (size_t k = 0; k < size[c]; k++)
                sum += lab[idx[start[c] + k]].want - (double)k * sep;
            double t = sum / (double)size[c];
            t = fmax(lo, fmin(t, hi - (double)(size[c] - 1) * sep));
            top[c] = t;
            if (c == 0 || top[c - 1] + (double)size[c - 1] * sep <= top[c] + 1e-9)
                break;
            size[c - 1] += size[c]; /* merge with the cluster above */
            nc--;
        }
    }
    for (size_t c = 0; c < nc; c++)
        for (size_t k = 0; k < size[c]; k++)
            lab[idx[start[c] + k]].y = top[c] + (double)k * sep;
    return 0;
}

/* Distance from the origin to segment p–q. */
static double seg_dist(double px, double py, double qx, double qy)
{
    double dx = qx - px, dy = qy - py, len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? fmax(0, fmin(1, -(px * dx + py * dy) / len2)) : 0;
    return hypot(px + t * dx, py + t * dy);
}

/* 1 when segment p–q crosses the box (x0, y0)–(x1, y1) (Liang–Barsky). */
static int seg_hits_box(double px, double py, double qx, double qy, double x0, double y0, double x1, double y1)
{
    double t0 = 0, t1 = 1, dx = qx - px, dy = qy - py;
    double p[4] = {-dx, dx, -dy, dy}, q[4] = {px - x0, x1 - px, py - y0, y1 - py};
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return 0;
            continue;
        }
        double t = q[i] / p[i];
        if (p[i] < 0)
            t0 = fmax(t0, t);
        else
            t1 = fmin(t1, t);
        if (t0 > t1)
            return 0;
    }
    return 1;
}

static int segs_cross(const double *a, const double *b)
{
    double d1x = a[2] - a[0], d1y = a[3] - a[1], d2x = b[2] - b[0], d2y = b[3] - b[1];
    double den = d1x * d2y - d1y * d2x;
    if (fabs(den) < 1e-12)
        return 0;
    double t = ((b[0] - a[0]) * d2y - (b[1] - a[1]) * d2x) / den;
    double u = ((b[0] - a[0]) * d1y - (b[1] - a[1]) * d1x) / den;
    return t > 0 && t < 1 && u > 0 && u < 1;
}

/* The leader of label `l` for ring radius R: from just outside the ring at
 * the slice's middle to the label's near edge, vertically centred. */
static void leader_of(const donut *D, const slice_label *l, double R, double *seg)
{
    double s = sin(rad(l->mid)), c = cos(rad(l->mid));
    double r = R + 0.15 * D->gap;
    seg[0] = r * s;
    seg[1] = -r * c;
    seg[2] = l->right ? l->x0 - 0.2 * D->lsize : l->x0 + l->w + 0.2 * D->lsize;
    seg[3] = l->y;
}

/* Places the labels around a ring of radius R whose centre is `cy` from the
 * region's top; sets x0, y, leader. Returns the horizontal extent needed
 * left and right of the centre, or -1 when the labels do not fit. */
static int place_labels(donut *D, double R, double cy_rel, double *ext_l, double *ext_r)
{
    ic_layout *L = D->L;
    size_t idx[MAX_ROWS], n_r = 0, n_l = 0, left_idx[MAX_ROWS];
    double lo = -cy_rel, hi = (L->bottom - L->top) - cy_rel;
    double rr = R + D->gap;
    for (size_t i = 0; i < D->nlab; i++) {
        slice_label *l = &D->lab[i];
        l->want = -rr * cos(rad(l->mid));
        if (l->right)
            idx[n_r++] = i;
    }
    /* the left side, top to bottom, is the reverse of drawing order */
    for (size_t i = D->nlab; i-- > 0;)
        if (!D->lab[i].right)
            left_idx[n_l++] = i;
    double h = D->nlab ? D->lab[0].h : 0;
    double sep = h * 1.08;
    if (spread(D->lab, idx, n_r, lo + h / 2, hi - h / 2, sep) != 0 ||
        spread(D->lab, left_idx, n_l, lo + h / 2, hi - h / 2, sep) != 0)
        return -1;
    *ext_l = *ext_r = R;
    for (size_t i = 0; i < D->nlab; i++) {
        slice_label *l = &D->lab[i];
        double top = l->y - l->h / 2, bot = l->y + l->h / 2;
        double dy = top > 0 ? top : bot < 0 ? -bot : 0;
        double dx = dy >= rr ? 0 : sqrt(rr * rr - dy * dy);
        double nat = rr * sin(rad(l->mid));
        if (l->right) {
            l->x0 = fmax(dx, nat);
            *ext_r = fmax(*ext_r, l->x0 + l->w);
        } else {
            l->x0 = -fmax(dx, -nat) - l->w;
            *ext_l = fmax(*ext_l, -l->x0);
        }
        l->leader = l->sweep < 12 || fabs(l->y - l->want) > 0.35 * l->h;
    }
    /* no two labels overlap; no leader crosses the ring, a label or another leader */
    double pad = 0.15 * D->lsize;
    for (size_t i = 0; i < D->nlab; i++) {
        const slice_label *a = &D->lab[i];
        double sa[4];
        leader_of(D, a, R, sa);
        if (a->leader && seg_dist(sa[0], sa[1], sa[2], sa[3]) < R + 0.1 * D->gap)
            return -1;
        for (size_t j = 0; j < D->nlab; j++) {
            if (j == i)
                continue;
            const slice_label *b = &D->lab[j];
            if (j > i && a->x0 < b->x0 + b->w + pad && b->x0 < a->x0 + a->w + pad &&
                a->y - a->h / 2 < b->y + b->h / 2 && b->y - b->h / 2 < a->y + a->h / 2)
                return -1;
            if (a->leader && seg_hits_box(sa[0], sa[1], sa[2], sa[3], b->x0 - pad, b->y - b->h / 2,
                                          b->x0 + b->w + pad, b->y + b->h / 2))
                return -1;
            if (a->leader && b->leader && j > i) {
                double sb[4];
                leader_of(D, b, R, sb);
                if (segs_cross(sa, sb))
                    return -1;
            }
        }
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* centre text                                                         */

/* 1 when the box lies inside the circle of radius r around the origin. */
static int box_in_circle(double x0, double y0, double x1, double y1, double r)
{
    return hypot(x0, y0) <= r && hypot(x1, y0) <= r && hypot(x0, y1) <= r && hypot(x1, y1) <= r;
}

typedef struct centre_fit {
    double vsize, lsize, height;
    size_t nlines;
    char **lines;
} centre_fit;

/* Finds the largest value size (and a label size and wrap) at which the
 * value and its label fit inside a hole of radius r. Returns 1 when found. */
static int fit_centre(const donut *D, const char *value, const char *label, double r, centre_fit *fit)
{
    ic_layout *L = D->L;
    const ic_face *reg = ic_scene_face(L->scene, IC_FONT_REGULAR);
    double rin = 0.92 * r;
    memset(fit, 0, sizeof *fit);
    for (double vs = fmin(0.75 * r, 2.6 * L->title_size); vs >= L->source_size; vs *= 0.95) {
        double vw = ic_scene_text_width(L->scene, value, IC_FONT_BOLD, vs);
        double vh = text_h(L, IC_FONT_BOLD, vs);
        if (!label || !label[0]) {
            if (box_in_circle(-vw / 2, -vh / 2, vw / 2, vh / 2, rin)) {
                fit->vsize = vs;
                fit->height = vh;
                return 1;
            }
            continue;
        }
        double ls = fmax(L->source_size, fmin(L->subtitle_size, 0.42 * vs));
        double llh = ic_line_height(L, IC_FONT_REGULAR, ls, 1.15);
        static const double widths[] = {1.75, 1.5, 1.25, 1.0};
        for (size_t k = 0; k < 4; k++) {
            char **lines = NULL;
            size_t n = ic_wrap_balanced(reg, label, ls, widths[k] * rin, &lines);
            if (n == 0)
                return 0;
            double H = vh + 0.12 * vs + (double)n * llh;
            double top = -H / 2;
            int ok = n <= 4 && box_in_circle(-vw / 2, top, vw / 2, top + vh, rin);
            for (size_t i = 0; i < n && ok; i++) {
                double lw = ic_text_width(reg, lines[i], strlen(lines[i]), ls);
                double ly = top + vh + 0.12 * vs + (double)i * llh;
                ok = box_in_circle(-lw / 2, ly, lw / 2, ly + llh, rin);
            }
            if (ok) {
                fit->vsize = vs;
                fit->lsize = ls;
                fit->height = H;
                fit->nlines = n;
                fit->lines = lines;
                return 1;
            }
            ic_lines_free(lines, n);
        }
    }
    return 0;
}

static int draw_centre(donut *D, double cx, double cy, double r0)
{
    ic_layout *L = D->L;
    const ic_spec *spec = L->spec;
    char value[TEXT_MAX], label[TEXT_MAX];
    value[0] = label[0] = '\0';
    if (spec->center_value)
        expand(D, spec->center_value, value, sizeof value);
    else if (D->any_hl)
        expand(D, "{share}", value, sizeof value);
    else if (!(D->fmt.style == IC_NUM_PERCENT && fabs(D->total - 100) < 0.5))
        expand(D, "{total}", value, sizeof value); /* a total of 100% says nothing */
    if (spec->center_label)
        expand(D, spec->center_label, label, sizeof label);
    else if (!spec->center_value && value[0] && D->any_hl) {
        /* the highlighted names: "Girls and Boys" */
        size_t o = 0, k = 0, nh = 0;
        for (size_t r = 0; r < D->n; r++)
            nh += (size_t)D->hl[r];
        for (size_t i = 0; i < D->norder; i++) {
            size_t r = D->order[i];
            if (!D->hl[r])
                continue;
            const char *sep = k == 0 ? "" : k + 1 == nh ? " and " : ", ";
            int w = snprintf(label + o, sizeof label - o, "%s%s", sep, name_of(D, r));
            if (w > 0)
                o = o + (size_t)w < sizeof label ? o + (size_t)w : sizeof label - 1;
            k++;
        }
    } else if (!spec->center_value && value[0])
        snprintf(label, sizeof label, "total");
    if (!value[0])
        return 0;
    centre_fit fit;
    if (!fit_centre(D, value, label, r0, &fit) && !fit_centre(D, value, NULL, r0, &fit))
        return 0; /* the hole is too small for any text */
    double top = cy - fit.height / 2;
    double vw = ic_scene_text_width(L->scene, value, IC_FONT_BOLD, fit.vsize);
    ic_mark *m = ic_scene_text(L->scene, IC_ROLE_CENTER_VALUE, value, IC_FONT_BOLD, fit.vsize, cx - vw / 2,
                               top + ic_ascent(L, IC_FONT_BOLD, fit.vsize),
                               D->any_hl ? L->theme.accent : L->theme.title);
    int rc = 0;
    if (!m)
        rc = ic_layout_oom(L);
    else
        m->value = D->any_hl ? D->hl_total : D->total;
    double llh = ic_line_height(L, IC_FONT_REGULAR, fit.lsize, 1.15);
    double ly = top + text_h(L, IC_FONT_BOLD, fit.vsize) + 0.12 * fit.vsize;
    for (size_t i = 0; i < fit.nlines && rc == 0; i++) {
        double lw = ic_scene_text_width(L->scene, fit.lines[i], IC_FONT_REGULAR, fit.lsize);
        if (!ic_scene_text(L->scene, IC_ROLE_CENTER_LABEL, fit.lines[i], IC_FONT_REGULAR, fit.lsize, cx - lw / 2,
                           ly + (double)i * llh + ic_ascent(L, IC_FONT_REGULAR, fit.lsize), L->theme.text))
            rc = ic_layout_oom(L);
    }
    ic_lines_free(fit.lines, fit.nlines);
    return rc;
}

/* ------------------------------------------------------------------ */
/* drawing                                                             */

static int draw_ring(donut *D, double cx, double cy, double R)
{
    ic_layout *L = D->L;
    double r0 = D->hole * R;
    size_t nonzero = 0;
    for (size_t i = 0; i < D->norder; i++) {
        size_t r = D->order[i];
        double v = value_of(D, r);
        if (isnan(v) || v <= 0)
            continue;
        nonzero++;
        ic_mark *m = ic_scene_arc(L->scene, IC_ROLE_SLICE, cx, cy, r0, R, D->a0[r], D->a1[r], D->color[r]);
        if (!m)
            return ic_layout_oom(L);
        m->row = mark_row(D, r);
        m->series = 0;
        m->value = v;
    }
    /* separators in the background colour, at every slice's start; each at
     * most half as wide as the narrower of its two slices at mid radius, so
     * every slice keeps at least half its width there */
    double sw = fmax(1.5, 2.2 * L->gap / 20), rm = (r0 + R) / 2;
    size_t prev = D->n;
    for (size_t i = D->norder; i-- > 0;) {
        size_t r = D->order[i];
        double v = value_of(D, r);
        if (!isnan(v) && v > 0) {
            prev = r; /* the last drawn slice: the first one's neighbour */
            break;
        }
    }
    for (size_t i = 0; i < D->norder && nonzero > 1; i++) {
        size_t r = D->order[i];
        double v = value_of(D, r);
        if (isnan(v) || v <= 0)
            continue;
        double narrow = fmin(D->a1[r] - D->a0[r], D->a1[prev] - D->a0[prev]);
        double w = fmin(sw, 0.5 * rm * rad(narrow));
        prev = r;
        double s = sin(rad(D->a0[r])), c = cos(rad(D->a0[r]));
        double ri = r0 > 0 ? r0 - 1 : 0;
        if (!ic_scene_line(L->scene, IC_ROLE_RULE, cx + ri * s, cy - ri * c, cx + (R + 1) * s, cy - (R + 1) * c,
                           w, L->theme.background))
            return ic_layout_oom(L);
    }
    return 0;
}

static int draw_labels(donut *D, double cx, double cy, double R)
{
    ic_layout *L = D->L;
    const ic_colors *t = &L->theme;
    double lw = fmax(1, L->gap / 20);
    for (size_t i = 0; i < D->nlab; i++) {
        const slice_label *l = &D->lab[i];
        int hl = D->hl[l->row];
        ic_font_style nf = hl ? IC_FONT_BOLD : IC_FONT_REGULAR;
        double by = ic_center_baseline(L, IC_FONT_REGULAR, D->lsize, cy + l->y);
        ic_mark *a = ic_scene_text(L->scene, IC_ROLE_CATEGORY_LABEL, l->name, nf, D->lsize, cx + l->x0, by,
                                   hl ? t->title : t->text);
        if (!a)
            return ic_layout_oom(L);
        /* tagged at once: adding the next mark may move the array */
        a->row = mark_row(D, l->row);
        a->value = value_of(D, l->row);
        ic_mark *b = ic_scene_text(L->scene, IC_ROLE_VALUE_LABEL, l->value, IC_FONT_BOLD, D->lsize,
                                   cx + l->x0 + l->name_w + 0.28 * D->lsize, by, t->title);
        if (!b)
            return ic_layout_oom(L);
        b->row = mark_row(D, l->row);
        b->value = value_of(D, l->row);
        b->series = 0;
        if (!l->leader)
            continue;
        double seg[4];
        leader_of(D, l, R, seg);
        ic_mark *m = ic_scene_line(L->scene, IC_ROLE_LEADER, cx + seg[0], cy + seg[1], cx + seg[2], cy + seg[3],
                                   lw, t->tick);
        if (!m)
            return ic_layout_oom(L);
        m->row = mark_row(D, l->row);
    }
    return 0;
}

/* The legend's entries: one per slice in drawing order, then one "Other"
 * for the grey slices (beyond the palette, and the merged small slices).
 * `row[k]` is the row of entry k, or -1 for "Other". Returns the number of
 * entries. */
static size_t legend_entries(const donut *D, char (*text)[TEXT_MAX + 64], ic_color *colors, int *row)
{
    const ic_layout *L = D->L;
    size_t k = 0, ngrey = 0;
    double other = 0;
    for (size_t i = 0; i <= D->norder; i++) {
        size_t r = i < D->norder ? D->order[i] : 0;
        double v = i < D->norder ? value_of(D, r) : other;
        if (i < D->norder && D->grey[r]) {
            other += isnan(v) ? 0 : v;
            ngrey++;
            continue;
        }
        if (i == D->norder && ngrey == 0)
            break;
        char val[64];
        if (isnan(v))
            snprintf(val, sizeof val, "%s", ic_locale_for(L->spec->lang)->no_data);
        else
            ic_numfmt_format(&D->fmt, v, val, sizeof val);
        snprintf(text[k], sizeof text[k], "%s %s", i < D->norder ? name_of(D, r) : other_word(D), val);
        colors[k] = i < D->norder ? D->color[r] : L->theme.muted;
        row[k] = i < D->norder ? mark_row(D, r) : -1;
        k++;
    }
    return k;
}

/* The legend's entries ready to place: names (in a per-thread buffer, valid
 * until the next call), colours and rows. */
typedef struct legend_set {
    const char *names[MAX_ROWS + 1];
    ic_color colors[MAX_ROWS + 1];
    int row[MAX_ROWS + 1];
    size_t k;
} legend_set;

static void legend_set_fill(const donut *D, legend_set *ls)
{
    static _Thread_local char text[MAX_ROWS + 1][TEXT_MAX + 64];
    ls->k = legend_entries(D, text, ls->colors, ls->row);
    for (size_t i = 0; i < ls->k; i++)
        ls->names[i] = text[i];
}

/* Gives the legend marks added since `first` their slice's row and value. */
static void legend_tag(const donut *D, const legend_set *ls, size_t first)
{
    ic_layout *L = D->L;
    for (size_t m = first; m < L->scene->n; m++) {
        ic_mark *mk = &L->scene->marks[m];
        if (mk->series >= 0 && (size_t)mk->series < ls->k && ls->row[mk->series] >= 0) {
            mk->row = ls->row[mk->series];
            mk->value = value_of(D, (size_t)ls->row[mk->series]);
        }
    }
}

/* The labels as a legend above the ring (when they do not fit around it). */
static int legend_fallback(donut *D)
{
    legend_set ls;
    legend_set_fill(D, &ls);
    size_t first = D->L->scene->n;
    if (ic_layout_legend(D->L, ls.names, ls.colors, ls.k) != 0)
        return -1;
    legend_tag(D, &ls, first);
    return 0;
}

/* Height the fallback legend will take. */
static double legend_height(const donut *D)
{
    legend_set ls;
    legend_set_fill(D, &ls);
    return ic_layout_legend_height(D->L, ls.names, ls.k);
}

/* The fallback legend in a column from x0 to x1 at `top`, one entry a row
 * (`draw` 0: only measured). Returns its height, or -1 when out of memory. */
static double legend_beside(donut *D, int draw, double x0, double x1, double top)
{
    legend_set ls;
    legend_set_fill(D, &ls);
    size_t first = D->L->scene->n;
    double h = ic_layout_legend_column(D->L, ls.names, draw ? ls.colors : NULL, ls.k, x0, x1, top);
    if (draw && h >= 0)
        legend_tag(D, &ls, first);
    return h;
}

/* Slice colours. With direct labels and highlights: the accent for the
 * highlighted slices, muted grey for the rest (the labels name each one).
 * Otherwise every slice gets its own palette colour: the highlighted ones
 * first (the first takes the accent), then the others, in drawing order.
 * When there are more slices than palette colours, the highlighted slices
 * and then the largest keep colours; the rest are grey (and one "Other"
 * entry in a legend), with a warning. The merged "Other" slice is always
 * grey (it is not one category) and takes no palette colour. */
static void assign_colors(donut *D, int legend)
{
    const ic_colors *t = &D->L->theme;
    memset(D->grey, 0, (D->n + 1) * sizeof *D->grey);
    D->ngrey = 0;
    if (D->any_hl && !legend) {
        for (size_t i = 0; i < D->norder; i++) {
            size_t r = D->order[i];
            D->color[r] = D->hl[r] ? t->accent : t->muted;
        }
        return;
    }
    D->grey[D->n] = D->other;
    if (D->norder - (size_t)D->other > t->npalette) {
        /* rank: highlighted first, then by value (gaps last), then drawing order */
        for (size_t i = 0; i < D->norder; i++) {
            size_t r = D->order[i], ahead = 0;
            if (r == D->n)
                continue;
            double v = value_of(D, r);
            for (size_t j = 0; j < D->norder; j++) {
                size_t q = D->order[j];
                if (q == D->n)
                    continue;
                double w = value_of(D, q);
                int before = D->hl[q] != D->hl[r] ? D->hl[q]
                             : isnan(w) != isnan(v) ? !isnan(w)
                             : !isnan(w) && w != v  ? w > v
                                                    : q < r;
                ahead += (size_t)(q != r && before);
            }
            D->grey[r] = ahead >= t->npalette;
            D->ngrey += (size_t)D->grey[r];
        }
    }
    size_t k = 0;
    for (int pass = D->any_hl ? 1 : 0; pass >= 0; pass--)
        for (size_t i = 0; i < D->norder; i++) {
            size_t r = D->order[i];
            if (D->any_hl && D->hl[r] != pass)
                continue;
            D->color[r] = D->grey[r] ? t->muted : ic_palette_color(t, k++);
        }
}

/* Colours for the chosen form (legend or labels), and the warning when some
 * slices are grey because the palette ran out. */
static int set_colors(donut *D, int legend)
{
    ic_layout *L = D->L;
    assign_colors(D, legend);
    if (D->ngrey > 0 &&
        ic_scene_warn(L->scene, 0, 0, "%zu slices but the palette has %zu colours: the %zu smallest are grey%s",
                      D->norder - (size_t)D->other, L->theme.npalette, D->ngrey, legend ? " and grouped as \"Other\" in the legend" : "") != 0)
        return ic_layout_oom(L);
    return 0;
}

static int too_small(ic_layout *L)
{
    return ic_error_set(L->err, IC_ERR_DATA, L->spec->path, 0, 0,
                        "a %s of %zu slices does not fit on a %gx%g canvas; use a larger 'size' or fewer rows",
                        L->spec->chart, L->table->nrows, L->scene->width, L->scene->height);
}

/* How a ring fits the chart region: with its labels around it (R,
 * ext_l/ext_r: the labels' reach left and right of the centre), or with a
 * legend above it or in a column beside it. */
typedef enum ring_mode { RING_LABELS, RING_LEGEND_ABOVE, RING_LEGEND_BESIDE } ring_mode;

typedef struct ring_fit {
    ring_mode mode;
    double R, ext_l, ext_r; /* RING_LABELS */
    double legend_h;        /* the legend above's height */
    double col_w, ring_w, side_h, R_side; /* RING_LEGEND_BESIDE */
} ring_fit;

/* Chooses how the ring fits (no marks are added). Returns 0 or -1. */
static int fit_ring(donut *D, ring_fit *fit)
{
    ic_layout *L = D->L;
    double rw = L->right - L->left, rh = L->bottom - L->top;
    double R_max = fmin(rw, rh) / 2;
    double cy_rel = rh / 2;
    double best_R = 0, chosen_R = 0, ext_l = 0, ext_r = 0;
    memset(fit, 0, sizeof *fit);
    assign_colors(D, 1); /* for the legend's "Other" entry */
    /* the largest ring whose labels fit; then, up to 10 % smaller, the one
     * that needs the fewest leader lines (labels right next to their slice) */
    size_t best_leaders = D->nlab + 1;
    for (double f = 1.0; f >= 0.2; f -= 0.02) {
        double R = f * R_max, el, er;
        if (best_R > 0 && R < 0.9 * best_R)
            break;
        if (place_labels(D, R, cy_rel, &el, &er) != 0 || el + er > rw)
            continue;
        size_t nl = 0;
        for (size_t i = 0; i < D->nlab; i++)
            nl += (size_t)D->lab[i].leader;
        if (best_R == 0 || nl < best_leaders) {
            best_leaders = nl;
            if (best_R == 0)
                best_R = R;
            ext_l = el;
            ext_r = er;
            chosen_R = R;
        }
    }
    if (best_R > 0) {
        best_R = chosen_R;
        place_labels(D, best_R, cy_rel, &ext_l, &ext_r);
    }
    /* the legend instead, when labels would shrink the ring too much or
     * do not fit at all (even when the legend leaves no room either: it
     * then says so) */
    double legend_h = legend_height(D);
    if (legend_h < 0)
        return ic_layout_oom(L);
    fit->legend_h = legend_h;
    double R_legend = fmin(rw, rh - legend_h) / 2;
    /* on a wide canvas the legend may stand in a column beside the ring:
     * the column that leaves the largest ring and still fits the height */
    fit->side_h = -1;
    for (double share = 0.35; rw > 1.3 * rh && share <= 0.701; share += 0.05) {
        double cw = share * rw, h = legend_beside(D, 0, L->right - cw, L->right, L->top);
        double R = fmin(rw - cw - L->gap, rh) / 2;
        if (h > 0 && h <= rh && R > fit->R_side) {
            fit->col_w = cw;
            fit->ring_w = rw - cw - L->gap;
            fit->side_h = h;
            fit->R_side = R;
        }
    }
    if (best_R <= 0 || best_R < 0.6 * fmax(R_legend, fit->R_side))
        fit->mode = fit->R_side > R_legend && fit->R_side > 2 * L->source_size ? RING_LEGEND_BESIDE
                                                                                : RING_LEGEND_ABOVE;
    else {
        fit->mode = RING_LABELS;
        fit->R = best_R;
        fit->ext_l = ext_l;
        fit->ext_r = ext_r;
    }
    return 0;
}

/* Draws the ring as `fit` says: centred in the region (labels: moved
 * sideways so they fit; `cx` when not NAN, facets sharing it). A legend
 * above takes `legend_h` of the region (at least its own height). */
static int draw_fit(donut *D, const ring_fit *fit, double cx, double legend_h)
{
    ic_layout *L = D->L;
    double rh = L->bottom - L->top;
    if (fit->mode == RING_LEGEND_BESIDE) {
        if (set_colors(D, 1) != 0)
            return -1;
        if (legend_beside(D, 1, L->right - fit->col_w, L->right, L->top + (rh - fit->side_h) / 2) < 0)
            return ic_layout_oom(L);
        double x = L->left + fit->ring_w / 2, y = L->top + rh / 2;
        if (draw_ring(D, x, y, fit->R_side) != 0)
            return -1;
        return D->hole > 0 ? draw_centre(D, x, y, D->hole * fit->R_side) : 0;
    }
    if (fit->mode == RING_LEGEND_ABOVE) {
        if (set_colors(D, 1) != 0)
            return -1;
        double top = L->top;
        if (legend_fallback(D) != 0)
            return -1;
        L->top = fmax(L->top, top + legend_h) + 0.5 * L->gap;
        double R = fmin(L->right - L->left, L->bottom - L->top) / 2;
        if (!(R > 2 * L->source_size))
            return too_small(L);
        double x = (L->left + L->right) / 2, y = (L->top + L->bottom) / 2;
        if (draw_ring(D, x, y, R) != 0)
            return -1;
        return D->hole > 0 ? draw_centre(D, x, y, D->hole * R) : 0;
    }
    if (set_colors(D, 0) != 0)
        return -1;
    if (isnan(cx)) {
        cx = (L->left + L->right) / 2;
        cx = fmax(L->left + fit->ext_l, fmin(cx, L->right - fit->ext_r));
    }
    double cy = L->top + rh / 2;
    if (draw_ring(D, cx, cy, fit->R) != 0 || draw_labels(D, cx, cy, fit->R) != 0)
        return -1;
    return D->hole > 0 ? draw_centre(D, cx, cy, D->hole * fit->R) : 0;
}

static int layout_rings(donut *D)
{
    ring_fit fit;
    if (fit_ring(D, &fit) != 0)
        return -1;
    return draw_fit(D, &fit, NAN, 0);
}

/* ------------------------------------------------------------------ */

/* The spec keys donut and pie charts read besides the common ones
 * (registry.h); a pie has no hole, so nothing in its centre. */
const char *const ic_donut_keys[] = {"sort", "highlight", "hole", "center_value", "center_label", NULL};
const char *const ic_pie_keys[] = {"sort", "highlight", NULL};

int ic_donut_validate(const ic_spec *spec, const ic_table *table, ic_error *err)
{
    if (spec->ny != 1)
        return ic_error_set(err, IC_ERR_SPEC, spec->path, spec->pos_y[1].line, spec->pos_y[1].column,
                            "a %s chart shows one 'y' column, got %zu", spec->chart, spec->ny);
    if (table->nrows > MAX_ROWS)
        return ic_error_set(err, IC_ERR_DATA, spec->data, 0, 0,
                            "a %s chart shows at most %d slices, the data has %zu rows", spec->chart, MAX_ROWS,
                            table->nrows);
    char shows[64];
    snprintf(shows, sizeof shows, "a %s chart shows shares", spec->chart);
    return ic_check_parts_of_whole(spec, table, shows, "slices", err);
}

static void sort_rows(donut *D)
{
    ic_sort sort = D->L->spec->sort;
    /* facets sharing scales come sorted by the totals over all facets */
    if (sort == IC_SORT_NONE || D->L->share)
        return;
    for (size_t i = 1; i < D->norder; i++) {
        size_t r = D->order[i], j = i;
        while (j > 0) {
            double a = value_of(D, D->order[j - 1]), b = value_of(D, r);
            int before = isnan(a) ? 0 : isnan(b) ? 1 : sort == IC_SORT_ASCENDING ? a <= b : a >= b;
            if (before)
                break;
            D->order[j] = D->order[j - 1];
            j--;
        }
        D->order[j] = r;
    }
}

/* 1 when row r is a small slice that may be merged into "Other": above 0,
 * under OTHER_PERCENT % of the total, not highlighted. */
static int is_small(const donut *D, size_t r)
{
    double v = value_of(D, r);
    return v > 0 && v * (100 / OTHER_PERCENT) < D->total && !D->hl[r];
}

/* Slices under OTHER_PERCENT % of the total become one "Other" slice (row
 * D->n, drawn last, grey) when there are at least OTHER_MIN_SLICES of them:
 * fewer keep their names (merging two would save one label and hide two
 * names) and stay visible, because separators never cover a slice. A highlighted slice
 * is never merged; a category already called "Other" (in the chart's
 * language) joins the merged slice rather than standing beside it. A
 * warning names the merged categories. Returns 0, or -1 (out of memory). */
static int merge_small(donut *D)
{
    ic_layout *L = D->L;
    size_t nsmall = 0;
    for (size_t i = 0; i < D->norder; i++)
        nsmall += (size_t)is_small(D, D->order[i]);
    if (nsmall < OTHER_MIN_SLICES)
        return 0;
    ic_buf names = IC_BUF_INIT;
    const size_t listed_max = 12;
    size_t k = 0, listed = 0, own = D->n;
    for (size_t i = 0; i < D->norder; i++) {
        size_t r = D->order[i];
        int small = is_small(D, r);
        if (!small && !D->hl[r] && !isnan(value_of(D, r)) && strcmp(name_of(D, r), other_word(D)) == 0)
            own = r; /* the data's own "Other" */
        if (!small && own != r) {
            D->order[k++] = r;
            continue;
        }
        D->other_value += value_of(D, r);
        if (!small)
            continue;
        char cell[64];
        if (listed < listed_max)
            ic_buf_printf(&names, "%s%s", listed ? ", " : "", ic_clip(name_of(D, r), cell, sizeof cell));
        listed++;
    }
    if (listed > listed_max)
        ic_buf_printf(&names, " and %zu more", listed - listed_max);
    D->order[k++] = D->n;
    D->norder = k;
    D->other = 1;
    int rc = 0;
    if (names.failed ||
        ic_scene_warn(L->scene, 0, 0, "%zu slices under %g%% of the total merged into \"%s\": %s%s", nsmall,
                      OTHER_PERCENT, other_word(D), names.data ? names.data : "",
                      own < D->n ? " (with the data's own row of that name)" : "") != 0)
        rc = ic_layout_oom(L);
    ic_buf_free(&names);
    return rc;
}

static void donut_free(donut *D)
{
    free(D->order);
    free(D->a0);
    free(D->a1);
    free(D->hl);
    free(D->color);
    free(D->grey);
    free(D->lab);
}

/* The slices of L->table: their order, "Other", angles and number format
 * (the frame is not yet placed). Returns 0 or -1; free with donut_free. */
static int donut_build(donut *D, ic_layout *L, double hole)
{
    const ic_spec *spec = L->spec;
    const ic_table *tb = L->table;
    memset(D, 0, sizeof *D);
    D->L = L;
    D->n = tb->nrows;
    D->hole = hole;
    D->xcol = ic_table_find(tb, spec->x);
    D->ycol = ic_table_find(tb, spec->y[0]);
    size_t n1 = D->n + 1; /* row n: the "Other" slice */
    D->order = malloc(n1 * sizeof *D->order);
    D->a0 = calloc(n1, sizeof *D->a0);
    D->a1 = calloc(n1, sizeof *D->a1);
    D->hl = calloc(n1, sizeof *D->hl);
    D->color = malloc(n1 * sizeof *D->color);
    D->grey = calloc(n1, sizeof *D->grey);
    D->lab = calloc(n1, sizeof *D->lab);
    if (!D->order || !D->a0 || !D->a1 || !D->hl || !D->color || !D->grey || !D->lab)
        return ic_layout_oom(L);
    if (D->n > MAX_ROWS)
        return ic_error_set(L->err, IC_ERR_DATA, spec->data, 0, 0, "a %s chart shows at most %d slices", spec->chart,
                            MAX_ROWS);
    for (size_t r = 0; r < D->n; r++) {
        double v = value_of(D, r);
        D->order[r] = r;
        D->hl[r] = ic_spec_highlights(spec, name_of(D, r));
        D->any_hl |= D->hl[r];
        if (!isnan(v)) {
            D->total += v;
            if (D->hl[r])
                D->hl_total += v;
        }
    }
    if (!(D->total > 0)) {
        const ic_column *c = &tb->cols[D->ycol];
        return ic_error_set(L->err, IC_ERR_DATA, spec->data, c->header_line, c->header_col,
                            "column '%s': every value is zero, so there is no whole to divide into slices", c->name);
    }
    D->norder = D->n;
    sort_rows(D);
    if (merge_small(D) != 0)
        return -1;
    D->fmt = ic_facet_numfmt(L, &D->ycol, 1);

    /* angles from the running total; the last slice ends at exactly 360° */
    double cum = 0;
    size_t last = D->norder;
    for (size_t i = 0; i < D->norder; i++)
        if (!isnan(value_of(D, D->order[i])))
            last = i;
    for (size_t i = 0; i < D->norder; i++) {
        size_t r = D->order[i];
        double v = value_of(D, r);
        D->a0[r] = 360 * cum / D->total;
        if (!isnan(v))
            cum += v;
        D->a1[r] = i == last ? 360 : 360 * cum / D->total;
        if (isnan(v))
            D->a1[r] = D->a0[r];
    }
    return 0;
}

/* The slices' labels, measured at the layout's label size. */
static void measure_labels(donut *D)
{
    ic_layout *L = D->L;
    D->lsize = L->label_size;
    D->gap = 0.8 * D->lsize;
    D->nlab = 0;
    for (size_t i = 0; i < D->norder; i++) {
        size_t r = D->order[i];
        double v = value_of(D, r);
        if (isnan(v))
            continue;
        slice_label *l = &D->lab[D->nlab++];
        l->row = r;
        l->mid = (D->a0[r] + D->a1[r]) / 2;
        l->sweep = D->a1[r] - D->a0[r];
        l->right = l->mid < 180;
        snprintf(l->name, sizeof l->name, "%s", name_of(D, r));
        ic_numfmt_format(&D->fmt, v, l->value, sizeof l->value);
        l->name_w = ic_scene_text_width(L->scene, l->name, D->hl[r] ? IC_FONT_BOLD : IC_FONT_REGULAR, D->lsize);
        l->w = l->name_w + 0.28 * D->lsize + ic_scene_text_width(L->scene, l->value, IC_FONT_BOLD, D->lsize);
        l->h = text_h(L, IC_FONT_BOLD, D->lsize);
    }
}

/* One other facet's donut, laid out (not drawn) in the same region. */
typedef struct sibling {
    ic_layout L;
    ic_table *table;
    ic_error err;
    donut D;
    int ok;
} sibling;

/* Facets that share scales (layout/facet_scale.h) draw the ring at the
 * same centre and radius in every facet, so a carousel does not jump:
 * every facet's ring is fitted in the (shared) region; with labels around
 * it in every facet, the ring takes the smallest of their radii and a
 * centre where every facet's labels fit; otherwise every facet puts its
 * legend above the ring and the ring takes the room the tallest legend
 * leaves. Specs with more than IC_FACET_MEASURED facets lay each out on
 * its own. Returns 0 or -1. */
static int layout_shared(donut *D)
{
    ic_layout *L = D->L;
    const ic_facet_share *s = L->share;
    size_t n = s->nfacets;
    if (n > IC_FACET_MEASURED)
        return layout_rings(D);
    int rc = -1, labels = 1;
    double R = INFINITY, legend_h = 0, lo = -INFINITY, hi = INFINITY, rh = L->bottom - L->top;
    ic_scene *scratch = ic_scene_new(L->scene->width, L->scene->height, L->scene->fonts);
    sibling *sib = calloc(n, sizeof *sib);
    if (!scratch || !sib) {
        ic_layout_oom(L);
        goto done;
    }
    memcpy(scratch->lang, L->scene->lang, sizeof scratch->lang);
    scratch->rtl = L->scene->rtl;
    for (size_t k = 0; k < n; k++) {
        sibling *g = &sib[k];
        g->L = *L;
        g->L.scene = scratch;
        g->L.err = &g->err;
        g->table = ic_facet_share_table(s, k, &g->err);
        if (!g->table)
            goto oom;
        g->L.table = g->table;
        /* a facet that cannot be drawn at all fails on its own: skipped */
        if (donut_build(&g->D, &g->L, D->hole) != 0) {
            if (g->err.code == IC_ERR_NOMEM)
                goto oom;
            continue;
        }
        measure_labels(&g->D);
        ring_fit f;
        if (fit_ring(&g->D, &f) != 0)
            goto oom;
        g->ok = 1;
        labels &= f.mode == RING_LABELS;
        R = fmin(R, f.R);
        legend_h = fmax(legend_h, f.legend_h);
    }
    for (size_t k = 0; labels && k < n; k++) {
        double el, er;
        if (!sib[k].ok)
            continue;
        if (place_labels(&sib[k].D, R, rh / 2, &el, &er) != 0) {
            labels = 0;
            break;
        }
        lo = fmax(lo, L->left + el);
        hi = fmin(hi, L->right - er);
    }
    ring_fit fit = {.mode = RING_LEGEND_ABOVE};
    double cx = NAN, el, er;
    if (labels && lo <= hi && place_labels(D, R, rh / 2, &el, &er) == 0) {
        fit.mode = RING_LABELS;
        fit.R = R;
        cx = fmax(lo, fmin((L->left + L->right) / 2, hi));
    }
    assign_colors(D, 1);
    rc = draw_fit(D, &fit, cx, legend_h);
    goto done;
oom:
    ic_layout_oom(L);
done:
    for (size_t k = 0; sib && k < n; k++) {
        donut_free(&sib[k].D);
        ic_table_free(sib[k].table);
    }
    free(sib);
    ic_scene_free(scratch);
    return rc;
}

static int layout(ic_layout *L, double hole)
{
    donut D;
    int rc = -1;
    if (donut_build(&D, L, hole) != 0 || ic_layout_frame(L) != 0)
        goto done;
    measure_labels(&D);
    rc = L->share && L->share->nfacets > 1 ? layout_shared(&D) : layout_rings(&D);
done:
    donut_free(&D);
    return rc;
}

int ic_donut_layout(ic_layout *L)
{
    return layout(L, L->spec->hole);
}

int ic_pie_layout(ic_layout *L)
{
    return layout(L, 0);
}
