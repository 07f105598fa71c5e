/* M4 decimation of a polyline for drawing: of the points that fall in one
 * device pixel column, keep the first, the lowest, the highest and the last
 * (in x order). The line then covers the same pixels as the full line, with
 * at most four points per column, so a million-point series draws fast and
 * SVG/PDF files stay small. (Jugel et al., "M4: A Visualization-Oriented
 * Time Series Data Aggregation", VLDB 2014.)
 *
 * Points are fed one at a time, so the full series never has to be held as
 * a polyline: memory is four points per pixel column. */
#ifndef IC_LAYOUT_DECIMATE_H
#define IC_LAYOUT_DECIMATE_H

#include <stddef.h>

typedef struct ic_m4 {
    double x0, scale;   /* pixel columns are 1 / scale units wide, from x0 */
    int decimate;       /* 0: every point is kept */
    double *pts;        /* the kept points (x, y pairs) */
    size_t n, cap;
    /* the pixel column being filled: its first, lowest, highest and last point */
    size_t count;       /* points added so far */
    int open;
    double col;
    double p[4][2];
    size_t at[4];       /* their numbers among the points added */
} ic_m4;

/* Starts an empty polyline; with `decimate` 0 every point is kept. */
void ic_m4_init(ic_m4 *m, double x0, double scale, int decimate);
/* Adds the next point (in x order). Returns 0, or -1 when out of memory. */
int ic_m4_add(ic_m4 *m, double x, double y);
/* Flushes the last pixel column; then m->pts[0 .. 2 * m->n) holds the
 * polyline. Returns 0 or -1 (out of memory). */
int ic_m4_finish(ic_m4 *m);
/* Empties the polyline, keeping its memory. */
void ic_m4_clear(ic_m4 *m);
void ic_m4_free(ic_m4 *m);

#endif
