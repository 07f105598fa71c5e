/* Organisation themes: a theme file (JSON) read and validated with
 * file:line:col errors, its fonts and logo loaded once, shared read-only by
 * every chart (and thread) that uses it. docs/themes.md describes the file;
 * docs/schema/theme.schema.json is its JSON Schema. */
#ifndef IC_SPEC_THEME_FILE_H
#define IC_SPEC_THEME_FILE_H

#include <pthread.h>
#include <stdatomic.h>
#include "infochart.h"
#include "layout/layout.h"
#include "scene/image.h"
#include "text/font.h"

/* Text roles "type_scale" may scale separately. */
typedef enum ic_type_role {
    IC_TYPE_TITLE = 0,  /* the title */
    IC_TYPE_SUBTITLE,   /* the subtitle */
    IC_TYPE_BODY,       /* labels, values, ticks, legends, annotations */
    IC_TYPE_SOURCE,     /* note, source and byline */
    IC_TYPE_ROLES
} ic_type_role;

/* "source_prefix" for one language ("" = every language). */
typedef struct ic_theme_prefix {
    char lang[16];
    char *text;
} ic_theme_prefix;

/* A font set made for one base set of bundled fonts (ic_theme_fonts). */
typedef struct ic_theme_fonts {
    unsigned long base_id;
    ic_fonts *fonts;
} ic_theme_fonts;

struct ic_theme {
    atomic_int refs;            /* holders: the caller, specs, scenes */
    char *path;                 /* the theme file */
    int dark;                   /* "extends": "dark" */
    /* colours the theme sets (has_*: given) */
    int has_background, has_text, has_text_muted, has_accent, has_muted;
    ic_color background, text, text_muted, accent, muted;
    ic_color palette[IC_PALETTE_MAX];
    size_t npalette;            /* 0: the built-in palette */
    double type_scale[IC_TYPE_ROLES]; /* multipliers, 1 = as built in */
    ic_theme_prefix *prefixes;  /* "source_prefix" */
    size_t nprefixes;
    /* fonts (open when has_*) */
    int has_regular, has_bold;
    ic_face regular, bold;
    ic_face fallbacks[IC_THEME_FALLBACKS_MAX];
    size_t nfallbacks;
    /* the logo (NULL: none), its height in scene units (0: automatic) and
     * side ("left"/"right"; -1 automatic: opposite the source text) */
    ic_image *logo;
    double logo_height;
    int logo_left;
    /* the files it is made from: the theme file, fonts, logo */
    char **deps;
    size_t ndeps;
    /* font sets made for the callers' bundled fonts, on first use */
    pthread_mutex_t lock;
    ic_theme_fonts *sets;
    size_t nsets;
};

/* Takes one more hold on `theme` (released with ic_theme_free); returns it. */
ic_theme *ic_theme_ref(const ic_theme *theme);

/* 1 when the theme sets any font. */
int ic_theme_has_fonts(const ic_theme *theme);

/* The font set to lay a chart out with: `base` (the bundled fonts) behind
 * the theme's fonts; `base` itself when the theme sets none. Made once per
 * base set and kept by the theme. NULL when out of memory. */
const ic_fonts *ic_theme_fonts_for(const ic_theme *theme, const ic_fonts *base);

/* The source prefix for language `lang` (NULL: none given): the theme's
 * entry for it, else its entry for every language, else NULL (the built-in
 * localised "Source:" label). Borrowed from the theme. */
const char *ic_theme_source_prefix(const ic_theme *theme, const char *lang);

#endif
