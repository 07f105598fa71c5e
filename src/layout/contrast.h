/* Legibility of text against what lies behind it (WCAG 2.1 contrast), and
 * of data colours against the background. docs/colour.md states the rules
 * for users. */
#ifndef IC_LAYOUT_CONTRAST_H
#define IC_LAYOUT_CONTRAST_H

#include "layout/layout.h"

/* What text needs against what is behind it (WCAG 2.1 SC 1.4.3, AA for
 * normal text) and what data marks need against the background (SC 1.4.11,
 * non-text contrast). */
#define IC_CONTRAST_TEXT 4.5
#define IC_CONTRAST_DATA 3.0

/* WCAG 2.1 relative luminance of an sRGB colour: 0 (black) to 1 (white).
 * Alpha is ignored. */
double ic_contrast_luminance(ic_color c);

/* A shade of `c`'s hue with at least `ratio` contrast against every colour
 * of behind[0..n): its OKLCH lightness moved the least that reaches it (up or
 * down), hue kept, chroma kept as far as sRGB allows at that lightness. `c`
 * itself when it already has it. When no shade of the hue reaches `ratio`,
 * the better of near-black (#1A1A1A) and near-white (#F2F2F2). Alpha is
 * kept. n == 0 returns `c`. */
ic_color ic_contrast_shade(ic_color c, const ic_color *behind, size_t n, double ratio);

/* The colours drawn behind text mark `i` of `s`: every filled mark before it
 * (rect, circle, arc, filled path) that covers part of its box, from the top
 * down to the first that covers the whole box; when none covers it all,
 * `canvas` too. A translucent mark counts as its colour over `canvas`.
 * Writes at most `max` colours to `out` (the topmost first) and returns how
 * many it wrote. */
size_t ic_contrast_behind(const ic_scene *s, size_t i, ic_color canvas, ic_color *out, size_t max);

/* Run once a kind has laid its chart out into L->scene: every text mark
 * whose colour has less than 4.5:1 contrast against what is drawn behind it
 * (ic_contrast_behind, with the theme's background as the canvas) gets
 * ic_contrast_shade's shade, with a small margin so the colour still reaches
 * 4.5:1 once written as #rrggbb. Returns the number of texts changed. */
int ic_contrast_fix_text(ic_layout *L);

/* A data colour that a spec gave (or that the spec's "background" leaves)
 * with less than 3:1 against the chart's background. */
typedef struct ic_contrast_issue {
    const char *key;    /* "accent", "muted", "palette" or "background" */
    size_t index;       /* palette: the colour's index in "palette" (0-based) */
    const char *what;   /* "background" only: the theme colour it fails with */
    ic_color color;     /* the data colour */
    ic_color background;
    double ratio;
    ic_color suggestion; /* a shade of the same hue that has 3:1 */
} ic_contrast_issue;

/* The spec's data colours ("accent", "muted", every "palette" entry; with
 * "background" given, also the theme's own accent, muted and palette) that
 * have less than 3:1 against the chart's background. They are reported, never
 * changed: the user chose them. Writes at most `max` issues to `out` and
 * returns how many there are (which may be more than `max`). */
size_t ic_contrast_spec_issues(const ic_spec *spec, ic_contrast_issue *out, size_t max);

/* Adds one note per ic_contrast_spec_issues issue to `table` (ic_table_note:
 * printed by the CLI with the chart's data notes, not counted as something
 * left out of the chart): "SPEC: warning: "palette" colour 3 (#a7b4c0) has
 * 1.96:1 contrast with the background #ffffff; data marks need 3:1 to be
 * seen (a shade of the same hue that has it: #7d8995)". Meant for chart
 * loading, once per chart (the CLI prints a chart's notes).
 * Returns the number of notes, or -1 when out of memory. */
int ic_contrast_note_spec(const ic_spec *spec, ic_table *table);

#endif
