/* The PNG encoder (src/output/png.c): a valid file by the specification
 * (chunk CRCs checked here with our own CRC-32, not libdeflate's), decoded by
 * libpng (through cairo) to exactly the pixels cairo drew, straight alpha for
 * transparent backgrounds, the title and pixel density kept, same bytes on
 * every run. */
#include "check.h"
#include "output/write.h"
#include "scene/scene.h"

#include <cairo.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint32_t crc32_bitwise(const unsigned char *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
    }
    return c ^ 0xffffffffu;
}

static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static unsigned char *read_all(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    unsigned char *buf = malloc(1 << 24);
    *n = buf ? fread(buf, 1, 1 << 24, f) : 0;
    fclose(f);
    return buf;
}

typedef struct png_facts {
    int chunks_ok;          /* signature, every CRC, IHDR first, IEND last */
    uint32_t width, height;
    int color_type;
    uint32_t ppm;           /* pHYs pixels per metre (x) */
    char title[256];        /* iTXt "Title" */
} png_facts;

static png_facts inspect(const char *path)
{
    png_facts f = {0};
    size_t n = 0;
    unsigned char *d = read_all(path, &n);
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (!d || n < 8 || memcmp(d, sig, 8) != 0) {
        free(d);
        return f;
    }
    int ok = 1, first = 1, ended = 0;
    size_t i = 8;
    while (ok && i + 12 <= n && !ended) {
        uint32_t len = get_u32(d + i);
        const unsigned char *type = d + i + 4, *data = d + i + 8;
        if (i + 12 + len > n) {
            ok = 0;
            break;
        }
        ok = crc32_bitwise(type, 4 + len) == get_u32(data + len);
        if (first && memcmp(type, "IHDR", 4) != 0)
            ok = 0;
        if (memcmp(type, "IHDR", 4) == 0 && len == 13) {
            f.width = get_u32(data);
            f.height = get_u32(data + 4);
            f.color_type = data[9];
        } else if (memcmp(type, "pHYs", 4) == 0 && len == 9) {
            f.ppm = get_u32(data);
        } else if (memcmp(type, "iTXt", 4) == 0 && len > 10 && memcmp(data, "Title\0\0\0\0\0", 10) == 0) {
            size_t tl = len - 10 < sizeof f.title - 1 ? len - 10 : sizeof f.title - 1;
            memcpy(f.title, data + 10, tl);
        } else if (memcmp(type, "IEND", 4) == 0) {
            ended = 1;
        }
        first = 0;
        i += 12 + len;
    }
    f.chunks_ok = ok && ended && i == n;
    free(d);
    return f;
}

/* Largest difference of any channel between the decoded file and what cairo
 * draws for the scene (both premultiplied ARGB32); -1 when unreadable. */
static int max_difference(const ic_scene *s, const char *path)
{
    cairo_surface_t *got = cairo_image_surface_create_from_png(path);
    int w = (int)(s->width * s->scale + 0.5), h = (int)(s->height * s->scale + 0.5);
    cairo_surface_t *want = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
    cairo_t *cr = cairo_create(want);
    cairo_scale(cr, s->scale, s->scale);
    int worst = -1;
    if (cairo_surface_status(got) == CAIRO_STATUS_SUCCESS && ic_scene_render_cairo(s, cr, NULL) == 0 &&
        cairo_image_surface_get_width(got) == w && cairo_image_surface_get_height(got) == h) {
        cairo_surface_flush(want);
        worst = 0;
        for (int y = 0; y < h; y++) {
            const uint32_t *a = (const uint32_t *)(const void *)(cairo_image_surface_get_data(got) +
                                                                 y * cairo_image_surface_get_stride(got));
            const uint32_t *b = (const uint32_t *)(const void *)(cairo_image_surface_get_data(want) +
                                                                 y * cairo_image_surface_get_stride(want));
            for (int x = 0; x < w; x++)
                for (int k = 0; k < 32; k += 8) {
                    int d = abs((int)(a[x] >> k & 0xff) - (int)(b[x] >> k & 0xff));
                    worst = d > worst ? d : worst;
                }
        }
    }
    cairo_destroy(cr);
    cairo_surface_destroy(want);
    cairo_surface_destroy(got);
    return worst;
}

static int same_bytes(const char *a, const char *b)
{
    size_t na = 0, nb = 0;
    unsigned char *x = read_all(a, &na), *y = read_all(b, &nb);
    int same = x && y && na == nb && memcmp(x, y, na) == 0;
    free(x);
    free(y);
    return same;
}

static int write_png(const ic_scene *s, const char *path)
{
    ic_error err = {0};
    FILE *f = fopen(path, "wb");
    int rc = f ? ic_write_png_to(s, f, path, &err) : -1;
    if (f && fclose(f) != 0)
        rc = -1;
    if (rc != 0)
        fprintf(stderr, "%s: %s\n", path, err.message);
    return rc;
}

/* A real chart, opaque: RGB, exactly cairo's pixels. */
static void test_chart(const ic_fonts *fonts, const char *dir)
{
    ic_error err = {0};
    ic_chart *chart = ic_chart_load(IC_SOURCE_DIR "/datasets/victims_by_age_sex_2022.json", &err);
    ic_scene *s = chart ? ic_chart_layout(chart, fonts, &err) : NULL;
    CHECK(s != NULL);
    if (!s) {
        ic_chart_free(chart);
        return;
    }
    char a[512], b[512];
    snprintf(a, sizeof a, "%s/a.png", dir);
    snprintf(b, sizeof b, "%s/b.png", dir);
    CHECK(write_png(s, a) == 0 && write_png(s, b) == 0);
    png_facts f = inspect(a);
    CHECK(f.chunks_ok);
    CHECK(f.width == (uint32_t)(s->width * s->scale + 0.5) && f.height == (uint32_t)(s->height * s->scale + 0.5));
    CHECK(f.color_type == 2);
    CHECK(f.ppm == (uint32_t)(2834.6 * s->scale + 0.5));
    CHECK(s->title && strcmp(f.title, s->title) == 0);
    CHECK(max_difference(s, a) == 0);
    CHECK(same_bytes(a, b));
    unlink(a);
    unlink(b);
    ic_scene_free(s);
    ic_chart_free(chart);
}

/* A see-through background: RGBA with straight (not premultiplied) alpha;
 * decoding premultiplies again, so channels may round by one. */
static void test_transparent(const ic_fonts *fonts, const char *dir)
{
    ic_scene *s = ic_scene_new(400, 300, fonts); /* large enough to be compressed in two parts */
    CHECK(s != NULL);
    if (!s)
        return;
    s->scale = 2;
    CHECK(ic_scene_rect(s, IC_ROLE_BACKGROUND, 0, 0, 120, 80, (ic_color){1, 1, 1, 0.25}) != NULL);
    CHECK(ic_scene_rect(s, IC_ROLE_BAR, 10, 10, 50, 30, (ic_color){0.85, 0.37, 0.01, 0.6}) != NULL);
    CHECK(ic_scene_circle(s, IC_ROLE_MARKER, 90, 40, 17.3, (ic_color){0.1, 0.4, 0.7, 1}) != NULL);
    char a[512];
    snprintf(a, sizeof a, "%s/t.png", dir);
    CHECK(write_png(s, a) == 0);
    png_facts f = inspect(a);
    CHECK(f.chunks_ok && f.color_type == 6 && f.width == 800 && f.height == 600);
    CHECK(f.title[0] == '\0'); /* no title: no iTXt chunk */
    int d = max_difference(s, a);
    CHECK(d >= 0 && d <= 1);
    unlink(a);
    ic_scene_free(s);
}

int main(void)
{
    ic_error err = {0};
    ic_fonts *fonts = ic_fonts_load(IC_SOURCE_DIR "/fonts", &err);
    CHECK(fonts != NULL);
    char dir[] = "/tmp/ic-test-png-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    if (fonts) {
        test_chart(fonts, dir);
        test_transparent(fonts, dir);
    }
    rmdir(dir);
    ic_fonts_free(fonts);
    return CHECK_DONE();
}
