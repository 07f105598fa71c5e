/* What cairo 1.16 cannot write into a PDF, added after it has finished:
 * an incremental update (PDF 1.7 §7.5.6) with new versions of the objects
 * that change, a cross-reference section for them and a trailer whose /Prev
 * points at cairo's. See docs/pdf.md. */
#ifndef IC_OUTPUT_PDF_UPDATE_H
#define IC_OUTPUT_PDF_UPDATE_H

#include "core/buf.h"

/* Appends to the complete PDF in `pdf` (as cairo writes it: one classic
 * cross-reference table) an update that gives the Catalog /Lang `lang` (a
 * BCP 47 tag; NULL or "" for "en") and /ViewerPreferences
 * << /DisplayDocTitle true >> (viewers show the title, not the file name),
 * and, when `alt` is not NULL and the document has a Figure structure
 * element, gives the first one /Alt `alt` (UTF-8). Returns 0, or -1 when
 * the file is not laid out as expected or `lang` is not a language tag
 * (nothing is appended) or memory runs out (`pdf` is marked failed). */
int ic_pdf_append_update(ic_buf *pdf, const char *lang, const char *alt);

#endif
