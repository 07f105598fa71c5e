#include "text/shape.h"

#include <stdlib.h>
#include <string.h>

int ic_shape(const ic_face *face, const char *utf8, size_t len, double size, ic_shaped *out)
{
    memset(out, 0, sizeof *out);
    hb_buffer_t *buf = hb_buffer_create();
    hb_buffer_add_utf8(buf, utf8, (int)len, 0, (int)len);
    hb_buffer_guess_segment_properties(buf);
    hb_shape(face->hb, buf, NULL, 0);

    unsigned n = 0;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, &n);
    double k = size / face->upem;
    int rc = 0;
    if (n > 0) {
        out->glyphs = malloc(n * sizeof *out->glyphs);
        out->x = malloc(n * sizeof *out->x);
        out->y = malloc(n * sizeof *out->y);
        out->cluster = malloc(n * sizeof *out->cluster);
        if (!out->glyphs || !out->x || !out->y || !out->cluster) {
            ic_shaped_free(out);
            rc = -1;
            goto done;
        }
    }
    double pen_x = 0, pen_y = 0;
    for (unsigned i = 0; i < n; i++) {
        out->glyphs[i] = info[i].codepoint;
        out->cluster[i] = info[i].cluster;
        out->x[i] = (pen_x + pos[i].x_offset) * k;
        out->y[i] = -(pen_y + pos[i].y_offset) * k; /* HarfBuzz y points up */
        pen_x += pos[i].x_advance;
        pen_y += pos[i].y_advance;
    }
    out->n = n;
    out->width = pen_x * k;
done:
    hb_buffer_destroy(buf);
    return rc;
}

void ic_shaped_free(ic_shaped *s)
{
    free(s->glyphs);
    free(s->x);
    free(s->y);
    free(s->cluster);
    memset(s, 0, sizeof *s);
}

double ic_text_width(const ic_face *face, const char *utf8, size_t len, double size)
{
    hb_buffer_t *buf = hb_buffer_create();
    hb_buffer_add_utf8(buf, utf8, (int)len, 0, (int)len);
    hb_buffer_guess_segment_properties(buf);
    hb_shape(face->hb, buf, NULL, 0);
    unsigned n = 0;
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, &n);
    double w = 0;
    for (unsigned i = 0; i < n; i++)
        w += pos[i].x_advance;
    hb_buffer_destroy(buf);
    return w * size / face->upem;
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

/* Break opportunities: after a space run, or after '-' / '/' that follow a
 * letter. Returns the offset just past the next opportunity (or the end /
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
    }
    return i;
}

size_t ic_wrap(const ic_face *face, const char *text, double size, double max_width, char ***lines_out)
{
    /* Each piece between break opportunities is shaped once; a line's width
     * is the sum of its pieces (kerning across a space is negligible). */
    char **lines = NULL;
    size_t n = 0, cap = 0, len = strlen(text);
    size_t line_start = 0, i = 0;
    double space_w = ic_text_width(face, " ", 1, size);
    double line_w = 0; /* width of text[line_start..i) including trailing spaces */
    while (i <= len) {
        if (i == len || text[i] == '\n') {
            if (push_line(&lines, &n, &cap, text, line_start, i) != 0)
                goto fail;
            if (i == len)
                break;
            line_start = ++i;
            line_w = 0;
            continue;
        }
        size_t end = next_break(text, i, len);
        size_t trimmed = end;
        while (trimmed > i && text[trimmed - 1] == ' ')
            trimmed--;
        double piece_w = ic_text_width(face, text + i, trimmed - i, size);
        if (line_w + piece_w > max_width && i > line_start) {
            if (push_line(&lines, &n, &cap, text, line_start, i) != 0)
                goto fail;
            line_start = i;
            line_w = 0;
        }
        line_w += piece_w + (double)(end - trimmed) * space_w;
        i = end;
    }
    *lines_out = lines;
    return n;
fail:
    ic_lines_free(lines, n);
    *lines_out = NULL;
    return 0;
}

size_t ic_wrap_balanced(const ic_face *face, const char *text, double size, double max_width, char ***lines)
{
    size_t n = ic_wrap(face, text, size, max_width, lines);
    if (n < 2)
        return n;
    /* the narrowest width (found by bisection, down to half) that keeps the
     * same number of lines */
    double lo = max_width * 0.5, hi = max_width;
    for (int step = 0; step < 7; step++) {
        double mid = (lo + hi) / 2;
        char **try_lines = NULL;
        size_t k = ic_wrap(face, text, size, mid, &try_lines);
        ic_lines_free(try_lines, k);
        if (k == n)
            hi = mid;
        else
            lo = mid;
    }
    if (hi >= max_width)
        return n;
    ic_lines_free(*lines, n);
    return ic_wrap(face, text, size, hi, lines);
}

void ic_lines_free(char **lines, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
}
