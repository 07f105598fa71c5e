/* Reduced reading for line charts (issue 11 item 8): while the CSV is read,
 * the rows kept in memory are thinned now and then to the rows an M4
 * reduction of (x, y1..yn) needs, so a 10,000,000-row line takes memory for
 * a few tens of thousands of rows.
 *
 * Buckets of x of width w start at the first x (x0 + k w). Per bucket the
 * first, last, lowest and highest row of every y series are kept; every row
 * with a gap in a y series is kept with the rows next to it, so the line
 * breaks where it did. The rows the y values' number format is chosen from
 * are kept too (see reduce.c, keep_format_rows). When x outruns 2 x `buckets` buckets, w doubles: the
 * coarser grid's boundaries are boundaries of the finer one, so the M4 of
 * the kept rows of two merged buckets is the M4 of all their rows. With at
 * least `buckets` (4 x the canvas width in pixels) buckets over the x range,
 * each bucket is at most a quarter of a pixel column wide, and the per-pixel
 * M4 of the line (layout/decimate.c) draws the same pixels from the kept
 * rows as from all of them. Needs x strictly increasing with no gaps: the
 * reader reads the file again the ordinary way otherwise (data/csv.c). */
#ifndef IC_DATA_REDUCE_H
#define IC_DATA_REDUCE_H

#include <stddef.h>
#include "data/table.h"

/* What ic_csv_options.reduce asks for. */
typedef struct ic_reduce_options {
    const char *x;             /* the x column (borrowed) */
    const char *const *y;      /* the y columns [ny] (borrowed) */
    size_t ny;
    size_t buckets;            /* at least this many buckets over the x range (> 0) */
    size_t from_rows;          /* the first thinning comes only once more rows than this are kept
                                * (at least 65,536 and 4 x buckets x (2 + 2 ny)): tables up
                                * to that size are read whole */
} ic_reduce_options;

/* The reducer's running state (kept by the CSV reader). */
typedef struct ic_reducer {
    size_t xcol;
    size_t *ycols;             /* [ny] */
    size_t ny;
    size_t buckets;
    double x0, w;              /* the bucket grid; w = 0 until the first thinning */
    size_t head_rows, head;    /* the first head_rows rows are all kept: until the first y has
                                * IC_REDUCE_HEAD values (head of them so far) */
} ic_reducer;

/* What charts/chart.c asks for: buckets per device pixel column, and the
 * rows read whole (so every chart of up to 1,000,000 rows is drawn exactly
 * as from all its rows; a reduced line may differ from the whole one in the
 * antialiasing of some pixels, bench/README.md) */
#define IC_REDUCE_PER_PIXEL 32
#define IC_REDUCE_FROM_ROWS 1000000

#define IC_REDUCE_HEAD 4096   /* layout/format.c's TYPICAL_SAMPLE */

/* Thins rows [0, t->nrows) of `t` in place (every column textless: value[],
 * missing[] and source_rows[] are moved; missing[] may be NULL) to the rows
 * the M4 buckets need (see above). x must be strictly increasing. Returns
 * the rows kept, or -1 (SIZE_MAX) when out of memory (t unchanged). */
size_t ic_reduce_rows(ic_reducer *r, ic_table *t);

#endif
