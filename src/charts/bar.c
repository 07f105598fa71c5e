/* Bar chart: horizontal bars or vertical columns, one or several series.
 *
 * Bars start at zero; the value scale is chosen so that every bar and its
 * value label fit; highlighted categories use the accent colour and the rest
 * are muted; the value axis has light gridlines at nice ticks. Orientation
 * "auto" prefers columns for ordered categories (years, dates, numbers) and
 * for up to 12 names that each fit on one line under their column, and
 * horizontal bars otherwise (long category names read best that way).
 *
 * Fitting ladder: nothing is drawn until a rung fits (each layout function
 * first measures without drawing). With value labels on, then off (with a
 * scene warning; the value axis carries the values), the rungs are tried in
 * this order. Rungs 1-4 keep every word: they are tried in the preferred
 * orientation, then (unless the spec forces one, or the categories are
 * ordered: time stays in columns) in the other; then rungs
 * 5-7 the same way, preferred orientation first.
 *   1. the designed sizes and gaps;
 *   2. tighter gaps between bars (bars take more of their band);
 *   3. category and value labels halfway down to the floor (L->text_floor);
 *   4. labels at the floor;
 *   5. rows with value labels leave out the value axis's tick labels (the
 *      value labels already say what they would; gridlines stay);
 *   6. category names in at most two lines, the rest shortened with "…";
 *   7. names on one line, shortened with "…".
 * Names take at most three lines before rung 5 (longer ones end with "…").
 * Ordered categories in columns are never shortened (a year cut to "19…"
 * says nothing): from the first rung they show every Nth label, the first
 * and last always kept, N as small as fits. A shortened label's mark keeps
 * its row, and the scene's description lists every row in full. When no
 * rung fits, the chart is refused, and the message names only what was
 * checked to fit: the other orientation, or the most rows that fit. */
#include "layout/facet_scale.h"
#include "charts/registry.h"
#include "charts/checks.h"
#include "core/buf.h"
#include "core/error.h"
#include "layout/locale.h"
#include "core/util.h"
#include "layout/annotate.h"
#include "layout/axis.h"
#include "layout/format.h"
#include "data/dates.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


typedef struct bar_data {
    ic_layout *L;
    size_t n;          /* categories (rows) */
    size_t ns;         /* series (y columns) */
    size_t *order;     /* [n] row index in drawing order */
    char **names;      /* [n, by data row] category text for layout, cut (see NAME_MAX_BYTES) */
    unsigned char *hl; /* [n, by data row] 1 when the category is highlighted */
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
    int ordered;          /* categories are years, dates or numbers: labels may be thinned */
    double cat_v0, cat_d; /* categories that are regular numbers: the first and the step (else 0) */
    /* dates under columns (not yearly ones, which are regular numbers):
     * the labels shown, by drawing position, newsroom style ("Jan 2020",
     * "Apr", "Jul"); "" for a column left unlabelled. NULL otherwise. */
    char (*date_label)[64];
    /* the ladder's rung being tried or drawn */
    double lsize;         /* category label size */
    int tight;            /* thinner gaps between bars */
    size_t lines;         /* most lines a category label may take */
    int values;           /* value labels drawn */
    int no_ticks;         /* rows: value labels carry the values, tick labels left out */
    size_t nshortened;    /* category labels drawn shortened with "…" */
    int middle;           /* names are shortened in the middle (their ends differ) */
    double tick_size;     /* the theme's, never below the floor */
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
    ax->text_may_cover_data = 1;
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

/* The category text of drawing position i, as laid out. */
static const char *category_at(const bar_data *B, size_t i)
{
    return B->names[B->order[i]];
}

static const char *category_text(size_t i, const void *B)
{
    return category_at(B, i);
}

/* Whether the categories, in the order drawn, are regular numbers (years):
 * thinned labels then fall on round ones. */
static void find_regular_categories(bar_data *B)
{
    B->cat_d = B->ordered ? ic_axis_regular_numbers(B->n, category_text, B, &B->cat_v0) : 0;
}

/* 1 when the category at drawing position i is highlighted. */
static int highlighted_at(const bar_data *B, size_t i)
{
    return B->hl[B->order[i]];
}

/* A name longer than this is cut (with "…") before layout: the ladder
 * shortens anything over two lines anyway, and measuring and wrapping a
 * 5,000-character cell at every rung made a chart take seconds. The full
 * text stays in the table (the SVG <desc> lists it). */
#define NAME_MAX_BYTES 240

static char *layout_name(const char *cell)
{
    size_t n = strlen(cell);
    if (n <= NAME_MAX_BYTES)
        return ic_strdup(cell);
    n = NAME_MAX_BYTES;
    while (n > 0 && ((unsigned char)cell[n] & 0xC0) == 0x80)
        n--; /* never inside a character */
    return ic_asprintf("%.*s\xE2\x80\xA6", (int)n, cell);
}

static ic_color bar_color(const bar_data *B, size_t i, size_t s)
{
    const ic_colors *t = &B->L->theme;
    if (B->ns > 1)
        return ic_palette_color(t, s); /* grey beyond the palette (warned at layout) */
    if (B->L->spec->nhighlight == 0)
        return t->accent;
    return highlighted_at(B, i) ? t->accent : t->muted;
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
    double th = ic_number_line_height(L, IC_FONT_BOLD, B->value_size, 1.0);
    if (!B->values || lw + 0.5 * B->value_size > w || th > h * 0.95)
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

/* qsort context: C17 has no qsort_r, so sorting goes through a static-free
 * insertion sort (tables are small; large ones keep file order). */
static void sort_rows(bar_data *B)
{
    ic_sort sort = B->L->spec->sort;
    /* facets sharing scales come sorted by the totals over all facets */
    if (sort == IC_SORT_NONE || B->n > 100000 || B->L->share)
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
        if (!B->values)
            return 0;
        ic_mark *m = ic_scene_text(L->scene, IC_ROLE_VALUE_LABEL, gap_label(B, i), IC_FONT_REGULAR, B->value_size,
                                   zero_x + pad, ic_number_center_baseline(L, IC_FONT_REGULAR, B->value_size, y + thick / 2),
                                   L->theme.source);
        if (!m)
            return ic_layout_oom(L);
        add_tag(m, B, i, (size_t)-1, NAN);
        return 0;
    }
    if (B->total_labels && B->total_labels[i][0] && B->values) {
        ic_mark *m = ic_scene_text(L->scene, IC_ROLE_VALUE_LABEL, B->total_labels[i], IC_FONT_BOLD, B->value_size,
                                   zero_x + pos * k + pad, ic_number_center_baseline(L, IC_FONT_BOLD, B->value_size, y + thick / 2),
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
        if (!B->values)
            return 0;
        /* kept within its column: wrapped when wider, standing on the axis */
        const char *label = gap_label(B, i);
        double lw = ic_scene_text_width(L->scene, label, IC_FONT_REGULAR, B->value_size);
        double w = fmin(lw, 1.2 * thick), lh = ic_number_line_height(L, IC_FONT_REGULAR, B->value_size, 1.15);
        char **lines = NULL;
        size_t n = ic_wrap_balanced(ic_scene_face(L->scene, IC_FONT_REGULAR), label, B->value_size, w, &lines);
        ic_lines_free(lines, n);
        if (n == 0 || ic_layout_text_block(L, IC_ROLE_VALUE_LABEL, (int)B->order[i], label, IC_FONT_REGULAR,
                                           B->value_size, L->theme.source, x + thick / 2 - w / 2,
                                           zero_y - pad - (double)n * lh, w, IC_ALIGN_CENTER, lh) < 0)
            return ic_layout_oom(L);
        return 0;
    }
    if (B->total_labels && B->total_labels[i][0] && B->values) {
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
/* category labels: wrapped to a number of lines, then shortened        */

#define ELLIPSIS "\xe2\x80\xa6" /* U+2026 */

/* A new string: as much of `text` as fits in `width` with "…" for the
 * rest: its longest prefix (whole UTF-8 characters, trailing spaces
 * dropped), or with `middle` the start and the end around a "…" in the
 * middle ("Controlled…sexual abuse"), for names that differ at their end;
 * just "…" when nothing fits. NULL when out of memory. */
static char *shorten(ic_layout *L, const char *text, ic_font_style f, double size, double width, int middle)
{
    size_t len = strlen(text), nc = 0;
    char *buf = malloc(len + sizeof ELLIPSIS);
    size_t *cuts = malloc((len + 1) * sizeof *cuts); /* character boundaries */
    if (!buf || !cuts) {
        free(buf);
        free(cuts);
        return NULL;
    }
    for (size_t i = 0; i <= len; i++)
        if (i == len || (text[i] & 0xC0) != 0x80)
            cuts[nc++] = i;
    /* kept: `keep` characters, 60 % of them from the start (all without
     * `middle`); the most that fit is found by halves */
    size_t lo = 0, hi = nc - 1, head = 0, tail = 0;
    for (int last = 0; last < 2; last++) {
        while (lo < hi || last) {
            size_t keep = last ? lo : (lo + hi + 1) / 2;
            size_t hc = middle ? (keep * 3 + 4) / 5 : keep, tc = keep - hc;
            head = cuts[hc];
            while (head > 0 && text[head - 1] == ' ')
                head--;
            tail = cuts[nc - 1 - tc];
            while (tc > 0 && text[tail] == ' ')
                tail++;
            memcpy(buf, text, head);
            memcpy(buf + head, ELLIPSIS, sizeof ELLIPSIS - 1);
            memcpy(buf + head + sizeof ELLIPSIS - 1, text + tail, len - tail + 1);
            if (last)
                break;
            if (ic_scene_text_width(L->scene, buf, f, size) <= width)
                lo = keep;
            else
                hi = keep - 1;
        }
    }
    free(cuts);
    return buf;
}

/* `text` in at most `cap` lines of at most `width` (balanced when it needs
 * no cutting): the text that does not fit in `cap` lines ends the last one
 * with "…", and so does a word wider than a line. Returns the number of lines
 * (new strings in *out, free with ic_lines_free), 0 when out of memory.
 * *cut is set to 1 when something was shortened, 2 when a line kept fewer
 * than six bytes of its text (a stub such as "Dem…" says nothing). */
static size_t label_lines(ic_layout *L, const char *text, ic_font_style f, double size, double width, size_t cap,
                          int middle, char ***out, int *cut)
{
    const ic_face *face = ic_scene_face(L->scene, f);
    char **lines = NULL;
    size_t k = ic_wrap(face, text, size, width, &lines);
    *cut = 0;
    if (k == 0)
        return 0;
    if (k > cap) {
        /* the rest joins the last line kept, to be shortened below */
        ic_buf rest = IC_BUF_INIT;
        for (size_t j = cap - 1; j < k; j++) {
            ic_buf_puts(&rest, j > cap - 1 ? " " : "");
            ic_buf_puts(&rest, lines[j]);
        }
        char *joined = ic_buf_take(&rest);
        if (!joined) {
            ic_lines_free(lines, k);
            return 0;
        }
        for (size_t j = cap - 1; j < k; j++)
            free(lines[j]);
        lines[cap - 1] = joined;
        k = cap;
        *cut = 1;
    } else {
        ic_lines_free(lines, k);
        k = ic_wrap_balanced(face, text, size, width, &lines);
        if (k == 0)
            return 0;
    }
    for (size_t j = 0; j < k; j++) {
        if (ic_scene_text_width(L->scene, lines[j], f, size) <= width)
            continue;
        char *sh = shorten(L, lines[j], f, size, width, middle);
        if (!sh) {
            ic_lines_free(lines, k);
            return 0;
        }
        if (strlen(sh) < strlen(ELLIPSIS) + 6)
            *cut = 2;
        else if (*cut == 0)
            *cut = 1;
        free(lines[j]);
        lines[j] = sh;
    }
    *out = lines;
    return k;
}

/* The widest line of row i's category label as label_lines gives it, and
 * the number of lines in *nlines (0 when out of memory). *shown, when not
 * NULL, receives the text as drawn (lines joined by spaces; free it) when it
 * was shortened, else NULL. */
static double label_extent(const bar_data *B, size_t i, double width, size_t cap, size_t *nlines, char **shown)
{
    ic_layout *L = B->L;
    const char *cat = category_at(B, i);
    ic_font_style f = highlighted_at(B, i) ? IC_FONT_BOLD : IC_FONT_REGULAR;
    char **lines = NULL;
    int cut;
    size_t k = label_lines(L, cat, f, B->lsize, width, cap, B->middle, &lines, &cut);
    double w = cut == 2 ? INFINITY : 0;
    ic_buf joined = IC_BUF_INIT;
    for (size_t j = 0; j < k; j++) {
        w = fmax(w, ic_scene_text_width(L->scene, lines[j], f, B->lsize));
        if (shown && cut) {
            ic_buf_puts(&joined, j ? " " : "");
            ic_buf_puts(&joined, lines[j]);
        }
    }
    ic_lines_free(lines, k);
    if (shown) {
        *shown = cut ? ic_buf_take(&joined) : NULL;
        if (cut && !*shown)
            k = 0; /* out of memory */
    }
    *nlines = k;
    return w;
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* 1 when two rows' shortened labels read the same ("Controlled with…"
 * twice says nothing about which is which); frees the texts. */
static int shortened_alike(char **shown, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (shown[i])
            shown[k++] = shown[i];
    qsort(shown, k, sizeof *shown, compare_strings);
    int alike = 0;
    for (size_t i = 1; i < k; i++)
        alike |= strcmp(shown[i - 1], shown[i]) == 0;
    for (size_t i = 0; i < k; i++)
        free(shown[i]);
    return alike;
}

/* One measure of every row's label (see measure_labels): 2 when two
 * shortened labels read the same. */
static int measure_once(const bar_data *B, double width, double limit, size_t cap, size_t *max_lines)
{
    char **shown = calloc(B->n ? B->n : 1, sizeof *shown);
    if (!shown)
        return -1;
    int rc = 0;
    *max_lines = 1;
    for (size_t i = 0; i < B->n && rc == 0; i++) {
        size_t k;
        double w = label_extent(B, i, width, cap, &k, &shown[i]);
        if (k == 0)
            rc = -1;
        else if (w > limit)
            rc = 1;
        else if (k > *max_lines)
            *max_lines = k;
    }
    if (shortened_alike(shown, B->n) && rc == 0)
        rc = 2;
    free(shown);
    return rc;
}

/* Measures every row's label at `width` in at most `cap` lines: the most
 * lines any takes in *max_lines. Names that would read alike shortened at
 * their end are shortened in the middle instead (B->middle). Returns 0, 1
 * when a label is cut to a stub or wider than `limit`, or two shortened
 * labels still read the same, -1 when out of memory. */
static int measure_labels(bar_data *B, double width, double limit, size_t cap, size_t *max_lines)
{
    B->middle = 0;
    int rc = measure_once(B, width, limit, cap, max_lines);
    if (rc == 2) {
        B->middle = 1;
        rc = measure_once(B, width, limit, cap, max_lines);
    }
    return rc == 2 ? 1 : rc;
}

/* ------------------------------------------------------------------ */
/* horizontal bars                                                     */

/* Horizontal bars at the current rung. With `draw` 0 only measures:
 * returns 0 when the rung fits, 1 when not, adding nothing to the scene.
 * With `draw` 1 adds the marks (0, or -1 with the error set). */
static int layout_horizontal(bar_data *B, int draw)
{
    ic_layout *L = B->L;
    const ic_colors *t = &L->theme;
    double region_w = L->right - L->left;
    double lsize = B->lsize;
    /* tight rungs set lines of a name as close as their boxes allow */
    double lh = ic_line_height(L, IC_FONT_REGULAR, lsize, B->tight ? 1.0 : 1.15);
    double vlh = ic_number_line_height(L, IC_FONT_BOLD, B->value_size, 1.0);
    double pad = 0.4 * B->value_size;

    /* category label column: as wide as the longest label, at most 38 % */
    double cat_w = 0;
    for (size_t i = 0; i < B->n; i++) {
        ic_font_style f = highlighted_at(B, i) ? IC_FONT_BOLD : IC_FONT_REGULAR;
        cat_w = fmax(cat_w, ic_scene_text_width(L->scene, category_at(B, i), f, lsize));
    }
    cat_w = fmin(cat_w, 0.38 * region_w);
    double plot_x0 = L->left + cat_w + 0.7 * lsize, plot_x1 = L->right;

    double tick_h = B->no_ticks ? 0.3 * L->gap : ic_number_line_height(L, IC_FONT_REGULAR, B->tick_size, 1.2) + 0.5 * L->gap;
    /* rows of names thinner than one line cannot fit, however the names
     * wrap: known before measuring them (the ladder tries many rungs) */
    if (!B->ordered && (L->bottom - tick_h - L->top) / (double)B->n < lh * (B->tight ? 1.0 : 1.05))
        return 1;

    /* how many lines each label needs at that width */
    size_t max_lines = 1;
    int measured = measure_labels(B, cat_w, cat_w * 1.001, B->lines, &max_lines);
    if (measured != 0)
        return measured < 0 ? ic_layout_oom(L) : 1;

    double plot_y0 = L->top, plot_y1 = L->bottom - tick_h;
    double band = (plot_y1 - plot_y0) / (double)B->n;
    /* ordered categories (years, months) in rows thinner than a line keep
     * every Nth label, the first and the last, centred on their bars: the
     * plot then leaves half a label's room above and below */
    double label_need = (double)max_lines * lh * (B->tight ? 1.0 : 1.05);
    size_t every = 1;
    if (B->ordered && band < label_need) {
        plot_y0 += label_need / 2;
        plot_y1 -= label_need / 2;
        band = (plot_y1 - plot_y0) / (double)B->n;
        every = (size_t)ceil(label_need / band);
    }
    /* a band holds its label's lines, and each bar's value label beside it */
    int grouped = B->ns > 1 && !B->stacked;
    double group = band * (grouped ? (B->tight ? 0.9 : 0.78) : (B->tight ? 0.8 : 0.62));
    double value_room = grouped ? group / (double)B->ns : band;
    if ((every == 1 && band < label_need) || (B->n > 1 && every > B->n - 1) || band < 2 ||
        (B->values && value_room < vlh))
        return 1;
    /* few bars: cap their thickness so they do not turn into slabs */
    double max_band = fmax(6.0 * lsize, max_lines * lh * 1.6) * (grouped ? 1.5 : 1);
    if (band > max_band) {
        /* centre the block in the room left */
        plot_y0 += (band - max_band) * (double)B->n / 2;
        band = max_band;
    }
    plot_y1 = plot_y0 + band * (double)B->n;
    group = band * (grouped ? (B->tight ? 0.9 : 0.78) : (B->tight ? 0.8 : 0.62));
    double thick = B->stacked ? group : group / (double)B->ns;

    /* scale: every bar plus its label fits between plot_x0 and plot_x1 */
    double left_space = 0, right_space = 0;
    for (size_t i = 0; i < B->n && !B->stacked && B->values; i++)
        for (size_t s = 0; s < B->ns; s++) {
            double v = value_at(B, i, s), w = B->label_w[i * B->ns + s] + pad;
            if (isnan(v) || v >= 0)
                right_space = fmax(right_space, w);
            else
                left_space = fmax(left_space, w);
        }
    for (size_t i = 0; i < B->n && B->stacked && B->total_labels && B->values; i++)
        right_space = fmax(right_space, B->total_w[i] + pad);
    /* facets sharing scales: room on the side of every facet's values */
    double share_lo = 0, share_hi = 0;
    ic_facet_extend(L, &share_lo, &share_hi);
    for (size_t i = 0; i < B->n && !B->stacked && B->values && L->share; i++)
        for (size_t s = 0; s < B->ns; s++) {
            double w = B->label_w[i * B->ns + s] + pad;
            right_space = share_hi > 0 ? fmax(right_space, w) : right_space;
            left_space = share_lo < 0 ? fmax(left_space, w) : left_space;
        }
    double plot_w = plot_x1 - plot_x0 - left_space - right_space;
    if (plot_w < 0.2 * (plot_x1 - plot_x0))
        return 1;
    if (!draw)
        return 0;
    /* the value axis reaches the nice ticks around the data, so the
     * longest bar ends at or before a labelled gridline */
    ic_axis axis;
    ic_axis_choose(L, &axis, B->lo, B->hi, plot_w, 0, 1, 7, &B->fmt);
    double k = plot_w / (axis.hi - axis.lo);
    double zero_x = plot_x0 + left_space - axis.lo * k;

    /* gridlines and tick labels */
    ic_axis_place ap = {zero_x + axis.lo * k, zero_x + axis.hi * k, plot_y0, plot_y1,
                        plot_y1 + 0.5 * L->gap, plot_x0, L->right, 0, B->no_ticks};
    if (ic_axis_draw(L, &axis, &ap) != 0)
        return -1;

    bar_axes ba = {B, plot_y0, band, group, thick, zero_x, k, 0};
    ic_xy_axes ax;
    axes_fill(&ax, &ba, B, plot_x0, plot_y0, plot_x1, plot_y1);
    if (ic_annotate_back(L, &ax) != 0)
        return -1;

    for (size_t i = 0; i < B->n; i++) {
        double band_top = plot_y0 + band * (double)i;
        double cy = band_top + band / 2;
        const char *cat = category_at(B, i);
        int hl = highlighted_at(B, i);
        ic_font_style cf = hl ? IC_FONT_BOLD : IC_FONT_REGULAR;

        /* category label, wrapped, centred on the band */
        if (ic_axis_label_shown(i, B->n, every, B->cat_v0, B->cat_d)) {
            char **lines = NULL;
            int cut;
            size_t nl = label_lines(L, cat, cf, lsize, cat_w, B->lines, B->middle, &lines, &cut);
            if (nl == 0)
                return ic_layout_oom(L);
            B->nshortened += cut != 0;
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
        }

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
                if (!B->values)
                    continue;
                ic_mark *m = ic_scene_text(L->scene, IC_ROLE_VALUE_LABEL, label, IC_FONT_REGULAR,
                                           B->value_size, zero_x + pad,
                                           ic_number_center_baseline(L, IC_FONT_REGULAR, B->value_size, vcy), t->source);
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
            if (!B->values)
                continue;
            double bx = v >= 0 ? zero_x + v * k + pad : zero_x + v * k - pad - lw;
            ic_mark *m = ic_scene_text(L->scene, IC_ROLE_VALUE_LABEL, label, IC_FONT_BOLD, B->value_size, bx,
                                       ic_number_center_baseline(L, IC_FONT_BOLD, B->value_size, vcy), t->text);
            if (!m)
                return ic_layout_oom(L);
            add_tag(m, B, i, s, v);
        }
    }
    if (!ic_axis_baseline(L, &axis, &ap, 0, 0))
        return -1;
    return annotate_front(L, &ax);
}

/* ------------------------------------------------------------------ */
/* vertical columns                                                    */

/* Measures the category labels under columns `band` wide: names wrapped
 * (at most B->lines lines, shortened when longer), ordered categories on one
 * line every `*every` columns, N as small as lets them fit. Sets *max_lines;
 * returns 1 when they cannot fit, 0 when they do, -1 when out of memory. */
static int columns_labels_fit(bar_data *B, double band, size_t *max_lines, size_t *every)
{
    *max_lines = 1;
    *every = 1;
    if (!B->ordered)
        return measure_labels(B, band * 0.92, band * 0.96, B->lines, max_lines); /* 1: not even "…" fits */
    double w = 0;
    for (size_t i = 0; i < B->n; i++) {
        const char *cat = category_at(B, i);
        ic_font_style f = highlighted_at(B, i) ? IC_FONT_BOLD : IC_FONT_REGULAR;
        w = fmax(w, ic_scene_text_width(B->L->scene, cat, f, B->lsize));
    }
    /* the end labels are kept inside the plot: shifted inward by up to
     * (w - band) / 2 toward their neighbours */
    double need = w + fmax(0, (w - band) / 2);
    size_t n = (size_t)ceil(need / (band * 0.96));
    *every = n < 1 ? 1 : n;
    return B->n > 1 && *every > B->n - 1 ? 1 : 0;
}

/* Column i's category label under the plot from `top`: a name in up to
 * B->lines lines (shortened when longer), or an ordered category on one
 * line when ic_axis_label_shown says so, kept between x0 and x1. */
static int column_label(bar_data *B, size_t i, double cx, double band, size_t every, double x0, double x1,
                        double top, double lh)
{
    ic_layout *L = B->L;
    const char *cat = category_at(B, i);
    int hl = highlighted_at(B, i);
    ic_font_style cf = hl ? IC_FONT_BOLD : IC_FONT_REGULAR;
    ic_color c = hl ? L->theme.title : L->theme.text;
    if (B->ordered && B->date_label) {
        if (!B->date_label[i][0])
            return 0;
        cat = B->date_label[i];
    } else if (B->ordered && !ic_axis_label_shown(i, B->n, every, B->cat_v0, B->cat_d)) {
        return 0;
    }
    if (B->ordered) {
        double w = ic_scene_text_width(L->scene, cat, cf, B->lsize);
        double x = fmax(x0, fmin(cx - w / 2, x1 - w));
        return ic_layout_text_block(L, IC_ROLE_CATEGORY_LABEL, (int)B->order[i], cat, cf, B->lsize, c, x, top,
                                    w + 1, IC_ALIGN_LEFT, lh) < 0 ? ic_layout_oom(L) : 0;
    }
    char **lines = NULL;
    int cut;
    size_t nl = label_lines(L, cat, cf, B->lsize, band * 0.92, B->lines, B->middle, &lines, &cut);
    if (nl == 0)
        return ic_layout_oom(L);
    B->nshortened += cut != 0;
    int rc = 0;
    if (!cut) /* as the text block sets it, so unchanged labels look the same */
        rc = ic_layout_text_block(L, IC_ROLE_CATEGORY_LABEL, (int)B->order[i], cat, cf, B->lsize, c,
                                  cx - band * 0.46, top, band * 0.92, IC_ALIGN_CENTER, lh) < 0 ? -1 : 0;
    for (size_t j = 0; cut && j < nl && rc == 0; j++)
        rc = ic_layout_text_block(L, IC_ROLE_CATEGORY_LABEL, (int)B->order[i], lines[j], cf, B->lsize, c,
                                  cx - band * 0.46, top + (double)j * lh, band * 0.92, IC_ALIGN_CENTER, lh) < 0
                 ? -1 : 0;
    ic_lines_free(lines, nl);
    return rc != 0 ? ic_layout_oom(L) : 0;
}

/* The calendar index of a date at resolution `res`: months since year 0,
 * else days. */
static long calendar_index(double v, ic_date_res res)
{
    long y;
    int m, d;
    ic_civil_from_days((long)floor(v), &y, &m, &d);
    return res == IC_RES_MONTH ? y * 12 + m - 1 : (long)floor(v);
}

/* The k-th date in time order: drawing position k, or n - 1 - k when the
 * columns are drawn latest first (`rev`). */
static double date_in_time_order(const bar_data *B, size_t k, int rev)
{
    return B->L->table->cols[B->xcol].value[B->order[rev ? B->n - 1 - k : k]];
}

/* Writes the date labels of the columns `show` marks (by drawing position):
 * a label carries the year (hours: the day) when it is the first shown or
 * the year changed since the last one shown ("Jan 2020", "Apr", ...,
 * "Jan 2021"); whole years are written "2021". */
static void write_date_labels(bar_data *B, const unsigned char *show, ic_date_res unit, int rev)
{
    const ic_column *xc = &B->L->table->cols[B->xcol];
    long py = 0;
    int pm = 0, pd = 0, any = 0;
    for (size_t k = 0; k < B->n; k++) {
        size_t i = rev ? B->n - 1 - k : k; /* in time order */
        B->date_label[i][0] = '\0';
        if (!show[i])
            continue;
        double v = xc->value[B->order[i]];
        long y;
        int m, d;
        ic_civil_from_days((long)floor(v), &y, &m, &d);
        int context = !any || y != py || (unit < IC_RES_DAY && (m != pm || d != pd));
        ic_date_label(v, unit, context, B->L->spec->lang, B->date_label[i], sizeof B->date_label[i]);
        ic_digits_convert(B->date_label[i], sizeof B->date_label[i], B->L->spec->digits);
        py = y, pm = m, pd = d, any = 1;
    }
}

/* 1 when the date labels, centred under columns `band` wide from x0 and kept
 * within x0..x1, keep a gap between them. */
static int date_labels_fit(const bar_data *B, double band, double x0, double x1)
{
    double prev = -INFINITY, gap = 0.8 * B->lsize;
    for (size_t i = 0; i < B->n; i++) {
        if (!B->date_label[i][0])
            continue;
        double w = ic_scene_text_width(B->L->scene, B->date_label[i], IC_FONT_BOLD, B->lsize);
        double left = fmax(x0, fmin(x0 + band * ((double)i + 0.5) - w / 2, x1 - w));
        if (left < prev + gap)
            return 0;
        prev = left + w;
    }
    return 1;
}

/* Labels for dates under columns: monthly data are labelled on round
 * calendar steps (every month, quarter, half year, then whole years "2010",
 * every 1, 2, 5, 10... years: Jan, Apr, Jul, Oct), daily data every 1, 2, 7,
 * 14... days from the first, as finely as the labels fit; irregular dates
 * every `every`th column (as the widest name allows). Yearly dates are left
 * to the regular numbers' thinning. Columns drawn latest first (right-to-left
 * charts, mirrored afterwards) are labelled in time order all the same. */
static int date_labels(bar_data *B, size_t every, double band, double x0, double x1)
{
    const ic_column *xc = &B->L->table->cols[B->xcol];
    free(B->date_label);
    B->date_label = NULL;
    if (xc->type != IC_COL_DATE || xc->date_res == IC_RES_YEAR || B->n == 0)
        return 0;
    B->date_label = calloc(B->n, sizeof *B->date_label);
    unsigned char *show = calloc(B->n, 1);
    if (!B->date_label || !show) {
        free(show);
        return -1;
    }
    ic_date_res res = xc->date_res;
    int calendar = res == IC_RES_MONTH || res == IC_RES_DAY;
    int rev = xc->value[B->order[B->n - 1]] < xc->value[B->order[0]];
    long spacing = 0, first = calendar_index(date_in_time_order(B, 0, rev), res);
    for (size_t i = 1; calendar && i < B->n; i++) {
        long d = calendar_index(date_in_time_order(B, i, rev), res) -
                 calendar_index(date_in_time_order(B, i - 1, rev), res);
        if (d <= 0 || (spacing && d != spacing && res == IC_RES_MONTH))
            calendar = 0; /* not in time order, or irregular months */
        spacing = spacing ? (d < spacing ? d : spacing) : d;
    }
    static const long month_steps[] = {1, 3, 6, 12, 24, 60, 120, 240, 600, 1200};
    static const long day_steps[] = {1, 2, 7, 14, 28, 56, 112, 364, 728, 1820};
    const long *steps = res == IC_RES_MONTH ? month_steps : day_steps;
    size_t nsteps = !calendar ? 1 : res == IC_RES_MONTH ? sizeof month_steps / sizeof *month_steps
                                                           : sizeof day_steps / sizeof *day_steps;
    int done = 0;
    for (size_t k = 0; k < nsteps && !done; k++) {
        long step = calendar ? steps[k] : (long)(every ? every : 1);
        if (calendar && step < spacing)
            continue;
        size_t nshown = 0;
        for (size_t k = 0; k < B->n; k++) {
            long c = calendar_index(date_in_time_order(B, k, rev), res);
            size_t i = rev ? B->n - 1 - k : k;
            show[i] = (unsigned char)(!calendar ? k % (size_t)step == 0
                                      : res == IC_RES_MONTH ? c % step == 0 : (c - first) % step == 0);
            nshown += show[i];
        }
        if (nshown < 2 && B->n >= 2)
            continue;
        ic_date_res unit = res == IC_RES_MONTH && step >= 12 ? IC_RES_YEAR : res;
        write_date_labels(B, show, unit, rev);
        done = date_labels_fit(B, band, x0, x1);
        if (!done && nshown > 2) {
            /* the earliest label, held inside the plot, may be what crowds
             * the next one: without it the next carries the year */
            size_t k = 0;
            while (!show[rev ? B->n - 1 - k : k])
                k++;
            show[rev ? B->n - 1 - k : k] = 0;
            write_date_labels(B, show, unit, rev);
            done = date_labels_fit(B, band, x0, x1);
        }
    }
    if (!done) { /* the first and the last */
        for (size_t i = 0; i < B->n; i++)
            show[i] = (unsigned char)(i == 0 || i + 1 == B->n);
        write_date_labels(B, show, res, rev);
    }
    free(show);
    return 0;
}

/* Columns at the current rung; `draw` as for layout_horizontal. */
static int layout_vertical(bar_data *B, int draw)
{
    ic_layout *L = B->L;
    const ic_colors *t = &L->theme;
    double lsize = B->lsize;
    double lh = ic_line_height(L, IC_FONT_REGULAR, lsize, 1.15);
    double vlh = ic_number_line_height(L, IC_FONT_BOLD, B->value_size, 1.0);
    double pad = 0.35 * B->value_size;

    /* the tick gutter depends on the plot's height, which depends on how
     * many lines the labels under the columns take: settle both */
    ic_axis axis;
    double gutter = 0, band = 1, plot_y0 = L->top, plot_y1 = L->bottom;
    size_t max_lines = 1, every = 1;
    for (int pass = 0; pass < 3; pass++) {
        plot_y1 = L->bottom - (double)max_lines * lh - 0.6 * L->gap;
        if (ic_axis_choose(L, &axis, B->lo, B->hi, plot_y1 - plot_y0, 1, 1, 6, &B->fmt) != 0)
            return 1; /* not even two ticks fit beside the plot */
        double g = axis.widest + axis.gap;
        if (pass > 0 && g <= gutter)
            break;
        gutter = fmax(gutter, g);
        band = (L->right - L->left - gutter) / (double)B->n;
        int rc = columns_labels_fit(B, band, &max_lines, &every);
        if (rc != 0)
            return rc < 0 ? ic_layout_oom(L) : 1;
    }
    double plot_x0 = L->left + gutter, plot_x1 = L->right;
    /* columns get thinner than their band allows only when the band is very wide */
    int grouped = B->ns > 1 && !B->stacked;
    double share = grouped ? (B->tight ? 0.9 : 0.8) : (B->tight ? 0.8 : 0.66);
    double group = fmin(band * share, fmax((grouped ? 1.6 : 1.0) * 5.5 * lsize, band * 0.4));
    double thick = B->stacked ? group : group / (double)B->ns;
    if (thick < 0.5)
        return 1; /* thinner than a hairline */

    /* value labels over (or under) their columns, within their width */
    double value_room = (grouped ? thick : band) * 0.98;
    for (size_t i = 0; i < B->n && B->values; i++) {
        if (B->stacked && B->total_labels && B->total_w[i] > band * 0.98)
            return 1;
        for (size_t s = 0; s < B->ns && !B->stacked; s++)
            if (B->label_w[i * B->ns + s] > value_room)
                return 1;
    }

    int any_neg = 0, any_pos = 0;
    for (size_t i = 0; i < B->n; i++)
        for (size_t s = 0; s < B->ns; s++) {
            double v = value_at(B, i, s);
            any_neg |= v < 0;
            any_pos |= !(v < 0);
        }
    /* facets sharing scales: room for labels on the side of every facet's values */
    double share_lo = 0, share_hi = 0;
    ic_facet_extend(L, &share_lo, &share_hi);
    any_neg |= share_lo < 0;
    any_pos |= share_hi > 0 || (L->share && L->share->any_gap); /* "no data" stands above zero */
    /* stacks carry their labels inside, and a total on top of normal stacks */
    double top_space = B->values && any_pos && (!B->stacked || B->total_labels) ? vlh + pad : 0;
    double bottom_space = B->values && any_neg && !B->stacked ? vlh + pad : 0;
    double plot_h = plot_y1 - plot_y0 - top_space - bottom_space;
    /* columns squeezed under their labels read as a strip: the plot keeps
     * at least a third of the chart's height, and room for five tick labels */
    if (plot_h < 0.25 * (plot_y1 - plot_y0) || plot_h < (L->bottom - L->top) / 3 ||
        plot_h < 5 * ic_number_line_height(L, IC_FONT_REGULAR, B->tick_size, 1.0))
        return 1;
    if (!draw)
        return 0;
    double k = plot_h / (axis.hi - axis.lo);
    double zero_y = plot_y0 + top_space + axis.hi * k;

    /* tick labels stay within the plot's height (a legend may sit right
     * above it); the lowest may reach half a label under it */
    double tick_h = ic_number_line_height(L, IC_FONT_REGULAR, axis.size, 1.0);
    ic_axis_place ap = {zero_y - axis.lo * k, zero_y - axis.hi * k, plot_x0, plot_x1, plot_x0 - axis.gap,
                        plot_y0, plot_y1 + 0.5 * tick_h, 0, 0};
    if (ic_axis_draw(L, &axis, &ap) != 0)
        return -1;

    bar_axes ba = {B, plot_x0, band, group, thick, zero_y, k, 1};
    ic_xy_axes ax;
    axes_fill(&ax, &ba, B, plot_x0, plot_y0, plot_x1, plot_y1);
    if (ic_annotate_back(L, &ax) != 0)
        return -1;

    double cat_top = plot_y1 + 0.6 * L->gap;
    if (date_labels(B, every, band, plot_x0, plot_x1) != 0)
        return ic_layout_oom(L);
    for (size_t i = 0; i < B->n; i++) {
        double cx = plot_x0 + band * ((double)i + 0.5);
        if (column_label(B, i, cx, band, every, plot_x0, plot_x1, cat_top, lh) != 0)
            return -1;

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
                if (!B->values)
                    continue;
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
            if (!B->values)
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
    if (!ic_axis_baseline(L, &axis, &ap, 0, 0))
        return -1;
    return annotate_front(L, &ax);
}

/* ------------------------------------------------------------------ */
/* the fitting ladder                                                   */

/* Value label sizes at rung size step `down` (0: the theme's, 1: the floor),
 * and their widths. Many series shrink them to 80 %, never below the floor. */
static void measure_values(bar_data *B, double down)
{
    ic_layout *L = B->L;
    double base = L->value_size * (B->ns > 2 && !B->stacked ? 0.8 : 1);
    base = fmax(base, L->text_floor);
    B->value_size = fmax(L->text_floor, base - down * (base - L->text_floor));
    for (size_t i = 0; i < B->n; i++)
        for (size_t s = 0; s < B->ns; s++) {
            int gap = isnan(value_at(B, i, s));
            B->label_w[i * B->ns + s] = ic_scene_text_width(L->scene, B->labels[i * B->ns + s],
                                                            gap ? IC_FONT_REGULAR : IC_FONT_BOLD, B->value_size);
        }
    for (size_t i = 0; B->total_labels && i < B->n; i++)
        B->total_w[i] = ic_scene_text_width(L->scene, B->total_labels[i], IC_FONT_BOLD, B->value_size);
    /* facets sharing scales keep room for the widest value label of any
     * facet, so each takes the same rung and plot */
    for (size_t s = 0; L->share && !B->stacked && s < B->ns; s++) {
        double w = ic_facet_widest_value(L, B->ycols[s], &B->fmt, IC_FONT_BOLD, B->value_size,
                                         ic_locale_for(L->spec->lang)->no_data);
        for (size_t i = 0; i < B->n; i++)
            B->label_w[i * B->ns + s] = fmax(B->label_w[i * B->ns + s], w);
    }
}

typedef struct rung {
    int tight;      /* thinner gaps */
    double down;    /* text from its size (0) down to the floor (1) */
    int no_ticks;   /* rows with value labels: tick labels left out */
    size_t lines;   /* most lines of a category name */
} rung;

static const rung rungs[] = {
    {0, 0, 0, 3}, {1, 0, 0, 3}, {1, 0.5, 0, 3}, {1, 1, 0, 3}, {1, 1, 1, 3}, {1, 1, 1, 2}, {1, 1, 1, 1},
};
#define NRUNGS (sizeof rungs / sizeof *rungs)

/* Measures rung r (value labels on or off) in one orientation: 0 fits,
 * 1 not, -1 error. */
static int try_rung(bar_data *B, size_t r, int values, int vertical)
{
    ic_layout *L = B->L;
    B->tight = rungs[r].tight;
    B->lines = rungs[r].lines;
    B->values = values;
    B->no_ticks = values && rungs[r].no_ticks;
    B->lsize = fmax(L->text_floor, L->label_size - rungs[r].down * (L->label_size - L->text_floor));
    measure_values(B, rungs[r].down);
    return vertical ? layout_vertical(B, 0) : layout_horizontal(B, 0);
}

/* The orientation "auto" starts with: columns for ordered categories and for
 * up to 12 names that each fit on one line under their column. */
static int prefers_vertical(bar_data *B)
{
    if (B->ordered)
        return 1;
    if (B->n > 12)
        return 0;
    ic_layout *L = B->L;
    double band = (L->right - L->left) * 0.9 / (double)B->n;
    for (size_t i = 0; i < B->n; i++) {
        const char *cat = category_at(B, i);
        ic_font_style f = highlighted_at(B, i) ? IC_FONT_BOLD : IC_FONT_REGULAR;
        if (ic_scene_text_width(L->scene, cat, f, L->label_size) > band * 0.92)
            return 0;
    }
    return 1;
}

/* Walks the ladder over the orientations `first` and (when `both`) the
 * other; leaves B at the first rung that fits. 0 found, 1 none, -1 error.
 * The rungs that keep every word (gaps, sizes) are tried in the preferred
 * orientation, then in the other, before any rung that leaves something out. */
static int walk(bar_data *B, int first, int both, int *vertical)
{
    static const size_t phase[] = {0, 4, NRUNGS};
    for (int values = B->L->spec->value_labels; values >= 0; values--)
        for (size_t p = 0; p + 1 < sizeof phase / sizeof *phase; p++)
            for (int o = 0; o < (both ? 2 : 1); o++)
                for (size_t r = phase[p]; r < phase[p + 1]; r++) {
                    int v = o ? !first : first;
                    int rc = try_rung(B, r, values, v);
                    if (rc <= 0) {
                        *vertical = v;
                        return rc;
                    }
                }
    return 1;
}

/* Chooses the orientation and rung; 0, or 1 when nothing fits (no error
 * set), or -1 with the error set. */
static int fit_ladder(bar_data *B, int *vertical)
{
    ic_orientation o = B->L->spec->orientation;
    /* time and other ordered categories run along x: "auto" keeps them in
     * columns (rows only when the spec asks) */
    if (o == IC_ORIENT_AUTO)
        return walk(B, prefers_vertical(B), !B->ordered, vertical);
    return walk(B, o == IC_ORIENT_VERTICAL, 0, vertical);
}

/* The refusal when no rung fits, naming only what was checked to fit: the
 * other orientation (when the spec forces one), or the most rows that fit. */
static int refuse(bar_data *B)
{
    ic_layout *L = B->L;
    ic_orientation o = L->spec->orientation;
    int v, other = 0;
    if (o != IC_ORIENT_AUTO)
        other = walk(B, o != IC_ORIENT_VERTICAL, 0, &v) == 0;
    /* the most rows that fit lie in [lo, hi]; a row count fits when the last
     * rung without value labels (the most compact the ladder gets) does, so
     * each step tries that one rung rather than the whole ladder */
    size_t n = B->n, lo = 0, hi = n - 1;
    while (lo < hi) {
        size_t mid = (lo + hi + 1) / 2;
        B->n = mid;
        int fits = 0;
        for (int vert = 0; vert < 2 && !fits; vert++)
            if ((o == IC_ORIENT_AUTO && (vert || !B->ordered)) || vert == (o == IC_ORIENT_VERTICAL))
                fits = try_rung(B, NRUNGS - 1, 0, vert) == 0;
        if (fits)
            lo = mid;
        else
            hi = mid - 1;
    }
    /* a rung with value labels (and no tick labels) can hold a row or two
     * more: the whole ladder decides those last few */
    for (B->n = lo + 1; B->n < n && fit_ladder(B, &v) == 0; B->n++)
        lo = B->n;
    B->n = n;
    char rows[96] = "";
    if (lo > 0)
        snprintf(rows, sizeof rows, "use at most %zu rows (that many fit)", lo);
    else
        snprintf(rows, sizeof rows, "the title and notes leave no room for bars; shorten them");
    if (other)
        return ic_error_set(L->err, IC_ERR_DATA, L->spec->path, 0, 0,
                            "%zu categories do not fit as %s on a %gx%g canvas, even with the smallest legible "
                            "labels; set 'orientation' to \"%s\" (they fit), or %s",
                            n, o == IC_ORIENT_VERTICAL ? "columns" : "horizontal bars", L->scene->width,
                            L->scene->height, o == IC_ORIENT_VERTICAL ? "horizontal" : "vertical", rows);
    return ic_error_set(L->err, IC_ERR_DATA, L->spec->path, 0, 0,
                        "%zu categories do not fit on a %gx%g canvas, even with the smallest legible labels, "
                        "shortened, without value labels; %s",
                        n, L->scene->width, L->scene->height, rows);
}

/* ------------------------------------------------------------------ */

/* The spec keys bar charts read besides the common ones (registry.h). */
const char *const ic_bar_keys[] = {"orientation", "sort", "value_labels", "highlight", "stack", "annotations",
                                   "mirror_time", NULL};

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
    B.names = calloc(B.n ? B.n : 1, sizeof *B.names);
    B.hl = calloc(B.n ? B.n : 1, 1);
    if (!B.names || !B.hl) {
        ic_layout_oom(L);
        goto done;
    }
    const ic_column *xc = &tb->cols[B.xcol];
    for (size_t r = 0; r < B.n; r++) {
        const char *cell = ic_cell_text(xc, r);
        char date[64];
        B.hl[r] = (unsigned char)ic_spec_highlights(spec, cell);
        if (xc->type == IC_COL_DATE && !xc->missing[r]) {
            /* dates as the axis of a line writes them: "2004", "Mar 2004" */
            ic_date_text_full(xc->value[r], xc->date_res, spec->lang, date, sizeof date);
            ic_digits_convert(date, sizeof date, spec->digits);
            cell = date;
        }
        if (!(B.names[r] = layout_name(cell))) {
            ic_layout_oom(L);
            goto done;
        }
    }
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
    B.fmt = ic_facet_numfmt(L, B.ycols, B.ns);
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
    ic_facet_extend(L, &B.lo, &B.hi); /* the same axis in every facet */
    if (B.hi == B.lo)
        B.hi = B.lo + 1;

    int coltype = tb->cols[B.xcol].type;
    int xcol_is_time = coltype == IC_COL_YEAR || coltype == IC_COL_DATE;
    B.ordered = xcol_is_time || coltype == IC_COL_NUMBER;
    /* rows of names: the frame makes room for a line per row (and one for
     * the legend) at the floor before the bars' own ladder starts */
    if (spec->orientation == IC_ORIENT_HORIZONTAL || (spec->orientation == IC_ORIENT_AUTO && !B.ordered))
        L->chart_need = (double)(B.n + (B.ns > 1)) * ic_line_height(L, IC_FONT_REGULAR, L->text_floor, 1.0) +
                        ic_number_line_height(L, IC_FONT_REGULAR, L->tick_size, 1.2) + 2 * L->gap;
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
        if (ic_layout_series_legend(L, names, colors, NULL, B.ns) != 0)
            goto done;
    }

    /* the value labels, measured again at each rung's size */
    for (size_t i = 0; i < B.n; i++)
        for (size_t s = 0; s < B.ns; s++) {
            double v = value_at(&B, i, s);
            char *buf = B.labels[i * B.ns + s];
            if (isnan(v))
                snprintf(buf, sizeof *B.labels, "%s", ic_locale_for(spec->lang)->no_data);
            else
                ic_numfmt_format(&B.fmt, v, buf, sizeof *B.labels);
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
        }
    }

    B.tick_size = fmax(L->tick_size, L->text_floor);
    find_regular_categories(&B);
    int vertical;
    if (fit_ladder(&B, &vertical) != 0) {
        if (L->err->code == IC_OK)
            refuse(&B);
        goto done;
    }
    if (spec->value_labels && !B.values) {
        (void)ic_scene_warn(L->scene, 0, 0,
                            "value labels left out: they do not fit at this size; the value axis gives the values");
        L->scene->lost += B.n;
    }
    if (vertical && xcol_is_time && spec->rtl && !spec->mirror_time) {
        /* the whole chart is mirrored for right-to-left readers afterwards;
         * time keeps running left to right unless "mirror_time" asks */
        reverse_rows(&B);
        find_regular_categories(&B);
    }
    rc = vertical ? layout_vertical(&B, 1) : layout_horizontal(&B, 1);
    if (rc == 0 && B.nshortened > 0 &&
        ic_scene_warn(L->scene, 0, 0,
                      "%zu category labels shortened with \"…\" to fit (the full names are in the description); "
                      "a larger 'size' or shorter names show them whole",
                      B.nshortened) != 0)
        rc = ic_layout_oom(L);
    L->scene->lost += B.nshortened;
done:
    for (size_t r = 0; B.names && r < B.n; r++)
        free(B.names[r]);
    free(B.names);
    free(B.hl);
    free(B.order);
    free(B.labels);
    free(B.label_w);
    free(B.vals);
    free(B.pos_total);
    free(B.neg_total);
    free(B.total_labels);
    free(B.total_w);
    free(B.display);
    free(B.date_label);
    return rc;
}
