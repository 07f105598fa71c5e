#include "charts/registry.h"

#include <string.h>

static const ic_chart_kind kinds[] = {
    {"bar", "bars or columns, one or several series, highlighted categories", ic_bar_validate, ic_bar_layout},
    {NULL, NULL, NULL, NULL},
};

const ic_chart_kind *ic_chart_kinds(void)
{
    return kinds;
}

const ic_chart_kind *ic_chart_kind_find(const char *name)
{
    for (const ic_chart_kind *k = kinds; k->name; k++)
        if (strcmp(k->name, name) == 0)
            return k;
    return NULL;
}
