/* Chart tests build small charts on the fly: the CSV and the spec go to
 * files in a temporary directory and are loaded as a user's would be. */
#ifndef IC_TEST_CHART_FIXTURE_H
#define IC_TEST_CHART_FIXTURE_H

#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "charts/chart.h"
#include "spec/spec.h"

/* Writes `csv` to DIR/data.csv and `spec_json` to DIR/spec.json, then loads
 * the chart (NULL with `err` set on failure). */
static inline ic_chart *fixture_chart(const char *dir, const char *csv, const char *spec_json, ic_error *err)
{
    char path[512];
    snprintf(path, sizeof path, "%s/data.csv", dir);
    FILE *f = fopen(path, "wb");
    if (f) {
        fputs(csv, f);
        fclose(f);
    }
    snprintf(path, sizeof path, "%s/spec.json", dir);
    f = fopen(path, "wb");
    if (f) {
        fputs(spec_json, f);
        fclose(f);
    }
    memset(err, 0, sizeof *err);
    return ic_chart_load(path, err);
}

/* Removes what fixture_chart wrote into `dir` (data.csv and spec.json),
 * then `dir` itself. */
static inline void fixture_remove(const char *dir)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/data.csv", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/spec.json", dir);
    unlink(path);
    rmdir(dir);
}

/* 1 when a file name in datasets/ is a spec (ends in .json). */
static inline int fixture_is_spec(const char *name)
{
    size_t len = strlen(name);
    return len >= 6 && strcmp(name + len - 5, ".json") == 0;
}

/* Loads the example spec datasets/`name` (its path written to `path`); a
 * faceted spec gives its first chart. NULL with `err` set on failure. */
static inline ic_chart *fixture_example(const char *name, char *path, size_t size, ic_error *err)
{
    snprintf(path, size, "%s/datasets/%s", IC_SOURCE_DIR, name);
    ic_chart *chart = ic_chart_load(path, err);
    if (chart && ic_chart_facet_count(chart) > 0) {
        ic_chart *first = ic_chart_facet(chart, 0, err);
        ic_chart_free(chart);
        chart = first;
    }
    return chart;
}

/* Gives the chart the size of preset `preset`. Returns 0, or -1 for a name
 * that is not a preset. */
static inline int fixture_resize(ic_chart *c, const char *preset)
{
    int w, h;
    if (ic_preset_size(preset, &w, &h) != 0)
        return -1;
    c->spec->width = w;
    c->spec->height = h;
    ic_preset_safe_zones(preset, &c->spec->safe_top, &c->spec->safe_bottom);
    c->spec->print = ic_preset_is_print(preset);
    c->spec->max_height = ic_preset_max_height(preset);
    return 0;
}

#endif
