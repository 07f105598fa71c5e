/* The scales, number format, category order and frame height the facets of
 * one spec share (facet_scale.h). */
#include "layout/facet_scale.h"
#include "core/error.h"
#include "core/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The extent of the spec's value columns over every row: stack totals for a
 * stacked chart, line annotations' values for line and area charts. */
static void value_extent(const ic_spec *spec, const ic_table *t, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    int stacked = spec->stack == IC_STACK_NORMAL;
    for (size_t r = 0; r < t->nrows; r++) {
        double pos = 0, neg = 0;
        for (size_t s = 0; s < spec->ny; s++) {
            int c = ic_table_find(t, spec->y[s]);
            double v = c >= 0 ? t->cols[c].value[r] : NAN;
            if (isnan(v))
                continue;
            if (stacked) {
                pos += v > 0 ? v : 0;
                neg += v < 0 ? v : 0;
            } else {
                *lo = fmin(*lo, v);
                *hi = fmax(*hi, v);
            }
        }
        if (stacked) {
            *lo = fmin(*lo, neg);
            *hi = fmax(*hi, pos);
        }
    }
    int line = strcmp(spec->chart, "line") == 0 || strcmp(spec->chart, "area") == 0;
    for (size_t i = 0; line && i < spec->nannotations; i++)
        if (spec->annotations[i].type == IC_ANN_LINE) {
            *lo = fmin(*lo, spec->annotations[i].value);
            *hi = fmax(*hi, spec->annotations[i].value);
        }
    if (!(*lo <= *hi))
        *lo = *hi = NAN;
}

/* A row's x text, for sorting rows by text (then by row). */
typedef struct x_cell {
    const char *text;
    size_t row;
} x_cell;

static int cmp_x_cell(const void *a, const void *b)
{
    const x_cell *x = a, *y = b;
    int d = strcmp(x->text, y->text);
    return d ? d : x->row < y->row ? -1 : x->row > y->row;
}

/* The rank of each row's x value: the row where that value first appears
 * (rows sorted by text, so this stays O(n log n)). */
static size_t *x_ranks(const ic_spec *spec, const ic_table *t)
{
    size_t n = t->nrows;
    size_t *rank = malloc((n ? n : 1) * sizeof *rank);
    x_cell *cells = malloc((n ? n : 1) * sizeof *cells);
    int xc = spec->x ? ic_table_find(t, spec->x) : -1;
    if (!rank || !cells) {
        free(rank);
        free(cells);
        return NULL;
    }
    for (size_t r = 0; r < n; r++) {
        rank[r] = r;
        cells[r] = (x_cell){ xc >= 0 ? ic_cell_text(&t->cols[xc], r) : "", r };
    }
    if (xc >= 0 && n > 1) {
        qsort(cells, n, sizeof *cells, cmp_x_cell);
        for (size_t i = 1; i < n; i++)
            if (strcmp(cells[i].text, cells[i - 1].text) == 0)
                rank[cells[i].row] = rank[cells[i - 1].row];
    }
    free(cells);
    return rank;
}

/* A category's place: first appearance, or with "sort" the sum over every
 * facet of its value (a dumbbell's: of its change, second value minus
 * first). */
typedef struct category_total {
    size_t key;     /* the row where it first appears */
    double total;
    int has;        /* some facet has a value for it */
    int sorted;     /* by total (else by first appearance) */
    int descending;
} category_total;

static int cmp_total(const void *a, const void *b)
{
    const category_total *x = a, *y = b;
    if (x->sorted) {
        if (x->has != y->has) /* categories without values last */
            return x->has ? -1 : 1;
        if (x->has && x->total != y->total)
            return (x->total < y->total) != x->descending ? -1 : 1;
    }
    return x->key < y->key ? -1 : x->key > y->key;
}

/* Replaces each row's rank (its category's first row) by the category's
 * place, 0 .. *ncat - 1. Returns 0 or -1 (out of memory). */
static int place_categories(const ic_spec *spec, const ic_table *t, size_t *rank, size_t *ncat)
{
    int dumbbell = strcmp(spec->chart, "dumbbell") == 0 && spec->ny >= 2;
    int ca = spec->ny ? ic_table_find(t, spec->y[0]) : -1, cb = dumbbell ? ic_table_find(t, spec->y[1]) : -1;
    int sorted = spec->sort != IC_SORT_NONE && ca >= 0;
    size_t n = t->nrows;
    category_total *tot = calloc(n ? n : 1, sizeof *tot);
    size_t *place = malloc((n ? n : 1) * sizeof *place);
    if (!tot || !place) {
        free(tot);
        free(place);
        return -1;
    }
    for (size_t r = 0; r < n; r++) {
        category_total *c = &tot[rank[r]];
        double v = ca >= 0 ? t->cols[ca].value[r] : NAN;
        if (dumbbell)
            v = cb >= 0 ? t->cols[cb].value[r] - v : NAN;
        c->key = rank[r];
        c->sorted = sorted;
        c->descending = spec->sort == IC_SORT_DESCENDING;
        if (!isnan(v)) {
            c->total += v;
            c->has = 1;
        }
    }
    size_t k = 0;
    for (size_t r = 0; r < n; r++)
        if (rank[r] == r)
            tot[k++] = tot[r];
    qsort(tot, k, sizeof *tot, cmp_total);
    for (size_t i = 0; i < k; i++)
        place[tot[i].key] = i;
    for (size_t r = 0; r < n; r++)
        rank[r] = place[rank[r]];
    *ncat = k;
    free(tot);
    free(place);
    return 0;
}

/* A facet's entry: a row of the table, or a gap standing for a category
 * the facet has no row of (`row` is then a row of that category). */
typedef struct ranked_row {
    size_t rank, row;
    int gap;
} ranked_row;

static int cmp_ranked_row(const void *a, const void *b)
{
    const ranked_row *x = a, *y = b;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    return x->row < y->row ? -1 : x->row > y->row;
}

/* s->rows, s->gap and s->start: each facet's rows in category order, with a
 * gap for each category of the whole table the facet has no row of (not
 * for stat cards, which show one row, nor when that would make more rows
 * than the 'rows' limit). Returns 0 or -1 (out of memory). */
static int order_rows(ic_facet_share *s, const ic_spec *spec, const ic_table *t, const size_t *rows,
                      const size_t *start, size_t n)
{
    size_t total = start[n], ncat = 0, missing = 0;
    size_t *rank = x_ranks(spec, t);
    size_t *cat_row = NULL;
    unsigned char *seen = NULL;
    ranked_row *tmp = NULL;
    int rc = -1;
    if (!rank || place_categories(spec, t, rank, &ncat) != 0)
        goto done;
    cat_row = malloc((ncat ? ncat : 1) * sizeof *cat_row);
    seen = calloc(ncat ? ncat : 1, 1);
    if (!cat_row || !seen)
        goto done;
    for (size_t r = t->nrows; r-- > 0;)
        cat_row[rank[r]] = r; /* the first row of each category */
    int fill = strcmp(spec->chart, "stat") != 0;
    for (size_t f = 0; fill && f < n; f++) {
        size_t present = 0;
        for (size_t i = start[f]; i < start[f + 1]; i++)
            if (!seen[rank[rows[i]]]) {
                seen[rank[rows[i]]] = 1;
                present++;
            }
        missing += ncat - present;
        for (size_t i = start[f]; i < start[f + 1]; i++)
            seen[rank[rows[i]]] = 0;
    }
    if (total + missing > spec->limits.rows) {
        fill = 0;
        missing = 0;
    }
    size_t cap = total + missing;
    tmp = malloc((cap ? cap : 1) * sizeof *tmp);
    s->rows = malloc((cap ? cap : 1) * sizeof *s->rows);
    s->gap = calloc(cap ? cap : 1, 1);
    s->start = malloc((n + 1) * sizeof *s->start);
    if (!tmp || !s->rows || !s->gap || !s->start)
        goto done;
    size_t o = 0;
    for (size_t f = 0; f < n; f++) {
        size_t first = o;
        s->start[f] = o;
        for (size_t i = start[f]; i < start[f + 1]; i++) {
            tmp[o++] = (ranked_row){ rank[rows[i]], rows[i], 0 };
            seen[rank[rows[i]]] = 1;
        }
        for (size_t c = 0; c < ncat; c++) {
            if (fill && !seen[c])
                tmp[o++] = (ranked_row){ c, cat_row[c], 1 };
            seen[c] = 0;
        }
        if (o - first > 1)
            qsort(tmp + first, o - first, sizeof *tmp, cmp_ranked_row);
    }
    s->start[n] = o;
    s->nfacets = n;
    s->any_gap = missing > 0;
    for (size_t i = 0; i < o; i++) {
        s->rows[i] = tmp[i].row;
        s->gap[i] = (unsigned char)tmp[i].gap;
    }
    rc = 0;
done:
    free(rank);
    free(cat_row);
    free(seen);
    free(tmp);
    return rc;
}

/* Which facets' frame texts are measured: all, or the IC_FACET_MEASURED
 * whose texts are longest (ties: the earlier facet). */
typedef struct text_len {
    size_t len, facet;
} text_len;

static int cmp_longer(const void *a, const void *b)
{
    const text_len *x = a, *y = b;
    if (x->len != y->len)
        return x->len > y->len ? -1 : 1;
    return x->facet < y->facet ? -1 : x->facet > y->facet;
}

static int frame_texts(ic_facet_share *s, const ic_spec *spec, char *const *values, char *const *parts, size_t n,
                       ic_error *err)
{
    text_len *order = malloc((n ? n : 1) * sizeof *order);
    if (!order)
        return -1;
    /* "{facet}" is the only thing that differs: its value's length decides */
    for (size_t i = 0; i < n; i++)
        order[i] = (text_len){ strlen(values[i]), i };
    if (n > IC_FACET_MEASURED)
        qsort(order, n, sizeof *order, cmp_longer);
    size_t m = n < IC_FACET_MEASURED ? n : IC_FACET_MEASURED;
    s->titles = calloc(m ? m : 1, sizeof *s->titles);
    s->subtitles = calloc(m ? m : 1, sizeof *s->subtitles);
    s->notes = calloc(m ? m : 1, sizeof *s->notes);
    int rc = s->titles && s->subtitles && s->notes ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < m; i++) {
        size_t f = order[i].facet;
        ic_spec *fs = ic_spec_for_facet(spec, values[f], parts[f], err);
        if (!fs) {
            rc = -1;
            break;
        }
        /* taken from the facet's spec, which is freed */
        s->titles[i] = fs->title;
        s->subtitles[i] = fs->subtitle;
        s->notes[i] = fs->note;
        fs->title = fs->subtitle = fs->note = NULL;
        s->ntexts = i + 1;
        ic_spec_free(fs);
    }
    free(order);
    return rc;
}

ic_facet_share *ic_facet_share_new(const ic_spec *spec, const ic_table *table, char *const *values,
                                   char *const *file_parts, size_t n, const size_t *rows, const size_t *start,
                                   ic_error *err)
{
    ic_facet_share *s = calloc(1, sizeof *s);
    if (!s)
        goto nomem;
    s->refs = 1;
    size_t *all = malloc((table->nrows ? table->nrows : 1) * sizeof *all);
    if (!all)
        goto nomem;
    for (size_t r = 0; r < table->nrows; r++)
        all[r] = r;
    s->table = ic_table_subset(table, all, table->nrows, err);
    free(all);
    if (!s->table)
        goto fail;
    value_extent(spec, table, &s->lo, &s->hi);
    s->ycols = malloc((spec->ny ? spec->ny : 1) * sizeof *s->ycols);
    if (!s->ycols)
        goto nomem;
    for (size_t k = 0; k < spec->ny; k++) {
        int c = ic_table_find(s->table, spec->y[k]);
        if (c >= 0)
            s->ycols[s->nycols++] = c;
    }
    if (order_rows(s, spec, table, rows, start, n) != 0)
        goto nomem;
    for (size_t k = 0; k < s->nycols; k++)
        for (size_t r = 0; r < s->table->nrows && !s->any_gap; r++)
            s->any_gap = isnan(s->table->cols[s->ycols[k]].value[r]);
    if (frame_texts(s, spec, values, file_parts, n, err) != 0) {
        if (ic_error_is_set(err))
            goto fail;
        goto nomem;
    }
    return s;
nomem:
    ic_error_set(err, IC_ERR_NOMEM, spec->path, 0, 0, "out of memory");
fail:
    ic_facet_share_free(s);
    return NULL;
}

ic_facet_share *ic_facet_share_ref(ic_facet_share *s)
{
    if (s)
        __atomic_add_fetch(&s->refs, 1, __ATOMIC_RELAXED);
    return s;
}

void ic_facet_share_free(ic_facet_share *s)
{
    if (!s || __atomic_sub_fetch(&s->refs, 1, __ATOMIC_ACQ_REL) > 0)
        return;
    ic_table_free(s->table);
    for (size_t i = 0; i < s->ntexts; i++) {
        free(s->titles[i]);
        free(s->subtitles[i]);
        free(s->notes[i]);
    }
    free(s->titles);
    free(s->subtitles);
    free(s->notes);
    free(s->rows);
    free(s->gap);
    free(s->start);
    free(s->ycols);
    free(s);
}

ic_table *ic_facet_share_table(const ic_facet_share *s, size_t i, ic_error *err)
{
    size_t first = s->start[i], n = s->start[i + 1] - first;
    ic_table *t = ic_table_subset(s->table, s->rows + first, n, err);
    /* a category the facet has no row of: its values are gaps ("no data") */
    for (size_t k = 0; t && k < n; k++)
        for (size_t c = 0; s->gap[first + k] && c < s->nycols; c++) {
            t->cols[s->ycols[c]].value[k] = NAN;
            t->cols[s->ycols[c]].missing[k] = 1;
        }
    return t;
}

void ic_facet_extend(const ic_layout *L, double *lo, double *hi)
{
    const ic_facet_share *s = L->share;
    if (!s || isnan(s->lo) || L->spec->stack == IC_STACK_PERCENT)
        return;
    *lo = isnan(*lo) || !isfinite(*lo) ? s->lo : fmin(*lo, s->lo);
    *hi = isnan(*hi) || !isfinite(*hi) ? s->hi : fmax(*hi, s->hi);
}

ic_numfmt ic_facet_numfmt(const ic_layout *L, const int *cols, size_t ncols)
{
    const ic_facet_share *s = L->share;
    int mapped[64];
    if (!s || ncols > 64)
        return ic_numfmt_resolve(&L->spec->number, L->table, cols, ncols);
    for (size_t i = 0; i < ncols; i++) {
        mapped[i] = ic_table_find(s->table, L->table->cols[cols[i]].name);
        if (mapped[i] < 0)
            return ic_numfmt_resolve(&L->spec->number, L->table, cols, ncols);
    }
    return ic_numfmt_resolve(&L->spec->number, s->table, mapped, ncols);
}

double ic_facet_tallest(ic_layout *L, int which, double own,
                        double (*measure)(ic_layout *L, const char *text, void *ctx), void *ctx)
{
    const ic_facet_share *s = L->share;
    double h = own;
    for (size_t i = 0; s && i < s->ntexts; i++) {
        const char *t = which == 0 ? s->titles[i] : which == 1 ? s->subtitles[i] : s->notes[i];
        if (t && t[0])
            h = fmax(h, measure(L, t, ctx));
    }
    return h;
}

double ic_facet_widest_value(const ic_layout *L, int col, const ic_numfmt *fmt, ic_font_style font, double size,
                             const char *gap_text)
{
    const ic_facet_share *s = L->share;
    int c = s && col >= 0 ? ic_table_find(s->table, L->table->cols[col].name) : -1;
    double w = 0;
    int gap = s && s->any_gap;
    for (size_t r = 0; c >= 0 && r < s->table->nrows; r++) {
        double v = s->table->cols[c].value[r];
        char text[64];
        gap |= isnan(v);
        if (isnan(v))
            continue;
        ic_numfmt_format(fmt, v, text, sizeof text);
        w = fmax(w, ic_scene_text_width(L->scene, text, font, size));
    }
    if (c >= 0 && gap && gap_text)
        w = fmax(w, ic_scene_text_width(L->scene, gap_text, IC_FONT_REGULAR, size));
    return w;
}
