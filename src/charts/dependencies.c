/* The files a chart is drawn from (ic_spec's deps): asked of a loaded
 * chart, or of a spec file without reading its data. */
#include "charts/chart.h"
#include "core/error.h"
#include "core/util.h"

#include <stdlib.h>

size_t ic_chart_dependency_count(const ic_chart *c)
{
    return c ? c->spec->ndeps : 0;
}

const char *ic_chart_dependency(const ic_chart *c, size_t i)
{
    return c && i < c->spec->ndeps ? c->spec->deps[i] : NULL;
}

char **ic_spec_dependencies(const char *spec_path, const ic_limits *limits, size_t *n, ic_error *err)
{
    if (!n) {
        ic_error_set(err, IC_ERR_USAGE, spec_path, 0, 0, "ic_spec_dependencies: n is NULL");
        return NULL;
    }
    *n = 0;
    ic_spec *spec = ic_spec_load_limited(spec_path, limits, err);
    if (!spec)
        return NULL;
    char **list = calloc(spec->ndeps ? spec->ndeps : 1, sizeof *list);
    size_t k = 0;
    while (list && k < spec->ndeps && (list[k] = ic_strdup(spec->deps[k])))
        k++;
    if (!list || k < spec->ndeps) {
        ic_strings_free(list, k);
        ic_error_set(err, IC_ERR_NOMEM, spec_path, 0, 0, "out of memory");
        list = NULL;
    } else
        *n = k;
    ic_spec_free(spec);
    return list;
}

void ic_strings_free(char **strings, size_t n)
{
    for (size_t i = 0; strings && i < n; i++)
        free(strings[i]);
    free(strings);
}
