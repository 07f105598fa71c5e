/* Shaping, measuring and wrapping with the bundled fonts. */
#include "check.h"
#include "text/shape.h"
#include "scene/scene.h"

#include <stdlib.h>
#include <string.h>

int main(void)
{
    ic_error err = {0};
    ic_fonts *fonts = ic_fonts_load(IC_SOURCE_DIR "/fonts", &err);
    CHECK(fonts != NULL);
    if (!fonts)
        return CHECK_DONE();
    const ic_face *reg = ic_fonts_face(fonts, IC_FONT_REGULAR);
    const ic_face *bold = ic_fonts_face(fonts, IC_FONT_BOLD);

    /* widths scale linearly with size; bold is wider than regular */
    double w10 = ic_text_width(reg, "Children", 8, 10), w20 = ic_text_width(reg, "Children", 8, 20);
    CHECK(w10 > 30 && w10 < 60);
    CHECK_NEAR(w20, 2 * w10, 1e-9);
    CHECK(ic_text_width(bold, "Children", 8, 10) > w10);

    /* Arabic script is set larger than Latin at the same size (font.c): the
     * body of its letters (the tooth of U+066E) half way, geometrically, to
     * Inter's x-height; Inter itself is not scaled */
    for (int st = 0; st < IC_FONT_COUNT; st++) {
        const ic_face *latin = ic_fonts_family_face(fonts, IC_FAMILY_INTER, (ic_font_style)st);
        CHECK(latin->scale == 1);
        for (int fam = IC_FAMILY_NASTALIQ; fam <= IC_FAMILY_NASKH; fam++) {
            const ic_face *ar = ic_fonts_family_face(fonts, (ic_font_family)fam, (ic_font_style)st);
            CHECK(ar->scale > 1.1 && ar->scale < 1.2);
            /* advances follow the scale: a word shaped at size 10 is the
             * unscaled advance sum times the scale */
            hb_buffer_t *hb = hb_buffer_create();
            hb_buffer_add_utf8(hb, "\xD8\xA8\xDA\x86\xDB\x92", -1, 0, -1); /* بچے */
            hb_buffer_guess_segment_properties(hb);
            hb_shape(ar->hb, hb, NULL, 0);
            unsigned n = 0;
            hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(hb, &n);
            double units = 0;
            for (unsigned i = 0; i < n; i++)
                units += pos[i].x_advance;
            hb_buffer_destroy(hb);
            CHECK_NEAR(ic_text_width(ar, "\xD8\xA8\xDA\x86\xDB\x92", 6, 10), units * 10 / ar->upem * ar->scale, 1e-6);
        }
    }

    /* kerning: "AV" is narrower than "A" + "V" shaped apart */
    double av = ic_text_width(reg, "AV", 2, 100);
    double a = ic_text_width(reg, "A", 1, 100), v = ic_text_width(reg, "V", 1, 100);
    CHECK(av < a + v - 1);

    /* shaping gives one glyph per Latin letter, advancing left to right */
    ic_shaped s;
    CHECK(ic_shape(reg, "38%", 3, 24, &s) == 0);
    CHECK(s.n == 3);
    CHECK(s.x[0] == 0 && s.x[1] > 0 && s.x[2] > s.x[1]);
    CHECK_NEAR(s.width, ic_text_width(reg, "38%", 3, 24), 1e-9);
    ic_shaped_free(&s);

    /* wrapping: every line fits, words are kept whole, nothing is lost */
    const char *title = "The share of children among detected victims has almost tripled since 2004";
    char **lines = NULL;
    size_t n = ic_wrap(bold, title, 46, 600, &lines);
    CHECK(n >= 2);
    char joined[512] = "";
    for (size_t i = 0; i < n; i++) {
        CHECK(ic_text_width(bold, lines[i], strlen(lines[i]), 46) <= 600);
        CHECK(lines[i][0] != ' ' && lines[i][strlen(lines[i]) - 1] != ' ');
        if (i)
            strcat(joined, " ");
        strcat(joined, lines[i]);
    }
    CHECK_STR(joined, title);
    /* the greedy wrap fills lines: the next word would not have fitted */
    size_t first_len = strlen(lines[0]);
    const char *next_word_end = strchr(title + first_len + 1, ' ');
    CHECK(ic_text_width(bold, title, (size_t)(next_word_end - title), 46) > 600);
    ic_lines_free(lines, n);

    /* a word is measured without its trailing space from the same shaping
     * as with it: a line exactly as wide as two words holds both, a hair
     * narrower does not */
    double two = ic_text_width(reg, "Detected victims", 16, 30);
    n = ic_wrap(reg, "Detected victims rose", 30, two, &lines);
    CHECK(n == 2 && strcmp(lines[0], "Detected victims") == 0);
    ic_lines_free(lines, n);
    n = ic_wrap(reg, "Detected victims rose", 30, two - 0.01, &lines);
    CHECK(n >= 2 && strcmp(lines[0], "Detected") == 0);
    ic_lines_free(lines, n);

    /* a forced break, and a break after a slash inside a long word */
    n = ic_wrap(reg, "one\ntwo", 20, 1000, &lines);
    CHECK(n == 2);
    CHECK_STR(lines[1], "two");
    ic_lines_free(lines, n);
    n = ic_wrap(reg, "psychological/physical/sexual", 25, 200, &lines);
    CHECK(n >= 2);
    CHECK_STR(lines[0], "psychological/");
    ic_lines_free(lines, n);

    /* the primary faces set other scripts through the fallback chain: an
     * Urdu word in a Latin label is measured in an Arabic-script face */
    const char *label = "Children in پاکستان";
    CHECK(ic_shape(reg, label, strlen(label), 20, &s) == 0);
    CHECK(s.nmissing == 0 && s.nruns == 2 && s.runs[0].face == reg && s.runs[1].face != reg);
    for (size_t i = 0; i < s.n; i++)
        CHECK(s.glyphs[i] != 0);
    CHECK_NEAR(s.width, ic_text_width(reg, label, strlen(label), 20), 1e-9);
    ic_shaped_free(&s);

    /* measured again (from this thread's width cache): the very same
     * double, at any size; the cache tells styles, languages, directions
     * and font sets apart */
    const char *word = "Trafficking";
    for (int size = 7; size < 60; size += 13) {
        ic_shaped fresh;
        CHECK(ic_shape(reg, word, strlen(word), size, &fresh) == 0);
        double first = ic_text_width(reg, word, strlen(word), size);
        CHECK(first == ic_text_width(reg, word, strlen(word), size));
        CHECK(first == fresh.width);
        ic_shaped_free(&fresh);
    }
    CHECK(ic_text_width(bold, word, strlen(word), 10) > ic_text_width(reg, word, strlen(word), 10));
    /* the same Arabic-script word in Arabic (Naskh) and in Urdu (Nastaliq),
     * then left to right */
    ic_face ar = ic_fonts_text_face(fonts, IC_FONT_REGULAR, "ar", 1);
    ic_face ur = ic_fonts_text_face(fonts, IC_FONT_REGULAR, "ur", 1);
    ic_face ur_ltr = ic_fonts_text_face(fonts, IC_FONT_REGULAR, "ur", 0);
    const char *mixed = "\xd8\xb1\xd9\xbe\xd9\x88\xd8\xb1\xd9\xb9 2024"; /* an Urdu word, 2024 */
    double in_arabic = ic_text_width(&ar, mixed, strlen(mixed), 20);
    ic_shaped urs;
    CHECK(ic_shape(&ur, mixed, strlen(mixed), 20, &urs) == 0);
    CHECK(ic_text_width(&ur, mixed, strlen(mixed), 20) == urs.width);
    CHECK(in_arabic != urs.width); /* not the cached Arabic width */
    ic_shaped_free(&urs);
    CHECK(ic_shape(&ur_ltr, mixed, strlen(mixed), 20, &urs) == 0);
    CHECK(ic_text_width(&ur_ltr, mixed, strlen(mixed), 20) == urs.width);
    ic_shaped_free(&urs);
    ic_fonts *again = ic_fonts_load(IC_SOURCE_DIR "/fonts", &err);
    CHECK(again && again->id != fonts->id);
    if (again)
        CHECK(ic_text_width(ic_fonts_face(again, IC_FONT_REGULAR), word, strlen(word), 10) ==
              ic_text_width(reg, word, strlen(word), 10));
    ic_fonts_free(again);

    /* a scene shapes a text once for measuring and adding it; a change of
     * language in between shapes it again */
    ic_scene *sc = ic_scene_new(400, 300, fonts);
    CHECK(sc != NULL);
    if (sc) {
        double asc = 0, desc = 0;
        ic_scene_text_extents(sc, mixed, IC_FONT_REGULAR, 20, &asc, &desc);
        ic_mark *m1 = ic_scene_text(sc, IC_ROLE_TITLE, mixed, IC_FONT_REGULAR, 20, 0, 50, (ic_color){0, 0, 0, 1});
        CHECK(m1 && m1->shaped.ascent == asc && m1->shaped.descent == desc);
        snprintf(sc->lang, sizeof sc->lang, "ur");
        sc->rtl = 1;
        ic_mark *m2 = ic_scene_text(sc, IC_ROLE_TITLE, mixed, IC_FONT_REGULAR, 20, 0, 90, (ic_color){0, 0, 0, 1});
        ic_shaped direct;
        CHECK(ic_shape(&ur, mixed, strlen(mixed), 20, &direct) == 0);
        m1 = &sc->marks[sc->n - 2];
        CHECK(m1 && m2 && m2->shaped.n == direct.n && m2->shaped.width == direct.width);
        CHECK(m2 && m2->shaped.width != m1->shaped.width);
        CHECK(m2 && direct.n && memcmp(m2->shaped.glyphs, direct.glyphs, direct.n * sizeof *direct.glyphs) == 0);
        ic_shaped_free(&direct);
        /* measured through the scene, then added: the same width either way,
         * and known to the width cache once shaped */
        const char *label = "Forced criminality";
        double known = 0;
        ic_face ur_face = ic_fonts_text_face(fonts, IC_FONT_BOLD, "ur", 1);
        CHECK(ic_text_width_known(&ur_face, label, strlen(label), 17, &known) == 0);
        double sw = ic_scene_text_width(sc, label, IC_FONT_BOLD, 17);
        CHECK(ic_text_width_known(&ur_face, label, strlen(label), 17, &known) == 1 && known == sw);
        ic_mark *m3 = ic_scene_text(sc, IC_ROLE_TITLE, label, IC_FONT_BOLD, 17, 0, 130, (ic_color){0, 0, 0, 1});
        CHECK(m3 && m3->shaped.width == sw && sw == ic_text_width(&ur_face, label, strlen(label), 17));
        ic_scene_free(sc);
    }

    /* a missing font directory is a clear error */
    ic_error ferr = {0};
    CHECK(ic_fonts_load("/nonexistent-fonts", &ferr) == NULL);
    CHECK(ferr.code == IC_ERR_FONT);
    CHECK(strstr(ferr.file, "/nonexistent-fonts/Inter-Regular.otf") != NULL);

    ic_fonts_free(fonts);
    return CHECK_DONE();
}
