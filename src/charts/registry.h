/* Chart kinds: one file in src/charts/ each, plus one row in registry.c. */
#ifndef IC_CHARTS_REGISTRY_H
#define IC_CHARTS_REGISTRY_H

#include "layout/layout.h"

typedef struct ic_chart_kind {
    const char *name;
    const char *summary;  /* one line for --help */
    /* checks what the generic column checks cannot (may be NULL) */
    int (*validate)(const ic_spec *spec, const ic_table *table, ic_error *err);
    /* lays the chart out into L->scene, frame included */
    int (*layout)(ic_layout *L);
} ic_chart_kind;

const ic_chart_kind *ic_chart_kind_find(const char *name);
/* All kinds, terminated by a row with a NULL name. */
const ic_chart_kind *ic_chart_kinds(void);

/* bar.c */
int ic_bar_validate(const ic_spec *spec, const ic_table *table, ic_error *err);
int ic_bar_layout(ic_layout *L);

#endif
