#include "scene/image.h"
#include "core/error.h"
#include "core/buf.h"
#include "core/util.h"

#include "scene/svg_logo.h"
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const unsigned char png_signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* A reader over bytes in memory, for cairo's PNG decoder. */
typedef struct mem_reader {
    const unsigned char *data;
    size_t len, at;
} mem_reader;

static cairo_status_t read_mem(void *closure, unsigned char *out, unsigned int n)
{
    mem_reader *r = closure;
    if (n > r->len - r->at)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(out, r->data + r->at, n);
    r->at += n;
    return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *decode_png(const ic_image *im)
{
    mem_reader r = {im->data, im->len, 0};
    cairo_surface_t *s = cairo_image_surface_create_from_png_stream(read_mem, &r);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return NULL;
    }
    return s;
}

/* The PNG's size from its header, checked before anything is decoded. */
static int check_png(ic_image *im, ic_error *err)
{
    if (im->len < 24 || memcmp(im->data + 12, "IHDR", 4) != 0)
        return ic_error_set(err, IC_ERR_SPEC, im->path, 0, 0, "not a readable PNG image (no header)");
    uint32_t w = be32(im->data + 16), h = be32(im->data + 20);
    if (w == 0 || h == 0 || w > IC_IMAGE_MAX_SIDE || h > IC_IMAGE_MAX_SIDE)
        return ic_error_set(err, IC_ERR_LIMIT, im->path, 0, 0,
                            "image is %" PRIu32 " x %" PRIu32 " pixels; a logo may be at most %d pixels a side", w,
                            h, IC_IMAGE_MAX_SIDE);
    cairo_surface_t *s = decode_png(im);
    if (!s)
        return ic_error_set(err, IC_ERR_SPEC, im->path, 0, 0, "not a readable PNG image");
    im->width = cairo_image_surface_get_width(s);
    im->height = cairo_image_surface_get_height(s);
    cairo_surface_destroy(s);
    return 0;
}

static int check_svg(ic_image *im, ic_error *err)
{
    double w = 0, h = 0;
    if (ic_svg_logo_size(im->data, im->len, im->path, &w, &h, err) != 0)
        return -1;
    if (w > IC_IMAGE_MAX_SIDE * 16.0 || h > IC_IMAGE_MAX_SIDE * 16.0)
        return ic_error_set(err, IC_ERR_LIMIT, im->path, 0, 0, "the SVG image is %g x %g pixels: too large", w, h);
    im->width = w;
    im->height = h;
    return 0;
}

ic_image *ic_image_load(const char *path, ic_error *err)
{
    ic_image *im = calloc(1, sizeof *im);
    if (!im || !(im->path = ic_strdup(path))) {
        free(im);
        ic_error_set(err, IC_ERR_NOMEM, path, 0, 0, "out of memory");
        return NULL;
    }
    ic_error read_err = {0};
    im->data = (unsigned char *)ic_read_file(path, IC_IMAGE_MAX_BYTES, &im->len, &read_err);
    int rc = -1;
    if (!im->data) {
        if (read_err.code == IC_ERR_LIMIT)
            ic_error_set(err, IC_ERR_LIMIT, path, 0, 0, "image file is larger than %zu bytes", IC_IMAGE_MAX_BYTES);
        else if (err && !ic_error_is_set(err))
            *err = read_err;
    } else if (im->len >= 8 && memcmp(im->data, png_signature, 8) == 0) {
        rc = check_png(im, err);
    } else {
        im->svg = 1;
        rc = check_svg(im, err);
    }
    if (rc != 0) {
        ic_image_free(im);
        return NULL;
    }
    return im;
}

void ic_image_free(ic_image *image)
{
    if (!image)
        return;
    free(image->path);
    free(image->data);
    free(image);
}

int ic_image_draw(const ic_image *im, cairo_t *cr, double x, double y, double w, double h)
{
    if (!(w > 0 && h > 0))
        return 0;
    int rc = -1;
    cairo_save(cr);
    if (im->svg) {
        rc = ic_svg_logo_draw(im->data, im->len, cr, x, y, w, h);
    } else {
        cairo_surface_t *s = decode_png(im);
        if (s) {
            cairo_translate(cr, x, y);
            cairo_scale(cr, w / im->width, h / im->height);
            cairo_set_source_surface(cr, s, 0, 0);
            cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
            cairo_rectangle(cr, 0, 0, im->width, im->height);
            cairo_fill(cr);
            cairo_surface_destroy(s);
            rc = 0;
        }
    }
    cairo_restore(cr);
    return rc;
}

char *ic_image_data_uri(const ic_image *im)
{
    ic_buf b = IC_BUF_INIT;
    ic_buf_puts(&b, im->svg ? "data:image/svg+xml;base64," : "data:image/png;base64,");
    ic_buf_base64(&b, im->data, im->len);
    return ic_buf_take(&b);
}
