#include "scene/scene.h"
#include "core/util.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A remembered shaping (see scene_shape). */
#define MEMO_SLOTS 64

struct ic_shape_memo {
    char *text;
    ic_font_style font;
    double size;
    char lang[16];
    int rtl;
    ic_shaped shaped;
};


static const char *const role_names[IC_ROLE_COUNT] = {
    [IC_ROLE_BACKGROUND] = "background",
    [IC_ROLE_TITLE] = "title",
    [IC_ROLE_SUBTITLE] = "subtitle",
    [IC_ROLE_NOTE] = "note",
    [IC_ROLE_SOURCE] = "source",
    [IC_ROLE_RULE] = "rule",
    [IC_ROLE_BAR] = "bar",
    [IC_ROLE_VALUE_LABEL] = "value_label",
    [IC_ROLE_CATEGORY_LABEL] = "category_label",
    [IC_ROLE_TICK_LABEL] = "tick_label",
    [IC_ROLE_GRIDLINE] = "gridline",
    [IC_ROLE_BASELINE] = "baseline",
    [IC_ROLE_LEGEND_SWATCH] = "legend_swatch",
    [IC_ROLE_LEGEND_LABEL] = "legend_label",
    [IC_ROLE_LINE] = "line",
    [IC_ROLE_AREA] = "area",
    [IC_ROLE_MARKER] = "marker",
    [IC_ROLE_SERIES_LABEL] = "series_label",
    [IC_ROLE_SLICE] = "slice",
    [IC_ROLE_LEADER] = "leader",
    [IC_ROLE_CENTER_VALUE] = "center_value",
    [IC_ROLE_CENTER_LABEL] = "center_label",
    [IC_ROLE_CELL] = "cell",
    [IC_ROLE_CONTEXT] = "context",
    [IC_ROLE_ANNOTATION] = "annotation",
    [IC_ROLE_CONNECTOR] = "connector",
    [IC_ROLE_BAND] = "band",
    [IC_ROLE_REFERENCE] = "reference",
    [IC_ROLE_TREND] = "trend",
    [IC_ROLE_LOGO] = "logo",
};

const char *ic_role_name(ic_role role)
{
    return role < IC_ROLE_COUNT ? role_names[role] : "?";
}

ic_scene *ic_scene_new(double width, double height, const ic_fonts *fonts)
{
    ic_scene *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->width = width;
    s->height = height;
    s->scale = 1;
    s->fonts = fonts;
    return s;
}

void ic_scene_free(ic_scene *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++) {
        free(s->marks[i].text);
        free(s->marks[i].ops);
        free(s->marks[i].pts);
        ic_shaped_free(&s->marks[i].shaped);
    }
    free(s->marks);
    for (size_t i = 0; i < s->nwarnings; i++)
        free(s->warnings[i]);
    free(s->warnings);
    free(s->title);
    free(s->desc);
    for (size_t i = 0; i < s->nmemo; i++) {
        free(s->memo[i].text);
        ic_shaped_free(&s->memo[i].shaped);
    }
    free(s->memo);
    ic_theme_free(s->theme);
    free(s);
}

/* Appends "line:col: message" to the scene's warnings. */
static int add_warning(ic_scene *s, int line, int column, const char *fmt, va_list ap)
{
    char msg[900];
    vsnprintf(msg, sizeof msg, fmt, ap);
    char **nw = realloc(s->warnings, (s->nwarnings + 1) * sizeof *nw);
    if (!nw)
        return -1;
    s->warnings = nw;
    /* kept as "line:col: message" so the CLI can put the spec path in front */
    char *w = ic_asprintf("%d:%d: %s", line, column, msg);
    if (!w)
        return -1;
    s->warnings[s->nwarnings++] = w;
    return 0;
}

int ic_scene_warn(ic_scene *s, int line, int column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = add_warning(s, line, column, fmt, ap);
    va_end(ap);
    if (rc == 0)
        s->lost++;
    return rc;
}

int ic_scene_notice(ic_scene *s, int line, int column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = add_warning(s, line, column, fmt, ap);
    va_end(ap);
    return rc;
}

size_t ic_scene_warning_count(const ic_scene *s)
{
    return s->nwarnings;
}

const char *ic_scene_warning(const ic_scene *s, size_t i, int *line, int *column)
{
    if (i >= s->nwarnings)
        return NULL;
    const char *w = s->warnings[i];
    int l = 0, c = 0, used = 0;
    if (sscanf(w, "%d:%d: %n", &l, &c, &used) >= 2 && used > 0) {
        if (line)
            *line = l;
        if (column)
            *column = c;
        return w + used;
    }
    return w;
}

double ic_scene_width(const ic_scene *s) { return s->width; }
double ic_scene_height(const ic_scene *s) { return s->height; }

/* ---- shaping, remembered for the scene's last texts ---- */

/* The scene's text shaped (memo owned by the scene, do not free), or NULL
 * when shaping failed or memory ran out. */
static const ic_shaped *scene_shape(ic_scene *s, const char *text, ic_font_style font, double size)
{
    for (size_t i = 0; i < s->nmemo; i++) {
        const struct ic_shape_memo *m = &s->memo[i];
        if (m->font == font && m->size == size && m->rtl == s->rtl && strcmp(m->lang, s->lang) == 0 &&
            strcmp(m->text, text) == 0)
            return &m->shaped;
    }
    if (!s->memo && !(s->memo = calloc(MEMO_SLOTS, sizeof *s->memo)))
        return NULL;
    /* the oldest entry makes room */
    struct ic_shape_memo *m = &s->memo[s->memo_next];
    s->memo_next = (s->memo_next + 1) % MEMO_SLOTS;
    if (s->nmemo < MEMO_SLOTS)
        s->nmemo++;
    free(m->text);
    ic_shaped_free(&m->shaped);
    memset(m, 0, sizeof *m);
    ic_face face = ic_fonts_text_face(s->fonts, font, s->lang, s->rtl);
    m->text = ic_strdup(text);
    if (!m->text || ic_shape(&face, text, strlen(text), size, &m->shaped) != 0) {
        free(m->text);
        memset(m, 0, sizeof *m);
        m->text = NULL;
        return NULL;
    }
    m->font = font;
    m->size = size;
    memcpy(m->lang, s->lang, sizeof m->lang);
    m->rtl = s->rtl;
    return &m->shaped;
}

static ic_mark *push(ic_scene *s, ic_mark_kind kind, ic_role role, ic_color c)
{
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 64;
        ic_mark *nm = realloc(s->marks, nc * sizeof *nm);
        if (!nm)
            return NULL;
        s->marks = nm;
        s->cap = nc;
    }
    ic_mark *m = &s->marks[s->n++];
    memset(m, 0, sizeof *m);
    m->kind = kind;
    m->role = role;
    m->row = -1;
    m->series = -1;
    m->value = NAN;
    m->color = c;
    return m;
}

ic_mark *ic_scene_rect(ic_scene *s, ic_role role, double x, double y, double w, double h, ic_color c)
{
    ic_mark *m = push(s, IC_MARK_RECT, role, c);
    if (m) {
        m->x = x;
        m->y = y;
        m->w = w;
        m->h = h;
    }
    return m;
}

ic_mark *ic_scene_line(ic_scene *s, ic_role role, double x1, double y1, double x2, double y2,
                       double width, ic_color c)
{
    ic_mark *m = push(s, IC_MARK_LINE, role, c);
    if (m) {
        m->x = x1;
        m->y = y1;
        m->x2 = x2;
        m->y2 = y2;
        m->width = width;
    }
    return m;
}

const ic_face *ic_scene_face(ic_scene *s, ic_font_style style)
{
    s->text_faces[style] = ic_fonts_text_face(s->fonts, style, s->lang, s->rtl);
    return &s->text_faces[style];
}

/* Copies at most `max` bytes of text into buf without cutting a character. */
static void clip_utf8(char *buf, size_t size, const char *text, size_t max)
{
    size_t n = strlen(text);
    int cut = n > max;
    if (cut) {
        n = max;
        while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
            n--;
    }
    snprintf(buf, size, "%.*s%s", (int)n, text, cut ? "..." : "");
}

/* Drops a character cut short at the end of a string (after snprintf). */
static void utf8_trim_cut(char *str)
{
    size_t n = strlen(str);
    size_t start = n;
    while (start > 0 && ((unsigned char)str[start - 1] & 0xC0) == 0x80)
        start--;
    if (start == 0)
        return;
    unsigned lead = (unsigned char)str[start - 1];
    size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (n - (start - 1) < want)
        str[start - 1] = '\0';
}

/* Reports the characters no bundled font has: a warning (once per text), or
 * the error message when the scene asks for errors. Returns 0 to go on, -1
 * to fail. */
static int report_missing(ic_scene *s, const char *text, const ic_shaped *sh)
{
    char list[200] = "", one[32], quoted[96];
    size_t used = 0;
    for (size_t i = 0; i < sh->nmissing; i++) {
        ic_codepoint_describe(sh->missing[i], one, sizeof one);
        /* as many as fit whole, each after ", " */
        int w = snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", one);
        if (w < 0 || (size_t)w >= sizeof list - used) {
            list[used] = '\0';
            break;
        }
        used += (size_t)w;
    }
    clip_utf8(quoted, sizeof quoted, text, 60);
    if (s->missing_glyphs_error) {
        /* cut on purpose when long: utf8_trim_cut mends a split character */
        int n = snprintf(s->missing_glyph_error, sizeof s->missing_glyph_error, "no bundled font has %.120s",
                         list);
        if (n > 0 && (size_t)n < sizeof s->missing_glyph_error)
            snprintf(s->missing_glyph_error + n, sizeof s->missing_glyph_error - (size_t)n, " (in \"%.60s\")",
                     quoted);
        utf8_trim_cut(s->missing_glyph_error);
        return -1;
    }
    char msg[400];
    snprintf(msg, sizeof msg, "no bundled font has %s (in \"%s\"); left out", list, quoted);
    utf8_trim_cut(msg);
    for (size_t i = 0; i < s->nwarnings; i++) {
        const char *w = ic_scene_warning(s, i, NULL, NULL);
        if (w && strcmp(w, msg) == 0)
            return 0;
    }
    ic_scene_warn(s, 0, 0, "%s", msg);
    return 0;
}

static ic_mark *scene_text(ic_scene *s, ic_role role, const char *text, ic_font_style font, double size,
                           double bx, double by, ic_color c);
static double scene_text_width(ic_scene *s, const char *text, ic_font_style font, double size);

/* Labels are often cut to fixed-size buffers, which can split a character
 * at the end; every text that enters the scene is made valid UTF-8 (what
 * SVG, PDF and the shaper need) by cutting at the first invalid byte.
 * Returns `text`, or a mended copy stored in *owned (free it). */
static const char *valid_text(const char *text, char **owned)
{
    size_t bad;
    *owned = NULL;
    if (ic_utf8_valid(text, strlen(text), &bad))
        return text;
    *owned = ic_strndup(text, bad);
    return *owned ? *owned : "";
}

ic_mark *ic_scene_text(ic_scene *s, ic_role role, const char *given, ic_font_style font, double size,
                       double bx, double by, ic_color c)
{
    char *owned;
    const char *text = valid_text(given, &owned);
    ic_mark *m = scene_text(s, role, text, font, size, bx, by, c);
    free(owned);
    return m;
}

static ic_mark *scene_text(ic_scene *s, ic_role role, const char *text, ic_font_style font, double size,
                           double bx, double by, ic_color c)
{
    ic_shaped shaped;
    s->missing_glyph_error[0] = '\0';
    const ic_shaped *known = scene_shape(s, text, font, size);
    if (!known || ic_shaped_copy(&shaped, known) != 0)
        return NULL;
    if (shaped.nmissing > 0 && report_missing(s, text, &shaped) != 0) {
        ic_shaped_free(&shaped);
        return NULL;
    }
    ic_mark *m = push(s, IC_MARK_TEXT, role, c);
    char *copy = m ? ic_strdup(text) : NULL;
    if (!copy) {
        if (m)
            s->n--;
        ic_shaped_free(&shaped);
        return NULL;
    }
    m->text = copy;
    m->shaped = shaped;
    m->font = font;
    m->size = size;
    m->bx = bx;
    m->by = by;
    m->x = bx;
    m->y = by - shaped.ascent;
    m->w = shaped.width;
    m->h = shaped.ascent + shaped.descent;
    return m;
}

ic_mark *ic_scene_path(ic_scene *s, ic_role role, const ic_path_op *ops, size_t nops, const double *pts,
                       size_t npts, double width, ic_color c)
{
    ic_path_op *o = malloc((nops ? nops : 1) * sizeof *o);
    double *p = malloc((npts ? npts : 1) * 2 * sizeof *p);
    ic_mark *m = o && p ? push(s, IC_MARK_PATH, role, c) : NULL;
    if (!m) {
        free(o);
        free(p);
        return NULL;
    }
    memcpy(o, ops, nops * sizeof *o);
    memcpy(p, pts, npts * 2 * sizeof *p);
    m->ops = o;
    m->nops = nops;
    m->pts = p;
    m->npts = npts;
    m->width = width;
    /* bounds of the points (control points included: a safe over-estimate) */
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (size_t i = 0; i < npts; i++) {
        x0 = fmin(x0, p[2 * i]);
        x1 = fmax(x1, p[2 * i]);
        y0 = fmin(y0, p[2 * i + 1]);
        y1 = fmax(y1, p[2 * i + 1]);
    }
    if (npts) {
        double half = width / 2;
        m->x = x0 - half;
        m->y = y0 - half;
        m->w = x1 - x0 + width;
        m->h = y1 - y0 + width;
    }
    return m;
}

ic_mark *ic_scene_polyline(ic_scene *s, ic_role role, const double *pts, size_t n, double width, ic_color c)
{
    ic_path_op stack_ops[64];
    ic_path_op *ops = n <= 64 ? stack_ops : malloc(n * sizeof *ops);
    if (!ops || n < 2) {
        if (ops != stack_ops)
            free(ops);
        return NULL;
    }
    ops[0] = IC_PATH_MOVE;
    for (size_t i = 1; i < n; i++)
        ops[i] = IC_PATH_LINE;
    ic_mark *m = ic_scene_path(s, role, ops, n, pts, n, width, c);
    if (ops != stack_ops)
        free(ops);
    return m;
}

ic_mark *ic_scene_circle(ic_scene *s, ic_role role, double cx, double cy, double r, ic_color c)
{
    ic_mark *m = push(s, IC_MARK_CIRCLE, role, c);
    if (m) {
        m->x2 = cx;
        m->y2 = cy;
        m->r = r;
        m->x = cx - r;
        m->y = cy - r;
        m->w = m->h = 2 * r;
    }
    return m;
}

ic_mark *ic_scene_arc(ic_scene *s, ic_role role, double cx, double cy, double r0, double r, double a0,
                      double a1, ic_color c)
{
    ic_mark *m = push(s, IC_MARK_ARC, role, c);
    if (m) {
        m->x2 = cx;
        m->y2 = cy;
        m->r0 = r0;
        m->r = r;
        m->a0 = a0;
        m->a1 = a1;
        m->x = cx - r;
        m->y = cy - r;
        m->w = m->h = 2 * r;
    }
    return m;
}

ic_mark *ic_scene_image(ic_scene *s, ic_role role, const struct ic_image *image, double x, double y, double w,
                        double h)
{
    ic_mark *m = push(s, IC_MARK_IMAGE, role, (ic_color){0, 0, 0, 1});
    if (m) {
        m->image = image;
        m->x = x;
        m->y = y;
        m->w = w;
        m->h = h;
    }
    return m;
}

double ic_scene_text_width(ic_scene *s, const char *given, ic_font_style font, double size)
{
    char *owned;
    const char *text = valid_text(given, &owned);
    double w = scene_text_width(s, text, font, size);
    free(owned);
    return w;
}

static double scene_text_width(ic_scene *s, const char *text, ic_font_style font, double size)
{
    /* a text measured for the first time is shaped in full and remembered:
     * most are measured to be placed, then added */
    ic_face face = ic_fonts_text_face(s->fonts, font, s->lang, s->rtl);
    double w;
    if (ic_text_width_known(&face, text, strlen(text), size, &w))
        return w;
    const ic_shaped *sh = scene_shape(s, text, font, size);
    return sh ? sh->width : ic_text_width(&face, text, strlen(text), size);
}

void ic_scene_text_extents(ic_scene *s, const char *given, ic_font_style font, double size, double *ascent,
                           double *descent)
{
    double a = ic_fonts_face(s->fonts, font)->ascender * size, d = ic_fonts_face(s->fonts, font)->descender * size;
    char *owned;
    const ic_shaped *sh = scene_shape(s, valid_text(given, &owned), font, size);
    free(owned);
    if (sh) {
        a = sh->ascent;
        d = sh->descent;
    }
    if (ascent)
        *ascent = a;
    if (descent)
        *descent = d;
}

/* Growing string buffer for the dump. */
typedef struct strbuf { char *s; size_t n, cap; int failed; } strbuf;

static void sb_printf(strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void sb_printf(strbuf *b, const char *fmt, ...)
{
    if (b->failed)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int k = vsnprintf(b->s ? b->s + b->n : NULL, b->s ? b->cap - b->n : 0, fmt, ap);
        va_end(ap);
        if (k < 0) {
            b->failed = 1;
            return;
        }
        if (b->s && b->n + (size_t)k < b->cap) {
            b->n += (size_t)k;
            return;
        }
        size_t nc = (b->cap ? b->cap * 2 : 4096) + (size_t)k;
        char *ns = realloc(b->s, nc);
        if (!ns) {
            b->failed = 1;
            return;
        }
        b->s = ns;
        b->cap = nc;
    }
}

static void color_hex(ic_color c, char out[10])
{
    int r = (int)lround(c.r * 255), g = (int)lround(c.g * 255), bl = (int)lround(c.b * 255);
    int a = (int)lround(c.a * 255);
    if (a == 255)
        snprintf(out, 10, "#%02x%02x%02x", r, g, bl);
    else
        snprintf(out, 10, "#%02x%02x%02x%02x", r, g, bl, a);
}

char *ic_scene_dump(const ic_scene *s)
{
    strbuf b = {0};
    sb_printf(&b, "canvas %.2f %.2f\n", s->width, s->height);
    for (size_t i = 0; i < s->n; i++) {
        const ic_mark *m = &s->marks[i];
        char hex[10];
        color_hex(m->color, hex);
        switch (m->kind) {
        case IC_MARK_RECT:
            sb_printf(&b, "rect %s row=%d x=%.2f y=%.2f w=%.2f h=%.2f %s\n", ic_role_name(m->role), m->row,
                      m->x, m->y, m->w, m->h, hex);
            break;
        case IC_MARK_LINE:
            sb_printf(&b, "line %s x1=%.2f y1=%.2f x2=%.2f y2=%.2f width=%.2f %s\n", ic_role_name(m->role),
                      m->x, m->y, m->x2, m->y2, m->width, hex);
            break;
        case IC_MARK_PATH:
            sb_printf(&b, "path %s row=%d series=%d ops=%zu bounds=%.2f,%.2f,%.2f,%.2f width=%.2f%s %s\n",
                      ic_role_name(m->role), m->row, m->series, m->nops, m->x, m->y, m->w, m->h, m->width,
                      m->dashed ? " dashed" : "", hex);
            break;
        case IC_MARK_CIRCLE:
            sb_printf(&b, "circle %s row=%d series=%d c=%.2f,%.2f r=%.2f %s\n", ic_role_name(m->role), m->row,
                      m->series, m->x2, m->y2, m->r, hex);
            break;
        case IC_MARK_ARC:
            sb_printf(&b, "arc %s row=%d c=%.2f,%.2f r=%.2f..%.2f a=%.3f..%.3f %s\n", ic_role_name(m->role),
                      m->row, m->x2, m->y2, m->r0, m->r, m->a0, m->a1, hex);
            break;
        case IC_MARK_IMAGE:
            sb_printf(&b, "image %s x=%.2f y=%.2f w=%.2f h=%.2f\n", ic_role_name(m->role), m->x, m->y, m->w, m->h);
            break;
        case IC_MARK_TEXT:
            sb_printf(&b, "text %s row=%d \"%s\" %s %.2f at=%.2f,%.2f box=%.2f,%.2f,%.2f,%.2f %s\n",
                      ic_role_name(m->role), m->row, m->text, m->font == IC_FONT_BOLD ? "bold" : "regular",
                      m->size, m->bx, m->by, m->x, m->y, m->w, m->h, hex);
            break;
        }
    }
    if (b.failed) {
        free(b.s);
        return NULL;
    }
    return b.s ? b.s : ic_strdup("");
}
