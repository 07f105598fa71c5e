/* Charts from memory: a spec given as text, its data given as an ic_data. */
#include "charts/chart.h"
#include "core/error.h"
#include "core/limits.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

#define SPEC_NAME "<spec>"

ic_chart *ic_chart_load_string(const char *text, size_t len, const char *name, const char *base_dir,
                               const ic_data *data, const ic_limits *limits, ic_error *err)
{
    const char *shown = name ? name : SPEC_NAME;
    if (!text) {
        ic_error_set(err, IC_ERR_USAGE, shown, 0, 0, "ic_chart_load_string: the spec text is NULL");
        return NULL;
    }
    ic_limits lim;
    ic_limits_resolve(&lim, limits);
    if (len > lim.spec_bytes) {
        ic_error_set(err, IC_ERR_LIMIT, shown, 0, 0,
                     "spec is larger than the limit of %zu bytes (limit 'spec_bytes')", lim.spec_bytes);
        return NULL;
    }
    ic_chart *c = calloc(1, sizeof *c);
    if (!c) {
        ic_error_set(err, IC_ERR_NOMEM, shown, 0, 0, "out of memory");
        return NULL;
    }
    /* output names default to NAME.png...; an unnamed spec, or one whose name
     * stands for no file ("<stdin>"), makes chart.png */
    int no_file = !name || name[0] == '<';
    ic_spec_source src = {.name = shown, .dir = base_dir ? base_dir : ".", .stem = no_file ? "chart" : NULL,
                          .data_given = data != NULL};
    c->spec = ic_spec_parse_source(text, len, &src, &lim, err);
    if (!c->spec)
        goto fail;
    if (data) {
        free(c->spec->data);
        c->spec->data = ic_strdup(ic_data_name(data));
        if (!c->spec->data) {
            ic_error_set(err, IC_ERR_NOMEM, shown, 0, 0, "out of memory");
            goto fail;
        }
    }
    c->kind = ic_chart_kind_find(c->spec->chart);
    if (!c->kind) {
        ic_error_set(err, IC_ERR_SPEC, shown, c->spec->pos_chart.line, c->spec->pos_chart.column,
                     "unknown chart kind '%s'", c->spec->chart);
        goto fail;
    }
    if (ic_chart_read_data(c, data, err) != 0)
        goto fail;
    return c;
fail:
    ic_chart_free(c);
    return NULL;
}
