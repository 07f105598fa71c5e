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
    char **facet_names; /* [nfacets] their file name parts (ic_facet_file_parts) */
    size_t *facet_rows; /* the rows of facet 0, then of facet 1, ... (each in row order) */
    size_t *facet_start;/* [nfacets + 1] where each facet's rows start in facet_rows */
    size_t nfacets;
};

#endif
