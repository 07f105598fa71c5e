#include "layout/decimate.h"

#include <math.h>
#include <stdlib.h>

enum { FIRST, LOW, HIGH, LAST };

void ic_m4_init(ic_m4 *m, double x0, double scale, int decimate)
{
    *m = (ic_m4){.x0 = x0, .scale = scale, .decimate = decimate};
}

static int push(ic_m4 *m, const double p[2])
{
    if (m->n == m->cap) {
        size_t cap = m->cap ? 2 * m->cap : 256;
        double *np = realloc(m->pts, 2 * cap * sizeof *np);
        if (!np)
            return -1;
        m->pts = np;
        m->cap = cap;
    }
    m->pts[2 * m->n] = p[0];
    m->pts[2 * m->n + 1] = p[1];
    m->n++;
    return 0;
}

/* The column's (up to) four points, in the order they came, each once. */
static int flush_column(ic_m4 *m)
{
    if (!m->open)
        return 0;
    m->open = 0;
    int lo_first = m->at[LOW] < m->at[HIGH];
    int order[4] = {FIRST, lo_first ? LOW : HIGH, lo_first ? HIGH : LOW, LAST};
    size_t prev = 0;
    for (int k = 0; k < 4; k++) {
        size_t at = m->at[order[k]];
        if (k > 0 && at <= prev)
            continue;
        if (push(m, m->p[order[k]]) != 0)
            return -1;
        prev = at;
    }
    return 0;
}

int ic_m4_add(ic_m4 *m, double x, double y)
{
    double p[2] = {x, y};
    size_t at = m->count++;
    if (!m->decimate)
        return push(m, p);
    double col = floor((x - m->x0) * m->scale);
    if (m->open && col != m->col && flush_column(m) != 0)
        return -1;
    if (!m->open) {
        m->open = 1;
        m->col = col;
        for (int k = 0; k < 4; k++) {
            m->p[k][0] = x;
            m->p[k][1] = y;
            m->at[k] = at;
        }
        return 0;
    }
    if (y < m->p[LOW][1]) {
        m->p[LOW][0] = x, m->p[LOW][1] = y, m->at[LOW] = at;
    }
    if (y > m->p[HIGH][1]) {
        m->p[HIGH][0] = x, m->p[HIGH][1] = y, m->at[HIGH] = at;
    }
    m->p[LAST][0] = x, m->p[LAST][1] = y, m->at[LAST] = at;
    return 0;
}

int ic_m4_finish(ic_m4 *m)
{
    return flush_column(m);
}

void ic_m4_clear(ic_m4 *m)
{
    m->n = 0;
    m->count = 0;
    m->open = 0;
}

void ic_m4_free(ic_m4 *m)
{
    free(m->pts);
    m->pts = NULL;
    m->n = m->cap = 0;
}
