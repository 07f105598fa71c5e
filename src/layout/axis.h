/* The value axis shared by every kind with one (bars, columns, lines,
 * dumbbells): nice ticks chosen so that their labels fit, the mapping from
 * values to positions, and the drawing of gridlines and tick labels with the
 * layout's type scale and stroke widths. */
#ifndef IC_LAYOUT_AXIS_H
#define IC_LAYOUT_AXIS_H

#include "layout/format.h"
#include "layout/layout.h"

#define IC_AXIS_MAX_TICKS 16

typedef struct ic_axis {
    int vertical;   /* values run up the canvas, labels left of the plot */
    double lo, hi;  /* the values at the two ends of the axis */
    double size;    /* tick label size */
    double gap;     /* between a tick label and the plot */
    double step;
    size_t n;
    double value[IC_AXIS_MAX_TICKS];
    char text[IC_AXIS_MAX_TICKS][64];
    double width[IC_AXIS_MAX_TICKS];
    double widest;  /* the widest label */
} ic_axis;

/* Chooses nice ticks for values lo..hi along `length` scene units, as many
 * as fit (at most `max_ticks`): labels side by side keep a gap between them
 * (horizontal), or stay a line and a half apart (vertical), with room for a
 * label at an end to be pushed inside the plot (ic_axis_draw). `extend` widens
 * lo..hi to the outer ticks (a line's value axis); otherwise ticks outside
 * lo..hi are dropped. Labels are formatted with `fmt` at the step's
 * precision. Compact numbers carry their unit word once, on the highest
 * tick, in its long form ("25 million") or, on an axis too short for it,
 * its short form ("25M"): `fmt->short_units` is set to the form chosen, so
 * the value labels of the same measure, written with `fmt` afterwards,
 * match the axis ("24.3M" beside "25M"). Returns 0, or 1 when not even two
 * ticks fit (the axis then holds the two-tick choice). */
int ic_axis_choose(const ic_layout *L, ic_axis *a, double lo, double hi, double length, int vertical, int extend,
                   int max_ticks, ic_numfmt *fmt);

/* Where an axis sits once the plot is placed. Positions are x for a
 * horizontal axis and y (growing down) for a vertical one. */
typedef struct ic_axis_place {
    double p0, p1;      /* positions of a->lo and a->hi */
    double c0, c1;      /* gridlines run from c0 to c1 across the plot */
    double label;       /* horizontal: top of the labels; vertical: their right edge */
    double min, max;    /* each label's box stays within min..max along the axis */
    double no_grid_at;  /* no gridline at this value (the baseline's); NAN for none */
    int no_labels;      /* gridlines only */
} ic_axis_place;

/* The position of value `v`. */
double ic_axis_pos(const ic_axis *a, const ic_axis_place *p, double v);

/* Draws the gridlines and tick labels (IC_ROLE_GRIDLINE, IC_ROLE_TICK_LABEL
 * with their values). A label that would come closer than a gap to the one
 * before it (a label pushed inside min..max) is left out with its gridline.
 * Returns 0 or -1 (out of memory, set on L). */
int ic_axis_draw(ic_layout *L, const ic_axis *a, const ic_axis_place *p);

/* The baseline across the plot at value `v` (zero, or the bottom of an
 * axis that does not reach zero), with the layout's axis stroke; `light`:
 * as thin as a gridline and barely darker (a zero that value labels may
 * cross, or a broken axis's floor). Returns the mark (its value is v), or
 * NULL when out of memory (set on L). */
ic_mark *ic_axis_baseline(ic_layout *L, const ic_axis *a, const ic_axis_place *p, double v, int light);

/* Thinning the labels of ordered categories (years, numbers) when only one
 * in `every` fits: 1 when label `i` of `n` is shown. The first and the last
 * are always shown, and no other comes within `every` of them. Categories
 * that are regular numbers (v0, v0 + d, v0 + 2d, ...; d = 0 when they are
 * not) show the multiples of a round step of at least `every` * d (1, 2, 5,
 * 10, 20, 50 ...: 1910, 1920, not 1906, 1911); others every Nth. */
int ic_axis_label_shown(size_t i, size_t n, size_t every, double v0, double d);

/* Chooses which of `n` labels along a horizontal axis to show, no two
 * closer than `gap`: label i is `w[i]` wide and centred on `x[i]`
 * (increasing), held inside lo..hi (an end label slides inward). Evenly
 * spaced labels (`regular`) keep every Nth from the first, N as small as
 * fits; others are taken greedily: the last (latest), then the first, then
 * the rest in order. Sets keep[i] and left[i] (the label's left edge).
 * Returns 0, or -1 when out of memory. */
int ic_axis_pick(const double *x, const double *w, size_t n, double lo, double hi, double gap, int regular,
                 unsigned char *keep, double *left);

/* The spacing d of categories that are regular numbers (e.g. years), 0 when
 * `text(i, ctx)` for i < n are not all numbers a constant step apart; the
 * first number in *v0. */
double ic_axis_regular_numbers(size_t n, const char *(*text)(size_t i, const void *ctx), const void *ctx,
                               double *v0);

#endif
