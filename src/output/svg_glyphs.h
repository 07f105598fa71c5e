/* The glyphs a scene's text draws, each once, with its outline as SVG path
 * data, so the SVG writer can define every glyph in <defs> and place it with
 * <use> (viewers do not have our fonts). */
#ifndef IC_OUTPUT_SVG_GLYPHS_H
#define IC_OUTPUT_SVG_GLYPHS_H

#include <stddef.h>
#include <stdint.h>
#include "scene/scene.h"

/* Writes the decimal digits of `u` at `p` (no NUL); returns the end. The
 * SVG writers' numbers are all built on it (printf was most of their cost). */
static inline char *ic_svg_uint(char *p, unsigned long long u)
{
    char tmp[24];
    int k = 0;
    do {
        tmp[k++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    while (k)
        *p++ = tmp[--k];
    return p;
}

/* A glyph: face index (ic_svg_face_index) and glyph id in one key. */
#define IC_SVG_GLYPH_KEY(face, gid) ((uint32_t)(face) << 16 | (uint32_t)(gid))

typedef struct ic_svg_glyph {
    uint32_t key;
    /* outline: bytes [d, d + dlen) of the set's `text`, SVG path data in font
     * units with y up, coordinates rounded to integers; dlen 0 = no ink */
    size_t d, dlen;
} ic_svg_glyph;

typedef struct ic_svg_glyphs {
    ic_svg_glyph *glyphs; /* sorted by key */
    size_t n;
    char *text;           /* the outlines, one after the other */
    size_t len, cap;
} ic_svg_glyphs;

/* A small stable number for `face`: its place in scene->fonts->faces
 * (family * IC_FONT_COUNT + style), found by its HarfBuzz font; -1 when it is
 * not one of them. */
int ic_svg_face_index(const ic_scene *s, const ic_face *face);

/* Text mark `m` as runs of glyphs set in one face: their number, and run
 * `r`'s glyphs [*start, *start + *n) and face index (-1 for a face that is
 * not in scene->fonts: its glyphs are not drawn). Text shaped without runs
 * is one run in the primary face of the mark's style. */
size_t ic_svg_text_runs(const ic_mark *m);
int ic_svg_text_run(const ic_scene *s, const ic_mark *m, size_t r, size_t *start, size_t *n);

/* Collects every glyph the text marks of `s` use and draws its outline with
 * HarfBuzz. Returns 0, or -1 when out of memory; free with
 * ic_svg_glyphs_free (also after a failure). */
int ic_svg_glyphs_collect(const ic_scene *s, ic_svg_glyphs *out);

/* The glyph with `key`, or NULL when it was not collected. */
const ic_svg_glyph *ic_svg_glyphs_find(const ic_svg_glyphs *g, uint32_t key);

void ic_svg_glyphs_free(ic_svg_glyphs *g);

#endif
