/* "Nice" axis ticks: steps of 1, 2, 2.5 or 5 times a power of ten. */
#ifndef IC_LAYOUT_TICKS_H
#define IC_LAYOUT_TICKS_H

#include <stddef.h>

/* Chooses the smallest nice step that covers [lo, hi] with at most
 * `max_ticks` ticks (at least 2), and writes the ticks, from the multiple of
 * the step at or below lo to the one at or above hi, into `ticks` (up to
 * `cap`). Returns the count; `*step` receives the step. lo == hi is widened. */
size_t ic_nice_ticks(double lo, double hi, int max_ticks, double *ticks, size_t cap, double *step);

#endif
