/* Built-in vector icons for waffle charts and their legends: plain squares
 * and circles, and two pictograms (an adult and a child) drawn as filled
 * scene paths made of lines and cubic Bézier curves (no icon fonts). */
#ifndef IC_CHARTS_ICONS_H
#define IC_CHARTS_ICONS_H

#include "scene/scene.h"

typedef enum ic_icon {
    IC_ICON_SQUARE = 0,
    IC_ICON_CIRCLE,
    IC_ICON_PERSON,  /* an adult: head, shoulders, arms, legs */
    IC_ICON_CHILD    /* a child: about 3/4 of the adult's height, bigger head, rounder body */
} ic_icon;

/* "square", "circle", "person" or "child"; NULL or anything else gives a square. */
ic_icon ic_icon_from_name(const char *name);

/* Width / height of the icon's design box: 1 for squares and circles, 0.6
 * for the figures (adult and child share one box, so they share a grid). */
double ic_icon_aspect(ic_icon icon);

/* Draws `icon` inside the box (x, y, w, h), scene units, y down: the design
 * box is scaled to fit, centred horizontally and standing on the box's
 * bottom edge (so a child is visibly shorter than an adult next to it).
 * Squares become rects, circles circle marks, figures one filled path.
 * The mark's bounds lie inside the box. Returns the mark (owned by the
 * scene) or NULL when out of memory. */
ic_mark *ic_icon_draw(ic_scene *s, ic_role role, ic_icon icon, double x, double y, double w, double h,
                      ic_color c);

#endif
