/* Annotations for x/y chart kinds (spec->annotations): callouts with a
 * connector to a data point, bands over a range of x values and reference
 * lines at a value, plus the free-spot search every callout-like text uses
 * (trend notes, point labels).
 *
 * A kind describes its axes with an ic_xy_axes (callbacks from a row to the
 * canvas and from a value to the canvas) and calls ic_annotate_back before
 * drawing its data and ic_annotate_front after its data and labels, so that
 * annotation text avoids every text already placed. */
#ifndef IC_LAYOUT_ANNOTATE_H
#define IC_LAYOUT_ANNOTATE_H

#include <stddef.h>
#include "layout/layout.h"
#include "layout/format.h"

typedef struct ic_xy_axes {
    void *ctx;                 /* passed to the callbacks */
    /* position along the category axis of data row `row` for series `series`
     * (-1: the row's centre); canvas x, or canvas y when categories_vertical */
    double (*row_pos)(void *ctx, size_t row, int series);
    /* position along the value axis of `value`: canvas y, or canvas x when
     * categories_vertical */
    double (*value_pos)(void *ctx, double value);
    int categories_vertical;   /* horizontal bars: rows go down, values go right */
    double x0, y0, x1, y1;     /* the plot area, canvas units (y0 < y1) */
    double row_half;           /* bands reach this far beyond their first and last row (0 for lines) */
    const ic_numfmt *fmt;      /* the value axis format (reference line labels); may be NULL */
    /* boxes (x, y, w, h quadruples) that text should not cover, e.g. data
     * points and samples along lines; may be NULL */
    const double *avoid;
    size_t navoid;
    /* reference lines drawn over the data (bars would hide them) by
     * ic_annotate_front instead of behind it by ic_annotate_back */
    int lines_in_front;
    /* the data are areas (bars) that a callout's text may partly cover:
     * a spot clear of them is sought only near the point, never with a
     * leader across the chart; for points and lines, anywhere first */
    int text_may_cover_data;
} ic_xy_axes;

/* Bands (light fill over the whole value range) and reference lines (dashed),
 * drawn behind the data. Returns 0, or -1 (out of memory) with L->err set. */
int ic_annotate_back(ic_layout *L, const ic_xy_axes *ax);

/* The words: band texts at the top of their bands, reference line labels at
 * their right end, callouts near their point with a connector ending exactly
 * on the point. Text never overlaps text already in the scene. Errors:
 * IC_ERR_DATA when a callout points at a gap (naming its place in the spec)
 * or when a text finds no free room anywhere. Returns 0 or -1. */
int ic_annotate_front(ic_layout *L, const ic_xy_axes *ax);

/* Where a callout text may go relative to its point. */
typedef enum ic_place_dir {
    IC_PLACE_ABOVE_RIGHT, IC_PLACE_ABOVE_LEFT, IC_PLACE_BELOW_RIGHT, IC_PLACE_BELOW_LEFT,
    IC_PLACE_RIGHT, IC_PLACE_LEFT, IC_PLACE_ABOVE, IC_PLACE_BELOW
} ic_place_dir;

typedef struct ic_callout {
    const char *text;
    ic_font_style font;
    double size;               /* font size; may shrink down to L->source_size to fit */
    ic_color color;
    ic_role role;              /* IC_ROLE_ANNOTATION, IC_ROLE_TREND, IC_ROLE_VALUE_LABEL... */
    int row, series;           /* tags for the text marks */
    double value;              /* tag (NAN for none) */
    double max_width;          /* wrap width; 0 = a third of the plot width */
    int connector;             /* 1 always, 0 never, -1 only when placed away from the point */
    const ic_place_dir *dirs;  /* order of positions to try; NULL = the default order */
    size_t ndirs;
    double clearance;          /* distance kept from the point (e.g. marker radius); 0 = automatic */
    int near_only;             /* only right next to the point, at full size (value labels): else 1 */
    int one_mark;              /* where it may cover data: only wholly over one avoid box, never across
                                * an edge (a colour that reads on the bar may not read beside it) */
    double slide;              /* left or right of the point, the text may slide up or down by
                                * this much (with a connector) to clear an avoid box; 0 = not */
    double left, top, right, bottom; /* where the text may go; all 0 = the chart region */
} ic_callout;

/* Places `c` near the point (px, py): tries the positions in c->dirs at
 * growing distances, first away from text and avoid boxes, then away from
 * text only, then smaller down to the source size, then the nearest free
 * spot in the region. Adds the text marks (and the connector, role
 * IC_ROLE_CONNECTOR, from the text box to the point). Returns 0 when placed,
 * 1 when there was no room anywhere (nothing added), -1 when out of memory
 * (L->err set). `box` (may be NULL) receives x, y, w, h of the text block. */
int ic_place_callout(ic_layout *L, const ic_xy_axes *ax, const ic_callout *c, double px, double py,
                     double box[4]);

/* 1 when the box (x, y, w, h) overlaps a text mark of the scene (touching is
 * allowed). */
int ic_box_hits_text(const ic_scene *s, double x, double y, double w, double h);

#endif
