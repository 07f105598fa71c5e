/* Long tables and aggregates (see reshape.h). Rows are grouped through hash
 * tables of small ids, so a table of a million rows takes a few passes and
 * no sorting (except each group's values for "median"). */
#include "data/reshape.h"
#include "data/number.h"
#include "core/error.h"
#include "core/util.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- ids: each distinct key gets a number, in order of first appearance ---- */

/* Open addressing: a slot holds id + 1, 0 when free. */
typedef struct idmap {
    uint32_t *slot;
    size_t mask;
} idmap;

static int idmap_init(idmap *m, size_t n)
{
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    m->slot = calloc(cap, sizeof *m->slot);
    m->mask = cap - 1;
    return m->slot ? 0 : -1;
}

/* Spreads every bit of `h` over the low bits the table uses. */
static uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= UINT64_C(0xff51afd7ed558ccd);
    h ^= h >> 33;
    h *= UINT64_C(0xc4ceb9fe1a85ec53);
    return h ^ (h >> 33);
}

/* A cell's key: for x values (`as_x`), the value in number, year and date
 * columns (so "2024-03" and "2024-03-01" are one x value), else the text,
 * with every gap one key ("", NA, n/a ... all say "no value"); for facet
 * and series names, the text as written (as ic_chart_facet tells facets
 * apart). */
static int keyed_by_value(const ic_column *c, size_t r)
{
    return c->type != IC_COL_TEXT && !c->missing[r] && !isnan(c->value[r]);
}

static uint64_t cell_hash(const ic_column *c, size_t r, int as_x)
{
    if (as_x && c->missing[r])
        return mix(IC_HASH_INIT ^ 2);
    if (as_x && keyed_by_value(c, r)) {
        double v = c->value[r] == 0 ? 0 : c->value[r]; /* -0 and 0 are one key */
        return mix(ic_hash_bytes(IC_HASH_INIT ^ 1, &v, sizeof v));
    }
    const char *s = ic_cell_text(c, r);
    return mix(ic_hash_bytes(IC_HASH_INIT, s, strlen(s)));
}

static int cell_equal(const ic_column *c, size_t a, size_t b, int as_x)
{
    if (as_x && (c->missing[a] || c->missing[b]))
        return c->missing[a] && c->missing[b];
    int va = as_x && keyed_by_value(c, a), vb = as_x && keyed_by_value(c, b);
    if (va != vb)
        return 0;
    return va ? c->value[a] == c->value[b] : strcmp(ic_cell_text(c, a), ic_cell_text(c, b)) == 0;
}

/* ids[r] for each of the `n` rows of column `c` (keys as cell_hash says);
 * first[id] is the row where key `id` first appears; *nids how many keys
 * there are. */
static int column_ids(const ic_column *c, int as_x, size_t n, uint32_t *ids, size_t *first, size_t *nids)
{
    idmap m;
    if (idmap_init(&m, n) != 0)
        return -1;
    size_t k = 0;
    for (size_t r = 0; r < n; r++) {
        size_t i = (size_t)cell_hash(c, r, as_x) & m.mask;
        for (;; i = (i + 1) & m.mask) {
            uint32_t s = m.slot[i];
            if (s == 0) {
                m.slot[i] = (uint32_t)(k + 1);
                first[k] = r;
                ids[r] = (uint32_t)k++;
                break;
            }
            if (cell_equal(c, first[s - 1], r, as_x)) {
                ids[r] = s - 1;
                break;
            }
        }
    }
    free(m.slot);
    *nids = k;
    return 0;
}

/* The same for pairs (a[r], b[r]) (`a` NULL: all 0). */
static int pair_ids(const uint32_t *a, const uint32_t *b, size_t n, uint32_t *ids, size_t *first, size_t *nids)
{
    idmap m;
    uint64_t *key = malloc((n ? n : 1) * sizeof *key);
    if (!key || idmap_init(&m, n) != 0) {
        free(key);
        return -1;
    }
    size_t k = 0;
    for (size_t r = 0; r < n; r++) {
        uint64_t pair = (uint64_t)(a ? a[r] : 0) << 32 | b[r];
        size_t i = (size_t)mix(pair) & m.mask;
        for (;; i = (i + 1) & m.mask) {
            uint32_t s = m.slot[i];
            if (s == 0) {
                m.slot[i] = (uint32_t)(k + 1);
                key[k] = pair;
                first[k] = r;
                ids[r] = (uint32_t)k++;
                break;
            }
            if (key[s - 1] == pair) {
                ids[r] = s - 1;
                break;
            }
        }
    }
    free(m.slot);
    free(key);
    *nids = k;
    return 0;
}

/* ---- the reshaping ---------------------------------------------------------- */

typedef struct reshape {
    ic_spec *spec;
    const ic_table *t;
    size_t n;               /* rows of t */
    int xcol, scol, fcol;   /* x, series and facet columns (-1: none) */
    int *ycol;              /* [spec->ny] */
    uint32_t *xid, *fid, *sid, *gid; /* per row: x, facet, series and group (facet, x) ids
                                      * (x and facet ids only with a facet) */
    size_t *xfirst, *ffirst, *sfirst, *gfirst;
    size_t nx, nf, ns, ng;
    ic_error *err;
} reshape;

static int nomem(reshape *R)
{
    return ic_error_set(R->err, IC_ERR_NOMEM, R->spec->path, 0, 0, "out of memory");
}

/* What "one x value, one mark" means for the chart kind. */
static const char *one_mark(const char *kind)
{
    static const struct { const char *kind, *says; } marks[] = {
        { "bar", "a bar chart draws one bar per x value" },
        { "line", "a line chart draws one point per x value" },
        { "area", "an area chart draws one point per x value" },
        { "donut", "a donut chart draws one slice per x value" },
        { "pie", "a pie chart draws one slice per x value" },
        { "waffle", "a waffle chart draws one group of cells per x value" },
        { "dumbbell", "a dumbbell chart draws one row per x value" },
        { "stat", "a stat card reads one row per x value" },
    };
    for (size_t i = 0; i < sizeof marks / sizeof *marks; i++)
        if (strcmp(kind, marks[i].kind) == 0)
            return marks[i].says;
    return "the chart takes one row per x value";
}

/* How many series the chart kind draws when it takes a fixed number of
 * 'y' columns (0: any number), and how to say it. */
static size_t wanted_series(const char *kind)
{
    if (strcmp(kind, "dumbbell") == 0)
        return 2;
    return strcmp(kind, "donut") == 0 || strcmp(kind, "pie") == 0 || strcmp(kind, "waffle") == 0 ||
                   strcmp(kind, "stat") == 0
               ? 1
               : 0;
}

/* What the kind draws and what to do about more series, for the error. */
static void wanted_says(const char *kind, char *buf, size_t size)
{
    if (strcmp(kind, "dumbbell") == 0)
        snprintf(buf, size, "a dumbbell chart compares exactly 2 series (from and to): keep only the rows of the two "
                            "to compare");
    else
        snprintf(buf, size, "%s shows one series: make one chart per value with \"facet\", or leave out "
                            "\"series\" to combine the rows with \"aggregate\"",
                 strcmp(kind, "stat") == 0 ? "a stat card" : strcmp(kind, "waffle") == 0 ? "a waffle chart"
                 : strcmp(kind, "pie") == 0 ? "a pie chart" : "a donut chart");
}

/* A text column (not x, facet or 'y', no gaps) whose values tell apart
 * every pair of rows that share a facet and x value, with few enough values
 * to be series: what "series" would likely name. NULL when none; -1 in *rc when out of
 * memory. */
static const char *series_candidate(reshape *R, int *rc)
{
    const ic_table *t = R->t;
    uint32_t *cid = malloc((R->n ? R->n : 1) * sizeof *cid), *pid = malloc((R->n ? R->n : 1) * sizeof *pid);
    size_t *first = malloc((R->n ? R->n : 1) * sizeof *first);
    const char *found = NULL;
    *rc = 0;
    if (!cid || !pid || !first) {
        *rc = -1;
        goto done;
    }
    for (size_t j = 0; j < t->ncols && !found; j++) {
        int used = (int)j == R->xcol || (int)j == R->fcol;
        for (size_t i = 0; i < R->spec->ny; i++)
            used |= (int)j == R->ycol[i];
        if (used || t->cols[j].type != IC_COL_TEXT ||
            memchr(t->cols[j].missing, 1, R->n)) /* "series" wants a name on every row */
            continue;
        size_t nc, np;
        if (column_ids(&t->cols[j], 0, R->n, cid, first, &nc) != 0 || pair_ids(R->gid, cid, R->n, pid, first, &np) != 0) {
            *rc = -1;
            goto done;
        }
        if (nc >= 2 && nc <= IC_RESHAPE_MAX_SERIES && np == R->n)
            found = t->cols[j].name;
    }
done:
    free(cid);
    free(pid);
    free(first);
    return found;
}

/* x value of row `dup` seen before at row `first` (same facet value, and the
 * same series when `series` is not NULL), with no "aggregate". */
static int duplicate_error(reshape *R, size_t first, size_t dup, const char *series)
{
    const ic_column *xc = &R->t->cols[R->xcol];
    char cell[64], sname[64], also[200] = "";
    int line = ic_cell_position(xc, first).line;
    if (series)
        return ic_cell_error(R->err, IC_ERR_DATA, R->spec->data, xc, dup,
                             "column '%s': '%s' appears twice for series '%s' (first on line %d); %s and series: "
                             "add \"aggregate\" (\"sum\", \"mean\", \"median\", \"count\", \"min\" or \"max\") "
                             "to combine them",
                             xc->name, ic_clip(ic_cell_text(xc, dup), cell, sizeof cell),
                             ic_clip(series, sname, sizeof sname), line, one_mark(R->spec->chart));
    int rc;
    const char *cand = series_candidate(R, &rc);
    if (rc == 0 && xc->missing[dup])
        return ic_cell_error(R->err, IC_ERR_DATA, R->spec->data, xc, dup,
                             "column '%s': this row and line %d both have no x value; %s: give every row its x "
                             "value, or add \"aggregate\" to combine the rows that share one",
                             xc->name, line, one_mark(R->spec->chart));
    if (rc != 0)
        return nomem(R);
    if (cand)
        snprintf(also, sizeof also, ", or \"series\": \"%s\" if each of those rows belongs to another series",
                 ic_clip(cand, sname, sizeof sname));
    return ic_cell_error(R->err, IC_ERR_DATA, R->spec->data, xc, dup,
                         "column '%s': '%s' appears twice (first on line %d); %s: add \"aggregate\" (\"sum\", "
                         "\"mean\", \"median\", \"count\", \"min\" or \"max\") to combine the rows that share an x "
                         "value%s",
                         xc->name, ic_clip(ic_cell_text(xc, dup), cell, sizeof cell), line,
                         one_mark(R->spec->chart), also);
}

/* 'y' column `i` must hold numbers unless it is counted. */
static int check_y(reshape *R, size_t i)
{
    const ic_spec *spec = R->spec;
    const ic_column *c = &R->t->cols[R->ycol[i]];
    ic_pos pos = spec->pos_y[i];
    char name[64], cell[64];
    if (spec->aggregate != IC_AGG_COUNT && (R->ycol[i] == R->xcol || R->ycol[i] == R->scol || R->ycol[i] == R->fcol))
        return ic_error_set(R->err, IC_ERR_SPEC, spec->path, pos.line, pos.column,
                            "'y' column '%s' is also the x, series or facet column; only \"aggregate\": \"count\" "
                            "can use it as 'y' (to count its rows)",
                            ic_clip(c->name, name, sizeof name));
    if (spec->aggregate == IC_AGG_COUNT || c->type == IC_COL_NUMBER || c->type == IC_COL_YEAR)
        return 0;
    size_t r = ic_column_first_not(c, IC_COL_NUMBER);
    if (r >= R->n)
        return ic_error_set(R->err, IC_ERR_SPEC, spec->path, pos.line, pos.column,
                            "column '%s' has no values (every cell is empty or marks a missing value)",
                            ic_clip(c->name, name, sizeof name));
    ic_cell_pos at = ic_cell_position(c, r);
    return ic_error_set(R->err, IC_ERR_SPEC, spec->path, pos.line, pos.column,
                        "column '%s' is %s, not numbers: 'y' needs a number column (%s:%d:%d has '%s'); "
                        "\"aggregate\": \"count\" counts cells of any column",
                        ic_clip(c->name, name, sizeof name), ic_col_type_name(c->type), spec->data, at.line, at.col,
                        ic_clip(ic_cell_text(c, r), cell, sizeof cell));
}

/* Finds the columns the stage uses. Returns 1 when every one was found, 0
 * when the plain check should be skipped (a column the later checks will
 * report), -1 on error. */
static int find_columns(reshape *R)
{
    ic_spec *spec = R->spec;
    int full = spec->series || spec->aggregate != IC_AGG_NONE;
    R->xcol = ic_table_find(R->t, spec->x);
    R->scol = R->fcol = -1;
    for (size_t i = 0; i < spec->ny; i++)
        R->ycol[i] = ic_table_find(R->t, spec->y[i]);
    if (!full) {
        /* only x and facet matter; a wrong name is reported by ic_spec_check_columns */
        if (spec->facet && (R->fcol = ic_table_find(R->t, spec->facet)) < 0)
            return 0;
        return R->xcol >= 0 ? 1 : 0;
    }
    if ((R->xcol = ic_spec_find_column(spec, R->t, spec->x, spec->pos_x, R->err)) < 0)
        return -1;
    if (spec->series && (R->scol = ic_spec_find_column(spec, R->t, spec->series, spec->pos_series, R->err)) < 0)
        return -1;
    if (spec->series && R->scol == R->xcol)
        return ic_error_set(R->err, IC_ERR_SPEC, spec->path, spec->pos_series.line, spec->pos_series.column,
                            "'series' names the x column '%s'; it names the column whose values tell the series "
                            "apart", spec->x);
    if (spec->series && spec->ny != 1)
        return ic_error_set(R->err, IC_ERR_SPEC, spec->path, spec->pos_y[1].line, spec->pos_y[1].column,
                            "with \"series\", 'y' names the one column that holds the values (got %zu columns); "
                            "the series' names come from column '%s'", spec->ny, spec->series);
    for (size_t i = 0; i < spec->ny; i++)
        if ((R->ycol[i] = ic_spec_find_column(spec, R->t, spec->y[i], spec->pos_y[i], R->err)) < 0)
            return -1;
    if (spec->facet && (R->fcol = ic_spec_find_column(spec, R->t, spec->facet, spec->pos_facet, R->err)) < 0)
        return -1;
    for (size_t i = 0; i < spec->ny; i++)
        if (check_y(R, i) != 0)
            return -1;
    return 1;
}

/* Groups the rows by facet and x value (and numbers the series). */
static int group_rows(reshape *R)
{
    size_t n = R->n, k = n ? n : 1;
    R->gid = malloc(k * sizeof *R->gid);
    R->gfirst = malloc(k * sizeof *R->gfirst);
    if (!R->gid || !R->gfirst)
        return nomem(R);
    if (R->fcol < 0) { /* without facets the groups are the x values */
        if (column_ids(&R->t->cols[R->xcol], 1, n, R->gid, R->gfirst, &R->ng) != 0)
            return nomem(R);
    } else {
        R->xid = malloc(k * sizeof *R->xid);
        R->fid = malloc(k * sizeof *R->fid);
        R->xfirst = malloc(k * sizeof *R->xfirst);
        R->ffirst = malloc(k * sizeof *R->ffirst);
        if (!R->xid || !R->fid || !R->xfirst || !R->ffirst ||
            column_ids(&R->t->cols[R->xcol], 1, n, R->xid, R->xfirst, &R->nx) != 0 ||
            column_ids(&R->t->cols[R->fcol], 0, n, R->fid, R->ffirst, &R->nf) != 0 ||
            pair_ids(R->fid, R->xid, n, R->gid, R->gfirst, &R->ng) != 0)
            return nomem(R);
    }
    if (R->scol < 0)
        return 0;
    const ic_column *sc = &R->t->cols[R->scol];
    for (size_t r = 0; r < n; r++)
        if (sc->missing[r])
            return ic_cell_error(R->err, IC_ERR_DATA, R->spec->data, sc, r,
                                 "column '%s': this row names no series; with \"series\" every row needs one",
                                 sc->name);
    R->sid = malloc(k * sizeof *R->sid);
    R->sfirst = malloc(k * sizeof *R->sfirst);
    if (!R->sid || !R->sfirst || column_ids(sc, 0, n, R->sid, R->sfirst, &R->ns) != 0)
        return nomem(R);
    if (R->ns > IC_RESHAPE_MAX_SERIES)
        return ic_error_set(R->err, IC_ERR_LIMIT, R->spec->path, R->spec->pos_series.line,
                            R->spec->pos_series.column,
                            "'series': column '%s' has %zu distinct values, more than the %d series a chart can "
                            "show; keep fewer rows, or make one chart per value with \"facet\"",
                            R->spec->series, R->ns, IC_RESHAPE_MAX_SERIES);
    /* kinds that draw a fixed number of 'y' columns say so here, in terms of
     * the series (their own check would count 'y' columns the spec lacks) */
    size_t want = wanted_series(R->spec->chart);
    if (want && R->ns != want) {
        char says[200];
        wanted_says(R->spec->chart, says, sizeof says);
        return ic_error_set(R->err, IC_ERR_DATA, R->spec->path, R->spec->pos_series.line,
                            R->spec->pos_series.column, "'series': column '%s' has %zu distinct values; %s",
                            R->spec->series, R->ns, says);
    }
    for (size_t s = 0; s < R->ns; s++) {
        const char *name = ic_cell_text(sc, R->sfirst[s]);
        if (ic_table_find(R->t, name) >= 0) {
            char tmp[64];
            return ic_cell_error(R->err, IC_ERR_DATA, R->spec->data, sc, R->sfirst[s],
                                 "column '%s': series '%s' has the name of a column of the table; rename that "
                                 "column or the series",
                                 sc->name, ic_clip(name, tmp, sizeof tmp));
        }
    }
    return 0;
}

/* Without "series" or "aggregate": the first x value seen twice (within a
 * facet value) is an error. */
static int check_unique(reshape *R)
{
    if (R->ng == R->n)
        return 0;
    /* the first row whose group started earlier */
    for (size_t r = 0; r < R->n; r++)
        if (R->gfirst[R->gid[r]] != r)
            return duplicate_error(R, R->gfirst[R->gid[r]], r, NULL);
    return 0;
}

/* ---- combining -------------------------------------------------------------- */

/* One cell of the wide table: the rows of a group and series (or 'y'
 * column). */
typedef struct acc {
    size_t first;           /* first row (SIZE_MAX: none) */
    uint32_t rows, present; /* rows, and rows whose cell holds a value */
    int decimals;           /* most decimals among the values as written (-1: unknown) */
    double sum, comp;       /* sum / mean: Neumaier's compensated sum; min / max: the extreme */
} acc;

/* Digits after the decimal separator `dec` in a number as written ("3.25"
 * 2, "1,5%" with ',' 1, "7" 0); -1 for an exponent ("1e-3"). */
static int decimals_of(const char *s, char dec)
{
    const char *p = strchr(s, dec);
    if (strpbrk(s, "eE"))
        return -1;
    int n = 0;
    while (p && p[n + 1] >= '0' && p[n + 1] <= '9')
        n++;
    return n;
}

/* Adds `v` to the compensated sum. */
static void add(acc *a, double v)
{
    double t = a->sum + v;
    if (fabs(a->sum) >= fabs(v))
        a->comp += (a->sum - t) + v;
    else
        a->comp += (v - t) + a->sum;
    a->sum = t;
}

/* The column the row's value for slot `v` comes from. */
static const ic_column *slot_column(const reshape *R, size_t v)
{
    return &R->t->cols[R->ycol[R->scol >= 0 ? 0 : v]];
}

/* Whether cell `r` of `c` counts as a value for the aggregate. */
static int present(const reshape *R, const ic_column *c, size_t r)
{
    return R->spec->aggregate == IC_AGG_COUNT ? !c->missing[r] : !c->missing[r] && !isnan(c->value[r]);
}

/* Fills cells[g * nv + v] from every row. */
static int accumulate(reshape *R, acc *cells, size_t nv)
{
    ic_aggregate agg = R->spec->aggregate;
    for (size_t r = 0; r < R->n; r++) {
        size_t v0 = R->scol >= 0 ? R->sid[r] : 0, v1 = R->scol >= 0 ? v0 + 1 : nv;
        for (size_t v = v0; v < v1; v++) {
            acc *a = &cells[R->gid[r] * nv + v];
            if (a->rows > 0 && agg == IC_AGG_NONE)
                return duplicate_error(R, a->first, r, ic_cell_text(&R->t->cols[R->scol], r));
            if (a->rows++ == 0)
                a->first = r;
            const ic_column *c = slot_column(R, v);
            if (!present(R, c, r))
                continue;
            double x = c->value[r];
            if (agg == IC_AGG_SUM || agg == IC_AGG_MEDIAN) {
                int d = decimals_of(ic_cell_text(c, r), R->t->decimal ? R->t->decimal : '.');
                a->decimals = a->present == 0 || (a->decimals >= 0 && d > a->decimals) || d < 0 ? d : a->decimals;
            }
            a->present++;
            if (agg == IC_AGG_SUM || agg == IC_AGG_MEAN)
                add(a, x);
            else if (agg == IC_AGG_MIN)
                a->sum = a->present == 1 || x < a->sum ? x : a->sum;
            else if (agg == IC_AGG_MAX)
                a->sum = a->present == 1 || x > a->sum ? x : a->sum;
        }
    }
    return 0;
}

/* "median": each cell's values gathered and sorted; the middle one, or the
 * mean of the two middle ones for an even count. */
static int medians(reshape *R, acc *cells, size_t ncells, size_t nv)
{
    size_t *off = malloc((ncells + 1) * sizeof *off), *fill = malloc((ncells ? ncells : 1) * sizeof *fill);
    double *vals = malloc((R->n ? R->n : 1) * sizeof *vals);
    if (!off || !fill || !vals) {
        free(off);
        free(fill);
        free(vals);
        return nomem(R);
    }
    off[0] = 0;
    for (size_t k = 0; k < ncells; k++)
        off[k + 1] = off[k] + cells[k].present;
    memcpy(fill, off, ncells * sizeof *fill);
    for (size_t r = 0; r < R->n; r++) {
        size_t v0 = R->scol >= 0 ? R->sid[r] : 0, v1 = R->scol >= 0 ? v0 + 1 : nv;
        for (size_t v = v0; v < v1; v++) {
            const ic_column *c = slot_column(R, v);
            if (present(R, c, r))
                vals[fill[R->gid[r] * nv + v]++] = c->value[r];
        }
    }
    for (size_t k = 0; k < ncells; k++) {
        size_t m = cells[k].present;
        double *v = vals + off[k];
        if (m == 0)
            continue;
        qsort(v, m, sizeof *v, ic_compare_doubles);
        /* halves added separately: no overflow near the largest doubles */
        cells[k].sum = m % 2 ? v[m / 2] : v[m / 2 - 1] / 2 + v[m / 2] / 2;
    }
    free(off);
    free(fill);
    free(vals);
    return 0;
}

/* A computed value without the noise of binary arithmetic, as people would
 * write it: at most `decimals` decimals (when >= 0: a sum has no more
 * decimals than its parts, so 0.1 + 0.2 is 0.3 and 0.1 + 0.2 - 0.3 is 0),
 * and 15 significant digits. Its text into `buf`. */
static double tidy(double v, int decimals, char *buf, size_t size)
{
    if (decimals >= 0 && decimals <= 15) {
        double p = pow(10, decimals);
        if (fabs(v) * p < 4503599627370496.0) /* 2^52: whole numbers stay exact */
            v = round(v * p) / p;
    }
    snprintf(buf, size, "%.15g", v);
    v = strtod(buf, NULL);
    if (v == 0) /* never "-0" */
        snprintf(buf, size, "0"), v = 0;
    return v;
}

/* ---- the new table ---------------------------------------------------------- */

/* Starts column `c` of `w`: the properties of `like` (the column it stands
 * for, may be NULL: header position, percent signs, date spacing ...), with
 * its own name, type and no cells yet. */
static int col_start(ic_column *c, ic_table *w, const char *name, const ic_column *like, ic_col_type type)
{
    size_t k = w->nrows ? w->nrows : 1;
    if (like)
        *c = *like;
    if (!like || type != like->type) { /* not the same dates */
        c->date_res = IC_RES_NONE;
        c->date_utc = 0;
    }
    c->name = ic_strdup(name);
    c->type = type;
    c->table = w;
    c->textless = 0; /* keeps texts (col_put), whatever `like` does */
    c->decimals = -1;
    c->gap = NULL;
    c->nchars = 0;
    c->chars_cap = 64;
    c->chars = malloc(c->chars_cap);
    c->start = malloc(k * sizeof *c->start);
    c->value = malloc(k * sizeof *c->value);
    c->missing = malloc(k);
    return c->name && c->chars && c->start && c->value && c->missing ? 0 : -1;
}

static int col_put(ic_column *c, size_t i, const char *text, double value, int missing)
{
    size_t len = strlen(text) + 1;
    if (c->nchars + len > UINT32_MAX)
        return -1;
    if (c->nchars + len > c->chars_cap) {
        size_t cap = c->chars_cap;
        while (cap < c->nchars + len)
            cap *= 2;
        char *grown = realloc(c->chars, cap);
        if (!grown)
            return -1;
        c->chars = grown;
        c->chars_cap = cap;
    }
    memcpy(c->chars + c->nchars, text, len);
    c->start[i] = (uint32_t)c->nchars;
    c->nchars += len;
    c->value[i] = value;
    c->missing[i] = (unsigned char)missing;
    return 0;
}

/* Writes the combined cell `a` as row `g` of `out`, from column `src`. */
static int put_cell(const reshape *R, ic_column *out, size_t g, const acc *a, const ic_column *src)
{
    ic_aggregate agg = R->spec->aggregate;
    char text[40];
    if (agg == IC_AGG_COUNT) {
        snprintf(text, sizeof text, "%u", (unsigned)a->present);
        return col_put(out, g, text, a->present, 0);
    }
    if (a->rows == 0 || (agg != IC_AGG_NONE && a->present == 0))
        return col_put(out, g, "", NAN, 1); /* no value: a gap, never 0 */
    if (a->rows == 1 || agg == IC_AGG_NONE) /* one row: its own text */
        return col_put(out, g, ic_cell_text(src, a->first), src->value[a->first], src->missing[a->first]);
    double v = agg == IC_AGG_MEAN ? (a->sum + a->comp) / a->present : agg == IC_AGG_SUM ? a->sum + a->comp : a->sum;
    int decimals = agg == IC_AGG_SUM ? a->decimals
                   : agg == IC_AGG_MEDIAN && a->decimals >= 0 && a->present % 2 == 0 ? a->decimals + 1
                   : agg == IC_AGG_MEDIAN ? a->decimals : -1;
    v = tidy(v, decimals, text, sizeof text);
    return col_put(out, g, text, v, 0);
}

/* A column name neither in `t` nor among names[0..n) (NULLs skipped):
 * "count", "count 2"... */
static char *free_name(const ic_table *t, char *const *names, size_t n, const char *base)
{
    char *name = ic_strdup(base);
    for (int k = 2; name; k++) {
        int taken = ic_table_find(t, name) >= 0;
        for (size_t i = 0; i < n && !taken; i++)
            taken = names[i] && strcmp(names[i], name) == 0;
        if (!taken)
            break;
        free(name);
        name = ic_asprintf("%s %d", base, k);
    }
    return name;
}

/* Builds the wide table and the new 'y' names (and a note to add to the
 * table, or NULL). Returns the table, or NULL with an error. */
static ic_table *build(reshape *R, char ***new_y, char **note)
{
    ic_spec *spec = R->spec;
    const ic_table *t = R->t;
    ic_aggregate agg = spec->aggregate;
    size_t nv = R->scol >= 0 ? R->ns : spec->ny, ng = R->ng;
    if (ng > 0 && nv > spec->limits.rows / ng) {
        ic_pos at = R->scol >= 0 ? spec->pos_series : spec->pos_aggregate;
        ic_error_set(R->err, IC_ERR_LIMIT, spec->path, at.line, at.column,
                     "the combined table would have %zu rows of %zu values, more than the limit of %zu cells "
                     "(limit 'rows')", ng, nv, spec->limits.rows);
        return NULL;
    }
    size_t ncells = ng * nv;
    acc *cells = malloc((ncells ? ncells : 1) * sizeof *cells);
    ic_table *w = calloc(1, sizeof *w);
    char **names = calloc(nv ? nv : 1, sizeof *names);
    if (!cells || !w || !names)
        goto nomem;
    for (size_t k = 0; k < ncells; k++)
        cells[k] = (acc){ SIZE_MAX, 0, 0, -1, 0, 0 };
    if (accumulate(R, cells, nv) != 0 || (agg == IC_AGG_MEDIAN && medians(R, cells, ncells, nv) != 0))
        goto fail;

    /* columns counted in place would overwrite x or facet: counted into a new one */
    int *append = calloc(nv ? nv : 1, sizeof *append);
    if (!append)
        goto nomem;
    size_t extra = R->scol >= 0 ? nv : 0;
    for (size_t v = 0; R->scol < 0 && v < nv; v++)
        if (R->ycol[v] == R->xcol || R->ycol[v] == R->fcol)
            append[v] = (int)(t->ncols + extra++);
    w->nrows = ng;
    w->ncols = t->ncols + extra;
    w->cols = calloc(w->ncols ? w->ncols : 1, sizeof *w->cols);
    w->source_rows = malloc((ng ? ng : 1) * sizeof *w->source_rows);
    if (!w->cols || !w->source_rows) {
        free(append);
        goto nomem;
    }
    for (size_t g = 0; g < ng; g++)
        w->source_rows[g] = t->source_rows ? t->source_rows[R->gfirst[g]] : R->gfirst[g];

    int rc = 0;
    /* the CSV's columns, each cell from its group's first row, except the
     * 'y' columns combined in place */
    for (size_t j = 0; j < t->ncols && rc == 0; j++) {
        const ic_column *a = &t->cols[j];
        ic_column *b = &w->cols[j];
        long slot = -1;
        for (size_t v = 0; R->scol < 0 && v < nv; v++)
            if (R->ycol[v] == (int)j && !append[v])
                slot = (long)v;
        ic_col_type type = slot >= 0 && agg != IC_AGG_NONE && a->type != IC_COL_NUMBER ? IC_COL_NUMBER : a->type;
        rc = col_start(b, w, a->name, a, type);
        if (slot >= 0 && agg == IC_AGG_COUNT)
            b->has_percent = 0;
        for (size_t g = 0; g < ng && rc == 0; g++) {
            if (slot >= 0)
                rc = put_cell(R, b, g, &cells[g * nv + (size_t)slot], a);
            else
                rc = col_put(b, g, ic_cell_text(a, R->gfirst[g]), a->value[R->gfirst[g]], a->missing[R->gfirst[g]]);
        }
    }
    /* one column per series, or the counts of x or facet */
    for (size_t v = 0; v < nv && rc == 0; v++) {
        if (R->scol < 0 && !append[v]) {
            names[v] = ic_strdup(spec->y[v]);
            rc = names[v] ? 0 : -1;
            continue;
        }
        const ic_column *src = slot_column(R, v);
        ic_column *b = &w->cols[R->scol >= 0 ? t->ncols + v : (size_t)append[v]];
        names[v] = R->scol >= 0 ? ic_strdup(ic_cell_text(&t->cols[R->scol], R->sfirst[v])) : free_name(t, names, nv, "count");
        rc = names[v] ? col_start(b, w, names[v], src, IC_COL_NUMBER) : -1;
        if (rc == 0)
            /* a series column, named by a value, keeps what the 'y' name said */
            b->has_percent = agg != IC_AGG_COUNT && (src->has_percent || ic_name_says_percent(src->name));
        for (size_t g = 0; g < ng && rc == 0; g++)
            rc = put_cell(R, b, g, &cells[g * nv + v], src);
    }
    free(append);
    if (rc != 0)
        goto nomem;

    /* "sum" over rows some of which are gaps gives a total of fewer parts than
     * it seems to: said once, at the first such gap */
    if (agg == IC_AGG_SUM) {
        size_t partial = 0, at = SIZE_MAX, at_v = 0;
        for (size_t k = 0; k < ncells; k++)
            partial += cells[k].present > 0 && cells[k].present < cells[k].rows;
        for (size_t r = 0; partial && r < R->n && at == SIZE_MAX; r++) {
            size_t v0 = R->scol >= 0 ? R->sid[r] : 0, v1 = R->scol >= 0 ? v0 + 1 : nv;
            for (size_t v = v0; v < v1 && at == SIZE_MAX; v++)
                if (!present(R, slot_column(R, v), r) && cells[R->gid[r] * nv + v].present > 0) {
                    at = r;
                    at_v = v;
                }
        }
        if (at != SIZE_MAX) {
            const ic_column *c = slot_column(R, at_v);
            ic_cell_pos p = ic_cell_position(c, at);
            *note = ic_asprintf("%s:%d:%d: warning: column '%s' is empty here; \"aggregate\": \"sum\" adds only "
                                "the values present, so %zu %s that %s empty cells may be too low",
                                t->path, p.line, p.col, c->name, partial, partial == 1 ? "total" : "totals",
                                partial == 1 ? "includes" : "include");
            if (!*note)
                goto nomem;
        }
    }
    free(cells);
    *new_y = names;
    return w;
nomem:
    nomem(R);
fail:
    free(cells);
    for (size_t v = 0; names && v < nv; v++)
        free(names[v]);
    free(names);
    ic_table_free(w);
    return NULL;
}

/* 1 when every x value is a value (no gaps, no text) and each is larger
 * than the one before: the usual time series, where no value can appear
 * twice. Costs no memory, so a million-row line is not grouped for nothing. */
static int strictly_increasing(const reshape *R)
{
    const ic_column *c = &R->t->cols[R->xcol];
    for (size_t r = 0; r < R->n; r++)
        if (!keyed_by_value(c, r) || (r > 0 && !(c->value[r - 1] < c->value[r])))
            return 0;
    return 1;
}

int ic_reshape(ic_spec *spec, ic_table **table, ic_error *err)
{
    reshape R = { .spec = spec, .t = *table, .n = (*table)->nrows, .err = err };
    int rc = -1;
    R.ycol = calloc(spec->ny ? spec->ny : 1, sizeof *R.ycol);
    if (!R.ycol) {
        nomem(&R);
        goto done;
    }
    if (R.n > UINT32_MAX - 1) { /* ids are 32-bit */
        ic_error_set(err, IC_ERR_LIMIT, spec->path, 0, 0, "more than %u rows cannot be grouped", UINT32_MAX - 1);
        goto done;
    }
    int found = find_columns(&R);
    if (found <= 0) {
        rc = found;
        goto done;
    }
    if (!spec->series && spec->aggregate == IC_AGG_NONE && R.fcol < 0 && strictly_increasing(&R)) {
        rc = 0;
        goto done;
    }
    if (group_rows(&R) != 0)
        goto done;
    if (!spec->series && spec->aggregate == IC_AGG_NONE) {
        rc = check_unique(&R);
        goto done;
    }
    char **names = NULL, *note = NULL;
    ic_table *w = build(&R, &names, &note);
    if (!w)
        goto done;
    size_t ny = R.scol >= 0 ? R.ns : spec->ny;
    ic_pos *pos = malloc((ny ? ny : 1) * sizeof *pos);
    if (!pos || (note && ic_table_note(*table, "%s", note) != 0)) {
        free(pos);
        free(note);
        for (size_t i = 0; i < ny; i++)
            free(names[i]);
        free(names);
        ic_table_free(w);
        nomem(&R);
        goto done;
    }
    free(note);
    for (size_t i = 0; i < ny; i++)
        pos[i] = spec->pos_y[R.scol >= 0 ? 0 : i];
    /* nothing can fail from here: the new table takes what the old one
     * owned besides its cells, notes included */
    ic_table *old = *table;
    w->path = old->path;
    w->source = old->source;
    w->source_len = old->source_len;
    ic_table_copy_reading(w, old);
    w->notes = old->notes;
    w->nnotes = old->nnotes;
    old->path = NULL;
    old->source = NULL;
    old->notes = NULL;
    old->nnotes = 0;
    ic_table_free(old);
    *table = w;
    for (size_t i = 0; i < spec->ny; i++)
        free(spec->y[i]);
    free(spec->y);
    free(spec->pos_y);
    spec->y = names;
    spec->pos_y = pos;
    spec->ny = ny;
    rc = 0;
done:
    free(R.ycol);
    free(R.xid);
    free(R.fid);
    free(R.sid);
    free(R.gid);
    free(R.xfirst);
    free(R.ffirst);
    free(R.sfirst);
    free(R.gfirst);
    return rc;
}

int ic_reshape_facet_spec(ic_spec *facet, const ic_spec *whole, const ic_table *table, int keep_all, ic_error *err)
{
    if (!whole->series && whole->aggregate == IC_AGG_NONE)
        return 0;
    char **y = calloc(whole->ny ? whole->ny : 1, sizeof *y);
    ic_pos *pos = malloc((whole->ny ? whole->ny : 1) * sizeof *pos);
    size_t ny = 0;
    if (!y || !pos)
        goto nomem;
    for (int pass = 0; pass < 2 && ny == 0; pass++)
        for (size_t i = 0; i < whole->ny; i++) {
            int col = ic_table_find(table, whole->y[i]);
            int has = keep_all || pass == 1 || whole->aggregate == IC_AGG_COUNT || col < 0;
            for (size_t r = 0; !has && r < table->nrows; r++)
                has = !isnan(table->cols[col].value[r]);
            if (!has)
                continue; /* a series with no row in this facet */
            if (!(y[ny] = ic_strdup(whole->y[i])))
                goto nomem;
            pos[ny++] = whole->pos_y[i];
        }
    /* a highlighted series without rows here is simply not drawn */
    size_t kept = 0;
    for (size_t h = 0; h < facet->nhighlight; h++) {
        int dropped = 0;
        for (size_t i = 0; i < whole->ny && !dropped; i++)
            dropped = strcmp(facet->highlight[h], whole->y[i]) == 0;
        for (size_t i = 0; i < ny && dropped; i++)
            dropped = strcmp(facet->highlight[h], y[i]) != 0;
        if (dropped) {
            free(facet->highlight[h]);
            continue;
        }
        facet->pos_highlight[kept] = facet->pos_highlight[h];
        facet->highlight[kept++] = facet->highlight[h];
    }
    facet->nhighlight = kept;
    for (size_t i = 0; i < facet->ny; i++)
        free(facet->y[i]);
    free(facet->y);
    free(facet->pos_y);
    facet->y = y;
    facet->pos_y = pos;
    facet->ny = ny;
    return 0;
nomem:
    for (size_t i = 0; y && i < ny; i++)
        free(y[i]);
    free(y);
    free(pos);
    return ic_error_set(err, IC_ERR_NOMEM, whole->path, 0, 0, "out of memory");
}
