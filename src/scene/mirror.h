/* Right-to-left layout by mirroring: a chart laid out left to right is
 * flipped about the canvas's vertical centre line, so titles and sources end
 * up right-aligned, category labels on the right of horizontal bars, bars
 * growing leftwards, legends starting at the right. Text is moved, never
 * flipped: each text block keeps its glyphs and lands at the mirrored place. */
#ifndef IC_SCENE_MIRROR_H
#define IC_SCENE_MIRROR_H

#include "scene/scene.h"

/* Mirrors every mark of `s` left to right. */
void ic_scene_mirror(ic_scene *s);

/* Mirrors only the frame (title, subtitle, note, source, rule, legend): for
 * charts whose time axis must keep running left to right. */
void ic_scene_mirror_frame(ic_scene *s);

#endif
