/* The incremental update appended to cairo's PDFs (output/pdf_update.c):
 * what it appends to a well-formed file, and that anything else is left
 * as it is. (test_pdf_text checks real files with pdfinfo and qpdf.) */
#define _GNU_SOURCE
#include "check.h"
#include "core/buf.h"
#include "output/pdf_update.h"

#include <stdlib.h>
#include <string.h>

/* A small PDF laid out as cairo writes it, with real offsets. */
static void minimal_pdf(ic_buf *b, int with_figure)
{
    long off[5] = {0};
    ic_buf_puts(b, "%PDF-1.5\n");
    off[1] = (long)b->len;
    ic_buf_puts(b, "1 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n");
    off[2] = (long)b->len;
    ic_buf_printf(b, "2 0 obj\n<< /Type /StructElem\n   /S /%s\n   /P 3 0 R\n>>\nendobj\n",
                  with_figure ? "Figure" : "P");
    off[3] = (long)b->len;
    ic_buf_puts(b, "3 0 obj\n<< /Type /StructTreeRoot /K 2 0 R >>\nendobj\n");
    off[4] = (long)b->len;
    ic_buf_puts(b, "4 0 obj\n<< /Type /Catalog\n   /Pages 1 0 R\n>>\nendobj\n");
    long xref = (long)b->len;
    ic_buf_puts(b, "xref\n0 5\n0000000000 65535 f \n");
    for (int i = 1; i < 5; i++)
        ic_buf_printf(b, "%010ld 00000 n \n", off[i]);
    ic_buf_printf(b, "trailer\n<< /Size 5\n   /Root 4 0 R\n>>\nstartxref\n%ld\n%%%%EOF\n", xref);
}

static void well_formed(void)
{
    ic_buf b = IC_BUF_INIT;
    minimal_pdf(&b, 1);
    size_t before = b.len;
    CHECK(ic_pdf_append_update(&b, "ur", "\xD8\xA7 \xF0\x9F\x98\x80") == 0);
    CHECK(b.len > before);
    const char *up = b.data + before;
    CHECK(strstr(up, "4 0 obj\n<< /Type /Catalog\n   /Pages 1 0 R\n   /Lang (ur)\n") != NULL);
    CHECK(strstr(up, "/ViewerPreferences << /DisplayDocTitle true >>") != NULL);
    /* UTF-16BE, a surrogate pair for the character beyond U+FFFF */
    CHECK(strstr(up, "/Alt <FEFF06270020D83DDE00>") != NULL);
    CHECK(strstr(up, "xref\n2 1\n") != NULL && strstr(up, "4 1\n") > strstr(up, "2 1\n"));
    char prev[64];
    snprintf(prev, sizeof prev, "/Prev %ld", strtol(strstr(b.data, "startxref\n") + 10, NULL, 10));
    CHECK(strstr(up, prev) != NULL);
    CHECK(strstr(up, "/Root 4 0 R") != NULL && strstr(up, "/Size 5") != NULL);
    /* the new xref offset points at "xref" */
    const char *sx = strstr(up, "startxref\n");
    long x = sx ? strtol(sx + 10, NULL, 10) : 0;
    CHECK(x > 0 && (size_t)x < b.len && strncmp(b.data + x, "xref\n", 5) == 0);
    /* each object's new offset points at its header */
    const char *e = strstr(up, "2 1\n");
    CHECK(e && strncmp(b.data + strtol(e + 4, NULL, 10), "2 0 obj", 7) == 0);
    /* an update of an update is refused */
    size_t once = b.len;
    CHECK(ic_pdf_append_update(&b, "ur", NULL) == -1 && b.len == once);
    ic_buf_free(&b);

    /* no Figure: the Catalog only; NULL language: "en" */
    minimal_pdf(&b, 0);
    before = b.len;
    CHECK(ic_pdf_append_update(&b, NULL, "alt") == 0);
    CHECK(strstr(b.data + before, "/Lang (en)") != NULL && strstr(b.data + before, "/Alt") == NULL);
    ic_buf_free(&b);
}

static void refused(void)
{
    ic_buf b = IC_BUF_INIT;
    ic_buf_puts(&b, "not a PDF at all\n");
    CHECK(ic_pdf_append_update(&b, "en", "x") == -1 && b.len == 17);
    ic_buf_free(&b);
    /* a language that is not a tag is never written into the file */
    minimal_pdf(&b, 1);
    size_t len = b.len;
    CHECK(ic_pdf_append_update(&b, "en) /Evil (x", NULL) == -1 && b.len == len);
    /* a broken cross-reference offset */
    char *sx = strstr(b.data, "startxref\n");
    sx[10] = '9';
    CHECK(ic_pdf_append_update(&b, "en", NULL) == -1 && b.len == len);
    ic_buf_free(&b);
}

int main(void)
{
    well_formed();
    refused();
    return CHECK_DONE();
}
