/* Glyph outlines for the SVG writer: the set of glyphs the scene's text uses
 * (a sorted array of keys), each drawn once with HarfBuzz into compact path
 * data: integer font units, relative commands after the first move. */
#include "output/svg_glyphs.h"

#include <hb.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int ic_svg_face_index(const ic_scene *s, const ic_face *face)
{
    if (!s->fonts || !face || !face->hb)
        return -1;
    for (int f = 0; f < IC_FAMILY_COUNT; f++)
        for (int st = 0; st < IC_FONT_COUNT; st++)
            if (s->fonts->faces[f][st].hb == face->hb)
                return f * IC_FONT_COUNT + st;
    return -1;
}

size_t ic_svg_text_runs(const ic_mark *m)
{
    return m->shaped.nruns ? m->shaped.nruns : (m->shaped.n ? 1 : 0);
}

int ic_svg_text_run(const ic_scene *s, const ic_mark *m, size_t r, size_t *start, size_t *n)
{
    if (m->shaped.nruns == 0) {
        *start = 0;
        *n = m->shaped.n;
        return s->fonts ? ic_svg_face_index(s, ic_fonts_face(s->fonts, m->font)) : -1;
    }
    const ic_text_run *run = &m->shaped.runs[r];
    *start = run->start;
    *n = run->n;
    return ic_svg_face_index(s, run->face);
}

/* ---- path data being written for one glyph ---- */

typedef struct outline {
    ic_svg_glyphs *g;
    int failed;
    int started;          /* a command was written for this glyph */
    char last;            /* the last command letter (repeats are left out) */
    long x, y;            /* current point, rounded */
    long x0, y0;          /* start of the open contour */
    int pending;          /* a line to (px, py) not written yet: dropped if it only closes the contour */
    long px, py;
} outline;

static int grow(ic_svg_glyphs *g, size_t extra)
{
    if (g->len + extra <= g->cap)
        return 0;
    size_t nc = g->cap ? g->cap * 2 : 16384;
    while (nc < g->len + extra)
        nc *= 2;
    char *nt = realloc(g->text, nc);
    if (!nt)
        return -1;
    g->text = nt;
    g->cap = nc;
    return 0;
}

/* Writes command `cmd` (left out when it repeats the last one) and `n`
 * integers, separated by a space unless the number starts with '-'. */
static void emit(outline *o, char cmd, const long *v, int n)
{
    if (o->failed || grow(o->g, 1 + (size_t)n * 22) != 0) {
        o->failed = 1;
        return;
    }
    char *p = o->g->text + o->g->len;
    int need_sep = 0;
    if (cmd != o->last || cmd == 'M' || cmd == 'm') {
        *p++ = cmd;
        o->last = cmd;
    } else {
        need_sep = 1;
    }
    for (int i = 0; i < n; i++) {
        long x = v[i];
        if (x < 0)
            *p++ = '-';
        else if (need_sep)
            *p++ = ' ';
        need_sep = 1;
        p = ic_svg_uint(p, x < 0 ? 0UL - (unsigned long)x : (unsigned long)x);
    }
    o->g->len = (size_t)(p - o->g->text);
    o->started = 1;
}

static void flush_line(outline *o)
{
    if (!o->pending)
        return;
    o->pending = 0;
    long v[2] = {o->px - o->x, o->py - o->y};
    if (v[1] == 0)
        emit(o, 'h', v, 1);
    else if (v[0] == 0)
        emit(o, 'v', v + 1, 1);
    else
        emit(o, 'l', v, 2);
    o->x = o->px;
    o->y = o->py;
}

static void move_to(hb_draw_funcs_t *df, void *data, hb_draw_state_t *st, float x, float y, void *u)
{
    (void)df, (void)st, (void)u;
    outline *o = data;
    flush_line(o);
    long nx = lroundf(x), ny = lroundf(y);
    if (o->started) {
        long v[2] = {nx - o->x, ny - o->y};
        emit(o, 'm', v, 2);
    } else {
        long v[2] = {nx, ny};
        emit(o, 'M', v, 2);
    }
    o->x = o->x0 = nx;
    o->y = o->y0 = ny;
}

static void line_to(hb_draw_funcs_t *df, void *data, hb_draw_state_t *st, float x, float y, void *u)
{
    (void)df, (void)st, (void)u;
    outline *o = data;
    flush_line(o);
    o->pending = 1;
    o->px = lroundf(x);
    o->py = lroundf(y);
}

static void quadratic_to(hb_draw_funcs_t *df, void *data, hb_draw_state_t *st, float cx, float cy, float x,
                         float y, void *u)
{
    (void)df, (void)st, (void)u;
    outline *o = data;
    flush_line(o);
    long nx = lroundf(x), ny = lroundf(y);
    long v[4] = {lroundf(cx) - o->x, lroundf(cy) - o->y, nx - o->x, ny - o->y};
    emit(o, 'q', v, 4);
    o->x = nx;
    o->y = ny;
}

static void cubic_to(hb_draw_funcs_t *df, void *data, hb_draw_state_t *st, float c1x, float c1y, float c2x,
                     float c2y, float x, float y, void *u)
{
    (void)df, (void)st, (void)u;
    outline *o = data;
    flush_line(o);
    long nx = lroundf(x), ny = lroundf(y);
    long v[6] = {lroundf(c1x) - o->x, lroundf(c1y) - o->y, lroundf(c2x) - o->x,
                 lroundf(c2y) - o->y, nx - o->x, ny - o->y};
    emit(o, 'c', v, 6);
    o->x = nx;
    o->y = ny;
}

/* 'z' draws the line back to the contour's start itself. */
static void close_path(hb_draw_funcs_t *df, void *data, hb_draw_state_t *st, void *u)
{
    (void)df, (void)st, (void)u;
    outline *o = data;
    if (o->pending && o->px == o->x0 && o->py == o->y0)
        o->pending = 0;
    flush_line(o);
    emit(o, 'z', NULL, 0);
    o->x = o->x0;
    o->y = o->y0;
}

/* ---- the set ---- */

static int cmp_key(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* The keys of every glyph drawn, sorted, each once. */
static uint32_t *used_keys(const ic_scene *s, size_t *count)
{
    size_t total = 0;
    for (size_t i = 0; i < s->n; i++)
        if (s->marks[i].kind == IC_MARK_TEXT)
            total += s->marks[i].shaped.n;
    uint32_t *keys = malloc((total ? total : 1) * sizeof *keys);
    if (!keys)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < s->n; i++) {
        const ic_mark *m = &s->marks[i];
        if (m->kind != IC_MARK_TEXT)
            continue;
        for (size_t r = 0; r < ic_svg_text_runs(m); r++) {
            size_t start, n;
            int face = ic_svg_text_run(s, m, r, &start, &n);
            for (size_t j = start; face >= 0 && j < start + n && j < m->shaped.n; j++)
                if (m->shaped.glyphs[j] <= 0xffff)
                    keys[k++] = IC_SVG_GLYPH_KEY(face, m->shaped.glyphs[j]);
        }
    }
    qsort(keys, k, sizeof *keys, cmp_key);
    size_t u = 0;
    for (size_t j = 0; j < k; j++)
        if (u == 0 || keys[j] != keys[u - 1])
            keys[u++] = keys[j];
    *count = u;
    return keys;
}

int ic_svg_glyphs_collect(const ic_scene *s, ic_svg_glyphs *out)
{
    memset(out, 0, sizeof *out);
    size_t n = 0;
    uint32_t *keys = used_keys(s, &n);
    hb_draw_funcs_t *df = hb_draw_funcs_create();
    out->glyphs = calloc(n ? n : 1, sizeof *out->glyphs);
    int rc = -1;
    if (!keys || !out->glyphs)
        goto done;
    hb_draw_funcs_set_move_to_func(df, move_to, NULL, NULL);
    hb_draw_funcs_set_line_to_func(df, line_to, NULL, NULL);
    hb_draw_funcs_set_quadratic_to_func(df, quadratic_to, NULL, NULL);
    hb_draw_funcs_set_cubic_to_func(df, cubic_to, NULL, NULL);
    hb_draw_funcs_set_close_path_func(df, close_path, NULL, NULL);
    hb_draw_funcs_make_immutable(df);
    for (size_t i = 0; i < n; i++) {
        unsigned face = keys[i] >> 16, gid = keys[i] & 0xffff;
        hb_font_t *font = s->fonts->faces[face / IC_FONT_COUNT][face % IC_FONT_COUNT].hb;
        outline o = {.g = out};
        ic_svg_glyph *g = &out->glyphs[out->n++];
        g->key = keys[i];
        g->d = out->len;
        hb_font_get_glyph_shape(font, gid, df, &o);
        flush_line(&o);
        if (o.failed)
            goto done;
        g->dlen = out->len - g->d;
    }
    rc = 0;
done:
    hb_draw_funcs_destroy(df);
    free(keys);
    return rc;
}

const ic_svg_glyph *ic_svg_glyphs_find(const ic_svg_glyphs *g, uint32_t key)
{
    size_t lo = 0, hi = g->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (g->glyphs[mid].key < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < g->n && g->glyphs[lo].key == key ? &g->glyphs[lo] : NULL;
}

void ic_svg_glyphs_free(ic_svg_glyphs *g)
{
    free(g->glyphs);
    free(g->text);
    memset(g, 0, sizeof *g);
}
