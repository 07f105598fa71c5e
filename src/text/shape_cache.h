/* Measurements already made, per thread: shaping is most of a render's
 * time, and layout measures the same words again and again (wrapping tries,
 * labels measured before they are placed), and the same glyphs' ink.
 *
 * Text widths:
 * What is kept is not the width but each run's advance in font units and
 * its face's units per em, so the caller adds them up exactly as when
 * shaping: a width is the same double whether it came from here or not,
 * and output never depends on what a thread measured before. */
#ifndef IC_TEXT_SHAPE_CACHE_H
#define IC_TEXT_SHAPE_CACHE_H

#include <hb.h>
#include <stddef.h>
#include <stdint.h>
#include "text/font.h"

#define IC_WIDTH_CACHE_RUNS 4      /* texts set in more runs are not kept */
#define IC_WIDTH_CACHE_TEXT 48     /* nor texts longer than this (bytes) */

typedef struct ic_width_runs {
    int n;
    int32_t advance[IC_WIDTH_CACHE_RUNS]; /* font units, in visual order */
    int32_t kept[IC_WIDTH_CACHE_RUNS];    /* the part of advance[] from bytes before `keep` */
    double upem[IC_WIDTH_CACHE_RUNS];
} ic_width_runs;

/* 1 and the runs when `face` (with its fonts, language and direction) has
 * measured utf8[0..len), keeping bytes [0..keep), on this thread before,
 * else 0. */
int ic_width_cache_get(const ic_face *face, const char *utf8, size_t len, size_t keep, ic_width_runs *out);
void ic_width_cache_put(const ic_face *face, const char *utf8, size_t len, size_t keep, const ic_width_runs *runs);

/* hb_font_get_glyph_extents of glyph `gid` of `face`, remembered per
 * thread (for a CFF font each call interprets the glyph's outline). */
hb_bool_t ic_glyph_extents(const ic_face *face, hb_codepoint_t gid, hb_glyph_extents_t *out);

#endif
