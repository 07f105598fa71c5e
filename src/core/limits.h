/* Resource limits (the public ic_limits) as the stages use them. */
#ifndef IC_CORE_LIMITS_H
#define IC_CORE_LIMITS_H

#include "infochart.h"

/* The caller's limits with every field left 0 (and `given` NULL) taking its
 * default: what a load actually enforces. */
void ic_limits_resolve(ic_limits *out, const ic_limits *given);

/* The device pixels of a PNG of `width` x `height` scene units at `scale`
 * (*w, *h, rounded as the PNG writer rounds them): what limit 'pixels'
 * counts. Returns w x h. */
double ic_png_pixels(double width, double height, double scale, int *w, int *h);

#endif
