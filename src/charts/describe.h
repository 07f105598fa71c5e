/* The chart's alt text: a short plain-text description built from the data
 * and the laid-out scene, in the chart's language (docs/alt-text.md). */
#ifndef IC_CHARTS_DESCRIBE_H
#define IC_CHARTS_DESCRIBE_H

#include <stddef.h>
#include "spec/spec.h"
#include "data/table.h"
#include "scene/scene.h"

/* Alt text stays under this many characters (code points): X allows 1,000
 * for an image description, the strictest limit of the platforms checked. */
#define IC_ALT_TEXT_LIMIT 1000

/* The description of the chart `scene` shows (after the kind's layout, so
 * the trend notes and big numbers are the ones drawn): the author's
 * "description" when the spec has one, else sentences made from the data
 * in the language of spec->lang: the kind and title, subtitle, the big
 * number, the trend, the highest and lowest values (all values when there
 * are few), highlighted categories, the note and the source. Under
 * `limit` characters: whole sentences are left out in a fixed order (the
 * list of values first, the source and title never), and only when the
 * title and source alone are too long is the text cut, at a space, with
 * "…". Returns a new string (free with free()), or NULL when out of memory. */
char *ic_chart_describe(const ic_spec *spec, const ic_table *t, const ic_scene *scene, size_t limit);

/* Number of UTF-8 characters (code points) in `s`. */
size_t ic_utf8_chars(const char *s);

#endif
