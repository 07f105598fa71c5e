/* Alt text from the data (docs/alt-text.md). The description is a few
 * sentences ("parts"), each in the chart's language; when the whole is over
 * the limit, parts are left out in DROP_ORDER until it fits. */
#include "charts/describe.h"
#include "core/buf.h"
#include "core/util.h"
#include "layout/format.h"
#include "layout/locale.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The parts, in the order they are read. */
enum {
    P_HEADLINE,  /* "Bar chart: <title>." */
    P_SUBTITLE,
    P_FIGURE,    /* the big number and its label (stat, donut, waffle), its context line */
    P_TREND,     /* the computed trend notes, as drawn */
    P_EXTREMES,  /* "Highest: A (v); lowest: B (v)." */
    P_VALUES,    /* few values: all of them in chart order; many: a count, the top and bottom three */
    P_HIGHLIGHT,
    P_NOTE,
    P_SOURCE,
    P_COUNT
};

/* What goes first when the text is too long; the headline and the source stay. */
static const int DROP_ORDER[] = {P_VALUES, P_NOTE, P_HIGHLIGHT, P_SUBTITLE, P_FIGURE, P_TREND, P_EXTREMES};

/* A chart with up to this many values lists them all. */
#define FEW_VALUES 8
/* A chart with more lists this many of its highest and of its lowest. */
#define TOP_N 3

size_t ic_utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Appends `s` with runs of white space (line breaks too) as one space. */
static void put_plain(ic_buf *b, const char *s)
{
    int space = 0;
    for (; *s; s++) {
        if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
            space = 1;
            continue;
        }
        if (space && b->len > 0 && b->data[b->len - 1] != ' ')
            ic_buf_puts(b, " ");
        space = 0;
        ic_buf_append(b, s, 1);
    }
}

/* Appends `tpl` with its one placeholder `key` ("{list}", "%s") replaced by `value`. */
static void put_template(ic_buf *b, const char *tpl, const char *key, const char *value)
{
    const char *at = strstr(tpl, key);
    if (!at) {
        ic_buf_puts(b, tpl);
        return;
    }
    ic_buf_append(b, tpl, (size_t)(at - tpl));
    put_plain(b, value);
    ic_buf_puts(b, at + strlen(key));
}

/* 1 when the text in `b` already ends a sentence. */
static int ends_sentence(const ic_buf *b)
{
    static const char *const marks[] = {".", "!", "?", ":", "\xE2\x80\xA6" /* … */, "\xDB\x94" /* ۔ */,
                                        "\xD8\x9F" /* ؟ */};
    for (size_t i = 0; i < sizeof marks / sizeof *marks; i++) {
        size_t n = strlen(marks[i]);
        if (b->len >= n && memcmp(b->data + b->len - n, marks[i], n) == 0)
            return 1;
    }
    return 0;
}

static void end_sentence(ic_buf *b, const ic_locale *loc)
{
    while (b->len > 0 && b->data[b->len - 1] == ' ')
        ic_buf_truncate(b, b->len - 1);
    if (b->len > 0 && !ends_sentence(b))
        ic_buf_puts(b, loc->stop);
}

static const char *kind_name(const ic_locale *loc, const char *chart)
{
    static const struct { const char *kind; size_t offset; } names[] = {
        {"bar", offsetof(ic_locale, chart_bar)},     {"line", offsetof(ic_locale, chart_line)},
        {"area", offsetof(ic_locale, chart_area)},   {"donut", offsetof(ic_locale, chart_donut)},
        {"pie", offsetof(ic_locale, chart_pie)},     {"waffle", offsetof(ic_locale, chart_waffle)},
        {"stat", offsetof(ic_locale, chart_stat)},   {"dumbbell", offsetof(ic_locale, chart_dumbbell)},
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(chart, names[i].kind) == 0)
            return *(const char *const *)((const char *)loc + names[i].offset);
    return NULL; /* a kind without words yet: the headline is the title alone */
}

/* The texts of every mark with `role`, in scene order, joined by spaces
 * (a wrapped note is one text again). */
static void put_role_text(ic_buf *b, const ic_scene *scene, ic_role role)
{
    for (size_t i = 0; i < scene->n; i++) {
        const ic_mark *m = &scene->marks[i];
        if (m->kind != IC_MARK_TEXT || m->role != role || !m->text || !m->text[0])
            continue;
        if (b->len > 0 && b->data[b->len - 1] != ' ')
            ic_buf_puts(b, " ");
        put_plain(b, m->text);
    }
}

/* One value of the chart: a row of one series. */
typedef struct point {
    size_t row, series;
    double value;
} point;

typedef struct values {
    const ic_spec *spec;
    const ic_table *t;
    const ic_locale *loc;
    int xcol;
    int ycols[64];
    size_t ny;
    ic_numfmt fmt;
    point *pts;     /* every row of every series, in chart order */
    size_t n;
    size_t *order;  /* indexes of the points with a value, highest first */
    size_t nvalued;
} values;

/* "Women (39%)", "Girls 2022 (22%)" (several series), "2020 (no data)". */
static void put_point(ic_buf *b, const values *V, const point *p)
{
    const ic_column *x = &V->t->cols[V->xcol];
    if (V->ny > 1) {
        char label[256];
        ic_series_label(V->spec, p->series, label, sizeof label);
        put_plain(b, label);
        ic_buf_puts(b, " ");
    }
    const char *cat = ic_cell_text_brief(x, p->row);
    char digits[128];
    if ((x->type == IC_COL_YEAR || x->type == IC_COL_NUMBER) && strlen(cat) < 32) {
        snprintf(digits, sizeof digits, "%s", cat); /* digits as on the axis */
        ic_digits_convert(digits, sizeof digits, V->spec->digits);
        cat = digits;
    }
    put_plain(b, cat);
    char v[96];
    if (isnan(p->value))
        snprintf(v, sizeof v, "%s", V->loc->no_data);
    else
        ic_numfmt_format(&V->fmt, p->value, v, sizeof v);
    ic_buf_puts(b, " (");
    put_plain(b, v);
    ic_buf_puts(b, ")");
}

/* The points idx[0..n) joined by the list separator. */
static char *point_list(const values *V, const size_t *idx, size_t n)
{
    ic_buf b = IC_BUF_INIT;
    ic_buf_puts(&b, "");
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            ic_buf_puts(&b, V->loc->list_sep);
        put_point(&b, V, &V->pts[idx[i]]);
    }
    return ic_buf_take(&b);
}

static int values_init(values *V, const ic_spec *spec, const ic_table *t, const ic_locale *loc)
{
    memset(V, 0, sizeof *V);
    V->spec = spec;
    V->t = t;
    V->loc = loc;
    V->xcol = ic_table_find(t, spec->x);
    V->ny = spec->ny < 64 ? spec->ny : 64;
    for (size_t s = 0; s < V->ny; s++)
        V->ycols[s] = ic_table_find(t, spec->y[s]);
    if (V->xcol < 0)
        return 0;
    for (size_t s = 0; s < V->ny; s++)
        if (V->ycols[s] < 0)
            return 0;
    V->fmt = ic_numfmt_resolve(&spec->number, t, V->ycols, V->ny);
    size_t n = t->nrows * V->ny;
    V->pts = calloc(n ? n : 1, sizeof *V->pts);
    V->order = calloc(n ? n : 1, sizeof *V->order);
    if (!V->pts || !V->order)
        return -1;
    /* series by series for several series over time, else row by row */
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t s = 0; s < V->ny; s++) {
            point *p = &V->pts[V->n++];
            p->row = r;
            p->series = s;
            p->value = t->cols[V->ycols[s]].value[r];
        }
    for (size_t i = 0; i < V->n; i++)
        if (!isnan(V->pts[i].value))
            V->order[V->nvalued++] = i;
    /* highest first, ties in chart order (a stable insertion sort: qsort
     * has neither stability nor a closure for the points) */
    for (size_t i = 1; i < V->nvalued; i++) {
        size_t k = V->order[i], j = i;
        while (j > 0) {
            const point *p = &V->pts[V->order[j - 1]], *q = &V->pts[k];
            if (p->value >= q->value)
                break;
            V->order[j] = V->order[j - 1];
            j--;
        }
        V->order[j] = k;
    }
    return 0;
}

static void values_free(values *V)
{
    free(V->pts);
    free(V->order);
}

/* "Highest: A (v); lowest: B (v)." with `k` points at each end. */
static void put_extremes(ic_buf *b, const values *V, size_t k)
{
    char *top = point_list(V, V->order, k);
    char *bottom = NULL;
    size_t *rev = malloc(k * sizeof *rev);
    if (rev) {
        for (size_t i = 0; i < k; i++) /* lowest first */
            rev[i] = V->order[V->nvalued - 1 - i];
        bottom = point_list(V, rev, k);
    }
    if (top && bottom) {
        put_template(b, V->loc->highest, "{list}", top);
        ic_buf_puts(b, V->loc->clause_sep);
        put_template(b, V->loc->lowest, "{list}", bottom);
        end_sentence(b, V->loc);
    } else {
        b->failed = 1;
    }
    free(rev);
    free(top);
    free(bottom);
}

/* The value parts: extremes, and the list or count. */
static void put_values(ic_buf *parts, const values *V)
{
    ic_buf *ext = &parts[P_EXTREMES], *list = &parts[P_VALUES];
    if (V->n == 0)
        return;
    if (V->nvalued == 0) { /* the chart says "no data" */
        put_plain(ext, V->loc->no_data);
        end_sentence(ext, V->loc);
        return;
    }
    if (V->nvalued == 1 && V->n == 1) {
        put_point(ext, V, &V->pts[V->order[0]]);
        end_sentence(ext, V->loc);
        return;
    }
    put_extremes(ext, V, 1);
    if (V->n <= FEW_VALUES) {
        if (V->n <= 2)
            return; /* the extremes said it all */
        size_t *all = malloc(V->n * sizeof *all);
        if (!all) {
            list->failed = 1;
            return;
        }
        for (size_t i = 0; i < V->n; i++)
            all[i] = i;
        char *s = point_list(V, all, V->n);
        free(all);
        if (!s) {
            list->failed = 1;
            return;
        }
        ic_buf_puts(list, s);
        free(s);
        end_sentence(list, V->loc);
        return;
    }
    /* many: "40 values. Highest: A, B, C; lowest: X, Y, Z." replaces the extremes */
    char n[32];
    snprintf(n, sizeof n, "%zu", V->n);
    ic_digits_convert(n, sizeof n, V->spec->digits);
    put_template(list, V->loc->count, "{n}", n);
    end_sentence(list, V->loc);
    ic_buf_puts(list, " ");
    put_extremes(list, V, V->nvalued / 2 < TOP_N ? V->nvalued / 2 : TOP_N);
}

/* Joins the parts still `kept` with spaces. */
static void join(ic_buf *out, ic_buf *parts, const int *kept, int skip_extremes)
{
    ic_buf_truncate(out, 0);
    ic_buf_puts(out, "");
    for (int p = 0; p < P_COUNT; p++) {
        if (!kept[p] || parts[p].len == 0 || (p == P_EXTREMES && skip_extremes))
            continue;
        if (out->len > 0)
            ic_buf_puts(out, " ");
        ic_buf_append(out, parts[p].data, parts[p].len);
    }
}

/* Cuts `b` to fewer than `limit` characters at a space, ending with "…". */
static void cut_at_space(ic_buf *b, size_t limit)
{
    size_t chars = 0, last_space = 0;
    for (size_t i = 0; i < b->len; i++) {
        if (((unsigned char)b->data[i] & 0xC0) == 0x80)
            continue;
        if (chars + 1 >= limit - 1) /* room for "…" */
            break;
        if (b->data[i] == ' ')
            last_space = i;
        chars++;
    }
    ic_buf_truncate(b, last_space); /* (one word longer than the limit: nothing of it) */
    ic_buf_puts(b, "\xE2\x80\xA6");
}

char *ic_chart_describe(const ic_spec *spec, const ic_table *t, const ic_scene *scene, size_t limit)
{
    if (spec->description)
        return ic_strdup(spec->description);
    const ic_locale *loc = ic_locale_for(spec->lang);
    ic_buf parts[P_COUNT];
    for (int p = 0; p < P_COUNT; p++)
        parts[p] = (ic_buf)IC_BUF_INIT;
    ic_buf out = IC_BUF_INIT;
    values V;
    int failed = values_init(&V, spec, t, loc) != 0;

    const char *kind = kind_name(loc, spec->chart);
    if (kind) {
        ic_buf_puts(&parts[P_HEADLINE], kind);
        ic_buf_puts(&parts[P_HEADLINE], ": ");
    }
    put_plain(&parts[P_HEADLINE], spec->title ? spec->title : "");
    end_sentence(&parts[P_HEADLINE], loc);
    if (spec->subtitle) {
        put_plain(&parts[P_SUBTITLE], spec->subtitle);
        end_sentence(&parts[P_SUBTITLE], loc);
    }
    if (scene) {
        ic_buf *f = &parts[P_FIGURE];
        put_role_text(f, scene, IC_ROLE_CENTER_VALUE);
        put_role_text(f, scene, IC_ROLE_CENTER_LABEL);
        end_sentence(f, loc);
        size_t at = f->len;
        put_role_text(f, scene, IC_ROLE_CONTEXT);
        if (f->len > at)
            end_sentence(f, loc);
        put_role_text(&parts[P_TREND], scene, IC_ROLE_TREND);
        end_sentence(&parts[P_TREND], loc);
        put_role_text(&parts[P_NOTE], scene, IC_ROLE_NOTE);
        end_sentence(&parts[P_NOTE], loc);
    }
    if (!failed)
        put_values(parts, &V);
    if (spec->nhighlight > 0) {
        ic_buf names = IC_BUF_INIT;
        ic_buf_puts(&names, "");
        for (size_t i = 0; i < spec->nhighlight; i++) {
            if (i > 0)
                ic_buf_puts(&names, loc->list_sep);
            ic_buf_puts(&names, spec->highlight[i]);
        }
        if (names.data)
            put_template(&parts[P_HIGHLIGHT], loc->highlighted, "{list}", names.data);
        failed |= names.failed;
        ic_buf_free(&names);
        end_sentence(&parts[P_HIGHLIGHT], loc);
    }
    if (spec->source) {
        put_template(&parts[P_SOURCE], loc->source, "%s", spec->source);
        end_sentence(&parts[P_SOURCE], loc);
    }

    int kept[P_COUNT];
    for (int p = 0; p < P_COUNT; p++) {
        kept[p] = 1;
        failed |= parts[p].failed;
    }
    /* with many values, the value part holds the extremes too */
    int many = !failed && V.n > FEW_VALUES && V.nvalued > 0;
    join(&out, parts, kept, many);
    for (size_t d = 0; d < sizeof DROP_ORDER / sizeof *DROP_ORDER && ic_utf8_chars(out.data) >= limit; d++) {
        kept[DROP_ORDER[d]] = 0;
        if (DROP_ORDER[d] == P_VALUES)
            many = 0; /* the plain extremes take the list's place */
        join(&out, parts, kept, many);
    }
    if (!out.failed && ic_utf8_chars(out.data) >= limit)
        cut_at_space(&out, limit);

    for (int p = 0; p < P_COUNT; p++)
        ic_buf_free(&parts[p]);
    values_free(&V);
    if (failed) {
        ic_buf_free(&out);
        return NULL;
    }
    return ic_buf_take(&out);
}

const char *ic_scene_alt_text(const ic_scene *scene)
{
    if (!scene)
        return NULL;
    return scene->desc ? scene->desc : "";
}
