/* An incremental update appended to cairo's PDF (see pdf_update.h). Only
 * reads the layout cairo writes: "xref", one subsection "0 N" of 20-byte
 * entries, "trailer << ... >>", "startxref", objects "N 0 obj << ... >>
 * endobj". Anything else leaves the file as it is. */
#include "output/pdf_update.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct pdf_file {
    const char *data;
    size_t len;
    long xref;          /* offset of cairo's "xref" */
    long size;          /* /Size of its trailer: object numbers are below it */
    long root, info;    /* object numbers of /Root and /Info (info 0: none) */
    const char *table;  /* the first entry of the cross-reference table */
} pdf_file;

/* The last occurrence of `needle` in data[0, len), or NULL. */
static const char *find_last(const char *data, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = len >= n ? len - n + 1 : 0; i-- > 0;)
        if (memcmp(data + i, needle, n) == 0)
            return data + i;
    return NULL;
}

/* The first occurrence of `needle` in [from, end), or NULL. */
static const char *find_in(const char *from, const char *end, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = from; p + n <= end; p++)
        if (memcmp(p, needle, n) == 0)
            return p;
    return NULL;
}

/* The number after `key` ("/Root 19 0 R" → 19) in [from, end), or -1. */
static long number_after(const char *from, const char *end, const char *key)
{
    const char *p = find_in(from, end, key);
    if (!p)
        return -1;
    p += strlen(key);
    while (p < end && (*p == ' ' || *p == '\n' || *p == '\r'))
        p++;
    long v = 0;
    int digits = 0;
    for (; p < end && *p >= '0' && *p <= '9' && digits < 12; p++, digits++)
        v = v * 10 + (*p - '0');
    return digits ? v : -1;
}

static int read_file(pdf_file *f, const char *data, size_t len)
{
    memset(f, 0, sizeof *f);
    f->data = data;
    f->len = len;
    const char *end = data + len;
    const char *sx = find_last(data, len, "startxref");
    if (!sx)
        return -1;
    f->xref = number_after(sx, end, "startxref");
    if (f->xref < 0 || (size_t)f->xref + 4 > len || memcmp(data + f->xref, "xref", 4) != 0)
        return -1;
    const char *trailer = find_in(data + f->xref, end, "trailer");
    if (!trailer)
        return -1;
    f->size = number_after(trailer, sx, "/Size");
    f->root = number_after(trailer, sx, "/Root");
    f->info = number_after(trailer, sx, "/Info");
    if (f->size <= 0 || f->root <= 0 || f->root >= f->size || find_in(trailer, sx, "/Prev"))
        return -1; /* an update of an update is not what cairo writes */
    /* "xref\n0 N\n" then the entries */
    const char *p = data + f->xref + 4;
    while (p < trailer && (*p == '\n' || *p == '\r'))
        p++;
    if (p + 2 > trailer || p[0] != '0' || p[1] != ' ' || number_after(p + 1, trailer, " ") != f->size)
        return -1;
    while (p < trailer && *p != '\n')
        p++;
    f->table = p + 1;
    if (f->table + 20 * (size_t)f->size > trailer)
        return -1;
    return 0;
}

/* The offset of object `num` from the cross-reference table, checked to
 * start "num 0 obj"; -1 when it does not. */
static long object_offset(const pdf_file *f, long num)
{
    if (num <= 0 || num >= f->size)
        return -1;
    const char *e = f->table + 20 * num;
    if (e[17] != 'n')
        return -1;
    long off = 0;
    for (int i = 0; i < 10; i++) {
        if (e[i] < '0' || e[i] > '9')
            return -1;
        off = off * 10 + (e[i] - '0');
    }
    char head[32];
    int n = snprintf(head, sizeof head, "%ld 0 obj", num);
    if (off + n > f->xref || memcmp(f->data + off, head, (size_t)n) != 0)
        return -1;
    return off;
}

/* The inside of object `num`'s dictionary (between its first "<<" and the
 * last ">>" before "endobj"), or -1. */
static int object_dict(const pdf_file *f, long num, const char **inner, size_t *len)
{
    long off = object_offset(f, num);
    if (off < 0)
        return -1;
    const char *start = f->data + off, *stop = f->data + f->xref;
    const char *end = find_in(start, stop, "endobj");
    const char *open = find_in(start, end ? end : stop, "<<");
    const char *close = end ? find_last(start, (size_t)(end - start), ">>") : NULL;
    if (!end || !open || !close || close < open + 2)
        return -1;
    /* a stream object is not a dictionary to rewrite */
    if (find_in(close, end, "stream"))
        return -1;
    *inner = open + 2;
    *len = (size_t)(close - open - 2);
    return 0;
}

/* The number of the first object whose dictionary holds "/S /Figure", or 0. */
static long figure_object(const pdf_file *f)
{
    const char *stop = f->data + f->xref;
    const char *p = find_in(f->data, stop, "/S /Figure");
    if (!p)
        return 0;
    /* the object it is in: the last "obj" header before it */
    for (long num = 1; num < f->size; num++) {
        long off = object_offset(f, num);
        if (off < 0 || f->data + off > p)
            continue;
        const char *end = find_in(f->data + off, stop, "endobj");
        if (end && end > p)
            return num;
    }
    return 0;
}

/* Appends `s` (UTF-8) as a PDF text string: UTF-16BE with a byte order
 * mark, in hexadecimal. */
static void put_text_string(ic_buf *b, const char *s)
{
    ic_buf_puts(b, "<FEFF");
    const unsigned char *u = (const unsigned char *)s;
    while (*u) {
        unsigned long cp;
        int n;
        if (*u < 0x80) {
            cp = *u;
            n = 1;
        } else if ((*u & 0xE0) == 0xC0) {
            cp = *u & 0x1F;
            n = 2;
        } else if ((*u & 0xF0) == 0xE0) {
            cp = *u & 0x0F;
            n = 3;
        } else {
            cp = *u & 0x07;
            n = 4;
        }
        int i = 1;
        for (; i < n && (u[i] & 0xC0) == 0x80; i++)
            cp = (cp << 6) | (u[i] & 0x3F);
        u += i; /* scene texts are valid UTF-8; a broken sequence ends early */
        if (cp >= 0x10000) {
            cp -= 0x10000;
            ic_buf_printf(b, "%04lX%04lX", 0xD800 + (cp >> 10), 0xDC00 + (cp & 0x3FF));
        } else {
            ic_buf_printf(b, "%04lX", cp);
        }
    }
    ic_buf_puts(b, ">");
}

static int language_tag(const char *lang)
{
    size_t n = strlen(lang);
    if (n == 0 || n > 35)
        return 0;
    for (const char *p = lang; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-'))
            return 0;
    return 1;
}

int ic_pdf_append_update(ic_buf *pdf, const char *lang, const char *alt)
{
    if (!lang || !lang[0])
        lang = "en";
    pdf_file f;
    const char *cat, *fig = NULL;
    size_t cat_len, fig_len = 0;
    if (!language_tag(lang) || !pdf->data || read_file(&f, pdf->data, pdf->len) != 0 ||
        object_dict(&f, f.root, &cat, &cat_len) != 0)
        return -1;
    long figure = alt ? figure_object(&f) : 0;
    if (figure && object_dict(&f, figure, &fig, &fig_len) != 0)
        figure = 0;
    if (figure == f.root)
        figure = 0;

    /* the update is made apart, then appended: `pdf` may move as it grows */
    ic_buf up = IC_BUF_INIT;
    long base = (long)pdf->len;
    if (pdf->data[pdf->len - 1] != '\n') {
        ic_buf_puts(&up, "\n");
    }
    long nums[2] = {f.root, figure}, offs[2] = {0, 0};
    for (int k = 0; k < 2; k++) {
        if (nums[k] == 0)
            continue;
        offs[k] = base + (long)up.len;
        ic_buf_printf(&up, "%ld 0 obj\n<<", nums[k]);
        if (nums[k] == f.root) {
            ic_buf_append(&up, cat, cat_len);
            if (!find_in(cat, cat + cat_len, "/Lang"))
                ic_buf_printf(&up, "   /Lang (%s)\n", lang);
            if (!find_in(cat, cat + cat_len, "/ViewerPreferences"))
                ic_buf_puts(&up, "   /ViewerPreferences << /DisplayDocTitle true >>\n");
        } else {
            ic_buf_append(&up, fig, fig_len);
            if (!find_in(fig, fig + fig_len, "/Alt")) {
                ic_buf_puts(&up, "   /Alt ");
                put_text_string(&up, alt);
                ic_buf_puts(&up, "\n");
            }
        }
        ic_buf_puts(&up, ">>\nendobj\n");
    }
    long xref = base + (long)up.len;
    ic_buf_puts(&up, "xref\n");
    /* subsections in increasing object number */
    int first = figure && figure < f.root ? 1 : 0;
    for (int i = 0; i < 2; i++) {
        int k = i == 0 ? first : 1 - first;
        if (nums[k])
            ic_buf_printf(&up, "%ld 1\n%010ld 00000 n \n", nums[k], offs[k]);
    }
    ic_buf_printf(&up, "trailer\n<< /Size %ld\n   /Root %ld 0 R\n", f.size, f.root);
    if (f.info > 0)
        ic_buf_printf(&up, "   /Info %ld 0 R\n", f.info);
    ic_buf_printf(&up, "   /Prev %ld\n>>\nstartxref\n%ld\n%%%%EOF\n", f.xref, xref);
    if (up.failed) {
        ic_buf_free(&up);
        pdf->failed = 1;
        return -1;
    }
    int rc = ic_buf_append(pdf, up.data, up.len);
    ic_buf_free(&up);
    return rc;
}
