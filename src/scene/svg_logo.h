/* SVG logos, drawn with librsvg. librsvg (and the GLib, Pango and
 * HarfBuzz-on-GLib stack under it) is loaded with dlopen the first time a
 * theme names an SVG logo, not at start-up: linked in, it more than doubled
 * the shared libraries every run maps (bench/README.md "Linking"), and a
 * system without it can still draw every chart whose logo is a PNG. */
#ifndef IC_SCENE_SVG_LOGO_H
#define IC_SCENE_SVG_LOGO_H

#include <stddef.h>
#include <cairo.h>
#include "infochart.h"

/* The intrinsic size of the SVG in `data` (pixels, or its viewBox's units
 * when it has no absolute size). Errors name `path`: IC_ERR_RENDER when
 * librsvg cannot be loaded, IC_ERR_SPEC when the bytes are not a readable
 * SVG or give no size. */
int ic_svg_logo_size(const unsigned char *data, size_t len, const char *path, double *width, double *height,
                     ic_error *err);

/* Draws the SVG in `data` scaled into the box (x, y, w, h) of `cr`'s user
 * space. Returns 0, or -1 when it cannot be drawn. */
int ic_svg_logo_draw(const unsigned char *data, size_t len, cairo_t *cr, double x, double y, double w, double h);

#endif
