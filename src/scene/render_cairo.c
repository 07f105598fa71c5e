/* Replays a scene onto a cairo context. Makes no decisions. */
#include "scene/scene.h"
#include "scene/image.h"
#include "scene/render_tags.h"
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

/* Maps the glyphs of a left-to-right `run` back to the UTF-8 they show, so
 * PDF text can be searched, copied and read aloud (pdftotext gives the words
 * back): HarfBuzz's clusters, in the order of the text. Bytes without a
 * glyph (a character no font has) join the cluster before them. Returns
 * NULL (plain glyphs are drawn) when the clusters do not follow the text in
 * order or cannot be allocated. */
static cairo_text_cluster_t *make_clusters(const ic_mark *m, const ic_text_run *run, int *count)
{
    size_t n = run->n;
    const unsigned *cl = m->shaped.cluster + run->start;
    unsigned lo = run->byte_start, hi = run->byte_start + run->byte_len;
    cairo_text_cluster_t *out = cairo_text_cluster_allocate((int)n);
    if (!out)
        return NULL;
    int k = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && cl[j] == cl[i])
            j++;
        unsigned from = i == 0 ? lo : cl[i];
        unsigned to = j < n ? cl[j] : hi;
        if (cl[i] < lo || to <= cl[i] || to > hi) { /* not in order, or outside the run */
            cairo_text_cluster_free(out);
            return NULL;
        }
        out[k].num_bytes = (int)(to - from);
        out[k].num_glyphs = (int)(j - i);
        k++;
        i = j;
    }
    *count = k;
    return out;
}

/* The `len` bytes of UTF-8 at `s` with their characters in reverse order
 * (new string), or NULL when out of memory. */
static char *reversed_utf8(const char *s, size_t len)
{
    char *out = malloc(len + 1);
    if (!out)
        return NULL;
    size_t o = len;
    for (size_t i = 0; i < len;) {
        size_t j = i + 1;
        while (j < len && ((unsigned char)s[j] & 0xC0) == 0x80)
            j++;
        o -= j - i;
        memcpy(out + o, s + i, j - i);
        i = j;
    }
    out[len] = '\0';
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

/* Draws one run's glyphs; on a surface that keeps text (PDF), with the
 * UTF-8 they come from (docs/pdf.md). A left-to-right run maps each of
 * HarfBuzz's clusters to its glyphs. A right-to-left run is one cluster
 * (cairo writes it as one ActualText span, spaces included) holding the
 * run's characters in visual order: text extractors (poppler's pdftotext
 * among them) read a right-to-left line from its right end, and glyph by
 * glyph Nastaliq's stacked glyphs come out as scattered letters; word by
 * word, the narrow Nastaliq spaces are lost. */
static void show_run(cairo_t *cr, const ic_mark *m, const ic_text_run *run, cairo_glyph_t *glyphs)
{
    size_t len = strlen(m->text);
    if (!cairo_surface_has_show_text_glyphs(cairo_get_target(cr)) || run->byte_len == 0 ||
        run->byte_start + run->byte_len > len) {
        cairo_show_glyphs(cr, glyphs + run->start, (int)run->n);
        return;
    }
    cairo_text_cluster_t *clusters = NULL;
    int nclusters = 0;
    char *visual = NULL;
    if (run->rtl) {
        visual = reversed_utf8(m->text + run->byte_start, run->byte_len);
        clusters = visual ? cairo_text_cluster_allocate(1) : NULL;
        if (clusters) {
            clusters[0].num_bytes = (int)run->byte_len;
            clusters[0].num_glyphs = (int)run->n;
            nclusters = 1;
        }
    } else {
        clusters = make_clusters(m, run, &nclusters);
    }
    if (clusters)
        cairo_show_text_glyphs(cr, visual ? visual : m->text + run->byte_start, (int)run->byte_len,
                               glyphs + run->start, (int)run->n, clusters, nclusters, 0);
    else
        cairo_show_glyphs(cr, glyphs + run->start, (int)run->n);
    cairo_text_cluster_free(clusters);
    free(visual);
}

/* Draws each run's glyphs with the run's face (Arabic script is set larger). */
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
    set_color(cr, m->color);
    int rc = 0;
    if (m->shaped.nruns == 0) {
        /* shaped without runs: the primary face */
        cairo_set_font_size(cr, m->size);
        if ((rc = set_face(cr, ic_fonts_face(s->fonts, m->font))) == 0)
            cairo_show_glyphs(cr, glyphs, (int)n);
    }
    for (size_t r = 0; r < m->shaped.nruns && rc == 0; r++) {
        const ic_text_run *run = &m->shaped.runs[r];
        if (run->n == 0)
            continue;
        if ((rc = set_face(cr, run->face)) != 0)
            break;
        cairo_set_font_size(cr, m->size * run->face->scale);
        show_run(cr, m, run, glyphs);
    }
    cairo_glyph_free(glyphs);
    return rc;
}

/* The structure element a mark belongs to in a tagged PDF; NULL for marks
 * outside the structure (the background, a logo). */
static const char *structure_tag(const ic_mark *m)
{
    switch (m->role) {
    case IC_ROLE_BACKGROUND:
    case IC_ROLE_LOGO:
        return NULL;
    case IC_ROLE_TITLE:
        return "H1";
    case IC_ROLE_SUBTITLE:
    case IC_ROLE_NOTE:
    case IC_ROLE_SOURCE:
        return "P";
    default:
        return "Figure";
    }
}

/* Opens the structure element of mark `m`, closing the one before when it
 * differs (a run of marks of one role is one element: a wrapped title is
 * one H1). `*open` is the element open now, or NULL. */
static void retag(cairo_t *cr, const ic_mark *m, const ic_mark **open)
{
    const char *want = m ? structure_tag(m) : NULL;
    if (*open && m && want && (*open)->role == m->role)
        return;
    if (*open && m && want && strcmp(want, "Figure") == 0 && strcmp(structure_tag(*open), "Figure") == 0)
        return; /* the chart's marks are one figure, whatever their roles */
    if (*open)
        cairo_tag_end(cr, structure_tag(*open));
    *open = NULL;
    if (want) {
        cairo_tag_begin(cr, want, NULL);
        *open = m;
    }
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
    int tagged = (flags & IC_RENDER_PDF_TAGS) != 0;
    const ic_mark *open = NULL; /* the structure element open (tagged only) */
    int in_document = 0;
    for (size_t i = 0; i < s->n && rc == 0 && !image_failed; i++) {
        const ic_mark *m = &s->marks[i];
        if ((flags & IC_RENDER_TRANSPARENT) && m->role == IC_ROLE_BACKGROUND)
            continue; /* the caller's page shows through */
        if (tagged && !in_document && structure_tag(m)) {
            /* opened after the background: cairo 1.16 refuses (CAIRO_STATUS_TAG_ERROR)
             * a fill of the whole page inside a structure element */
            cairo_tag_begin(cr, "Document", NULL);
            in_document = 1;
        }
        if (in_document)
            retag(cr, m, &open);
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
    if (in_document) { /* every element closed, also after a failure */
        retag(cr, NULL, &open);
        cairo_tag_end(cr, "Document");
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
