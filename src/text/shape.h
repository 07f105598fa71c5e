/* Shaping (FriBidi + HarfBuzz over the fallback chain), measuring and line
 * wrapping. Sizes and positions are in scene units; `size` is the font size
 * (em) in scene units.
 *
 * The face passed in selects the style and the setting context (see ic_face
 * in font.h): the primary faces from ic_fonts_face set text with language ""
 * and a direction found from the text; ic_scene_face / ic_fonts_text_face give
 * faces set up for a language and direction. Every function here is
 * thread-safe (fonts are immutable, all state is local). */
#ifndef IC_TEXT_SHAPE_H
#define IC_TEXT_SHAPE_H

#include <stddef.h>
#include <stdint.h>
#include "text/font.h"

/* A run of glyphs set in one face at one direction. */
typedef struct ic_text_run {
    size_t start, n;             /* glyphs [start, start + n) of the shaped text */
    const ic_face *face;         /* the face they are drawn with (owned by ic_fonts) */
    int rtl;                     /* 1 when the run was shaped right to left */
    unsigned byte_start, byte_len; /* the UTF-8 the run comes from */
    double pen_x, advance;       /* where the pen starts the run (relative to the
                                  * text's pen start) and how far it moves */
} ic_text_run;

#define IC_SHAPED_MISSING_MAX 8

typedef struct ic_shaped {
    size_t n;
    unsigned *glyphs;   /* [n] glyph ids, in visual order (left to right) */
    double *x, *y;      /* [n] glyph origins relative to the pen start (y down) */
    unsigned *cluster;  /* [n] byte offset in the UTF-8 text each glyph comes from */
    double width;       /* total advance */
    ic_text_run *runs;  /* [nruns] in visual order, left to right; their glyphs tile [0, n) */
    size_t nruns;
    int rtl;            /* resolved paragraph direction: 1 = right to left */
    /* line box: the largest ascender/descender of the faces used, grown to
     * hold the ink of every glyph (positive distances from the baseline) */
    double ascent, descent;
    /* ink box relative to the pen start (y down); all 0 when nothing is inked */
    double ink_x0, ink_y0, ink_x1, ink_y1;
    /* characters no bundled face has: left out (never drawn as .notdef
     * boxes), their advance kept. `missing` lists the first distinct ones. */
    uint32_t missing[IC_SHAPED_MISSING_MAX];
    size_t nmissing;
} ic_shaped;

/* Shapes `len` bytes of UTF-8 as one line: bidi levels and reordering
 * (FriBidi), runs of one level and one face chosen by glyph coverage, each
 * shaped by HarfBuzz with its direction, script and language; glyphs come out
 * in visual order. Returns 0, or -1 when out of memory. Free with
 * ic_shaped_free. */
int ic_shape(const ic_face *face, const char *utf8, size_t len, double size, ic_shaped *out);
void ic_shaped_free(ic_shaped *s);
/* A deep copy of `src` into `dst` (free with ic_shaped_free). Returns 0 or
 * -1 (out of memory; `dst` is then empty). */
int ic_shaped_copy(ic_shaped *dst, const ic_shaped *src);

/* Advance width of the shaped text (the same as ic_shape's width). */
double ic_text_width(const ic_face *face, const char *utf8, size_t len, double size);
/* 1 and that width when this thread has measured or shaped the text before
 * (see text/shape_cache.h), else 0 without shaping. */
int ic_text_width_known(const ic_face *face, const char *utf8, size_t len, double size, double *width);

/* Greedy wrap at spaces (and after '-' and '/' inside words, and at U+200B
 * ZERO WIDTH SPACE) so each line's width is at most `max_width`; '\n' forces a
 * break. Words are never split (this holds for Urdu and Arabic as for Latin:
 * letters joined in a word have no break between them). A word wider than the
 * line stays whole on its own line. Lines are in logical order; each is
 * reordered for display when shaped. Returns the number of lines and a new
 * array of new strings in `*lines` (free with ic_lines_free), or 0 on
 * allocation failure. */
size_t ic_wrap(const ic_face *face, const char *text, double size, double max_width, char ***lines);
void ic_lines_free(char **lines, size_t n);

/* Like ic_wrap, but with lines of even length: the same number of lines as
 * ic_wrap gives, at the narrowest width that allows it, so a heading or label
 * never ends with one orphaned word. */
size_t ic_wrap_balanced(const ic_face *face, const char *text, double size, double max_width, char ***lines);

/* Formats code point `cp` as "U+XXXX 'c'" into buf (for messages). */
void ic_codepoint_describe(uint32_t cp, char *buf, size_t size);

#endif
