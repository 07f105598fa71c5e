/* Replays a scene onto a cairo context. Makes no decisions. */
#include "scene/scene.h"
#include "scene/image.h"
#include "core/error.h"
#include "core/util.h"

#include <cairo.h>
#include <math.h>
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

static void set_dash(cairo_t *cr, const ic_mark *m)
{
    double d[2] = {m->width * 3, m->width * 2.5};
    cairo_set_dash(cr, d, m->dashed ? 2 : 0, 0);
}

static void draw_path(cairo_t *cr, const ic_mark *m)
{
    const double *p = m->pts;
    for (size_t i = 0; i < m->nops; i++) {
        switch (m->ops[i]) {
        case IC_PATH_MOVE: cairo_move_to(cr, p[0], p[1]); p += 2; break;
        case IC_PATH_LINE: cairo_line_to(cr, p[0], p[1]); p += 2; break;
        case IC_PATH_CURVE: cairo_curve_to(cr, p[0], p[1], p[2], p[3], p[4], p[5]); p += 6; break;
        case IC_PATH_CLOSE: cairo_close_path(cr); break;
        }
    }
    set_color(cr, m->color);
    if (m->width > 0) {
        set_dash(cr, m);
        cairo_set_line_width(cr, m->width);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
        cairo_stroke(cr);
    } else {
        cairo_fill(cr);
    }
}

/* Scene angles are degrees clockwise from 12 o'clock; cairo's are radians
 * clockwise (y down) from 3 o'clock. */
static double to_cairo_angle(double degrees)
{
    return (degrees - 90) * IC_PI / 180;
}

static void draw_arc(cairo_t *cr, const ic_mark *m)
{
    set_color(cr, m->color);
    cairo_new_sub_path(cr);
    cairo_arc(cr, m->x2, m->y2, m->r, to_cairo_angle(m->a0), to_cairo_angle(m->a1));
    if (m->r0 > 0)
        cairo_arc_negative(cr, m->x2, m->y2, m->r0, to_cairo_angle(m->a1), to_cairo_angle(m->a0));
    else
        cairo_line_to(cr, m->x2, m->y2);
    cairo_close_path(cr);
    cairo_fill(cr);
}

/* Sets the face to draw with; -2 when FreeType cannot read its font. */
static int set_face(cairo_t *cr, const ic_face *face)
{
    cairo_font_face_t *f = ic_face_cairo(face);
    if (!f)
        return -2;
    cairo_set_font_face(cr, f);
    return 0;
}

/* Draws each run's glyphs with the run's face. PDF text clusters (searchable,
 * copyable text) are given for text set in one left-to-right run; other text
 * is drawn as plain glyphs. */
static int draw_text(cairo_t *cr, const ic_scene *s, const ic_mark *m)
{
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
    cairo_set_font_size(cr, m->size);
    set_color(cr, m->color);
    int rc = 0;
    if (m->shaped.nruns == 0) {
        /* shaped without runs: the primary face */
        if ((rc = set_face(cr, ic_fonts_face(s->fonts, m->font))) == 0)
            cairo_show_glyphs(cr, glyphs, (int)n);
    } else if (m->shaped.nruns == 1 && !m->shaped.runs[0].rtl) {
        cairo_set_font_size(cr, m->size * m->shaped.runs[0].face->scale);
        if ((rc = set_face(cr, m->shaped.runs[0].face)) != 0) {
            cairo_glyph_free(glyphs);
            return rc;
        }
        cairo_text_cluster_t *clusters = NULL;
        int nclusters = 0;
        if (cairo_surface_has_show_text_glyphs(cairo_get_target(cr)))
            clusters = make_clusters(m, &nclusters);
        if (clusters)
            cairo_show_text_glyphs(cr, m->text, -1, glyphs, (int)n, clusters, nclusters, 0);
        else
            cairo_show_glyphs(cr, glyphs, (int)n);
        cairo_text_cluster_free(clusters);
    } else {
        for (size_t r = 0; r < m->shaped.nruns; r++) {
            const ic_text_run *run = &m->shaped.runs[r];
            if (run->n == 0)
                continue;
            if ((rc = set_face(cr, run->face)) != 0)
                break;
            cairo_set_font_size(cr, m->size * run->face->scale); /* Arabic script is set larger */
            cairo_show_glyphs(cr, glyphs + run->start, (int)run->n);
        }
    }
    cairo_glyph_free(glyphs);
    return rc;
}

int ic_scene_render_cairo(const ic_scene *s, struct _cairo *cr, ic_error *err)
{
    return ic_scene_render_cairo_flags(s, cr, 0, err);
}

int ic_scene_render_cairo_flags(const ic_scene *s, struct _cairo *cr, unsigned flags, ic_error *err)
{
    if (!s || !cr)
        return ic_error_set(err, IC_ERR_USAGE, NULL, 0, 0, "ic_scene_render_cairo: %s is NULL",
                            !s ? "the scene" : "the cairo context");
    cairo_save(cr);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    cairo_set_font_options(cr, fo);
    cairo_font_options_destroy(fo);

    int rc = 0, image_failed = 0;
    for (size_t i = 0; i < s->n && rc == 0 && !image_failed; i++) {
        const ic_mark *m = &s->marks[i];
        if ((flags & IC_RENDER_TRANSPARENT) && m->role == IC_ROLE_BACKGROUND)
            continue; /* the caller's page shows through */
        switch (m->kind) {
        case IC_MARK_RECT:
            set_color(cr, m->color);
            cairo_rectangle(cr, m->x, m->y, m->w, m->h);
            cairo_fill(cr);
            break;
        case IC_MARK_LINE:
            set_color(cr, m->color);
            set_dash(cr, m);
            cairo_set_line_width(cr, m->width);
            cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
            cairo_move_to(cr, m->x, m->y);
            cairo_line_to(cr, m->x2, m->y2);
            cairo_stroke(cr);
            break;
        case IC_MARK_TEXT:
            rc = draw_text(cr, s, m);
            break;
        case IC_MARK_PATH:
            draw_path(cr, m);
            break;
        case IC_MARK_CIRCLE:
            set_color(cr, m->color);
            cairo_new_sub_path(cr);
            cairo_arc(cr, m->x2, m->y2, m->r, 0, 2 * IC_PI);
            cairo_fill(cr);
            break;
        case IC_MARK_ARC:
            draw_arc(cr, m);
            break;
        case IC_MARK_IMAGE:
            if (m->image && ic_image_draw(m->image, cr, m->x, m->y, m->w, m->h) != 0)
                image_failed = 1;
            break;
        }
    }
    cairo_status_t st = cairo_status(cr);
    cairo_restore(cr);
    if (rc == -2)
        return ic_error_set(err, IC_ERR_FONT, NULL, 0, 0, "drawing failed: FreeType cannot read a bundled font");
    if (image_failed)
        return ic_error_set(err, IC_ERR_RENDER, NULL, 0, 0, "drawing failed: the logo image cannot be drawn");
    if (rc != 0 || st != CAIRO_STATUS_SUCCESS)
        return ic_error_set(err, IC_ERR_RENDER, NULL, 0, 0, "drawing failed: %s",
                            rc != 0 ? "out of memory" : cairo_status_to_string(st));
    return 0;
}
