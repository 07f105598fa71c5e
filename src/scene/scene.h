/* The scene: a flat display list in scene units (y down), made by layout and
 * replayed by the backends. Every mark carries its role and the data row it
 * shows (-1 for none), so tests and users can check a chart without pixels. */
#ifndef IC_SCENE_SCENE_H
#define IC_SCENE_SCENE_H

#include <stddef.h>
#include "infochart.h"
#include "text/font.h"
#include "text/shape.h"

typedef enum ic_mark_kind {
    IC_MARK_RECT,
    IC_MARK_LINE,
    IC_MARK_TEXT,
    IC_MARK_PATH,   /* polyline or shape: move/line/curve/close operations */
    IC_MARK_CIRCLE, /* centre (x, y), radius r */
    IC_MARK_ARC,    /* annular sector: centre, radii, angles */
    IC_MARK_IMAGE   /* a picture (a theme's logo) scaled into its box x, y, w, h */
} ic_mark_kind;

/* Path operations; each takes its points from `pts` in order. */
typedef enum ic_path_op {
    IC_PATH_MOVE,   /* 1 point */
    IC_PATH_LINE,   /* 1 point */
    IC_PATH_CURVE,  /* 3 points: two control points, then the end (cubic Bézier) */
    IC_PATH_CLOSE   /* no point */
} ic_path_op;

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
    IC_ROLE_LINE,          /* a data series drawn as a line */
    IC_ROLE_AREA,          /* the filled area under a line */
    IC_ROLE_MARKER,        /* a point of a series */
    IC_ROLE_SERIES_LABEL,  /* a direct label naming a series */
    IC_ROLE_SLICE,         /* a donut or pie slice */
    IC_ROLE_LEADER,        /* a line from a label to what it names */
    IC_ROLE_CENTER_VALUE,  /* the big number in a donut or stat card */
    IC_ROLE_CENTER_LABEL,  /* the words under it */
    IC_ROLE_CELL,          /* a waffle cell or pictogram icon */
    IC_ROLE_CONTEXT,       /* a stat card's context line */
    IC_ROLE_ANNOTATION,    /* callout text */
    IC_ROLE_CONNECTOR,     /* the line from a callout to its point */
    IC_ROLE_BAND,          /* a highlighted range */
    IC_ROLE_REFERENCE,     /* a reference line */
    IC_ROLE_TREND,         /* a computed change note */
    IC_ROLE_LOGO,          /* an organisation's logo (a theme's), in the footer */
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
     * line: (x, y) → (x2, y2) with `width`. path: its bounds in x, y, w, h.
     * circle: centre (x2, y2) and radius r, bounds in x, y, w, h.
     * arc: centre (x2, y2), radii r0 < r, angles a0 → a1 in degrees clockwise
     * from 12 o'clock, bounds of the whole ring in x, y, w, h. */
    double x, y, w, h;
    double x2, y2, width;
    double r, r0, a0, a1;
    /* path only; `width` > 0 strokes the path with `color`, else it is filled */
    ic_path_op *ops;
    size_t nops;
    double *pts;        /* x, y pairs */
    size_t npts;
    int dashed;         /* lines and stroked paths: short dashes */
    /* text only */
    char *text;         /* UTF-8 as given (logical order) */
    ic_font_style font;
    double size;        /* font size */
    double bx, by;      /* baseline origin: the left end of the line */
    ic_shaped shaped;   /* glyphs in visual order relative to (bx, by), runs with their faces */
    /* image only: the picture (borrowed from the theme the scene holds) */
    const struct ic_image *image;
} ic_mark;

struct ic_scene {
    double width, height;
    double scale;       /* PNG pixel density */
    double max_pixels;  /* PNG budget: width x height x scale^2 (0: ic_limits_default's) */
    char *title;        /* for SVG <title> / PDF metadata */
    char *desc;         /* alt text for SVG <desc> / PDF subject */
    const ic_fonts *fonts; /* borrowed; must outlive the scene */
    /* the organisation theme the chart was laid out with: a reference
     * (released by ic_scene_free) that keeps its fonts and logo alive as
     * long as the scene; NULL without one */
    ic_theme *theme;
    ic_mark *marks;
    size_t n, cap;
    char **warnings;    /* things left out to keep the chart legible */
    size_t nwarnings;
    /* how much was left out or shortened: 1 a warning, more where a kind
     * knows better (each shortened label, each row's value label); a print
     * chart grows taller while that lowers it */
    size_t lost;
    /* text setting, set by the layout before it adds text */
    char lang[16];      /* language of the text, BCP 47 ("ur", "ar", "en"...); "" = unknown */
    int rtl;            /* 1: paragraphs run right to left; 0: found from each text, else left to right */
    /* 1: a character no bundled font has makes ic_scene_text fail (NULL) with
     * the message in missing_glyph_error; 0: it is left out with a warning */
    int missing_glyphs_error;
    /* 1: the SVG writer draws text as glyph outlines ("svg_text": "paths");
     * 0: as <text> set in embedded subset fonts */
    int svg_text_paths;
    char missing_glyph_error[256]; /* set when ic_scene_text failed for that reason, else "" */
    ic_face text_faces[IC_FONT_COUNT]; /* ic_scene_face's faces */
    /* the last texts shaped (layout often measures a line, then adds it) */
    struct ic_shape_memo *memo;
    size_t nmemo, memo_next;
};

ic_scene *ic_scene_new(double width, double height, const ic_fonts *fonts);

/* Appends marks. Return the new mark (owned by the scene) or NULL when out of
 * memory. Text is shaped here (in the scene's language and direction, over
 * the fallback chain); (bx, by) is the left end of the text's baseline; the
 * mark's box holds the ascent and descent of every face used and all the ink.
 * A character no bundled font has is reported with a warning and left out;
 * with missing_glyphs_error set, ic_scene_text returns NULL instead and
 * missing_glyph_error says why (IC_ERR_FONT for the caller). */
ic_mark *ic_scene_rect(ic_scene *s, ic_role role, double x, double y, double w, double h, ic_color c);
ic_mark *ic_scene_line(ic_scene *s, ic_role role, double x1, double y1, double x2, double y2,
                       double width, ic_color c);
ic_mark *ic_scene_text(ic_scene *s, ic_role role, const char *text, ic_font_style font, double size,
                       double bx, double by, ic_color c);

/* A path from `nops` operations taking points (x, y pairs) from `pts`, both
 * copied. `width` > 0 strokes it, else it is filled. */
ic_mark *ic_scene_path(ic_scene *s, ic_role role, const ic_path_op *ops, size_t nops, const double *pts,
                       size_t npts, double width, ic_color c);
/* A polyline through `n` points (x, y pairs), stroked with `width`. */
ic_mark *ic_scene_polyline(ic_scene *s, ic_role role, const double *pts, size_t n, double width, ic_color c);
ic_mark *ic_scene_circle(ic_scene *s, ic_role role, double cx, double cy, double r, ic_color c);
/* Annular sector between radii r0 (0 for a pie) and r, from angle a0 to a1
 * (degrees, clockwise from 12 o'clock). */
/* An image drawn scaled into the box (x, y, w, h); `image` is borrowed and
 * must outlive the scene (a theme's logo: the scene holds the theme). */
ic_mark *ic_scene_image(ic_scene *s, ic_role role, const struct ic_image *image, double x, double y, double w,
                        double h);
ic_mark *ic_scene_arc(ic_scene *s, ic_role role, double cx, double cy, double r0, double r, double a0,
                      double a1, ic_color c);

/* Records a warning ("file:line:col: warning: ..." is printed by the CLI):
 * something the spec asked for was left out rather than drawn overlapping.
 * `line`/`column` point into the spec (0 when unknown). Returns 0 or -1. */
int ic_scene_warn(ic_scene *s, int line, int column, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* A warning about the spec that does not mean anything was left out (a
 * language without translations, a colour with too little contrast): shown
 * like ic_scene_warn's, but not counted in `lost`. Returns 0 or -1. */
int ic_scene_notice(ic_scene *s, int line, int column, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Measures text without adding it, exactly as ic_scene_text sets it. */
double ic_scene_text_width(ic_scene *s, const char *text, ic_font_style font, double size);

/* The line box ic_scene_text would give `text`: distances above and below
 * the baseline (either pointer may be NULL). */
void ic_scene_text_extents(ic_scene *s, const char *text, ic_font_style font, double size, double *ascent,
                           double *descent);

/* The face to measure and wrap with for this scene: `style`, set up for the
 * scene's lang and rtl (ic_wrap, ic_wrap_balanced and ic_text_width with it
 * agree with ic_scene_text), with ascender/descender large enough for the
 * faces that language is written in. Valid until the scene is freed; read
 * lang/rtl at each call, so call it after setting them. */
const ic_face *ic_scene_face(ic_scene *s, ic_font_style style);

const char *ic_role_name(ic_role role);

/* The scene as text, one mark per line, numbers rounded to 0.01 (golden tests).
 * Returns a new string; free with free(). */
char *ic_scene_dump(const ic_scene *s);

#endif
