/* Tagged PDF structure for ic_scene_render_cairo_flags (docs/pdf.md): a
 * private flag, set only by the PDF writer for its own file, so drawing into
 * a caller's context never adds tags to the caller's document. */
#ifndef IC_SCENE_RENDER_TAGS_H
#define IC_SCENE_RENDER_TAGS_H

/* Wraps the marks in cairo structure tags: Document > H1 (title), P
 * (subtitle), Figure (the chart), P (note), P (source). */
#define IC_RENDER_PDF_TAGS (1u << 31)

#endif
