#include "text/shape.h"
#include "text/shape_cache.h"

#include <fribidi.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- UTF-8 ---------------------------------------------------------------- */

/* Decodes one code point at s[i..len); invalid or truncated sequences give
 * U+FFFD for one byte. Returns the number of bytes used. */
static size_t utf8_next(const unsigned char *s, size_t i, size_t len, uint32_t *cp)
{
    unsigned c = s[i];
    size_t need;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xE0) == 0xC0) {
        need = 1, v = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        need = 2, v = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        need = 3, v = c & 0x07, min = 0x10000;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    for (size_t k = 1; k <= need; k++) {
        if (i + k >= len || (s[i + k] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (s[i + k] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = v;
    return need + 1;
}

void ic_codepoint_describe(uint32_t cp, char *buf, size_t size)
{
    char ch[5] = "";
    if (cp >= 0x20 && cp != 0x7F && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF)) {
        if (cp < 0x80) {
            ch[0] = (char)cp;
        } else if (cp < 0x800) {
            ch[0] = (char)(0xC0 | (cp >> 6));
            ch[1] = (char)(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            ch[0] = (char)(0xE0 | (cp >> 12));
            ch[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
            ch[2] = (char)(0x80 | (cp & 0x3F));
        } else {
            ch[0] = (char)(0xF0 | (cp >> 18));
            ch[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
            ch[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
            ch[3] = (char)(0x80 | (cp & 0x3F));
        }
    }
    if (ch[0])
        snprintf(buf, size, "U+%04X '%s'", (unsigned)cp, ch);
    else
        snprintf(buf, size, "U+%04X", (unsigned)cp);
}

/* Characters that are never drawn (format controls, variation selectors, bidi
 * marks...): they follow their neighbour's face and are never "missing". */
static int is_ignorable(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xAD || cp == 0x34F || cp == 0x61C ||
           (cp >= 0x115F && cp <= 0x1160) || (cp >= 0x17B4 && cp <= 0x17B5) || (cp >= 0x180B && cp <= 0x180F) ||
           (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x206F) ||
           cp == 0x3164 || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF || cp == 0xFFA0 ||
           (cp >= 0x1BCA0 && cp <= 0x1BCA3) || (cp >= 0x1D173 && cp <= 0x1D17A) || (cp >= 0xE0000 && cp <= 0xE0FFF);
}

/* Arabic-script blocks: their Common characters (، ؛ ؟ ـ) prefer the
 * Arabic-script faces. */
static int in_arabic_block(uint32_t cp)
{
    return (cp >= 0x0600 && cp <= 0x06FF) || (cp >= 0x0750 && cp <= 0x077F) || (cp >= 0x08A0 && cp <= 0x08FF) ||
           (cp >= 0xFB50 && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFF);
}

/* The faces a text can be set in and the order they are tried in. */
typedef struct chain {
    const ic_face *faces[IC_FAMILY_COUNT]; /* by family (only [0] without a font set) */
    int norder;                   /* faces in each order (the loaded ones) */
    int arabic[IC_FAMILY_COUNT];  /* order for Arabic-script letters */
    int other[IC_FAMILY_COUNT];   /* order for everything else */
    hb_language_t lang;           /* HB_LANGUAGE_INVALID when unknown */
} chain;

/* Puts the loaded families of `want` into order, `first` (if loaded) first. */
static int make_order(const chain *c, const int *want, int first, int *order)
{
    int n = 0;
    if (c->faces[first] && c->faces[first]->hb)
        order[n++] = first;
    for (int i = 0; i < IC_FAMILY_COUNT; i++)
        if (want[i] != first && c->faces[want[i]] && c->faces[want[i]]->hb)
            order[n++] = want[i];
    return n;
}

static void chain_init(chain *c, const ic_face *face)
{
    memset(c, 0, sizeof *c);
    c->lang = face->lang[0] ? hb_language_from_string(face->lang, -1) : HB_LANGUAGE_INVALID;
    if (!face->fonts) {
        c->faces[0] = face;
        c->norder = 1;
        return;
    }
    for (int f = 0; f < IC_FAMILY_COUNT; f++)
        c->faces[f] = ic_fonts_family_face(face->fonts, (ic_font_family)f, face->style);
    int ur = ic_lang_is(face->lang, "ur");
    int script1 = ur ? IC_FAMILY_NASTALIQ : IC_FAMILY_NASKH, script2 = ur ? IC_FAMILY_NASKH : IC_FAMILY_NASTALIQ;
    /* a theme's fonts (primary, then its fallbacks) come first, for Arabic
     * letters too when they have them; then the bundled fonts */
    int themed_arabic[IC_FAMILY_COUNT] = {IC_FAMILY_INTER, IC_FAMILY_EXTRA1, IC_FAMILY_EXTRA2, IC_FAMILY_EXTRA3,
                                          script1, script2, IC_FAMILY_LATIN};
    int bundled_arabic[IC_FAMILY_COUNT] = {script1, script2, IC_FAMILY_INTER, IC_FAMILY_EXTRA1,
                                           IC_FAMILY_EXTRA2, IC_FAMILY_EXTRA3, IC_FAMILY_LATIN};
    const int *arabic = face->fonts->themed ? themed_arabic : bundled_arabic;
    int other[IC_FAMILY_COUNT] = {IC_FAMILY_INTER, IC_FAMILY_EXTRA1, IC_FAMILY_EXTRA2, IC_FAMILY_EXTRA3,
                                  IC_FAMILY_LATIN, IC_FAMILY_NASKH, IC_FAMILY_NASTALIQ};
    /* a face asked for by family comes first for everything */
    int fam = (int)face->family;
    c->norder = make_order(c, arabic, fam == IC_FAMILY_INTER ? arabic[0] : fam, c->arabic);
    make_order(c, other, fam, c->other);
}

static int covers(const chain *c, int fam, uint32_t cp)
{
    hb_codepoint_t g;
    return hb_font_get_nominal_glyph(c->faces[fam]->hb, cp, &g) && g != 0;
}

/* The first face of `order` that has a glyph for cp, or -1. */
static int first_covering(const chain *c, const int *order, uint32_t cp)
{
    for (int i = 0; i < c->norder; i++)
        if (covers(c, order[i], cp))
            return order[i];
    return -1;
}

/* A run in logical order: characters [a, b) of one level, face and script. */
typedef struct lrun {
    size_t a, b;
    FriBidiLevel level;
    int fam;
    hb_script_t script;
} lrun;

/* Per-call work arrays. */
typedef struct work {
    size_t n;               /* characters */
    FriBidiChar *cp;        /* [n] */
    unsigned *off;          /* [n + 1] byte offsets */
    signed char *fam;       /* [n] face family (index into chain.faces) */
    unsigned char *missing; /* [n] no face has it */
    hb_script_t *script;    /* [n] resolved script */
    FriBidiCharType *types; /* [n] */
    FriBidiBracketType *brackets; /* [n] */
    FriBidiLevel *levels;   /* [n] */
    lrun *runs;             /* [n] at most */
    size_t *vorder;         /* [n] visual order of runs */
    size_t nruns;
    int rtl;
} work;

static void work_free(work *w)
{
    free(w->cp);
    free(w->off);
    free(w->fam);
    free(w->missing);
    free(w->script);
    free(w->types);
    free(w->brackets);
    free(w->levels);
    free(w->runs);
    free(w->vorder);
}

/* Decodes, picks a face for every character, finds bidi levels and splits
 * the text into runs in visual order. Returns 0 or -1 (out of memory). */
static int analyse(const chain *c, int want_rtl, const char *utf8, size_t len, work *w)
{
    memset(w, 0, sizeof *w);
    size_t cap = len ? len : 1;
    w->cp = malloc(cap * sizeof *w->cp);
    w->off = malloc((cap + 1) * sizeof *w->off);
    w->fam = malloc(cap * sizeof *w->fam);
    w->missing = calloc(cap, sizeof *w->missing);
    w->script = malloc(cap * sizeof *w->script);
    w->types = malloc(cap * sizeof *w->types);
    w->brackets = malloc(cap * sizeof *w->brackets);
    w->levels = malloc(cap * sizeof *w->levels);
    w->runs = malloc(cap * sizeof *w->runs);
    w->vorder = malloc(cap * sizeof *w->vorder);
    if (!w->cp || !w->off || !w->fam || !w->missing || !w->script || !w->types || !w->brackets || !w->levels ||
        !w->runs || !w->vorder)
        return -1;

    const unsigned char *s = (const unsigned char *)utf8;
    size_t n = 0;
    int ascii = 1;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = utf8_next(s, i, len, &cp);
        w->off[n] = (unsigned)i;
        w->cp[n++] = cp;
        if (cp >= 0x80)
            ascii = 0;
        i += k;
    }
    w->off[n] = (unsigned)len;
    w->n = n;
    w->rtl = want_rtl ? 1 : 0;
    if (n == 0)
        return 0;

    /* faces: letters (and ASCII digits) by script and coverage */
    hb_unicode_funcs_t *uf = hb_unicode_funcs_get_default();
    for (size_t i = 0; i < n; i++) {
        uint32_t cp = w->cp[i];
        hb_script_t sc = hb_unicode_script(uf, cp);
        int digit = cp >= '0' && cp <= '9';
        w->fam[i] = -1;
        w->script[i] = HB_SCRIPT_COMMON;
        if (is_ignorable(cp) || (!digit && (sc == HB_SCRIPT_COMMON || sc == HB_SCRIPT_INHERITED ||
                                            sc == HB_SCRIPT_UNKNOWN)))
            continue;
        if (!digit)
            w->script[i] = sc;
        const int *order = sc == HB_SCRIPT_ARABIC ? c->arabic : c->other;
        int f = first_covering(c, order, cp);
        if (f < 0) {
            w->missing[i] = 1;
            f = order[0];
        }
        w->fam[i] = (signed char)f;
    }
    /* everything else (spaces, punctuation, marks, controls) goes with its
     * neighbour: the one before, else the next letter, when that face has it */
    int next_fam = -1;
    signed char *next = malloc(n);
    if (!next)
        return -1;
    for (size_t i = n; i-- > 0;) {
        if (w->fam[i] >= 0)
            next_fam = w->fam[i];
        next[i] = (signed char)next_fam;
    }
    for (size_t i = 0; i < n; i++) {
        if (w->fam[i] >= 0)
            continue;
        uint32_t cp = w->cp[i];
        int prev = i > 0 ? w->fam[i - 1] : -1;
        int nx = next[i];
        int f;
        if (is_ignorable(cp)) {
            f = prev >= 0 ? prev : nx >= 0 ? nx : c->other[0];
        } else if (prev >= 0 && covers(c, prev, cp)) {
            f = prev;
        } else if (nx >= 0 && covers(c, nx, cp)) {
            f = nx;
        } else {
            f = first_covering(c, in_arabic_block(cp) ? c->arabic : c->other, cp);
            if (f < 0) {
                w->missing[i] = 1;
                f = prev >= 0 ? prev : nx >= 0 ? nx : c->other[0];
            }
        }
        w->fam[i] = (signed char)f;
    }
    free(next);
    /* scripts: weak characters take the script of the letters of their face
     * around them (before, else after) */
    for (size_t i = 1; i < n; i++)
        if (w->script[i] == HB_SCRIPT_COMMON && w->fam[i] == w->fam[i - 1])
            w->script[i] = w->script[i - 1];
    for (size_t i = n - 1; i-- > 0;)
        if (w->script[i] == HB_SCRIPT_COMMON && w->fam[i] == w->fam[i + 1])
            w->script[i] = w->script[i + 1];

    /* bidi levels (FriBidi), with rule L1 applied for the line */
    if (ascii) {
        /* no right-to-left character: everything is at level 0 (see below) */
        memset(w->levels, 0, n * sizeof *w->levels);
        w->rtl = 0;
    } else {
        fribidi_get_bidi_types(w->cp, (FriBidiStrIndex)n, w->types);
        /* A text with no right-to-left character (R, AL, AN, or an RLE,
         * RLO, RLI control) — a number like "+20%", a Latin label — is set
         * left to right even in a right-to-left scene (a higher-level rule,
         * UAX #9 HL1): the layout is mirrored, a Latin phrase or a number
         * still reads as written. */
        int has_rtl = 0;
        for (size_t i = 0; i < n && !has_rtl; i++)
            has_rtl = FRIBIDI_IS_RTL(w->types[i]) || w->types[i] == FRIBIDI_TYPE_AN;
        FriBidiParType base = want_rtl && has_rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_ON;
        fribidi_get_bracket_types(w->cp, (FriBidiStrIndex)n, w->types, w->brackets);
        if (!fribidi_get_par_embedding_levels_ex(w->types, w->brackets, (FriBidiStrIndex)n, &base, w->levels))
            return -1;
        if (!fribidi_reorder_line(0, w->types, (FriBidiStrIndex)n, 0, base, w->levels, NULL, NULL))
            return -1;
        w->rtl = FRIBIDI_IS_RTL(base) ? 1 : 0;
    }

    /* runs of one level, face and script */
    size_t nr = 0;
    for (size_t i = 0; i < n; i++) {
        if (nr > 0) {
            lrun *r = &w->runs[nr - 1];
            if (r->level == w->levels[i] && r->fam == w->fam[i] && r->script == w->script[i]) {
                r->b = i + 1;
                continue;
            }
        }
        w->runs[nr++] = (lrun){i, i + 1, w->levels[i], w->fam[i], w->script[i]};
    }
    w->nruns = nr;

    /* visual order of the runs (rule L2): from the highest level down to the
     * lowest odd one, reverse every sequence of runs at that level or above */
    int hi = 0, lo_odd = 127;
    for (size_t r = 0; r < nr; r++) {
        w->vorder[r] = r;
        if (w->runs[r].level > hi)
            hi = w->runs[r].level;
        if ((w->runs[r].level & 1) && w->runs[r].level < lo_odd)
            lo_odd = w->runs[r].level;
    }
    for (int lev = hi; lev >= lo_odd && lev > 0; lev--) {
        for (size_t r = 0; r < nr;) {
            if (w->runs[w->vorder[r]].level < lev) {
                r++;
                continue;
            }
            size_t e = r;
            while (e < nr && w->runs[w->vorder[e]].level >= lev)
                e++;
            for (size_t a = r, b = e - 1; a < b; a++, b--) {
                size_t t = w->vorder[a];
                w->vorder[a] = w->vorder[b];
                w->vorder[b] = t;
            }
            r = e;
        }
    }
    return 0;
}

/* Shapes one run into buf. */
static void shape_run(const chain *c, const work *w, const lrun *r, const char *utf8, size_t len, hb_buffer_t *buf)
{
    const ic_face *f = c->faces[r->fam];
    hb_buffer_clear_contents(buf);
    hb_buffer_add_utf8(buf, utf8, (int)len, w->off[r->a], (int)(w->off[r->b] - w->off[r->a]));
    hb_buffer_set_direction(buf, (r->level & 1) ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
    if (r->script != HB_SCRIPT_COMMON)
        hb_buffer_set_script(buf, r->script);
    if (c->lang != HB_LANGUAGE_INVALID)
        hb_buffer_set_language(buf, c->lang);
    else if (f->fonts && f->family == IC_FAMILY_NASTALIQ)
        hb_buffer_set_language(buf, hb_language_from_string("ur", -1));
    else if (f->fonts && f->family == IC_FAMILY_NASKH)
        hb_buffer_set_language(buf, hb_language_from_string("ar", -1));
    hb_buffer_guess_segment_properties(buf);
    hb_shape(f->hb, buf, NULL, 0);
}

/* Font units in one unit of the size asked for: the face's units per em,
 * over its script scale (font.h). */
static double em_units(const ic_face *f)
{
    return f->upem / f->scale;
}

/* Adds up run advances (all, or the kept part) the one way both measuring
 * paths use. */
static double runs_width(const ic_width_runs *wr, int kept, double size)
{
    double wsum = 0;
    for (int i = 0; i < wr->n; i++)
        wsum += (kept ? wr->kept[i] : wr->advance[i]) * (size / wr->upem[i]);
    return wsum;
}

/* Shapes utf8[0..len) into `out`, or only measures it: `width_only` gets
 * the whole width and `width_kept` (may be NULL) the width of the glyphs
 * from bytes [0..keep). */
static int shape_impl(const ic_face *face, const char *utf8, size_t len, double size, ic_shaped *out,
                      double *width_only, size_t keep, double *width_kept)
{
    ic_width_runs known;
    if (width_only && ic_width_cache_get(face, utf8, len, keep, &known)) {
        *width_only = runs_width(&known, 0, size);
        if (width_kept)
            *width_kept = runs_width(&known, 1, size);
        return 0;
    }
    chain c;
    work w;
    chain_init(&c, face);
    int rc = -1;
    hb_buffer_t *buf = NULL;
    if (out)
        memset(out, 0, sizeof *out);
    if (analyse(&c, face->rtl, utf8, len, &w) != 0)
        goto done;
    buf = hb_buffer_create();
    if (!hb_buffer_allocation_successful(buf))
        goto done;

    if (width_only) {
        /* the same sum, in the same order, as ic_shape's width */
        double wsum = 0, kept_sum = 0;
        ic_width_runs found = {0};
        for (size_t vr = 0; vr < w.nruns; vr++) {
            const lrun *r = &w.runs[w.vorder[vr]];
            shape_run(&c, &w, r, utf8, len, buf);
            unsigned gn = 0;
            hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &gn);
            hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, &gn);
            hb_position_t run_x = 0, run_kept = 0;
            for (unsigned i = 0; i < gn; i++) {
                run_x += pos[i].x_advance;
                if (info[i].cluster < keep)
                    run_kept += pos[i].x_advance;
            }
            wsum += run_x * (size / em_units(c.faces[r->fam]));
            kept_sum += run_kept * (size / em_units(c.faces[r->fam]));
            if (vr < IC_WIDTH_CACHE_RUNS) {
                found.advance[vr] = run_x;
                found.kept[vr] = run_kept;
                found.upem[vr] = em_units(c.faces[r->fam]);
            }
        }
        found.n = (int)w.nruns;
        *width_only = wsum;
        if (width_kept)
            *width_kept = kept_sum;
        if (w.nruns <= IC_WIDTH_CACHE_RUNS && runs_width(&found, 0, size) == wsum &&
            runs_width(&found, 1, size) == kept_sum)
            ic_width_cache_put(face, utf8, len, keep, &found);
        rc = 0;
        goto done;
    }

    /* shape every run in visual order, keeping the glyphs */
    out->rtl = w.rtl;
    const ic_face *base = c.faces[face->fonts ? (int)face->family : 0];
    out->ascent = base->ascender * size;
    out->descent = base->descender * size;
    if (w.n == 0) {
        rc = 0;
        goto done;
    }
    out->runs = calloc(w.nruns, sizeof *out->runs);
    if (!out->runs)
        goto done;
    size_t cap = 0;
    double pen = 0;
    int inked = 0, first_face = 1;
    ic_width_runs found = {.n = (int)w.nruns}; /* for the width cache */
    for (size_t vr = 0; vr < w.nruns; vr++) {
        const lrun *r = &w.runs[w.vorder[vr]];
        const ic_face *f = c.faces[r->fam];
        shape_run(&c, &w, r, utf8, len, buf);
        unsigned gn = 0;
        hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &gn);
        hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, &gn);
        if (out->n + gn > cap) {
            size_t nc = (out->n + gn) * 2 + 8;
            unsigned *g = realloc(out->glyphs, nc * sizeof *g);
            if (g)
                out->glyphs = g;
            double *x = realloc(out->x, nc * sizeof *x);
            if (x)
                out->x = x;
            double *y = realloc(out->y, nc * sizeof *y);
            if (y)
                out->y = y;
            unsigned *cl = realloc(out->cluster, nc * sizeof *cl);
            if (cl)
                out->cluster = cl;
            if (!g || !x || !y || !cl)
                goto done;
            cap = nc;
        }
        ic_text_run *tr = &out->runs[out->nruns++];
        tr->start = out->n;
        tr->face = f;
        tr->rtl = (r->level & 1) ? 1 : 0;
        tr->byte_start = w.off[r->a];
        tr->byte_len = w.off[r->b] - w.off[r->a];
        tr->pen_x = pen;
        double k = size / em_units(f);
        hb_position_t run_x = 0, run_y = 0; /* integer pen within the run, as HarfBuzz gives it */
        for (unsigned i = 0; i < gn; i++) {
            hb_codepoint_t gid = info[i].codepoint;
            double gx = pen + (run_x + pos[i].x_offset) * k;
            double gy = -(run_y + pos[i].y_offset) * k; /* HarfBuzz y points up */
            run_x += pos[i].x_advance;
            run_y += pos[i].y_advance;
            if (gid == 0)
                continue; /* .notdef is never drawn; its advance is kept */
            out->glyphs[out->n] = gid;
            out->x[out->n] = gx;
            out->y[out->n] = gy;
            out->cluster[out->n] = info[i].cluster;
            out->n++;
            hb_glyph_extents_t e;
            if (ic_glyph_extents(f, gid, &e) && e.width != 0 && e.height != 0) {
                double x0 = gx + e.x_bearing * k, x1 = x0 + e.width * k;
                double y0 = gy - e.y_bearing * k, y1 = y0 - e.height * k;
                if (x0 > x1) {
                    double t = x0;
                    x0 = x1;
                    x1 = t;
                }
                if (y0 > y1) {
                    double t = y0;
                    y0 = y1;
                    y1 = t;
                }
                if (!inked) {
                    out->ink_x0 = x0, out->ink_x1 = x1, out->ink_y0 = y0, out->ink_y1 = y1;
                    inked = 1;
                } else {
                    out->ink_x0 = fmin(out->ink_x0, x0);
                    out->ink_x1 = fmax(out->ink_x1, x1);
                    out->ink_y0 = fmin(out->ink_y0, y0);
                    out->ink_y1 = fmax(out->ink_y1, y1);
                }
            }
        }
        tr->n = out->n - tr->start;
        tr->advance = run_x * k;
        pen += run_x * k;
        if (vr < IC_WIDTH_CACHE_RUNS) {
            found.advance[vr] = found.kept[vr] = run_x;
            found.upem[vr] = em_units(f);
        }
        /* line box: the largest metrics of the faces used */
        if (first_face) {
            out->ascent = f->ascender * size;
            out->descent = f->descender * size;
            first_face = 0;
        } else {
            out->ascent = fmax(out->ascent, f->ascender * size);
            out->descent = fmax(out->descent, f->descender * size);
        }
    }
    out->width = pen;
    if (w.nruns <= IC_WIDTH_CACHE_RUNS && runs_width(&found, 0, size) == pen)
        ic_width_cache_put(face, utf8, len, len, &found);
    if (inked) {
        out->ascent = fmax(out->ascent, -out->ink_y0);
        out->descent = fmax(out->descent, out->ink_y1);
    }
    /* characters no face has, in logical order, each once */
    for (size_t i = 0; i < w.n; i++) {
        if (!w.missing[i])
            continue;
        size_t j = 0;
        while (j < out->nmissing && out->missing[j] != w.cp[i])
            j++;
        if (j == out->nmissing && out->nmissing < IC_SHAPED_MISSING_MAX)
            out->missing[out->nmissing++] = w.cp[i];
    }
    rc = 0;
done:
    if (rc != 0 && out)
        ic_shaped_free(out);
    hb_buffer_destroy(buf);
    work_free(&w);
    return rc;
}

int ic_shape(const ic_face *face, const char *utf8, size_t len, double size, ic_shaped *out)
{
    return shape_impl(face, utf8, len, size, out, NULL, len, NULL);
}

void ic_shaped_free(ic_shaped *s)
{
    free(s->glyphs);
    free(s->x);
    free(s->y);
    free(s->cluster);
    free(s->runs);
    memset(s, 0, sizeof *s);
}

/* A copy of n items of `size` bytes, or NULL (also for none). */
static void *copy_items(const void *src, size_t n, size_t size, int *failed)
{
    if (n == 0 || !src)
        return NULL;
    void *p = malloc(n * size);
    if (!p)
        *failed = 1;
    else
        memcpy(p, src, n * size);
    return p;
}

int ic_shaped_copy(ic_shaped *dst, const ic_shaped *src)
{
    int failed = 0;
    *dst = *src;
    dst->glyphs = copy_items(src->glyphs, src->n, sizeof *src->glyphs, &failed);
    dst->x = copy_items(src->x, src->n, sizeof *src->x, &failed);
    dst->y = copy_items(src->y, src->n, sizeof *src->y, &failed);
    dst->cluster = copy_items(src->cluster, src->n, sizeof *src->cluster, &failed);
    dst->runs = copy_items(src->runs, src->nruns, sizeof *src->runs, &failed);
    if (failed) {
        ic_shaped_free(dst);
        return -1;
    }
    return 0;
}

int ic_text_width_known(const ic_face *face, const char *utf8, size_t len, double size, double *width)
{
    ic_width_runs known;
    if (!ic_width_cache_get(face, utf8, len, len, &known))
        return 0;
    *width = runs_width(&known, 0, size);
    return 1;
}

double ic_text_width(const ic_face *face, const char *utf8, size_t len, double size)
{
    double w = 0;
    if (shape_impl(face, utf8, len, size, NULL, &w, len, NULL) != 0)
        return 0;
    return w;
}

/* Appends a copy of text[a..b) without trailing spaces to the lines array. */
static int push_line(char ***lines, size_t *n, size_t *cap, const char *s, size_t a, size_t b)
{
    while (b > a && s[b - 1] == ' ')
        b--;
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 4;
        char **nl = realloc(*lines, nc * sizeof *nl);
        if (!nl)
            return -1;
        *lines = nl;
        *cap = nc;
    }
    char *line = malloc(b - a + 1);
    if (!line)
        return -1;
    memcpy(line, s + a, b - a);
    line[b - a] = '\0';
    (*lines)[(*n)++] = line;
    return 0;
}

/* Break opportunities: after a space run, after '-' / '/' that follow a
 * letter, or after U+200B. Multi-byte UTF-8 never contains these bytes, so
 * Arabic-script words (joined letters, ZWNJ inside) are never broken. Returns the offset just past the next opportunity (or the end /
 * a newline). */
static size_t next_break(const char *s, size_t i, size_t len)
{
    while (i < len && s[i] != '\n') {
        char c = s[i++];
        if (c == ' ') {
            while (i < len && s[i] == ' ')
                i++;
            return i;
        }
        if ((c == '-' || c == '/') && i >= 2 && s[i - 2] != ' ' && i < len && s[i] != ' ')
            return i;
        /* U+200B ZERO WIDTH SPACE */
        if (c == '\xE2' && i + 1 < len && s[i] == '\x80' && s[i + 1] == '\x8B') {
            i += 2;
            while (i < len && s[i] == ' ')
                i++;
            return i;
        }
    }
    return i;
}

/* A piece of text between break opportunities, measured once: without and
 * with its trailing spaces (shaped with the word, so a space has the width
 * of the script around it). */
typedef struct piece {
    size_t start, end;   /* [start, end) in the text; '\n' is a piece of its own */
    double trimmed, full;
    int newline;
} piece;

/* Splits `text` into pieces. Returns the count, or (size_t)-1 when out of memory. */
static size_t make_pieces(const ic_face *face, const char *text, double size, piece **out)
{
    size_t len = strlen(text), n = 0, cap = 16;
    piece *p = malloc(cap * sizeof *p);
    for (size_t i = 0; p && i < len;) {
        if (n == cap) {
            piece *np = realloc(p, (cap *= 2) * sizeof *np);
            if (!np) {
                free(p);
                p = NULL;
                break;
            }
            p = np;
        }
        piece *q = &p[n++];
        memset(q, 0, sizeof *q);
        q->start = i;
        if (text[i] == '\n') {
            q->end = ++i;
            q->newline = 1;
            continue;
        }
        size_t end = next_break(text, i, len), trimmed = end;
        while (trimmed > i && text[trimmed - 1] == ' ')
            trimmed--;
        q->end = end;
        /* one shaping gives both: the word with its trailing spaces, and
         * the word's own glyphs within it */
        if (shape_impl(face, text + i, end - i, size, NULL, &q->full, trimmed - i, &q->trimmed) != 0)
            q->full = q->trimmed = 0;
        i = end;
    }
    *out = p;
    return p ? n : (size_t)-1;
}

/* Greedy lines over measured pieces. Returns the line count; fills `lines`
 * when not NULL (else only counts). */
static size_t wrap_pieces(const char *text, const piece *p, size_t np, double max_width, char ***lines_out)
{
    char **lines = NULL;
    size_t n = 0, cap = 0, line_start = 0;
    double width = 0; /* of the current line, trailing spaces included */
    int empty = 1;
    for (size_t k = 0; k < np; k++) {
        if (p[k].newline) {
            if (lines_out && push_line(&lines, &n, &cap, text, line_start, p[k].start) != 0)
                goto fail;
            n += lines_out ? 0 : 1;
            line_start = p[k].end;
            width = 0;
            empty = 1;
            continue;
        }
        if (!empty && width + p[k].trimmed > max_width) {
            if (lines_out && push_line(&lines, &n, &cap, text, line_start, p[k].start) != 0)
                goto fail;
            n += lines_out ? 0 : 1;
            line_start = p[k].start;
            width = 0;
        }
        width += p[k].full;
        empty = 0;
    }
    if (lines_out && push_line(&lines, &n, &cap, text, line_start, strlen(text)) != 0)
        goto fail;
    n += lines_out ? 0 : 1;
    if (lines_out)
        *lines_out = lines;
    return n;
fail:
    ic_lines_free(lines, n);
    *lines_out = NULL;
    return 0;
}

size_t ic_wrap(const ic_face *face, const char *text, double size, double max_width, char ***lines_out)
{
    piece *p = NULL;
    size_t np = make_pieces(face, text, size, &p);
    if (np == (size_t)-1) {
        *lines_out = NULL;
        return 0;
    }
    size_t n = wrap_pieces(text, p, np, max_width, lines_out);
    free(p);
    return n;
}

size_t ic_wrap_balanced(const ic_face *face, const char *text, double size, double max_width, char ***lines)
{
    piece *p = NULL;
    size_t np = make_pieces(face, text, size, &p);
    if (np == (size_t)-1) {
        *lines = NULL;
        return 0;
    }
    size_t n = wrap_pieces(text, p, np, max_width, NULL);
    double best = max_width;
    if (n >= 2) {
        /* the narrowest width (found by bisection, down to half) that keeps
         * the same number of lines */
        double lo = max_width * 0.5, hi = max_width;
        for (int step = 0; step < 7; step++) {
            double mid = (lo + hi) / 2;
            if (wrap_pieces(text, p, np, mid, NULL) == n)
                hi = mid;
            else
                lo = mid;
        }
        best = hi;
    }
    n = wrap_pieces(text, p, np, best, lines);
    free(p);
    return n;
}

void ic_lines_free(char **lines, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
}
