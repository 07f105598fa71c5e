/* PDF output: cairo's PDF surface, one page in points (1 scene unit = 1 pt),
 * with the title and the alt text (subject) in the metadata, fixed dates so
 * output is reproducible, structure tags, and an update cairo cannot write
 * itself (/Lang, the figure's /Alt: output/pdf_update.h). docs/pdf.md. */
#include "output/write.h"
#include "output/pdf_update.h"
#include "core/buf.h"
#include "core/error.h"
#include "scene/render_tags.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

/* cairo's bytes are kept in memory: the update goes after them */
static cairo_status_t buf_write(void *closure, const unsigned char *data, unsigned int len)
{
    return ic_buf_append(closure, (const char *)data, len) == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_NO_MEMORY;
}

int ic_write_pdf_sink(const ic_scene *scene, ic_sink *out, const char *path, ic_error *err)
{
    ic_buf pdf = IC_BUF_INIT;
    cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(buf_write, &pdf, scene->width, scene->height);
    if (scene->title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, scene->title);
    if (scene->desc)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, scene->desc);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "infochart " IC_VERSION);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z");
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, "2000-01-01T00:00:00Z");
    cairo_t *cr = cairo_create(surface);
    int rc = ic_scene_render_cairo_flags(scene, cr, IC_RENDER_PDF_TAGS, err);
    if (rc != 0 && err && !err->file[0]) /* name the file being drawn */
        snprintf(err->file, sizeof err->file, "%s", path);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    cairo_status_t st = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (rc == 0 && st == CAIRO_STATUS_SUCCESS) {
        /* a file not laid out as expected is written without the update */
        ic_pdf_append_update(&pdf, scene->lang, scene->desc);
        if (pdf.failed)
            st = CAIRO_STATUS_NO_MEMORY;
        else
            ic_sink_put(out, pdf.data, pdf.len);
    }
    ic_buf_free(&pdf);
    if (rc == 0 && out->error)
        rc = ic_sink_error(out, "PDF", path, err);
    else if (rc == 0 && st != CAIRO_STATUS_SUCCESS)
        rc = ic_error_set(err, IC_ERR_RENDER, path, 0, 0, "PDF output failed: %s", cairo_status_to_string(st));
    return rc;
}
