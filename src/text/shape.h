/* Shaping (HarfBuzz), measuring and line wrapping. Sizes and positions are in
 * scene units; `size` is the font size (em) in scene units. */
#ifndef IC_TEXT_SHAPE_H
#define IC_TEXT_SHAPE_H

#include <stddef.h>
#include "text/font.h"

typedef struct ic_shaped {
    size_t n;
    unsigned *glyphs;   /* [n] glyph ids */
    double *x, *y;      /* [n] glyph origins relative to the pen start (y down) */
    unsigned *cluster;  /* [n] byte offset in the UTF-8 text each glyph comes from */
    double width;       /* total advance */
} ic_shaped;

/* Shapes `len` bytes of UTF-8. Returns 0, or -1 when out of memory. Free the
 * arrays with ic_shaped_free. */
int ic_shape(const ic_face *face, const char *utf8, size_t len, double size, ic_shaped *out);
void ic_shaped_free(ic_shaped *s);

/* Advance width of the shaped text. */
double ic_text_width(const ic_face *face, const char *utf8, size_t len, double size);

/* Greedy wrap at spaces (and after '-' and '/' inside words) so each line's
 * width is at most `max_width`; '\n' forces a break. A word wider than the
 * line stays whole on its own line. Returns the number of lines and a new
 * array of new strings in `*lines` (free with ic_lines_free), or 0 on
 * allocation failure. */
size_t ic_wrap(const ic_face *face, const char *text, double size, double max_width, char ***lines);
void ic_lines_free(char **lines, size_t n);

/* Like ic_wrap, but with lines of even length: the same number of lines as
 * ic_wrap gives, at the narrowest width that allows it, so a heading or label
 * never ends with one orphaned word. */
size_t ic_wrap_balanced(const ic_face *face, const char *text, double size, double max_width, char ***lines);

#endif
