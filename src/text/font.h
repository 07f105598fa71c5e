/* Bundled fonts, loaded once per process and shared read-only.
 *
 * Each face is opened twice: a HarfBuzz face (hb-ot functions, thread-safe,
 * used for shaping and measuring) and a FreeType face owned by cairo (used
 * only to rasterise / embed glyphs). Fonts come only from the fonts directory,
 * never from the system. */
#ifndef IC_TEXT_FONT_H
#define IC_TEXT_FONT_H

#include <hb.h>
#include <cairo.h>
#include "infochart.h"

typedef enum ic_font_style { IC_FONT_REGULAR = 0, IC_FONT_BOLD, IC_FONT_COUNT } ic_font_style;

typedef struct ic_face {
    char *path;
    hb_font_t *hb;                 /* scale = units per em */
    cairo_font_face_t *cairo;      /* owns its own FT_Face */
    double upem;
    double ascender, descender;    /* in em (descender positive, below baseline) */
    double line_gap;               /* in em */
} ic_face;

struct ic_fonts {
    ic_face faces[IC_FONT_COUNT];
};

const ic_face *ic_fonts_face(const ic_fonts *fonts, ic_font_style style);

#endif
