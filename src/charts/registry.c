#include "charts/registry.h"

#include <string.h>

static const ic_chart_kind all_kinds[] = {
    {"bar", "bars or columns: grouped, stacked or 100% stacked; highlighted categories", ic_bar_validate,
     ic_bar_layout, 0, ic_bar_keys},
    {"line", "one or several series over time, labelled at their ends, with computed trend notes",
     ic_line_validate, ic_line_layout, 1, ic_line_keys},
    {"area", "a line chart filled down to zero", ic_line_validate, ic_area_layout, 1, ic_area_keys},
    {"donut", "shares of a whole around a centre number", ic_donut_validate, ic_donut_layout, 0, ic_donut_keys},
    {"pie", "shares of a whole", ic_donut_validate, ic_pie_layout, 0, ic_pie_keys},
    {"waffle", "a grid of cells or icons: \"38 of 100\"", ic_waffle_validate, ic_waffle_layout, 0, ic_waffle_keys},
    {"stat", "one big number with a label and a context line", ic_stat_validate, ic_stat_layout, 0, ic_stat_keys},
    {"dumbbell", "change between two columns for each category", ic_dumbbell_validate, ic_dumbbell_layout, 0,
     ic_dumbbell_keys},
    {NULL, NULL, NULL, NULL, 0, NULL},
};

const ic_chart_kind *ic_chart_kinds(void)
{
    return all_kinds;
}

const ic_chart_kind *ic_chart_kind_find(const char *name)
{
    for (const ic_chart_kind *k = all_kinds; k->name; k++)
        if (strcmp(k->name, name) == 0)
            return k;
    return NULL;
}

int ic_chart_kind_uses(const ic_chart_kind *kind, const char *key)
{
    for (const char *const *k = kind->keys; k && *k; k++)
        if (strcmp(*k, key) == 0)
            return 1;
    return 0;
}

int ic_chart_key_is_kind_specific(const char *key)
{
    for (const ic_chart_kind *k = all_kinds; k->name; k++)
        if (ic_chart_kind_uses(k, key))
            return 1;
    return 0;
}
