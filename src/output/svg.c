/* SVG output: cairo's SVG surface into memory, then <title> and <desc> are
 * added right after the root element so screen readers and search see them. */
#include "output/write.h"
#include "core/error.h"

#include <cairo-svg.h>
#include <stdlib.h>
#include <string.h>

typedef struct membuf {
    unsigned char *data;
    size_t n, cap;
    int failed;
} membuf;

static cairo_status_t membuf_write(void *closure, const unsigned char *data, unsigned int len)
{
    membuf *b = closure;
    if (b->n + len > b->cap) {
        size_t nc = b->cap ? b->cap : 65536;
        while (nc < b->n + len)
            nc *= 2;
        unsigned char *nd = realloc(b->data, nc);
        if (!nd) {
            b->failed = 1;
            return CAIRO_STATUS_WRITE_ERROR;
        }
        b->data = nd;
        b->cap = nc;
    }
    memcpy(b->data + b->n, data, len);
    b->n += len;
    return CAIRO_STATUS_SUCCESS;
}

void ic_xml_escape(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '&': fputs("&amp;", out); break;
        case '"': fputs("&quot;", out); break;
        default: fputc(*s, out);
        }
    }
}

/* Writes the SVG body. cairo numbers its surfaces with a process-wide
 * counter, so the root group's id depends on what else the process drew; it
 * is renamed to a fixed "chart" so every render of a chart gives the same
 * bytes (unless something refers to it, which our scenes never do). */
static void write_body(FILE *file, const char *body, size_t n)
{
    static const char key[] = "<g id=\"surface";
    const char *found = NULL;
    for (const char *p = body; p + sizeof key - 1 <= body + n; p++)
        if (memcmp(p, key, sizeof key - 1) == 0) {
            found = p;
            break;
        }
    int referenced = 0;
    for (const char *p = body; p + 9 <= body + n && !referenced; p++)
        referenced = memcmp(p, "#surface", 8) == 0;
    if (!found || referenced) {
        fwrite(body, 1, n, file);
        return;
    }
    const char *id = found + 7; /* 's' of surface */
    const char *end = id + 7;
    while (end < body + n && *end >= '0' && *end <= '9')
        end++;
    fwrite(body, 1, (size_t)(id - body), file);
    fputs("chart", file);
    fwrite(end, 1, (size_t)(body + n - end), file);
}

int ic_write_svg_to(const ic_scene *scene, FILE *file, const char *path, ic_error *err)
{
    membuf buf = {0};
    cairo_surface_t *surface = cairo_svg_surface_create_for_stream(membuf_write, &buf, scene->width,
                                                                   scene->height);
    cairo_svg_surface_restrict_to_version(surface, CAIRO_SVG_VERSION_1_1);
    cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PX);
    cairo_t *cr = cairo_create(surface);
    int rc = ic_scene_render_cairo(scene, cr, err);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    cairo_status_t st = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (rc != 0)
        goto fail;
    if (st != CAIRO_STATUS_SUCCESS || buf.failed) {
        ic_error_set(err, IC_ERR_RENDER, path, 0, 0, "SVG output failed: %s", cairo_status_to_string(st));
        goto fail;
    }

    /* find the end of the root <svg ...> start tag */
    const char *text = (const char *)buf.data;
    const char *root = buf.n ? strstr(text, "<svg") : NULL;
    const char *root_end = root ? memchr(root, '>', buf.n - (size_t)(root - text)) : NULL;
    if (!root_end) {
        ic_error_set(err, IC_ERR_RENDER, path, 0, 0, "SVG output failed: no root element");
        goto fail;
    }
    size_t head = (size_t)(root_end + 1 - text);
    fwrite(buf.data, 1, head, file);
    fputs("\n<title>", file);
    ic_xml_escape(file, scene->title ? scene->title : "");
    fputs("</title>\n<desc>", file);
    ic_xml_escape(file, scene->desc ? scene->desc : "");
    fputs("</desc>", file);
    write_body(file, text + head, buf.n - head);
    free(buf.data);
    return 0;
fail:
    free(buf.data);
    return -1;
}
