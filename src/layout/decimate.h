/* M4 decimation of a polyline for drawing: of the points that fall in one
 * device pixel column, keep the first, the lowest, the highest and the last
 * (in x order). The line then covers the same pixels as the full line, with
 * at most four points per column, so a million-point series draws fast and
 * SVG/PDF files stay small. (Jugel et al., "M4: A Visualization-Oriented
 * Time Series Data Aggregation", VLDB 2014.) */
#ifndef IC_LAYOUT_DECIMATE_H
#define IC_LAYOUT_DECIMATE_H

#include <stddef.h>

/* Decimates `np` points (x, y pairs in `pts`, sorted by x) in place. Pixel
 * columns are `1 / scale` scene units wide, starting at `x0`. Returns the
 * number of points kept. */
size_t ic_m4_decimate(double *pts, size_t np, double x0, double scale);

#endif
