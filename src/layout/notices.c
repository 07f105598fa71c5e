/* Warnings about the spec that every kind gives the same way, once per
 * layout (ic_layout_frame calls ic_layout_notices): they change nothing in
 * the chart, so they are notices (ic_scene_notice), not things left out. */
#include "layout/layout.h"
#include "layout/format.h"
#include "layout/locale.h"

#include <math.h>
#include <stdio.h>

/* A language infochart has no words for. */
static int lang_notice(ic_layout *L)
{
    const ic_spec *spec = L->spec;
    if (ic_locale_known(spec->lang))
        return 0;
    return ic_scene_notice(L->scene, spec->pos_lang.line, spec->pos_lang.column,
                           "'lang': infochart has no translations for \"%s\" (it has en, ur and ar); the words it "
                           "writes itself (\"Source:\", \"million\", \"1 in 8\", month names) stay in English",
                           spec->lang);
}

/* A 100 % stack of percentages whose row does not add up to 100 (within
 * 0.5): the stack shows each part as a share of the row's own sum, which
 * rescales the numbers the data gave. Said for the first such row, with
 * the number of others. Rows with a gap are shown as incomplete instead. Stacks of counts are shares of their sum by
 * design and say nothing. */
static int stack_sum_notice(ic_layout *L)
{
    const ic_spec *spec = L->spec;
    const ic_table *t = L->table;
    if (spec->stack != IC_STACK_PERCENT || spec->ny < 2)
        return 0;
    int cols[64];
    size_t ny = spec->ny < 64 ? spec->ny : 64;
    for (size_t s = 0; s < ny; s++)
        if ((cols[s] = ic_table_find(t, spec->y[s])) < 0)
            return 0;
    ic_numfmt f = ic_numfmt_resolve(&spec->number, t, cols, ny);
    if (f.style != IC_NUM_PERCENT)
        return 0;
    size_t first = t->nrows, others = 0;
    double first_sum = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        double sum = 0;
        int gap = 0;
        for (size_t s = 0; s < ny; s++) {
            double v = t->cols[cols[s]].value[r];
            if (isnan(v))
                gap = 1;
            else
                sum += v;
        }
        /* a row with a gap is drawn as "incomplete data", not rescaled */
        if (gap || fabs(sum - 100) <= 0.5)
            continue;
        if (first == t->nrows)
            first = r, first_sum = sum;
        else
            others++;
    }
    if (first == t->nrows)
        return 0;
    int xcol = ic_table_find(t, spec->x);
    ic_cell_pos at = xcol >= 0 ? ic_cell_position(&t->cols[xcol], first) : (ic_cell_pos){0, 0};
    char where[64] = "";
    if (at.line > 0)
        snprintf(where, sizeof where, " (%s:%d)", spec->data, at.line);
    char more[64] = "";
    if (others > 0)
        snprintf(more, sizeof more, " and %zu other row%s", others, others == 1 ? "" : "s");
    return ic_scene_notice(L->scene, spec->pos_stack.line, spec->pos_stack.column,
                           "'stack': the percentages of '%s'%s add up to %.4g, not 100%s; a 100 %% stack draws "
                           "each part as a share of its row's sum, so they are shown rescaled",
                           xcol >= 0 ? ic_cell_text(&t->cols[xcol], first) : "?", where, first_sum, more);
}

int ic_layout_notices(ic_layout *L)
{
    if (lang_notice(L) != 0 || stack_sum_notice(L) != 0)
        return ic_layout_oom(L);
    return 0;
}
