#include "layout/decimate.h"

#include <math.h>

size_t ic_m4_decimate(double *pts, size_t np, double x0, double scale)
{
    size_t out = 0, i = 0;
    while (i < np) {
        double col = floor((pts[2 * i] - x0) * scale);
        size_t first = i, last = i, lo = i, hi = i;
        while (i < np && floor((pts[2 * i] - x0) * scale) == col) {
            if (pts[2 * i + 1] < pts[2 * lo + 1])
                lo = i;
            if (pts[2 * i + 1] > pts[2 * hi + 1])
                hi = i;
            last = i++;
        }
        /* the (up to) four points, in their original order, each once */
        size_t keep[4] = {first, lo < hi ? lo : hi, lo < hi ? hi : lo, last};
        size_t prev = 0;
        for (int k = 0; k < 4; k++) {
            if (k > 0 && keep[k] <= prev)
                continue;
            pts[2 * out] = pts[2 * keep[k]];
            pts[2 * out + 1] = pts[2 * keep[k] + 1];
            out++;
            prev = keep[k];
        }
    }
    return out;
}
