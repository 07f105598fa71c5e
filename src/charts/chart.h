/* The chart object behind the public ic_chart handle (internal: tests and
 * the CLI's batch mode may adjust the spec before layout). */
#ifndef IC_CHARTS_CHART_H
#define IC_CHARTS_CHART_H

#include "charts/registry.h"
#include "data/table_memory.h"

struct ic_chart {
    ic_spec *spec;
    ic_table *table;
    const ic_chart_kind *kind;
    char **facets;      /* distinct values of the facet column (NULL without facets) */
    char **facet_names; /* [nfacets] their file name parts (ic_facet_file_parts) */
    size_t *facet_rows; /* the rows of facet 0, then of facet 1, ... (each in row order) */
    size_t *facet_start;/* [nfacets + 1] where each facet's rows start in facet_rows */
    size_t nfacets;
    struct ic_facet_share *share; /* what the facets share ("facet_scale"), held by the
                                   * chart and each of its facets; NULL for none */
    ic_data_map *data_map; /* columns given from C: turns positions in their CSV text into
                            * rows and columns for messages (NULL otherwise) */
};

/* Completes a chart whose spec is loaded (c->spec, c->kind): reads its data
 * (the spec's CSV file, or `data` when not NULL), reshapes and validates.
 * Returns 0 or -1. */
int ic_chart_read_data(ic_chart *c, const ic_data *data, ic_error *err);

#endif
