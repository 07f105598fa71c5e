/* One writer per output format. Each writes to an open stream (a temporary
 * file of ic_atomic); write.c opens, commits or aborts. `path` is the final
 * file name, for error messages. */
#ifndef IC_OUTPUT_WRITE_H
#define IC_OUTPUT_WRITE_H

#include <stdio.h>
#include "scene/scene.h"

int ic_write_png_to(const ic_scene *scene, FILE *file, const char *path, ic_error *err);
int ic_write_svg_to(const ic_scene *scene, FILE *file, const char *path, ic_error *err);
int ic_write_pdf_to(const ic_scene *scene, FILE *file, const char *path, ic_error *err);
int ic_write_json_to(const ic_scene *scene, FILE *file, const char *path, ic_error *err);

/* Writes the scene in `format` (an ic_format or IC_OUTPUT_SCENE_JSON). */
int ic_write_format_to(const ic_scene *scene, FILE *file, const char *path, int format, ic_error *err);

/* Appends `s` to `out` with XML special characters escaped. */
void ic_xml_escape(FILE *out, const char *s);

#endif
