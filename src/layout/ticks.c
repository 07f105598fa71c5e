#include "layout/ticks.h"

#include <math.h>

size_t ic_nice_ticks(double lo, double hi, int max_ticks, double *ticks, size_t cap, double *step_out)
{
    static const double mult[] = {1, 2, 2.5, 5};
    if (max_ticks < 2)
        max_ticks = 2;
    if (!(hi > lo)) {
        double pad = lo == 0 ? 1 : fabs(lo) * 0.1;
        lo -= lo == 0 ? 0 : pad;
        hi += pad;
    }
    double span = hi - lo;
    double mag = pow(10, floor(log10(span / max_ticks)));
    /* walk up the 1-2-2.5-5 ladder until the tick count fits; when none
     * does (a range across zero needs 3), the step with the fewest ticks */
    double step = mag, fewest = INFINITY;
    for (int e = 0; e < 3; e++) {
        int found = 0;
        for (int i = 0; i < 4; i++) {
            double s = mult[i] * mag * pow(10, e);
            double first = floor(lo / s + 1e-9), last = ceil(hi / s - 1e-9);
            if (last - first + 1 < fewest) {
                fewest = last - first + 1;
                step = s;
            }
            if (last - first + 1 <= max_ticks) {
                found = 1;
                break;
            }
        }
        if (found)
            break;
    }
    double first = floor(lo / step + 1e-9), last = ceil(hi / step - 1e-9);
    size_t n = 0;
    for (double k = first; k <= last && n < cap; k++) {
        double t = k * step;
        ticks[n++] = fabs(t) < step * 1e-9 ? 0 : t;
    }
    if (step_out)
        *step_out = step;
    return n;
}
