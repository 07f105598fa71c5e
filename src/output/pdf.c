/* PDF output: cairo's PDF surface, one page in points (1 scene unit = 1 pt),
 * with the title in the metadata and fixed dates so output is reproducible. */
#include "output/write.h"
#include "core/error.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

static cairo_status_t sink_write(void *closure, const unsigned char *data, unsigned int len)
{
    return ic_sink_put(closure, data, len) == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

int ic_write_pdf_sink(const ic_scene *scene, ic_sink *out, const char *path, ic_error *err)
{
    cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(sink_write, out, scene->width,
                                                                   scene->height);
    if (scene->title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, scene->title);
    if (scene->desc)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, scene->desc);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "infochart " IC_VERSION);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z");
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, "2000-01-01T00:00:00Z");
    cairo_t *cr = cairo_create(surface);
    int rc = ic_scene_render_cairo(scene, cr, err);
    if (rc != 0 && err && !err->file[0]) /* name the file being drawn */
        snprintf(err->file, sizeof err->file, "%s", path);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    cairo_status_t st = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (rc == 0 && out->error)
        rc = ic_sink_error(out, "PDF", path, err);
    else if (rc == 0 && st != CAIRO_STATUS_SUCCESS)
        rc = ic_error_set(err, IC_ERR_RENDER, path, 0, 0, "PDF output failed: %s", cairo_status_to_string(st));
    return rc;
}
