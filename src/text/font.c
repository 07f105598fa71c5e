#include "text/font.h"
#include "core/error.h"
#include "core/util.h"

#include <cairo-ft.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb-ot.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const char *const font_files[IC_FAMILY_COUNT][IC_FONT_COUNT] = {
    [IC_FAMILY_INTER] = {"Inter-Regular.otf", "Inter-Bold.otf"},
    [IC_FAMILY_NASTALIQ] = {"NotoNastaliqUrdu-Regular.ttf", "NotoNastaliqUrdu-Bold.ttf"},
    [IC_FAMILY_NASKH] = {"NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"},
};

/* The FreeType library and face given to cairo (read from the same mapped
 * file as HarfBuzz's face) live as long as cairo keeps the font face; cairo
 * calls this when it lets the face go. */
typedef struct ft_owner {
    FT_Library lib;
    FT_Face face;
    hb_blob_t *blob;
} ft_owner;

static const cairo_user_data_key_t ft_owner_key;

static void ft_owner_free(void *p)
{
    ft_owner *o = p;
    if (o->face)
        FT_Done_Face(o->face);
    if (o->lib)
        FT_Done_FreeType(o->lib);
    hb_blob_destroy(o->blob);
    free(o);
}

/* cairo's font face for a face's file, or NULL. Only drawing with cairo
 * (PNG, PDF) needs it, so it is made on first use (ic_face_cairo). */
static cairo_font_face_t *open_cairo_face(hb_blob_t *blob)
{
    ft_owner *owner = calloc(1, sizeof *owner);
    if (!owner)
        return NULL;
    owner->blob = hb_blob_reference(blob);
    unsigned len = 0;
    const char *data = hb_blob_get_data(blob, &len);
    if (FT_Init_FreeType(&owner->lib) != 0 ||
        FT_New_Memory_Face(owner->lib, (const FT_Byte *)data, (FT_Long)len, 0, &owner->face) != 0) {
        ft_owner_free(owner);
        return NULL;
    }
    /* hinting off: the same outlines at every size and in every format */
    cairo_font_face_t *face = cairo_ft_font_face_create_for_ft_face(owner->face, FT_LOAD_NO_HINTING);
    if (cairo_font_face_set_user_data(face, &ft_owner_key, owner, ft_owner_free) != CAIRO_STATUS_SUCCESS) {
        cairo_font_face_destroy(face);
        ft_owner_free(owner);
        return NULL;
    }
    return face;
}

/* Each thread draws with FreeType faces of its own: cairo drawing one
 * FT_Face from two threads at once races inside FreeType (ThreadSanitizer
 * shows it in `build -j`). A thread's faces are made on first use and
 * destroyed when the thread ends or draws with another font set. */
typedef struct thread_faces {
    unsigned long fonts_id;
    cairo_font_face_t *face[IC_FAMILY_COUNT][IC_FONT_COUNT];
} thread_faces;

static pthread_key_t faces_key;
static pthread_once_t faces_once = PTHREAD_ONCE_INIT;

static void drop_faces(thread_faces *t)
{
    for (int fam = 0; fam < IC_FAMILY_COUNT; fam++)
        for (int st = 0; st < IC_FONT_COUNT; st++) {
            if (t->face[fam][st])
                cairo_font_face_destroy(t->face[fam][st]);
            t->face[fam][st] = NULL;
        }
}

static void thread_faces_free(void *p)
{
    drop_faces(p);
    free(p);
}

static void faces_key_make(void)
{
    (void)pthread_key_create(&faces_key, thread_faces_free);
}

cairo_font_face_t *ic_face_cairo(const ic_face *face)
{
    const struct ic_fonts *fonts = face->fonts;
    if (!fonts || pthread_once(&faces_once, faces_key_make) != 0)
        return NULL;
    thread_faces *t = pthread_getspecific(faces_key);
    if (!t) {
        t = calloc(1, sizeof *t);
        if (!t || pthread_setspecific(faces_key, t) != 0) {
            free(t);
            return NULL;
        }
    }
    if (t->fonts_id != fonts->id) {
        drop_faces(t);
        t->fonts_id = fonts->id;
    }
    cairo_font_face_t **slot = &t->face[face->family][face->style];
    const ic_face *real = &fonts->faces[face->family][face->style];
    if (!*slot && real->blob)
        *slot = open_cairo_face(real->blob);
    return *slot;
}

static int face_open(ic_face *f, const char *path, ic_error *err)
{
    int rc = -1;
    hb_blob_t *blob = NULL;
    hb_face_t *hbface = NULL;

    f->path = ic_strdup(path);
    blob = hb_blob_create_from_file_or_fail(path);
    if (!blob) {
        ic_error_set(err, IC_ERR_FONT, path, 0, 0, "cannot read font file");
        goto done;
    }
    hbface = hb_face_create(blob, 0);
    if (hb_face_get_glyph_count(hbface) == 0) {
        ic_error_set(err, IC_ERR_FONT, path, 0, 0, "not a usable font (no glyphs)");
        goto done;
    }
    f->upem = hb_face_get_upem(hbface);
    f->scale = 1;
    f->hb = hb_font_create(hbface);
    hb_ot_font_set_funcs(f->hb);
    hb_font_set_scale(f->hb, (int)f->upem, (int)f->upem);
    hb_font_make_immutable(f->hb);

    hb_font_extents_t ext;
    hb_font_get_h_extents(f->hb, &ext);
    f->ascender = ext.ascender / f->upem;
    f->descender = -ext.descender / f->upem;
    f->line_gap = ext.line_gap / f->upem;
    f->blob = hb_blob_reference(blob); /* for the FreeType face, made when first drawn */
    rc = 0;
done:
    hb_face_destroy(hbface);
    hb_blob_destroy(blob);
    return rc;
}

/* Releases what face_open (or share_face) gave a face; a face never
 * opened holds only NULLs. */
static void face_close(ic_face *f)
{
    free(f->path);
    hb_font_destroy(f->hb);
    hb_blob_destroy(f->blob);
    f->path = NULL;
    f->hb = NULL;
    f->blob = NULL;
}

int ic_face_open(ic_face *face, const char *path, ic_font_style style, ic_error *err)
{
    memset(face, 0, sizeof *face);
    face->style = style;
    if (face_open(face, path, err) != 0) {
        face_close(face);
        return -1;
    }
    return 0;
}

void ic_face_close(ic_face *face)
{
    if (face)
        face_close(face);
}

/* The isolated dotless beh (U+066E), the plainest Arabic letter body: the
 * top of its ink in em, or 0 when the face lacks it. */
static double tooth_height(const ic_face *f)
{
    hb_codepoint_t gid;
    hb_glyph_extents_t e;
    if (!hb_font_get_nominal_glyph(f->hb, 0x066E, &gid) || !hb_font_get_glyph_extents(f->hb, gid, &e))
        return 0;
    return e.y_bearing / f->upem;
}

/* Arabic-script faces are set larger than Latin at the same size: at the
 * same em, the body of their letters (the tooth of ٮ: 0.41 em in Noto Naskh
 * and Noto Nastaliq) is much lower than Inter's x-height (0.55 em), and
 * Urdu and Arabic labels read smaller than the numbers and Latin words
 * beside them. Matching the two fully (x 1.33) lets the tall ascenders and
 * deep descenders of the script take over the line, so the size goes half
 * way, geometrically: scale = sqrt(x-height / tooth), at most 1.25 (1.15
 * for both bundled Arabic-script fonts). The line metrics stay the font's
 * own: they already allow for its tallest stacks (Nastaliq's 1.9 em
 * ascender), which ordinary lines do not reach, and a shaped line's box
 * still grows to hold its ink. See docs/text.md. */
static void set_script_scale(ic_fonts *fonts)
{
    /* measured on the regular weights; bold takes the same, so a family's
     * weights stay the same size */
    const ic_face *latin = &fonts->faces[IC_FAMILY_INTER][IC_FONT_REGULAR];
    hb_position_t xh = 0;
    if (!hb_ot_metrics_get_position(latin->hb, HB_OT_METRICS_TAG_X_HEIGHT, &xh) || xh <= 0)
        return;
    for (int fam = IC_FAMILY_INTER + 1; fam < IC_FAMILY_COUNT; fam++) {
        const ic_face *reg = &fonts->faces[fam][IC_FONT_REGULAR];
        double tooth = reg->hb ? tooth_height(reg) : 0;
        if (tooth <= 0)
            continue;
        double scale = sqrt(xh / latin->upem / tooth);
        scale = scale < 1 ? 1 : scale > 1.25 ? 1.25 : scale;
        for (int st = 0; st < IC_FONT_COUNT; st++)
            if (fonts->faces[fam][st].hb)
                fonts->faces[fam][st].scale = scale;
    }
}

ic_fonts *ic_fonts_load(const char *dir, ic_error *err)
{
    /* HarfBuzz sets up its default language lazily, which is a data race
     * when the first shaping happens on several threads at once: do it here */
    (void)hb_language_get_default();
    static atomic_ulong last_id;
    ic_fonts *fonts = calloc(1, sizeof *fonts);
    if (!fonts) {
        ic_error_set(err, IC_ERR_NOMEM, NULL, 0, 0, "out of memory");
        return NULL;
    }
    fonts->id = atomic_fetch_add(&last_id, 1) + 1;
    for (int fam = 0; fam < IC_FAMILY_COUNT; fam++) {
        for (int i = 0; i < IC_FONT_COUNT; i++) {
            ic_face *f = &fonts->faces[fam][i];
            f->fonts = fonts;
            f->family = (ic_font_family)fam;
            f->style = (ic_font_style)i;
            if (!font_files[fam][i])
                continue; /* a theme's family: empty in the bundled set */
            char *path = ic_path_join(dir, font_files[fam][i]);
            if (!path)
                ic_error_set(err, IC_ERR_NOMEM, NULL, 0, 0, "out of memory");
            /* Inter is required; the Arabic-script families are optional (a
             * fonts directory with Inter only still sets Latin text; Arabic
             * text is then reported as missing glyphs), but a file that is
             * there must be usable */
            if (path && fam != IC_FAMILY_INTER && access(path, F_OK) != 0) {
                free(path);
                continue;
            }
            int rc = -1;
            if (path && access(path, R_OK) != 0)
                /* the directory was chosen by --fonts, INFOCHART_FONTS or
                 * where the program is: say how to choose another */
                ic_error_set(err, IC_ERR_FONT, path, 0, 0,
                             "cannot read font file (set the fonts directory with --fonts DIR or INFOCHART_FONTS)");
            else if (path)
                rc = face_open(f, path, err);
            free(path);
            if (rc != 0) {
                ic_fonts_free(fonts);
                return NULL;
            }
        }
    }
    set_script_scale(fonts);
    return fonts;
}

/* `dst` becomes `src` (when it is open) as family `fam`, style `style` of
 * `fonts`, holding its own references. Returns 0, or -1 when out of memory. */
static int share_face(ic_fonts *fonts, ic_font_family fam, ic_font_style style, const ic_face *src)
{
    ic_face *dst = &fonts->faces[fam][style];
    dst->fonts = fonts;
    dst->family = fam;
    dst->style = style;
    if (!src || !src->hb)
        return 0;
    char *path = ic_strdup(src->path);
    if (!path)
        return -1;
    *dst = *src;
    dst->path = path;
    dst->hb = hb_font_reference(src->hb);
    dst->blob = hb_blob_reference(src->blob);
    dst->fonts = fonts;
    dst->family = fam;
    dst->style = style;
    dst->scale = 1;
    dst->lang[0] = '\0';
    dst->rtl = 0;
    return 0;
}

ic_fonts *ic_fonts_themed(const ic_fonts *base, const ic_face *regular, const ic_face *bold,
                          const ic_face *const *fallbacks, size_t nfallbacks)
{
    static atomic_ulong last_themed_id;
    ic_fonts *fonts = calloc(1, sizeof *fonts);
    if (!fonts)
        return NULL;
    /* ids of themed sets count down from the top, so they never meet
     * ic_fonts_load's */
    fonts->id = ~0ul - atomic_fetch_add(&last_themed_id, 1);
    fonts->themed = 1;
    const ic_face *primary[IC_FONT_COUNT] = {regular, bold};
    int rc = 0;
    for (int st = 0; st < IC_FONT_COUNT; st++) {
        ic_font_style style = (ic_font_style)st;
        const ic_face *inter = &base->faces[IC_FAMILY_INTER][st];
        rc |= share_face(fonts, IC_FAMILY_INTER, style, primary[st] ? primary[st] : inter);
        rc |= share_face(fonts, IC_FAMILY_NASTALIQ, style, &base->faces[IC_FAMILY_NASTALIQ][st]);
        rc |= share_face(fonts, IC_FAMILY_NASKH, style, &base->faces[IC_FAMILY_NASKH][st]);
        for (size_t i = 0; i < IC_THEME_FALLBACKS_MAX; i++)
            rc |= share_face(fonts, (ic_font_family)(IC_FAMILY_EXTRA1 + i), style,
                             i < nfallbacks ? fallbacks[i] : NULL);
        rc |= share_face(fonts, IC_FAMILY_LATIN, style, primary[st] ? inter : NULL);
    }
    if (rc != 0) {
        ic_fonts_free(fonts);
        return NULL;
    }
    set_script_scale(fonts);
    return fonts;
}

void ic_fonts_free(ic_fonts *fonts)
{
    if (!fonts)
        return;
    for (int fam = 0; fam < IC_FAMILY_COUNT; fam++)
        for (int i = 0; i < IC_FONT_COUNT; i++)
            face_close(&fonts->faces[fam][i]);
    free(fonts);
}

const ic_face *ic_fonts_face(const ic_fonts *fonts, ic_font_style style)
{
    return &fonts->faces[IC_FAMILY_INTER][style];
}

const ic_face *ic_fonts_family_face(const ic_fonts *fonts, ic_font_family family, ic_font_style style)
{
    return &fonts->faces[family][style];
}

int ic_lang_is(const char *lang, const char *code)
{
    size_t n = strlen(code);
    if (!lang || strncasecmp(lang, code, n) != 0)
        return 0;
    return lang[n] == '\0' || lang[n] == '-' || lang[n] == '_';
}

int ic_lang_arabic_script(const char *lang)
{
    static const char *const arabic[] = {"ar", "ur", "fa", "ps", "sd", "ug", "ckb", "ks", "pnb", "skr", "bal"};
    if (!lang || !lang[0])
        return 0;
    for (size_t i = 0; i < sizeof arabic / sizeof *arabic; i++)
        if (ic_lang_is(lang, arabic[i]))
            return 1;
    return strstr(lang, "-Arab") != NULL || strstr(lang, "-arab") != NULL;
}

ic_face ic_fonts_text_face(const ic_fonts *fonts, ic_font_style style, const char *lang, int rtl)
{
    ic_face f = fonts->faces[IC_FAMILY_INTER][style];
    f.lang[0] = '\0';
    if (lang) {
        size_t n = strlen(lang);
        if (n >= sizeof f.lang)
            n = sizeof f.lang - 1;
        memcpy(f.lang, lang, n);
        f.lang[n] = '\0';
    }
    f.rtl = rtl ? 1 : 0;
    if (ic_lang_arabic_script(f.lang)) {
        const ic_face *a = &fonts->faces[ic_lang_is(f.lang, "ur") ? IC_FAMILY_NASTALIQ : IC_FAMILY_NASKH][style];
        if (!a->hb)
            return f;
        f.ascender = f.ascender > a->ascender ? f.ascender : a->ascender;
        f.descender = f.descender > a->descender ? f.descender : a->descender;
        f.line_gap = f.line_gap > a->line_gap ? f.line_gap : a->line_gap;
    }
    return f;
}
