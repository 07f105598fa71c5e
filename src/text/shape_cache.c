#include "text/shape_cache.h"

#include <string.h>

/* Direct-mapped: a new entry replaces whatever had its slot. Small tables:
 * every page of them a render touches costs a page fault, which costs more
 * than shaping a word again now and then. */
#define SLOTS 256

typedef struct entry {
    uint64_t hash;
    unsigned long fonts_id;
    int family, style, rtl;
    char lang[16];
    size_t len, keep;
    char text[IC_WIDTH_CACHE_TEXT];
    ic_width_runs runs;
} entry;

static _Thread_local entry table[SLOTS];

static uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211u;
    return h;
}

static uint64_t key_hash(const ic_face *face, const char *utf8, size_t len, size_t keep)
{
    int ints[4] = {(int)face->family, (int)face->style, face->rtl, (int)keep};
    uint64_t h = fnv1a(14695981039346656037u, &face->fonts->id, sizeof face->fonts->id);
    h = fnv1a(h, ints, sizeof ints);
    h = fnv1a(h, face->lang, strnlen(face->lang, sizeof face->lang));
    return fnv1a(h, utf8, len) | 1; /* 0 marks an empty slot */
}

static int cacheable(const ic_face *face, size_t len)
{
    return face->fonts && len <= IC_WIDTH_CACHE_TEXT;
}

static int same_key(const entry *e, uint64_t hash, const ic_face *face, const char *utf8, size_t len, size_t keep)
{
    return e->hash == hash && e->keep == keep && e->fonts_id == face->fonts->id && e->family == (int)face->family &&
           e->style == (int)face->style && e->rtl == face->rtl &&
           strncmp(e->lang, face->lang, sizeof e->lang) == 0 && e->len == len && memcmp(e->text, utf8, len) == 0;
}

int ic_width_cache_get(const ic_face *face, const char *utf8, size_t len, size_t keep, ic_width_runs *out)
{
    if (!cacheable(face, len))
        return 0;
    uint64_t h = key_hash(face, utf8, len, keep);
    const entry *e = &table[h % SLOTS];
    if (!same_key(e, h, face, utf8, len, keep))
        return 0;
    *out = e->runs;
    return 1;
}

void ic_width_cache_put(const ic_face *face, const char *utf8, size_t len, size_t keep, const ic_width_runs *runs)
{
    if (!cacheable(face, len) || runs->n > IC_WIDTH_CACHE_RUNS)
        return;
    uint64_t h = key_hash(face, utf8, len, keep);
    entry *e = &table[h % SLOTS];
    e->hash = h;
    e->fonts_id = face->fonts->id;
    e->family = (int)face->family;
    e->style = (int)face->style;
    e->rtl = face->rtl;
    memcpy(e->lang, face->lang, sizeof e->lang);
    e->len = len;
    e->keep = keep;
    memcpy(e->text, utf8, len);
    e->runs = *runs;
}

/* ---- glyph ink extents ---- */

#define GLYPH_SLOTS 512

typedef struct glyph_entry {
    unsigned long fonts_id; /* 0: empty */
    int family, style;
    hb_codepoint_t gid;
    hb_bool_t ok;
    hb_glyph_extents_t extents;
} glyph_entry;

static _Thread_local glyph_entry glyphs[GLYPH_SLOTS];

hb_bool_t ic_glyph_extents(const ic_face *face, hb_codepoint_t gid, hb_glyph_extents_t *out)
{
    if (!face->fonts)
        return hb_font_get_glyph_extents(face->hb, gid, out);
    unsigned slot = (gid * 8u + (unsigned)face->family * 2u + (unsigned)face->style) % GLYPH_SLOTS;
    glyph_entry *e = &glyphs[slot];
    if (e->fonts_id != face->fonts->id || e->family != (int)face->family || e->style != (int)face->style ||
        e->gid != gid) {
        e->ok = hb_font_get_glyph_extents(face->hb, gid, &e->extents);
        e->fonts_id = face->fonts->id;
        e->family = (int)face->family;
        e->style = (int)face->style;
        e->gid = gid;
    }
    *out = e->extents;
    return e->ok;
}
