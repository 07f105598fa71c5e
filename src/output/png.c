/* PNG output: the scene is drawn by cairo into an image, then written by a
 * small PNG encoder of our own on top of zlib.
 *
 * Why not cairo's or libpng's writer: compressing is most of the cost of a
 * PNG render. The image is filtered with PNG's "up" filter (flat areas and
 * rows that repeat the one above become runs of zeros), compressed at zlib
 * level 2, and - the reason for our own encoder - in two halves at once on
 * two threads, joined as one zlib stream the way pigz does: the first half
 * ends with a sync flush (byte-aligned, not final), the second with the
 * final block, and their Adler-32 checksums are combined. The halves are
 * fixed by the image size, so the bytes are the same with or without the
 * second thread.
 *
 * File layout (PNG specification, ISO/IEC 15948): signature, IHDR, pHYs,
 * iTXt "Title", one IDAT holding the zlib stream, IEND; each chunk is
 * length, type, data, CRC-32 of type and data. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, MADV_HUGEPAGE */
#include "output/write.h"
#include "core/error.h"
#include "core/limits.h"

#include <cairo.h>
#include <errno.h>
#include <pthread.h>
#include <sys/mman.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#define PNG_ZLIB_LEVEL 2
/* images smaller than this (raw bytes) are compressed in one part */
#define PNG_SPLIT_MIN (256 * 1024)

static void put_u32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* A piece of a chunk's data. */
typedef struct bytes {
    const void *p;
    size_t n;
} bytes;

/* Writes one chunk whose data are the `n` pieces one after another.
 * Returns 0 or -1 (write error, or too long for a chunk). */
static int write_chunk(ic_sink *f, const char type[4], const bytes *piece, int n)
{
    size_t len = 0;
    for (int i = 0; i < n; i++)
        len += piece[i].n;
    if (len > 0x7fffffffu)
        return -1;
    unsigned char head[8], tail[4];
    put_u32(head, (uint32_t)len);
    memcpy(head + 4, type, 4);
    uLong crc = crc32(0, (const Bytef *)type, 4);
    if (ic_sink_put(f, head, 8) != 0)
        return -1;
    for (int i = 0; i < n; i++) {
        if (piece[i].n == 0)
            continue;
        crc = crc32(crc, piece[i].p, (uInt)piece[i].n);
        if (ic_sink_put(f, piece[i].p, piece[i].n) != 0)
            return -1;
    }
    put_u32(tail, (uint32_t)crc);
    return ic_sink_put(f, tail, 4);
}

/* One row of premultiplied native-endian ARGB32 as straight RGBA, or as RGB
 * when the image is opaque. */
static void convert_row(const uint32_t *src, unsigned char *dst, int width, int alpha)
{
    if (!alpha) {
        for (int x = 0; x < width; x++) {
            uint32_t p = src[x];
            dst[0] = (unsigned char)(p >> 16);
            dst[1] = (unsigned char)(p >> 8);
            dst[2] = (unsigned char)p;
            dst += 3;
        }
        return;
    }
    for (int x = 0; x < width; x++) {
        uint32_t p = src[x];
        unsigned a = p >> 24, r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;
        if (a != 0 && a != 255) {
            r = (r * 255 + a / 2) / a;
            g = (g * 255 + a / 2) / a;
            b = (b * 255 + a / 2) / a;
        }
        dst[0] = (unsigned char)r;
        dst[1] = (unsigned char)g;
        dst[2] = (unsigned char)b;
        dst[3] = (unsigned char)a;
        dst += 4;
    }
}

/* One part of the image, rows [y0, y1), compressed as raw deflate data. */
typedef struct part {
    const unsigned char *data;  /* the cairo image */
    int stride, width, y0, y1, alpha, last;
    size_t rowbytes;
    unsigned char *out;         /* the compressed bytes */
    size_t nout;
    uLong adler;                /* Adler-32 of the part's filtered bytes */
    size_t nraw;
    int failed;
} part;

static void *compress_part(void *arg)
{
    part *p = arg;
    size_t rowbytes = p->rowbytes;
    /* two converted rows (above, current) and the filtered row */
    unsigned char *rows = calloc(2 * rowbytes + 1, 1), *line = malloc(rowbytes + 1);
    unsigned char *prev = rows, *cur = rows ? rows + rowbytes : NULL;
    z_stream zs = {0};
    int ready = 0;
    p->nraw = (size_t)(p->y1 - p->y0) * (rowbytes + 1);
    p->adler = adler32(0, NULL, 0);
    if (!rows || !line || p->nraw > UINT32_MAX)
        goto fail;
    if (deflateInit2(&zs, PNG_ZLIB_LEVEL, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        goto fail;
    ready = 1;
    size_t cap = deflateBound(&zs, (uLong)p->nraw) + 16;
    p->out = malloc(cap);
    if (!p->out)
        goto fail;
    zs.next_out = p->out;
    zs.avail_out = (uInt)cap;
    /* the row above the part's first row: the up filter needs it */
    if (p->y0 > 0)
        convert_row((const uint32_t *)(const void *)(p->data + (size_t)(p->y0 - 1) * (size_t)p->stride), prev,
                    p->width, p->alpha);
    for (int y = p->y0; y < p->y1; y++) {
        convert_row((const uint32_t *)(const void *)(p->data + (size_t)y * (size_t)p->stride), cur, p->width,
                    p->alpha);
        line[0] = 2; /* filter type: up */
        for (size_t i = 0; i < rowbytes; i++)
            line[1 + i] = (unsigned char)(cur[i] - prev[i]);
        unsigned char *t = prev;
        prev = cur;
        cur = t;
        p->adler = adler32(p->adler, line, (uInt)(rowbytes + 1));
        zs.next_in = line;
        zs.avail_in = (uInt)(rowbytes + 1);
        int flush = y + 1 < p->y1 ? Z_NO_FLUSH : p->last ? Z_FINISH : Z_SYNC_FLUSH;
        int rc = deflate(&zs, flush);
        if (zs.avail_in != 0 || (flush == Z_FINISH ? rc != Z_STREAM_END : rc != Z_OK))
            goto fail;
    }
    p->nout = cap - zs.avail_out;
    deflateEnd(&zs);
    free(rows);
    free(line);
    return NULL;
fail:
    if (ready)
        deflateEnd(&zs);
    free(rows);
    free(line);
    p->failed = 1;
    return NULL;
}

/* Encodes an image surface as PNG into `f`. Returns 0, or -1 with `err` set. */
static int encode(cairo_surface_t *surface, int alpha, double scale, const char *title, ic_sink *f, const char *path,
                  ic_error *err)
{
    int w = cairo_image_surface_get_width(surface), h = cairo_image_surface_get_height(surface);
    size_t rowbytes = (size_t)w * (alpha ? 4 : 3);
    int nparts = (rowbytes + 1) * (size_t)h >= PNG_SPLIT_MIN && h >= 2 ? 2 : 1;
    part parts[2];
    for (int i = 0; i < nparts; i++)
        parts[i] = (part){.data = cairo_image_surface_get_data(surface),
                          .stride = cairo_image_surface_get_stride(surface),
                          .width = w,
                          .y0 = h * i / nparts,
                          .y1 = h * (i + 1) / nparts,
                          .alpha = alpha,
                          .last = i == nparts - 1,
                          .rowbytes = rowbytes};
    /* the first half on a second thread; without one, in turn here */
    pthread_t helper;
    int threaded = nparts == 2 && pthread_create(&helper, NULL, compress_part, &parts[0]) == 0;
    if (nparts == 2 && !threaded)
        compress_part(&parts[0]);
    compress_part(&parts[nparts - 1]);
    if (threaded)
        pthread_join(helper, NULL);

    int rc = -1;
    if (parts[0].failed || parts[nparts - 1].failed) {
        ic_error_set(err, IC_ERR_NOMEM, path, 0, 0, "PNG encoder: out of memory");
        goto done;
    }
    /* the zlib stream: header (deflate, 32K window, "fast" level hint), the
     * parts, the Adler-32 of all filtered bytes */
    uLong adler = parts[0].adler;
    if (nparts == 2)
        adler = adler32_combine(adler, parts[1].adler, (z_off_t)parts[1].nraw);
    static const unsigned char zhead[2] = {0x78, 0x5e};
    unsigned char ztail[4];
    put_u32(ztail, (uint32_t)adler);

    static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    unsigned char ihdr[13], phys[9];
    put_u32(ihdr, (uint32_t)w);
    put_u32(ihdr + 4, (uint32_t)h);
    ihdr[8] = 8;                 /* bits per channel */
    ihdr[9] = alpha ? 6 : 2;     /* RGBA or RGB */
    ihdr[10] = ihdr[11] = ihdr[12] = 0; /* deflate, adaptive filtering, no interlace */
    /* physical size: 72 dpi times the pixel density, in pixels per metre */
    uint32_t ppm = (uint32_t)(2834.6 * scale + 0.5);
    put_u32(phys, ppm);
    put_u32(phys + 4, ppm);
    phys[8] = 1; /* unit: metre */
    /* iTXt: keyword, NUL, not compressed, method 0, no language, no translated keyword */
    static const char title_key[] = "Title\0\0\0\0\0";
    bytes ihdr_data = {ihdr, 13}, phys_data = {phys, 9};
    bytes itxt[2] = {{title_key, sizeof title_key - 1}, {title, title ? strlen(title) : 0}};
    bytes idat[4] = {{zhead, 2}, {parts[0].out, parts[0].nout}, {NULL, 0}, {ztail, 4}};
    if (nparts == 2)
        idat[2] = (bytes){parts[1].out, parts[1].nout};
    int ok = ic_sink_put(f, signature, 8) == 0 && write_chunk(f, "IHDR", &ihdr_data, 1) == 0 &&
             write_chunk(f, "pHYs", &phys_data, 1) == 0 && (!title || write_chunk(f, "iTXt", itxt, 2) == 0) &&
             write_chunk(f, "IDAT", idat, 4) == 0 && write_chunk(f, "IEND", NULL, 0) == 0;
    if (!ok) {
        ic_sink_error(f, "PNG", path, err);
        goto done;
    }
    rc = 0;
done:
    for (int i = 0; i < nparts; i++)
        free(parts[i].out);
    return rc;
}

/* The pixels cairo draws into: fresh zeroed memory from the kernel, on
 * transparent huge pages where the system allows them, which saves a page
 * fault per 4 KiB (about a thousand for a 1080x1080 image). */
typedef struct image_memory {
    void *pixels;
    size_t size;
} image_memory;

static cairo_surface_t *image_create(int w, int h, image_memory *mem)
{
    mem->pixels = NULL;
    int stride = cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, w);
    if (stride <= 0 || h <= 0)
        return cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h); /* cairo reports the error */
#ifdef MAP_ANONYMOUS
    size_t huge = (size_t)2 << 20;
    mem->size = ((size_t)stride * (size_t)h + huge - 1) / huge * huge;
    void *p = mmap(NULL, mem->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
#ifdef MADV_HUGEPAGE /* Linux only; elsewhere the pages are ordinary ones */
    (void)madvise(p, mem->size, MADV_HUGEPAGE); /* a hint: fine if refused */
#endif
    mem->pixels = p;
    return cairo_image_surface_create_for_data(p, CAIRO_FORMAT_ARGB32, w, h, stride);
#else
    return cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
#endif
}

static void image_destroy(cairo_surface_t *surface, image_memory *mem)
{
    cairo_surface_destroy(surface);
    if (mem->pixels)
        munmap(mem->pixels, mem->size);
}

int ic_write_png_sink(const ic_scene *scene, ic_sink *file, const char *path, ic_error *err)
{
    int w, h;
    double pixels = ic_png_pixels(scene->width, scene->height, scene->scale, &w, &h);
    ic_limits d;
    ic_limits_default(&d);
    double budget = scene->max_pixels > 0 ? scene->max_pixels : d.pixels;
    if (pixels > budget)
        return ic_error_set(err, IC_ERR_LIMIT, path, 0, 0,
                            "a PNG of %d x %d pixels is %.0f pixels, more than the limit of %.0f (limit 'pixels')",
                            w, h, pixels, budget);
    image_memory mem;
    cairo_surface_t *surface = image_create(w, h, &mem);
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        image_destroy(surface, &mem);
        return ic_error_set(err, IC_ERR_RENDER, path, 0, 0, "cannot create a %dx%d image", w, h);
    }
    cairo_t *cr = cairo_create(surface);
    cairo_scale(cr, scene->scale, scene->scale);
    int rc = ic_scene_render_cairo(scene, cr, err);
    if (rc != 0 && err && !err->file[0]) /* name the file being drawn */
        snprintf(err->file, sizeof err->file, "%s", path);
    cairo_destroy(cr);
    cairo_surface_flush(surface);
    if (rc == 0) {
        /* an opaque background first makes every pixel opaque: RGB is enough */
        int alpha = scene->n == 0 || scene->marks[0].role != IC_ROLE_BACKGROUND || scene->marks[0].color.a < 1;
        rc = encode(surface, alpha, scene->scale, scene->title, file, path, err);
    }
    image_destroy(surface, &mem);
    return rc;
}
