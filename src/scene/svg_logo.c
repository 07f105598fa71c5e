#include "scene/svg_logo.h"
#include "core/error.h"

#include <dlfcn.h>
#include <librsvg/rsvg.h>
#include <pthread.h>

/* The librsvg calls used, resolved once from the loaded library (g_object_unref
 * comes from GObject, which librsvg itself depends on). */
static struct {
    void *lib;
    RsvgHandle *(*new_from_data)(const guint8 *, gsize, GError **);
    gboolean (*size_in_pixels)(RsvgHandle *, gdouble *, gdouble *);
    void (*dimensions)(RsvgHandle *, gboolean *, RsvgLength *, gboolean *, RsvgLength *, gboolean *, RsvgRectangle *);
    gboolean (*render_document)(RsvgHandle *, cairo_t *, const RsvgRectangle *, GError **);
    void (*unref)(gpointer);
} rsvg;
static pthread_once_t rsvg_once = PTHREAD_ONCE_INIT;

/* A function pointer from dlsym (POSIX guarantees the conversion works). */
#define RESOLVE(field, name) (*(void **)&rsvg.field = dlsym(rsvg.lib, name)) != NULL

static void rsvg_load(void)
{
    static const char *const names[] = { "librsvg-2.so.2", "librsvg-2.2.dylib", "librsvg-2.so" };
    for (size_t i = 0; !rsvg.lib && i < sizeof names / sizeof *names; i++)
        rsvg.lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!rsvg.lib)
        return;
    if (!(RESOLVE(new_from_data, "rsvg_handle_new_from_data") &&
          RESOLVE(size_in_pixels, "rsvg_handle_get_intrinsic_size_in_pixels") &&
          RESOLVE(dimensions, "rsvg_handle_get_intrinsic_dimensions") &&
          RESOLVE(render_document, "rsvg_handle_render_document") && RESOLVE(unref, "g_object_unref")))
        rsvg.unref = NULL; /* too old a librsvg: treated as missing */
}

static int rsvg_ready(void)
{
    pthread_once(&rsvg_once, rsvg_load);
    return rsvg.lib && rsvg.unref;
}

/* From memory, with no base file: an SVG logo cannot pull in other files. */
static RsvgHandle *parse(const unsigned char *data, size_t len)
{
    return rsvg.new_from_data(data, len, NULL);
}

int ic_svg_logo_size(const unsigned char *data, size_t len, const char *path, double *width, double *height,
                     ic_error *err)
{
    if (!rsvg_ready())
        return ic_error_set(err, IC_ERR_RENDER, path, 0, 0,
                            "SVG logos are drawn with librsvg (librsvg-2.so.2), which cannot be loaded here "
                            "(install librsvg2-2, or use a PNG logo)");
    RsvgHandle *h = parse(data, len);
    if (!h)
        return ic_error_set(err, IC_ERR_SPEC, path, 0, 0, "neither a PNG nor a readable SVG image");
    gdouble w = 0, hgt = 0;
    if (!rsvg.size_in_pixels(h, &w, &hgt)) {
        /* no absolute width and height: the viewBox gives the proportions */
        gboolean has_w, has_h, has_vb;
        RsvgLength lw, lh;
        RsvgRectangle vb;
        rsvg.dimensions(h, &has_w, &lw, &has_h, &lh, &has_vb, &vb);
        if (has_vb) {
            w = vb.width;
            hgt = vb.height;
        }
    }
    rsvg.unref(h);
    if (!(w > 0 && hgt > 0))
        return ic_error_set(err, IC_ERR_SPEC, path, 0, 0,
                            "the SVG image has no size (give its <svg> a width and height, or a viewBox)");
    *width = w;
    *height = hgt;
    return 0;
}

int ic_svg_logo_draw(const unsigned char *data, size_t len, cairo_t *cr, double x, double y, double w, double h)
{
    if (!rsvg_ready())
        return -1;
    RsvgHandle *handle = parse(data, len);
    RsvgRectangle viewport = {x, y, w, h};
    int rc = handle && rsvg.render_document(handle, cr, &viewport, NULL) ? 0 : -1;
    if (handle)
        rsvg.unref(handle);
    return rc;
}
