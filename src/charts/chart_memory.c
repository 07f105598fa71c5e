/* Charts from memory: a spec given as text, its data given as an ic_data. */
#include "charts/chart.h"
#include "core/error.h"
#include "core/limits.h"
#include "core/util.h"
#include "output/write.h"

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

/* 1 when the spec writes a PNG (whose pixels the 'pixels' limit counts). */
static int has_png_output(const ic_spec *s)
{
    for (size_t i = 0; i < s->noutputs; i++)
        if (ic_format_from_path(s->outputs[i]) == IC_FORMAT_PNG)
            return 1;
    return 0;
}

int ic_chart_set_size(ic_chart *c, double width, double height, ic_error *err)
{
    if (!c)
        return ic_error_set(err, IC_ERR_USAGE, NULL, 0, 0, "ic_chart_set_size: the chart is NULL");
    ic_spec *s = c->spec;
    if (!(width >= IC_SPEC_SIZE_MIN && width <= IC_SPEC_SIZE_MAX && height >= IC_SPEC_SIZE_MIN &&
          height <= IC_SPEC_SIZE_MAX))
        return ic_error_set(err, IC_ERR_USAGE, s->path, 0, 0,
                            "ic_chart_set_size: %g x %g: width and height must be between %d and %d units", width,
                            height, IC_SPEC_SIZE_MIN, IC_SPEC_SIZE_MAX);
    int w, h;
    double pixels = ic_png_pixels(width, height, s->scale, &w, &h);
    if (has_png_output(s) && pixels > s->limits.pixels)
        return ic_error_set(err, IC_ERR_LIMIT, s->path, 0, 0,
                            "a PNG of %g x %g at scale %g (%d x %d pixels) is %.0f pixels, more than the limit of "
                            "%.0f (limit 'pixels')", width, height, s->scale, w, h, pixels, s->limits.pixels);
    s->width = width;
    s->height = height;
    s->max_height = 0; /* exact: no growing to a page's height */
    s->safe_top = s->safe_bottom = 0;
    return 0;
}
