/* The web fonts an SVG with real text embeds: for each face the scene's text
 * uses, a subset holding only the characters set in it (font_subset.h),
 * under a family name unique to its content, as an @font-face rule with a
 * data: URI.
 *
 * A subset keeps every glyph the font's substitution rules can reach from
 * those characters, so a browser shaping the text gets our glyphs. For most
 * fonts that is little more than the glyphs used; for Noto Nastaliq Urdu it
 * is half the font (its GSUB picks each letter's form from its neighbours:
 * 650 glyphs and a 180 KB GSUB for a chart that draws 128 glyphs). A face
 * whose subset has more than 4x the glyphs drawn plus 64, or is larger in
 * base64 than 2x the outlines of its glyphs plus 16 KB, is therefore not
 * embedded: its runs are drawn as outlines, with the text laid invisibly
 * over them (see svg.c). */
#ifndef IC_OUTPUT_SVG_FONTS_H
#define IC_OUTPUT_SVG_FONTS_H

#include "core/buf.h"
#include "scene/scene.h"
#include "output/svg_glyphs.h"

#define IC_SVG_FACES (IC_FAMILY_COUNT * IC_FONT_COUNT)

typedef struct ic_svg_fonts {
    /* by face index (ic_svg_face_index): the CSS family name, e.g.
     * "ic-Inter-Bold-1a2b3c4d" (its last part a hash of the subset), "" for
     * a face the text does not use */
    char family[IC_SVG_FACES][72];
    /* by face index: 1 when the face is drawn as outlines (its subset is
     * too large to embed, see above) */
    unsigned char outlines[IC_SVG_FACES];
    ic_buf css;          /* the @font-face rules, one per face embedded */
    uint64_t hash;       /* of every subset: tells this chart's fonts apart */
} ic_svg_fonts;

/* Subsets every face the text marks of `s` use and writes the rules of
 * those it embeds; `glyphs` (ic_svg_glyphs_collect of `s`) gives the size of
 * each face's outlines. Returns 0, -1 when out of memory, -2 when HarfBuzz
 * cannot subset a font. Free with ic_svg_fonts_free (also after a failure). */
int ic_svg_fonts_collect(const ic_scene *s, const ic_svg_glyphs *glyphs, ic_svg_fonts *out);

/* The family name of face index `face`, or NULL when it has none. */
const char *ic_svg_fonts_family(const ic_svg_fonts *f, int face);

void ic_svg_fonts_free(ic_svg_fonts *f);

#endif
