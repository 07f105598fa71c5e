/* The chart object behind the public ic_chart handle (internal: tests and
 * the CLI's batch mode may adjust the spec before layout). */
#ifndef IC_CHARTS_CHART_H
#define IC_CHARTS_CHART_H

#include "charts/registry.h"

struct ic_chart {
    ic_spec *spec;
    ic_table *table;
    const ic_chart_kind *kind;
    char **facets;      /* distinct values of the facet column (NULL without facets) */
    size_t nfacets;
};

#endif
