/* Urdu, Arabic and mixed-direction text: the glyphs, their faces and their
 * visual order (checked against HarfBuzz run directly), the fallback chain,
 * missing glyphs, line metrics, wrapping and drawing. */
#include "check.h"
#include "scene/scene.h"
#include "text/shape.h"

#include <cairo.h>
#include <cairo-pdf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char pakistan[] = "پاکستان";          /* Pakistan (Urdu) */
static const char arabic[] = "اللغة العربية";      /* the Arabic language */
static const char mixed[] = "UNODC 2024 کی رپورٹ"; /* the UNODC 2024 report */

/* Glyph ids and clusters of `text` shaped by HarfBuzz alone, right to left. */
static unsigned ref_shape(const ic_face *f, const char *text, const char *lang, unsigned *glyphs, unsigned *clusters,
                          unsigned max)
{
    hb_buffer_t *buf = hb_buffer_create();
    hb_buffer_add_utf8(buf, text, -1, 0, -1);
    hb_buffer_set_direction(buf, HB_DIRECTION_RTL);
    hb_buffer_set_script(buf, HB_SCRIPT_ARABIC);
    hb_buffer_set_language(buf, hb_language_from_string(lang, -1));
    hb_shape(f->hb, buf, NULL, 0);
    unsigned n = 0;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
    for (unsigned i = 0; i < n && i < max; i++) {
        glyphs[i] = info[i].codepoint;
        clusters[i] = info[i].cluster;
    }
    hb_buffer_destroy(buf);
    return n;
}

/* x of the first glyph coming from byte `cluster`, or -1e9 */
static double x_of(const ic_shaped *s, unsigned cluster)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->cluster[i] == cluster)
            return s->x[i];
    return -1e9;
}

static const ic_face *face_of(const ic_shaped *s, unsigned cluster)
{
    for (size_t r = 0; r < s->nruns; r++)
        for (size_t i = s->runs[r].start; i < s->runs[r].start + s->runs[r].n; i++)
            if (s->cluster[i] == cluster)
                return s->runs[r].face;
    return NULL;
}

static int has_notdef(const ic_shaped *s)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->glyphs[i] == 0)
            return 1;
    return 0;
}

/* runs tile the glyphs, in order */
static int runs_tile(const ic_shaped *s)
{
    size_t at = 0;
    for (size_t r = 0; r < s->nruns; r++) {
        if (s->runs[r].start != at)
            return 0;
        at += s->runs[r].n;
    }
    return at == s->n;
}

static void test_urdu_word(const ic_fonts *fonts)
{
    const ic_face *nastaliq = ic_fonts_family_face(fonts, IC_FAMILY_NASTALIQ, IC_FONT_REGULAR);
    const ic_face *naskh = ic_fonts_family_face(fonts, IC_FAMILY_NASKH, IC_FONT_REGULAR);
    CHECK(nastaliq->hb != NULL && naskh->hb != NULL);
    ic_face ur = ic_fonts_text_face(fonts, IC_FONT_REGULAR, "ur", 1);
    ic_shaped s;
    CHECK(ic_shape(&ur, pakistan, strlen(pakistan), 40, &s) == 0);
    unsigned g[64], cl[64];
    unsigned n = ref_shape(nastaliq, pakistan, "ur", g, cl, 64);
    CHECK(n > 0 && s.n == n);
    CHECK(s.nruns == 1 && s.runs[0].face == nastaliq && s.runs[0].rtl == 1 && s.rtl == 1);
    CHECK(runs_tile(&s));
    int same = s.n == n;
    for (size_t i = 0; same && i < n; i++)
        same = s.glyphs[i] == g[i] && s.cluster[i] == cl[i];
    CHECK(same);
    /* the first glyph on the left is the last letter (ن, its final form) */
    CHECK(s.cluster[0] == strlen(pakistan) - strlen("ن"));
    CHECK(s.cluster[s.n - 1] == 0);
    /* the glyphs are Nastaliq's, not Naskh's */
    unsigned g2[64], cl2[64];
    unsigned n2 = ref_shape(naskh, pakistan, "ur", g2, cl2, 64);
    int differs = n2 != n;
    for (unsigned i = 0; !differs && i < n; i++)
        differs = g2[i] != g[i];
    CHECK(differs);
    /* the final ن is not its isolated form: the word is joined */
    hb_codepoint_t isolated = 0;
    CHECK(hb_font_get_nominal_glyph(nastaliq->hb, 0x0646, &isolated));
    CHECK(s.glyphs[0] != isolated);
    CHECK(!has_notdef(&s) && s.nmissing == 0);
    CHECK(s.width > 0 && s.width == ic_text_width(&ur, pakistan, strlen(pakistan), 40));
    ic_shaped_free(&s);
}

static void test_arabic_phrase(const ic_fonts *fonts)
{
    const ic_face *naskh = ic_fonts_family_face(fonts, IC_FAMILY_NASKH, IC_FONT_BOLD);
    unsigned g[64], cl[64];
    unsigned n = ref_shape(naskh, arabic, "ar", g, cl, 64);
    /* with lang "ar", and with no language at all: Naskh, one RTL run */
    ic_face ar = ic_fonts_text_face(fonts, IC_FONT_BOLD, "ar", 0);
    const ic_face *faces[2] = {&ar, ic_fonts_face(fonts, IC_FONT_BOLD)};
    for (int k = 0; k < 2; k++) {
        ic_shaped s;
        CHECK(ic_shape(faces[k], arabic, strlen(arabic), 30, &s) == 0);
        CHECK(s.rtl == 1); /* found from the text */
        CHECK(s.nruns == 1 && s.runs[0].face == naskh && s.runs[0].rtl);
        CHECK(s.n == n);
        int same = s.n == n;
        for (size_t i = 0; same && i < n; i++)
            same = s.glyphs[i] == g[i];
        CHECK(same);
        /* the second word (العربية) is on the left */
        unsigned second = (unsigned)(strchr(arabic, ' ') - arabic) + 1;
        CHECK(x_of(&s, second) < x_of(&s, 0));
        ic_shaped_free(&s);
    }
}

static void test_mixed(const ic_fonts *fonts)
{
    const ic_face *inter = ic_fonts_face(fonts, IC_FONT_REGULAR);
    const ic_face *nastaliq = ic_fonts_family_face(fonts, IC_FAMILY_NASTALIQ, IC_FONT_REGULAR);
    unsigned urdu = (unsigned)strlen("UNODC 2024 "), ki = urdu, report = urdu + (unsigned)strlen("کی ");
    for (int rtl = 1; rtl >= 0; rtl--) {
        ic_face ur = ic_fonts_text_face(fonts, IC_FONT_REGULAR, "ur", rtl);
        ic_shaped s;
        CHECK(ic_shape(&ur, mixed, strlen(mixed), 40, &s) == 0);
        CHECK(s.rtl == rtl); /* auto: the first strong letter is Latin */
        CHECK(runs_tile(&s) && !has_notdef(&s) && s.nmissing == 0);
        CHECK(face_of(&s, 0) == inter && face_of(&s, 6) == inter);     /* U, 2 */
        CHECK(face_of(&s, ki) == nastaliq && face_of(&s, report) == nastaliq);
        /* digits and letters keep their left-to-right order inside */
        CHECK(x_of(&s, 0) < x_of(&s, 1) && x_of(&s, 4) < x_of(&s, 6));
        CHECK(x_of(&s, 6) < x_of(&s, 7) && x_of(&s, 7) < x_of(&s, 8) && x_of(&s, 8) < x_of(&s, 9));
        /* the Urdu words read right to left: کی is right of رپورٹ */
        CHECK(x_of(&s, ki) > x_of(&s, report));
        double latin_min = 1e9, latin_max = -1e9, urdu_min = 1e9, urdu_max = -1e9;
        for (size_t i = 0; i < s.n; i++) {
            if (s.cluster[i] < 10) {
                latin_min = s.x[i] < latin_min ? s.x[i] : latin_min;
                latin_max = s.x[i] > latin_max ? s.x[i] : latin_max;
            } else if (s.cluster[i] >= urdu) {
                urdu_min = s.x[i] < urdu_min ? s.x[i] : urdu_min;
                urdu_max = s.x[i] > urdu_max ? s.x[i] : urdu_max;
            }
        }
        if (rtl) /* right to left: "UNODC 2024" is on the right of the Urdu */
            CHECK(latin_min > urdu_max);
        else /* left to right: on the left */
            CHECK(latin_max < urdu_min);
        /* the Latin run is shaped left to right, the Urdu one right to left */
        for (size_t r = 0; r < s.nruns; r++) {
            if (s.runs[r].face == nastaliq)
                CHECK(s.runs[r].rtl);
            if (s.runs[r].byte_start == 0)
                CHECK(!s.runs[r].rtl && s.runs[r].byte_len == (rtl ? 10u : 11u));
        }
        CHECK(s.runs[rtl ? s.nruns - 1 : 0].face == inter);
        ic_shaped_free(&s);
    }
}

/* A number or a Latin label (no right-to-left character) is set left to
 * right in a right-to-left scene too. */
static void test_numbers(const ic_fonts *fonts)
{
    ic_face rtl = ic_fonts_text_face(fonts, IC_FONT_REGULAR, "ur", 1);
    ic_face ltr = ic_fonts_text_face(fonts, IC_FONT_REGULAR, "ur", 0);
    const char *nums[] = {"+20%", "(3.3)", "2004–2022", "-1.5", "+7 pts since 2016", "Source: UNODC (2024)"};
    for (size_t k = 0; k < sizeof nums / sizeof *nums; k++) {
        ic_shaped a, b;
        CHECK(ic_shape(&rtl, nums[k], strlen(nums[k]), 20, &a) == 0);
        CHECK(ic_shape(&ltr, nums[k], strlen(nums[k]), 20, &b) == 0);
        int same = a.n == b.n && a.width == b.width && a.rtl == 0 && a.nruns == 1 && !a.runs[0].rtl;
        for (size_t i = 0; same && i < a.n; i++)
            same = a.glyphs[i] == b.glyphs[i] && a.x[i] == b.x[i];
        CHECK(same);
        CHECK(a.n > 0 && a.cluster[0] == 0); /* the sign or bracket stays first, on the left */
        ic_shaped_free(&a);
        ic_shaped_free(&b);
    }
    /* with a letter, the paragraph direction holds: "38% بچے" starts on the right */
    const char *t = "38% بچے";
    ic_shaped s;
    CHECK(ic_shape(&rtl, t, strlen(t), 20, &s) == 0);
    CHECK(s.rtl == 1 && x_of(&s, 0) > x_of(&s, 4));
    ic_shaped_free(&s);
}

static void test_fallback(const ic_fonts *fonts)
{
    const ic_face *inter = ic_fonts_face(fonts, IC_FONT_REGULAR);
    const ic_face *nastaliq = ic_fonts_family_face(fonts, IC_FAMILY_NASTALIQ, IC_FONT_REGULAR);
    const ic_face *naskh = ic_fonts_family_face(fonts, IC_FAMILY_NASKH, IC_FONT_REGULAR);
    /* a Latin label with an Urdu word: Inter, then the Arabic-script face of
     * the language (Naskh when unknown) */
    const char *label = "Children in پاکستان";
    unsigned word = (unsigned)strlen("Children in ");
    ic_face en = ic_fonts_text_face(fonts, IC_FONT_REGULAR, "en", 0);
    ic_face ur = ic_fonts_text_face(fonts, IC_FONT_REGULAR, "ur", 0);
    const ic_face *want[3] = {naskh, naskh, nastaliq};
    const ic_face *with[3] = {inter, &en, &ur};
    for (int k = 0; k < 3; k++) {
        ic_shaped s;
        CHECK(ic_shape(with[k], label, strlen(label), 20, &s) == 0);
        CHECK(s.rtl == 0 && s.nmissing == 0 && !has_notdef(&s) && runs_tile(&s));
        CHECK(face_of(&s, 0) == inter && face_of(&s, word) == want[k]);
        CHECK(s.nruns == 2 && s.runs[0].face == inter && !s.runs[0].rtl && s.runs[1].rtl);
        CHECK(x_of(&s, word) > x_of(&s, 0));
        ic_shaped_free(&s);
    }
    /* an Urdu title with Latin numbers: the digits are Inter's */
    const char *title = "2024 میں 3.3 ملین";
    ic_face urr = ic_fonts_text_face(fonts, IC_FONT_BOLD, "ur", 1);
    const ic_face *inter_b = ic_fonts_face(fonts, IC_FONT_BOLD);
    const ic_face *nastaliq_b = ic_fonts_family_face(fonts, IC_FAMILY_NASTALIQ, IC_FONT_BOLD);
    ic_shaped s;
    CHECK(ic_shape(&urr, title, strlen(title), 20, &s) == 0);
    unsigned three = (unsigned)(strstr(title, "3.3") - title), mein = (unsigned)strlen("2024 ");
    CHECK(face_of(&s, 0) == inter_b && face_of(&s, three) == inter_b && face_of(&s, three + 2) == inter_b);
    CHECK(face_of(&s, mein) == nastaliq_b);
    CHECK(x_of(&s, three) < x_of(&s, three + 1) && x_of(&s, three + 1) < x_of(&s, three + 2));
    CHECK(x_of(&s, 0) > x_of(&s, three)); /* 2024 comes first, on the right */
    CHECK(s.nmissing == 0 && !has_notdef(&s));
    ic_shaped_free(&s);
    /* an Arabic comma between Latin digits: the Urdu face's comma */
    const char *years = "ماخذ: 2018، 2020";
    CHECK(ic_shape(&urr, years, strlen(years), 20, &s) == 0);
    CHECK(face_of(&s, (unsigned)(strstr(years, "،") - years)) == nastaliq_b);
    ic_shaped_free(&s);
    /* Eastern Arabic-Indic digits come from an Arabic-script face */
    CHECK(ic_shape(&urr, "۲۰۲۴", strlen("۲۰۲۴"), 20, &s) == 0);
    CHECK(s.nruns == 1 && s.runs[0].face == nastaliq_b && s.nmissing == 0 && !has_notdef(&s));
    ic_shaped_free(&s);
}

static void test_missing(const ic_fonts *fonts)
{
    ic_shaped s;
    const char *text = "Label 中 😀";
    CHECK(ic_shape(ic_fonts_face(fonts, IC_FONT_REGULAR), text, strlen(text), 20, &s) == 0);
    CHECK(s.nmissing == 2 && s.missing[0] == 0x4E2D && s.missing[1] == 0x1F600);
    CHECK(!has_notdef(&s)); /* never drawn as empty boxes */
    CHECK(s.n == 7);        /* "Label" and the two spaces (spaces are glyphs too) */
    ic_shaped_free(&s);

    ic_scene *sc = ic_scene_new(1000, 1000, fonts);
    CHECK(sc != NULL);
    if (!sc)
        return;
    CHECK(sc->lang[0] == '\0' && sc->rtl == 0 && sc->missing_glyphs_error == 0);
    ic_color black = {0, 0, 0, 1};
    ic_mark *m = ic_scene_text(sc, IC_ROLE_TITLE, "Title 中", IC_FONT_BOLD, 30, 10, 50, black);
    CHECK(m != NULL);
    CHECK(ic_scene_warning_count(sc) == 1);
    const char *w = ic_scene_warning(sc, 0, NULL, NULL);
    CHECK(w && strstr(w, "U+4E2D") && strstr(w, "中") && strstr(w, "Title 中"));
    /* the same text again: no second warning */
    CHECK(ic_scene_text(sc, IC_ROLE_TITLE, "Title 中", IC_FONT_BOLD, 30, 10, 150, black) != NULL);
    CHECK(ic_scene_warning_count(sc) == 1);
    /* as an error */
    sc->missing_glyphs_error = 1;
    size_t before = sc->n;
    CHECK(ic_scene_text(sc, IC_ROLE_NOTE, "smile 😀", IC_FONT_REGULAR, 20, 10, 300, black) == NULL);
    CHECK(sc->n == before);
    CHECK(strstr(sc->missing_glyph_error, "U+1F600") != NULL);
    CHECK(ic_scene_text(sc, IC_ROLE_NOTE, "fine", IC_FONT_REGULAR, 20, 10, 300, black) != NULL);
    CHECK(sc->missing_glyph_error[0] == '\0');
    ic_scene_free(sc);
}

static void test_metrics(const ic_fonts *fonts)
{
    const ic_face *inter = ic_fonts_face(fonts, IC_FONT_REGULAR);
    const ic_face *nastaliq = ic_fonts_family_face(fonts, IC_FAMILY_NASTALIQ, IC_FONT_REGULAR);
    ic_face ur = ic_fonts_text_face(fonts, IC_FONT_REGULAR, "ur", 1);
    ic_shaped u, l;
    CHECK(ic_shape(&ur, pakistan, strlen(pakistan), 40, &u) == 0);
    CHECK(ic_shape(inter, "Pakistan", 8, 40, &l) == 0);
    /* the Nastaliq line box is taller, and holds the ink */
    CHECK(u.ascent + u.descent > l.ascent + l.descent + 10);
    CHECK(u.ascent >= nastaliq->ascender * 40 - 1e-9 && u.descent >= nastaliq->descender * 40 - 1e-9);
    CHECK(-u.ink_y0 <= u.ascent && u.ink_y1 <= u.descent && u.ink_y1 > u.ink_y0);
    CHECK(-l.ink_y0 <= l.ascent && l.ink_y1 <= l.descent);
    /* Inter alone: Inter's metrics (Latin boxes are as before) */
    CHECK_NEAR(l.ascent, inter->ascender * 40, 1e-9);
    CHECK_NEAR(l.descent, inter->descender * 40, 1e-9);
    /* the Urdu text face has room for Nastaliq, the default one is Inter's */
    CHECK(ur.ascender >= nastaliq->ascender && ur.descender >= nastaliq->descender);
    ic_face en = ic_fonts_text_face(fonts, IC_FONT_REGULAR, "", 0);
    CHECK(en.ascender == inter->ascender && en.descender == inter->descender);
    ic_shaped_free(&u);
    ic_shaped_free(&l);

    /* scene boxes: from the real metrics, the scene's language and direction */
    ic_scene *sc = ic_scene_new(800, 600, fonts);
    if (!sc)
        return;
    strcpy(sc->lang, "ur");
    sc->rtl = 1;
    ic_color black = {0, 0, 0, 1};
    ic_mark *a = ic_scene_text(sc, IC_ROLE_TITLE, mixed, IC_FONT_REGULAR, 40, 20, 200, black);
    ic_mark *b = ic_scene_text(sc, IC_ROLE_NOTE, "Pakistan", IC_FONT_REGULAR, 40, 20, 400, black);
    CHECK(a && b);
    if (a && b) {
        CHECK(a->h > b->h);
        CHECK(a->y <= a->by + a->shaped.ink_y0 && a->y + a->h >= a->by + a->shaped.ink_y1);
        CHECK(a->w == ic_scene_text_width(sc, mixed, IC_FONT_REGULAR, 40));
        CHECK(a->shaped.rtl == 1);
        double asc = 0, desc = 0;
        ic_scene_text_extents(sc, mixed, IC_FONT_REGULAR, 40, &asc, &desc);
        CHECK_NEAR(asc + desc, a->h, 1e-9);
        const ic_face *f = ic_scene_face(sc, IC_FONT_REGULAR);
        CHECK(f->rtl == 1 && strcmp(f->lang, "ur") == 0);
        CHECK(ic_text_width(f, mixed, strlen(mixed), 40) == a->w);
        CHECK(f->ascender * 40 >= a->by - a->y - 1e-9);
    }
    ic_scene_free(sc);
}

static void test_wrap(const ic_fonts *fonts)
{
    const char *title = "2004 کے بعد سے شناخت شدہ متاثرین میں بچوں کا حصہ تقریباً تین گنا ہو گیا ہے";
    ic_face ur = ic_fonts_text_face(fonts, IC_FONT_BOLD, "ur", 1);
    double size = 40, max = 420;
    char **lines = NULL;
    size_t n = ic_wrap(&ur, title, size, max, &lines);
    CHECK(n >= 3);
    char joined[1024] = "";
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(lines[i]);
        CHECK(len > 0 && lines[i][0] != ' ' && lines[i][len - 1] != ' ');
        double w = ic_text_width(&ur, lines[i], len, size);
        CHECK(w <= max || strchr(lines[i], ' ') == NULL);
        if (i)
            strcat(joined, " ");
        strcat(joined, lines[i]);
        /* greedy: the next word would not have fitted */
        if (i + 1 < n) {
            char probe[512];
            const char *sp = strchr(lines[i + 1], ' ');
            size_t wl = sp ? (size_t)(sp - lines[i + 1]) : strlen(lines[i + 1]);
            snprintf(probe, sizeof probe, "%s %.*s", lines[i], (int)wl, lines[i + 1]);
            CHECK(ic_text_width(&ur, probe, strlen(probe), size) > max);
        }
    }
    CHECK_STR(joined, title); /* words whole, nothing lost, breaks only at spaces */
    ic_lines_free(lines, n);
    /* measured in Nastaliq: wider than the same text measured in Naskh */
    ic_face ar = ic_fonts_text_face(fonts, IC_FONT_BOLD, "ar", 1);
    CHECK(ic_text_width(&ur, title, strlen(title), size) != ic_text_width(&ar, title, strlen(title), size));
    /* balanced: the same number of lines, none wider than asked */
    n = ic_wrap_balanced(&ur, title, size, max, &lines);
    CHECK(n >= 3);
    for (size_t i = 0; i < n; i++)
        CHECK(ic_text_width(&ur, lines[i], strlen(lines[i]), size) <= max);
    ic_lines_free(lines, n);
    /* an Arabic phrase and a zero-width space are break points too */
    n = ic_wrap(&ar, "اللغة\xE2\x80\x8B" "العربية", 30, 60, &lines);
    CHECK(n == 2);
    ic_lines_free(lines, n);
}

/* Every face of a mixed line is drawn: ink on both halves of the image. */
static void test_draw(const ic_fonts *fonts)
{
    ic_scene *sc = ic_scene_new(600, 120, fonts);
    if (!sc)
        return;
    strcpy(sc->lang, "ur");
    sc->rtl = 1;
    ic_color black = {0, 0, 0, 1};
    ic_mark *m = ic_scene_text(sc, IC_ROLE_TITLE, mixed, IC_FONT_BOLD, 40, 20, 70, black);
    CHECK(m != NULL);
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 600, 120);
    cairo_t *cr = cairo_create(img);
    ic_error err = {0};
    CHECK(ic_scene_render_cairo(sc, cr, &err) == 0);
    cairo_surface_flush(img);
    unsigned char *px = cairo_image_surface_get_data(img);
    int stride = cairo_image_surface_get_stride(img);
    double mid = m ? m->x + m->w / 2 : 300;
    long left = 0, right = 0;
    for (int y = 0; y < 120; y++)
        for (int x = 0; x < 600; x++)
            if (px[y * stride + x * 4 + 3] > 0) {
                if (x < mid)
                    left++;
                else
                    right++;
            }
    CHECK(left > 100 && right > 100);
    cairo_destroy(cr);
    cairo_surface_destroy(img);
    /* PDF: several runs go out as plain glyphs, without error */
    cairo_surface_t *pdf = cairo_pdf_surface_create_for_stream(NULL, NULL, 600, 120);
    cr = cairo_create(pdf);
    CHECK(ic_scene_render_cairo(sc, cr, &err) == 0);
    cairo_destroy(cr);
    cairo_surface_finish(pdf);
    CHECK(cairo_surface_status(pdf) == CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(pdf);
    ic_scene_free(sc);
}

/* A fonts directory with Inter only still works: Arabic script is then
 * reported missing, never drawn as boxes. */
static void test_inter_only(void)
{
    char dir[] = "/tmp/ic-fonts-XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(0);
        return;
    }
    const char *files[] = {"Inter-Regular.otf", "Inter-Bold.otf"};
    char src[512], dst[512];
    for (int i = 0; i < 2; i++) {
        snprintf(src, sizeof src, "%s/fonts/%s", IC_SOURCE_DIR, files[i]);
        snprintf(dst, sizeof dst, "%s/%s", dir, files[i]);
        CHECK(symlink(src, dst) == 0);
    }
    ic_error err = {0};
    ic_fonts *fonts = ic_fonts_load(dir, &err);
    CHECK(fonts != NULL);
    if (fonts) {
        CHECK(ic_fonts_family_face(fonts, IC_FAMILY_NASTALIQ, IC_FONT_REGULAR)->hb == NULL);
        ic_face ur = ic_fonts_text_face(fonts, IC_FONT_REGULAR, "ur", 1);
        CHECK(ur.ascender == ic_fonts_face(fonts, IC_FONT_REGULAR)->ascender);
        ic_shaped s;
        CHECK(ic_shape(&ur, mixed, strlen(mixed), 20, &s) == 0);
        CHECK(s.nmissing > 0 && s.missing[0] == 0x06A9 && !has_notdef(&s));
        ic_shaped_free(&s);
        ic_fonts_free(fonts);
    }
    for (int i = 0; i < 2; i++) {
        snprintf(dst, sizeof dst, "%s/%s", dir, files[i]);
        unlink(dst);
    }
    rmdir(dir);
}

int main(void)
{
    ic_error err = {0};
    ic_fonts *fonts = ic_fonts_load(IC_SOURCE_DIR "/fonts", &err);
    CHECK(fonts != NULL);
    if (!fonts)
        return CHECK_DONE();
    test_urdu_word(fonts);
    test_arabic_phrase(fonts);
    test_mixed(fonts);
    test_numbers(fonts);
    test_fallback(fonts);
    test_missing(fonts);
    test_metrics(fonts);
    test_wrap(fonts);
    test_draw(fonts);
    ic_fonts_free(fonts);
    test_inter_only();
    return CHECK_DONE();
}
