/* One writer per output format. Each writes to an open stream (a temporary
 * file of ic_atomic); write.c opens, commits or aborts. `path` is the final
 * file name, for error messages. */
#ifndef IC_OUTPUT_WRITE_H
#define IC_OUTPUT_WRITE_H

#include <stdio.h>
#include "scene/scene.h"

/* Where an encoder's bytes go: an open file, or a caller's callback
 * (ic_scene_write_to). The encoders write only through ic_sink_put. */
typedef struct ic_sink {
    FILE *file;             /* NULL: bytes go to `write` */
    ic_write_fn write;      /* returns 0, or -1 to stop */
    void *closure;
    int error;              /* errno of the first failed file write; -1: the callback stopped */
} ic_sink;

/* Writes `len` bytes to `sink`. Returns 0, or -1 (and sink->error is set;
 * after a failure nothing more is written). */
int ic_sink_put(ic_sink *sink, const void *data, size_t len);

/* Sets `err` (IC_ERR_IO at `path`) for a sink that failed while writing
 * `what` ("PNG", "SVG", "PDF"). Returns -1. */
int ic_sink_error(const ic_sink *sink, const char *what, const char *path, ic_error *err);

int ic_write_png_sink(const ic_scene *scene, ic_sink *out, const char *path, ic_error *err);
int ic_write_svg_sink(const ic_scene *scene, ic_sink *out, const char *path, ic_error *err);
int ic_write_pdf_sink(const ic_scene *scene, ic_sink *out, const char *path, ic_error *err);
/* The alt text (scene->desc) and a newline. */
int ic_write_alt_text_sink(const ic_scene *scene, ic_sink *out, const char *path, ic_error *err);

/* The same into an open file. */
int ic_write_png_to(const ic_scene *scene, FILE *file, const char *path, ic_error *err);
int ic_write_svg_to(const ic_scene *scene, FILE *file, const char *path, ic_error *err);
int ic_write_pdf_to(const ic_scene *scene, FILE *file, const char *path, ic_error *err);
int ic_write_json_to(const ic_scene *scene, FILE *file, const char *path, ic_error *err);

/* Writes the scene in `format` (an ic_format, IC_OUTPUT_SCENE_JSON or
 * IC_OUTPUT_ALT_TEXT). */
int ic_write_format_to(const ic_scene *scene, FILE *file, const char *path, int format, ic_error *err);

/* Appends `s` to `out` with XML special characters escaped. */
void ic_xml_escape(FILE *out, const char *s);

#endif
