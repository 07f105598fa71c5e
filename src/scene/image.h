/* Raster (PNG) and vector (SVG) images for the scene: an organisation's
 * logo. An image is read and checked once (ic_image_load) and then shared
 * read-only: each drawing decodes its bytes afresh, so threads never share
 * a cairo surface or a librsvg handle. */
#ifndef IC_SCENE_IMAGE_H
#define IC_SCENE_IMAGE_H

#include <stddef.h>
#include <cairo.h>
#include "infochart.h"

/* The largest image side and byte size accepted (a logo, not a photo). */
#define IC_IMAGE_MAX_SIDE 4096
#define IC_IMAGE_MAX_BYTES ((size_t)8 << 20)

typedef struct ic_image {
    char *path;             /* the file it was read from */
    int svg;                /* 1: SVG (drawn with librsvg), 0: PNG */
    unsigned char *data;    /* the file's bytes */
    size_t len;
    double width, height;   /* intrinsic size in pixels (its aspect ratio) */
} ic_image;

/* Reads and checks a PNG or SVG file (told apart by content, not name).
 * Errors (file `path`, no position): IC_ERR_IO when it cannot be read,
 * IC_ERR_LIMIT when larger than IC_IMAGE_MAX_BYTES or IC_IMAGE_MAX_SIDE
 * pixels a side, IC_ERR_SPEC when it is neither a readable PNG nor SVG.
 * Free with ic_image_free. */
ic_image *ic_image_load(const char *path, ic_error *err);
void ic_image_free(ic_image *image);

/* Draws `image` scaled into the box (x, y, w, h) in the current user units
 * of `cr`. Returns 0, or -1 when it cannot be decoded or drawn. */
int ic_image_draw(const ic_image *image, cairo_t *cr, double x, double y, double w, double h);

/* The image as a data: URI (base64), "data:image/png;base64,..." or
 * "data:image/svg+xml;base64,...". Free with free(); NULL when out of memory. */
char *ic_image_data_uri(const ic_image *image);

#endif
