/* Replays a scene onto a cairo context. Makes no decisions. */
#include "scene/scene.h"
#include "core/error.h"

#include <cairo.h>
#include <stdlib.h>
#include <string.h>

static void set_color(cairo_t *cr, ic_color c)
{
    cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a);
}

/* Maps glyphs back to the UTF-8 they show, so PDF text can be searched and
 * copied. Returns NULL (plain glyphs are drawn) when the clusters are not in
 * logical order or cannot be allocated. */
static cairo_text_cluster_t *make_clusters(const ic_mark *m, int *count)
{
    size_t n = m->shaped.n, len = strlen(m->text);
    const unsigned *cl = m->shaped.cluster;
    for (size_t i = 1; i < n; i++)
        if (cl[i] < cl[i - 1])
            return NULL;
    if (n == 0 || cl[0] != 0)
        return NULL;
    cairo_text_cluster_t *out = cairo_text_cluster_allocate((int)n);
    if (!out)
        return NULL;
    int k = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && cl[j] == cl[i])
            j++;
        size_t next = j < n ? cl[j] : len;
        out[k].num_bytes = (int)(next - cl[i]);
        out[k].num_glyphs = (int)(j - i);
        k++;
        i = j;
    }
    *count = k;
    return out;
}

static int draw_text(cairo_t *cr, const ic_scene *s, const ic_mark *m)
{
    const ic_face *face = ic_fonts_face(s->fonts, m->font);
    size_t n = m->shaped.n;
    if (n == 0)
        return 0;
    cairo_glyph_t *glyphs = cairo_glyph_allocate((int)n);
    if (!glyphs)
        return -1;
    for (size_t i = 0; i < n; i++) {
        glyphs[i].index = m->shaped.glyphs[i];
        glyphs[i].x = m->bx + m->shaped.x[i];
        glyphs[i].y = m->by + m->shaped.y[i];
    }
    cairo_set_font_face(cr, face->cairo);
    cairo_set_font_size(cr, m->size);
    set_color(cr, m->color);
    cairo_text_cluster_t *clusters = NULL;
    int nclusters = 0;
    if (cairo_surface_has_show_text_glyphs(cairo_get_target(cr)))
        clusters = make_clusters(m, &nclusters);
    if (clusters)
        cairo_show_text_glyphs(cr, m->text, -1, glyphs, (int)n, clusters, nclusters, 0);
    else
        cairo_show_glyphs(cr, glyphs, (int)n);
    cairo_text_cluster_free(clusters);
    cairo_glyph_free(glyphs);
    return 0;
}

int ic_scene_render_cairo(const ic_scene *s, struct _cairo *cr, ic_error *err)
{
    cairo_save(cr);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    cairo_set_font_options(cr, fo);
    cairo_font_options_destroy(fo);

    int rc = 0;
    for (size_t i = 0; i < s->n && rc == 0; i++) {
        const ic_mark *m = &s->marks[i];
        switch (m->kind) {
        case IC_MARK_RECT:
            set_color(cr, m->color);
            cairo_rectangle(cr, m->x, m->y, m->w, m->h);
            cairo_fill(cr);
            break;
        case IC_MARK_LINE:
            set_color(cr, m->color);
            cairo_set_line_width(cr, m->width);
            cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
            cairo_move_to(cr, m->x, m->y);
            cairo_line_to(cr, m->x2, m->y2);
            cairo_stroke(cr);
            break;
        case IC_MARK_TEXT:
            rc = draw_text(cr, s, m);
            break;
        }
    }
    cairo_status_t st = cairo_status(cr);
    cairo_restore(cr);
    if (rc != 0 || st != CAIRO_STATUS_SUCCESS)
        return ic_error_set(err, IC_ERR_RENDER, NULL, 0, 0, "drawing failed: %s",
                            rc != 0 ? "out of memory" : cairo_status_to_string(st));
    return 0;
}
