/* SVG with real text (docs/svg.md):
 * - "svg_text": "paths" draws the outline writer's output byte for byte (a
 *   fixed scene against the file the writer made before real text);
 * - the default has one <text> per line with the line as its text, the root
 *   role="img", aria-labelledby its <title> and <desc> (ids unique to the
 *   chart) and xml:lang; right-to-left runs carry direction and xml:lang;
 * - each embedded font is a subset (few glyphs) whose cmap has every
 *   character set in it, keeps the copyright name, and shaped by HarfBuzz (as
 *   a browser does) advances each run exactly as our layout did;
 * - Noto Nastaliq Urdu, whose subsets would be too large, is drawn as
 *   outlines under invisible text of the run's width;
 * - every example, light and dark, is at most 1.5x its outline SVG;
 * - the spec key is read and checked. */
#include "check.h"
#include "xml_check.h"
#include "chart_fixture.h"
#include "svg_ref_scene.h"
#include "charts/chart.h"
#include "core/util.h"
#include "output/svg_fonts.h"
#include "output/write.h"

#include <dirent.h>
#include <hb-ot.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SIZE_RATIO 1.5

static char *svg_of(ic_scene *s, int paths, size_t *len)
{
    s->svg_text_paths = paths;
    char *text = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&text, &n);
    if (!f)
        return NULL;
    ic_error err = {0};
    int rc = ic_write_svg_to(s, f, "test.svg", &err);
    fclose(f);
    if (rc != 0) {
        fprintf(stderr, "SVG failed: %s\n", err.message);
        free(text);
        return NULL;
    }
    size_t at = 0;
    const char *why = xml_well_formed(text, n, &at);
    CHECK(why == NULL);
    if (why)
        fprintf(stderr, "SVG is not well-formed XML at byte %zu: %s\n", at, why);
    if (len)
        *len = n;
    return text;
}

static int count(const char *s, const char *what)
{
    int n = 0;
    for (const char *p = s; (p = strstr(p, what)) != NULL; p += strlen(what))
        n++;
    return n;
}

static size_t text_marks(const ic_scene *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++)
        n += s->marks[i].kind == IC_MARK_TEXT && s->marks[i].text && s->marks[i].text[0];
    return n;
}

/* ---- outlines: the previous writer's bytes ---- */

static void check_paths_unchanged(const ic_fonts *fonts)
{
    ic_scene *s = reference_scene(fonts);
    size_t len = 0, want_len = 0;
    char *svg = svg_of(s, 1, &len);
    ic_error err = {0};
    char *want = ic_read_file(IC_TEST_DATA "/unit/svg_paths_ref.svg", (size_t)1 << 20, &want_len, &err);
    CHECK(svg && want && len == want_len && memcmp(svg, want, len) == 0);
    if (svg && want && (len != want_len || memcmp(svg, want, len) != 0)) {
        size_t at = 0;
        while (at < len && at < want_len && svg[at] == want[at])
            at++;
        fprintf(stderr, "\"svg_text\": \"paths\" differs from svg_paths_ref.svg at byte %zu\n", at);
    }
    free(want);
    free(svg);
    ic_scene_free(s);
}

/* ---- the document ---- */

/* The 8 hex digits of the chart id in `svg` ("" when missing). */
static void chart_id(const char *svg, char id[9])
{
    const char *p = strstr(svg, "aria-labelledby=\"ic-");
    id[0] = '\0';
    if (p && strlen(p) > 28)
        snprintf(id, 9, "%s", p + strlen("aria-labelledby=\"ic-"));
}

static void check_document(const ic_fonts *fonts)
{
    ic_scene *s = reference_scene(fonts);
    char *svg = svg_of(s, 0, NULL);
    CHECK(svg != NULL);
    if (!svg) {
        ic_scene_free(s);
        return;
    }
    char id[9], want[256];
    chart_id(svg, id);
    CHECK(strlen(id) == 8);
    snprintf(want, sizeof want, " role=\"img\" aria-labelledby=\"ic-%s-title ic-%s-desc\" xml:lang=\"ur\"", id, id);
    CHECK(strstr(svg, want) != NULL);
    snprintf(want, sizeof want, "<title id=\"ic-%s-title\">Reference &lt;paths&gt; &amp; text</title>", id);
    CHECK(strstr(svg, want) != NULL);
    snprintf(want, sizeof want, "<desc id=\"ic-%s-desc\">Every mark kind, Latin and Urdu text</desc>", id);
    CHECK(strstr(svg, want) != NULL);
    /* a line per text mark, each the line as written */
    CHECK(count(svg, "<text") == (int)text_marks(s));
    CHECK(strstr(svg, ">Girls &amp; boys: 38%</text>") != NULL);
    CHECK(strstr(svg, ">One in three victims</text>") != NULL);
    CHECK(strstr(svg, " fill=\"#4d4d4d\" fill-opacity=\"0.8\">One") != NULL);
    /* the Urdu line: runs of Inter and Nastaliq as tspans in logical order,
     * right to left ones marked so, Nastaliq invisible over its outlines */
    const char *ur = strstr(svg, "<text y=\"260\"");
    CHECK(ur != NULL);
    if (ur) {
        CHECK(strncmp(strstr(ur, "<tspan"), "<tspan x=\"", 10) == 0);
        CHECK(strstr(ur, "direction=\"rtl\" unicode-bidi=\"bidi-override\" xml:lang=\"ur\">کے بعد بچوں کا حصہ") != NULL);
        CHECK(strstr(ur, "fill-opacity=\"0\" textLength=\"") != NULL);
        CHECK(strstr(ur, ">2004</tspan>") != NULL);
    }
    CHECK(count(svg, "<use ") > 10);              /* the Nastaliq glyphs */
    CHECK(count(svg, "@font-face") == 2);         /* Inter Regular and Bold */
    CHECK(strstr(svg, "font-family:\"ic-Inter-Bold-") != NULL);
    CHECK(strstr(svg, "font-family=\"ic-Inter-Regular-") != NULL);
    /* the same scene gives the same bytes */
    char *again = svg_of(s, 0, NULL);
    CHECK(again && strcmp(svg, again) == 0);
    free(again);

    /* another chart: other ids, and another subset under another name */
    ic_scene *t = ic_scene_new(400, 300, fonts);
    t->title = strdup("Another chart");
    t->desc = strdup("Another chart");
    ic_scene_text(t, IC_ROLE_TITLE, "Children 38%", IC_FONT_BOLD, 22, 20, 40, (ic_color){0, 0, 0, 1});
    char *other = svg_of(t, 0, NULL);
    CHECK(other != NULL);
    if (other) {
        char id2[9];
        chart_id(other, id2);
        CHECK(strlen(id2) == 8 && strcmp(id, id2) != 0);
        const char *a = strstr(svg, "ic-Inter-Bold-"), *b = strstr(other, "ic-Inter-Bold-");
        CHECK(a && b && strncmp(a, b, 22) != 0);
        CHECK(strstr(other, "xml:lang=\"en\"") != NULL); /* no language said: English */
        CHECK(strstr(other, "<use") == NULL && strstr(other, "<defs>") == NULL);
    }
    free(other);
    ic_scene_free(t);
    free(svg);
    ic_scene_free(s);
}

/* ---- the embedded fonts ---- */

static size_t base64_decode(const char *in, size_t n, unsigned char *out)
{
    size_t len = 0;
    unsigned v = 0;
    int bits = 0;
    for (size_t i = 0; i < n && in[i] != '='; i++) {
        const char *digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        const char *d = strchr(digits, in[i]);
        if (!d)
            break;
        v = v << 6 | (unsigned)(d - digits);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[len++] = (unsigned char)(v >> bits);
        }
    }
    return len;
}

/* The font embedded under `family` in the fonts' CSS, as a HarfBuzz face
 * (NULL when missing). */
static hb_face_t *embedded_face(const ic_svg_fonts *f, const char *family)
{
    char key[128];
    snprintf(key, sizeof key, "font-family:\"%s\";src:url(data:font/", family);
    const char *p = f->css.data ? strstr(f->css.data, key) : NULL;
    p = p ? strstr(p, "base64,") : NULL;
    if (!p)
        return NULL;
    p += strlen("base64,");
    size_t n = strcspn(p, ")");
    unsigned char *bytes = malloc(n);
    if (!bytes)
        return NULL;
    size_t len = base64_decode(p, n, bytes);
    hb_blob_t *blob = hb_blob_create((const char *)bytes, (unsigned)len, HB_MEMORY_MODE_READONLY, bytes, free);
    hb_face_t *face = hb_face_create(blob, 0);
    hb_blob_destroy(blob);
    return face;
}

/* Every run set in an embedded font: its characters are in the subset's
 * cmap, and HarfBuzz shaping them with the subset advances as far as our
 * run. Returns the runs checked. */
static int check_fonts_of(const ic_scene *s, const char *what)
{
    ic_svg_glyphs glyphs;
    ic_svg_fonts fonts;
    int runs = 0;
    CHECK(ic_svg_glyphs_collect(s, &glyphs) == 0);
    CHECK(ic_svg_fonts_collect(s, &glyphs, &fonts) == 0);
    for (int fi = 0; fi < IC_SVG_FACES; fi++) {
        const char *family = ic_svg_fonts_family(&fonts, fi);
        if (!family)
            continue;
        const ic_face *orig = &s->fonts->faces[fi / IC_FONT_COUNT][fi % IC_FONT_COUNT];
        hb_face_t *face = embedded_face(&fonts, family);
        CHECK(face != NULL);
        if (!face)
            continue;
        /* a subset: a small part of the font's glyphs */
        unsigned full = hb_face_get_glyph_count(hb_font_get_face(orig->hb));
        CHECK(hb_face_get_glyph_count(face) * 4 < full);
        /* the copyright stays with the font (OFL) */
        char name[8];
        unsigned name_len = sizeof name;
        CHECK(hb_ot_name_get_utf8(face, HB_OT_NAME_ID_COPYRIGHT, HB_LANGUAGE_INVALID, &name_len, name) > 0);
        hb_set_t *cmap = hb_set_create();
        hb_face_collect_unicodes(face, cmap);
        hb_font_t *font = hb_font_create(face);
        hb_font_set_scale(font, (int)hb_face_get_upem(face), (int)hb_face_get_upem(face));
        for (size_t i = 0; i < s->n; i++) {
            const ic_mark *m = &s->marks[i];
            if (m->kind != IC_MARK_TEXT)
                continue;
            for (size_t r = 0; r < m->shaped.nruns; r++) {
                const ic_text_run *run = &m->shaped.runs[r];
                if (ic_svg_face_index(s, run->face) != fi)
                    continue;
                hb_buffer_t *buf = hb_buffer_create();
                hb_buffer_add_utf8(buf, m->text, -1, run->byte_start, (int)run->byte_len);
                hb_buffer_set_direction(buf, run->rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
                hb_buffer_set_language(buf, hb_language_from_string(s->lang[0] ? s->lang : "en", -1));
                hb_buffer_guess_segment_properties(buf);
                unsigned n = 0;
                hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
                int covered = 1;
                for (unsigned g = 0; g < n; g++)
                    covered &= hb_set_has(cmap, info[g].codepoint);
                hb_shape(font, buf, NULL, 0);
                hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, &n);
                double advance = 0;
                for (unsigned g = 0; g < n; g++)
                    advance += pos[g].x_advance;
                advance *= m->size * orig->scale / hb_face_get_upem(face);
                CHECK(covered);
                CHECK_NEAR(advance, run->advance, 0.01);
                if (!covered || !(advance - run->advance < 0.01 && run->advance - advance < 0.01))
                    fprintf(stderr, "%s: '%s' run %zu: advance %.3f with the subset, %.3f in the layout%s\n", what,
                            m->text, r, advance, run->advance, covered ? "" : "; characters missing");
                hb_buffer_destroy(buf);
                runs++;
            }
        }
        hb_font_destroy(font);
        hb_set_destroy(cmap);
        hb_face_destroy(face);
    }
    /* Nastaliq is drawn as outlines, the others embedded */
    for (int st = 0; st < IC_FONT_COUNT; st++) {
        CHECK(!fonts.outlines[IC_FAMILY_INTER * IC_FONT_COUNT + st]);
        CHECK(!fonts.outlines[IC_FAMILY_NASKH * IC_FONT_COUNT + st]);
    }
    ic_svg_fonts_free(&fonts);
    ic_svg_glyphs_free(&glyphs);
    return runs;
}

/* ---- the examples ---- */

static void check_examples(const ic_fonts *fonts)
{
    DIR *d = opendir(IC_SOURCE_DIR "/datasets");
    CHECK(d != NULL);
    struct dirent *e;
    int charts = 0, runs = 0;
    double worst = 0;
    char worst_name[256] = "";
    while (d && (e = readdir(d)) != NULL) {
        if (!fixture_is_spec(e->d_name))
            continue;
        char path[1024];
        ic_error err = {0};
        ic_chart *chart = fixture_example(e->d_name, path, sizeof path, &err);
        CHECK(chart != NULL);
        if (!chart) {
            fprintf(stderr, "%s: %s\n", path, err.message);
            continue;
        }
        for (int dark = 0; dark < 2; dark++) {
            chart->spec->theme_dark = dark;
            ic_scene *s = ic_chart_layout(chart, fonts, &err);
            CHECK(s != NULL);
            if (!s)
                continue;
            size_t text_len = 0, paths_len = 0;
            char *text = svg_of(s, 0, &text_len), *paths = svg_of(s, 1, &paths_len);
            CHECK(text && paths);
            if (text && paths) {
                double ratio = (double)text_len / (double)paths_len;
                CHECK(ratio <= MAX_SIZE_RATIO);
                fprintf(stderr, "%-40s %-5s outlines %7zu  text %7zu  %.2fx%s\n", e->d_name, dark ? "dark" : "light",
                        paths_len, text_len, ratio, ratio <= MAX_SIZE_RATIO ? "" : "  (FAIL: over 1.5x)");
                if (ratio > worst) {
                    worst = ratio;
                    snprintf(worst_name, sizeof worst_name, "%s%s", e->d_name, dark ? " (dark)" : "");
                }
                CHECK(count(text, "<text") == (int)text_marks(s));
                CHECK(strstr(paths, "<text") == NULL);
                runs += check_fonts_of(s, e->d_name);
            }
            free(text);
            free(paths);
            ic_scene_free(s);
            charts++;
        }
        ic_chart_free(chart);
    }
    if (d)
        closedir(d);
    fprintf(stderr, "largest ratio: %.2fx (%s), %d charts, %d runs shaped with their subsets\n", worst, worst_name,
            charts, runs);
    CHECK(charts >= 20);
    CHECK(runs > 100);
}

/* An Arabic chart: Noto Naskh Arabic embedded, right-to-left runs. */
static void check_arabic(const ic_fonts *fonts)
{
    char dir[] = "/tmp/ic-test-svgtext-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    ic_error err;
    ic_chart *chart = fixture_chart(dir, "group,share\nالأطفال,38\nالبالغون,62\n",
                                    "{\"chart\": \"bar\", \"lang\": \"ar\", \"data\": \"data.csv\", \"x\": \"group\", "
                                    "\"y\": \"share\", \"title\": \"ثلث الضحايا من الأطفال (2022)\", "
                                    "\"source\": \"مكتب الأمم المتحدة (UNODC)\"}",
                                    &err);
    CHECK(chart != NULL);
    ic_scene *s = chart ? ic_chart_layout(chart, fonts, &err) : NULL;
    CHECK(s != NULL);
    if (s) {
        char *svg = svg_of(s, 0, NULL);
        CHECK(svg && strstr(svg, "xml:lang=\"ar\"") != NULL);
        CHECK(svg && strstr(svg, "font-family:\"ic-NotoNaskhArabic-") != NULL);
        CHECK(svg && strstr(svg, "<use") == NULL);
        CHECK(svg && strstr(svg, " direction=\"rtl\" unicode-bidi=\"bidi-override\" xml:lang=\"ar\">") != NULL);
        CHECK(check_fonts_of(s, "arabic") >= 4);
        free(svg);
    }
    ic_scene_free(s);
    ic_chart_free(chart);
    fixture_remove(dir);
}

/* ---- the spec key ---- */

static void check_spec_key(const ic_fonts *fonts)
{
    char dir[] = "/tmp/ic-test-svgtext-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    const char *csv = "group,share\nChildren,38\nAdults,62\n";
    ic_error err;
    ic_chart *chart = fixture_chart(dir, csv,
                                    "{\"chart\": \"bar\", \"data\": \"data.csv\", \"x\": \"group\", \"y\": \"share\", "
                                    "\"title\": \"T\", \"source\": \"S\", \"svg_text\": \"paths\"}",
                                    &err);
    CHECK(chart != NULL);
    ic_scene *s = chart ? ic_chart_layout(chart, fonts, &err) : NULL;
    CHECK(s && s->svg_text_paths == 1);
    ic_scene_free(s);
    ic_chart_free(chart);

    chart = fixture_chart(dir, csv,
                          "{\"chart\": \"bar\", \"data\": \"data.csv\", \"x\": \"group\", \"y\": \"share\", "
                          "\"title\": \"T\", \"source\": \"S\", \"svg_text\": \"text\"}",
                          &err);
    s = chart ? ic_chart_layout(chart, fonts, &err) : NULL;
    CHECK(s && s->svg_text_paths == 0);
    ic_scene_free(s);
    ic_chart_free(chart);

    chart = fixture_chart(dir, csv,
                          "{\"chart\": \"bar\", \"data\": \"data.csv\", \"x\": \"group\", \"y\": \"share\",\n"
                          " \"title\": \"T\", \"source\": \"S\", \"svg_text\": \"glyphs\"}",
                          &err);
    CHECK(chart == NULL);
    CHECK(err.line == 2 && strstr(err.message, "svg_text") && strstr(err.message, "paths"));
    if (chart == NULL)
        fprintf(stderr, "(expected) %d:%d: %s\n", err.line, err.column, err.message);
    ic_chart_free(chart);
    fixture_remove(dir);
}

int main(void)
{
    ic_error err = {0};
    ic_fonts *fonts = ic_fonts_load(IC_SOURCE_DIR "/fonts", &err);
    CHECK(fonts != NULL);
    if (!fonts) {
        fprintf(stderr, "fonts: %s\n", err.message);
        return 1;
    }
    check_paths_unchanged(fonts);
    check_document(fonts);
    check_spec_key(fonts);
    check_arabic(fonts);
    check_examples(fonts);
    ic_fonts_free(fonts);
    return CHECK_DONE();
}
