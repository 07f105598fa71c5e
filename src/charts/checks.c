#include "charts/checks.h"
#include "core/error.h"
#include "core/util.h"

#include <math.h>

#define MAX_DRAWABLE 1e15

static int too_large(const ic_spec *spec, const ic_column *c, size_t r, ic_error *err)
{
    char cell[64];
    return ic_cell_error(err, IC_ERR_DATA, spec->data, c, r, "column '%s': %s is too large to draw (at most 1e15)",
                         c->name, ic_clip(ic_cell_text(c, r), cell, sizeof cell));
}

int ic_check_drawable(const ic_spec *spec, const ic_table *table, size_t ny, ic_error *err)
{
    for (size_t s = 0; s < ny; s++) {
        const ic_column *c = &table->cols[ic_table_find(table, spec->y[s])];
        for (size_t r = 0; r < table->nrows; r++)
            if (fabs(c->value[r]) > MAX_DRAWABLE)
                return too_large(spec, c, r, err);
    }
    return 0;
}

int ic_check_parts_of_whole(const ic_spec *spec, const ic_table *table, const char *shows, const char *pieces,
                            ic_error *err)
{
    const ic_column *c = &table->cols[ic_table_find(table, spec->y[0])];
    double sum = 0;
    for (size_t r = 0; r < table->nrows; r++) {
        char cell[64];
        double v = c->value[r];
        if (isnan(v))
            continue;
        if (v < 0)
            return ic_cell_error(err, IC_ERR_DATA, spec->data, c, r,
                                 "column '%s': %s of a whole, so values must be 0 or more, got %s", c->name, shows,
                                 ic_clip(ic_cell_text(c, r), cell, sizeof cell));
        if (v > MAX_DRAWABLE)
            return too_large(spec, c, r, err);
        sum += v;
    }
    if (!(sum > 0))
        return ic_error_set(err, IC_ERR_DATA, spec->data, c->header_line, c->header_col,
                            "column '%s': every value is zero, so there is no whole to divide into %s", c->name,
                            pieces);
    return 0;
}
