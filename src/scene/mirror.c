#include "scene/mirror.h"

static int is_frame(ic_role role)
{
    return role == IC_ROLE_TITLE || role == IC_ROLE_SUBTITLE || role == IC_ROLE_NOTE || role == IC_ROLE_SOURCE ||
           role == IC_ROLE_RULE || role == IC_ROLE_LEGEND_SWATCH || role == IC_ROLE_LEGEND_LABEL ||
           role == IC_ROLE_LOGO;
}

static void mirror(ic_scene *s, int frame_only)
{
    double W = s->width;
    for (size_t i = 0; i < s->n; i++) {
        ic_mark *m = &s->marks[i];
        if (frame_only && !is_frame(m->role))
            continue;
        double new_x = W - (m->x + m->w); /* the mark's box, mirrored */
        switch (m->kind) {
        case IC_MARK_RECT:
        case IC_MARK_IMAGE:
            m->x = new_x;
            break;
        case IC_MARK_LINE:
            m->x = W - m->x;
            m->x2 = W - m->x2;
            break;
        case IC_MARK_TEXT:
            /* the text keeps its reading direction: only its place moves */
            m->bx += new_x - m->x;
            m->x = new_x;
            break;
        case IC_MARK_PATH:
            for (size_t k = 0; k < m->npts; k++)
                m->pts[2 * k] = W - m->pts[2 * k];
            m->x = new_x;
            break;
        case IC_MARK_CIRCLE:
            m->x2 = W - m->x2;
            m->x = new_x;
            break;
        case IC_MARK_ARC: {
            /* clockwise from a0 to a1 becomes clockwise from −a1 to −a0 */
            double a0 = m->a0, a1 = m->a1;
            m->a0 = 360 - a1;
            m->a1 = 360 - a0;
            m->x2 = W - m->x2;
            m->x = new_x;
            break;
        }
        }
    }
}

void ic_scene_mirror(ic_scene *s)
{
    mirror(s, 0);
}

void ic_scene_mirror_frame(ic_scene *s)
{
    mirror(s, 1);
}
