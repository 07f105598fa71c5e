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
    /* 1: a year, date or number x column is drawn as a continuous time axis,
     * which right-to-left charts keep running left to right (only the frame
     * is mirrored) unless "mirror_time"; 0: the kind handles it itself */
    int time_axis;
    /* the spec keys this kind reads that not every kind reads (NULL-terminated;
     * declared next to the code that reads them). A key of the spec's key
     * table in no kind's list is common to all kinds. */
    const char *const *keys;
} ic_chart_kind;

const ic_chart_kind *ic_chart_kind_find(const char *name);
/* All kinds, terminated by a row with a NULL name. */
const ic_chart_kind *ic_chart_kinds(void);
/* 1 when `kind` lists `key` among its own keys, else 0. */
int ic_chart_kind_uses(const ic_chart_kind *kind, const char *key);
/* 1 when some kind lists `key` (it is not common to all kinds), else 0. */
int ic_chart_key_is_kind_specific(const char *key);

/* One validate/layout pair per kind file. */
/* bar.c */
int ic_bar_validate(const ic_spec *spec, const ic_table *table, ic_error *err);
int ic_bar_layout(ic_layout *L);
extern const char *const ic_bar_keys[];
/* line.c: "line" and "area" */
int ic_line_validate(const ic_spec *spec, const ic_table *table, ic_error *err);
int ic_line_layout(ic_layout *L);
int ic_area_layout(ic_layout *L);
extern const char *const ic_line_keys[];
extern const char *const ic_area_keys[];
/* donut.c: "donut" and "pie" */
int ic_donut_validate(const ic_spec *spec, const ic_table *table, ic_error *err);
int ic_donut_layout(ic_layout *L);
int ic_pie_layout(ic_layout *L);
extern const char *const ic_donut_keys[];
extern const char *const ic_pie_keys[];
/* waffle.c */
int ic_waffle_validate(const ic_spec *spec, const ic_table *table, ic_error *err);
int ic_waffle_layout(ic_layout *L);
extern const char *const ic_waffle_keys[];
/* stat.c */
int ic_stat_validate(const ic_spec *spec, const ic_table *table, ic_error *err);
int ic_stat_layout(ic_layout *L);
extern const char *const ic_stat_keys[];
/* dumbbell.c */
int ic_dumbbell_validate(const ic_spec *spec, const ic_table *table, ic_error *err);
int ic_dumbbell_layout(ic_layout *L);
extern const char *const ic_dumbbell_keys[];

#endif
