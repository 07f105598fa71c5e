/* M4 decimation draws the same pixels as the full line: a noisy series of
 * 200,000 points drawn in full and decimated onto two images must match
 * (anti-aliasing aside), with at most four points per pixel column kept. */
#include "check.h"
#include "layout/decimate.h"

#include <cairo.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define W 600
#define H 300

static cairo_surface_t *draw(const double *pts, size_t n)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, W, H);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 1.5);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_move_to(cr, pts[0], pts[1]);
    for (size_t i = 1; i < n; i++)
        cairo_line_to(cr, pts[2 * i], pts[2 * i + 1]);
    cairo_stroke(cr);
    cairo_destroy(cr);
    cairo_surface_flush(s);
    return s;
}

static int inked_at(cairo_surface_t *s, int x, int y)
{
    if (x < 0 || y < 0 || x >= W || y >= H)
        return 0;
    const unsigned char *p = cairo_image_surface_get_data(s);
    uint32_t c = ((const uint32_t *)(const void *)(p + y * cairo_image_surface_get_stride(s)))[x];
    return (c & 0xff) < 128; /* darker than half */
}

static long ink_count(cairo_surface_t *s)
{
    long n = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            n += inked_at(s, x, y);
    return n;
}

/* Inked pixels of `a` with no ink of `b` in their 3x3 neighbourhood. */
static long far_pixels(cairo_surface_t *a, cairo_surface_t *b)
{
    long n = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            if (!inked_at(a, x, y))
                continue;
            int near = 0;
            for (int dy = -1; dy <= 1 && !near; dy++)
                for (int dx = -1; dx <= 1 && !near; dx++)
                    near = inked_at(b, x + dx, y + dy);
            n += !near;
        }
    return n;
}

int main(void)
{
    const size_t n = 200000;
    double *full = malloc(2 * n * sizeof *full), *dec;
    CHECK(full != NULL);
    if (!full)
        return CHECK_DONE();
    unsigned seed = 12345;
    double y = H / 2.0;
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u; /* small LCG: the same data every run */
        y += ((double)(seed >> 16 & 0x7fff) / 0x7fff - 0.5) * 6;
        if (y < 10)
            y = 10;
        if (y > H - 10)
            y = H - 10;
        full[2 * i] = 10 + (double)i * (W - 20) / (double)n;
        full[2 * i + 1] = y;
    }
    /* points fed one at a time, as the line chart does */
    ic_m4 m;
    ic_m4_init(&m, 10, 1.0, 1);
    for (size_t i = 0; i < n; i++)
        CHECK(ic_m4_add(&m, full[2 * i], full[2 * i + 1]) == 0);
    CHECK(ic_m4_finish(&m) == 0);
    size_t kept = m.n;
    dec = m.pts;
    CHECK(kept <= 4 * (W - 20 + 1));
    CHECK(kept >= 2 * (W - 20)); /* every column keeps its extremes */
    /* first and last points survive, and x order is kept */
    CHECK(dec[0] == full[0] && dec[1] == full[1]);
    CHECK(dec[2 * (kept - 1)] == full[2 * (n - 1)]);
    int ordered = 1;
    for (size_t i = 1; i < kept; i++)
        ordered &= dec[2 * i] >= dec[2 * (i - 1)];
    CHECK(ordered);

    cairo_surface_t *a = draw(full, n), *b = draw(dec, kept);
    long far_a = far_pixels(a, b), far_b = far_pixels(b, a), inked = ink_count(a);
    fprintf(stderr, "%zu of %zu points kept; %ld inked pixels; %ld + %ld inked more than 1 px from the other's ink\n",
            kept, n, inked, far_a, far_b);
    CHECK(inked > 1000);
    /* anti-aliasing may shift an edge by a pixel, never more */
    CHECK(far_a == 0);
    CHECK(far_b == 0);
    cairo_surface_destroy(a);
    cairo_surface_destroy(b);
    free(full);
    ic_m4_free(&m);

    /* without decimation every point is kept, in order */
    ic_m4_init(&m, 0, 1.0, 0);
    for (int i = 0; i < 10; i++)
        CHECK(ic_m4_add(&m, i * 0.01, (double)(i % 3)) == 0);
    CHECK(ic_m4_finish(&m) == 0);
    CHECK(m.n == 10 && m.pts[2 * 9] == 0.09 && m.pts[2 * 9 + 1] == 0);
    /* one pixel column: first, lowest, highest, last */
    ic_m4_clear(&m);
    m.decimate = 1;
    double ys[] = {5, 9, 1, 7, 3};
    for (int i = 0; i < 5; i++)
        CHECK(ic_m4_add(&m, 0.1 * i, ys[i]) == 0);
    CHECK(ic_m4_finish(&m) == 0);
    CHECK(m.n == 4 && m.pts[1] == 5 && m.pts[3] == 9 && m.pts[5] == 1 && m.pts[7] == 3);
    ic_m4_free(&m);
    return CHECK_DONE();
}
