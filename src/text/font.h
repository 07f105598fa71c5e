/* Bundled fonts, loaded once per process and shared read-only.
 *
 * Each font file is mapped once and read twice: a HarfBuzz face (hb-ot
 * functions, made immutable: thread-safe, used for shaping, measuring and
 * SVG outlines) and FreeType faces owned by cairo (used only to rasterise /
 * embed glyphs in PNG and PDF), made on first use by each thread that draws.
 * Fonts come only from the fonts directory, never from the system.
 *
 * Families: Inter (Latin, digits, punctuation), Noto Nastaliq Urdu and Noto
 * Naskh Arabic (Arabic script), each in regular and bold. Text is set with a
 * fallback chain over them chosen per run by glyph coverage (docs/text.md). */
#ifndef IC_TEXT_FONT_H
#define IC_TEXT_FONT_H

#include <hb.h>
#include <cairo.h>
#include "infochart.h"

typedef enum ic_font_style { IC_FONT_REGULAR = 0, IC_FONT_BOLD, IC_FONT_COUNT } ic_font_style;

typedef enum ic_font_family {
    IC_FAMILY_INTER = 0,   /* the primary face: Inter (Latin, digits, punctuation), or a theme's fonts */
    IC_FAMILY_NASTALIQ,    /* Noto Nastaliq Urdu: Arabic script when the language is Urdu */
    IC_FAMILY_NASKH,       /* Noto Naskh Arabic: Arabic script otherwise */
    IC_FAMILY_EXTRA1,      /* a theme's fallback fonts, in its order (empty without a theme) */
    IC_FAMILY_EXTRA2,
    IC_FAMILY_EXTRA3,
    IC_FAMILY_LATIN,       /* the bundled Inter behind a theme's primary fonts (empty without a theme) */
    IC_FAMILY_COUNT
} ic_font_family;

/* The most fallback fonts a theme may list (IC_FAMILY_EXTRA1...). */
#define IC_THEME_FALLBACKS_MAX 3

typedef struct ic_face {
    char *path;
    hb_font_t *hb;                 /* scale = units per em */
    hb_blob_t *blob;               /* the font file, mapped */
    double upem;
    /* this family's text is set `scale` times the size asked for, so that
     * Arabic script reads as large as Latin beside it (ic_fonts_load; 1 for
     * Inter). Glyph positions and advances use size * scale / upem; the
     * line metrics below are the font's own, per unit of the size asked for. */
    double scale;
    double ascender, descender;    /* in em (descender positive, below baseline) */
    double line_gap;               /* in em */
    /* Setting context: shaping, measuring and wrapping with a face go
     * through the fallback chain of `fonts` in this face's style, with the
     * text language `lang` ("" = unknown) and paragraph direction `rtl`
     * (1 = right to left, 0 = found from the text, left to right by default).
     * The faces in ic_fonts have lang "" and rtl 0; ic_scene_face gives a
     * copy set up for a scene's language and direction. */
    const struct ic_fonts *fonts;
    ic_font_family family;
    ic_font_style style;
    char lang[16];
    int rtl;
} ic_face;

struct ic_fonts {
    ic_face faces[IC_FAMILY_COUNT][IC_FONT_COUNT];
    unsigned long id;   /* unique in the process (caches tell font sets apart by it) */
    /* 1: a theme's set (ic_fonts_themed): its primary faces and fallbacks
     * come before the bundled fonts, for Arabic script too */
    int themed;
};

/* Opens one font file (OTF/TTF) as a face of no font set (`fonts` NULL,
 * family IC_FAMILY_INTER, style `style`). Errors: IC_ERR_FONT naming the
 * file when it cannot be read or has no glyphs. Release with ic_face_close. */
int ic_face_open(ic_face *face, const char *path, ic_font_style style, ic_error *err);
void ic_face_close(ic_face *face);

/* A font set for a theme: `regular` and `bold` (either may be NULL: the
 * bundled Inter's) as the primary faces, then up to IC_THEME_FALLBACKS_MAX
 * `fallbacks` (regular faces, used for both styles), then the bundled fonts
 * of `base`. Every face is shared by reference (the result keeps what it
 * uses alive on its own). NULL when out of memory. Free with ic_fonts_free. */
ic_fonts *ic_fonts_themed(const ic_fonts *base, const ic_face *regular, const ic_face *bold,
                          const ic_face *const *fallbacks, size_t nfallbacks);

/* cairo's font face for `face`: this thread's own, made on first use from
 * the mapped font file (see font.c), or NULL when FreeType cannot read the
 * font. */
cairo_font_face_t *ic_face_cairo(const ic_face *face);

/* The primary (Inter) face of `style`, with lang "" and rtl 0. */
const ic_face *ic_fonts_face(const ic_fonts *fonts, ic_font_style style);
/* The face of a given family and style (for tests and the renderer). Its
 * `hb` is NULL when the family's font file is not in the fonts directory
 * (only Inter is required). */
const ic_face *ic_fonts_family_face(const ic_fonts *fonts, ic_font_family family, ic_font_style style);
/* A copy of the primary face of `style` set up for language `lang` (may be
 * NULL) and direction `rtl`. Its ascender/descender are the largest of the
 * faces that language is set in (Inter, plus Nastaliq for Urdu or Naskh for
 * Arabic, Persian and other Arabic-script languages), so line heights taken
 * from it leave room for them. The copy borrows everything from `fonts`. */
ic_face ic_fonts_text_face(const ic_fonts *fonts, ic_font_style style, const char *lang, int rtl);

/* 1 when `lang` is Urdu ("ur", "ur-PK", ...), the same for Arabic ("ar..."). */
int ic_lang_is(const char *lang, const char *code);
/* 1 when `lang` is written in Arabic script by default (ur, ar, fa, ps, sd, ug, ku-Arab, ...). */
int ic_lang_arabic_script(const char *lang);

#endif
