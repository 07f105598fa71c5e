/* SVG output: the scene serialised directly, mark by mark, in the order and
 * with the geometry render_cairo.c draws. Text is real text by default: each
 * line a <text> element placed where our shaping put it, set in subsets of
 * our fonts embedded as web fonts (svg_fonts.h), so a browser draws the same
 * glyphs and people can select, search and hear it. With "svg_text":
 * "paths" text is drawn as glyph outlines instead (defined once in <defs>,
 * placed with <use>), byte for byte as before. The document is built in
 * memory and written in one piece; the bytes depend only on the scene. */
#include "output/write.h"
#include "output/svg_glyphs.h"
#include "output/svg_fonts.h"
#include "scene/image.h"
#include "core/error.h"
#include "core/buf.h"
#include "core/util.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ic_xml_escape(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '&': fputs("&amp;", out); break;
        case '"': fputs("&quot;", out); break;
        default: fputc(*s, out);
        }
    }
}

/* ---- the output buffer: ic_buf ---- */

typedef ic_buf buf;

static void put(buf *b, const char *s, size_t n)
{
    ic_buf_append(b, s, n);
}

#define PUT(b, lit) put((b), (lit), sizeof(lit) - 1)

static void put_escaped(buf *b, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<': PUT(b, "&lt;"); break;
        case '>': PUT(b, "&gt;"); break;
        case '&': PUT(b, "&amp;"); break;
        case '"': PUT(b, "&quot;"); break;
        default: put(b, s, 1);
        }
    }
}

/* ---- numbers ---- */

#define NUM_MAX 32 /* longest number format_num writes */

/* Writes q / 10^decimals without trailing zeros or a trailing dot (0 is "0",
 * never "-0"); returns the end. */
static char *format_fixed(char *p, long long q, int decimals)
{
    static const unsigned long long iscale[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000,
                                                100000000};
    if (q == 0) {
        *p++ = '0';
        return p;
    }
    unsigned long long u = q < 0 ? 0ULL - (unsigned long long)q : (unsigned long long)q;
    if (q < 0)
        *p++ = '-';
    p = ic_svg_uint(p, u / iscale[decimals]);
    unsigned long long frac = u % iscale[decimals];
    if (frac) {
        int digits = decimals;
        while (frac % 10 == 0) {
            frac /= 10;
            digits--;
        }
        *p++ = '.';
        for (int i = digits - 1; i >= 0; i--) {
            p[i] = (char)('0' + frac % 10);
            frac /= 10;
        }
        p += digits;
    }
    return p;
}

/* Writes `v` rounded to `decimals` (0 to 8) places as format_fixed does. The
 * binary value times 10^decimals is rounded, so a decimal tie such as 1.005
 * (really 1.00499999...) goes the way printf would take it. */
static char *format_num(char *p, double v, int decimals)
{
    static const double scale[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};
    double scaled = v * scale[decimals];
    if (!(fabs(scaled) < 9e18)) { /* NaN, infinite or huge: a whole number */
        v = isnan(v) ? 0 : fmax(-9e18, fmin(9e18, v));
        return format_fixed(p, llround(v), 0);
    }
    return format_fixed(p, llround(scaled), decimals);
}

static void put_num(buf *b, double v, int decimals)
{
    char *p = ic_buf_space(b, NUM_MAX);
    if (p)
        ic_buf_added(b, (size_t)(format_num(p, v, decimals) - p));
}

/* Scene coordinates: 0.01 of a pixel is finer than any renderer shows. */
static void put_coord(buf *b, double v)
{
    put_num(b, v, 2);
}

/* ` name="v"` for a scene coordinate; `name` holds ` name="`. */
static void put_attr(buf *b, const char *name, size_t len, double v)
{
    put(b, name, len);
    put_coord(b, v);
    PUT(b, "\"");
}

#define ATTR(b, lit, v) put_attr((b), (lit), sizeof(lit) - 1, (v))

/* ---- colours and strokes ---- */

static int channel(double v)
{
    long c = lround(v * 255);
    return c < 0 ? 0 : c > 255 ? 255 : (int)c;
}

/* ` fill="#rrggbb"` (or stroke), and its opacity when not opaque. */
static void put_paint(buf *b, const char *what, ic_color c)
{
    static const char hex[] = "0123456789abcdef";
    char s[8] = {'#'};
    int ch[3] = {channel(c.r), channel(c.g), channel(c.b)};
    for (int i = 0; i < 3; i++) {
        s[1 + 2 * i] = hex[ch[i] >> 4];
        s[2 + 2 * i] = hex[ch[i] & 15];
    }
    PUT(b, " ");
    put(b, what, strlen(what));
    PUT(b, "=\"");
    put(b, s, 7);
    PUT(b, "\"");
    if (c.a < 1) {
        PUT(b, " ");
        put(b, what, strlen(what));
        PUT(b, "-opacity=\"");
        put_num(b, c.a < 0 ? 0 : c.a, 3);
        PUT(b, "\"");
    }
}

/* Stroke colour, width and (as render_cairo.c's set_dash) the dashes. */
static void put_stroke(buf *b, const ic_mark *m)
{
    put_paint(b, "stroke", m->color);
    ATTR(b, " stroke-width=\"", m->width);
    if (m->dashed) {
        PUT(b, " stroke-dasharray=\"");
        put_coord(b, m->width * 3);
        PUT(b, " ");
        put_coord(b, m->width * 2.5);
        PUT(b, "\"");
    }
}

/* ---- path data in scene coordinates ----
 * The first point of each subpath is absolute, the others relative to the
 * point before, all in hundredths of a unit: a delta between rounded points
 * never accumulates rounding errors. */

typedef struct pathdata {
    buf *b;
    char last;           /* the last command letter; a repeated l or c is left out */
    long long x, y;      /* the current point, in hundredths */
    long long x0, y0;    /* the start of the subpath */
} pathdata;

static long long hundredths(double v)
{
    return isnan(v) ? 0 : llround(fmax(-1e15, fmin(1e15, v)) * 100);
}

/* A number in a list, in hundredths: after a space, unless it is the first
 * or its minus sign separates it. */
static void put_list_num(buf *b, long long q, int first)
{
    char tmp[NUM_MAX + 1];
    char *end = format_fixed(tmp + 1, q, 2), *p = tmp + 1;
    if (!first && q >= 0)
        *--p = ' ';
    put(b, p, (size_t)(end - p));
}

static void path_letter(pathdata *pd, char cmd, int *first)
{
    *first = 1;
    if (cmd != pd->last || cmd == 'M' || cmd == 'a') {
        put(pd->b, &cmd, 1);
        pd->last = cmd;
    } else {
        *first = 0;
    }
}

static void path_move(pathdata *pd, double x, double y)
{
    int first;
    path_letter(pd, 'M', &first);
    pd->x = pd->x0 = hundredths(x);
    pd->y = pd->y0 = hundredths(y);
    put_list_num(pd->b, pd->x, 1);
    put_list_num(pd->b, pd->y, 0);
}

/* 'l' with one point, 'c' with three: each relative to the current point. */
static void path_to(pathdata *pd, char cmd, const double *pts, int npoints)
{
    int first;
    path_letter(pd, cmd, &first);
    long long x = pd->x, y = pd->y;
    for (int i = 0; i < npoints; i++) {
        x = hundredths(pts[2 * i]);
        y = hundredths(pts[2 * i + 1]);
        put_list_num(pd->b, x - pd->x, first);
        put_list_num(pd->b, y - pd->y, 0);
        first = 0;
    }
    pd->x = x;
    pd->y = y;
}

static void path_close(pathdata *pd)
{
    int first;
    path_letter(pd, 'z', &first);
    pd->x = pd->x0;
    pd->y = pd->y0;
}

/* An arc to (x, y) on a circle of radius r, `clockwise` on screen. */
static void path_arc(pathdata *pd, double r, int clockwise, double x, double y)
{
    int first;
    path_letter(pd, 'a', &first);
    put_list_num(pd->b, hundredths(r), 1);
    put_list_num(pd->b, hundredths(r), 0);
    if (clockwise)
        PUT(pd->b, " 0 0 1");
    else
        PUT(pd->b, " 0 0 0");
    long long qx = hundredths(x), qy = hundredths(y);
    put_list_num(pd->b, qx - pd->x, 0);
    put_list_num(pd->b, qy - pd->y, 0);
    pd->x = qx;
    pd->y = qy;
}

/* ---- marks ---- */

static void write_rect(buf *b, const ic_mark *m)
{
    /* cairo draws a rectangle of negative size; SVG would not */
    double x = m->w < 0 ? m->x + m->w : m->x, y = m->h < 0 ? m->y + m->h : m->y;
    PUT(b, "<rect");
    if (x != 0)
        ATTR(b, " x=\"", x);
    if (y != 0)
        ATTR(b, " y=\"", y);
    ATTR(b, " width=\"", fabs(m->w));
    ATTR(b, " height=\"", fabs(m->h));
    put_paint(b, "fill", m->color);
    PUT(b, "/>\n");
}

static void write_line(buf *b, const ic_mark *m)
{
    PUT(b, "<line");
    ATTR(b, " x1=\"", m->x);
    ATTR(b, " y1=\"", m->y);
    ATTR(b, " x2=\"", m->x2);
    ATTR(b, " y2=\"", m->y2);
    put_stroke(b, m); /* butt caps: the SVG default */
    PUT(b, "/>\n");
}

static void write_path(buf *b, const ic_mark *m)
{
    if (m->nops == 0)
        return;
    PUT(b, "<path d=\"");
    pathdata pd = {.b = b};
    const double *p = m->pts, *end = m->pts + m->npts * 2;
    int has_point = 0; /* cairo turns a first line or curve into a move */
    for (size_t i = 0; i < m->nops; i++) {
        int need = m->ops[i] == IC_PATH_CURVE ? 6 : m->ops[i] == IC_PATH_CLOSE ? 0 : 2;
        if (p + need > end)
            break;
        switch (m->ops[i]) {
        case IC_PATH_MOVE:
            path_move(&pd, p[0], p[1]);
            break;
        case IC_PATH_LINE:
            if (has_point)
                path_to(&pd, 'l', p, 1);
            else
                path_move(&pd, p[0], p[1]);
            break;
        case IC_PATH_CURVE:
            if (!has_point)
                path_move(&pd, p[0], p[1]);
            path_to(&pd, 'c', p, 3);
            break;
        case IC_PATH_CLOSE:
            if (has_point)
                path_close(&pd);
            break;
        }
        has_point = has_point || m->ops[i] != IC_PATH_CLOSE;
        p += need;
    }
    PUT(b, "\"");
    if (m->width > 0) {
        PUT(b, " fill=\"none\"");
        put_stroke(b, m);
        PUT(b, " stroke-linejoin=\"round\" stroke-linecap=\"round\"");
    } else {
        put_paint(b, "fill", m->color);
    }
    PUT(b, "/>\n");
}

static void write_circle(buf *b, const ic_mark *m)
{
    PUT(b, "<circle");
    ATTR(b, " cx=\"", m->x2);
    ATTR(b, " cy=\"", m->y2);
    ATTR(b, " r=\"", m->r);
    put_paint(b, "fill", m->color);
    PUT(b, "/>\n");
}

/* A point at `degrees` clockwise from 12 o'clock. */
static void arc_point(const ic_mark *m, double r, double degrees, double *x, double *y)
{
    double a = degrees * IC_PI / 180;
    *x = m->x2 + r * sin(a);
    *y = m->y2 - r * cos(a);
}

/* Arcs from a to b (degrees) at radius r in pieces of at most 180°, so every
 * SVG arc is the small one and a full circle has distinct end points. */
static void arc_pieces(pathdata *pd, const ic_mark *m, double r, double a, double b, int clockwise)
{
    int pieces = fabs(b - a) > 180 ? 2 : 1;
    for (int i = 1; i <= pieces; i++) {
        double x, y;
        arc_point(m, r, a + (b - a) * i / pieces, &x, &y);
        path_arc(pd, r, clockwise, x, y);
    }
}

/* As render_cairo.c: the outer arc clockwise from a0 to a1 (cairo raises a1
 * by full turns until it is not below a0), then the inner arc back, or the
 * centre for a pie slice. */
static void write_arc(buf *b, const ic_mark *m)
{
    double a0 = m->a0, a1 = m->a1;
    if (!isfinite(a0) || !isfinite(a1))
        return;
    if (a1 < a0)
        a1 += 360 * ceil((a0 - a1) / 360);
    if (a1 - a0 > 360) /* more than a full turn covers the same ring */
        a1 = a0 + 360;
    if (a1 == a0 || !(m->r > 0))
        return;
    PUT(b, "<path d=\"");
    pathdata pd = {.b = b};
    double x, y;
    arc_point(m, m->r, a0, &x, &y);
    path_move(&pd, x, y);
    arc_pieces(&pd, m, m->r, a0, a1, 1);
    if (m->r0 > 0) {
        arc_point(m, m->r0, a1, &x, &y);
        path_to(&pd, 'l', (double[]){x, y}, 1);
        arc_pieces(&pd, m, m->r0, a1, a0, 0);
    } else {
        path_to(&pd, 'l', (double[]){m->x2, m->y2}, 1);
    }
    path_close(&pd);
    PUT(b, "\"");
    put_paint(b, "fill", m->color);
    PUT(b, "/>\n");
}

/* "gF-G": glyph G of face F. */
static void put_glyph_id(buf *b, uint32_t key)
{
    char *start = ic_buf_space(b, 24);
    if (start) {
        char *p = start;
        *p++ = 'g';
        p = ic_svg_uint(p, key >> 16);
        *p++ = '-';
        p = ic_svg_uint(p, key & 0xffff);
        ic_buf_added(b, (size_t)(p - start));
    }
}

/* A run of one face is a group scaled from font units (y up) to the text's
 * size at its baseline origin; glyphs are placed in font units. */
static void write_outline_run(buf *b, const ic_scene *s, const ic_mark *m, size_t r, const ic_svg_glyphs *glyphs)
{
    size_t start, n;
    int face = ic_svg_text_run(s, m, r, &start, &n);
    if (face < 0 || n == 0)
        return;
    const ic_face *f = &s->fonts->faces[face / IC_FONT_COUNT][face % IC_FONT_COUNT];
    double k = m->size * f->scale / f->upem;
    if (!(k > 0))
        return; /* cairo draws nothing at size 0 either */
    PUT(b, "<g");
    put_paint(b, "fill", m->color);
    PUT(b, " transform=\"matrix(");
    put_num(b, k, 8);
    PUT(b, " 0 0 ");
    put_num(b, -k, 8);
    PUT(b, " ");
    put_coord(b, m->bx);
    PUT(b, " ");
    put_coord(b, m->by);
    PUT(b, ")\">\n");
    for (size_t i = start; i < start + n && i < m->shaped.n; i++) {
        const ic_svg_glyph *g = ic_svg_glyphs_find(glyphs, IC_SVG_GLYPH_KEY(face, m->shaped.glyphs[i]));
        if (!g || g->dlen == 0)
            continue; /* no ink (a space) */
        PUT(b, "<use xlink:href=\"#");
        put_glyph_id(b, g->key);
        PUT(b, "\"");
        double x = m->shaped.x[i] / k, y = -m->shaped.y[i] / k;
        if (fabs(x) >= 0.05) {
            PUT(b, " x=\"");
            put_num(b, x, 1);
            PUT(b, "\"");
        }
        if (fabs(y) >= 0.05) {
            PUT(b, " y=\"");
            put_num(b, y, 1);
            PUT(b, "\"");
        }
        PUT(b, "/>\n");
    }
    PUT(b, "</g>\n");
}

static void write_text(buf *b, const ic_scene *s, const ic_mark *m, const ic_svg_glyphs *glyphs)
{
    for (size_t r = 0; r < ic_svg_text_runs(m); r++)
        write_outline_run(b, s, m, r, glyphs);
}

/* ---- real text ---- */

/* A run of a text mark: its face index, UTF-8 bytes, pen start, advance and
 * direction. */
typedef struct text_run {
    int face;
    unsigned byte_start, byte_len;
    double pen_x, advance;
    int rtl;
    int outlines;       /* drawn as outlines: this text is invisible */
} text_run;

static int compare_runs(const void *a, const void *b)
{
    const text_run *x = a, *y = b;
    return (x->byte_start > y->byte_start) - (x->byte_start < y->byte_start);
}

/* The attributes that set one run: where it starts (the left end, or for a
 * right-to-left run its right end: the start of right-to-left text), its font
 * and, for a line of several runs or a right-to-left one, its direction held
 * as we shaped it (bidi-override: the browser reorders nothing itself). A
 * run drawn as outlines is invisible text stretched over them (any font the
 * browser has), so it can still be selected, searched and read aloud. */
static void put_run_attrs(buf *b, const ic_scene *s, const ic_mark *m, const text_run *r,
                          const ic_svg_fonts *fonts, int several)
{
    ATTR(b, " x=\"", m->bx + r->pen_x + (r->rtl ? r->advance : 0));
    const char *family = r->outlines ? NULL : ic_svg_fonts_family(fonts, r->face);
    double scale = 1;
    if (r->outlines && r->face >= 0)
        scale = s->fonts->faces[r->face / IC_FONT_COUNT][r->face % IC_FONT_COUNT].scale;
    if (family) {
        const ic_face *f = &s->fonts->faces[r->face / IC_FONT_COUNT][r->face % IC_FONT_COUNT];
        scale = f->scale;
        PUT(b, " font-family=\"");
        put(b, family, strlen(family));
        PUT(b, "\"");
    }
    ATTR(b, " font-size=\"", m->size * scale);
    if (r->outlines) {
        if (several)
            PUT(b, " fill-opacity=\"0\"");
        if (r->advance > 0) {
            ATTR(b, " textLength=\"", r->advance);
            PUT(b, " lengthAdjust=\"spacingAndGlyphs\"");
        }
    }
    if (r->rtl) {
        PUT(b, " direction=\"rtl\" unicode-bidi=\"bidi-override\"");
        if (s->lang[0]) {
            PUT(b, " xml:lang=\"");
            put_escaped(b, s->lang);
            PUT(b, "\"");
        }
    } else if (several) {
        PUT(b, " direction=\"ltr\" unicode-bidi=\"bidi-override\"");
    }
}

static void put_text_bytes(buf *b, const char *text, unsigned start, unsigned len)
{
    size_t tlen = strlen(text);
    if (start > tlen)
        return;
    if (len > tlen - start)
        len = (unsigned)(tlen - start);
    for (const char *p = text + start, *end = p + len; p < end; p++) {
        switch (*p) {
        case '<': PUT(b, "&lt;"); break;
        case '>': PUT(b, "&gt;"); break;
        case '&': PUT(b, "&amp;"); break;
        default: put(b, p, 1);
        }
    }
}

/* A line of text as one <text>: a single run carries its own position and
 * font; a line of several runs (fonts or directions) has a <tspan> for each,
 * in logical order, so the element's text is the line as written. */
static void write_text_element(buf *b, const ic_scene *s, const ic_mark *m, const ic_svg_glyphs *glyphs,
                               const ic_svg_fonts *fonts)
{
    size_t nruns = ic_svg_text_runs(m);
    if (!m->text || !m->text[0] || nruns == 0)
        return;
    text_run one, *runs = nruns == 1 ? &one : malloc(nruns * sizeof *runs);
    if (!runs) {
        b->failed = 1;
        return;
    }
    for (size_t r = 0; r < nruns; r++) {
        size_t start, n;
        runs[r].face = ic_svg_text_run(s, m, r, &start, &n);
        if (m->shaped.nruns) {
            const ic_text_run *tr = &m->shaped.runs[r];
            runs[r] = (text_run){runs[r].face, tr->byte_start, tr->byte_len, tr->pen_x, tr->advance, tr->rtl, 0};
        } else {
            runs[r] = (text_run){runs[r].face, 0, (unsigned)strlen(m->text), 0, m->shaped.width, m->shaped.rtl, 0};
        }
        /* a face that is not one of the scene's has no outlines and no font
         * here (the outline writer leaves such glyphs out too) */
        runs[r].outlines = runs[r].face < 0 || fonts->outlines[runs[r].face];
        if (runs[r].outlines)
            write_outline_run(b, s, m, r, glyphs);
    }
    qsort(runs, nruns, sizeof *runs, compare_runs);
    PUT(b, "<text");
    if (nruns == 1)
        put_run_attrs(b, s, m, &runs[0], fonts, 0);
    ATTR(b, " y=\"", m->by);
    if (nruns == 1 && runs[0].outlines)
        PUT(b, " fill-opacity=\"0\"");
    else
        put_paint(b, "fill", m->color);
    PUT(b, ">");
    for (size_t r = 0; r < nruns; r++) {
        if (nruns > 1) {
            PUT(b, "<tspan");
            put_run_attrs(b, s, m, &runs[r], fonts, 1);
            PUT(b, ">");
        }
        put_text_bytes(b, m->text, runs[r].byte_start, runs[r].byte_len);
        if (nruns > 1)
            PUT(b, "</tspan>");
    }
    PUT(b, "</text>\n");
    if (runs != &one)
        free(runs);
}

/* A picture as an <image> holding its file as a data: URI (PNG or SVG), so
 * the SVG stays one self-contained file. */
static void write_image(buf *b, const ic_mark *m)
{
    char *uri = m->image ? ic_image_data_uri(m->image) : NULL;
    if (!uri) {
        b->failed = 1;
        return;
    }
    PUT(b, "<image");
    ATTR(b, " x=\"", m->x);
    ATTR(b, " y=\"", m->y);
    ATTR(b, " width=\"", m->w);
    ATTR(b, " height=\"", m->h);
    PUT(b, " preserveAspectRatio=\"none\" xlink:href=\"");
    put(b, uri, strlen(uri));
    PUT(b, "\"/>\n");
    free(uri);
}

/* The glyph outlines, of every face or (`fonts` not NULL) of the faces drawn
 * as outlines. */
static void write_defs(buf *b, const ic_svg_glyphs *glyphs, const ic_svg_fonts *fonts)
{
    int any = 0;
    for (size_t i = 0; i < glyphs->n; i++) {
        const ic_svg_glyph *g = &glyphs->glyphs[i];
        if (g->dlen == 0 || (fonts && !fonts->outlines[g->key >> 16]))
            continue;
        if (!any)
            PUT(b, "<defs>\n");
        any = 1;
        PUT(b, "<path id=\"");
        put_glyph_id(b, g->key);
        PUT(b, "\" d=\"");
        put(b, glyphs->text + g->d, g->dlen);
        PUT(b, "\"/>\n");
    }
    if (any)
        PUT(b, "</defs>\n");
}

/* The marks, in order; text as outlines (`glyphs`) or as <text> (`fonts`). */
static void write_marks(buf *b, const ic_scene *s, const ic_svg_glyphs *glyphs, const ic_svg_fonts *fonts)
{
    for (size_t i = 0; i < s->n; i++) {
        const ic_mark *m = &s->marks[i];
        switch (m->kind) {
        case IC_MARK_RECT: write_rect(b, m); break;
        case IC_MARK_LINE: write_line(b, m); break;
        case IC_MARK_TEXT:
            if (fonts)
                write_text_element(b, s, m, glyphs, fonts);
            else
                write_text(b, s, m, glyphs);
            break;
        case IC_MARK_PATH: write_path(b, m); break;
        case IC_MARK_CIRCLE: write_circle(b, m); break;
        case IC_MARK_ARC: write_arc(b, m); break;
        case IC_MARK_IMAGE: write_image(b, m); break;
        }
    }
    PUT(b, "</svg>\n");
}

static void put_root_size(buf *b, const ic_scene *s)
{
    ATTR(b, " width=\"", s->width);
    ATTR(b, " height=\"", s->height);
    PUT(b, " viewBox=\"0 0 ");
    put_coord(b, s->width);
    PUT(b, " ");
    put_coord(b, s->height);
    PUT(b, "\"");
}

/* Text as glyph outlines ("svg_text": "paths"): the writer's output before
 * SVG had real text, kept byte for byte. */
static void write_document_paths(buf *b, const ic_scene *s, const ic_svg_glyphs *glyphs)
{
    PUT(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"");
    put_root_size(b, s);
    PUT(b, ">\n<title>");
    put_escaped(b, s->title);
    PUT(b, "</title>\n<desc>");
    put_escaped(b, s->desc);
    PUT(b, "</desc>\n");
    write_defs(b, glyphs, NULL);
    write_marks(b, s, glyphs, NULL);
}

/* A name for this chart's ids, the same for the same chart and different
 * for different ones (two charts inlined in one page must not share ids). */
static void chart_id(const ic_scene *s, const ic_svg_fonts *fonts, char out[9])
{
    uint64_t h = fonts->hash;
    h = ic_hash_bytes(h, &s->width, sizeof s->width);
    h = ic_hash_bytes(h, &s->height, sizeof s->height);
    if (s->title)
        h = ic_hash_bytes(h, s->title, strlen(s->title) + 1);
    if (s->desc)
        h = ic_hash_bytes(h, s->desc, strlen(s->desc) + 1);
    for (size_t i = 0; i < s->n; i++) {
        const ic_mark *m = &s->marks[i];
        double v[4] = {m->x, m->y, m->w, m->h};
        h = ic_hash_bytes(h, v, sizeof v);
        if (m->text)
            h = ic_hash_bytes(h, m->text, strlen(m->text) + 1);
    }
    ic_hash_hex8(h, out);
}

/* Real text: the root labelled by its <title> and <desc> (role="img", so
 * assistive technology reads the chart as one described image), in the
 * chart's language; the fonts as @font-face rules. */
static void write_document_text(buf *b, const ic_scene *s, const ic_svg_glyphs *glyphs, const ic_svg_fonts *fonts)
{
    char id[9];
    chart_id(s, fonts, id);
    PUT(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\"");
    put_root_size(b, s);
    PUT(b, " role=\"img\" aria-labelledby=\"ic-");
    put(b, id, 8);
    PUT(b, "-title ic-");
    put(b, id, 8);
    PUT(b, "-desc\" xml:lang=\"");
    put_escaped(b, s->lang[0] ? s->lang : "en");
    PUT(b, "\" xml:space=\"preserve\">\n<title id=\"ic-");
    put(b, id, 8);
    PUT(b, "-title\">");
    put_escaped(b, s->title);
    PUT(b, "</title>\n<desc id=\"ic-");
    put(b, id, 8);
    PUT(b, "-desc\">");
    put_escaped(b, s->desc);
    PUT(b, "</desc>\n");
    if (fonts->css.len) {
        PUT(b, "<style>\n");
        put(b, fonts->css.data, fonts->css.len);
        PUT(b, "</style>\n");
    }
    write_defs(b, glyphs, fonts);
    write_marks(b, s, glyphs, fonts);
}

int ic_write_svg_sink(const ic_scene *scene, ic_sink *out, const char *path, ic_error *err)
{
    ic_svg_glyphs glyphs = {0};
    ic_svg_fonts fonts;
    int have_fonts = 0;
    buf b = {0};
    int rc = -1;
    if (ic_svg_glyphs_collect(scene, &glyphs) != 0) {
        ic_error_set(err, IC_ERR_NOMEM, path, 0, 0, "SVG output failed: out of memory");
        goto done;
    }
    if (scene->svg_text_paths) {
        write_document_paths(&b, scene, &glyphs);
    } else {
        have_fonts = 1;
        int e = ic_svg_fonts_collect(scene, &glyphs, &fonts);
        if (e != 0) {
            if (e == -2)
                ic_error_set(err, IC_ERR_FONT, path, 0, 0,
                             "SVG output failed: a font cannot be subset for embedding (use \"svg_text\": \"paths\")");
            else
                ic_error_set(err, IC_ERR_NOMEM, path, 0, 0, "SVG output failed: out of memory");
            goto done;
        }
        write_document_text(&b, scene, &glyphs, &fonts);
    }
    if (b.failed) {
        ic_error_set(err, IC_ERR_NOMEM, path, 0, 0, "SVG output failed: out of memory");
        goto done;
    }
    if (ic_sink_put(out, b.data, b.len) != 0) {
        ic_sink_error(out, "SVG", path, err);
        goto done;
    }
    rc = 0;
done:
    ic_svg_glyphs_free(&glyphs);
    if (have_fonts)
        ic_svg_fonts_free(&fonts);
    free(b.data);
    return rc;
}
