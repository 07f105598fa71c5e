/* PDF text in every script extracts (pdftotext), and the document has its
 * language, title, alt text and structure (pdfinfo, qpdf --check). Skipped
 * (77) without poppler-utils; qpdf's check is left out without qpdf. */
#define _GNU_SOURCE
#include "check.h"
#include "chart_fixture.h"
#include "core/buf.h"
#include "scene/scene.h"

#include <cairo-pdf.h>

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The output of `cmd` (new string), or NULL. */
static char *run(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    if (!p)
        return NULL;
    ic_buf b = IC_BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
        ic_buf_append(&b, chunk, n);
    ic_buf_puts(&b, "");
    int status = pclose(p);
    char *out = ic_buf_take(&b);
    if (status != 0) {
        free(out);
        return NULL;
    }
    return out;
}

/* 1 for a byte that starts a letter of the Arabic script, 2 for an ASCII
 * letter or digit, else 0. */
static int script_of(unsigned char c)
{
    if (c >= 0xD8 && c <= 0xDB)
        return 1;
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return 2;
    return 0;
}

/* `s` with the bidi controls pdftotext adds (U+200E/F, U+202A–E,
 * U+2066–9) left out, white space runs as one space, one space at each end
 * (so " word " finds whole words), and a space wherever Arabic script meets
 * Latin letters or digits: pdftotext drops the space between a
 * left-to-right run and a right-to-left one ("2021 میں" comes out as
 * "2021میں"). New string. */
static char *normalise(const char *s)
{
    ic_buf b = IC_BUF_INIT;
    ic_buf_puts(&b, " ");
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x8E || p[2] == 0x8F || (p[2] >= 0xAA && p[2] <= 0xAE))) {
            p += 3;
            continue;
        }
        if (p[0] == 0xE2 && p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9) {
            p += 3;
            continue;
        }
        if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r' || *p == '\f') {
            if (b.data[b.len - 1] != ' ')
                ic_buf_puts(&b, " ");
            p++;
            continue;
        }
        int prev = 0;
        for (size_t k = b.len; k-- > 0;) { /* the script of the character before */
            if (((unsigned char)b.data[k] & 0xC0) != 0x80) {
                prev = script_of((unsigned char)b.data[k]);
                break;
            }
        }
        int now = script_of(*p);
        if (prev && now && prev != now)
            ic_buf_puts(&b, " ");
        ic_buf_append(&b, (const char *)p, 1);
        p++;
    }
    if (b.data[b.len - 1] != ' ')
        ic_buf_puts(&b, " ");
    return ic_buf_take(&b);
}

/* 1 when `s` holds a letter of the Arabic script (U+0600–U+06FF). */
static int has_arabic(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p == 0xD8 || *p == 0xD9 || *p == 0xDA || *p == 0xDB)
            return 1;
    return 0;
}

/* 1 when `s` has only Arabic-script letters and spaces (no digits, no
 * punctuation: nothing a bidi algorithm places in another order). */
static int arabic_words_only(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        if (*p == ' ') {
            p++;
            continue;
        }
        if (*p < 0xD8 || *p > 0xDB || (p[1] & 0xC0) != 0x80)
            return 0;
        unsigned cp = ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
        if (cp == 0x060C || cp == 0x061B || cp == 0x06D4 || (cp >= 0x0660 && cp <= 0x066D) ||
            (cp >= 0x06F0 && cp <= 0x06F9))
            return 0; /* ، ؛ ۔ and Arabic digits and separators */
        p += 2;
    }
    return 1;
}

/* A word without the punctuation around it ("ماخذ:" → "ماخذ", "،ILO" →
 * "ILO", "1%" → "1"), which pdftotext may attach to the word beside it
 * in a line of mixed direction. */
static void strip_word(char *w)
{
    static const char *const marks[] = {":", ",", ".", "%", "(", ")", ";", "\xD8\x8C", "\xD8\x9B", "\xDB\x94",
                                        "\xD9\xAA"};
    int changed = 1;
    while (changed && *w) {
        changed = 0;
        for (size_t i = 0; i < sizeof marks / sizeof *marks; i++) {
            size_t n = strlen(marks[i]), len = strlen(w);
            if (len >= n && strncmp(w, marks[i], n) == 0) {
                memmove(w, w + n, len - n + 1);
                changed = 1;
            } else if (len >= n && strcmp(w + len - n, marks[i]) == 0) {
                w[len - n] = '\0';
                changed = 1;
            }
        }
    }
}

/* " w1 w2 ... " of the stripped words of the normalised text `s`. */
static char *word_list(const char *s)
{
    ic_buf b = IC_BUF_INIT;
    ic_buf_puts(&b, " ");
    char *copy = strdup(s);
    for (char *w = strtok(copy, " "); w; w = strtok(NULL, " ")) {
        strip_word(w);
        if (*w)
            ic_buf_printf(&b, "%s ", w);
    }
    free(copy);
    return ic_buf_take(&b);
}

/* Writes the scene to a PDF, extracts its text and compares it with every
 * text the scene draws; checks the document's language, title, tags. */
static void check_pdf(const char *name, const ic_scene *s, const char *dir)
{
    char path[512], cmd[1200];
    snprintf(path, sizeof path, "%s/chart.pdf", dir);
    ic_error err = {0};
    CHECK(ic_scene_write(s, path, IC_FORMAT_PDF, &err) == 0);
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' -", path);
    char *text = run(cmd);
    CHECK(text != NULL);
    if (!text)
        return;
    char *got = normalise(text), *got_words = word_list(got);
    CHECK(strstr(got, "\xEF\xBF\xBD") == NULL); /* no U+FFFD */
    for (size_t i = 0; i < s->n; i++) {
        const ic_mark *m = &s->marks[i];
        if (m->kind != IC_MARK_TEXT || !m->text || !m->text[0] || m->shaped.n == 0)
            continue;
        char *want = normalise(m->text);
        int ok;
        if (!has_arabic(want) || arabic_words_only(want)) {
            /* one direction: the text comes back as it is */
            ok = strstr(got, want) != NULL;
        } else {
            /* mixed: every word comes back whole (pdftotext orders the
             * punctuation between runs of different direction its own way) */
            char *words = word_list(want);
            ok = 1;
            char *copy = strdup(words);
            for (char *w = strtok(copy, " "); w && ok; w = strtok(NULL, " ")) {
                char key[512];
                snprintf(key, sizeof key, " %s ", w);
                ok = strstr(got_words, key) != NULL;
            }
            free(copy);
            free(words);
        }
        if (!ok)
            fprintf(stderr, "%s: '%s' not in the PDF's text:%s\n", name, m->text, got);
        CHECK(ok);
        free(want);
    }
    free(got);
    free(got_words);
    free(text);

    /* language, title, tags */
    ic_buf info = IC_BUF_INIT;
    snprintf(cmd, sizeof cmd, "pdfinfo '%s'", path);
    char *pdfinfo = run(cmd);
    CHECK(pdfinfo && strstr(pdfinfo, "Tagged:          yes") != NULL);
    CHECK(pdfinfo && s->title && strstr(pdfinfo, s->title) != NULL);
    free(pdfinfo);
    ic_buf_free(&info);
    FILE *f = fopen(path, "rb");
    ic_buf pdf = IC_BUF_INIT;
    char chunk[4096];
    size_t n;
    while (f && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        ic_buf_append(&pdf, chunk, n);
    if (f)
        fclose(f);
    ic_buf_puts(&pdf, "");
    char lang[64];
    snprintf(lang, sizeof lang, "/Lang (%s)", s->lang[0] ? s->lang : "en");
    CHECK(pdf.data && memmem(pdf.data, pdf.len, lang, strlen(lang)) != NULL);
    CHECK(pdf.data && memmem(pdf.data, pdf.len, "/S /Figure", 10) != NULL);
    CHECK(pdf.data && memmem(pdf.data, pdf.len, "/Alt <FEFF", 10) != NULL);
    ic_buf_free(&pdf);
    if (access("/usr/bin/qpdf", X_OK) == 0) {
        snprintf(cmd, sizeof cmd, "qpdf --check '%s' >/dev/null 2>&1", path);
        CHECK(system(cmd) == 0);
    }
    unlink(path);
}

static void examples(const ic_fonts *fonts, const char *dir)
{
    DIR *d = opendir(IC_SOURCE_DIR "/datasets");
    CHECK(d != NULL);
    int urdu = 0, n = 0;
    for (struct dirent *e; d && (e = readdir(d));) {
        if (!fixture_is_spec(e->d_name))
            continue;
        char path[1024];
        ic_error err = {0};
        ic_chart *c = fixture_example(e->d_name, path, sizeof path, &err);
        ic_scene *s = c ? ic_chart_layout(c, fonts, &err) : NULL;
        CHECK(s != NULL);
        if (s) {
            check_pdf(e->d_name, s, dir);
            urdu += strncmp(s->lang, "ur", 2) == 0;
            n++;
        }
        ic_scene_free(s);
        ic_chart_free(c);
    }
    if (d)
        closedir(d);
    CHECK(n >= 20 && urdu >= 2);
}

/* Arabic (Naskh, not Nastaliq): the title, subtitle and source come back. */
static void arabic(const ic_fonts *fonts, const char *dir)
{
    ic_error err = {0};
    ic_chart *c = fixture_chart(dir, "year,share\n2016,1\n2018,6\n2020,10\n2022,8\n",
                                "{\"chart\":\"bar\",\"data\":\"data.csv\",\"x\":\"year\",\"y\":\"share\","
                                "\"title\":\"الإجرام القسري نما من 1% إلى 8%\",\"subtitle\":\"نسبة الضحايا "
                                "المكتشفين\",\"source\":\"مكتب الأمم المتحدة المعني بالمخدرات والجريمة\","
                                "\"lang\":\"ar\",\"number\":{\"style\":\"percent\"}}",
                                &err);
    ic_scene *s = c ? ic_chart_layout(c, fonts, &err) : NULL;
    CHECK(s != NULL);
    if (s)
        check_pdf("arabic", s, dir);
    ic_scene_free(s);
    ic_chart_free(c);
}

/* Drawn into a caller's PDF (a report), the chart adds no structure tags:
 * they are the caller's document's to make. */
static void callers_context_untagged(const ic_fonts *fonts, const char *dir)
{
    char path[1024], out[600];
    ic_error err = {0};
    ic_chart *c = fixture_example("victims_by_age_sex_2022.json", path, sizeof path, &err);
    ic_scene *s = c ? ic_chart_layout(c, fonts, &err) : NULL;
    CHECK(s != NULL);
    snprintf(out, sizeof out, "%s/report.pdf", dir);
    cairo_surface_t *surface = cairo_pdf_surface_create(out, 600, 800);
    cairo_t *cr = cairo_create(surface);
    cairo_scale(cr, 0.5, 0.5);
    CHECK(s && ic_scene_render_cairo(s, cr, &err) == 0);
    CHECK(cairo_status(cr) == CAIRO_STATUS_SUCCESS);
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    CHECK(cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(surface);
    FILE *f = fopen(out, "rb");
    ic_buf pdf = IC_BUF_INIT;
    char chunk[4096];
    size_t n;
    while (f && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        ic_buf_append(&pdf, chunk, n);
    if (f)
        fclose(f);
    CHECK(pdf.len > 0 && memmem(pdf.data, pdf.len, "/StructTreeRoot", 15) == NULL);
    CHECK(pdf.len > 0 && memmem(pdf.data, pdf.len, "/Lang", 5) == NULL);
    ic_buf_free(&pdf);
    unlink(out);
    ic_scene_free(s);
    ic_chart_free(c);
}

int main(void)
{
    if (access("/usr/bin/pdftotext", X_OK) != 0 || access("/usr/bin/pdfinfo", X_OK) != 0) {
        fprintf(stderr, "skipped: poppler-utils (pdftotext, pdfinfo) is not installed\n");
        return 77;
    }
    ic_error err = {0};
    ic_fonts *fonts = ic_fonts_load(IC_SOURCE_DIR "/fonts", &err);
    CHECK(fonts != NULL);
    char dir[] = "/tmp/ic-pdftext-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    if (fonts) {
        examples(fonts, dir);
        arabic(fonts, dir);
        callers_context_untagged(fonts, dir);
    }
    fixture_remove(dir);
    ic_fonts_free(fonts);
    return CHECK_DONE();
}
