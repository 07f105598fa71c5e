/* A chart = a validated spec + its data. Loading checks everything that can
 * be checked before drawing; layout dispatches to the chart kind. */
#include "layout/contrast.h"
#include "charts/chart.h"
#include "charts/describe.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/util.h"
#include "data/reduce.h"
#include "data/reshape.h"
#include "layout/facet_scale.h"
#include "layout/format.h"
#include "scene/mirror.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The CSV reader refuses a "types" entry naming a column the header lacks;
 * that is the spec's mistake, so the error is moved to the entry in the spec
 * (keeping the reader's suggestion). Returns 1 when it did so. */
static int types_error_in_spec(const ic_spec *spec, const ic_error *table_err, ic_error *err)
{
    static const char prefix[] = "no column '";
    if (table_err->code != IC_ERR_DATA || strncmp(table_err->message, prefix, sizeof prefix - 1) != 0)
        return 0;
    const char *name = table_err->message + sizeof prefix - 1;
    for (size_t i = 0; i < spec->ntypes; i++) {
        size_t n = strlen(spec->types[i].column);
        if (strncmp(name, spec->types[i].column, n) != 0 || name[n] != '\'')
            continue;
        const char *rest = strstr(name + n, " (did you mean");
        ic_error_set(err, IC_ERR_SPEC, spec->path, spec->pos_types[i].line, spec->pos_types[i].column,
                     "no column '%s' in %s%s", spec->types[i].column, spec->data, rest ? rest : "");
        return 1;
    }
    return 0;
}

/* With "digits" other than Western, the x labels that are numbers (years,
 * dates, numbers) are written in those digits too, as the values are, so
 * labels and axes agree. Done once the columns have been checked. */
static int convert_one(char **s, ic_digits digits)
{
    if (!*s)
        return 0;
    size_t size = 2 * strlen(*s) + 1;
    char *t = malloc(size);
    if (!t)
        return -1;
    memcpy(t, *s, strlen(*s) + 1);
    ic_digits_convert(t, size, digits);
    free(*s);
    *s = t;
    return 0;
}

/* Everything in the spec that names an x value, converted like the labels. */
static int convert_spec_digits(ic_spec *spec)
{
    ic_digits d = spec->digits;
    int rc = 0;
    for (size_t i = 0; i < spec->nhighlight; i++)
        rc |= convert_one(&spec->highlight[i], d);
    rc |= convert_one(&spec->row, d);
    for (size_t i = 0; i < spec->ntrends; i++)
        rc |= convert_one(&spec->trends[i].from, d) | convert_one(&spec->trends[i].to, d);
    for (size_t i = 0; i < spec->nannotations; i++)
        rc |= convert_one(&spec->annotations[i].x, d) | convert_one(&spec->annotations[i].from, d) |
              convert_one(&spec->annotations[i].to, d);
    return rc;
}

static void convert_cell(char *text, size_t size, void *digits)
{
    ic_digits_convert(text, size, *(const ic_digits *)digits);
}

static int convert_digits(ic_chart *c, ic_error *err)
{
    ic_spec *spec = c->spec;
    ic_digits d = spec->digits;
    if (d == IC_DIGITS_WESTERN)
        return 0;
    ic_column *xc = &c->table->cols[ic_table_find(c->table, spec->x)];
    if (xc->type == IC_COL_TEXT)
        return 0;
    /* a converted digit takes at most twice the bytes of an ASCII one */
    int rc = ic_column_rewrite(xc, c->table->nrows, 2, convert_cell, &d);
    rc |= convert_spec_digits(spec);
    return rc ? ic_error_set(err, IC_ERR_NOMEM, spec->path, 0, 0, "out of memory") : 0;
}

/* A row's facet value, for sorting rows by value (then by row). */
typedef struct facet_cell {
    const char *text;
    size_t row;
} facet_cell;

static int cmp_facet_cell(const void *a, const void *b)
{
    const facet_cell *x = a, *y = b;
    int d = strcmp(x->text, y->text);
    return d ? d : x->row < y->row ? -1 : x->row > y->row;
}

/* One distinct value: where its rows start among the sorted cells. */
typedef struct facet_group {
    size_t first_row, start, count;
} facet_group;

static int cmp_facet_group(const void *a, const void *b)
{
    const facet_group *x = a, *y = b;
    return x->first_row < y->first_row ? -1 : x->first_row > y->first_row;
}

/* The facet column's distinct values in order of first appearance, the rows
 * of each and their file names. Sorting the rows by value keeps this
 * O(n log n); more values than limits.facets is an error at "facet". */
static int find_facets(ic_chart *c, ic_error *err)
{
    if (!c->spec->facet)
        return 0;
    const ic_column *fc = &c->table->cols[ic_table_find(c->table, c->spec->facet)];
    size_t n = c->table->nrows, ng = 0;
    int rc = -1;
    facet_cell *cells = malloc((n ? n : 1) * sizeof *cells);
    facet_group *groups = NULL;
    if (!cells)
        goto nomem;
    for (size_t r = 0; r < n; r++)
        cells[r] = (facet_cell){ ic_cell_text(fc, r), r };
    if (n > 1)
        qsort(cells, n, sizeof *cells, cmp_facet_cell);
    for (size_t i = 0; i < n; i++)
        ng += i == 0 || strcmp(cells[i].text, cells[i - 1].text) != 0;
    if (ng > c->spec->limits.facets) {
        ic_error_set(err, IC_ERR_LIMIT, c->spec->path, c->spec->pos_facet.line, c->spec->pos_facet.column,
                     "'facet': column '%s' has %zu distinct values, more than the limit of %zu facet values "
                     "(limit 'facets')", c->spec->facet, ng, c->spec->limits.facets);
        goto done;
    }
    groups = malloc((ng ? ng : 1) * sizeof *groups);
    c->facets = calloc(ng ? ng : 1, sizeof *c->facets);
    c->facet_rows = malloc((n ? n : 1) * sizeof *c->facet_rows);
    c->facet_start = malloc((ng + 1) * sizeof *c->facet_start);
    if (!groups || !c->facets || !c->facet_rows || !c->facet_start)
        goto nomem;
    for (size_t i = 0, g = 0; i < n; i++) {
        if (i == 0 || strcmp(cells[i].text, cells[i - 1].text) != 0)
            groups[g++] = (facet_group){ cells[i].row, i, 0 };
        groups[g - 1].count++;
    }
    if (ng > 1)
        qsort(groups, ng, sizeof *groups, cmp_facet_group);
    size_t o = 0;
    for (size_t g = 0; g < ng; g++) {
        c->facet_start[g] = o;
        for (size_t k = 0; k < groups[g].count; k++)
            c->facet_rows[o++] = cells[groups[g].start + k].row;
        if (!(c->facets[g] = ic_strdup(cells[groups[g].start].text)))
            goto nomem;
        c->nfacets = g + 1;
    }
    c->facet_start[ng] = o;
    if (!(c->facet_names = ic_facet_file_parts((const char *const *)c->facets, ng)))
        goto nomem;
    rc = 0;
    goto done;
nomem:
    ic_error_set(err, IC_ERR_NOMEM, c->spec->path, 0, 0, "out of memory");
done:
    free(cells);
    free(groups);
    return rc;
}

size_t ic_chart_facet_count(const ic_chart *c)
{
    return c->nfacets;
}

const char *ic_chart_facet_value(const ic_chart *c, size_t i)
{
    return i < c->nfacets ? c->facets[i] : NULL;
}

ic_chart *ic_chart_facet(const ic_chart *c, size_t i, ic_error *err)
{
    if (i >= c->nfacets) {
        ic_error_set(err, IC_ERR_USAGE, c->spec->path, 0, 0, "no facet %zu", i);
        return NULL;
    }
    const size_t *rows = c->facet_rows + c->facet_start[i];
    size_t n = c->facet_start[i + 1] - c->facet_start[i];
    ic_chart *f = calloc(1, sizeof *f);
    if (!f) {
        ic_error_set(err, IC_ERR_NOMEM, c->spec->path, 0, 0, "out of memory");
        goto fail;
    }
    f->kind = c->kind;
    f->data_map = ic_data_map_ref(c->data_map);
    f->share = ic_facet_share_ref(c->share);
    f->spec = ic_spec_for_facet(c->spec, c->facets[i], c->facet_names[i], err);
    /* facets that share scales list their categories alike (facet_scale.h) */
    if (f->spec)
        f->table = c->share ? ic_facet_share_table(c->share, i, err) : ic_table_subset(c->table, rows, n, err);
    if (!f->table || ic_reshape_facet_spec(f->spec, c->spec, f->table, c->share != NULL, err) != 0)
        goto fail;
    /* the table's x labels are already in the chosen digits; the spec's
     * references to them are converted the same way */
    if (f->spec->digits != IC_DIGITS_WESTERN &&
        f->table->cols[ic_table_find(f->table, f->spec->x)].type != IC_COL_TEXT && convert_spec_digits(f->spec)) {
        ic_error_set(err, IC_ERR_NOMEM, c->spec->path, 0, 0, "out of memory");
        goto fail;
    }
    /* checks that depend on the rows (highlight values, kind limits) */
    if (ic_spec_check_columns(f->spec, f->table, err) != 0 ||
        (f->kind->validate && f->kind->validate(f->spec, f->table, err) != 0))
        goto fail;
    return f;
fail:
    ic_data_map_error(c->data_map, err);
    ic_chart_free(f);
    return NULL;
}

/* 1 when the chart draws its rows only as a line (or area) through (x, y),
 * so the CSV reader may keep only the rows of the line's M4 buckets
 * (data/reduce.h; buckets of 1/32 of a device pixel, only past 1,000,000 rows): a plain line or
 * overlapping area chart, no facets, long tables, aggregates, type
 * overrides or x format, no trend, annotation or highlight (they name or
 * look up particular rows), Western digits (converting digits rewrites the
 * cells). Sets *r. Everything else reads every row. */
static int reducible(const ic_spec *s, ic_reduce_options *r)
{
    int line = strcmp(s->chart, "line") == 0;
    int area = strcmp(s->chart, "area") == 0 && s->stack == IC_STACK_NONE;
    if (!(line || area) || s->facet || s->series || s->aggregate != IC_AGG_NONE || s->ntypes || s->x_format ||
        s->ntrends || s->nannotations || s->nhighlight || s->digits != IC_DIGITS_WESTERN || s->ny == 0 ||
        !s->x)
        return 0;
    double px = (double)s->width * (s->scale > 0 ? s->scale : 1);
    if (s->max_height > 0 || !(px > 0) || px > 1e6)
        return 0;
    *r = (ic_reduce_options){.x = s->x, .y = (const char *const *)s->y, .ny = s->ny, .buckets = IC_REDUCE_PER_PIXEL * (size_t)ceil(px),
                              .from_rows = IC_REDUCE_FROM_ROWS};
    return 1;
}

ic_chart *ic_chart_load(const char *spec_path, ic_error *err)
{
    return ic_chart_load_limited(spec_path, NULL, err);
}

ic_chart *ic_chart_load_limited(const char *spec_path, const ic_limits *limits, ic_error *err)
{
    ic_chart *c = calloc(1, sizeof *c);
    if (!c) {
        ic_error_set(err, IC_ERR_NOMEM, spec_path, 0, 0, "out of memory");
        return NULL;
    }
    c->spec = ic_spec_load_limited(spec_path, limits, err);
    if (!c->spec)
        goto fail;
    c->kind = ic_chart_kind_find(c->spec->chart);
    if (!c->kind) {
        ic_error_set(err, IC_ERR_SPEC, spec_path, c->spec->pos_chart.line, c->spec->pos_chart.column,
                     "unknown chart kind '%s'", c->spec->chart);
        goto fail;
    }
    if (ic_chart_read_data(c, NULL, err) != 0)
        goto fail;
    return c;
fail:
    ic_chart_free(c);
    return NULL;
}

/* The table of chart `c`: its CSV file, or `data` from memory. */
static ic_table *read_table(ic_chart *c, const ic_data *data, ic_error *err)
{
    ic_csv_options opt = {0};
    opt.delimiter = c->spec->delimiter;
    opt.decimal = c->spec->decimal;
    opt.thousands = c->spec->thousands;
    opt.max_rows = c->spec->limits.rows;
    opt.max_columns = c->spec->limits.columns;
    opt.max_field_bytes = c->spec->limits.field_bytes;
    opt.max_bytes = c->spec->limits.csv_bytes;
    opt.overrides = c->spec->types;
    opt.noverrides = c->spec->ntypes;
    opt.dates = (ic_date_options){c->spec->x, c->spec->x_format};
    ic_reduce_options reduce;
    if (reducible(c->spec, &reduce))
        opt.reduce = &reduce;
    ic_error table_err = {0};
    ic_table *t = data ? ic_data_table(data, &opt, &c->data_map, &table_err)
                       : ic_table_read(c->spec->data, &opt, &table_err);
    if (t)
        return t;
    if (!data && table_err.code == IC_ERR_IO && table_err.line == 0)
        /* a data file that cannot be opened is the spec's mistake: point there */
        ic_error_set(err, IC_ERR_IO, c->spec->path, c->spec->pos_data.line, c->spec->pos_data.column,
                     "data file '%s': %s", c->spec->data, table_err.message);
    else if (!types_error_in_spec(c->spec, &table_err, err) && err && err->code == IC_OK)
        *err = table_err;
    return NULL;
}

int ic_chart_read_data(ic_chart *c, const ic_data *data, ic_error *err)
{
    const char *spec_path = c->spec->path;
    c->table = read_table(c, data, err);
    if (!c->table)
        return -1;
    /* long tables become wide, rows sharing an x value are combined */
    if (ic_reshape(c->spec, &c->table, err) != 0 || ic_spec_check_columns(c->spec, c->table, err) != 0)
        goto fail;
    /* keys of other chart kinds, then the spec's own colours that data
     * marks could not be seen in (never changed, said once per chart) */
    if (ic_spec_note_warnings(c->spec, c->table) < 0 || ic_contrast_note_spec(c->spec, c->table) < 0) {
        ic_error_set(err, IC_ERR_NOMEM, spec_path, 0, 0, "out of memory");
        goto fail;
    }
    if (convert_digits(c, err) != 0 || find_facets(c, err) != 0)
        goto fail;
    /* what the facets share, computed once here so facets laid out in
     * parallel read the same values */
    if (c->spec->facet && !c->spec->facet_independent &&
        !(c->share = ic_facet_share_new(c->spec, c->table, c->facets, c->facet_names, c->nfacets, c->facet_rows,
                                          c->facet_start, err)))
        goto fail;
    /* a faceted spec is validated per facet, on its own rows */
    if (!c->spec->facet && c->kind->validate && c->kind->validate(c->spec, c->table, err) != 0)
        goto fail;
    return 0;
fail:
    ic_data_map_error(c->data_map, err);
    return -1;
}

void ic_chart_free(ic_chart *c)
{
    if (!c)
        return;
    ic_spec_free(c->spec);
    ic_table_free(c->table);
    for (size_t i = 0; i < c->nfacets; i++) {
        free(c->facets[i]);
        free(c->facet_names ? c->facet_names[i] : NULL);
    }
    free(c->facets);
    free(c->facet_names);
    free(c->facet_rows);
    free(c->facet_start);
    ic_facet_share_free(c->share);
    ic_data_map_free(c->data_map);
    free(c);
}

size_t ic_chart_note_count(const ic_chart *c)
{
    return c->table ? c->table->nnotes : 0;
}

const char *ic_chart_note(const ic_chart *c, size_t i)
{
    return i < ic_chart_note_count(c) ? c->table->notes[i] : NULL;
}

size_t ic_chart_output_count(const ic_chart *c)
{
    return c->spec->noutputs;
}

const char *ic_chart_spec_path(const ic_chart *c)
{
    return c->spec->path;
}

const char *ic_chart_data_path(const ic_chart *c)
{
    return c->spec->data_given ? NULL : c->spec->data;
}

const char *ic_chart_output_path(const ic_chart *c, size_t i, const char *out_dir, char *buf, size_t size)
{
    const char *dir = out_dir ? out_dir : c->spec->dir;
    if (i >= c->spec->noutputs)
        return NULL;
    int n = snprintf(buf, size, "%s/%s", dir, c->spec->outputs[i]);
    return n >= 0 && (size_t)n < size ? buf : NULL; /* never a cut (other) path */
}

/* The chart laid out on a canvas `height` units tall. */
static ic_scene *layout_at(const ic_chart *c, const ic_fonts *fonts, double height, ic_error *err)
{
    ic_scene *scene = ic_scene_new(c->spec->width, height, fonts);
    if (!scene) {
        ic_error_set(err, IC_ERR_NOMEM, c->spec->path, 0, 0, "out of memory");
        return NULL;
    }
    scene->scale = c->spec->scale;
    scene->max_pixels = c->spec->limits.pixels;
    /* text is shaped for the chart's language and direction */
    if (c->spec->lang)
        snprintf(scene->lang, sizeof scene->lang, "%s", c->spec->lang);
    scene->rtl = c->spec->rtl;
    scene->missing_glyphs_error = c->spec->missing_glyphs_error;
    scene->svg_text_paths = c->spec->svg_text_paths;
    scene->title = ic_strdup(c->spec->title);
    ic_layout L;
    if (!scene->title || ic_layout_init(&L, c->spec, c->table, scene, err) != 0)
        goto fail;
    L.share = c->share;
    if (!ic_scene_rect(scene, IC_ROLE_BACKGROUND, 0, 0, scene->width, scene->height, L.theme.background))
        goto fail;
    if (c->kind->layout(&L) != 0) {
        if (scene->missing_glyph_error[0])
            /* the text engine refused a character no bundled font has */
            ic_error_set(err, IC_ERR_FONT, c->spec->path, 0, 0, "%s", scene->missing_glyph_error);
        goto fail;
    }
    ic_contrast_fix_text(&L);
    /* alt text from what was drawn (trend notes, big numbers) and the data */
    scene->desc = ic_chart_describe(c->spec, c->table, scene, IC_ALT_TEXT_LIMIT);
    if (!scene->desc)
        goto fail;
    if (c->spec->rtl) {
        /* time axes keep running left to right unless asked ("mirror_time");
         * kinds without time_axis handle that in their own layout */
        int xcol = ic_table_find(c->table, c->spec->x);
        ic_col_type xt = c->table->cols[xcol].type;
        int timeline = c->kind->time_axis && (xt == IC_COL_YEAR || xt == IC_COL_DATE || xt == IC_COL_NUMBER);
        if (timeline && !c->spec->mirror_time)
            ic_scene_mirror_frame(scene);
        else
            ic_scene_mirror(scene);
    }
    return scene;
fail:
    ic_error_set(err, IC_ERR_NOMEM, c->spec->path, 0, 0, "out of memory");
    ic_scene_free(scene);
    return NULL;
}

/* ic_chart_layout before positions in columns from C are told as rows
 * and columns. */
static ic_scene *layout(const ic_chart *c, const ic_fonts *fonts, ic_error *err)
{
    /* on paper the width is the column's and the height is free up to the
     * page's text block: a chart whose content does not fit its preset's
     * height, or fits only by leaving something out (scene->lost), is
     * tried at the page's height; when that loses less, the shortest
     * height (in steps of a fifth) that loses no more than the page's is
     * kept. So a chart growth cannot help costs two layouts. */
    double h0 = c->spec->height, hmax = c->spec->max_height;
    ic_error first_err = {0};
    ic_scene *first = layout_at(c, fonts, h0, &first_err);
    if ((first && first->lost == 0) || h0 >= hmax || (!first && first_err.code != IC_ERR_DATA)) {
        if (!first && err && !ic_error_is_set(err))
            *err = first_err;
        return first;
    }
    ic_error top_err = {0};
    ic_scene *top = layout_at(c, fonts, hmax, &top_err);
    if (!top || (first && top->lost >= first->lost)) {
        ic_scene_free(top);
        if (!first && err && !ic_error_is_set(err))
            *err = first_err;
        return first;
    }
    ic_scene_free(first);
    /* the heights h0 * 1.2^k below the page's, searched by halves (taller
     * loses no more, so the first that does as well as the page is found) */
    double heights[32];
    int n = 0;
    for (double h = ceil(h0 * 1.2); h < hmax && n < 32; h = ceil(h * 1.2))
        heights[n++] = h;
    int lo = 0, hi = n; /* the answer is in heights[lo..hi), hi = n: the page */
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        ic_error tried = {0};
        ic_scene *scene = layout_at(c, fonts, heights[mid], &tried);
        if (scene && scene->lost <= top->lost) {
            ic_scene_free(top);
            top = scene;
            hi = mid;
        } else {
            ic_scene_free(scene);
            lo = mid + 1;
        }
    }
    return top;
}

ic_scene *ic_chart_layout(const ic_chart *c, const ic_fonts *fonts, ic_error *err)
{
    ic_scene *scene = layout(c, fonts, err);
    if (!scene)
        ic_data_map_error(c->data_map, err);
    return scene;
}
