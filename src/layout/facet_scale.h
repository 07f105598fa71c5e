/* What the facets of one spec share (its "facet_scale": "shared", the
 * default): the value extent over every facet's values, one number format
 * for all of them, one category order, and the frame texts of every facet,
 * so each facet reserves the tallest header and footer and all panels get
 * the same plot rectangle. Built once when the faceted chart is loaded,
 * read-only afterwards (facets laid out in parallel threads read it),
 * shared by reference between the chart and its facets. */
#ifndef IC_LAYOUT_FACET_SCALE_H
#define IC_LAYOUT_FACET_SCALE_H

#include "layout/format.h"
#include "layout/layout.h"

/* The frame texts of at most this many facets are measured by every facet
 * (all of them when there are no more; otherwise the facets whose texts are
 * longest in bytes), so a spec of thousands of facets does not make each
 * facet wrap thousands of titles. */
#define IC_FACET_MEASURED 64

typedef struct ic_facet_share {
    int refs;           /* references (ic_facet_share_ref), changed atomically */
    ic_table *table;    /* every facet's rows: the chart's whole (reshaped) table */
    double lo, hi;      /* the value extent over all facets (stack totals and
                         * line annotations included); NAN when none */
    size_t ntexts;      /* frame texts of the facets measured (IC_FACET_MEASURED) */
    char **titles, **subtitles, **notes; /* [ntexts]; an entry may be NULL */
    size_t nfacets;
    size_t *rows;       /* facet 0's rows of `table`, then facet 1's, ...: each
                         * facet's in the order its categories first appear
                         * over the whole table, or with "sort" by their
                         * totals over all facets (rows of one category in
                         * row order), so every panel lists them alike */
    unsigned char *gap; /* parallel to rows: 1 for a category the facet has no
                         * row of, drawn as a gap ("no data") so every panel
                         * has every category; `rows` then names a row of
                         * that category (from another facet) */
    size_t *start;      /* [nfacets + 1] where each facet's rows start in rows */
    int any_gap;        /* some facet has a gap: a gap row, or a gap in a value column */
    int *ycols;         /* [nycols] the value columns of `table` (blanked for gaps) */
    size_t nycols;
} ic_facet_share;

/* The share of a faceted `spec` (after reshaping and digit conversion) with
 * its whole `table` (copied) and facet values `values[0..n)`, whose
 * `file_parts` name their outputs; facet i has rows
 * `rows[start[i] .. start[i + 1])` of `table`. Free with
 * ic_facet_share_free; NULL with `err` set when out of memory. */
ic_facet_share *ic_facet_share_new(const ic_spec *spec, const ic_table *table, char *const *values,
                                   char *const *file_parts, size_t n, const size_t *rows, const size_t *start,
                                   ic_error *err);

/* Facet i's rows of s->table as a table of its own (in s->rows' order, a
 * category it has no row of as a row whose values are gaps).
 * Free with ic_table_free; NULL with `err` set when out of memory. */
ic_table *ic_facet_share_table(const ic_facet_share *s, size_t i, ic_error *err);
/* Another reference to `s` (NULL stays NULL). */
ic_facet_share *ic_facet_share_ref(ic_facet_share *s);
/* Drops a reference; the last one frees. NULL is a no-op. */
void ic_facet_share_free(ic_facet_share *s);

/* Widens the value range *lo..*hi a kind computed from its own facet's
 * values to the extent over all facets (nothing without a share, or with
 * a 100 % stack, whose axis is 0..100 anyway). */
void ic_facet_extend(const ic_layout *L, double *lo, double *hi);

/* The number format for the values of L->table's columns `cols`: resolved
 * over every facet's values when the facets share scales (so "38%" in one
 * panel is not "38.0%" in another), else over L->table's own. */
ic_numfmt ic_facet_numfmt(const ic_layout *L, const int *cols, size_t ncols);

/* The widest of every facet's values of L->table's column `col` (the
 * namesake column of the whole table), written with `fmt` in `font` at
 * `size`, and of `gap_text` (in the regular font; NULL: none) when some
 * facet has a gap there: room kinds keep for a value label, so it is the
 * same in every facet. 0 without a share. */
double ic_facet_widest_value(const ic_layout *L, int col, const ic_numfmt *fmt, ic_font_style font, double size,
                             const char *gap_text);

/* The tallest height `measure(L, text, ctx)` gives over every measured
 * facet's text (`which`: 0 title, 1 subtitle, 2 note), at least `own`.
 * Without a share, `own`. */
double ic_facet_tallest(ic_layout *L, int which, double own,
                        double (*measure)(ic_layout *L, const char *text, void *ctx), void *ctx);

#endif
