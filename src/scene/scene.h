/* The scene: a flat display list in scene units (y down), made by layout and
 * replayed by the backends. Every mark carries its role and the data row it
 * shows (-1 for none), so tests and users can check a chart without pixels. */
#ifndef IC_SCENE_SCENE_H
#define IC_SCENE_SCENE_H

#include <stddef.h>
#include "infochart.h"
#include "text/font.h"
#include "text/shape.h"

typedef enum ic_mark_kind { IC_MARK_RECT, IC_MARK_LINE, IC_MARK_TEXT } ic_mark_kind;

typedef enum ic_role {
    IC_ROLE_BACKGROUND,
    IC_ROLE_TITLE,
    IC_ROLE_SUBTITLE,
    IC_ROLE_NOTE,
    IC_ROLE_SOURCE,
    IC_ROLE_RULE,
    IC_ROLE_BAR,
    IC_ROLE_VALUE_LABEL,
    IC_ROLE_CATEGORY_LABEL,
    IC_ROLE_TICK_LABEL,
    IC_ROLE_GRIDLINE,
    IC_ROLE_BASELINE,
    IC_ROLE_LEGEND_SWATCH,
    IC_ROLE_LEGEND_LABEL,
    IC_ROLE_COUNT
} ic_role;

typedef struct ic_color { double r, g, b, a; } ic_color;

typedef struct ic_mark {
    ic_mark_kind kind;
    ic_role role;
    int row;            /* data row shown, -1 for none */
    int series;         /* y column index for bars/values, -1 for none */
    double value;       /* the data value a bar or label shows (NAN for none) */
    ic_color color;     /* fill for rects and text, stroke for lines */
    /* rect: x, y, w, h. text: its box (x, y = top, w, h from font metrics).
     * line: (x, y) → (x2, y2) with `width`. */
    double x, y, w, h;
    double x2, y2, width;
    /* text only */
    char *text;         /* UTF-8 as given */
    ic_font_style font;
    double size;        /* font size */
    double bx, by;      /* baseline origin */
    ic_shaped shaped;   /* glyphs relative to (bx, by) */
} ic_mark;

struct ic_scene {
    double width, height;
    double scale;       /* PNG pixel density */
    char *title;        /* for SVG <title> / PDF metadata */
    char *desc;         /* alt text for SVG <desc> / PDF subject */
    const ic_fonts *fonts; /* borrowed; must outlive the scene */
    ic_mark *marks;
    size_t n, cap;
};

ic_scene *ic_scene_new(double width, double height, const ic_fonts *fonts);

/* Appends marks. Return the new mark (owned by the scene) or NULL when out of
 * memory. Text is shaped here; (bx, by) is the baseline start of the text. */
ic_mark *ic_scene_rect(ic_scene *s, ic_role role, double x, double y, double w, double h, ic_color c);
ic_mark *ic_scene_line(ic_scene *s, ic_role role, double x1, double y1, double x2, double y2,
                       double width, ic_color c);
ic_mark *ic_scene_text(ic_scene *s, ic_role role, const char *text, ic_font_style font, double size,
                       double bx, double by, ic_color c);

/* Measures text without adding it. */
double ic_scene_text_width(const ic_scene *s, const char *text, ic_font_style font, double size);

const char *ic_role_name(ic_role role);

/* The scene as text, one mark per line, numbers rounded to 0.01 (golden tests).
 * Returns a new string; free with free(). */
char *ic_scene_dump(const ic_scene *s);

#endif
