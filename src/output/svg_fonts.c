/* Embedded fonts for SVG text: code points gathered per face, subset,
 * and written as OpenType in base64 in a data: URI. */
#include "output/svg_fonts.h"
#include "output/font_subset.h"
#include "output/svg_glyphs.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The code point at `*p` (advancing it); malformed bytes give U+FFFD. */
static uint32_t next_utf8(const unsigned char **p, const unsigned char *end)
{
    const unsigned char *s = *p;
    uint32_t c = *s++;
    int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    if (c >= 0x80 && c < 0xC0) {
        *p = s;
        return 0xFFFD;
    }
    c &= extra == 3 ? 0x07 : extra == 2 ? 0x0F : extra == 1 ? 0x1F : 0x7F;
    for (int i = 0; i < extra; i++) {
        if (s >= end || (*s & 0xC0) != 0x80) {
            *p = s;
            return 0xFFFD;
        }
        c = c << 6 | (*s++ & 0x3F);
    }
    *p = s;
    return c;
}

static void add_codepoints(hb_set_t *set, const char *text, unsigned start, unsigned len)
{
    size_t tlen = strlen(text);
    if (start > tlen)
        return;
    if (len > tlen - start)
        len = (unsigned)(tlen - start);
    const unsigned char *p = (const unsigned char *)text + start, *end = p + len;
    while (p < end)
        hb_set_add(set, next_utf8(&p, end));
}

/* "Inter-Bold" from ".../Inter-Bold.otf": letters, digits, '-' and '_'. */
static void base_name(const char *path, char *out, size_t size)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    const char *name = slash ? slash + 1 : path ? path : "font";
    size_t n = 0;
    for (; *name && *name != '.' && n + 1 < size; name++) {
        char ch = *name;
        if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_')
            out[n++] = ch;
    }
    out[n] = '\0';
}

/* The bytes face index `fi`'s glyph outlines take in <defs>, and the number
 * of its glyphs the text draws. */
static size_t outline_bytes(const ic_svg_glyphs *glyphs, int fi, unsigned *nglyphs)
{
    size_t n = 0;
    *nglyphs = 0;
    for (size_t i = 0; i < glyphs->n; i++) {
        if ((int)(glyphs->glyphs[i].key >> 16) != fi)
            continue;
        ++*nglyphs;
        if (glyphs->glyphs[i].dlen)
            n += glyphs->glyphs[i].dlen + 30; /* <path id="gF-G" d="..."/> */
    }
    return n;
}

/* Subsets face index `fi` to `cps` and adds its rule, or marks it to be
 * drawn as outlines when the subset is too large: over 2x the outlines plus
 * 16 KB in base64, or (found before the subset is made) more than 4x the
 * glyphs drawn plus 64. */
static int embed_face(ic_svg_fonts *out, const ic_face *face, int fi, hb_set_t *cps, size_t outlines,
                      unsigned max_glyphs)
{
    uint32_t *list = malloc(hb_set_get_population(cps) * sizeof *list + 1);
    if (!list)
        return -1;
    size_t n = 0;
    for (hb_codepoint_t c = HB_SET_VALUE_INVALID; hb_set_next(cps, &c);)
        list[n++] = c;
    ic_buf font = IC_BUF_INIT;
    int rc = ic_font_subset(hb_font_get_face(face->hb), list, n, max_glyphs, &font);
    free(list);
    const unsigned char *bytes = (const unsigned char *)font.data;
    if (rc == 1 || (rc == 0 && !font.failed && (font.len + 2) / 3 * 4 > 2 * outlines + 16384)) {
        out->outlines[fi] = 1; /* too large to embed */
        rc = 0;
        goto done;
    }
    if (rc != 0 || font.failed) {
        rc = font.failed ? -1 : -2;
        goto done;
    }
    uint64_t h = ic_hash_bytes(IC_HASH_INIT, bytes, font.len);
    out->hash = ic_hash_bytes(out->hash, &h, sizeof h);
    char base[40], hex[9];
    base_name(face->path, base, sizeof base);
    ic_hash_hex8(h, hex);
    snprintf(out->family[fi], sizeof out->family[fi], "ic-%s-%s", base, hex);
    ic_buf_printf(&out->css, "@font-face{font-family:\"%s\";src:url(data:font/%s;base64,", out->family[fi],
                  ic_font_is_cff(bytes, font.len) ? "otf" : "ttf");
    ic_buf_base64(&out->css, bytes, font.len);
    ic_buf_puts(&out->css, ")}\n");
    rc = out->css.failed ? -1 : 0;
done:
    ic_buf_free(&font);
    return rc;
}

int ic_svg_fonts_collect(const ic_scene *s, const ic_svg_glyphs *glyphs, ic_svg_fonts *out)
{
    memset(out, 0, sizeof *out);
    out->hash = IC_HASH_INIT;
    hb_set_t *sets[IC_SVG_FACES] = {0};
    int rc = -1;
    for (size_t i = 0; i < s->n; i++) {
        const ic_mark *m = &s->marks[i];
        if (m->kind != IC_MARK_TEXT || !m->text)
            continue;
        for (size_t r = 0; r < ic_svg_text_runs(m); r++) {
            size_t start, n;
            int fi = ic_svg_text_run(s, m, r, &start, &n);
            if (fi < 0)
                continue;
            if (!sets[fi] && !hb_set_allocation_successful(sets[fi] = hb_set_create()))
                goto done;
            if (m->shaped.nruns)
                add_codepoints(sets[fi], m->text, m->shaped.runs[r].byte_start, m->shaped.runs[r].byte_len);
            else
                add_codepoints(sets[fi], m->text, 0, (unsigned)strlen(m->text));
            if (!hb_set_allocation_successful(sets[fi]))
                goto done;
        }
    }
    for (int fi = 0; fi < IC_SVG_FACES; fi++) {
        if (!sets[fi])
            continue;
        const ic_face *face = &s->fonts->faces[fi / IC_FONT_COUNT][fi % IC_FONT_COUNT];
        unsigned drawn = 0;
        size_t outlines = outline_bytes(glyphs, fi, &drawn);
        int e = embed_face(out, face, fi, sets[fi], outlines, 4 * drawn + 64);
        if (e != 0) {
            rc = e;
            goto done;
        }
    }
    rc = 0;
done:
    for (int fi = 0; fi < IC_SVG_FACES; fi++)
        hb_set_destroy(sets[fi]);
    return rc;
}

const char *ic_svg_fonts_family(const ic_svg_fonts *f, int face)
{
    return face >= 0 && face < IC_SVG_FACES && f->family[face][0] ? f->family[face] : NULL;
}

void ic_svg_fonts_free(ic_svg_fonts *f)
{
    ic_buf_free(&f->css);
}
