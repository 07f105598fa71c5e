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
    fwrite(buf.data + head, 1, buf.n - head, file);
    free(buf.data);
    return 0;
fail:
    free(buf.data);
    return -1;
}
