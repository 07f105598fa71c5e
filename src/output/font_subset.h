/* A font cut down to the characters a chart uses (HarfBuzz's subsetter), to
 * embed in an SVG so a browser sets the chart's text with our fonts. */
#ifndef IC_OUTPUT_FONT_SUBSET_H
#define IC_OUTPUT_FONT_SUBSET_H

#include <hb.h>
#include <stddef.h>
#include <stdint.h>
#include "core/buf.h"

/* Appends to `out` an OpenType font (sfnt bytes: CFF or TrueType outlines
 * as `face` has) holding only what setting the `n` code points `cps` needs:
 * their glyphs and every glyph the layout tables (GSUB) can turn them into,
 * with the GSUB/GPOS rules among them, so a browser shaping the same text
 * with it gets our glyphs. Hinting is left out (infochart draws unhinted);
 * the name table keeps the family, copyright, version and licence names.
 * When that set has more than `max_glyphs` glyphs (0: no limit) nothing is
 * written and 1 is returned (working the set out is half the cost of a
 * subset). `face` is borrowed. Returns 0, 1, or -1 when HarfBuzz cannot
 * subset it or memory runs out (`out` may then hold part of the font). */
int ic_font_subset(hb_face_t *face, const uint32_t *cps, size_t n, unsigned max_glyphs, ic_buf *out);

/* 1 when the sfnt bytes have CFF outlines ("OTTO"), else 0. */
int ic_font_is_cff(const unsigned char *sfnt, size_t len);

#endif
