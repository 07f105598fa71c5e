/* A fixed scene of every mark kind with Latin and Urdu text, built without
 * layout (test_svg_text.c). tests/unit/svg_paths_ref.svg is this scene as the
 * outline writer drew it before SVG had real text (commit c3fb444). */
#ifndef IC_TEST_SVG_REF_SCENE_H
#define IC_TEST_SVG_REF_SCENE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "scene/scene.h"

static ic_scene *reference_scene(const ic_fonts *fonts)
{
    ic_scene *s = ic_scene_new(400, 300, fonts);
    s->title = strdup("Reference <paths> & text");
    s->desc = strdup("Every mark kind, Latin and Urdu text");
    ic_color ink = {0.1, 0.1, 0.1, 1}, accent = {0.85, 0.37, 0.01, 1};
    ic_scene_rect(s, IC_ROLE_BACKGROUND, 0, 0, 400, 300, (ic_color){1, 1, 1, 1});
    ic_scene_text(s, IC_ROLE_TITLE, "Girls & boys: 38%", IC_FONT_BOLD, 22, 20, 40, ink);
    ic_scene_text(s, IC_ROLE_SUBTITLE, "One in three victims", IC_FONT_REGULAR, 14, 20, 62,
                  (ic_color){0.3, 0.3, 0.3, 0.8});
    ic_scene_line(s, IC_ROLE_GRIDLINE, 20, 80, 380, 80, 1, (ic_color){0.8, 0.8, 0.8, 1});
    ic_scene_circle(s, IC_ROLE_MARKER, 60, 150, 12, accent);
    ic_scene_arc(s, IC_ROLE_SLICE, 200, 160, 20, 50, 0, 137, accent);
    ic_path_op ops[] = {IC_PATH_MOVE, IC_PATH_LINE, IC_PATH_CURVE, IC_PATH_CLOSE};
    double pts[] = {280, 200, 320, 120, 340, 140, 360, 180, 370, 200};
    ic_scene_path(s, IC_ROLE_AREA, ops, 4, pts, 5, 0, (ic_color){0.2, 0.4, 0.7, 0.6});
    snprintf(s->lang, sizeof s->lang, "ur");
    s->rtl = 1;
    ic_scene_text(s, IC_ROLE_NOTE, "2004 کے بعد بچوں کا حصہ (38%)", IC_FONT_REGULAR, 16, 20, 260, ink);
    return s;
}

#endif
