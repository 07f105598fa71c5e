/* PNG output: cairo image surface → libpng, tuned for speed. cairo's own
 * writer uses zlib's default level and adaptive filters, which costs several
 * times the whole render for a flat-coloured chart; level 2 with the "up"
 * filter is much faster and the files stay small. */
#include "output/write.h"
#include "core/error.h"

#include <cairo.h>
#include <png.h>
#include <zlib.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>

typedef struct png_ctx {
    ic_error *err;
    const char *path;
} png_ctx;

static void on_png_error(png_structp png, png_const_charp msg)
{
    png_ctx *ctx = png_get_error_ptr(png);
    ic_error_set(ctx->err, IC_ERR_RENDER, ctx->path, 0, 0, "PNG encoder: %s", msg);
    png_longjmp(png, 1);
}

static void on_png_warning(png_structp png, png_const_charp msg)
{
    (void)png;
    (void)msg;
}

/* Converts one row of premultiplied native-endian ARGB32 into RGB (opaque)
 * or straight RGBA. */
static void convert_row(const uint32_t *src, unsigned char *dst, int width, int alpha)
{
    for (int x = 0; x < width; x++) {
        uint32_t p = src[x];
        unsigned a = p >> 24, r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
        if (alpha) {
            if (a != 0 && a != 255) {
                r = (r * 255 + a / 2) / a;
                g = (g * 255 + a / 2) / a;
                b = (b * 255 + a / 2) / a;
            }
            *dst++ = (unsigned char)r;
            *dst++ = (unsigned char)g;
            *dst++ = (unsigned char)b;
            *dst++ = (unsigned char)a;
        } else {
            *dst++ = (unsigned char)r;
            *dst++ = (unsigned char)g;
            *dst++ = (unsigned char)b;
        }
    }
}

int ic_write_png_to(const ic_scene *scene, FILE *file, const char *path, ic_error *err)
{
    int w = (int)(scene->width * scene->scale + 0.5), h = (int)(scene->height * scene->scale + 0.5);
    cairo_surface_t *surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surface);
        return ic_error_set(err, IC_ERR_RENDER, path, 0, 0, "cannot create a %dx%d image", w, h);
    }
    cairo_t *cr = cairo_create(surface);
    cairo_scale(cr, scene->scale, scene->scale);
    int rc = ic_scene_render_cairo(scene, cr, err);
    cairo_destroy(cr);
    cairo_surface_flush(surface);
    if (rc != 0) {
        cairo_surface_destroy(surface);
        return -1;
    }

    int alpha = scene->n == 0 || scene->marks[0].role != IC_ROLE_BACKGROUND || scene->marks[0].color.a < 1;
    const unsigned char *data = cairo_image_surface_get_data(surface);
    int stride = cairo_image_surface_get_stride(surface);
    unsigned char *row = malloc((size_t)w * 4);
    png_ctx ctx = {err, path};
    png_structp png = NULL;
    png_infop info = NULL;
    /* volatile: read after longjmp */
    volatile int ok = 0;

    if (!row)
        goto done;
    png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &ctx, on_png_error, on_png_warning);
    info = png ? png_create_info_struct(png) : NULL;
    if (!info) {
        ic_error_set(err, IC_ERR_NOMEM, path, 0, 0, "out of memory");
        goto done;
    }
    if (setjmp(png_jmpbuf(png)))
        goto done;
    png_init_io(png, file);
    png_set_compression_level(png, 2);
    png_set_compression_strategy(png, Z_DEFAULT_STRATEGY);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_UP);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8,
                 alpha ? PNG_COLOR_TYPE_RGBA : PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_BASE, PNG_FILTER_TYPE_BASE);
    /* physical size: 72 dpi times the pixel density */
    png_uint_32 ppm = (png_uint_32)(2834.6 * scene->scale + 0.5);
    png_set_pHYs(png, info, ppm, ppm, PNG_RESOLUTION_METER);
    if (scene->title) {
        png_text text = {0};
        text.compression = PNG_ITXT_COMPRESSION_NONE;
        text.key = "Title";
        text.text = scene->title;
        png_set_text(png, info, &text, 1);
    }
    png_write_info(png, info);
    for (int y = 0; y < h; y++) {
        convert_row((const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride), row, w, alpha);
        png_write_row(png, row);
    }
    png_write_end(png, info);
    ok = 1;
done:
    if (png)
        png_destroy_write_struct(&png, info ? &info : NULL);
    free(row);
    cairo_surface_destroy(surface);
    if (!ok) {
        if (!row)
            ic_error_set(err, IC_ERR_NOMEM, path, 0, 0, "out of memory");
        return -1;
    }
    return 0;
}
