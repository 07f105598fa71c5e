/* Legibility of text against what lies behind it (WCAG 2.1 contrast). */
#ifndef IC_LAYOUT_CONTRAST_H
#define IC_LAYOUT_CONTRAST_H

#include "layout/layout.h"

/* Run once a kind has laid its chart out into L->scene: every text mark
 * whose colour has less than 4.5:1 contrast against what is drawn behind it
 * gets a shade of the same hue that reaches it. Returns 0. */
int ic_contrast_fix_text(ic_layout *L);

#endif
