/* Vector pictograms as scene paths. Each figure is a union of simple
 * shapes (a circle for the head, rounded rectangles for body, arms and legs),
 * all traced clockwise so that the non-zero fill rule merges them. Shapes are
 * designed in a box 0.6 wide and 1 high (y down) and scaled into the cell. */
#include "charts/icons.h"

#include <math.h>
#include <string.h>

#define KAPPA 0.5522847498 /* control-point distance of a quarter circle */
#define MAX_OPS 96
#define MAX_PTS 2 * 3 * MAX_OPS

typedef struct path_builder {
    ic_path_op ops[MAX_OPS];
    double pts[MAX_PTS];
    size_t nops, npts;        /* npts counts points (pairs) */
    double ox, oy, k;         /* design → scene: X = ox + k u, Y = oy + k v */
} path_builder;

static void pt(path_builder *b, double u, double v)
{
    b->pts[2 * b->npts] = b->ox + b->k * u;
    b->pts[2 * b->npts + 1] = b->oy + b->k * v;
    b->npts++;
}

static void move_to(path_builder *b, double u, double v)
{
    b->ops[b->nops++] = IC_PATH_MOVE;
    pt(b, u, v);
}

static void line_to(path_builder *b, double u, double v)
{
    b->ops[b->nops++] = IC_PATH_LINE;
    pt(b, u, v);
}

static void curve_to(path_builder *b, double u1, double v1, double u2, double v2, double u, double v)
{
    b->ops[b->nops++] = IC_PATH_CURVE;
    pt(b, u1, v1);
    pt(b, u2, v2);
    pt(b, u, v);
}

static void close_path(path_builder *b)
{
    b->ops[b->nops++] = IC_PATH_CLOSE;
}

/* Circle, clockwise on screen, from 12 o'clock. */
static void circle(path_builder *b, double cx, double cy, double r)
{
    double c = KAPPA * r;
    move_to(b, cx, cy - r);
    curve_to(b, cx + c, cy - r, cx + r, cy - c, cx + r, cy);
    curve_to(b, cx + r, cy + c, cx + c, cy + r, cx, cy + r);
    curve_to(b, cx - c, cy + r, cx - r, cy + c, cx - r, cy);
    curve_to(b, cx - r, cy - c, cx - c, cy - r, cx, cy - r);
    close_path(b);
}

/* Rectangle (x0, y0)–(x1, y1) with top corners of radius rt and bottom
 * corners of radius rb, clockwise on screen. */
static void rounded_rect(path_builder *b, double x0, double y0, double x1, double y1, double rt, double rb)
{
    double ct = KAPPA * rt, cb = KAPPA * rb;
    move_to(b, x0 + rt, y0);
    line_to(b, x1 - rt, y0);
    if (rt > 0)
        curve_to(b, x1 - rt + ct, y0, x1, y0 + rt - ct, x1, y0 + rt);
    line_to(b, x1, y1 - rb);
    if (rb > 0)
        curve_to(b, x1, y1 - rb + cb, x1 - rb + cb, y1, x1 - rb, y1);
    line_to(b, x0 + rb, y1);
    if (rb > 0)
        curve_to(b, x0 + rb - cb, y1, x0, y1 - rb + cb, x0, y1 - rb);
    line_to(b, x0, y0 + rt);
    if (rt > 0)
        curve_to(b, x0, y0 + rt - ct, x0 + rt - ct, y0, x0 + rt, y0);
    close_path(b);
}

/* A standing figure, symmetric about u = 0.3, feet at v = 1. */
typedef struct figure {
    double head_r, head_cy;
    double torso_hw, torso_top, torso_bottom, torso_rt, torso_rb;
    double arm_w, arm_gap, arm_top, arm_bottom;
    double leg_w, leg_gap, leg_top, foot_r;
} figure;

/* An adult: small head, broad shoulders, long legs. */
static const figure adult = {
    .head_r = 0.105, .head_cy = 0.115,
    .torso_hw = 0.14, .torso_top = 0.25, .torso_bottom = 0.60, .torso_rt = 0.085, .torso_rb = 0.02,
    .arm_w = 0.07, .arm_gap = 0.018, .arm_top = 0.268, .arm_bottom = 0.585,
    .leg_w = 0.118, .leg_gap = 0.024, .leg_top = 0.56, .foot_r = 0.045,
};

/* A child: about 0.72 of the adult's height, a head that is larger for the
 * body, a round tummy and short legs. */
static const figure child = {
    .head_r = 0.118, .head_cy = 0.40,
    .torso_hw = 0.128, .torso_top = 0.535, .torso_bottom = 0.805, .torso_rt = 0.115, .torso_rb = 0.05,
    .arm_w = 0.064, .arm_gap = 0.016, .arm_top = 0.56, .arm_bottom = 0.77,
    .leg_w = 0.098, .leg_gap = 0.022, .leg_top = 0.77, .foot_r = 0.045,
};

static void trace_figure(path_builder *b, const figure *f)
{
    const double c = 0.3;
    circle(b, c, f->head_cy, f->head_r);
    rounded_rect(b, c - f->torso_hw, f->torso_top, c + f->torso_hw, f->torso_bottom, f->torso_rt, f->torso_rb);
    double ar = f->arm_w / 2;
    double d = f->torso_hw + f->arm_gap;
    rounded_rect(b, c - d - f->arm_w, f->arm_top, c - d, f->arm_bottom, ar, ar);
    rounded_rect(b, c + d, f->arm_top, c + d + f->arm_w, f->arm_bottom, ar, ar);
    double lg = f->leg_gap / 2;
    rounded_rect(b, c - lg - f->leg_w, f->leg_top, c - lg, 1.0, 0, f->foot_r);
    rounded_rect(b, c + lg, f->leg_top, c + lg + f->leg_w, 1.0, 0, f->foot_r);
}

ic_icon ic_icon_from_name(const char *name)
{
    if (!name)
        return IC_ICON_SQUARE;
    if (strcmp(name, "circle") == 0)
        return IC_ICON_CIRCLE;
    if (strcmp(name, "person") == 0)
        return IC_ICON_PERSON;
    if (strcmp(name, "child") == 0)
        return IC_ICON_CHILD;
    return IC_ICON_SQUARE;
}

double ic_icon_aspect(ic_icon icon)
{
    return icon == IC_ICON_PERSON || icon == IC_ICON_CHILD ? 0.6 : 1.0;
}

ic_mark *ic_icon_draw(ic_scene *s, ic_role role, ic_icon icon, double x, double y, double w, double h,
                      ic_color c)
{
    double aspect = ic_icon_aspect(icon);
    double k = fmin(h, w / aspect);   /* scene units per design unit */
    double bw = aspect * k;
    double bx = x + (w - bw) / 2, by = y + h - k;
    if (icon == IC_ICON_SQUARE)
        return ic_scene_rect(s, role, bx, by, bw, k, c);
    if (icon == IC_ICON_CIRCLE)
        return ic_scene_circle(s, role, bx + bw / 2, by + k / 2, k / 2, c);
    path_builder b;
    b.nops = b.npts = 0;
    b.ox = bx;
    b.oy = by;
    b.k = k;
    trace_figure(&b, icon == IC_ICON_CHILD ? &child : &adult);
    return ic_scene_path(s, role, b.ops, b.nops, b.pts, b.npts, 0, c);
}
