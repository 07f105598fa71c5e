/* Organisation themes: the theme file's errors and their positions, and what
 * a theme does to a chart (colours, type scale, fonts, logo, source prefix),
 * checked on the scene. */
#include "check.h"
#include "chart_fixture.h"
#include "layout/layout.h"
#include "scene/image.h"
#include "spec/theme_file.h"
#include "text/font.h"

#include <cairo.h>
#include <stdlib.h>

static char dir[] = "/tmp/ic_theme_XXXXXX";
static ic_fonts *fonts;

static const char *csv = "year,share\n2004,13\n2014,29\n2016,30\n2022,38\n";

/* Writes `text` to DIR/name; returns the path (static buffer per call site). */
static const char *write_file(const char *name, const char *text, char *path, size_t size)
{
    snprintf(path, size, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    return path;
}

static void write_png_logo(const char *name, int w, int h)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 0.1, 0.5, 0.3);
    cairo_paint(cr);
    cairo_destroy(cr);
    cairo_surface_write_to_png(s, path);
    cairo_surface_destroy(s);
}

/* A PNG whose header claims 20000 x 20000 pixels (never decoded). */
static void write_huge_png_header(const char *name)
{
    static const unsigned char head[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                                         0, 0, 0x4E, 0x20, 0, 0, 0x4E, 0x20, 8, 6, 0, 0, 0, 0, 0, 0, 0};
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(head, 1, sizeof head, f);
        fclose(f);
    }
}

/* Loads theme text written to DIR/theme.json; NULL with err set. */
static ic_theme *theme_from(const char *text, ic_error *err)
{
    char path[512];
    write_file("theme.json", text, path, sizeof path);
    memset(err, 0, sizeof *err);
    return ic_theme_load(path, err);
}

/* The theme must fail with `line`:`col` and a message containing `words`. */
static void expect_error(const char *text, int line, int col, const char *words)
{
    ic_error err;
    ic_theme *t = theme_from(text, &err);
    CHECK(t == NULL);
    ic_theme_free(t);
    CHECK(err.line == line && err.column == col);
    CHECK(strstr(err.message, words) != NULL);
    CHECK(strstr(err.file, "theme.json") != NULL);
    if (err.line != line || err.column != col || !strstr(err.message, words))
        fprintf(stderr, "  got %s:%d:%d: %s\n", err.file, err.line, err.column, err.message);
}

static void test_errors(void)
{
    expect_error("{\n  \"palete\": [\"#112233\"]\n}\n", 2, 3, "did you mean 'palette'?");
    expect_error("{\"accent\": \"red\"}", 1, 12, "'accent' must be a colour");
    expect_error("{\"extends\": \"sepia\"}", 1, 13, "\"light\" or \"dark\"");
    expect_error("{\"type_scale\": {\"title\": 9}}", 1, 26, "from 0.5 to 3");
    expect_error("{\"type_scale\": {\"titel\": 1.2}}", 1, 17, "did you mean 'title'?");
    expect_error("{\n\"fonts\": {\"regular\": \"nope.ttf\"}\n}", 2, 22, "nope.ttf");
    expect_error("{\"fonts\": {\"bold\": \"theme.json\"}}", 1, 20, "font file");
    expect_error("{\"logo\": {\"file\": \"missing.png\"}}", 1, 19, "missing.png");
    expect_error("{\"logo\": {\"height\": 20}}", 1, 10, "needs a \"file\"");
    expect_error("{\"logo\": {\"file\": \"logo.png\", \"position\": \"top\"}}", 1, 43, "\"left\" or \"right\"");
    expect_error("{\"source_prefix\": 3}", 1, 19, "'source_prefix' must be a string");
    expect_error("{\"palette\": []}", 1, 13, "1 to 16 colours");
    expect_error("{\"text\": \"#12345\"", 1, 17, "invalid JSON");

    /* a logo that is no image, and one too large, named with its file */
    char path[512];
    write_file("not-image.svg", "hello", path, sizeof path);
    expect_error("{\"logo\": {\"file\": \"not-image.svg\"}}", 1, 19, "not-image.svg");
    write_huge_png_header("huge.png");
    expect_error("{\"logo\": {\"file\": \"huge.png\"}}", 1, 19, "at most 4096 pixels");
}

/* A chart of the fixture data with `extra` spec keys. */
static ic_chart *chart_with(const char *extra, ic_error *err)
{
    char spec[2048];
    snprintf(spec, sizeof spec,
             "{\"chart\": \"bar\", \"data\": \"data.csv\", \"x\": \"year\", \"y\": \"share\", \"title\": \"Children\","
             " \"source\": \"UNODC\", \"highlight\": [\"2022\"]%s%s}",
             extra[0] ? ", " : "", extra);
    return fixture_chart(dir, csv, spec, err);
}

static const ic_mark *first_mark(const ic_scene *s, ic_role role)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->marks[i].role == role)
            return &s->marks[i];
    return NULL;
}

static int same_color(ic_color a, unsigned hex)
{
    ic_color b;
    char s[8];
    snprintf(s, sizeof s, "#%06x", hex);
    ic_color_parse(s, &b);
    return fabs(a.r - b.r) < 1e-6 && fabs(a.g - b.g) < 1e-6 && fabs(a.b - b.b) < 1e-6;
}

static const char *full_theme =
    "{\"$schema\": \"x\", \"background\": \"#fbf8f3\", \"text\": \"#1f2a30\", \"text_muted\": \"#55616b\","
    " \"accent\": \"#0b6e4f\", \"muted\": \"#7d8890\", \"type_scale\": {\"title\": 1.5},"
    " \"logo\": {\"file\": \"logo.png\"}, \"source_prefix\": {\"en\": \"Data: \", \"ur\": \"DATA-UR \"}}";

static void test_colours_and_frame(void)
{
    char path[512];
    write_file("org.json", full_theme, path, sizeof path);
    ic_error err;
    ic_chart *plain = chart_with("", &err);
    ic_chart *c = chart_with("\"theme\": \"org.json\"", &err);
    CHECK(c != NULL && plain != NULL);
    if (!c || !plain) {
        fprintf(stderr, "  %s:%d:%d: %s\n", err.file, err.line, err.column, err.message);
        ic_chart_free(c);
        ic_chart_free(plain);
        return;
    }
    ic_scene *s = ic_chart_layout(c, fonts, &err);
    ic_scene *p = ic_chart_layout(plain, fonts, &err);
    CHECK(s != NULL && p != NULL);
    if (s && p) {
        CHECK(same_color(first_mark(s, IC_ROLE_BACKGROUND)->color, 0xfbf8f3));
        CHECK(same_color(first_mark(s, IC_ROLE_TITLE)->color, 0x1f2a30));
        CHECK(same_color(first_mark(s, IC_ROLE_SUBTITLE) ? first_mark(s, IC_ROLE_SUBTITLE)->color
                                                         : first_mark(s, IC_ROLE_SOURCE)->color,
                         0x55616b));
        /* the highlighted bar in the accent, the others in the muted colour */
        int accent = 0, muted = 0;
        for (size_t i = 0; i < s->n; i++)
            if (s->marks[i].role == IC_ROLE_BAR) {
                accent += same_color(s->marks[i].color, 0x0b6e4f);
                muted += same_color(s->marks[i].color, 0x7d8890);
            }
        CHECK(accent == 1 && muted == 3);
        /* type scale: the title 1.5 times its size without the theme */
        CHECK_NEAR(first_mark(s, IC_ROLE_TITLE)->size, 1.5 * first_mark(p, IC_ROLE_TITLE)->size, 1e-6);
        /* source prefix in place of "Source: " */
        CHECK_STR(first_mark(s, IC_ROLE_SOURCE)->text, "Data: UNODC");
        CHECK_STR(first_mark(p, IC_ROLE_SOURCE)->text, "Source: UNODC");
        /* the logo: inside the canvas, below the rule, beside the source, overlapping no text */
        const ic_mark *logo = first_mark(s, IC_ROLE_LOGO);
        const ic_mark *rule = first_mark(s, IC_ROLE_RULE);
        const ic_mark *src = first_mark(s, IC_ROLE_SOURCE);
        CHECK(logo != NULL && logo->kind == IC_MARK_IMAGE && rule && src);
        if (logo && rule && src) {
            CHECK(logo->x >= 0 && logo->y >= 0 && logo->x + logo->w <= s->width && logo->y + logo->h <= s->height);
            CHECK(logo->y > rule->y);
            CHECK(logo->w > 0 && logo->h > 0);
            CHECK_NEAR(logo->w / logo->h, 3.0, 1e-6); /* the PNG's 90 x 30 */
            double cy = logo->y + logo->h / 2, sy = src->y + src->h / 2;
            CHECK(fabs(cy - sy) < logo->h); /* on the source line */
            for (size_t i = 0; i < s->n; i++) {
                const ic_mark *m = &s->marks[i];
                if (m->kind != IC_MARK_TEXT)
                    continue;
                int apart = m->x + m->w <= logo->x || logo->x + logo->w <= m->x || m->y + m->h <= logo->y ||
                            logo->y + logo->h <= m->y;
                CHECK(apart);
            }
        }
        /* the scene holds the theme it uses */
        CHECK(s->theme == c->spec->theme);
    }
    ic_scene_free(p);
    /* the scene keeps the theme's logo and fonts alive after the chart goes */
    ic_chart_free(c);
    if (s) {
        char *dump = ic_scene_dump(s);
        CHECK(dump && strstr(dump, "image logo "));
        free(dump);
        char out[600];
        snprintf(out, sizeof out, "%s/out.svg", dir);
        CHECK(ic_scene_write(s, out, IC_FORMAT_SVG, &err) == 0);
        size_t len = 0;
        FILE *f = fopen(out, "rb");
        char *svg = malloc(1 << 20);
        if (f && svg) {
            len = fread(svg, 1, (1 << 20) - 1, f);
            svg[len] = '\0';
            CHECK(strstr(svg, "<image ") && strstr(svg, "href=\"data:image/png;base64,iVBOR"));
        }
        if (f)
            fclose(f);
        free(svg);
        unlink(out);
        snprintf(out, sizeof out, "%s/out.png", dir);
        CHECK(ic_scene_write(s, out, IC_FORMAT_PNG, &err) == 0);
        unlink(out);
    }
    ic_scene_free(s);
    ic_chart_free(plain);
    unlink(path);
}

/* The spec's own colours win over the theme's. */
static void test_spec_colour_wins(void)
{
    char path[512];
    write_file("org.json", "{\"accent\": \"#0b6e4f\", \"background\": \"#fbf8f3\"}", path, sizeof path);
    ic_error err;
    ic_chart *c = chart_with("\"theme\": \"org.json\", \"accent\": \"#8a1c1c\"", &err);
    CHECK(c != NULL);
    ic_scene *s = c ? ic_chart_layout(c, fonts, &err) : NULL;
    CHECK(s != NULL);
    if (s) {
        int spec_accent = 0;
        for (size_t i = 0; i < s->n; i++)
            spec_accent += s->marks[i].role == IC_ROLE_BAR && same_color(s->marks[i].color, 0x8a1c1c);
        CHECK(spec_accent == 1);
        CHECK(same_color(first_mark(s, IC_ROLE_BACKGROUND)->color, 0xfbf8f3));
    }
    ic_scene_free(s);
    ic_chart_free(c);
    unlink(path);
}

/* A theme text colour too light for its background is drawn in a shade that
 * has 4.5:1, with a note. */
static void test_contrast(void)
{
    char path[512];
    write_file("pale.json", "{\"text\": \"#dddddd\", \"text_muted\": \"#eeeeee\"}", path, sizeof path);
    ic_error err;
    ic_chart *c = chart_with("\"theme\": \"pale.json\", \"subtitle\": \"Share\"", &err);
    ic_scene *s = c ? ic_chart_layout(c, fonts, &err) : NULL;
    CHECK(s != NULL);
    if (s) {
        ic_color bg = first_mark(s, IC_ROLE_BACKGROUND)->color;
        for (size_t i = 0; i < s->n; i++)
            if (s->marks[i].kind == IC_MARK_TEXT)
                CHECK(ic_color_contrast(s->marks[i].color, bg) >= 4.5);
        int noted = 0;
        for (size_t i = 0; i < ic_scene_warning_count(s); i++)
            noted += strstr(ic_scene_warning(s, i, NULL, NULL), "pale.json: the theme's \"text\" #dddddd") != NULL;
        CHECK(noted == 1);
    }
    ic_scene_free(s);
    ic_chart_free(c);
    unlink(path);
}

/* The face of the run that sets byte `at` of text mark `m`. */
static const ic_face *face_at(const ic_mark *m, unsigned at)
{
    for (size_t r = 0; r < m->shaped.nruns; r++) {
        const ic_text_run *run = &m->shaped.runs[r];
        if (at >= run->byte_start && at < run->byte_start + run->byte_len)
            return run->face;
    }
    return NULL;
}

static int path_ends(const char *path, const char *name)
{
    size_t a = path ? strlen(path) : 0, b = strlen(name);
    return a >= b && strcmp(path + a - b, name) == 0;
}

/* Text is set in the theme's fonts; what they lack falls back to the bundled
 * fonts; Urdu stays in Nastaliq unless the theme's fonts have Arabic. */
static void test_fonts(void)
{
    char path[512], theme[1024];
    /* Noto Naskh Arabic has digits and Arabic letters but no Latin letters */
    snprintf(theme, sizeof theme, "{\"fonts\": {\"regular\": \"%s/fonts/NotoNaskhArabic-Regular.ttf\"}}",
             IC_SOURCE_DIR);
    write_file("naskh.json", theme, path, sizeof path);
    snprintf(theme, sizeof theme, "{\"fonts\": {\"regular\": \"%s/fonts/Inter-Regular.otf\", \"bold\": \"%s/fonts/Inter-Bold.otf\"}}",
             IC_SOURCE_DIR, IC_SOURCE_DIR);
    write_file("inter.json", theme, path, sizeof path);
    ic_error err;

    ic_chart *c = chart_with("\"theme\": \"naskh.json\", \"subtitle\": \"Share 2022\"", &err);
    ic_scene *s = c ? ic_chart_layout(c, fonts, &err) : NULL;
    CHECK(s != NULL);
    if (s) {
        const ic_mark *sub = first_mark(s, IC_ROLE_SUBTITLE);
        CHECK(sub && sub->shaped.nruns >= 2);
        if (sub) {
            /* "Share" falls back to the bundled Inter, "2022" is the theme's */
            const ic_face *letters = face_at(sub, 0), *digits = face_at(sub, 6);
            CHECK(letters && letters->family == IC_FAMILY_LATIN && path_ends(letters->path, "Inter-Regular.otf"));
            CHECK(digits && digits->family == IC_FAMILY_INTER &&
                  path_ends(digits->path, "NotoNaskhArabic-Regular.ttf"));
        }
        /* the bold title: no bold in the theme, so the bundled Inter Bold */
        const ic_mark *title = first_mark(s, IC_ROLE_TITLE);
        CHECK(title && path_ends(face_at(title, 0)->path, "Inter-Bold.otf"));
    }
    ic_scene_free(s);
    ic_chart_free(c);

    /* Urdu with a theme whose fonts have no Arabic: Nastaliq as before */
    static const char *urdu = "\"lang\": \"ur\", \"subtitle\": \"بچوں کا حصہ\"";
    char extra[512];
    snprintf(extra, sizeof extra, "\"theme\": \"inter.json\", %s", urdu);
    c = chart_with(extra, &err);
    s = c ? ic_chart_layout(c, fonts, &err) : NULL;
    CHECK(s != NULL);
    if (s) {
        const ic_mark *sub = first_mark(s, IC_ROLE_SUBTITLE);
        const ic_face *f = sub ? face_at(sub, 0) : NULL;
        CHECK(f && f->family == IC_FAMILY_NASTALIQ);
    }
    ic_scene_free(s);
    ic_chart_free(c);

    /* ... and with a theme whose font has Arabic: the theme's font */
    snprintf(extra, sizeof extra, "\"theme\": \"naskh.json\", %s", urdu);
    c = chart_with(extra, &err);
    s = c ? ic_chart_layout(c, fonts, &err) : NULL;
    CHECK(s != NULL);
    if (s) {
        const ic_mark *sub = first_mark(s, IC_ROLE_SUBTITLE);
        const ic_face *f = sub ? face_at(sub, 0) : NULL;
        CHECK(f && f->family == IC_FAMILY_INTER && path_ends(f->path, "NotoNaskhArabic-Regular.ttf"));
    }
    ic_scene_free(s);
    ic_chart_free(c);
    snprintf(path, sizeof path, "%s/naskh.json", dir);
    unlink(path);
    snprintf(path, sizeof path, "%s/inter.json", dir);
    unlink(path);
}

/* A spec's theme file and what it names are the chart's dependencies; a
 * theme file that is missing is an error at the spec's "theme". */
static void test_spec_theme(void)
{
    char path[512];
    write_file("org.json", full_theme, path, sizeof path);
    ic_error err;
    ic_chart *c = chart_with("\"theme\": \"org.json\"", &err);
    CHECK(c != NULL);
    if (c) {
        const ic_spec *sp = c->spec;
        int has_theme = 0, has_logo = 0;
        for (size_t i = 0; i < sp->ndeps; i++) {
            has_theme += path_ends(sp->deps[i], "/org.json");
            has_logo += path_ends(sp->deps[i], "/logo.png");
        }
        CHECK(has_theme == 1 && has_logo == 1);
        CHECK(path_ends(sp->deps[0], "/spec.json"));
        CHECK(ic_theme_dependency_count(sp->theme) == 2);
        CHECK(path_ends(ic_theme_dependency(sp->theme, 0), "/org.json"));
        CHECK(ic_theme_dependency(sp->theme, 2) == NULL);
    }
    ic_chart_free(c);

    c = chart_with("\"theme\": \"nowhere.json\"", &err);
    CHECK(c == NULL);
    CHECK(strstr(err.file, "spec.json") && err.line == 1 && err.column > 100);
    CHECK(strstr(err.message, "theme file") && strstr(err.message, "nowhere.json"));

    /* an error inside the theme file names the theme file */
    write_file("broken.json", "{\n  \"accent\": \"#zzzzzz\"\n}", path, sizeof path);
    c = chart_with("\"theme\": \"broken.json\"", &err);
    CHECK(c == NULL);
    CHECK(strstr(err.file, "broken.json") && err.line == 2 && err.column == 13);

    c = chart_with("\"theme\": \"sepia\"", &err);
    CHECK(c == NULL && strstr(err.message, "\"light\", \"dark\" or a theme file"));
    unlink(path);
    snprintf(path, sizeof path, "%s/org.json", dir);
    unlink(path);
}

/* ic_chart_set_theme replaces the spec's theme; NULL goes back to built-in. */
static void test_set_theme(void)
{
    ic_error err;
    ic_theme *t = theme_from("{\"background\": \"#101820\", \"extends\": \"dark\"}", &err);
    CHECK(t != NULL);
    ic_chart *c = chart_with("\"theme\": \"light\"", &err);
    CHECK(c != NULL);
    if (!c || !t) {
        ic_chart_free(c);
        ic_theme_free(t);
        return;
    }
    CHECK(ic_chart_set_theme(c, t, &err) == 0);
    ic_theme_free(t); /* the chart holds it */
    ic_scene *s = ic_chart_layout(c, fonts, &err);
    CHECK(s && same_color(first_mark(s, IC_ROLE_BACKGROUND)->color, 0x101820));
    /* the dark theme's text colours */
    CHECK(s && ic_color_contrast(first_mark(s, IC_ROLE_TITLE)->color, first_mark(s, IC_ROLE_BACKGROUND)->color) > 7);
    ic_scene_free(s);
    CHECK(ic_chart_set_theme(c, NULL, &err) == 0);
    s = ic_chart_layout(c, fonts, &err);
    CHECK(s && same_color(first_mark(s, IC_ROLE_BACKGROUND)->color, 0xffffff));
    ic_scene_free(s);
    ic_chart_free(c);
}

/* Facets keep the theme given with ic_chart_set_theme. */
static void test_facets_inherit(void)
{
    ic_error err;
    ic_theme *t = theme_from("{\"background\": \"#fbf8f3\"}", &err);
    static const char *fcsv = "year,share,region\n2004,13,A\n2022,38,A\n2004,10,B\n2022,30,B\n";
    ic_chart *c = fixture_chart(dir, fcsv,
                                "{\"chart\": \"bar\", \"data\": \"data.csv\", \"x\": \"year\", \"y\": \"share\","
                                " \"title\": \"{facet}\", \"source\": \"S\", \"facet\": \"region\"}",
                                &err);
    CHECK(c != NULL && t != NULL);
    if (c && t) {
        CHECK(ic_chart_set_theme(c, t, &err) == 0);
        ic_chart *f = ic_chart_facet(c, 1, &err);
        ic_scene *s = f ? ic_chart_layout(f, fonts, &err) : NULL;
        CHECK(s && same_color(first_mark(s, IC_ROLE_BACKGROUND)->color, 0xfbf8f3));
        ic_scene_free(s);
        ic_chart_free(f);
    }
    ic_chart_free(c);
    ic_theme_free(t);

    /* a theme the spec names is loaded once: facets share it */
    char path[512];
    write_file("org.json", "{\"background\": \"#fbf8f3\"}", path, sizeof path);
    c = fixture_chart(dir, fcsv,
                      "{\"chart\": \"bar\", \"data\": \"data.csv\", \"x\": \"year\", \"y\": \"share\","
                      " \"title\": \"{facet}\", \"source\": \"S\", \"facet\": \"region\", \"theme\": \"org.json\"}",
                      &err);
    CHECK(c != NULL);
    if (c) {
        ic_chart *f = ic_chart_facet(c, 0, &err);
        CHECK(f && f->spec->theme && f->spec->theme == c->spec->theme);
        ic_chart_free(f);
    }
    ic_chart_free(c);
    unlink(path);
}

/* An SVG logo: its size from the viewBox; it draws. */
static void test_svg_logo(void)
{
    char path[512];
    write_file("mark.svg",
               "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 200 100\"><rect width=\"200\" height=\"100\" "
               "fill=\"#0b6e4f\"/></svg>",
               path, sizeof path);
    ic_error err = {0};
    ic_image *im = ic_image_load(path, &err);
    CHECK(im && im->svg && im->width == 200 && im->height == 100);
    if (im) {
        cairo_surface_t *surf = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 40, 20);
        cairo_t *cr = cairo_create(surf);
        CHECK(ic_image_draw(im, cr, 0, 0, 40, 20) == 0);
        cairo_surface_flush(surf);
        const unsigned char *px = cairo_image_surface_get_data(surf);
        int stride = cairo_image_surface_get_stride(surf);
        /* the middle pixel is the rect's green, opaque */
        const unsigned char *mid = px + 10 * stride + 20 * 4;
        CHECK(mid[3] == 255 && mid[1] > 90 && mid[1] < 130);
        cairo_destroy(cr);
        cairo_surface_destroy(surf);
        char *uri = ic_image_data_uri(im);
        CHECK(uri && strncmp(uri, "data:image/svg+xml;base64,PHN2Zy", 32) == 0);
        free(uri);
    }
    ic_image_free(im);
    unlink(path);
}

int main(void)
{
    if (!mkdtemp(dir))
        return 1;
    ic_error err = {0};
    fonts = ic_fonts_load(IC_SOURCE_DIR "/fonts", &err);
    CHECK(fonts != NULL);
    if (!fonts)
        return CHECK_DONE();
    write_png_logo("logo.png", 90, 30);
    test_errors();
    test_colours_and_frame();
    test_spec_colour_wins();
    test_contrast();
    test_fonts();
    test_spec_theme();
    test_set_theme();
    test_facets_inherit();
    test_svg_logo();
    char path[600];
    static const char *const left[] = {"logo.png", "theme.json", "not-image.svg", "huge.png"};
    for (size_t i = 0; i < sizeof left / sizeof *left; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, left[i]);
        unlink(path);
    }
    fixture_remove(dir);
    ic_fonts_free(fonts);
    return CHECK_DONE();
}
