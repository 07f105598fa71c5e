/* PDF output: cairo's PDF surface, one page in points (1 scene unit = 1 pt),
 * with the title in the metadata and fixed dates so output is reproducible. */
#include "output/write.h"
#include "core/error.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

typedef struct sink {
    FILE *file;
    int error; /* errno of the first failed write */
} sink;

static cairo_status_t file_write(void *closure, const unsigned char *data, unsigned int len)
{
    sink *s = closure;
    errno = 0;
    if (fwrite(data, 1, len, s->file) == len)
        return CAIRO_STATUS_SUCCESS;
    if (!s->error)
        s->error = errno ? errno : EIO;
    return CAIRO_STATUS_WRITE_ERROR;
}

int ic_write_pdf_to(const ic_scene *scene, FILE *file, const char *path, ic_error *err)
{
    sink out = {file, 0};
    cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(file_write, &out, scene->width,
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
    if (rc == 0 && out.error)
        rc = ic_error_set(err, IC_ERR_IO, path, 0, 0, "cannot write the PDF file: %s", strerror(out.error));
    else if (rc == 0 && st != CAIRO_STATUS_SUCCESS)
        rc = ic_error_set(err, IC_ERR_RENDER, path, 0, 0, "PDF output failed: %s", cairo_status_to_string(st));
    return rc;
}
