/* One writer per output format; each writes atomically (see atomic.h). */
#ifndef IC_OUTPUT_WRITE_H
#define IC_OUTPUT_WRITE_H

#include <stdio.h>
#include "scene/scene.h"

int ic_write_png(const ic_scene *scene, const char *path, ic_error *err);
int ic_write_svg(const ic_scene *scene, const char *path, ic_error *err);
int ic_write_pdf(const ic_scene *scene, const char *path, ic_error *err);

/* Appends `s` to `out` with XML special characters escaped. */
void ic_xml_escape(FILE *out, const char *s);

#endif
