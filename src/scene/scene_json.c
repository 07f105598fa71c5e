/* The scene as JSON (documented in docs/scene.md): canvas size, then every
 * mark with its kind, role, data row and geometry. */
#include "scene/scene.h"
#include "scene/image.h"
#include "core/error.h"
#include "output/write.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Rounds to 1/100 of a unit so the JSON stays readable and stable. */
static json_t *num(double v)
{
    return json_real(round(v * 100) / 100);
}

static json_t *color_json(ic_color c)
{
    char hex[16];
    snprintf(hex, sizeof hex, "#%02x%02x%02x", (int)lround(c.r * 255), (int)lround(c.g * 255),
             (int)lround(c.b * 255));
    return json_string(hex);
}

static json_t *mark_json(const ic_mark *m)
{
    static const char *const kinds[] = {"rect", "line", "text", "path", "circle", "arc", "image"};
    json_t *o = json_object();
    json_object_set_new(o, "kind", json_string(kinds[m->kind]));
    json_object_set_new(o, "role", json_string(ic_role_name(m->role)));
    json_object_set_new(o, "row", m->row >= 0 ? json_integer(m->row) : json_null());
    if (m->series >= 0)
        json_object_set_new(o, "series", json_integer(m->series));
    if (!isnan(m->value))
        json_object_set_new(o, "value", json_real(m->value));
    json_object_set_new(o, "color", color_json(m->color));
    if (m->color.a < 1)
        json_object_set_new(o, "opacity", num(m->color.a));
    switch (m->kind) {
    case IC_MARK_RECT:
        json_object_set_new(o, "x", num(m->x));
        json_object_set_new(o, "y", num(m->y));
        json_object_set_new(o, "w", num(m->w));
        json_object_set_new(o, "h", num(m->h));
        break;
    case IC_MARK_LINE:
        json_object_set_new(o, "x1", num(m->x));
        json_object_set_new(o, "y1", num(m->y));
        json_object_set_new(o, "x2", num(m->x2));
        json_object_set_new(o, "y2", num(m->y2));
        json_object_set_new(o, "width", num(m->width));
        if (m->dashed)
            json_object_set_new(o, "dashed", json_true());
        break;
    case IC_MARK_PATH:
        json_object_set_new(o, "bounds", json_pack("{s:o,s:o,s:o,s:o}", "x", num(m->x), "y", num(m->y),
                                                   "w", num(m->w), "h", num(m->h)));
        json_object_set_new(o, "stroke_width", num(m->width));
        if (m->dashed)
            json_object_set_new(o, "dashed", json_true());
        break;
    case IC_MARK_CIRCLE:
        json_object_set_new(o, "cx", num(m->x2));
        json_object_set_new(o, "cy", num(m->y2));
        json_object_set_new(o, "r", num(m->r));
        break;
    case IC_MARK_ARC:
        json_object_set_new(o, "cx", num(m->x2));
        json_object_set_new(o, "cy", num(m->y2));
        json_object_set_new(o, "r_inner", num(m->r0));
        json_object_set_new(o, "r_outer", num(m->r));
        json_object_set_new(o, "angle_start", num(m->a0));
        json_object_set_new(o, "angle_end", num(m->a1));
        break;
    case IC_MARK_IMAGE:
        json_object_set_new(o, "x", num(m->x));
        json_object_set_new(o, "y", num(m->y));
        json_object_set_new(o, "w", num(m->w));
        json_object_set_new(o, "h", num(m->h));
        json_object_set_new(o, "format", json_string(m->image && m->image->svg ? "svg" : "png"));
        break;
    case IC_MARK_TEXT:
        json_object_set_new(o, "text", json_string(m->text));
        json_object_set_new(o, "font", json_string(m->font == IC_FONT_BOLD ? "bold" : "regular"));
        json_object_set_new(o, "size", num(m->size));
        json_object_set_new(o, "baseline", json_pack("[o,o]", num(m->bx), num(m->by)));
        json_object_set_new(o, "box", json_pack("{s:o,s:o,s:o,s:o}", "x", num(m->x), "y", num(m->y),
                                                "w", num(m->w), "h", num(m->h)));
        break;
    }
    return o;
}

int ic_write_json_to(const ic_scene *s, FILE *file, const char *path, ic_error *err)
{
    json_t *root = json_object();
    json_t *marks = json_array();
    json_object_set_new(root, "version", json_integer(1));
    json_object_set_new(root, "width", num(s->width));
    json_object_set_new(root, "height", num(s->height));
    json_object_set_new(root, "title", json_string(s->title ? s->title : ""));
    for (size_t i = 0; i < s->n; i++)
        json_array_append_new(marks, mark_json(&s->marks[i]));
    json_object_set_new(root, "marks", marks);
    char *text = json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    json_decref(root);
    if (!text)
        return ic_error_set(err, IC_ERR_NOMEM, path, 0, 0, "out of memory");
    size_t len = strlen(text);
    int rc = fwrite(text, 1, len, file) == len ? 0 : ic_error_set(err, IC_ERR_IO, path, 0, 0, "cannot write output");
    free(text);
    return rc;
}
