/* A two-page A4 report drawn with cairo, with infochart charts placed on
 * its pages: what a program that writes its own documents does.
 *
 *   report [OUT.pdf [SPEC.json]]
 *
 * Page 1: a heading and a paragraph of the report's own, then two charts
 * side by side, each from data held in memory (one from columns set from C,
 * one from CSV text), sized to its rectangle in points and drawn with a
 * transparent background. Page 2: a full-width chart from a spec file
 * (default: datasets/ctdc_adults_vs_children.json of the source tree).
 *
 * Uses only <infochart.h> and cairo. Build it against an installed
 * infochart with
 *   cc report.c $(pkg-config --cflags --libs infochart cairo) -o report */
#include <infochart.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef REPORT_DATASETS
#define REPORT_DATASETS "datasets"
#endif

/* A4 in points, and the text block inside 20 mm margins */
#define PAGE_W 595.276
#define PAGE_H 841.890
#define MARGIN 56.693
#define BLOCK_W (PAGE_W - 2 * MARGIN)
#define GUTTER 18.0

#define INK 0.13, 0.13, 0.13
#define GREY 0.40, 0.40, 0.40

/* Prints the error and returns 1 (the program's exit status). */
static int fail(const ic_error *err)
{
    char msg[2200];
    fprintf(stderr, "%s\n", ic_error_format(err, msg, sizeof msg));
    return 1;
}

/* The width of the `n` bytes at `s` in the current font. */
static double text_width(cairo_t *cr, const char *s, size_t n)
{
    char buf[1024];
    n = n < sizeof buf - 1 ? n : sizeof buf - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    cairo_text_extents_t ext;
    cairo_text_extents(cr, buf, &ext);
    return ext.x_advance;
}

static void show(cairo_t *cr, const char *s, size_t n, double x, double y)
{
    char buf[1024];
    n = n < sizeof buf - 1 ? n : sizeof buf - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    cairo_move_to(cr, x, y);
    cairo_show_text(cr, buf);
}

/* Writes `text` from (x, y) (the first baseline) in lines at most `width`
 * wide, breaking between words. Returns the baseline after the last line. */
static double paragraph(cairo_t *cr, const char *text, double x, double y, double width, double size,
                        double leading)
{
    cairo_set_font_size(cr, size);
    const char *line = text;
    while (*line) {
        /* take words while the line fits (always at least one) */
        const char *end = line + strcspn(line, " ");
        for (;;) {
            const char *next = end + strspn(end, " ");
            if (!*next)
                break;
            const char *next_end = next + strcspn(next, " ");
            if (text_width(cr, line, (size_t)(next_end - line)) > width)
                break;
            end = next_end;
        }
        show(cr, line, (size_t)(end - line), x, y);
        y += leading;
        line = end + strspn(end, " ");
    }
    return y;
}

static void set_font(cairo_t *cr, int bold)
{
    /* Inter, the charts' font, when the system has it; else its sans-serif */
    cairo_select_font_face(cr, "Inter", CAIRO_FONT_SLANT_NORMAL, bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
}

/* The running head and the page number. */
static void page_frame(cairo_t *cr, int page)
{
    set_font(cr, 0);
    cairo_set_source_rgb(cr, GREY);
    cairo_set_font_size(cr, 8);
    cairo_move_to(cr, MARGIN, 36);
    cairo_show_text(cr, "Children in human trafficking: a fact sheet");
    cairo_set_line_width(cr, 0.5);
    cairo_move_to(cr, MARGIN, 42);
    cairo_line_to(cr, PAGE_W - MARGIN, 42);
    cairo_stroke(cr);
    char num[32];
    snprintf(num, sizeof num, "%d", page);
    cairo_text_extents_t ext;
    cairo_text_extents(cr, num, &ext);
    cairo_move_to(cr, PAGE_W - MARGIN - ext.x_advance, PAGE_H - 30);
    cairo_show_text(cr, num);
}

/* Lays `chart` out at w x h points and draws it at (x, y) with the page
 * showing through. Returns 0 or -1 (err set). */
static int place_chart(cairo_t *cr, ic_chart *chart, const ic_fonts *fonts, double x, double y, double w, double h,
                       ic_error *err)
{
    if (ic_chart_set_size(chart, w, h, err) != 0)
        return -1;
    ic_scene *scene = ic_chart_layout(chart, fonts, err);
    if (!scene)
        return -1;
    cairo_save(cr);
    cairo_translate(cr, x, y);
    int rc = ic_scene_render_cairo_flags(scene, cr, IC_RENDER_TRANSPARENT, err);
    cairo_restore(cr);
    ic_scene_free(scene);
    return rc;
}

/* Chart 1: columns set from C. */
static ic_chart *victims_by_age_sex(ic_error *err)
{
    static const char spec[] =
        "{\"chart\": \"bar\", \"x\": \"group\", \"y\": \"share_pct\","
        " \"title\": \"Girls and boys are 38% of detected victims\","
        " \"subtitle\": \"Detected victims of trafficking by age and sex, 2022 (%)\","
        " \"source\": \"UNODC, Global Report on Trafficking in Persons 2024\","
        " \"number\": {\"style\": \"percent\"}, \"highlight\": [\"Girls\", \"Boys\"], \"size\": \"a4-column\"}";
    const char *groups[] = {"Women", "Men", "Girls", "Boys"};
    const double shares[] = {39, 23, 22, 16};
    ic_data *data = ic_data_new();
    ic_chart *chart = NULL;
    if (data && ic_data_add_strings(data, "group", groups, 4, err) == 0 &&
        ic_data_add_numbers(data, "share_pct", shares, 4, err) == 0)
        chart = ic_chart_load_string(spec, strlen(spec), "report.c:victims", NULL, data, NULL, err);
    ic_data_free(data); /* the chart keeps what it needs */
    return chart;
}

/* Chart 2: CSV text in memory. */
static ic_chart *child_share(ic_error *err)
{
    static const char spec[] =
        "{\"chart\": \"line\", \"x\": \"data_year\", \"y\": \"children_pct\","
        " \"title\": \"The share of children has almost tripled\","
        " \"subtitle\": \"Children as a share of detected victims, by year of data (%)\","
        " \"source\": \"UNODC, Global Reports on Trafficking in Persons 2018-2024\","
        " \"number\": {\"style\": \"percent\"}, \"y_from_zero\": true, \"size\": \"a4-column\"}";
    static const char csv[] = "data_year,children_pct\n"
                              "2004,13\n2014,29\n2016,30\n2018,34\n2020,35\n2022,38\n";
    ic_data *data = ic_data_new();
    ic_chart *chart = NULL;
    if (data && ic_data_set_csv(data, csv, strlen(csv), "report.c:child_share", err) == 0)
        chart = ic_chart_load_string(spec, strlen(spec), "report.c:trend", NULL, data, NULL, err);
    ic_data_free(data);
    return chart;
}

static const char intro[] =
    "Children were 38 per cent of the victims of trafficking in persons detected worldwide in 2022, "
    "according to UNODC's Global Report on Trafficking in Persons 2024: 22 per cent girls and 16 per cent "
    "boys. Their share among detected victims has almost tripled since 2004, when it was 13 per cent. "
    "These are victims that national authorities detected and reported, not estimates of all victims: "
    "the share shows who is found, which also depends on where and how authorities look.";

static const char after[] =
    "Girls outnumber boys among detected child victims in every year with a split. The number of detected "
    "girl victims rose by 38 per cent from 2019 to 2022, against 31 per cent for all child victims. "
    "Estimates from the ILO, Walk Free and IOM put the number of children in forced labour at 3.3 million in "
    "2021, almost one in eight of 27.6 million people; those figures count a different thing and are not "
    "combined with the detected victims here.";

static const char page2[] =
    "Victims registered by counter-trafficking organisations tell how children are drawn in. In the Counter "
    "Trafficking Data Collaborative's global dataset, half of the registered child victims were recruited by "
    "a family member, against fewer than one adult in ten. Registered victims are those assisted by the "
    "organisations or reported to their hotlines, a third basis again, so their shares are shown on their own.";

int main(int argc, char **argv)
{
    const char *out = argc > 1 ? argv[1] : "report.pdf";
    const char *spec_path = argc > 2 ? argv[2] : REPORT_DATASETS "/ctdc_adults_vs_children.json";
    ic_error err = {0};
    int status = 1;
    ic_chart *left = NULL, *right = NULL, *full = NULL;
    ic_fonts *fonts = ic_fonts_load(ic_fonts_default_dir(), &err);
    if (!fonts || !(left = victims_by_age_sex(&err)) || !(right = child_share(&err)) ||
        !(full = ic_chart_load(spec_path, &err))) {
        status = fail(&err);
        goto done;
    }

    cairo_surface_t *pdf = cairo_pdf_surface_create(out, PAGE_W, PAGE_H);
    cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_TITLE, "Children in human trafficking");
    cairo_pdf_surface_set_metadata(pdf, CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z");
    cairo_t *cr = cairo_create(pdf);

    /* page 1: heading, text, two charts side by side, text */
    page_frame(cr, 1);
    set_font(cr, 1);
    cairo_set_source_rgb(cr, INK);
    double y = paragraph(cr, "One in three detected victims of trafficking is a child", MARGIN, 92, BLOCK_W, 22, 27);
    set_font(cr, 0);
    y = paragraph(cr, intro, MARGIN, y + 6, BLOCK_W, 10.5, 15);
    double col_w = (BLOCK_W - GUTTER) / 2, chart_h = 300;
    int rc = place_chart(cr, left, fonts, MARGIN, y + 8, col_w, chart_h, &err);
    if (rc == 0)
        rc = place_chart(cr, right, fonts, MARGIN + col_w + GUTTER, y + 8, col_w, chart_h, &err);
    set_font(cr, 0);
    cairo_set_source_rgb(cr, INK);
    paragraph(cr, after, MARGIN, y + 8 + chart_h + 24, BLOCK_W, 10.5, 15);
    cairo_show_page(cr);

    /* page 2: a heading, text and a full-width chart from a spec file */
    page_frame(cr, 2);
    set_font(cr, 1);
    cairo_set_source_rgb(cr, INK);
    y = paragraph(cr, "How children are recruited", MARGIN, 92, BLOCK_W, 16, 21);
    set_font(cr, 0);
    y = paragraph(cr, page2, MARGIN, y + 4, BLOCK_W, 10.5, 15);
    if (rc == 0)
        rc = place_chart(cr, full, fonts, MARGIN, y + 8, BLOCK_W, 420, &err);
    cairo_show_page(cr);

    cairo_destroy(cr);
    cairo_surface_finish(pdf);
    cairo_status_t st = cairo_surface_status(pdf);
    cairo_surface_destroy(pdf);
    if (rc != 0)
        status = fail(&err);
    else if (st != CAIRO_STATUS_SUCCESS)
        fprintf(stderr, "%s: %s\n", out, cairo_status_to_string(st));
    else
        status = 0;
    if (status != 0)
        remove(out); /* no half-written report */
done:
    ic_chart_free(full);
    ic_chart_free(right);
    ic_chart_free(left);
    ic_fonts_free(fonts);
    return status;
}
