/* Resource limits for untrusted input: defaults and parsing "NAME=VALUE". */
#include "core/limits.h"
#include "core/error.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void ic_limits_default(ic_limits *l)
{
    l->spec_bytes = (size_t)4 << 20;
    l->csv_bytes = (size_t)1 << 30;
    l->rows = 5000000;
    l->columns = 10000;
    l->field_bytes = (size_t)1 << 20;
    l->facets = 10000;
    l->pixels = 100e6;
}

void ic_limits_resolve(ic_limits *out, const ic_limits *given)
{
    ic_limits_default(out);
    if (!given)
        return;
    out->spec_bytes = given->spec_bytes ? given->spec_bytes : out->spec_bytes;
    out->csv_bytes = given->csv_bytes ? given->csv_bytes : out->csv_bytes;
    out->rows = given->rows ? given->rows : out->rows;
    out->columns = given->columns ? given->columns : out->columns;
    out->field_bytes = given->field_bytes ? given->field_bytes : out->field_bytes;
    out->facets = given->facets ? given->facets : out->facets;
    out->pixels = given->pixels > 0 ? given->pixels : out->pixels;
}

double ic_png_pixels(double width, double height, double scale, int *w, int *h)
{
    *w = (int)(width * scale + 0.5);
    *h = (int)(height * scale + 0.5);
    return (double)*w * (double)*h;
}

static const char names[] = "spec_bytes, csv_bytes, rows, columns, field_bytes, facets, pixels";

int ic_limits_set(ic_limits *l, const char *name, const char *value, ic_error *err)
{
    struct { const char *name; size_t *field; } sizes[] = {
        { "spec_bytes", &l->spec_bytes }, { "csv_bytes", &l->csv_bytes }, { "rows", &l->rows },
        { "columns", &l->columns }, { "field_bytes", &l->field_bytes }, { "facets", &l->facets },
    };
    char *end;
    errno = 0;
    unsigned long long v = value[0] >= '0' && value[0] <= '9' ? strtoull(value, &end, 10) : 0;
    if (v == 0 || errno || *end)
        return ic_error_set(err, IC_ERR_USAGE, NULL, 0, 0, "limit '%s' wants a positive whole number, got '%s'",
                            name, value);
    if (strcmp(name, "pixels") == 0) {
        l->pixels = (double)v;
        return 0;
    }
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        if (strcmp(name, sizes[i].name) == 0) {
            *sizes[i].field = v > (unsigned long long)(SIZE_MAX / 2) ? SIZE_MAX / 2 : (size_t)v;
            return 0;
        }
    }
    return ic_error_set(err, IC_ERR_USAGE, NULL, 0, 0, "unknown limit '%s' (known: %s)", name, names);
}
